#include "services/common/auth/authenticator.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/token.h"
#include "services/common/clock.h"

namespace leerpool::auth {
namespace {

using ::testing::HasSubstr;

const absl::Time kStart = absl::FromUnixSeconds(1'750'000'000);
constexpr absl::Duration kTokenLifetime = absl::Minutes(15);

SigningKeyPair NewKey() {
  absl::StatusOr<SigningKeyPair> key = GenerateSigningKeyPair();
  EXPECT_TRUE(key.ok()) << key.status();
  return *key;
}

// The registry as the Authenticator sees it. Called from the poller thread too, so locked.
class FakeAuthSource : public AuthSource {
 public:
  explicit FakeAuthSource(Clock& clock) : clock_(clock) {}

  absl::StatusOr<std::map<std::string, std::string>> SigningKeys() override {
    std::lock_guard lock(mutex_);
    ++signing_key_calls_;
    if (!available_) return absl::UnavailableError("registry down");
    return keys_;
  }

  absl::StatusOr<std::pair<std::vector<RevokedCredential>, absl::Time>> RevocationsSince(
      absl::Time since) override {
    std::lock_guard lock(mutex_);
    ++revocation_calls_;
    if (!available_) return absl::UnavailableError("registry down");
    std::vector<RevokedCredential> result;
    for (const auto& [revoked, sequence] : revocations_) {
      if (absl::FromUnixSeconds(sequence) >= since) result.push_back(revoked);
    }
    return std::make_pair(result, absl::FromUnixSeconds(next_sequence_));
  }

  absl::StatusOr<std::string> ExchangeApiKey(const std::string& api_key) override {
    std::lock_guard lock(mutex_);
    ++exchange_calls_;
    if (!available_) return absl::UnavailableError("registry down");
    auto it = api_keys_.find(api_key);
    if (it == api_keys_.end()) return absl::UnauthenticatedError("unknown API key");
    TokenClaims claims;
    claims.api_key_id = it->second;
    claims.roles["org_x"] = {Role::kCoordinator};
    claims.issue_time = clock_.Now();
    claims.expire_time = clock_.Now() + kTokenLifetime;
    return TokenSigner(signing_key_).Sign(claims);
  }

  // Publishes `key` and signs API key tokens with it.
  void AddKey(const SigningKeyPair& key) {
    std::lock_guard lock(mutex_);
    keys_[key.key_id] = key.public_key;
    signing_key_ = key;
  }
  // Stops publishing `key` (a rotation that retires it).
  void RemoveKey(const SigningKeyPair& key) {
    std::lock_guard lock(mutex_);
    keys_.erase(key.key_id);
  }
  void Revoke(const std::string& id) {
    std::lock_guard lock(mutex_);
    revocations_.push_back({{id, clock_.Now() + absl::Hours(1)}, next_sequence_++});
  }
  void AddApiKey(const std::string& secret, const std::string& id) {
    std::lock_guard lock(mutex_);
    api_keys_[secret] = id;
  }
  void SetAvailable(bool available) {
    std::lock_guard lock(mutex_);
    available_ = available;
  }
  int signing_key_calls() {
    std::lock_guard lock(mutex_);
    return signing_key_calls_;
  }
  int revocation_calls() {
    std::lock_guard lock(mutex_);
    return revocation_calls_;
  }
  int exchange_calls() {
    std::lock_guard lock(mutex_);
    return exchange_calls_;
  }

 private:
  Clock& clock_;
  std::mutex mutex_;
  bool available_ = true;
  std::map<std::string, std::string> keys_;
  SigningKeyPair signing_key_;
  // Each revocation with the sequence number standing in for its revoke time.
  std::vector<std::pair<RevokedCredential, int64_t>> revocations_;
  int64_t next_sequence_ = 1;
  std::map<std::string, std::string> api_keys_;
  int signing_key_calls_ = 0;
  int revocation_calls_ = 0;
  int exchange_calls_ = 0;
};

class AuthenticatorTest : public ::testing::Test {
 protected:
  AuthenticatorTest() : clock_(kStart), source_(clock_), key_(NewKey()) {
    source_.AddKey(key_);
    // Only tests of the poller want it to run during the test.
    options_.revocation_poll_interval = absl::Hours(1);
    options_.key_refresh_interval = absl::Minutes(10);
    options_.startup_timeout = absl::Seconds(5);
  }

  std::unique_ptr<Authenticator> Create() {
    absl::StatusOr<std::unique_ptr<Authenticator>> authenticator =
        Authenticator::Create(source_, clock_, options_);
    EXPECT_TRUE(authenticator.ok()) << authenticator.status();
    return authenticator.ok() ? *std::move(authenticator) : nullptr;
  }

  std::string PersonToken(const SigningKeyPair& key, const std::string& session_id = "ses_1") {
    TokenClaims claims;
    claims.person_id = "per_1";
    claims.session_id = session_id;
    claims.roles["org_x"] = {Role::kOrgAdmin};
    claims.issue_time = clock_.Now();
    claims.expire_time = clock_.Now() + kTokenLifetime;
    return "Bearer " + TokenSigner(key).Sign(claims);
  }

  static void ExpectUnauthenticated(const absl::StatusOr<Caller>& caller,
                                    const std::string& message) {
    ASSERT_FALSE(caller.ok());
    EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated) << caller.status();
    EXPECT_THAT(std::string(caller.status().message()), HasSubstr(message));
  }

  FakeClock clock_;
  FakeAuthSource source_;
  SigningKeyPair key_;
  AuthenticatorOptions options_;
};

TEST_F(AuthenticatorTest, NoAuthorizationIsAnonymous) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  absl::StatusOr<Caller> caller = authenticator->Authenticate("", "192.0.2.7");
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_TRUE(caller->anonymous());
  EXPECT_EQ(caller->remote_address, "192.0.2.7");
}

TEST_F(AuthenticatorTest, ValidAccessToken) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  absl::StatusOr<Caller> caller = authenticator->Authenticate(PersonToken(key_), "192.0.2.7");
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->person_id, "per_1");
  EXPECT_EQ(caller->session_id, "ses_1");
  EXPECT_TRUE(caller->HasRole("org_x", Role::kOrgAdmin));
  EXPECT_EQ(caller->remote_address, "192.0.2.7");
  EXPECT_EQ(caller->token_expire_time, kStart + kTokenLifetime);

  // The scheme is case-insensitive (RFC 7235).
  const std::string token = PersonToken(key_).substr(7);
  EXPECT_TRUE(authenticator->Authenticate("bearer " + token, "").ok());
  EXPECT_TRUE(authenticator->Authenticate("BEARER " + token, "").ok());
  EXPECT_TRUE(authenticator->Authenticate("Bearer   " + token + " ", "").ok());
}

