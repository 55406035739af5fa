// Listings: create, read, change, publish, retire.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/internal.h"
#include "services/common/ids.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {
namespace {

using internal::FieldError;

const std::vector<std::string>& SettableListingFields() {
  static const auto* fields = new std::vector<std::string>{
      "title_nl",     "title_en",  "description_nl", "description_en", "category",
      "technologies", "sectors",   "competences",    "unit_count",     "capacity_per_unit",
      "audiences",    "languages", "media",          "site_id",        "mobile"};
  return *fields;
}

absl::Status ApplyListingField(const std::string& path, const Listing& changes, Listing& listing) {
  auto mobile = [&listing]() -> MobileSetup& {
    if (!listing.mobile) listing.mobile = MobileSetup{};
    return *listing.mobile;
  };
  const MobileSetup new_mobile = changes.mobile.value_or(MobileSetup{});
  if (path == "title_nl") {
    listing.title_nl = changes.title_nl;
  } else if (path == "title_en") {
    listing.title_en = changes.title_en;
  } else if (path == "description_nl") {
    listing.description_nl = changes.description_nl;
  } else if (path == "description_en") {
    listing.description_en = changes.description_en;
  } else if (path == "category") {
    listing.category = changes.category;
  } else if (path == "technologies") {
    listing.technologies = changes.technologies;
  } else if (path == "sectors") {
    listing.sectors = changes.sectors;
  } else if (path == "competences") {
    listing.competences = changes.competences;
  } else if (path == "unit_count") {
    listing.unit_count = changes.unit_count;
  } else if (path == "capacity_per_unit") {
    listing.capacity_per_unit = changes.capacity_per_unit;
  } else if (path == "audiences") {
    listing.audiences = changes.audiences;
  } else if (path == "languages") {
    listing.languages = changes.languages;
  } else if (path == "media") {
    listing.media = changes.media;
  } else if (path == "site_id") {
    listing.site_id = changes.site_id;
  } else if (path == "mobile") {
    listing.mobile = changes.mobile;
  } else if (path == "mobile.service_radius_km") {
    mobile().service_radius_km = new_mobile.service_radius_km;
  } else if (path == "mobile.setup_minutes") {
    mobile().setup_minutes = new_mobile.setup_minutes;
  } else if (path == "mobile.teardown_minutes") {
    mobile().teardown_minutes = new_mobile.teardown_minutes;
  } else if (path == "mobile.travel_speed_kmh") {
    mobile().travel_speed_kmh = new_mobile.travel_speed_kmh;
  } else if (path == "status") {
    return FieldError("update_mask", "status changes through PublishListing and RetireListing");
  } else {
    return FieldError("update_mask", absl::StrCat("\"", internal::Excerpt(path, 40),
                                                  "\" is not a settable listing field"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Listing> Catalogue::CreateListing(const auth::Caller& caller, Listing listing) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "create listings"));
  LP_RETURN_IF_ERROR(
      internal::CheckId("listing.owner_organization_id", listing.owner_organization_id));
  LP_RETURN_IF_ERROR(
      internal::RequireOwnerAdmin(caller, listing.owner_organization_id, "create listings"));
  if (!listing.id.empty()) return FieldError("listing.id", "is assigned by the server");
  if (listing.status != ListingStatus::kUnspecified && listing.status != ListingStatus::kDraft) {
    return FieldError("listing.status", "new listings are drafts; publish with PublishListing");
  }
  // Before the transaction: with the registry down nothing is stored.
  LP_ASSIGN_OR_RETURN(const OrganizationSummary owner,
                      FetchOwner("listing.owner_organization_id", listing.owner_organization_id));
  listing.id = NewId("lst");
  listing.status = ListingStatus::kDraft;
  listing.terms_version = 0;
  listing.create_time = listing.update_time = clock_.Now();
  LP_RETURN_IF_ERROR(store_.Transact([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const internal::VocabularyIndex vocabulary, internal::LoadVocabulary(tx));
    LP_RETURN_IF_ERROR(
        internal::FirstProblem(internal::ListingProblems(listing, vocabulary, "listing.")));
    LP_ASSIGN_OR_RETURN(listing.site, internal::CheckListingSite(tx, listing, "listing."));
    LP_RETURN_IF_ERROR(tx.UpsertOwner(owner));
    return tx.InsertListing(listing);
  }));
  listing.owner_name = owner.name;
  listing.owner_country = owner.country;
  listing.owner_kind = owner.kind;
  return listing;
}

absl::StatusOr<Listing> Catalogue::GetListing(const auth::Caller& caller, const std::string& id) {
  LP_RETURN_IF_ERROR(internal::CheckId("listing_id", id));
  Listing listing;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(listing, internal::GetVisibleListing(tx, caller, id));
    if (!listing.site_id.empty()) {
      LP_ASSIGN_OR_RETURN(listing.site, tx.GetSite(listing.site_id));
    }
    return absl::OkStatus();
  }));
  return listing;
}

