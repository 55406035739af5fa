// Organisations: the partner directory.

#include <cmath>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"
#include "services/common/time_zone.h"
#include "services/registry/core/internal.h"
#include "services/registry/core/registry.h"

namespace leerpool::registry {
namespace {

using internal::JsonObject;
using internal::JsonQuote;

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxShortTextLength = 200;

const std::set<std::string>& KnownEducationTracks() {
  // NL: MBO learning paths (school-based BOL, work-based BBL); BE/Flanders: secondary
  // vocational and technical tracks, dual learning, adult education.
  static const std::set<std::string> tracks = {"MBO-BOL", "MBO-BBL", "BSO",  "TSO",
                                               "KSO",     "DUAL",    "HBO5", "ADULT"};
  return tracks;
}

absl::Status FieldError(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("organization.", field, ": ", problem));
}

absl::Status ValidateText(absl::string_view field, const std::string& value, size_t max) {
  if (value.size() > max) {
    return FieldError(field, absl::StrCat("must be at most ", max, " bytes"));
  }
  return absl::OkStatus();
}

std::string DefaultTimeZone(const std::string& country) {
  return country == "BE" ? "Europe/Brussels" : "Europe/Amsterdam";
}

const char* KindName(OrganizationKind kind) {
  switch (kind) {
    case OrganizationKind::kSchool:
      return "school";
    case OrganizationKind::kTrainingCentre:
      return "training_centre";
    case OrganizationKind::kCompany:
      return "company";
    case OrganizationKind::kManufacturer:
      return "manufacturer";
    case OrganizationKind::kSectorBody:
      return "sector_body";
    case OrganizationKind::kGovernment:
      return "government";
    case OrganizationKind::kSimulationCentre:
      return "simulation_centre";
    case OrganizationKind::kUnspecified:
      break;
  }
  return "unspecified";
}

const char* StatusName(OrganizationStatus status) {
  switch (status) {
    case OrganizationStatus::kActive:
      return "active";
    case OrganizationStatus::kSuspended:
      return "suspended";
    case OrganizationStatus::kArchived:
      return "archived";
    case OrganizationStatus::kUnspecified:
      break;
  }
  return "unspecified";
}

const std::vector<std::string>& SettableFields() {
  static const std::vector<std::string> fields = {
      "name",   "kind",     "country", "region", "address", "location", "education_tracks",
      "status", "time_zone"};
  return fields;
}

// One settable field of an organisation as a JSON value, for the audit trail.
std::string FieldJson(const Organization& organization, const std::string& field) {
  if (field == "name") return JsonQuote(organization.name);
  if (field == "kind") return JsonQuote(KindName(organization.kind));
  if (field == "country") return JsonQuote(organization.country);
  if (field == "region") return JsonQuote(organization.region);
  if (field == "address") {
    return JsonObject()
        .String("street", organization.address.street)
        .String("postal_code", organization.address.postal_code)
        .String("locality", organization.address.locality)
        .String("country", organization.address.country)
        .Build();
  }
  if (field == "location") {
    if (!organization.location) return "null";
    // Enough digits that any change a client can make shows (and 1e-6 degrees is 0.1 m).
    return absl::StrFormat("{\"latitude\":%.10g,\"longitude\":%.10g}",
                           organization.location->latitude, organization.location->longitude);
  }
  if (field == "education_tracks") {
    return internal::JsonArray(organization.education_tracks);
  }
  if (field == "status") return JsonQuote(StatusName(organization.status));
  if (field == "time_zone") return JsonQuote(organization.time_zone);
  return "null";
}

// The fields that differ between two versions of an organisation, as a JSON object of their
// new values (every field when `before` is absent).
std::string ChangedFieldsJson(const Organization* before, const Organization& after) {
  JsonObject details;
  for (const std::string& field : SettableFields()) {
    const std::string value = FieldJson(after, field);
    if (before == nullptr || FieldJson(*before, field) != value) details.Raw(field, value);
  }
  return details.Build();
}

}  // namespace

