// The audit trail: every change writes exactly one event in its own transaction; a failed
// change writes none and leaves nothing behind; who may read which events.

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/core/registry.h"
#include "tests/services/registry/core/hooked_store.h"
#include "tests/services/registry/core/registry_fixture.h"

namespace leerpool::registry {
namespace {

using testing::Anonymous;
using ::testing::HasSubstr;
using testing::Must;
using ::testing::Not;
using testing::PasswordOf;

class AuditTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    RegistryFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    volta_ = MakeOrganization("Volta", OrganizationKind::kSectorBody, "BE");
    curio_ = MakeOrganization("Curio");
    sam_ = Join(admin_, volta_.id, "sam@volta.test", {Role::kOrgAdmin});
    alice_ = Join(admin_, curio_.id, "alice@curio.test", {Role::kOrgAdmin});
    carl_ = Join(alice_, curio_.id, "carl@curio.test", {Role::kCoordinator});
  }

  // Runs `change` a second after the previous one and checks that it wrote exactly one event,
  // as described, and returns it. The expectations are read after the change, so they may
  // refer to what it assigns.
  AuditEvent ExpectAudited(const std::function<void()>& change, const std::string& action,
                           const std::string& organization_id, const std::string& resource_id,
                           const auth::Caller& actor) {
    clock_.Advance(absl::Seconds(1));
    const size_t before = AuditTrail().size();
    change();
    const std::vector<AuditEvent> after = AuditTrail();
    EXPECT_EQ(after.size(), before + 1) << action;
    if (after.empty()) return {};
    const AuditEvent& event = after.front();
    EXPECT_EQ(event.action, action);
    EXPECT_EQ(event.time, clock_.Now()) << action;
    EXPECT_EQ(event.organization_id, organization_id) << action;
    EXPECT_EQ(event.resource_id, resource_id) << action;
    EXPECT_EQ(event.actor_person_id, actor.person_id) << action;
    EXPECT_EQ(event.actor_api_key_id, actor.api_key_id) << action;
    return event;
  }

  Organization volta_, curio_;
  auth::Caller sam_, alice_, carl_;
};

