// Who may do what: every operation tried by every kind of caller, relative to one organisation
// ("own": a sector body that runs a network and issues a qualification):
//   platform admin | own org_admin | own coordinator | own instructor | own analyst |
//   another organisation's org_admin | anonymous
// Each cell prepares what it needs as the platform admin first (so cells do not depend on
// each other) and then expects OK or one status code.

#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/core/registry.h"
#include "tests/services/registry/core/registry_fixture.h"

namespace leerpool::registry {
namespace {

using testing::Anonymous;
using testing::Must;
using testing::PasswordOf;

enum Actor {
  kPlatformAdmin,
  kOwnAdmin,
  kOwnCoordinator,
  kOwnInstructor,
  kOwnAnalyst,
  kOtherAdmin,
  kAnonymous
};
constexpr Actor kActors[] = {kPlatformAdmin, kOwnAdmin,   kOwnCoordinator, kOwnInstructor,
                             kOwnAnalyst,    kOtherAdmin, kAnonymous};
const char* ActorName(Actor actor) {
  static const char* names[] = {"platform admin", "own org_admin", "own coordinator",
                                "own instructor", "own analyst",   "other org_admin",
                                "anonymous"};
  return names[actor];
}

constexpr absl::StatusCode kOk = absl::StatusCode::kOk;
constexpr absl::StatusCode kDenied = absl::StatusCode::kPermissionDenied;
constexpr absl::StatusCode kUnauth = absl::StatusCode::kUnauthenticated;
constexpr absl::StatusCode kPrecondition = absl::StatusCode::kFailedPrecondition;

class AuthorizationMatrixTest;

// One row: an operation and the expected outcome per actor, in kActors order.
struct Rule {
  std::string name;
  std::function<absl::Status(AuthorizationMatrixTest&, const auth::Caller&)> run;
  std::vector<absl::StatusCode> expected;
};

void PrintTo(const Rule& rule, std::ostream* os) { *os << rule.name; }

class AuthorizationMatrixTest : public testing::RegistryFixtureWith<Rule> {
 public:
  void SetUp() override {
    RegistryFixtureWith::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    own_ = MakeOrganization("Volta", OrganizationKind::kSectorBody, "BE");
    other_ = MakeOrganization("Curio", OrganizationKind::kSchool, "NL");
    callers_[kPlatformAdmin] = admin_;
    callers_[kOwnAdmin] = Join(admin_, own_.id, "admin@volta.test", {Role::kOrgAdmin});
    callers_[kOwnCoordinator] =
        Join(admin_, own_.id, "coordinator@volta.test", {Role::kCoordinator});
    callers_[kOwnInstructor] = Join(admin_, own_.id, "instructor@volta.test", {Role::kInstructor});
    callers_[kOwnAnalyst] = Join(admin_, own_.id, "analyst@volta.test", {Role::kAnalyst});
    callers_[kOtherAdmin] = Join(admin_, other_.id, "admin@curio.test", {Role::kOrgAdmin});
    callers_[kAnonymous] = Anonymous();
    Network draft;
    draft.name = "Energietransitie";
    draft.kind = NetworkKind::kLearningNetwork;
    draft.owner_organization_id = own_.id;
    network_ = Must(registry_->CreateNetwork(admin_, draft));
    QualificationType type;
    type.issuer_organization_id = own_.id;
    type.code = "EV-HV";
    type.name_en = "EV high-voltage safety";
    type.validity_months = 36;
    type_ = Must(registry_->CreateQualificationType(admin_, type));
  }

  Registry& registry() { return *registry_; }
  const auth::Caller& admin() const { return admin_; }