TEST_F(AuthenticatorTest, MalformedAuthorizationIsRefused) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  const std::string token = PersonToken(key_).substr(7);
  for (const std::string& authorization :
       {std::string("Basic dXNlcjpwYXNz"), token, std::string("Bearer"), std::string("Bearer "),
        std::string(" Bearer ") + token, std::string("Bearertoken"), std::string("Bearer a b")}) {
    SCOPED_TRACE(authorization);
    ExpectUnauthenticated(authenticator->Authenticate(authorization, ""), "");
  }
  ExpectUnauthenticated(authenticator->Authenticate("Basic dXNlcjpwYXNz", ""),
                        "Authorization must be 'Bearer <token>'");
  ExpectUnauthenticated(authenticator->Authenticate("Bearer not-a-token", ""), "malformed");
  ExpectUnauthenticated(authenticator->Authenticate("Bearer " + std::string(10000, 'x'), ""),
                        "malformed");
}

TEST_F(AuthenticatorTest, ExpiredTokenIsRefused) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  const std::string token = PersonToken(key_);
  clock_.Advance(kTokenLifetime);
  ExpectUnauthenticated(authenticator->Authenticate(token, ""), "access token expired");
}

TEST_F(AuthenticatorTest, RevokedSessionIsRefusedAfterRefresh) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  const std::string token = PersonToken(key_, "ses_gone");
  const std::string other = PersonToken(key_, "ses_kept");
  source_.Revoke("ses_gone");
  // Not polled yet: the revocation is not known here.
  EXPECT_TRUE(authenticator->Authenticate(token, "").ok());

  ASSERT_TRUE(authenticator->RefreshRevocations().ok());
  ExpectUnauthenticated(authenticator->Authenticate(token, ""), "session ended");
  EXPECT_TRUE(authenticator->Authenticate(other, "").ok());
}

