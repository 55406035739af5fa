#include "services/registry/core/registry.h"

#include <cmath>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "services/common/ids.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"
#include "services/common/time_zone.h"

namespace leerpool::registry {
namespace {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxShortTextLength = 200;
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;

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

bool IsBlank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string DefaultTimeZone(const std::string& country) {
  return country == "BE" ? "Europe/Brussels" : "Europe/Amsterdam";
}

}  // namespace

absl::Status ValidateOrganization(const Organization& organization) {
  if (IsBlank(organization.name)) return FieldError("name", "must not be empty");
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
                        absl::StrCat("unknown track \"", track.substr(0, 20), "\"; known: ",
                                     absl::StrJoin(KnownEducationTracks(), ", ")));
    }
  }
  absl::TimeZone zone;
  if (!LoadIanaTimeZone(organization.time_zone, &zone)) {
    return FieldError("time_zone", absl::StrCat("unknown IANA time zone \"",
                                                organization.time_zone.substr(0, 40), "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<Organization> Registry::CreateOrganization(Organization organization) {
  if (!organization.id.empty()) return FieldError("id", "is assigned by the server");
  if (organization.time_zone.empty()) organization.time_zone = DefaultTimeZone(organization.country);
  if (organization.status == OrganizationStatus::kUnspecified) {
    organization.status = OrganizationStatus::kActive;
  }
  LP_RETURN_IF_ERROR(ValidateOrganization(organization));
  organization.id = NewId("org");
  organization.create_time = organization.update_time = clock_.Now();
  LP_RETURN_IF_ERROR(organizations_.Create(organization));
  return organization;
}

absl::StatusOr<Organization> Registry::GetOrganization(const std::string& id) {
  if (id.empty()) return absl::InvalidArgumentError("organization_id: must not be empty");
  return organizations_.Get(id);
}

absl::StatusOr<OrganizationPage> Registry::ListOrganizations(const ListOrganizationsQuery& query) {
  LP_ASSIGN_OR_RETURN(int page_size, ResolvePageSize(query.page_size, kDefaultPageSize, kMaxPageSize));
  std::optional<OrganizationCursor> after;
  if (!query.page_token.empty()) {
    LP_ASSIGN_OR_RETURN(std::vector<std::string> key, DecodePageToken(query.page_token, 2));
    after = OrganizationCursor{key[0], key[1]};
  }
  if (!query.filter.country.empty() && query.filter.country != "NL" &&
      query.filter.country != "BE") {
    return absl::InvalidArgumentError("country: must be \"NL\" or \"BE\" when set");
  }
  // One extra row tells whether another page exists without a second query.
  LP_ASSIGN_OR_RETURN(std::vector<Organization> rows,
                      organizations_.List(query.filter, after, page_size + 1));
  OrganizationPage page;
  if (static_cast<int>(rows.size()) > page_size) {
    rows.resize(page_size);
    page.next_page_token = EncodePageToken({rows.back().name, rows.back().id});
  }
  page.organizations = std::move(rows);
  return page;
}

absl::StatusOr<Organization> Registry::UpdateOrganization(
    const Organization& changes, const std::vector<std::string>& field_mask) {
  if (changes.id.empty()) return FieldError("id", "must name the organisation to update");
  LP_ASSIGN_OR_RETURN(Organization stored, organizations_.Get(changes.id));
  static const std::vector<std::string> kSettable = {
      "name", "kind", "country", "region", "address", "location", "education_tracks",
      "status", "time_zone"};
  const std::vector<std::string>& paths = field_mask.empty() ? kSettable : field_mask;
  for (const std::string& path : paths) {
    if (path == "name") {
      stored.name = changes.name;
    } else if (path == "kind") {
      stored.kind = changes.kind;
    } else if (path == "country") {
      stored.country = changes.country;
    } else if (path == "region") {
      stored.region = changes.region;
    } else if (path == "address") {
      stored.address = changes.address;
    } else if (path == "location") {
      stored.location = changes.location;
    } else if (path == "education_tracks") {
      stored.education_tracks = changes.education_tracks;
    } else if (path == "status") {
      stored.status = changes.status;
    } else if (path == "time_zone") {
      stored.time_zone = changes.time_zone;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("update_mask: \"", path.substr(0, 40), "\" is not a settable field"));
    }
  }
  if (stored.status == OrganizationStatus::kUnspecified) {
    return FieldError("status", "must be set");
  }
  LP_RETURN_IF_ERROR(ValidateOrganization(stored));
  stored.update_time = clock_.Now();
  LP_RETURN_IF_ERROR(organizations_.Update(stored));
  return stored;
}

}  // namespace leerpool::registry