absl::Status ValidateOrganization(const Organization& organization) {
  if (internal::IsBlank(organization.name)) return FieldError("name", "must not be empty");
  LP_RETURN_IF_ERROR(ValidateText("name", organization.name, kMaxNameLength));
  if (organization.kind == OrganizationKind::kUnspecified) {
    return FieldError("kind", "must be set (school, company, manufacturer, ...)");
  }
  // proto3 enums are open: a value this build does not know must not reach the store.
  if (static_cast<int>(organization.kind) < static_cast<int>(OrganizationKind::kSchool) ||
      static_cast<int>(organization.kind) > static_cast<int>(OrganizationKind::kSimulationCentre)) {
    return FieldError("kind", "unknown organisation kind");
  }
  if (static_cast<int>(organization.status) < static_cast<int>(OrganizationStatus::kActive) ||
      static_cast<int>(organization.status) > static_cast<int>(OrganizationStatus::kArchived)) {
    return FieldError("status", "must be active, suspended or archived");
  }
  if (organization.country != "NL" && organization.country != "BE") {
    return FieldError("country", absl::StrCat("must be \"NL\" or \"BE\", not \"",
                                              organization.country.substr(0, 10), "\""));
  }
  LP_RETURN_IF_ERROR(ValidateText("region", organization.region, kMaxShortTextLength));
  LP_RETURN_IF_ERROR(
      ValidateText("address.street", organization.address.street, kMaxShortTextLength));
  LP_RETURN_IF_ERROR(ValidateText("address.postal_code", organization.address.postal_code, 16));
  LP_RETURN_IF_ERROR(
      ValidateText("address.locality", organization.address.locality, kMaxShortTextLength));
  if (!organization.address.country.empty() && organization.address.country != "NL" &&
      organization.address.country != "BE") {
    return FieldError("address.country", "must be \"NL\" or \"BE\" when set");
  }
  if (organization.location) {
    const LatLng& at = *organization.location;
    if (!std::isfinite(at.latitude) || at.latitude < -90 || at.latitude > 90) {
      return FieldError("location.latitude", "must be between -90 and 90");
    }
    if (!std::isfinite(at.longitude) || at.longitude < -180 || at.longitude > 180) {
      return FieldError("location.longitude", "must be between -180 and 180");
    }
  }
  if (organization.education_tracks.size() > 10) {
    return FieldError("education_tracks", "at most 10 tracks");
  }
  for (const std::string& track : organization.education_tracks) {
    if (!KnownEducationTracks().contains(track)) {
      return FieldError("education_tracks",
                        absl::StrCat("unknown track \"", track.substr(0, 20),
                                     "\"; known: ", absl::StrJoin(KnownEducationTracks(), ", ")));
    }
  }
  absl::TimeZone zone;
  if (!LoadIanaTimeZone(organization.time_zone, &zone)) {
    return FieldError("time_zone", absl::StrCat("unknown IANA time zone \"",
                                                organization.time_zone.substr(0, 40), "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<Organization> Registry::CreateOrganization(const auth::Caller& caller,
                                                          Organization organization) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "register organisations"));
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_RETURN_IF_ERROR(auth::RequirePlatformAdmin(actor, "register organisations"));
    if (!organization.id.empty()) return FieldError("id", "is assigned by the server");
    if (organization.time_zone.empty()) {
      organization.time_zone = DefaultTimeZone(organization.country);
    }
    if (organization.status == OrganizationStatus::kUnspecified) {
      organization.status = OrganizationStatus::kActive;
    }
    LP_RETURN_IF_ERROR(ValidateOrganization(organization));
    organization.id = NewId("org");
    organization.create_time = organization.update_time = clock_.Now();
    LP_RETURN_IF_ERROR(tx.InsertOrganization(organization));
    return internal::RecordAudit(tx, actor, organization.create_time, organization.id,
                                 "organization.create", organization.id,
                                 ChangedFieldsJson(nullptr, organization));
  }));
  return organization;
}