// Verified tokens are remembered, which must not let a token outlive its expiry, its
// session or its signing key.
TEST_F(AuthenticatorTest, RememberedTokenStillExpires) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  const std::string token = PersonToken(key_);
  ASSERT_TRUE(authenticator->Authenticate(token, "").ok());
  clock_.Advance(kTokenLifetime - absl::Seconds(1));
  ASSERT_TRUE(authenticator->Authenticate(token, "").ok());
  clock_.Advance(absl::Seconds(1));
  ExpectUnauthenticated(authenticator->Authenticate(token, ""), "access token expired");
}

TEST_F(AuthenticatorTest, RememberedTokenIsRefusedOnceRevoked) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  const std::string token = PersonToken(key_, "ses_later_gone");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(authenticator->Authenticate(token, "").ok());
  source_.Revoke("ses_later_gone");
  ASSERT_TRUE(authenticator->RefreshRevocations().ok());
  ExpectUnauthenticated(authenticator->Authenticate(token, ""), "session ended");
}

TEST_F(AuthenticatorTest, RememberedTokenIsRefusedOnceItsKeyIsRetired) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  const std::string token = PersonToken(key_);
  ASSERT_TRUE(authenticator->Authenticate(token, "").ok());
  // The registry rotates: a new key is published and the old one retired. A token naming the
  // new key makes the service fetch the keys.
  SigningKeyPair next = NewKey();
  source_.AddKey(next);
  source_.RemoveKey(key_);
  clock_.Advance(options_.key_refresh_interval);
  ASSERT_TRUE(authenticator->Authenticate(PersonToken(next), "").ok());
  ExpectUnauthenticated(authenticator->Authenticate(token, ""), "unknown key");
}

TEST_F(AuthenticatorTest, RememberedTokenIsNotReusedWhenTheClockGoesBack) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  // Issued two minutes ahead of the clock (beyond the allowed skew), so refused now ...
  TokenClaims claims;
  claims.person_id = "per_1";
  claims.session_id = "ses_1";
  claims.issue_time = clock_.Now() + absl::Minutes(2);
  claims.expire_time = claims.issue_time + kTokenLifetime;
  const std::string token = "Bearer " + TokenSigner(key_).Sign(claims);
  ExpectUnauthenticated(authenticator->Authenticate(token, ""), "issued in the future");
  // ... accepted once the clock catches up, and refused again if the clock is set back.
  clock_.Advance(absl::Minutes(2));
  ASSERT_TRUE(authenticator->Authenticate(token, "").ok());
  clock_.Advance(-absl::Minutes(2));
  ExpectUnauthenticated(authenticator->Authenticate(token, ""), "issued in the future");
}

TEST_F(AuthenticatorTest, RevocationsKnownAtStartupAreApplied) {
  source_.Revoke("ses_early");
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  ExpectUnauthenticated(authenticator->Authenticate(PersonToken(key_, "ses_early"), ""),
                        "session ended");
}

