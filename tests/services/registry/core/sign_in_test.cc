// Sign-in: passwords, sessions and refresh-token rotation, sign-out, brute-force limits, signing
// keys, revocations and API keys.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/secrets.h"
#include "services/common/auth/token.h"
#include "services/registry/core/registry.h"
#include "tests/services/registry/core/registry_fixture.h"

namespace leerpool::registry {
namespace {

using testing::Anonymous;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using testing::Message;
using testing::Must;
using ::testing::Not;
using testing::PasswordOf;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr char kCarl[] = "carl@curio.test";

auth::Caller From(const std::string& remote_address) {
  auth::Caller caller;
  caller.remote_address = remote_address;
  return caller;
}

class SignInTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    RegistryFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    curio_ = MakeOrganization("Curio");
    alice_ = Join(admin_, curio_.id, "alice@curio.test", {Role::kOrgAdmin});
    carl_ = Join(alice_, curio_.id, kCarl, {Role::kCoordinator});
  }

  absl::StatusOr<Session> Login(const std::string& email, const std::string& password,
                                const std::string& address = "192.0.2.1") {
    return registry_->Login(From(address), email, password);
  }

  absl::StatusOr<auth::TokenClaims> Verify(const std::string& token) {
    auth::TokenVerifier verifier;
    verifier.SetKeys(Must(registry_->GetSigningKeys()));
    return verifier.Verify(token, clock_.Now());
  }

  std::vector<std::string> RevokedIds(absl::Time since = absl::InfinitePast()) {
    std::vector<std::string> ids;
    for (const Revocation& revocation : Must(registry_->ListRevocations(since)).revocations) {
      ids.push_back(revocation.id);
    }
    return ids;
  }

  Organization curio_;
  auth::Caller alice_, carl_;
};

// ---------------------------------------------------------------------------------------------
// Login

TEST_P(SignInTest, LoginReturnsASignedAccessTokenAndARefreshToken) {
  const Session session = Must(Login(kCarl, PasswordOf(kCarl)));
  const absl::StatusOr<auth::TokenClaims> claims = Verify(session.access_token);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->person_id, carl_.person_id);
  EXPECT_THAT(claims->session_id, MatchesRegex("ses_[0-9a-f]{32}"));
  EXPECT_FALSE(claims->platform_admin);
  EXPECT_EQ(claims->roles,
            (std::map<std::string, std::set<Role>>{{curio_.id, {Role::kCoordinator}}}));
  EXPECT_EQ(claims->api_key_id, "");
  // Whole seconds, as the token carries them.
  const absl::Time expiry =
      absl::FromUnixSeconds(absl::ToUnixSeconds(clock_.Now() + absl::Minutes(15)));
  EXPECT_EQ(claims->expire_time, expiry);
  EXPECT_EQ(session.access_token_expire_time, expiry);
  EXPECT_EQ(session.refresh_token_expire_time, clock_.Now() + absl::Hours(30 * 24));
  EXPECT_GE(session.refresh_token.size(), 40u);
  ASSERT_TRUE(session.person.has_value());
  EXPECT_EQ(session.person->email, kCarl);
  ASSERT_EQ(session.memberships.size(), 1u);
  EXPECT_EQ(session.memberships[0].organization_name, "Curio");
  // The refresh token is stored only as its hash.
  EXPECT_EQ(QueryText(absl::StrCat("SELECT count(*) FROM refresh_tokens WHERE token_hash = '",
                                   auth::HashSecret(session.refresh_token), "'")),
            "1");
  EXPECT_EQ(QueryText(absl::StrCat("SELECT count(*) FROM refresh_tokens WHERE token_hash = '",
                                   session.refresh_token, "'")),
            "0");
}

TEST_P(SignInTest, TheEmailIsNormalisedAtSignIn) {
  EXPECT_TRUE(Login("  CARL@Curio.Test ", PasswordOf(kCarl)).ok());
}

