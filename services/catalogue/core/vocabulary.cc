#include "services/catalogue/core/vocabulary.h"

#include "absl/strings/str_cat.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/internal.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {

std::string_view VocabularyKindName(VocabularyKind kind) {
  switch (kind) {
    case VocabularyKind::kTechnology:
      return "technology";
    case VocabularyKind::kSector:
      return "sector";
    case VocabularyKind::kCompetence:
      return "competence";
    case VocabularyKind::kUnspecified:
      break;
  }
  return "unspecified";
}

absl::StatusOr<std::vector<VocabularyTerm>> Catalogue::ListVocabulary(const auth::Caller&,
                                                                      VocabularyKind kind) {
  const int value = static_cast<int>(kind);
  if (value < 0 || value > static_cast<int>(VocabularyKind::kCompetence)) {
    return absl::InvalidArgumentError("kind: unknown vocabulary kind");
  }
  std::vector<VocabularyTerm> terms;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(terms, tx.ListVocabulary(kind));
    return absl::OkStatus();
  }));
  return terms;
}

absl::StatusOr<VocabularyTerm> Catalogue::CreateVocabularyTerm(const auth::Caller& caller,
                                                               VocabularyTerm term) {
  LP_RETURN_IF_ERROR(auth::RequirePlatformAdmin(caller, "add vocabulary terms"));
  if (term.code.empty() || term.code.size() > 64) {
    return internal::FieldError("term.code", "must be 1 to 64 characters");
  }
  for (char c : term.code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return internal::FieldError("term.code",
                                  "only lowercase letters, digits and '-' (e.g. \"heat-pump\")");
    }
  }
  const int kind = static_cast<int>(term.kind);
  if (kind < 1 || kind > static_cast<int>(VocabularyKind::kCompetence)) {
    return internal::FieldError("term.kind", "must be a technology, sector or competence");
  }
  for (auto [field, label] :
       {std::pair<const char*, const std::string*>{"term.label_nl", &term.label_nl},
        {"term.label_en", &term.label_en}}) {
    if (internal::IsBlank(*label)) return internal::FieldError(field, "must not be empty");
    LP_RETURN_IF_ERROR(internal::CheckLength(field, *label, internal::kMaxNameBytes));
  }
  absl::Status inserted = store_.Transact(
      [&](CatalogueTransaction& tx) -> absl::Status { return tx.InsertVocabularyTerm(term); });
  if (absl::IsAlreadyExists(inserted)) {
    return absl::AlreadyExistsError(
        absl::StrCat("term.code: \"", term.code, "\" is already in the vocabulary"));
  }
  LP_RETURN_IF_ERROR(inserted);
  return term;
}

}  // namespace leerpool::catalogue
