#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_PEOPLE_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_PEOPLE_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/common/auth/caller.h"

namespace leerpool::registry {

using auth::Role;

// Someone who can sign in. The password hash is deliberately not part of this struct: it is
// written and read through separate store calls, so no code that returns a Person can leak it.
struct Person {
  std::string id;
  // Normalised: trimmed and lower-case.
  std::string email;
  std::string display_name;
  // "nl" or "en".
  std::string locale;
  bool platform_admin = false;
  absl::Time create_time;
  friend bool operator==(const Person&, const Person&) = default;
};

// A person's roles in one organisation.
struct Membership {
  std::string organization_id;
  std::string person_id;
  // Read from the organisation, for display.
  std::string organization_name;
  std::set<Role> roles;
  absl::Time add_time;
  friend bool operator==(const Membership&, const Membership&) = default;
};

// A membership seen from the organisation's side.
struct Member {
  std::string organization_id;
  Person person;
  std::set<Role> roles;
  absl::Time add_time;
  friend bool operator==(const Member&, const Member&) = default;
};

struct Invitation {
  std::string id;
  std::string organization_id;
  std::string email;
  std::set<Role> roles;
  // Only in the result of CreateInvitation; the store keeps token_hash alone.
  std::string token;
  std::string token_hash;
  absl::Time expire_time;
  std::string invited_by_person_id;
  absl::Time create_time;
  std::optional<absl::Time> accept_time;
  std::string accepted_by_person_id;
};

// The signed-in person with every organisation they belong to.
struct Me {
  Person person;
  std::vector<Membership> memberships;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_PEOPLE_H_
