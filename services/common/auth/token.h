#ifndef LEERPOOL_SERVICES_COMMON_AUTH_TOKEN_H_
#define LEERPOOL_SERVICES_COMMON_AUTH_TOKEN_H_

// Access tokens: signed by the registry with Ed25519 (libsodium), verified by every service
// locally with the registry's public key, so no request needs a registry round trip.
//
// Format (JWT-shaped, so tools can decode it): base64url(header) "." base64url(claims) "."
// base64url(signature over the first two parts), header {"alg":"EdDSA","typ":"JWT","kid":...},
// claims {"sub": person id, "sid": session id, "akid": api key id, "pa": platform admin,
// "roles": {"org_...": ["org_admin", ...]}, "iat": seconds, "exp": seconds}.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"

namespace leerpool::auth {

struct TokenClaims {
  std::string person_id;
  std::string session_id;
  std::string api_key_id;
  bool platform_admin = false;
  std::map<std::string, std::set<Role>> roles;
  absl::Time issue_time;
  absl::Time expire_time;
};

// An Ed25519 key pair. The secret key never leaves the registry.
struct SigningKeyPair {
  std::string key_id;
  std::string public_key;  // 32 raw bytes
  std::string secret_key;  // 64 raw bytes (libsodium's seed+public form)
};

// A new random key pair with a random key id.
absl::StatusOr<SigningKeyPair> GenerateSigningKeyPair();

class TokenSigner {
 public:
  explicit TokenSigner(SigningKeyPair key) : key_(std::move(key)) {}
  std::string Sign(const TokenClaims& claims) const;
  const SigningKeyPair& key() const { return key_; }

 private:
  SigningKeyPair key_;
};

// Verifies tokens against a set of public keys that can be replaced at run time (key
// rotation, or keys fetched after start-up). Thread-safe.
class TokenVerifier {
 public:
  // key id -> 32-byte public key.
  void SetKeys(std::map<std::string, std::string> public_keys);
  bool HasKeys() const;
  // UNAUTHENTICATED with a reason ("malformed", "unknown key", "bad signature", "expired")
  // for anything but a well-formed, correctly signed, unexpired token.
  absl::StatusOr<TokenClaims> Verify(const std::string& token, absl::Time now) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> public_keys_;
};

Caller CallerFromClaims(const TokenClaims& claims);

}  // namespace leerpool::auth

#endif  // LEERPOOL_SERVICES_COMMON_AUTH_TOKEN_H_
