#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_VOCABULARY_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_VOCABULARY_H_

#include <string>
#include <string_view>

namespace leerpool::catalogue {

enum class VocabularyKind { kUnspecified = 0, kTechnology = 1, kSector = 2, kCompetence = 3 };

// "technology", "sector", "competence": for messages.
std::string_view VocabularyKindName(VocabularyKind kind);

// A term listings are tagged with, labelled in both languages of the border region.
struct VocabularyTerm {
  std::string code;
  VocabularyKind kind = VocabularyKind::kUnspecified;
  std::string label_nl;
  std::string label_en;
  friend bool operator==(const VocabularyTerm&, const VocabularyTerm&) = default;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_VOCABULARY_H_
