#include "services/catalogue/core/vocabulary.h"

namespace leerpool::catalogue {

absl::StatusOr<std::vector<VocabularyTerm>> Catalogue::ListVocabulary(VocabularyKind kind) {
  const int value = static_cast<int>(kind);
  if (value < 0 || value > static_cast<int>(VocabularyKind::kCompetence)) {
    return absl::InvalidArgumentError("kind: unknown vocabulary kind");
  }
  return vocabulary_.List(kind);
}

}  // namespace leerpool::catalogue
