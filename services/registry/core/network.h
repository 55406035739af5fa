#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_NETWORK_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_NETWORK_H_

#include <string>

#include "absl/time/time.h"

namespace leerpool::registry {

enum class NetworkKind { kUnspecified = 0, kLearningNetwork = 1, kPool = 2 };

// A learning network or equipment pool run by one organisation (usually a sector body or a
// province), which decides who belongs to it.
struct Network {
  std::string id;
  std::string name;
  std::string description;
  NetworkKind kind = NetworkKind::kUnspecified;
  std::string owner_organization_id;
  // Kept in step with the member rows in the same transaction that adds or removes one.
  int member_count = 0;
  absl::Time create_time;
  friend bool operator==(const Network&, const Network&) = default;
};

struct NetworkMember {
  std::string network_id;
  std::string organization_id;
  // Read from the organisation, for listings.
  std::string organization_name;
  std::string country;
  absl::Time add_time;
  friend bool operator==(const NetworkMember&, const NetworkMember&) = default;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_NETWORK_H_
