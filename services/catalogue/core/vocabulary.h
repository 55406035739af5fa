#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_VOCABULARY_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_VOCABULARY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace leerpool::catalogue {

enum class VocabularyKind { kUnspecified = 0, kTechnology = 1, kSector = 2, kCompetence = 3 };

// A term listings are tagged with, labelled in both languages of the border region.
struct VocabularyTerm {
  std::string code;
  VocabularyKind kind = VocabularyKind::kUnspecified;
  std::string label_nl;
  std::string label_en;
  friend bool operator==(const VocabularyTerm&, const VocabularyTerm&) = default;
};

class VocabularyRepository {
 public:
  virtual ~VocabularyRepository() = default;
  // Terms of `kind` (every kind when unspecified), ordered by kind then code.
  virtual absl::StatusOr<std::vector<VocabularyTerm>> List(VocabularyKind kind) = 0;
};

class Catalogue {
 public:
  explicit Catalogue(VocabularyRepository& vocabulary) : vocabulary_(vocabulary) {}

  absl::StatusOr<std::vector<VocabularyTerm>> ListVocabulary(VocabularyKind kind);

 private:
  VocabularyRepository& vocabulary_;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_VOCABULARY_H_