TEST_F(AuthenticatorTest, PollerPicksUpRevocations) {
  options_.revocation_poll_interval = absl::Milliseconds(50);
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  const std::string token = PersonToken(key_, "ses_polled");
  ASSERT_TRUE(authenticator->Authenticate(token, "").ok());
  source_.Revoke("ses_polled");

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  bool refused = false;
  while (!refused && std::chrono::steady_clock::now() < deadline) {
    refused = !authenticator->Authenticate(token, "").ok();
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(refused);
  ExpectUnauthenticated(authenticator->Authenticate(token, ""), "session ended");
}

TEST_F(AuthenticatorTest, PollerSurvivesSourceFailures) {
  options_.revocation_poll_interval = absl::Milliseconds(20);
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  const std::string token = PersonToken(key_, "ses_later");
  source_.SetAvailable(false);
  const int calls = source_.revocation_calls();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (source_.revocation_calls() < calls + 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(source_.revocation_calls(), calls + 3);
  // Verification is local, so it goes on while the registry is down.
  EXPECT_TRUE(authenticator->Authenticate(token, "").ok());
  EXPECT_EQ(authenticator->RefreshRevocations().code(), absl::StatusCode::kUnavailable);

  source_.Revoke("ses_later");
  source_.SetAvailable(true);
  bool refused = false;
  while (!refused && std::chrono::steady_clock::now() < deadline) {
    refused = !authenticator->Authenticate(token, "").ok();
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(refused);
}

TEST_F(AuthenticatorTest, ApiKeyTokenIsCachedUntilNearExpiry) {
  source_.AddApiKey("lpk_k1_secret", "key_1");
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);

  absl::StatusOr<Caller> first = authenticator->Authenticate("Bearer lpk_k1_secret", "10.1.1.1");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->api_key_id, "key_1");
  EXPECT_EQ(first->person_id, "");
  EXPECT_FALSE(first->anonymous());
  EXPECT_TRUE(first->HasRole("org_x", Role::kCoordinator));
  EXPECT_EQ(first->remote_address, "10.1.1.1");
  ASSERT_TRUE(authenticator->Authenticate("Bearer lpk_k1_secret", "").ok());
  EXPECT_EQ(source_.exchange_calls(), 1);

  // Still more than 30 s of validity left: cached.
  clock_.Advance(kTokenLifetime - absl::Seconds(31));
  ASSERT_TRUE(authenticator->Authenticate("Bearer lpk_k1_secret", "").ok());
  EXPECT_EQ(source_.exchange_calls(), 1);

  // Close to expiry: exchanged again, then cached again.
  clock_.Advance(absl::Seconds(2));
  absl::StatusOr<Caller> renewed = authenticator->Authenticate("Bearer lpk_k1_secret", "");
  ASSERT_TRUE(renewed.ok()) << renewed.status();
  EXPECT_EQ(source_.exchange_calls(), 2);
  EXPECT_EQ(renewed->token_expire_time, clock_.Now() + kTokenLifetime);
  ASSERT_TRUE(authenticator->Authenticate("Bearer lpk_k1_secret", "").ok());
  EXPECT_EQ(source_.exchange_calls(), 2);
}

TEST_F(AuthenticatorTest, UnknownApiKeyIsRefused) {
  source_.AddApiKey("lpk_k1_secret", "key_1");
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  ExpectUnauthenticated(authenticator->Authenticate("Bearer lpk_k1_wrong", ""), "unknown API key");
  // Another secret of the same key id must not be served from the cache.
  ASSERT_TRUE(authenticator->Authenticate("Bearer lpk_k1_secret", "").ok());
  ExpectUnauthenticated(authenticator->Authenticate("Bearer lpk_k1_wrong", ""), "unknown API key");
  ExpectUnauthenticated(authenticator->Authenticate("Bearer lpk_" + std::string(1000, 'x'), ""),
                        "API key");
}

TEST_F(AuthenticatorTest, RevokedApiKeyIsRefusedEvenWhenCached) {
  source_.AddApiKey("lpk_k2_secret", "key_2");
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  ASSERT_TRUE(authenticator->Authenticate("Bearer lpk_k2_secret", "").ok());
  source_.Revoke("key_2");
  ASSERT_TRUE(authenticator->RefreshRevocations().ok());
  ExpectUnauthenticated(authenticator->Authenticate("Bearer lpk_k2_secret", ""), "API key revoked");
}

TEST_F(AuthenticatorTest, RotatedKeyIsFetchedOnDemandAtMostOncePerInterval) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  const int calls_after_start = source_.signing_key_calls();

  // Right after start-up the keys were just fetched: a token naming an unknown key does not
  // send every request to the registry.
  SigningKeyPair next = NewKey();
  ExpectUnauthenticated(authenticator->Authenticate(PersonToken(next), ""), "unknown key");
  EXPECT_EQ(source_.signing_key_calls(), calls_after_start);

  clock_.Advance(options_.key_refresh_interval);
  source_.AddKey(next);
  absl::StatusOr<Caller> caller = authenticator->Authenticate(PersonToken(next), "");
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(source_.signing_key_calls(), calls_after_start + 1);
  // The old key is still published, so its tokens still verify.
  EXPECT_TRUE(authenticator->Authenticate(PersonToken(key_), "").ok());

  // Made-up key ids trigger at most one refresh per interval.
  for (int i = 0; i < 5; ++i) {
    ExpectUnauthenticated(authenticator->Authenticate(PersonToken(NewKey()), ""), "unknown key");
  }
  EXPECT_EQ(source_.signing_key_calls(), calls_after_start + 1);
  clock_.Advance(options_.key_refresh_interval);
  ExpectUnauthenticated(authenticator->Authenticate(PersonToken(NewKey()), ""), "unknown key");
  ExpectUnauthenticated(authenticator->Authenticate(PersonToken(NewKey()), ""), "unknown key");
  EXPECT_EQ(source_.signing_key_calls(), calls_after_start + 2);
}

