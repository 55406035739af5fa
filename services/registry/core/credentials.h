#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_CREDENTIALS_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_CREDENTIALS_H_

// Sign-in state: sessions and their refresh tokens, API keys, signing keys, revocations and
// failed sign-ins. Secrets appear here only as hashes, except in the one result that hands a
// new secret to its owner.

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/common/auth/caller.h"
#include "services/common/auth/token.h"
#include "services/registry/core/people.h"

namespace leerpool::registry {

// What a successful sign-in (or API key exchange) returns.
struct Session {
  std::string access_token;
  absl::Time access_token_expire_time;
  // Empty for an API key exchange.
  std::string refresh_token;
  std::optional<absl::Time> refresh_token_expire_time;
  std::optional<Person> person;
  std::vector<Membership> memberships;
};

// A sign-in session: the unit that sign-out and refresh-token reuse end.
struct SessionRecord {
  std::string id;
  std::string person_id;
  absl::Time create_time;
  std::optional<absl::Time> revoke_time;
};

// One refresh token of a session. A used (rotated) token is kept until it expires so that
// presenting it again can be recognised as theft.
struct RefreshTokenRecord {
  std::string token_hash;
  std::string session_id;
  absl::Time issue_time;
  absl::Time expire_time;
  std::optional<absl::Time> use_time;
};

struct ApiKey {
  std::string id;
  std::string organization_id;
  std::string name;
  Role role = Role::kUnspecified;
  // Only in the result of CreateApiKey ("lpk_<id>_<secret>"); the store keeps a hash.
  std::string secret;
  absl::Time create_time;
  std::optional<absl::Time> last_use_time;
  std::optional<absl::Time> revoke_time;
  std::string created_by_person_id;
  bool revoked() const { return revoke_time.has_value(); }
};

struct StoredSigningKey {
  auth::SigningKeyPair key;
  absl::Time create_time;
  // Retired keys no longer verify tokens (and are not served).
  std::optional<absl::Time> retire_time;
};

// A session or API key whose tokens must be refused although they have not expired.
struct Revocation {
  std::string id;
  absl::Time revoke_time;
  // No token naming `id` is unexpired after this; the row can then be dropped.
  absl::Time expire_time;
  friend bool operator==(const Revocation&, const Revocation&) = default;
};

struct RevocationList {
  std::vector<Revocation> revocations;
  absl::Time as_of;
};

// One failed (or still undecided) sign-in, for the brute-force limits.
struct LoginFailure {
  std::string id;
  std::string email;
  std::string remote_address;
  absl::Time time;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_CREDENTIALS_H_