absl::StatusOr<ListingPage> Catalogue::ListListings(const auth::Caller& caller,
                                                    const ListListingsQuery& query) {
  LP_ASSIGN_OR_RETURN(const int limit, ResolvePageSize(query.page_size, internal::kDefaultPageSize,
                                                       internal::kMaxPageSize));
  LP_RETURN_IF_ERROR(internal::CheckLength("owner_organization_id", query.owner_organization_id,
                                           internal::kMaxIdBytes));
  const int status = static_cast<int>(query.status);
  if (status < 0 || status > static_cast<int>(ListingStatus::kRetired)) {
    return FieldError("status", "unknown listing status");
  }
  LP_ASSIGN_OR_RETURN(const std::optional<CreationCursor> after,
                      internal::DecodeCreationToken(query.page_token));
  ListingFilter filter;
  filter.owner_organization_id = query.owner_organization_id;
  const bool sees_all = caller.platform_admin || (!query.owner_organization_id.empty() &&
                                                  caller.IsMemberOf(query.owner_organization_id));
  if (query.status != ListingStatus::kUnspecified) {
    if (!sees_all && query.status != ListingStatus::kPublished) return ListingPage{};
    filter.statuses = {query.status};
  } else if (!sees_all) {
    filter.statuses = {ListingStatus::kPublished};
  }
  ListingPage page;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(page.listings, tx.ListListings(filter, after, limit + 1));
    return absl::OkStatus();
  }));
  if (static_cast<int>(page.listings.size()) > limit) {
    page.listings.resize(limit);
    page.next_page_token =
        internal::EncodeCreationToken(page.listings.back().create_time, page.listings.back().id);
  }
  return page;
}

absl::StatusOr<Listing> Catalogue::UpdateListing(const auth::Caller& caller, const Listing& changes,
                                                 const std::vector<std::string>& field_mask) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "change listings"));
  LP_RETURN_IF_ERROR(internal::CheckId("listing.id", changes.id));
  std::string owner_id;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Listing stored, internal::GetVisibleListing(tx, caller, changes.id));
    owner_id = stored.owner_organization_id;
    return absl::OkStatus();
  }));
  LP_RETURN_IF_ERROR(internal::RequireOwnerAdmin(caller, owner_id, "change listings"));
  for (const std::string& path : field_mask) {
    if (path == "owner_organization_id") {
      return FieldError("update_mask", "a listing cannot move to another organisation");
    }
  }
  // Renames in the registry reach the catalogue's copy with the next change.
  LP_ASSIGN_OR_RETURN(const OrganizationSummary owner,
                      FetchOwner("listing.owner_organization_id", owner_id));
  Listing updated;
  LP_RETURN_IF_ERROR(store_.Transact([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(updated, internal::GetVisibleListing(tx, caller, changes.id));
    if (updated.status == ListingStatus::kRetired) {
      return absl::FailedPreconditionError(
          absl::StrCat("listing ", updated.id, " is retired and can no longer change"));
    }
    for (const std::string& path : field_mask.empty() ? SettableListingFields() : field_mask) {
      LP_RETURN_IF_ERROR(ApplyListingField(path, changes, updated));
    }
    LP_ASSIGN_OR_RETURN(const internal::VocabularyIndex vocabulary, internal::LoadVocabulary(tx));
    LP_RETURN_IF_ERROR(
        internal::FirstProblem(internal::ListingProblems(updated, vocabulary, "listing.")));
    LP_ASSIGN_OR_RETURN(updated.site, internal::CheckListingSite(tx, updated, "listing."));
    if (updated.status == ListingStatus::kPublished && updated.site_id.empty()) {
      return FieldError("listing.site_id", "a published listing needs a site");
    }
    updated.update_time = clock_.Now();
    LP_RETURN_IF_ERROR(tx.UpsertOwner(owner));
    LP_RETURN_IF_ERROR(tx.UpdateListing(updated));
    updated.owner_name = owner.name;
    updated.owner_country = owner.country;
    updated.owner_kind = owner.kind;
    return absl::OkStatus();
  }));
  return updated;
}

absl::StatusOr<Listing> Catalogue::PublishListing(const auth::Caller& caller,
                                                  const std::string& id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "publish listings"));
  LP_RETURN_IF_ERROR(internal::CheckId("listing_id", id));
  Listing listing;
  LP_RETURN_IF_ERROR(store_.Transact([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(listing, internal::GetVisibleListing(tx, caller, id));
    LP_RETURN_IF_ERROR(
        internal::RequireOwnerAdmin(caller, listing.owner_organization_id, "publish listings"));
    if (listing.status == ListingStatus::kRetired) {
      return absl::FailedPreconditionError(
          absl::StrCat("listing ", id, " is retired and cannot be published again"));
    }
    if (listing.status != ListingStatus::kPublished) {
      const std::vector<std::string> missing = internal::PublishProblems(listing);
      if (!missing.empty()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "listing ", id, " cannot be published yet: it needs ", absl::StrJoin(missing, ", ")));
      }
      listing.status = ListingStatus::kPublished;
      listing.update_time = clock_.Now();
      LP_RETURN_IF_ERROR(tx.UpdateListing(listing));
    }
    LP_ASSIGN_OR_RETURN(listing.site, internal::CheckListingSite(tx, listing, "listing."));
    return absl::OkStatus();
  }));
  return listing;
}

absl::StatusOr<Listing> Catalogue::RetireListing(const auth::Caller& caller,
                                                 const std::string& id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "retire listings"));
  LP_RETURN_IF_ERROR(internal::CheckId("listing_id", id));
  Listing listing;
  LP_RETURN_IF_ERROR(store_.Transact([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(listing, internal::GetVisibleListing(tx, caller, id));
    LP_RETURN_IF_ERROR(
        internal::RequireOwnerAdmin(caller, listing.owner_organization_id, "retire listings"));
    if (listing.status != ListingStatus::kRetired) {
      listing.status = ListingStatus::kRetired;
      listing.update_time = clock_.Now();
      LP_RETURN_IF_ERROR(tx.UpdateListing(listing));
    }
    if (!listing.site_id.empty()) {
      LP_ASSIGN_OR_RETURN(listing.site, tx.GetSite(listing.site_id));
    }
    return absl::OkStatus();
  }));
  return listing;
}

}  // namespace leerpool::catalogue
