#include "services/common/auth/token.h"

#include <sodium.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/secrets.h"

namespace leerpool::auth {
namespace {

using json = nlohmann::json;

// Far above any real token (a few hundred bytes plus the roles), yet small enough that a
// hostile header cannot make verification expensive.
constexpr size_t kMaxTokenSize = 8 * 1024;
// Tolerated clock skew between the registry and this service.
constexpr absl::Duration kMaxFutureIssue = absl::Seconds(60);
constexpr int kBase64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kBase64Variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kBase64Variant);
  out.resize(out.find('\0'));
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string out(text.size() * 3 / 4 + 1, '\0');
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), /*ignore=*/nullptr, &length, &end, kBase64Variant) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

// Serialises without ever throwing: invalid UTF-8 in an id is replaced rather than fatal.
std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

absl::Status Malformed(const char* why) {
  return absl::UnauthenticatedError(absl::StrCat("malformed access token: ", why));
}

// Reads an optional string member; false when present with another type.
bool GetOptionalString(const json& object, const char* name, std::string* out) {
  auto it = object.find(name);
  if (it == object.end()) return true;
  if (!it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

// Reads a required integer number of seconds since the epoch.
bool GetSeconds(const json& object, const char* name, absl::Time* out) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_number_integer()) return false;
  int64_t seconds;
  if (it->is_number_unsigned()) {
    uint64_t value = it->get<uint64_t>();
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
    seconds = static_cast<int64_t>(value);
  } else {
    seconds = it->get<int64_t>();
  }
  *out = absl::FromUnixSeconds(seconds);
  return true;
}

absl::StatusOr<TokenClaims> ParseClaims(const std::string& text) {
  json object = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) return Malformed("claims are not a JSON object");
  TokenClaims claims;
  if (!GetOptionalString(object, "sub", &claims.person_id) ||
      !GetOptionalString(object, "sid", &claims.session_id) ||
      !GetOptionalString(object, "akid", &claims.api_key_id)) {
    return Malformed("sub, sid and akid must be strings");
  }
  if (claims.person_id.empty() && claims.api_key_id.empty()) {
    return Malformed("names neither a person nor an API key");
  }
  if (auto it = object.find("pa"); it != object.end()) {
    if (!it->is_boolean()) return Malformed("pa must be a boolean");
    claims.platform_admin = it->get<bool>();
  }
  if (auto it = object.find("roles"); it != object.end()) {
    if (!it->is_object()) return Malformed("roles must be an object");
    for (const auto& [organization_id, names] : it->items()) {
      if (!names.is_array()) return Malformed("roles must map to arrays");
      std::set<Role>& roles = claims.roles[organization_id];
      for (const json& name : names) {
        if (!name.is_string()) return Malformed("role names must be strings");
        // Role names this build does not know yet (a newer registry) grant nothing here.
        Role role;
        if (ParseRoleName(name.get<std::string>(), &role)) roles.insert(role);
      }
    }
  }
  if (!GetSeconds(object, "iat", &claims.issue_time) ||
      !GetSeconds(object, "exp", &claims.expire_time)) {
    return Malformed("iat and exp must be integer seconds");
  }
  return claims;
}

}  // namespace

absl::StatusOr<SigningKeyPair> GenerateSigningKeyPair() {
  if (absl::Status status = InitializeCrypto(); !status.ok()) return status;
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
  if (crypto_sign_keypair(public_key, secret_key) != 0) {
    return absl::InternalError("cannot generate an Ed25519 key pair");
  }
  SigningKeyPair pair;
  pair.key_id = absl::StrCat("key_", RandomToken(12));
  pair.public_key.assign(reinterpret_cast<const char*>(public_key), sizeof public_key);
  pair.secret_key.assign(reinterpret_cast<const char*>(secret_key), sizeof secret_key);
  sodium_memzero(secret_key, sizeof secret_key);
  return pair;
}

