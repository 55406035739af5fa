#ifndef LEERPOOL_TESTS_SERVICES_COMMON_AUTH_TEST_IDENTITY_H_
#define LEERPOOL_TESTS_SERVICES_COMMON_AUTH_TEST_IDENTITY_H_

// A stand-in for the registry's signing side in service tests: one key pair, an AuthSource
// that serves its public key, an Authenticator over it, and tokens minted on demand.

#include <map>
#include <memory>
#include <set>
#include <string>

#include "services/common/auth/authenticator.h"
#include "services/common/auth/token.h"
#include "services/common/clock.h"

namespace leerpool::testing {

class TestIdentity {
 public:
  explicit TestIdentity(Clock& clock);
  ~TestIdentity();

  auth::Authenticator& authenticator() { return *authenticator_; }

  // An access token valid for an hour from the clock's now.
  std::string Token(const std::string& person_id,
                    const std::map<std::string, std::set<auth::Role>>& roles = {},
                    bool platform_admin = false);
  std::string Bearer(const std::string& person_id,
                     const std::map<std::string, std::set<auth::Role>>& roles = {},
                     bool platform_admin = false) {
    return "Bearer " + Token(person_id, roles, platform_admin);
  }

 private:
  class Source;
  Clock& clock_;
  std::unique_ptr<auth::TokenSigner> signer_;
  std::unique_ptr<Source> source_;
  std::unique_ptr<auth::Authenticator> authenticator_;
};

}  // namespace leerpool::testing

#endif  // LEERPOOL_TESTS_SERVICES_COMMON_AUTH_TEST_IDENTITY_H_
