#include "services/common/auth/authenticator.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/secrets.h"
#include "services/common/log.h"

namespace leerpool::auth {
namespace {

// Cached API key tokens are renewed this long before they expire, so a request never carries
// a token that expires while it is being served.
constexpr absl::Duration kApiKeyTokenRenewBefore = absl::Seconds(30);
// Real keys are ~50 characters; anything far longer is not worth a registry round trip.
constexpr size_t kMaxApiKeySize = 512;
// Bounds the cache even if many distinct valid keys are used; it simply refills.
constexpr size_t kMaxCachedApiKeyTokens = 10000;
// The same for verified access tokens (one per signed-in session in use).
constexpr size_t kMaxVerifiedTokens = 10000;
constexpr std::chrono::milliseconds kStartupRetryInterval(200);
constexpr char kUnknownKeyMessage[] = "access token signed by an unknown key";

void LogFailure(const char* event, const absl::Status& status) {
  LogLine({{"component", "auth"}, {"event", event}, {"error", status.ToString()}});
}

// Splits "Bearer <token>" (scheme case-insensitive, RFC 7235) into the token.
absl::StatusOr<std::string> BearerToken(const std::string& authorization) {
  const absl::Status refused = absl::UnauthenticatedError("Authorization must be 'Bearer <token>'");
  const size_t space = authorization.find(' ');
  if (space == std::string::npos ||
      !absl::EqualsIgnoreCase(absl::string_view(authorization.data(), space), "bearer")) {
    return refused;
  }
  std::string token(absl::StripAsciiWhitespace(absl::string_view(authorization).substr(space)));
  if (token.empty() ||
      std::any_of(token.begin(), token.end(), [](char c) { return absl::ascii_isspace(c); })) {
    return refused;
  }
  return token;
}

}  // namespace

Authenticator::Authenticator(AuthSource& source, Clock& clock, AuthenticatorOptions options)
    : source_(source), clock_(clock), options_(options) {}

absl::StatusOr<std::unique_ptr<Authenticator>> Authenticator::Create(AuthSource& source,
                                                                     Clock& clock,
                                                                     AuthenticatorOptions options) {
  if (absl::Status status = InitializeCrypto(); !status.ok()) return status;
  std::unique_ptr<Authenticator> authenticator(new Authenticator(source, clock, options));

  // Real time, not `clock`: the wait is for another process, and a FakeClock never advances.
  const auto deadline =
      std::chrono::steady_clock::now() + absl::ToChronoMilliseconds(options.startup_timeout);
  absl::Status last_error;
  for (;;) {
    absl::StatusOr<std::map<std::string, std::string>> keys = source.SigningKeys();
    if (keys.ok() && !keys->empty()) {
      authenticator->SetKeys(*std::move(keys));
      if (authenticator->verifier_.HasKeys()) break;
      last_error = absl::InternalError("the registry's signing keys are malformed");
    } else {
      last_error = keys.ok() ? absl::UnavailableError("the registry has no signing keys yet")
                             : keys.status();
    }
    if (std::chrono::steady_clock::now() + kStartupRetryInterval > deadline) {
      return absl::UnavailableError(
          absl::StrCat("no access token signing keys from the registry within ",
                       absl::FormatDuration(options.startup_timeout), ": ", last_error.ToString()));
    }
    std::this_thread::sleep_for(kStartupRetryInterval);
  }
  authenticator->last_key_refresh_ = clock.Now();

  // Serving before the revocation list is known would accept signed-out sessions.
  for (;;) {
    last_error = authenticator->RefreshRevocations();
    if (last_error.ok()) break;
    if (std::chrono::steady_clock::now() + kStartupRetryInterval > deadline) {
      return absl::UnavailableError(absl::StrCat("no revocation list from the registry within ",
                                                 absl::FormatDuration(options.startup_timeout),
                                                 ": ", last_error.ToString()));
    }
    std::this_thread::sleep_for(kStartupRetryInterval);
  }

  authenticator->poller_ = std::thread([raw = authenticator.get()] { raw->PollLoop(); });
  return authenticator;
}

Authenticator::~Authenticator() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (poller_.joinable()) poller_.join();
}

absl::Status Authenticator::RefreshRevocations() {
  absl::Time since;
  {
    std::lock_guard lock(mutex_);
    since = revocations_as_of_;
  }
  absl::StatusOr<std::pair<std::vector<RevokedCredential>, absl::Time>> revocations =
      source_.RevocationsSince(since);
  if (!revocations.ok()) return revocations.status();
  const absl::Time now = clock_.Now();
  std::lock_guard lock(mutex_);
  for (const RevokedCredential& revoked : revocations->first) {
    absl::Time& expire_time = revoked_.try_emplace(revoked.id, revoked.expire_time).first->second;
    expire_time = std::max(expire_time, revoked.expire_time);
  }
  // Once no token naming an id can be unexpired, remembering the id protects nothing.
  std::erase_if(revoked_, [now](const auto& entry) { return entry.second < now; });
  // Concurrent refreshes (the poller and an explicit call) may finish out of order.
  revocations_as_of_ = std::max(revocations_as_of_, revocations->second);
  return absl::OkStatus();
}