  // A fresh organisation / person / member each time a cell needs one.
  std::string FreshOrganization() {
    return MakeOrganization(absl::StrCat("Partner ", ++counter_), OrganizationKind::kCompany).id;
  }
  std::string FreshEmail() { return absl::StrCat("person", ++counter_, "@partner.test"); }
  // Someone who belongs to `other_` only.
  std::string FreshOutsider() {
    return Join(admin_, other_.id, FreshEmail(), {Role::kAnalyst}).person_id;
  }
  std::string FreshMember() {
    return Join(admin_, own_.id, FreshEmail(), {Role::kAnalyst}).person_id;
  }

  Organization own_, other_;
  std::map<Actor, auth::Caller> callers_;
  Network network_;
  QualificationType type_;
  int counter_ = 0;
};

TEST_P(AuthorizationMatrixTest, EachCallerGetsTheExpectedAnswer) {
  const Rule& rule = param();
  ASSERT_EQ(rule.expected.size(), std::size(kActors));
  for (Actor actor : kActors) {
    SCOPED_TRACE(ActorName(actor));
    const absl::Status status = rule.run(*this, callers_.at(actor));
    EXPECT_EQ(status.code(), rule.expected[actor]) << status;
  }
}

Organization RegionChange(const std::string& id) {
  Organization change;
  change.id = id;
  change.region = "Limburg";
  return change;
}

const std::vector<Rule>& Rules() {
  using T = AuthorizationMatrixTest;
  using C = const auth::Caller&;
  static const std::vector<Rule> rules = {
      // ---- Organisations: the directory is public; changes need rights.
      {"CreateOrganization",
       [](T& t, C c) {
         Organization o;
         o.name = "Kamp C";
         o.kind = OrganizationKind::kTrainingCentre;
         o.country = "BE";
         return t.registry().CreateOrganization(c, o).status();
       },
       {kOk, kDenied, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"GetOrganization",
       [](T& t, C c) { return t.registry().GetOrganization(c, t.own_.id).status(); },
       {kOk, kOk, kOk, kOk, kOk, kOk, kOk}},
      {"ListOrganizations",
       [](T& t, C c) { return t.registry().ListOrganizations(c, {}).status(); },
       {kOk, kOk, kOk, kOk, kOk, kOk, kOk}},
      {"UpdateOrganizationRegion",
       [](T& t, C c) {
         return t.registry().UpdateOrganization(c, RegionChange(t.own_.id), {"region"}).status();
       },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"UpdateOrganizationStatus",
       [](T& t, C c) {
         Organization change = t.own_;
         change.status = OrganizationStatus::kActive;
         return t.registry().UpdateOrganization(c, change, {"status"}).status();
       },
       {kOk, kDenied, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"UpdateOrganizationKind",
       [](T& t, C c) {
         Organization change = t.own_;
         change.kind = OrganizationKind::kSchool;
         return t.registry().UpdateOrganization(c, change, {"kind"}).status();
       },
       {kOk, kDenied, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"UpdateOrganizationCountry",
       [](T& t, C c) {
         Organization change = t.own_;
         change.country = change.country == "NL" ? "BE" : "NL";
         return t.registry().UpdateOrganization(c, change, {"country"}).status();
       },
       {kOk, kDenied, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"UpdateOrganizationInFullKeepingKindAndCountry",
       [](T& t, C c) {
         Organization change = t.own_;
         change.region = "Zeeland";
         return t.registry().UpdateOrganization(c, change, {}).status();
       },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      // ---- Networks
      {"CreateNetworkRunByOwnSectorBody",
       [](T& t, C c) {
         Network n;
         n.name = "Pool";
         n.kind = NetworkKind::kPool;
         n.owner_organization_id = t.own_.id;
         return t.registry().CreateNetwork(c, n).status();
       },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"CreateNetworkRunByASchool",
       [](T& t, C c) {
         Network n;
         n.name = "Schoolnet";
         n.kind = NetworkKind::kPool;
         n.owner_organization_id = t.other_.id;
         return t.registry().CreateNetwork(c, n).status();
       },
       // The school's own admin has the right role but the school may not run networks.
       {kOk, kDenied, kDenied, kDenied, kDenied, kPrecondition, kUnauth}},
      {"GetNetwork",
       [](T& t, C c) { return t.registry().GetNetwork(c, t.network_.id).status(); },
       {kOk, kOk, kOk, kOk, kOk, kOk, kOk}},
      {"ListNetworks",
       [](T& t, C c) { return t.registry().ListNetworks(c, {}).status(); },
       {kOk, kOk, kOk, kOk, kOk, kOk, kOk}},
      {"ListNetworkMembers",
       [](T& t, C c) { return t.registry().ListNetworkMembers(c, t.network_.id, 0, "").status(); },
       {kOk, kOk, kOk, kOk, kOk, kOk, kOk}},
      {"AddNetworkMember",
       [](T& t, C c) {
         return t.registry().AddNetworkMember(c, t.network_.id, t.FreshOrganization()).status();
       },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"RemoveNetworkMember",
       [](T& t, C c) {
         const std::string organization = t.FreshOrganization();
         Must(t.registry().AddNetworkMember(t.admin(), t.network_.id, organization));
         return t.registry().RemoveNetworkMember(c, t.network_.id, organization);
       },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      // ---- People
      {"GetMe",
       [](T& t, C c) { return t.registry().GetMe(c).status(); },
       {kOk, kOk, kOk, kOk, kOk, kOk, kUnauth}},
      {"GetPersonOfOwnInstructor",
       [](T& t, C c) {
         return t.registry().GetPerson(c, t.callers_.at(kOwnInstructor).person_id).status();
       },
       {kOk, kOk, kOk, kOk, kOk, kDenied, kUnauth}},
      {"CreateInvitation",
       [](T& t, C c) {
         CreateInvitationRequest r;
         r.organization_id = t.own_.id;
         r.email = t.FreshEmail();
         r.roles = {Role::kInstructor};
         return t.registry().CreateInvitation(c, r).status();
       },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"AcceptInvitation",
       [](T& t, C c) {
         CreateInvitationRequest r;
         r.organization_id = t.own_.id;
         r.email = t.FreshEmail();
         r.roles = {Role::kInstructor};
         AcceptInvitationRequest a;
         a.token = Must(t.registry().CreateInvitation(t.admin(), r)).token;
         a.password = PasswordOf(r.email);
         return t.registry().AcceptInvitation(c, a).status();
       },
       // Holding the token is what counts.
       {kOk, kOk, kOk, kOk, kOk, kOk, kOk}},
      {"AddMember",
       [](T& t, C c) {
         const std::string outsider = t.FreshOutsider();
         const std::string email = Must(t.registry().GetPerson(t.admin(), outsider)).email;
         return t.registry().AddMember(c, t.own_.id, email, {Role::kAnalyst}).status();
       },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"ListMembers",
       [](T& t, C c) { return t.registry().ListMembers(c, t.own_.id, 0, "").status(); },
       {kOk, kOk, kOk, kOk, kOk, kDenied, kUnauth}},
      {"UpdateMember",
       [](T& t, C c) {
         return t.registry()
             .UpdateMember(c, t.own_.id, t.FreshMember(), {Role::kCoordinator})
             .status();
       },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"RemoveMember",
       [](T& t, C c) { return t.registry().RemoveMember(c, t.own_.id, t.FreshMember()); },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      // ---- Qualifications
      {"CreateQualificationType",
       [](T& t, C c) {
         QualificationType q;
         q.issuer_organization_id = t.own_.id;
         q.code = absl::StrCat("CODE-", ++t.counter_);
         q.name_nl = "Cursus";
         return t.registry().CreateQualificationType(c, q).status();
       },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"GetQualificationType",
       [](T& t, C c) { return t.registry().GetQualificationType(c, t.type_.id).status(); },
       {kOk, kOk, kOk, kOk, kOk, kOk, kOk}},
      {"ListQualificationTypes",
       [](T& t, C c) { return t.registry().ListQualificationTypes(c, "", 0, "").status(); },
       {kOk, kOk, kOk, kOk, kOk, kOk, kOk}},
      {"IssueQualification",
       [](T& t, C c) {
         IssueQualificationRequest r;
         r.qualification_type_id = t.type_.id;
         r.person_id = t.FreshOutsider();
         r.issue_date = Date{2026, 1, 15};
         return t.registry().IssueQualification(c, r).status();
       },
       {kOk, kOk, kDenied, kOk, kDenied, kDenied, kUnauth}},
      {"RevokeQualification",
       [](T& t, C c) {
         IssueQualificationRequest r;
         r.qualification_type_id = t.type_.id;
         r.person_id = t.FreshOutsider();
         r.issue_date = Date{2026, 1, 15};
         const Qualification q = Must(t.registry().IssueQualification(t.admin(), r));
         return t.registry().RevokeQualification(c, q.id, "not attended").status();
       },
       {kOk, kOk, kDenied, kOk, kDenied, kDenied, kUnauth}},
      {"ListQualificationsOfOwnInstructor",
       [](T& t, C c) {
         return t.registry()
             .ListQualifications(c, t.callers_.at(kOwnInstructor).person_id)
             .status();
       },
       // The other admin issues qualifications of their own and so may ask, but sees only
       // those (none here); the analyst neither manages nor issues.
       {kOk, kOk, kOk, kOk, kDenied, kOk, kUnauth}},
      {"CheckQualifications",
       [](T& t, C c) {
         CheckQualificationsRequest r;
         r.person_id = t.callers_.at(kOwnInstructor).person_id;
         r.qualification_type_ids = {t.type_.id};
         r.start_date = Date{2026, 6, 1};
         return t.registry().CheckQualifications(c, r).status();
       },
       {kOk, kOk, kOk, kOk, kOk, kOk, kUnauth}},
      // ---- API keys
      {"CreateApiKey",
       [](T& t, C c) {
         return t.registry().CreateApiKey(c, t.own_.id, "sync", Role::kCoordinator).status();
       },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"ListApiKeys",
       [](T& t, C c) { return t.registry().ListApiKeys(c, t.own_.id).status(); },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"RevokeApiKey",
       [](T& t, C c) {
         const ApiKey key =
             Must(t.registry().CreateApiKey(t.admin(), t.own_.id, "sync", Role::kAnalyst));
         return t.registry().RevokeApiKey(c, t.own_.id, key.id).status();
       },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"ExchangeApiKey",
       [](T& t, C c) {
         const ApiKey key =
             Must(t.registry().CreateApiKey(t.admin(), t.own_.id, "sync", Role::kAnalyst));
         return t.registry().ExchangeApiKey(c, key.secret).status();
       },
       {kOk, kOk, kOk, kOk, kOk, kOk, kOk}},
      // ---- Audit trail
      {"ListAuditEventsOfOwnOrganisation",
       [](T& t, C c) { return t.registry().ListAuditEvents(c, t.own_.id, 0, "").status(); },
       {kOk, kOk, kDenied, kDenied, kDenied, kDenied, kUnauth}},
      {"ListAllAuditEvents",
       [](T& t, C c) { return t.registry().ListAuditEvents(c, "", 0, "").status(); },
       {kOk, kDenied, kDenied, kDenied, kDenied, kDenied, kUnauth}},
  };
  return rules;
}

INSTANTIATE_TEST_SUITE_P(
    Operations, AuthorizationMatrixTest,
    ::testing::Combine(testing::Backends(), ::testing::ValuesIn(Rules())),
    [](const ::testing::TestParamInfo<std::tuple<testing::Backend, Rule>>& info) {
      return std::get<1>(info.param).name + "_" + testing::BackendName(std::get<0>(info.param));
    });

}  // namespace
}  // namespace leerpool::registry
