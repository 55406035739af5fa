// Sites (where equipment is, when it is open) and closures.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/internal.h"
#include "services/common/ids.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {
namespace {

using internal::FieldError;

const std::vector<std::string>& SettableSiteFields() {
  static const auto* fields =
      new std::vector<std::string>{"name", "address", "location", "time_zone", "opening_hours"};
  return *fields;
}

absl::Status ApplySiteField(const std::string& path, const Site& changes, Site& site) {
  if (path == "name") {
    site.name = changes.name;
  } else if (path == "address") {
    site.address = changes.address;
  } else if (path == "address.street") {
    site.address.street = changes.address.street;
  } else if (path == "address.postal_code") {
    site.address.postal_code = changes.address.postal_code;
  } else if (path == "address.locality") {
    site.address.locality = changes.address.locality;
  } else if (path == "address.country") {
    site.address.country = changes.address.country;
  } else if (path == "location") {
    site.location = changes.location;
  } else if (path == "time_zone") {
    site.time_zone = changes.time_zone;
  } else if (path == "opening_hours") {
    site.opening_hours = changes.opening_hours;
  } else {
    return FieldError("update_mask", absl::StrCat("\"", internal::Excerpt(path, 40),
                                                  "\" is not a settable site field"));
  }
  return absl::OkStatus();
}

std::vector<std::string> CursorParts(absl::Time create_time, const std::string& id) {
  return {absl::StrCat(absl::ToUnixMicros(create_time)), id};
}

absl::StatusOr<std::optional<CreationCursor>> DecodeCreationCursor(const std::string& token) {
  if (token.empty()) return std::optional<CreationCursor>();
  LP_ASSIGN_OR_RETURN(const std::vector<std::string> parts, DecodePageToken(token, 2));
  int64_t micros = 0;
  if (!absl::SimpleAtoi(parts[0], &micros)) {
    return FieldError("page_token", "not a token returned by this service");
  }
  return std::optional<CreationCursor>(CreationCursor{absl::FromUnixMicros(micros), parts[1]});
}

}  // namespace

namespace internal {

// Shared with listings.cc: keyset tokens over (create time, id).
absl::StatusOr<std::optional<CreationCursor>> DecodeCreationToken(const std::string& token) {
  return DecodeCreationCursor(token);
}
std::string EncodeCreationToken(absl::Time create_time, const std::string& id) {
  return EncodePageToken(CursorParts(create_time, id));
}

}  // namespace internal

absl::StatusOr<OrganizationSummary> Catalogue::FetchOwner(const std::string& field,
                                                          const std::string& organization_id) {
  absl::StatusOr<OrganizationSummary> owner = directory_.GetOrganization(organization_id);
  if (absl::IsNotFound(owner.status())) {
    return absl::NotFoundError(
        absl::StrCat(field, ": organization ", organization_id, " not found in the registry"));
  }
  return owner;
}

absl::StatusOr<Site> Catalogue::CreateSite(const auth::Caller& caller, Site site) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "create sites"));
  LP_RETURN_IF_ERROR(internal::CheckId("site.owner_organization_id", site.owner_organization_id));
  LP_RETURN_IF_ERROR(
      internal::RequireOwnerAdmin(caller, site.owner_organization_id, "create sites"));
  if (!site.id.empty()) return FieldError("site.id", "is assigned by the server");
  LP_RETURN_IF_ERROR(internal::FirstProblem(internal::SiteProblems(site, "site.")));
  // Before the transaction: with the registry down nothing is stored.
  LP_ASSIGN_OR_RETURN(const OrganizationSummary owner,
                      FetchOwner("site.owner_organization_id", site.owner_organization_id));
  site.id = NewId("site");
  site.create_time = site.update_time = clock_.Now();
  LP_RETURN_IF_ERROR(store_.Transact([&](CatalogueTransaction& tx) -> absl::Status {
    LP_RETURN_IF_ERROR(tx.UpsertOwner(owner));
    return tx.InsertSite(site);
  }));
  return site;
}

absl::StatusOr<Site> Catalogue::GetSite(const auth::Caller&, const std::string& id) {
  LP_RETURN_IF_ERROR(internal::CheckId("site_id", id));
  Site site;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(site, tx.GetSite(id));
    return absl::OkStatus();
  }));
  return site;
}

absl::StatusOr<SitePage> Catalogue::ListSites(const auth::Caller&,
                                              const std::string& owner_organization_id,
                                              int page_size, const std::string& page_token) {
  LP_ASSIGN_OR_RETURN(const int limit, ResolvePageSize(page_size, internal::kDefaultPageSize,
                                                       internal::kMaxPageSize));
  LP_RETURN_IF_ERROR(
      internal::CheckLength("owner_organization_id", owner_organization_id, internal::kMaxIdBytes));
  LP_ASSIGN_OR_RETURN(const std::optional<CreationCursor> after, DecodeCreationCursor(page_token));
  SitePage page;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(page.sites, tx.ListSites(owner_organization_id, after, limit + 1));
    return absl::OkStatus();
  }));
  if (static_cast<int>(page.sites.size()) > limit) {
    page.sites.resize(limit);
    page.next_page_token =
        internal::EncodeCreationToken(page.sites.back().create_time, page.sites.back().id);
  }
  return page;
}