void Authenticator::PollLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock,
                   std::max(absl::ToChronoMilliseconds(options_.revocation_poll_interval),
                            std::chrono::milliseconds(1)),
                   [this] { return stopping_; });
    if (stopping_) break;
    const absl::Time now = clock_.Now();
    std::erase_if(api_key_tokens_, [now](const auto& entry) {
      return entry.second.expire_time - kApiKeyTokenRenewBefore <= now;
    });
    std::erase_if(verified_tokens_,
                  [now](const auto& entry) { return entry.second.claims.expire_time <= now; });
    const bool refresh_keys = now - last_key_refresh_ >= options_.key_refresh_interval;
    if (refresh_keys) last_key_refresh_ = now;
    // The source may be a slow RPC; Authenticate must not wait for it.
    lock.unlock();
    if (absl::Status status = RefreshRevocations(); !status.ok()) {
      LogFailure("revocation poll failed", status);
    }
    if (refresh_keys) {
      absl::StatusOr<std::map<std::string, std::string>> keys = source_.SigningKeys();
      if (!keys.ok()) {
        LogFailure("signing key refresh failed", keys.status());
      } else if (keys->empty()) {
        // Dropping every key would refuse every token; keep the ones we have.
        LogFailure("signing key refresh failed",
                   absl::UnavailableError("the registry returned no signing keys"));
      } else {
        SetKeys(*std::move(keys));
      }
    }
    lock.lock();
  }
}

void Authenticator::SetKeys(std::map<std::string, std::string> keys) {
  std::lock_guard lock(mutex_);
  verifier_.SetKeys(std::move(keys));
  // A token signed by a key that is gone must fail from now on.
  verified_tokens_.clear();
  ++key_generation_;
}

absl::StatusOr<TokenClaims> Authenticator::VerifyCached(const std::string& access_token) {
  const absl::Time now = clock_.Now();
  const std::string cache_key = HashSecret(access_token);
  uint64_t generation;
  {
    std::lock_guard lock(mutex_);
    auto it = verified_tokens_.find(cache_key);
    if (it != verified_tokens_.end()) {
      if (it->second.verified_at <= now && now < it->second.claims.expire_time) {
        return it->second.claims;
      }
      verified_tokens_.erase(it);
    }
    generation = key_generation_;
  }
  absl::StatusOr<TokenClaims> claims = verifier_.Verify(access_token, now);
  if (!claims.ok()) return claims;
  std::lock_guard lock(mutex_);
  if (generation == key_generation_) {
    if (verified_tokens_.size() >= kMaxVerifiedTokens) verified_tokens_.clear();
    verified_tokens_[cache_key] = VerifiedToken{*claims, now};
  }
  return claims;
}

bool Authenticator::IsRevoked(const TokenClaims& claims) {
  std::lock_guard lock(mutex_);
  return (!claims.session_id.empty() && revoked_.count(claims.session_id) > 0) ||
         (!claims.api_key_id.empty() && revoked_.count(claims.api_key_id) > 0);
}

absl::StatusOr<Caller> Authenticator::Authenticate(const std::string& authorization,
                                                   const std::string& remote_address) {
  if (authorization.empty()) {
    Caller caller = Caller::Anonymous();
    caller.remote_address = remote_address;
    return caller;
  }
  absl::StatusOr<std::string> token = BearerToken(authorization);
  if (!token.ok()) return token.status();

  // Verifies, and on an unknown key id refreshes the keys once (rate-limited, since anyone
  // can send a token naming a made-up key) and tries again.
  auto verify = [this](const std::string& access_token) -> absl::StatusOr<TokenClaims> {
    absl::StatusOr<TokenClaims> claims = VerifyCached(access_token);
    if (claims.ok() || claims.status().message() != kUnknownKeyMessage) return claims;
    {
      std::lock_guard lock(mutex_);
      const absl::Time now = clock_.Now();
      if (now - last_key_refresh_ < options_.key_refresh_interval) return claims;
      last_key_refresh_ = now;
    }
    absl::StatusOr<std::map<std::string, std::string>> keys = source_.SigningKeys();
    if (!keys.ok() || keys->empty()) {
      LogFailure("signing key refresh failed",
                 keys.ok() ? absl::UnavailableError("the registry returned no signing keys")
                           : keys.status());
      return claims;
    }
    SetKeys(*std::move(keys));
    return VerifyCached(access_token);
  };

  absl::StatusOr<TokenClaims> claims;
  if (absl::StartsWith(*token, "lpk_")) {
    if (token->size() > kMaxApiKeySize) return absl::UnauthenticatedError("malformed API key");
    // Only the hash is kept, so a memory dump does not reveal the keys.
    const std::string cache_key = HashSecret(*token);
    std::string cached;
    {
      std::lock_guard lock(mutex_);
      auto it = api_key_tokens_.find(cache_key);
      if (it != api_key_tokens_.end() &&
          clock_.Now() < it->second.expire_time - kApiKeyTokenRenewBefore) {
        cached = it->second.access_token;
      }
    }
    if (!cached.empty()) {
      claims = verify(cached);
    } else {
      absl::StatusOr<std::string> exchanged = source_.ExchangeApiKey(*token);
      if (!exchanged.ok()) return exchanged.status();
      claims = verify(*exchanged);
      if (claims.ok()) {
        std::lock_guard lock(mutex_);
        if (api_key_tokens_.size() >= kMaxCachedApiKeyTokens) api_key_tokens_.clear();
        api_key_tokens_[cache_key] = CachedApiKeyToken{*std::move(exchanged), claims->expire_time};
      }
    }
  } else {
    claims = verify(*token);
  }
  if (!claims.ok()) return claims.status();
  if (IsRevoked(*claims)) {
    return absl::UnauthenticatedError(claims->api_key_id.empty() ? "session ended"
                                                                 : "API key revoked");
  }
  Caller caller = CallerFromClaims(*claims);
  caller.remote_address = remote_address;
  return caller;
}

}  // namespace leerpool::auth
