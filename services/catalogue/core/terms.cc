// Sharing terms, versioned: a new version never changes an old one, so a reservation made
// under version N keeps meaning what it meant.

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/internal.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {

absl::Status Catalogue::ValidateTermsAtRegistry(const SharingTerms& terms,
                                                const std::string& prefix) {
  // Each id is asked once, however often it is listed; lookups are cached by the directory.
  for (const std::string& id : std::set<std::string>(terms.who_may_book.network_ids.begin(),
                                                     terms.who_may_book.network_ids.end())) {
    absl::Status status = directory_.CheckNetworkExists(id);
    if (absl::IsNotFound(status)) {
      return absl::NotFoundError(
          absl::StrCat(prefix, "who_may_book.network_ids: network ", id, " not found"));
    }
    LP_RETURN_IF_ERROR(status);
  }
  for (const std::string& id : std::set<std::string>(terms.who_may_book.organization_ids.begin(),
                                                     terms.who_may_book.organization_ids.end())) {
    absl::Status status = directory_.GetOrganization(id).status();
    if (absl::IsNotFound(status)) {
      return absl::NotFoundError(
          absl::StrCat(prefix, "who_may_book.organization_ids: organization ", id, " not found"));
    }
    LP_RETURN_IF_ERROR(status);
  }
  for (const std::string& id : std::set<std::string>(terms.required_qualification_type_ids.begin(),
                                                     terms.required_qualification_type_ids.end())) {
    absl::Status status = directory_.CheckQualificationTypeExists(id);
    if (absl::IsNotFound(status)) {
      return absl::NotFoundError(absl::StrCat(
          prefix, "required_qualification_type_ids: qualification type ", id, " not found"));
    }
    LP_RETURN_IF_ERROR(status);
  }
  return absl::OkStatus();
}

absl::StatusOr<SharingTerms> Catalogue::UpdateSharingTerms(const auth::Caller& caller,
                                                           const std::string& listing_id,
                                                           SharingTerms terms) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "set sharing terms"));
  LP_RETURN_IF_ERROR(internal::CheckId("listing_id", listing_id));
  if (!terms.listing_id.empty() && terms.listing_id != listing_id) {
    return internal::FieldError("terms.listing_id", "must be empty or the listing in the path");
  }
  std::string owner_id;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Listing listing, internal::GetVisibleListing(tx, caller, listing_id));
    owner_id = listing.owner_organization_id;
    return absl::OkStatus();
  }));
  LP_RETURN_IF_ERROR(internal::RequireOwnerAdmin(caller, owner_id, "set sharing terms"));
  LP_RETURN_IF_ERROR(internal::FirstProblem(internal::TermsProblems(terms, "terms.")));
  // Before the transaction: with the registry down (or an unknown id) nothing is stored.
  LP_RETURN_IF_ERROR(ValidateTermsAtRegistry(terms, "terms."));
  terms.listing_id = listing_id;
  terms.create_time = clock_.Now();
  terms.created_by_person_id = caller.person_id;
  LP_RETURN_IF_ERROR(store_.Transact([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(Listing listing, internal::GetVisibleListing(tx, caller, listing_id));
    if (listing.status == ListingStatus::kRetired) {
      return absl::FailedPreconditionError(
          absl::StrCat("listing ", listing_id, " is retired; its terms can no longer change"));
    }
    terms.version = listing.terms_version + 1;
    LP_RETURN_IF_ERROR(tx.InsertSharingTerms(terms));
    listing.terms_version = terms.version;
    listing.update_time = terms.create_time;
    return tx.UpdateListing(listing);
  }));
  return terms;
}

absl::StatusOr<SharingTerms> Catalogue::GetSharingTerms(const auth::Caller& caller,
                                                        const std::string& listing_id,
                                                        int version) {
  LP_RETURN_IF_ERROR(internal::CheckId("listing_id", listing_id));
  if (version < 0) return internal::FieldError("version", "must not be negative");
  SharingTerms terms;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Listing listing, internal::GetVisibleListing(tx, caller, listing_id));
    const int wanted = version == 0 ? listing.terms_version : version;
    if (wanted == 0) {
      return absl::NotFoundError(absl::StrCat("listing ", listing_id, " has no sharing terms yet"));
    }
    if (wanted > listing.terms_version) {
      return absl::NotFoundError(
          absl::StrCat("listing ", listing_id, " has no terms version ", wanted));
    }
    LP_ASSIGN_OR_RETURN(terms, tx.GetSharingTerms(listing_id, wanted));
    return absl::OkStatus();
  }));
  return terms;
}

}  // namespace leerpool::catalogue