absl::StatusOr<Site> Catalogue::UpdateSite(const auth::Caller& caller, const Site& changes,
                                           const std::vector<std::string>& field_mask) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "change sites"));
  LP_RETURN_IF_ERROR(internal::CheckId("site.id", changes.id));
  std::string owner_id;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Site stored, tx.GetSite(changes.id));
    owner_id = stored.owner_organization_id;
    return absl::OkStatus();
  }));
  LP_RETURN_IF_ERROR(internal::RequireOwnerAdmin(caller, owner_id, "change sites"));
  for (const std::string& path : field_mask) {
    if (path == "owner_organization_id") {
      return FieldError("update_mask", "a site cannot move to another organisation");
    }
  }
  // Renames in the registry reach the catalogue's copy with the next change.
  LP_ASSIGN_OR_RETURN(const OrganizationSummary owner,
                      FetchOwner("site.owner_organization_id", owner_id));
  Site updated;
  LP_RETURN_IF_ERROR(store_.Transact([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(updated, tx.GetSite(changes.id));
    for (const std::string& path : field_mask.empty() ? SettableSiteFields() : field_mask) {
      LP_RETURN_IF_ERROR(ApplySiteField(path, changes, updated));
    }
    LP_RETURN_IF_ERROR(internal::FirstProblem(internal::SiteProblems(updated, "site.")));
    updated.update_time = clock_.Now();
    LP_RETURN_IF_ERROR(tx.UpsertOwner(owner));
    return tx.UpdateSite(updated);
  }));
  return updated;
}

absl::StatusOr<Closure> Catalogue::AddClosure(const auth::Caller& caller,
                                              const std::string& site_id, Closure closure) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "add closures"));
  LP_RETURN_IF_ERROR(internal::CheckId("site_id", site_id));
  if (!closure.site_id.empty() && closure.site_id != site_id) {
    return FieldError("closure.site_id", "must be empty or the site in the path");
  }
  if (closure.start_time == absl::InfinitePast()) {
    return FieldError("closure.start_time", "is required");
  }
  if (closure.end_time == absl::InfinitePast()) {
    return FieldError("closure.end_time", "is required");
  }
  // The range protobuf timestamps can carry.
  const absl::Time earliest = absl::UnixEpoch();
  const absl::Time latest =
      absl::FromCivil(absl::CivilSecond(9999, 12, 31, 23, 59, 59), absl::UTCTimeZone());
  if (closure.start_time < earliest || closure.start_time > latest) {
    return FieldError("closure.start_time", "must be between 1970 and 9999");
  }
  if (closure.end_time < earliest || closure.end_time > latest) {
    return FieldError("closure.end_time", "must be between 1970 and 9999");
  }
  if (closure.end_time <= closure.start_time) {
    return FieldError("closure.end_time", "must be after start_time");
  }
  LP_RETURN_IF_ERROR(
      internal::CheckLength("closure.reason", closure.reason, internal::kMaxShortTextBytes));
  LP_RETURN_IF_ERROR(
      internal::CheckLength("closure.listing_id", closure.listing_id, internal::kMaxIdBytes));
  closure.id = NewId("clo");
  closure.site_id = site_id;
  closure.create_time = clock_.Now();
  LP_RETURN_IF_ERROR(store_.Transact([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Site site, tx.GetSite(site_id));
    LP_RETURN_IF_ERROR(
        internal::RequireOwnerAdmin(caller, site.owner_organization_id, "add closures"));
    if (!closure.listing_id.empty()) {
      absl::StatusOr<Listing> listing = tx.GetListing(closure.listing_id);
      if (!listing.ok() && !absl::IsNotFound(listing.status())) return listing.status();
      if (!listing.ok() || listing->site_id != site_id) {
        return FieldError("closure.listing_id",
                          absl::StrCat("no listing ", closure.listing_id, " at this site"));
      }
    }
    return tx.InsertClosure(closure);
  }));
  return closure;
}

absl::StatusOr<std::vector<Closure>> Catalogue::ListClosures(const auth::Caller&,
                                                             const std::string& site_id,
                                                             std::optional<absl::Time> end_after) {
  LP_RETURN_IF_ERROR(internal::CheckId("site_id", site_id));
  std::vector<Closure> closures;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_RETURN_IF_ERROR(tx.GetSite(site_id).status());
    LP_ASSIGN_OR_RETURN(closures, tx.ListClosures(site_id, end_after));
    return absl::OkStatus();
  }));
  return closures;
}

absl::Status Catalogue::RemoveClosure(const auth::Caller& caller, const std::string& site_id,
                                      const std::string& closure_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "remove closures"));
  LP_RETURN_IF_ERROR(internal::CheckId("site_id", site_id));
  LP_RETURN_IF_ERROR(internal::CheckId("closure_id", closure_id));
  return store_.Transact([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Site site, tx.GetSite(site_id));
    LP_RETURN_IF_ERROR(
        internal::RequireOwnerAdmin(caller, site.owner_organization_id, "remove closures"));
    absl::StatusOr<Closure> closure = tx.GetClosure(closure_id);
    if (closure.ok() && closure->site_id != site_id) {
      return absl::NotFoundError(absl::StrCat("closure ", closure_id, " not found"));
    }
    LP_RETURN_IF_ERROR(closure.status());
    return tx.DeleteClosure(closure_id);
  });
}

}  // namespace leerpool::catalogue