std::string TokenSigner::Sign(const TokenClaims& claims) const {
  json header = {{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", key_.key_id}};
  json body = json::object();
  if (!claims.person_id.empty()) body["sub"] = claims.person_id;
  if (!claims.session_id.empty()) body["sid"] = claims.session_id;
  if (!claims.api_key_id.empty()) body["akid"] = claims.api_key_id;
  if (claims.platform_admin) body["pa"] = true;
  json roles = json::object();
  for (const auto& [organization_id, held] : claims.roles) {
    json names = json::array();
    for (Role role : held) names.push_back(RoleName(role));
    roles[organization_id] = std::move(names);
  }
  body["roles"] = std::move(roles);
  body["iat"] = absl::ToUnixSeconds(claims.issue_time);
  body["exp"] = absl::ToUnixSeconds(claims.expire_time);

  std::string signed_part =
      absl::StrCat(Base64UrlEncode(Dump(header)), ".", Base64UrlEncode(Dump(body)));
  unsigned char signature[crypto_sign_BYTES];
  // A secret key of the wrong size would make libsodium read out of bounds; an empty
  // signature makes every verifier refuse the token instead.
  if (key_.secret_key.size() == crypto_sign_SECRETKEYBYTES) {
    crypto_sign_detached(
        signature, nullptr, reinterpret_cast<const unsigned char*>(signed_part.data()),
        signed_part.size(), reinterpret_cast<const unsigned char*>(key_.secret_key.data()));
    return absl::StrCat(signed_part, ".",
                        Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(signature),
                                                         sizeof signature)));
  }
  return absl::StrCat(signed_part, ".");
}

void TokenVerifier::SetKeys(std::map<std::string, std::string> public_keys) {
  // A key of the wrong size could never verify anything, and libsodium must not read past it.
  std::erase_if(public_keys, [](const auto& entry) {
    return entry.second.size() != crypto_sign_PUBLICKEYBYTES;
  });
  std::lock_guard lock(mutex_);
  public_keys_ = std::move(public_keys);
}

bool TokenVerifier::HasKeys() const {
  std::lock_guard lock(mutex_);
  return !public_keys_.empty();
}

absl::StatusOr<TokenClaims> TokenVerifier::Verify(const std::string& token, absl::Time now) const {
  if (token.size() > kMaxTokenSize) return Malformed("too long");
  const size_t first_dot = token.find('.');
  const size_t second_dot =
      first_dot == std::string::npos ? std::string::npos : token.find('.', first_dot + 1);
  if (second_dot == std::string::npos || token.find('.', second_dot + 1) != std::string::npos) {
    return Malformed("expected three dot-separated parts");
  }
  const std::string_view view(token);
  std::optional<std::string> header_text = Base64UrlDecode(view.substr(0, first_dot));
  std::optional<std::string> claims_text =
      Base64UrlDecode(view.substr(first_dot + 1, second_dot - first_dot - 1));
  std::optional<std::string> signature = Base64UrlDecode(view.substr(second_dot + 1));
  if (!header_text || !claims_text || !signature) return Malformed("invalid base64url");

  json header = json::parse(*header_text, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object()) return Malformed("header is not a JSON object");
  auto alg = header.find("alg");
  auto kid = header.find("kid");
  if (alg == header.end() || !alg->is_string() || alg->get<std::string>() != "EdDSA") {
    return Malformed("alg must be EdDSA");
  }
  if (kid == header.end() || !kid->is_string()) return Malformed("kid must be a string");

  std::string public_key;
  {
    std::lock_guard lock(mutex_);
    auto it = public_keys_.find(kid->get<std::string>());
    if (it != public_keys_.end()) public_key = it->second;
  }
  if (public_key.empty()) {
    return absl::UnauthenticatedError("access token signed by an unknown key");
  }
  if (signature->size() != crypto_sign_BYTES ||
      crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature->data()),
                                  reinterpret_cast<const unsigned char*>(token.data()), second_dot,
                                  reinterpret_cast<const unsigned char*>(public_key.data())) != 0) {
    return absl::UnauthenticatedError("access token has a bad signature");
  }

  absl::StatusOr<TokenClaims> claims = ParseClaims(*claims_text);
  if (!claims.ok()) return claims.status();
  if (claims->expire_time <= now) return absl::UnauthenticatedError("access token expired");
  if (claims->issue_time > now + kMaxFutureIssue) {
    return absl::UnauthenticatedError("access token issued in the future");
  }
  return claims;
}

Caller CallerFromClaims(const TokenClaims& claims) {
  Caller caller;
  caller.person_id = claims.person_id;
  caller.session_id = claims.session_id;
  caller.api_key_id = claims.api_key_id;
  caller.platform_admin = claims.platform_admin;
  caller.roles = claims.roles;
  caller.token_expire_time = claims.expire_time;
  return caller;
}

}  // namespace leerpool::auth