TEST_F(AuthenticatorTest, ApiKeyTokenSignedByRotatedKeyIsAccepted) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  source_.AddApiKey("lpk_k3_secret", "key_3");
  clock_.Advance(options_.key_refresh_interval);
  source_.AddKey(NewKey());
  absl::StatusOr<Caller> caller = authenticator->Authenticate("Bearer lpk_k3_secret", "");
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->api_key_id, "key_3");
}

TEST_F(AuthenticatorTest, CreateFailsWhenTheSourceNeverAnswers) {
  source_.SetAvailable(false);
  options_.startup_timeout = absl::Milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<Authenticator>> authenticator =
      Authenticator::Create(source_, clock_, options_);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(authenticator.ok());
  EXPECT_EQ(authenticator.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(authenticator.status().message()), HasSubstr("signing keys"));
  EXPECT_THAT(std::string(authenticator.status().message()), HasSubstr("registry down"));
  EXPECT_GE(source_.signing_key_calls(), 2);  // it retried
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST_F(AuthenticatorTest, CreateWaitsForALateSource) {
  source_.SetAvailable(false);
  std::thread registry_starts([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    source_.SetAvailable(true);
  });
  absl::StatusOr<std::unique_ptr<Authenticator>> authenticator =
      Authenticator::Create(source_, clock_, options_);
  registry_starts.join();
  ASSERT_TRUE(authenticator.ok()) << authenticator.status();
  EXPECT_TRUE((*authenticator)->Authenticate(PersonToken(key_), "").ok());
}

TEST_F(AuthenticatorTest, DestructionStopsThePollerPromptly) {
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  const auto start = std::chrono::steady_clock::now();
  authenticator.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
}

TEST_F(AuthenticatorTest, ConcurrentAuthentication) {
  options_.revocation_poll_interval = absl::Milliseconds(5);
  source_.AddApiKey("lpk_k4_secret", "key_4");
  std::unique_ptr<Authenticator> authenticator = Create();
  ASSERT_NE(authenticator, nullptr);
  const std::string token = PersonToken(key_);
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const std::string& authorization = (i + t) % 2 == 0 ? token : "Bearer lpk_k4_secret";
        if (!authenticator->Authenticate(authorization, "").ok()) ++failures;
        if (i % 10 == 0 && !authenticator->RefreshRevocations().ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace leerpool::auth