TEST_P(AuditTest, EveryKindOfChangeIsRecordedWithItsActorOrganisationAndFields) {
  Organization created;
  AuditEvent event = ExpectAudited(
      [&] { created = MakeOrganization("Kamp C", OrganizationKind::kTrainingCentre, "BE"); },
      "organization.create", created.id, created.id, admin_);
  EXPECT_THAT(event.details, HasSubstr(R"("name":"Kamp C","kind":"training_centre")"));

  Organization region;
  region.id = curio_.id;
  region.region = "West-Brabant";
  event = ExpectAudited([&] { Must(registry_->UpdateOrganization(alice_, region, {"region"})); },
                        "organization.update", curio_.id, curio_.id, alice_);
  EXPECT_EQ(event.details, R"({"region":"West-Brabant"})");

  Network network;
  network.name = "Energietransitie";
  network.kind = NetworkKind::kLearningNetwork;
  network.owner_organization_id = volta_.id;
  event = ExpectAudited([&] { network = Must(registry_->CreateNetwork(sam_, network)); },
                        "network.create", volta_.id, network.id, sam_);
  EXPECT_THAT(event.details, HasSubstr(R"("name":"Energietransitie")"));
  event = ExpectAudited([&] { Must(registry_->AddNetworkMember(sam_, network.id, curio_.id)); },
                        "network.member.add", volta_.id, network.id, sam_);
  EXPECT_EQ(event.details, absl::StrCat(R"({"organization_id":")", curio_.id, R"("})"));
  ExpectAudited(
      [&] { ASSERT_TRUE(registry_->RemoveNetworkMember(sam_, network.id, curio_.id).ok()); },
      "network.member.remove", volta_.id, network.id, sam_);

  CreateInvitationRequest invite;
  invite.organization_id = curio_.id;
  invite.email = "ines@curio.test";
  invite.roles = {Role::kInstructor};
  Invitation invitation;
  event = ExpectAudited([&] { invitation = Must(registry_->CreateInvitation(alice_, invite)); },
                        "invitation.create", curio_.id, invitation.id, alice_);
  EXPECT_THAT(event.details, HasSubstr(R"("roles":["instructor"])"));
  EXPECT_THAT(event.details, Not(HasSubstr(invitation.token)));
  AcceptInvitationRequest accept;
  accept.token = invitation.token;
  accept.password = PasswordOf("ines@curio.test");
  auth::Caller ines;
  event = ExpectAudited(
      [&] { ines = CallerOf(Must(registry_->AcceptInvitation(Anonymous(), accept))); },
      "invitation.accept", curio_.id, invitation.id, ines);
  EXPECT_THAT(event.details, Not(HasSubstr(accept.password)));

  event = ExpectAudited(
      [&] { Must(registry_->AddMember(alice_, curio_.id, "sam@volta.test", {Role::kAnalyst})); },
      "member.add", curio_.id, sam_.person_id, alice_);
  EXPECT_THAT(event.details, HasSubstr(R"("roles":["analyst"])"));
  event = ExpectAudited(
      [&] {
        Must(registry_->UpdateMember(alice_, curio_.id, sam_.person_id, {Role::kCoordinator}));
      },
      "member.update", curio_.id, sam_.person_id, alice_);
  EXPECT_THAT(event.details, HasSubstr(R"("previous_roles":["analyst"],"roles":["coordinator"])"));
  ExpectAudited(
      [&] { ASSERT_TRUE(registry_->RemoveMember(alice_, curio_.id, sam_.person_id).ok()); },
      "member.remove", curio_.id, sam_.person_id, alice_);

  QualificationType type;
  type.issuer_organization_id = volta_.id;
  type.code = "EV-HV";
  type.name_en = "EV high-voltage safety";
  type.validity_months = 36;
  event = ExpectAudited([&] { type = Must(registry_->CreateQualificationType(sam_, type)); },
                        "qualification_type.create", volta_.id, type.id, sam_);
  IssueQualificationRequest issue;
  issue.qualification_type_id = type.id;
  issue.person_id = ines.person_id;
  issue.issue_date = Date{2026, 3, 1};
  Qualification qualification;
  event = ExpectAudited([&] { qualification = Must(registry_->IssueQualification(sam_, issue)); },
                        "qualification.issue", volta_.id, qualification.id, sam_);
  EXPECT_THAT(event.details, HasSubstr(R"("expiry_date":"2029-02-28")"));
  event = ExpectAudited(
      [&] { Must(registry_->RevokeQualification(sam_, qualification.id, "did not attend")); },
      "qualification.revoke", volta_.id, qualification.id, sam_);
  EXPECT_THAT(event.details, HasSubstr("did not attend"));

  ApiKey key;
  event = ExpectAudited(
      [&] { key = Must(registry_->CreateApiKey(alice_, curio_.id, "sync", Role::kAnalyst)); },
      "api_key.create", curio_.id, key.id, alice_);
  EXPECT_THAT(event.details, Not(HasSubstr(key.secret.substr(key.secret.size() - 20))));
  ExpectAudited([&] { Must(registry_->RevokeApiKey(alice_, curio_.id, key.id)); }, "api_key.revoke",
                curio_.id, key.id, alice_);

  ExpectAudited([&] { ASSERT_TRUE(registry_->Logout(ines, "").ok()); }, "session.revoke", "",
                ines.session_id, ines);
}

TEST_P(AuditTest, FailedChangesWriteNoEventAndChangeNothing) {
  const size_t events = AuditTrail().size();
  const int64_t people = Count("people");
  Organization bad = curio_;
  bad.name = " ";
  EXPECT_FALSE(registry_->UpdateOrganization(alice_, bad, {"name"}).ok());
  EXPECT_FALSE(registry_->UpdateOrganization(carl_, curio_, {"region"}).ok());
  EXPECT_FALSE(registry_->RemoveMember(alice_, curio_.id, alice_.person_id).ok());
  EXPECT_FALSE(registry_->AddMember(alice_, curio_.id, "carl@curio.test", {Role::kAnalyst}).ok());
  EXPECT_FALSE(registry_->CreateApiKey(alice_, curio_.id, "x", Role::kOrgAdmin).ok());
  CreateInvitationRequest invite;
  invite.organization_id = curio_.id;
  invite.email = "not an email";
  invite.roles = {Role::kAnalyst};
  EXPECT_FALSE(registry_->CreateInvitation(alice_, invite).ok());
  EXPECT_FALSE(registry_->Login(Anonymous(), "carl@curio.test", "wrong password").ok());
  EXPECT_EQ(AuditTrail().size(), events);
  EXPECT_EQ(Count("people"), people);
  EXPECT_EQ(Must(registry_->GetOrganization(Anonymous(), curio_.id)), curio_);
}

