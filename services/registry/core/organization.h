#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_ORGANIZATION_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_ORGANIZATION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace leerpool::registry {

enum class OrganizationKind {
  kUnspecified = 0,
  kSchool = 1,
  kTrainingCentre = 2,
  kCompany = 3,
  kManufacturer = 4,
  kSectorBody = 5,
  kGovernment = 6,
  kSimulationCentre = 7,
};

enum class OrganizationStatus { kUnspecified = 0, kActive = 1, kSuspended = 2, kArchived = 3 };

struct LatLng {
  double latitude = 0;
  double longitude = 0;
  friend bool operator==(const LatLng&, const LatLng&) = default;
};

struct PostalAddress {
  std::string street;
  std::string postal_code;
  std::string locality;
  std::string country;
  friend bool operator==(const PostalAddress&, const PostalAddress&) = default;
};

struct Organization {
  std::string id;
  std::string name;
  OrganizationKind kind = OrganizationKind::kUnspecified;
  // "NL" or "BE".
  std::string country;
  std::string region;
  PostalAddress address;
  std::optional<LatLng> location;
  std::vector<std::string> education_tracks;
  OrganizationStatus status = OrganizationStatus::kUnspecified;
  std::string time_zone;
  absl::Time create_time;
  absl::Time update_time;
  friend bool operator==(const Organization&, const Organization&) = default;
};

struct OrganizationFilter {
  OrganizationKind kind = OrganizationKind::kUnspecified;
  std::string country;
  std::string region;
  std::string name_contains;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_ORGANIZATION_H_