absl::StatusOr<Organization> Registry::GetOrganization(const auth::Caller&, const std::string& id) {
  if (id.empty()) return absl::InvalidArgumentError("organization_id: must not be empty");
  Organization found;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(found, tx.GetOrganization(id));
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<OrganizationPage> Registry::ListOrganizations(const auth::Caller&,
                                                             const ListOrganizationsQuery& query) {
  LP_ASSIGN_OR_RETURN(const internal::PageRequest page,
                      internal::ResolvePage(query.page_size, query.page_token));
  if (!query.filter.country.empty() && query.filter.country != "NL" &&
      query.filter.country != "BE") {
    return absl::InvalidArgumentError("country: must be \"NL\" or \"BE\" when set");
  }
  OrganizationPage result;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    // One extra row tells whether another page exists without a second query.
    LP_ASSIGN_OR_RETURN(result.organizations,
                        tx.ListOrganizations(query.filter, page.after, page.limit + 1));
    return absl::OkStatus();
  }));
  result.next_page_token =
      internal::FinishPage(result.organizations, page.limit, [](const Organization& o) {
        return KeysetCursor{o.name, o.id};
      });
  return result;
}

absl::StatusOr<Organization> Registry::UpdateOrganization(
    const auth::Caller& caller, const Organization& changes,
    const std::vector<std::string>& field_mask) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "update organisations"));
  if (changes.id.empty()) return FieldError("id", "must name the organisation to update");
  Organization updated;
  // Read, modify and write in one transaction: a concurrent update of other fields is either
  // wholly before or wholly after this one, never overwritten by a stale copy.
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_ASSIGN_OR_RETURN(const Organization stored, tx.GetOrganization(changes.id));
    LP_RETURN_IF_ERROR(
        auth::RequireRole(actor, stored.id, {Role::kOrgAdmin}, "update the organisation"));
    updated = stored;
    // Fields a platform admin decides (see below); set when the mask names one of them.
    bool names_status = false;
    bool names_kind_or_country = false;
    const std::vector<std::string>& paths = field_mask.empty() ? SettableFields() : field_mask;
    for (const std::string& path : paths) {
      if (path == "name") {
        updated.name = changes.name;
      } else if (path == "kind") {
        updated.kind = changes.kind;
        names_kind_or_country = !field_mask.empty();
      } else if (path == "country") {
        updated.country = changes.country;
        names_kind_or_country = !field_mask.empty();
      } else if (path == "region") {
        updated.region = changes.region;
      } else if (path == "address") {
        updated.address = changes.address;
      } else if (path == "location") {
        updated.location = changes.location;
      } else if (path == "education_tracks") {
        updated.education_tracks = changes.education_tracks;
      } else if (path == "status") {
        updated.status = changes.status;
        names_status = !field_mask.empty();
      } else if (path == "time_zone") {
        updated.time_zone = changes.time_zone;
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("update_mask: \"", path.substr(0, 40), "\" is not a settable field"));
      }
    }
    if (updated.status == OrganizationStatus::kUnspecified) {
      return FieldError("status", "must be set");
    }
    // Suspending or archiving a partner is a platform decision. Naming the field is refused
    // even with an unchanged value; a full replacement may carry the current status along.
    if (!actor.platform_admin && (names_status || updated.status != stored.status)) {
      return absl::PermissionDeniedError(
          "only platform admins may change an organisation's status");
    }
    // So are its kind and country: owners open listings to kinds of organisation, networks are
    // run by kinds, and the multi-use figures count use across the border by country. An
    // organisation admin could otherwise make their school a sector body, or move it abroad.
    if (!actor.platform_admin && (names_kind_or_country || updated.kind != stored.kind ||
                                  updated.country != stored.country)) {
      return absl::PermissionDeniedError(
          "only platform admins may change an organisation's kind or country");
    }
    LP_RETURN_IF_ERROR(ValidateOrganization(updated));
    updated.update_time = clock_.Now();
    LP_RETURN_IF_ERROR(tx.UpdateOrganization(updated));
    return internal::RecordAudit(tx, actor, updated.update_time, updated.id, "organization.update",
                                 updated.id, ChangedFieldsJson(&stored, updated));
  }));
  return updated;
}

}  // namespace leerpool::registry