// The event is written in the change's transaction: when writing it fails, the change is undone.
TEST_P(AuditTest, WhenTheEventCannotBeWrittenTheChangeIsUndone) {
  testing::HookedStore hooked(*store_);
  std::unique_ptr<Registry> failing = Must(Registry::Create(hooked, clock_, Options()));
  hooked.hook = [](std::string_view method) {
    return method == "InsertAuditEvent" ? absl::UnavailableError("disk full") : absl::OkStatus();
  };
  const int64_t organizations = Count("organizations");
  Organization organization;
  organization.name = "Kamp C";
  organization.kind = OrganizationKind::kTrainingCentre;
  organization.country = "BE";
  EXPECT_EQ(failing->CreateOrganization(admin_, organization).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(Count("organizations"), organizations);

  CreateInvitationRequest invite;
  invite.organization_id = curio_.id;
  invite.email = "ines@curio.test";
  invite.roles = {Role::kInstructor};
  const Invitation invitation = Must(registry_->CreateInvitation(alice_, invite));
  AcceptInvitationRequest accept;
  accept.token = invitation.token;
  accept.password = PasswordOf("ines@curio.test");
  EXPECT_FALSE(failing->AcceptInvitation(Anonymous(), accept).ok());
  EXPECT_EQ(Count("people"), 4);
  EXPECT_EQ(Count("sessions WHERE person_id NOT IN (SELECT id FROM people)"), 0);
  // Nothing was used up: the invitation still works.
  EXPECT_TRUE(registry_->AcceptInvitation(Anonymous(), accept).ok());
}

TEST_P(AuditTest, AFailureHalfwayLeavesNothingHalfWritten) {
  testing::HookedStore hooked(*store_);
  std::unique_ptr<Registry> failing = Must(Registry::Create(hooked, clock_, Options()));
  Network network;
  network.name = "Pool";
  network.kind = NetworkKind::kPool;
  network.owner_organization_id = volta_.id;
  network = Must(registry_->CreateNetwork(sam_, network));
  // The member row is written, then updating the count fails.
  hooked.hook = [](std::string_view method) {
    return method == "UpdateNetwork" ? absl::InternalError("injected") : absl::OkStatus();
  };
  EXPECT_FALSE(failing->AddNetworkMember(sam_, network.id, curio_.id).ok());
  EXPECT_EQ(Count("network_members"), 0);
  EXPECT_EQ(Must(registry_->GetNetwork(Anonymous(), network.id)).member_count, 0);
}

TEST_P(AuditTest, PlatformAdminsReadEverythingOrganisationAdminsTheirOwn) {
  EXPECT_TRUE(registry_->ListAuditEvents(admin_, "", 0, "").ok());
  EXPECT_TRUE(registry_->ListAuditEvents(admin_, volta_.id, 0, "").ok());
  const AuditEventPage own = Must(registry_->ListAuditEvents(alice_, curio_.id, 0, ""));
  EXPECT_FALSE(own.events.empty());
  for (const AuditEvent& event : own.events) EXPECT_EQ(event.organization_id, curio_.id);
  EXPECT_EQ(registry_->ListAuditEvents(alice_, "", 0, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->ListAuditEvents(alice_, volta_.id, 0, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->ListAuditEvents(carl_, curio_.id, 0, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->ListAuditEvents(Anonymous(), curio_.id, 0, "").status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_P(AuditTest, EventsArePagedNewestFirst) {
  for (const char* region : {"A", "B", "C", "D", "E"}) {
    clock_.Advance(absl::Seconds(1));
    Organization change;
    change.id = curio_.id;
    change.region = region;
    Must(registry_->UpdateOrganization(alice_, change, {"region"}));
  }
  std::vector<std::string> details;
  std::string token;
  for (int pages = 0; pages < 3; ++pages) {
    const AuditEventPage page = Must(registry_->ListAuditEvents(alice_, curio_.id, 2, token));
    for (const AuditEvent& event : page.events) details.push_back(event.details);
    token = page.next_page_token;
  }
  ASSERT_GE(details.size(), 5u);
  EXPECT_EQ(details[0], R"({"region":"E"})");
  EXPECT_EQ(details[4], R"({"region":"A"})");
  EXPECT_EQ(registry_->ListAuditEvents(alice_, curio_.id, 2, "garbage").status().code(),
            absl::StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditTest, testing::Backends(), testing::BackendTestName());

}  // namespace
}  // namespace leerpool::registry
