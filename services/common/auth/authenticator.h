#ifndef LEERPOOL_SERVICES_COMMON_AUTH_AUTHENTICATOR_H_
#define LEERPOOL_SERVICES_COMMON_AUTH_AUTHENTICATOR_H_

// Turns an incoming request's credentials into a Caller, the same way in every service:
//   no Authorization header          -> anonymous caller (public operations only)
//   "Bearer <access token>"          -> verified locally (signature, expiry, revocation list)
//   "Bearer lpk_<id>_<secret>"       -> API key, exchanged at the registry for an access token
//                                       that is cached until shortly before it expires
// Revocations (sign-out, revoked API keys) are polled from the registry every
// `revocation_poll_interval`, which bounds how long a revoked token keeps working.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"
#include "services/common/auth/token.h"
#include "services/common/clock.h"

namespace leerpool::auth {

struct RevokedCredential {
  std::string id;  // session id or API key id
  // After this no token naming `id` can still be unexpired, so the entry can be dropped.
  absl::Time expire_time;
};

// Where verification material comes from: the registry's store inside the registry, an RPC
// client everywhere else.
class AuthSource {
 public:
  virtual ~AuthSource() = default;
  // key id -> Ed25519 public key.
  virtual absl::StatusOr<std::map<std::string, std::string>> SigningKeys() = 0;
  // Revocations since `since` (inclusive), and the time to pass next.
  virtual absl::StatusOr<std::pair<std::vector<RevokedCredential>, absl::Time>> RevocationsSince(
      absl::Time since) = 0;
  // An access token for an API key; UNAUTHENTICATED for an unknown or revoked key.
  virtual absl::StatusOr<std::string> ExchangeApiKey(const std::string& api_key) = 0;
};

struct AuthenticatorOptions {
  absl::Duration revocation_poll_interval = absl::Seconds(10);
  // Signing keys are refreshed this often (key rotation) and whenever a token names an
  // unknown key id (at most once per this interval).
  absl::Duration key_refresh_interval = absl::Minutes(10);
  // Start-up waits this long for the first successful key fetch (the registry may start
  // later than this service).
  absl::Duration startup_timeout = absl::Seconds(30);
};

class Authenticator {
 public:
  // Fetches the signing keys (retrying until startup_timeout) and starts the poller thread.
  static absl::StatusOr<std::unique_ptr<Authenticator>> Create(AuthSource& source, Clock& clock,
                                                               AuthenticatorOptions options);
  ~Authenticator();

  // `authorization` is the Authorization header value ("" when absent).
  absl::StatusOr<Caller> Authenticate(const std::string& authorization,
                                      const std::string& remote_address);

  // Polls revocations now (tests, and the registry right after a sign-out).
  absl::Status RefreshRevocations();

 private:
  Authenticator(AuthSource& source, Clock& clock, AuthenticatorOptions options);
  void PollLoop();
  bool IsRevoked(const TokenClaims& claims);
  void SetKeys(std::map<std::string, std::string> keys);
  absl::StatusOr<TokenClaims> VerifyCached(const std::string& access_token);

  AuthSource& source_;
  Clock& clock_;
  AuthenticatorOptions options_;
  TokenVerifier verifier_;

  std::mutex mutex_;
  std::unordered_map<std::string, absl::Time> revoked_;  // id -> expire time
  absl::Time revocations_as_of_ = absl::InfinitePast();
  absl::Time last_key_refresh_ = absl::InfinitePast();
  struct CachedApiKeyToken {
    std::string access_token;
    absl::Time expire_time;
  };
  std::unordered_map<std::string, CachedApiKeyToken> api_key_tokens_;  // HashSecret(key) -> token
  // Access tokens whose signature was verified, so a client sending the same token call after
  // call costs one signature check per token, not per call. Entries are used only while the
  // token is unexpired and are dropped whenever the signing keys change; revocation is checked
  // on every call regardless, so a cached token stops working as soon as it is revoked.
  struct VerifiedToken {
    TokenClaims claims;
    absl::Time verified_at;  // a clock that went back does not reuse the entry
  };
  std::unordered_map<std::string, VerifiedToken> verified_tokens_;  // HashSecret(token) -> claims
  // Moves with every key change, so a verification that raced with one is not cached.
  uint64_t key_generation_ = 0;

  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread poller_;
};

}  // namespace leerpool::auth

#endif  // LEERPOOL_SERVICES_COMMON_AUTH_AUTHENTICATOR_H_
