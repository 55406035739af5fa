#ifndef LEERPOOL_TESTS_SERVICES_REGISTRY_CORE_REGISTRY_FIXTURE_H_
#define LEERPOOL_TESTS_SERVICES_REGISTRY_CORE_REGISTRY_FIXTURE_H_

// The registry core on an in-memory SQLite store with a FakeClock and the cheapest password
// hashing, with a bootstrapped platform admin and helpers to build a small world.

#include <memory>
#include <set>
#include <string>
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
#include "services/registry/sqlite/sqlite_registry_store.h"
#include "storage/sqlite.h"

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

class RegistryFixture : public ::testing::Test {
 protected:
  static RegistryOptions Options() {
    RegistryOptions options;
    options.password_cost = auth::PasswordCost::kMinimum;
    return options;
  }

  void SetUp() override {
    absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenRegistryDatabase({});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    store_ = std::make_unique<SqliteRegistryStore>(*db_);
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

  // The first column of the first row of a query straight on the database.
  std::string QueryText(const std::string& sql) {
    absl::StatusOr<storage::Statement> statement = db_->Prepare(sql);
    EXPECT_TRUE(statement.ok()) << statement.status();
    if (!statement.ok()) return "";
    absl::StatusOr<bool> row = statement->Step();
    EXPECT_TRUE(row.ok() && *row) << sql;
    return row.ok() && *row ? statement->Text(0) : "";
  }
  int64_t Count(const std::string& table) {
    int64_t count = 0;
    (void)absl::SimpleAtoi(QueryText("SELECT count(*) FROM " + table), &count);
    return count;
  }

  std::unique_ptr<storage::Database> db_;
  FakeClock clock_{kStart};
  std::unique_ptr<SqliteRegistryStore> store_;
  std::unique_ptr<Registry> registry_;
  auth::Caller admin_;
};

}  // namespace leerpool::registry::testing

#endif  // LEERPOOL_TESTS_SERVICES_REGISTRY_CORE_REGISTRY_FIXTURE_H_
