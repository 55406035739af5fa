#ifndef LEERPOOL_TESTS_SERVICES_REGISTRY_CORE_REGISTRY_FIXTURE_H_
#define LEERPOOL_TESTS_SERVICES_REGISTRY_CORE_REGISTRY_FIXTURE_H_

// The registry core on a real store with a FakeClock and the cheapest password hashing, with a
// bootstrapped platform admin and helpers to build a small world. Every suite runs on each
// backend (in-memory SQLite, a fresh PostgreSQL database): RegistryFixture takes the backend as
// its test parameter, RegistryFixtureWith<T> a (backend, T) pair.

#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/caller.h"
#include "services/common/auth/token.h"
#include "services/common/clock.h"
#include "services/registry/core/registry.h"
#include "tests/services/registry/registry_test_store.h"

namespace leerpool::registry::testing {

inline constexpr char kAdminEmail[] = "admin@leerpool.test";
inline constexpr char kAdminPassword[] = "admin-password-1";

// 2026-03-02 08:15:00.123456 UTC: whole microseconds, the precision the store keeps.
inline const absl::Time kStart = absl::FromUnixMicros(1772439300123456);

inline std::string Message(const absl::Status& status) { return std::string(status.message()); }

// The value of an OK StatusOr, or a default value after recording a test failure.
template <typename T>
T Must(absl::StatusOr<T> value) {
  EXPECT_TRUE(value.ok()) << value.status();
  return value.ok() ? *std::move(value) : T{};
}

inline auth::Caller Anonymous() { return auth::Caller::Anonymous(); }

inline std::string PasswordOf(const std::string& email) { return "password-of-" + email; }

class RegistryFixtureBase : public ::testing::Test {
 protected:
  virtual Backend backend() const = 0;

  static RegistryOptions Options() {
    RegistryOptions options;
    options.password_cost = auth::PasswordCost::kMinimum;
    return options;
  }

  void SetUp() override {
    // Suites that extend SetUp return early when this skips (IsSkipped()) or fails.
    LP_OPEN_REGISTRY_TEST_STORE(backend(), test_store_);
    store_ = &test_store_->store();
    absl::StatusOr<std::unique_ptr<Registry>> registry =
        Registry::Create(*store_, clock_, Options());
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::move(*registry);
    ASSERT_TRUE(registry_->BootstrapPlatformAdmin(kAdminEmail, kAdminPassword).ok());
    admin_ = SignIn(kAdminEmail, kAdminPassword);
    ASSERT_TRUE(admin_.platform_admin);
  }

  // The Caller the Authenticator derives from the session's access token.
  auth::Caller CallerOf(const Session& session) {
    auth::TokenVerifier verifier;
    verifier.SetKeys(Must(registry_->GetSigningKeys()));
    absl::StatusOr<auth::TokenClaims> claims = verifier.Verify(session.access_token, clock_.Now());
    EXPECT_TRUE(claims.ok()) << claims.status();
    return claims.ok() ? auth::CallerFromClaims(*claims) : auth::Caller::Anonymous();
  }

  auth::Caller SignIn(const std::string& email, const std::string& password) {
    return CallerOf(Must(registry_->Login(Anonymous(), email, password)));
  }

  Organization MakeOrganization(const std::string& name,
                                OrganizationKind kind = OrganizationKind::kSchool,
                                const std::string& country = "NL") {
    Organization organization;
    organization.name = name;
    organization.kind = kind;
    organization.country = country;
    return Must(registry_->CreateOrganization(admin_, organization));
  }

  // Invites `email` into the organisation as `inviter`, accepts with PasswordOf(email) and
  // returns the new member's signed-in caller.
  auth::Caller Join(const auth::Caller& inviter, const std::string& organization_id,
                    const std::string& email, std::set<Role> roles) {
    CreateInvitationRequest request;
    request.organization_id = organization_id;
    request.email = email;
    request.roles = std::move(roles);
    const Invitation invitation = Must(registry_->CreateInvitation(inviter, request));
    AcceptInvitationRequest accept;
    accept.token = invitation.token;
    accept.password = PasswordOf(email);
    accept.display_name = email.substr(0, email.find('@'));
    return CallerOf(Must(registry_->AcceptInvitation(Anonymous(), accept)));
  }

  // Every audit event (of one organisation, or all), newest first.
  std::vector<AuditEvent> AuditTrail(const std::string& organization_id = "") {
    std::vector<AuditEvent> events;
    std::string token;
    for (int pages = 0; pages < 100; ++pages) {
      const AuditEventPage page =
          Must(registry_->ListAuditEvents(admin_, organization_id, 200, token));
      events.insert(events.end(), page.events.begin(), page.events.end());
      if (page.next_page_token.empty()) break;
      token = page.next_page_token;
    }
    return events;
  }

  // The first column of the first row of a query straight on the database (SQL that both
  // backends understand).
  std::string QueryText(const std::string& sql) {
    absl::StatusOr<std::string> text = test_store_->QueryText(sql);
    EXPECT_TRUE(text.ok()) << text.status() << ": " << sql;
    return text.ok() ? *text : "";
  }
  int64_t Count(const std::string& table) {
    int64_t count = 0;
    (void)absl::SimpleAtoi(QueryText("SELECT count(*) FROM " + table), &count);
    return count;
  }

  std::unique_ptr<TestStore> test_store_;
  FakeClock clock_{kStart};
  RegistryStore* store_ = nullptr;
  std::unique_ptr<Registry> registry_;
  auth::Caller admin_;
};

// The fixture of most suites: the backend is the whole test parameter. Instantiate with
// INSTANTIATE_TEST_SUITE_P(Backends, Suite, Backends(), BackendTestName()).
class RegistryFixture : public RegistryFixtureBase, public ::testing::WithParamInterface<Backend> {
 protected:
  Backend backend() const override { return GetParam(); }
};

// For suites with a parameter of their own: the test parameter is (backend, T).
template <typename T>
class RegistryFixtureWith : public RegistryFixtureBase,
                            public ::testing::WithParamInterface<std::tuple<Backend, T>> {
 protected:
  Backend backend() const override { return std::get<0>(this->GetParam()); }
  const T& param() const { return std::get<1>(this->GetParam()); }
};

}  // namespace leerpool::registry::testing

#endif  // LEERPOOL_TESTS_SERVICES_REGISTRY_CORE_REGISTRY_FIXTURE_H_