TEST_P(SignInTest, AWrongPasswordAndAnUnknownEmailGetTheSameAnswer) {
  absl::StatusOr<Session> wrong = Login(kCarl, "not the password");
  absl::StatusOr<Session> unknown = Login("nobody@curio.test", PasswordOf(kCarl));
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status(), unknown.status());
  EXPECT_EQ(Message(wrong.status()), "email or password is wrong");
  EXPECT_THAT(Message(Login("", "x").status()), StartsWith("email:"));
  EXPECT_THAT(Message(Login(kCarl, "").status()), StartsWith("password:"));
}

TEST_P(SignInTest, PasswordsAreStoredAsArgon2idHashesOnly) {
  const std::string hash = QueryText(
      absl::StrCat("SELECT password_hash FROM people WHERE id = '", carl_.person_id, "'"));
  EXPECT_THAT(hash, StartsWith("$argon2id$"));
  EXPECT_THAT(hash, Not(HasSubstr(PasswordOf(kCarl))));
  EXPECT_TRUE(auth::VerifyPassword(PasswordOf(kCarl), hash));
  // Neither the password nor its hash appears in any audit detail.
  for (const AuditEvent& event : AuditTrail()) {
    EXPECT_THAT(event.details, Not(HasSubstr(PasswordOf(kCarl)))) << event.action;
    EXPECT_THAT(event.details, Not(HasSubstr("argon2"))) << event.action;
  }
}

// ---------------------------------------------------------------------------------------------
// Brute force

TEST_P(SignInTest, FiveFailuresLockTheAccountEvenAgainstTheRightPassword) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        Login(kCarl, absl::StrCat("guess ", i), absl::StrCat("198.51.100.", i)).status().code(),
        absl::StatusCode::kUnauthenticated);
  }
  clock_.Advance(absl::Minutes(5));
  absl::StatusOr<Session> limited = Login(kCarl, PasswordOf(kCarl));
  EXPECT_EQ(limited.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Message(limited.status()), "too many failed sign-ins; try again in 10 minutes");
  // Other accounts are not affected.
  EXPECT_TRUE(Login("alice@curio.test", PasswordOf("alice@curio.test")).ok());
  // The oldest failure leaves the window 15 minutes after it happened.
  clock_.Advance(absl::Minutes(10) - absl::Microseconds(1));
  EXPECT_EQ(Login(kCarl, PasswordOf(kCarl)).status().code(), absl::StatusCode::kResourceExhausted);
  clock_.Advance(absl::Microseconds(1));
  EXPECT_TRUE(Login(kCarl, PasswordOf(kCarl)).ok());
}

TEST_P(SignInTest, FourFailuresStillLetTheRightPasswordIn) {
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(Login(kCarl, "wrong password").ok());
  EXPECT_TRUE(Login(kCarl, PasswordOf(kCarl)).ok());
}

