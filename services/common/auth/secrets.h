#ifndef LEERPOOL_SERVICES_COMMON_AUTH_SECRETS_H_
#define LEERPOOL_SERVICES_COMMON_AUTH_SECRETS_H_

// Passwords and opaque secrets (refresh tokens, invitation tokens, API keys), via libsodium.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace leerpool::auth {

// Argon2id cost. kInteractive is libsodium's interactive level (the default for people);
// kMinimum exists only so tests with many sign-ins stay fast.
enum class PasswordCost { kMinimum, kInteractive, kModerate };

// Argon2id hash in libsodium's self-describing string form ("$argon2id$v=19$m=...").
absl::StatusOr<std::string> HashPassword(std::string_view password, PasswordCost cost);
bool VerifyPassword(std::string_view password, const std::string& hash);

// `bytes` random bytes as URL-safe base64 without padding (for tokens people copy).
std::string RandomToken(size_t bytes = 32);

// A fast keyed-free hash (BLAKE2b-256, hex) for high-entropy secrets such as refresh tokens,
// invitation tokens and API key secrets: they are stored only as this hash, and a database
// leak does not reveal them. (Passwords, which have low entropy, use HashPassword.)
std::string HashSecret(std::string_view secret);

// Compares in constant time.
bool SecretsEqual(std::string_view a, std::string_view b);

// Initialises libsodium; call once at start-up (idempotent). INTERNAL if it cannot.
absl::Status InitializeCrypto();

}  // namespace leerpool::auth

#endif  // LEERPOOL_SERVICES_COMMON_AUTH_SECRETS_H_
