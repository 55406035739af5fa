#include "tests/services/common/auth/test_identity.h"

#include <cstdio>
#include <cstdlib>

#include "services/common/auth/secrets.h"

namespace leerpool::testing {

class TestIdentity::Source : public auth::AuthSource {
 public:
  explicit Source(const auth::SigningKeyPair& key) : key_(key) {}
  absl::StatusOr<std::map<std::string, std::string>> SigningKeys() override {
    return std::map<std::string, std::string>{{key_.key_id, key_.public_key}};
  }
  absl::StatusOr<std::pair<std::vector<auth::RevokedCredential>, absl::Time>> RevocationsSince(
      absl::Time) override {
    return std::make_pair(std::vector<auth::RevokedCredential>{}, absl::Now());
  }
  absl::StatusOr<std::string> ExchangeApiKey(const std::string&) override {
    return absl::UnauthenticatedError("no API keys in tests");
  }

 private:
  auth::SigningKeyPair key_;
};

TestIdentity::TestIdentity(Clock& clock) : clock_(clock) {
  if (!auth::InitializeCrypto().ok()) std::abort();
  absl::StatusOr<auth::SigningKeyPair> key = auth::GenerateSigningKeyPair();
  if (!key.ok()) std::abort();
  signer_ = std::make_unique<auth::TokenSigner>(*key);
  source_ = std::make_unique<Source>(*key);
  auto authenticator = auth::Authenticator::Create(*source_, clock_, {});
  if (!authenticator.ok()) {
    std::fprintf(stderr, "TestIdentity: %s\n",
                 std::string(authenticator.status().message()).c_str());
    std::abort();
  }
  authenticator_ = std::move(*authenticator);
}

TestIdentity::~TestIdentity() = default;

std::string TestIdentity::Token(const std::string& person_id,
                                const std::map<std::string, std::set<auth::Role>>& roles,
                                bool platform_admin) {
  auth::TokenClaims claims;
  claims.person_id = person_id;
  claims.session_id = "ses_" + person_id;
  claims.platform_admin = platform_admin;
  claims.roles = roles;
  claims.issue_time = clock_.Now();
  claims.expire_time = clock_.Now() + absl::Hours(1);
  return signer_->Sign(claims);
}

}  // namespace leerpool::testing