TEST_P(SignInTest, TwentyFailuresFromOneAddressLockThatAddress) {
  for (int i = 0; i < 20; ++i) {
    // Spread over many accounts, as in credential stuffing, each under its own limit.
    EXPECT_EQ(Login(absl::StrCat("user", i, "@curio.test"), "guess", "203.0.113.9").status().code(),
              absl::StatusCode::kUnauthenticated);
  }
  absl::StatusOr<Session> limited = Login(kCarl, PasswordOf(kCarl), "203.0.113.9");
  EXPECT_EQ(limited.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(Message(limited.status()), HasSubstr("try again in 15 minutes"));
  EXPECT_TRUE(Login(kCarl, PasswordOf(kCarl), "203.0.113.10").ok());
}

TEST_P(SignInTest, FailuresAreStoredAndPrunedAndSuccessesAreNot) {
  EXPECT_TRUE(Login(kCarl, PasswordOf(kCarl)).ok());
  EXPECT_EQ(Count("login_failures"), 0);
  EXPECT_FALSE(Login(kCarl, "wrong password").ok());
  EXPECT_FALSE(Login("nobody@curio.test", "wrong password").ok());
  EXPECT_EQ(Count("login_failures"), 2);
  clock_.Advance(absl::Minutes(16));
  EXPECT_TRUE(Login(kCarl, PasswordOf(kCarl)).ok());
  EXPECT_EQ(Count("login_failures"), 0);
}

TEST_P(SignInTest, AcceptingAnInvitationCountsTowardsTheLimits) {
  const Organization spoor = MakeOrganization("Het Spoor", OrganizationKind::kSchool, "BE");
  CreateInvitationRequest request;
  request.organization_id = spoor.id;
  request.email = kCarl;
  request.roles = {Role::kInstructor};
  const Invitation invitation = Must(registry_->CreateInvitation(admin_, request));
  AcceptInvitationRequest accept;
  accept.token = invitation.token;
  for (int i = 0; i < 5; ++i) {
    accept.password = absl::StrCat("guess number ", i);
    EXPECT_EQ(registry_->AcceptInvitation(Anonymous(), accept).status().code(),
              absl::StatusCode::kUnauthenticated);
  }
  accept.password = PasswordOf(kCarl);
  EXPECT_EQ(registry_->AcceptInvitation(Anonymous(), accept).status().code(),
            absl::StatusCode::kResourceExhausted);
}

// ---------------------------------------------------------------------------------------------
// Refresh and sign-out

TEST_P(SignInTest, RefreshRotatesTheRefreshToken) {
  const Session first = Must(Login(kCarl, PasswordOf(kCarl)));
  clock_.Advance(absl::Minutes(14));
  const Session second = Must(registry_->Refresh(Anonymous(), first.refresh_token));
  EXPECT_NE(second.refresh_token, first.refresh_token);
  EXPECT_NE(second.access_token, first.access_token);
  EXPECT_EQ(Verify(second.access_token)->session_id, Verify(first.access_token)->session_id);
  EXPECT_EQ(second.refresh_token_expire_time, clock_.Now() + absl::Hours(30 * 24));
  const Session third = Must(registry_->Refresh(Anonymous(), second.refresh_token));
  EXPECT_EQ(CallerOf(third).person_id, carl_.person_id);
}

TEST_P(SignInTest, ReusingARotatedRefreshTokenEndsTheWholeSession) {
  const Session first = Must(Login(kCarl, PasswordOf(kCarl)));
  const auth::Caller carl = CallerOf(first);
  const Session second = Must(registry_->Refresh(Anonymous(), first.refresh_token));
  absl::StatusOr<Session> reused = registry_->Refresh(Anonymous(), first.refresh_token);
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(Message(reused.status()), HasSubstr("already used"));
  // The thief's copy and the owner's newer token are both dead now.
  EXPECT_EQ(registry_->Refresh(Anonymous(), second.refresh_token).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(RevokedIds(), Contains(carl.session_id));
  EXPECT_EQ(registry_->GetMe(carl).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(registry_->GetMe(CallerOf(second)).status().code(), absl::StatusCode::kUnauthenticated);
  // Another session of the same person is untouched.
  EXPECT_TRUE(registry_->GetMe(carl_).ok());
}

TEST_P(SignInTest, ARefreshTokenExpiresAfterThirtyDays) {
  const Session session = Must(Login(kCarl, PasswordOf(kCarl)));
  clock_.Advance(absl::Hours(30 * 24));
  EXPECT_EQ(registry_->Refresh(Anonymous(), session.refresh_token).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(registry_->Refresh(Anonymous(), "made-up").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(Message(registry_->Refresh(Anonymous(), "").status()), StartsWith("refresh_token:"));
}

TEST_P(SignInTest, ARefreshedAccessTokenCarriesTheCurrentRoles) {
  const Session session = Must(Login(kCarl, PasswordOf(kCarl)));
  Must(registry_->UpdateMember(alice_, curio_.id, carl_.person_id, {Role::kAnalyst}));
  const Session refreshed = Must(registry_->Refresh(Anonymous(), session.refresh_token));
  EXPECT_EQ(Verify(refreshed.access_token)->roles.at(curio_.id), std::set<Role>{Role::kAnalyst});
}

TEST_P(SignInTest, LogoutEndsTheSessionAndRecordsARevocation) {
  const Session session = Must(Login(kCarl, PasswordOf(kCarl)));
  const auth::Caller carl = CallerOf(session);
  clock_.Advance(absl::Minutes(3));
  const absl::Time logout_time = clock_.Now();
  ASSERT_TRUE(registry_->Logout(carl, "").ok());
  EXPECT_EQ(registry_->Refresh(Anonymous(), session.refresh_token).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(registry_->GetMe(carl).status().code(), absl::StatusCode::kUnauthenticated);
  const RevocationList list = Must(registry_->ListRevocations(logout_time));
  EXPECT_EQ(list.as_of, clock_.Now());
  ASSERT_THAT(list.revocations, SizeIs(1));
  EXPECT_EQ(list.revocations[0],
            (Revocation{carl.session_id, logout_time, logout_time + absl::Minutes(15)}));
  EXPECT_THAT(RevokedIds(logout_time + absl::Microseconds(1)), IsEmpty());
  // Signing out twice is harmless.
  EXPECT_TRUE(registry_->Logout(Anonymous(), session.refresh_token).ok());
  EXPECT_THAT(RevokedIds(), SizeIs(1));
}

TEST_P(SignInTest, LogoutWithARefreshTokenNeedsNoAccessToken) {
  const Session session = Must(Login(kCarl, PasswordOf(kCarl)));
  ASSERT_TRUE(registry_->Logout(Anonymous(), session.refresh_token).ok());
  EXPECT_EQ(registry_->GetMe(CallerOf(session)).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(registry_->Logout(Anonymous(), "").code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(registry_->Logout(Anonymous(), "made-up").code(), absl::StatusCode::kUnauthenticated);
}

// ---------------------------------------------------------------------------------------------
// Signing keys

TEST_P(SignInTest, TheSigningKeyIsCreatedOnceAndSharedByEveryInstance) {
  const std::map<std::string, std::string> keys = Must(registry_->GetSigningKeys());
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys.begin()->second.size(), 32u);
  std::unique_ptr<Registry> second = Must(Registry::Create(*store_, clock_, Options()));
  EXPECT_EQ(Must(second->GetSigningKeys()), keys);
  const Session session = Must(second->Login(Anonymous(), kCarl, PasswordOf(kCarl)));
  EXPECT_TRUE(Verify(session.access_token).ok());
  EXPECT_EQ(Count("signing_keys"), 1);
}

// ---------------------------------------------------------------------------------------------
// API keys

class ApiKeyTest : public SignInTest {
 protected:
  ApiKey MustCreateKey(Role role = Role::kCoordinator) {
    return Must(registry_->CreateApiKey(alice_, curio_.id, "timetable sync", role));
  }
};

TEST_P(ApiKeyTest, TheSecretIsShownOnceAndStoredOnlyAsAHash) {
  const ApiKey key = MustCreateKey();
  EXPECT_THAT(key.id, MatchesRegex("key_[0-9a-f]{32}"));
  EXPECT_THAT(key.secret, StartsWith(absl::StrCat("lpk_", key.id, "_")));
  EXPECT_GE(key.secret.size(), 4 + key.id.size() + 1 + 40);
  EXPECT_EQ(key.created_by_person_id, alice_.person_id);
  const std::string secret_part = key.secret.substr(4 + key.id.size() + 1);
  const std::string stored =
      QueryText(absl::StrCat("SELECT secret_hash FROM api_keys WHERE id = '", key.id, "'"));
  EXPECT_EQ(stored, auth::HashSecret(key.secret));
  EXPECT_THAT(stored, Not(HasSubstr(secret_part)));
  // Nothing anywhere in the row holds the secret.
  // replace() rather than instr()/strpos(): both backends have it.
  EXPECT_EQ(QueryText(absl::StrCat("SELECT count(*) FROM api_keys WHERE replace(id || name || "
                                   "secret_hash || created_by_person_id, '",
                                   secret_part,
                                   "', '') <> id || name || secret_hash || "
                                   "created_by_person_id")),
            "0");
  for (const ApiKey& listed : Must(registry_->ListApiKeys(alice_, curio_.id))) {
    EXPECT_EQ(listed.secret, "");
  }
  for (const AuditEvent& event : AuditTrail()) {
    EXPECT_THAT(event.details, Not(HasSubstr(secret_part)));
  }
}

TEST_P(ApiKeyTest, KeysNeverManagePeople) {
  absl::StatusOr<ApiKey> admin_key =
      registry_->CreateApiKey(alice_, curio_.id, "sync", Role::kOrgAdmin);
  EXPECT_EQ(admin_key.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(admin_key.status()), StartsWith("role:"));
  EXPECT_THAT(
      Message(registry_->CreateApiKey(alice_, curio_.id, "sync", Role::kUnspecified).status()),
      StartsWith("role:"));
  EXPECT_THAT(Message(registry_->CreateApiKey(alice_, curio_.id, " ", Role::kAnalyst).status()),
              StartsWith("name:"));
  EXPECT_EQ(registry_->CreateApiKey(carl_, curio_.id, "sync", Role::kAnalyst).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->ListApiKeys(carl_, curio_.id).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Count("api_keys"), 0);
}

TEST_P(ApiKeyTest, AKeyIsExchangedForAShortLivedTokenScopedToItsRole) {
  const ApiKey key = MustCreateKey(Role::kInstructor);
  clock_.Advance(absl::Minutes(1));
  const Session session = Must(registry_->ExchangeApiKey(Anonymous(), key.secret));
  EXPECT_EQ(session.refresh_token, "");
  EXPECT_FALSE(session.person.has_value());
  const absl::StatusOr<auth::TokenClaims> claims = Verify(session.access_token);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->api_key_id, key.id);
  EXPECT_EQ(claims->person_id, "");
  EXPECT_EQ(claims->session_id, "");
  EXPECT_EQ(claims->roles,
            (std::map<std::string, std::set<Role>>{{curio_.id, {Role::kInstructor}}}));
  EXPECT_EQ(claims->expire_time,
            absl::FromUnixSeconds(absl::ToUnixSeconds(clock_.Now() + absl::Minutes(15))));
  const std::vector<ApiKey> listed = Must(registry_->ListApiKeys(alice_, curio_.id));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].last_use_time, clock_.Now());
}

TEST_P(ApiKeyTest, AKeyCallerHasItsRoleInTheRegistryAndNoMore) {
  const auth::Caller robot =
      CallerOf(Must(registry_->ExchangeApiKey(Anonymous(), MustCreateKey().secret)));
  EXPECT_EQ(Must(registry_->ListMembers(robot, curio_.id, 0, "")).members.size(), 2u);
  EXPECT_EQ(registry_->GetMe(robot).status().code(), absl::StatusCode::kPermissionDenied);
  CreateInvitationRequest invite;
  invite.organization_id = curio_.id;
  invite.email = "x@curio.test";
  invite.roles = {Role::kAnalyst};
  EXPECT_EQ(registry_->CreateInvitation(robot, invite).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->Logout(robot, "").code(), absl::StatusCode::kFailedPrecondition);
}

TEST_P(ApiKeyTest, ARevokedKeyIsRefusedEverywhereAtOnce) {
  const ApiKey key = MustCreateKey();
  const auth::Caller robot = CallerOf(Must(registry_->ExchangeApiKey(Anonymous(), key.secret)));
  clock_.Advance(absl::Minutes(1));
  const ApiKey revoked = Must(registry_->RevokeApiKey(alice_, curio_.id, key.id));
  EXPECT_TRUE(revoked.revoked());
  EXPECT_EQ(revoked.secret, "");
  absl::StatusOr<Session> exchanged = registry_->ExchangeApiKey(Anonymous(), key.secret);
  EXPECT_EQ(exchanged.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(RevokedIds(), ElementsAre(key.id));
  EXPECT_EQ(Must(registry_->ListRevocations(clock_.Now())).revocations[0].expire_time,
            clock_.Now() + absl::Minutes(15));
  // Its token, still unexpired, no longer works in the registry.
  EXPECT_EQ(registry_->ListMembers(robot, curio_.id, 0, "").status().code(),
            absl::StatusCode::kUnauthenticated);
  // Revoking again changes nothing.
  EXPECT_TRUE(registry_->RevokeApiKey(alice_, curio_.id, key.id).ok());
  EXPECT_THAT(RevokedIds(), SizeIs(1));
}

TEST_P(ApiKeyTest, OnlyGenuineKeysAreExchanged) {
  const ApiKey key = MustCreateKey();
  const std::string forged = key.secret.substr(0, key.secret.size() - 4) + "AAAA";
  for (const std::string& attempt :
       {forged, std::string("lpk_"), std::string("lpk_key_nope_secret"), std::string("Bearer x"),
        absl::StrCat("lpk_", key.id)}) {
    SCOPED_TRACE(attempt);
    EXPECT_EQ(registry_->ExchangeApiKey(Anonymous(), attempt).status().code(),
              absl::StatusCode::kUnauthenticated);
  }
  EXPECT_FALSE(Must(registry_->ListApiKeys(alice_, curio_.id)).at(0).last_use_time.has_value());
}

TEST_P(ApiKeyTest, AnotherOrganisationsKeyIsNotFound) {
  const ApiKey key = MustCreateKey();
  const Organization spoor = MakeOrganization("Het Spoor", OrganizationKind::kSchool, "BE");
  const auth::Caller bob = Join(admin_, spoor.id, "bob@spoor.test", {Role::kOrgAdmin});
  EXPECT_EQ(registry_->RevokeApiKey(bob, spoor.id, key.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(registry_->RevokeApiKey(bob, curio_.id, key.id).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(registry_->ExchangeApiKey(Anonymous(), key.secret).ok());
}

TEST_P(ApiKeyTest, ChangesByAKeyAreAuditedAsTheKey) {
  const Organization censes = MakeOrganization("Censes", OrganizationKind::kManufacturer);
  const auth::Caller mia = Join(admin_, censes.id, "mia@censes.test", {Role::kOrgAdmin});
  const ApiKey key = Must(registry_->CreateApiKey(mia, censes.id, "lms", Role::kInstructor));
  const auth::Caller robot = CallerOf(Must(registry_->ExchangeApiKey(Anonymous(), key.secret)));
  QualificationType type;
  type.issuer_organization_id = censes.id;
  type.code = "HP";
  type.name_en = "Heat pumps";
  type = Must(registry_->CreateQualificationType(mia, type));
  IssueQualificationRequest issue;
  issue.qualification_type_id = type.id;
  issue.person_email = kCarl;
  issue.issue_date = Date{2026, 1, 5};
  clock_.Advance(absl::Seconds(1));  // Events at one instant have no defined order.
  const Qualification issued = Must(registry_->IssueQualification(robot, issue));
  EXPECT_EQ(issued.issued_by_person_id, "");
  const AuditEvent event = AuditTrail(censes.id).front();
  EXPECT_EQ(event.action, "qualification.issue");
  EXPECT_EQ(event.actor_api_key_id, key.id);
  EXPECT_EQ(event.actor_person_id, "");
}

INSTANTIATE_TEST_SUITE_P(Backends, SignInTest, testing::Backends(), testing::BackendTestName());
INSTANTIATE_TEST_SUITE_P(Backends, ApiKeyTest, testing::Backends(), testing::BackendTestName());

}  // namespace
}  // namespace leerpool::registry
