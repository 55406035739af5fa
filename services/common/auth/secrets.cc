#include "services/common/auth/secrets.h"

#include <sodium.h>

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace leerpool::auth {
namespace {

// libsodium must be initialised before use; doing it lazily as well keeps a forgotten
// InitializeCrypto() from turning into subtle failures.
bool EnsureSodium() {
  static const bool initialized = sodium_init() >= 0;
  return initialized;
}

}  // namespace

absl::Status InitializeCrypto() {
  // sodium_init() returns 1 when already initialised, which is as good as 0.
  if (sodium_init() < 0) return absl::InternalError("libsodium could not be initialised");
  return absl::OkStatus();
}

absl::StatusOr<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  if (!EnsureSodium()) return absl::InternalError("libsodium could not be initialised");
  unsigned long long opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  switch (cost) {
    case PasswordCost::kMinimum:
      opslimit = crypto_pwhash_OPSLIMIT_MIN;
      memlimit = crypto_pwhash_MEMLIMIT_MIN;
      break;
    case PasswordCost::kInteractive:
      break;
    case PasswordCost::kModerate:
      opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
      memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), opslimit, memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    // The only documented failure is running out of memory for the Argon2 arena.
    return absl::ResourceExhaustedError("not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  if (!EnsureSodium()) return false;
  // libsodium reads the hash as a C string of bounded size; anything else is not ours.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
      hash.find('\0') != std::string::npos) {
    return false;
  }
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken(size_t bytes) {
  if (bytes == 0) return "";
  EnsureSodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), kVariant);
  out.resize(out.find('\0'));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string HashSecret(std::string_view secret) {
  EnsureSodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, sizeof digest * 2);
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  // Only the length leaks, and every secret of one kind has the same length anyway.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace leerpool::auth
