// Networks: who may create them and manage their members, and what the listings show.

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/core/registry.h"
#include "tests/services/registry/core/registry_fixture.h"

namespace leerpool::registry {
namespace {

using testing::Anonymous;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using testing::Message;
using testing::Must;
using ::testing::StartsWith;

class NetworksTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    RegistryFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    volta_ = MakeOrganization("Volta", OrganizationKind::kSectorBody, "BE");
    province_ = MakeOrganization("Provincie Antwerpen", OrganizationKind::kGovernment, "BE");
    curio_ = MakeOrganization("Curio", OrganizationKind::kSchool, "NL");
    censes_ = MakeOrganization("Censes Education", OrganizationKind::kManufacturer, "NL");
    sam_ = Join(admin_, volta_.id, "sam@volta.test", {Role::kOrgAdmin});
    vera_ = Join(admin_, volta_.id, "vera@volta.test", {Role::kCoordinator});
    piet_ = Join(admin_, province_.id, "piet@antwerpen.test", {Role::kOrgAdmin});
    alice_ = Join(admin_, curio_.id, "alice@curio.test", {Role::kOrgAdmin});
  }

  static Network Draft(const std::string& owner, const std::string& name = "Energietransitie") {
    Network network;
    network.name = name;
    network.description = "Lerend netwerk rond warmtepompen en laadpalen";
    network.kind = NetworkKind::kLearningNetwork;
    network.owner_organization_id = owner;
    return network;
  }

  Network MustCreate(const auth::Caller& caller, const Network& draft) {
    return Must(registry_->CreateNetwork(caller, draft));
  }

  std::vector<std::string> MemberNames(const std::string& network_id) {
    std::vector<std::string> names;
    for (const NetworkMember& member :
         Must(registry_->ListNetworkMembers(Anonymous(), network_id, 0, "")).members) {
      names.push_back(member.organization_name);
    }
    return names;
  }

  Organization volta_, province_, curio_, censes_;
  auth::Caller sam_, vera_, piet_, alice_;
};

TEST_P(NetworksTest, ASectorBodyAdminCreatesANetworkItRuns) {
  const Network created = MustCreate(sam_, Draft(volta_.id));
  EXPECT_THAT(created.id, MatchesRegex("net_[0-9a-f]{32}"));
  EXPECT_EQ(created.name, "Energietransitie");
  EXPECT_EQ(created.owner_organization_id, volta_.id);
  EXPECT_EQ(created.member_count, 0);
  EXPECT_EQ(created.create_time, testing::kStart);
  EXPECT_EQ(Must(registry_->GetNetwork(Anonymous(), created.id)), created);
}

TEST_P(NetworksTest, AGovernmentAdminCreatesAPool) {
  Network draft = Draft(province_.id, "Mobiele EV-opstelling");
  draft.kind = NetworkKind::kPool;
  EXPECT_EQ(MustCreate(piet_, draft).kind, NetworkKind::kPool);
}

TEST_P(NetworksTest, OnlySectorBodiesAndGovernmentsRunNetworksUnlessAPlatformAdminSaysSo) {
  absl::StatusOr<Network> refused = registry_->CreateNetwork(alice_, Draft(curio_.id));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(refused.status()), HasSubstr("sector body or a government"));
  // A platform admin may make any organisation a network's owner.
  EXPECT_EQ(MustCreate(admin_, Draft(curio_.id)).owner_organization_id, curio_.id);
}

TEST_P(NetworksTest, CreatingNeedsTheOwnersAdmin) {
  EXPECT_EQ(registry_->CreateNetwork(vera_, Draft(volta_.id)).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->CreateNetwork(piet_, Draft(volta_.id)).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->CreateNetwork(Anonymous(), Draft(volta_.id)).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(
      registry_->CreateNetwork(sam_, Draft("org_00000000000000000000000000000000")).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_THAT(Must(registry_->ListNetworks(Anonymous(), {})).networks, IsEmpty());
}

TEST_P(NetworksTest, BadInputIsRefusedNamingTheField) {
  struct Case {
    std::string field;
    std::function<void(Network&)> spoil;
  };
  const std::vector<Case> cases = {
      {"network.name", [](Network& n) { n.name = "  "; }},
      {"network.name", [](Network& n) { n.name.assign(201, 'n'); }},
      {"network.description", [](Network& n) { n.description.assign(2001, 'd'); }},
      {"network.kind", [](Network& n) { n.kind = NetworkKind::kUnspecified; }},
      {"network.kind", [](Network& n) { n.kind = static_cast<NetworkKind>(7); }},
      {"network.id", [](Network& n) { n.id = "net_mine"; }},
      {"network.owner_organization_id", [](Network& n) { n.owner_organization_id.clear(); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    Network draft = Draft(volta_.id);
    c.spoil(draft);
    absl::StatusOr<Network> created = registry_->CreateNetwork(sam_, draft);
    EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument) << created.status();
    EXPECT_THAT(Message(created.status()), StartsWith(c.field + ":"));
  }
  Network longest = Draft(volta_.id, std::string(200, 'n'));
  longest.description.assign(2000, 'd');
  MustCreate(sam_, longest);
  EXPECT_EQ(Must(registry_->ListNetworks(Anonymous(), {})).networks.size(), 1u);
}

TEST_P(NetworksTest, TheOwnersAdminAddsAndRemovesMembersAndTheCountFollows) {
  const Network network = MustCreate(sam_, Draft(volta_.id));
  const NetworkMember added = Must(registry_->AddNetworkMember(sam_, network.id, curio_.id));
  EXPECT_EQ(added.network_id, network.id);
  EXPECT_EQ(added.organization_id, curio_.id);
  EXPECT_EQ(added.organization_name, "Curio");
  EXPECT_EQ(added.country, "NL");
  EXPECT_EQ(added.add_time, testing::kStart);
  Must(registry_->AddNetworkMember(admin_, network.id, censes_.id));
  EXPECT_EQ(Must(registry_->GetNetwork(Anonymous(), network.id)).member_count, 2);
  EXPECT_THAT(MemberNames(network.id), ElementsAre("Censes Education", "Curio"));

  ASSERT_TRUE(registry_->RemoveNetworkMember(sam_, network.id, censes_.id).ok());
  EXPECT_EQ(Must(registry_->GetNetwork(Anonymous(), network.id)).member_count, 1);
  EXPECT_THAT(MemberNames(network.id), ElementsAre("Curio"));
}

TEST_P(NetworksTest, AddingTwiceIsAlreadyExistsAndCountsOnce) {
  const Network network = MustCreate(sam_, Draft(volta_.id));
  Must(registry_->AddNetworkMember(sam_, network.id, curio_.id));
  absl::StatusOr<NetworkMember> again = registry_->AddNetworkMember(sam_, network.id, curio_.id);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Must(registry_->GetNetwork(Anonymous(), network.id)).member_count, 1);
}

TEST_P(NetworksTest, UnknownNetworksOrganisationsAndMembersAreNotFound) {
  const Network network = MustCreate(sam_, Draft(volta_.id));
  const std::string nobody = "org_00000000000000000000000000000000";
  EXPECT_EQ(registry_->AddNetworkMember(sam_, network.id, nobody).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(registry_->AddNetworkMember(sam_, "net_nope", curio_.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(registry_->RemoveNetworkMember(sam_, network.id, curio_.id).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(registry_->GetNetwork(Anonymous(), "net_nope").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(registry_->ListNetworkMembers(Anonymous(), "net_nope", 0, "").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Must(registry_->GetNetwork(Anonymous(), network.id)).member_count, 0);
}

TEST_P(NetworksTest, OnlyTheOwnersAdminsManageMembers) {
  const Network network = MustCreate(sam_, Draft(volta_.id));
  // Not even an admin of the organisation being added.
  EXPECT_EQ(registry_->AddNetworkMember(alice_, network.id, curio_.id).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->AddNetworkMember(vera_, network.id, curio_.id).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->AddNetworkMember(Anonymous(), network.id, curio_.id).status().code(),
            absl::StatusCode::kUnauthenticated);
  Must(registry_->AddNetworkMember(sam_, network.id, curio_.id));
  EXPECT_EQ(registry_->RemoveNetworkMember(alice_, network.id, curio_.id).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(MemberNames(network.id), ElementsAre("Curio"));
}

TEST_P(NetworksTest, ListNetworksFiltersByMemberAndPages) {
  const Network alpha = MustCreate(sam_, Draft(volta_.id, "Alpha"));
  const Network bravo = MustCreate(piet_, Draft(province_.id, "Bravo"));
  const Network charlie = MustCreate(sam_, Draft(volta_.id, "Charlie"));
  Must(registry_->AddNetworkMember(sam_, alpha.id, curio_.id));
  Must(registry_->AddNetworkMember(sam_, charlie.id, curio_.id));
  Must(registry_->AddNetworkMember(piet_, bravo.id, censes_.id));

  ListNetworksQuery query;
  query.member_organization_id = curio_.id;
  std::vector<std::string> names;
  for (const Network& network : Must(registry_->ListNetworks(Anonymous(), query)).networks) {
    names.push_back(network.name);
  }
  EXPECT_THAT(names, ElementsAre("Alpha", "Charlie"));

  ListNetworksQuery paged;
  paged.page_size = 2;
  const NetworkPage first = Must(registry_->ListNetworks(Anonymous(), paged));
  ASSERT_EQ(first.networks.size(), 2u);
  EXPECT_EQ(first.networks[1].name, "Bravo");
  ASSERT_FALSE(first.next_page_token.empty());
  paged.page_token = first.next_page_token;
  const NetworkPage second = Must(registry_->ListNetworks(Anonymous(), paged));
  ASSERT_EQ(second.networks.size(), 1u);
  EXPECT_EQ(second.networks[0].name, "Charlie");
  EXPECT_EQ(second.next_page_token, "");
}

TEST_P(NetworksTest, NetworkMembersArePagedByName) {
  const Network network = MustCreate(sam_, Draft(volta_.id));
  for (const Organization* organization : {&curio_, &censes_, &province_, &volta_}) {
    Must(registry_->AddNetworkMember(sam_, network.id, organization->id));
  }
  std::vector<std::string> names;
  std::string token;
  for (int pages = 0; pages < 10; ++pages) {
    const NetworkMemberPage page =
        Must(registry_->ListNetworkMembers(Anonymous(), network.id, 3, token));
    for (const NetworkMember& member : page.members) names.push_back(member.organization_name);
    if (page.next_page_token.empty()) break;
    token = page.next_page_token;
  }
  EXPECT_THAT(names, ElementsAre("Censes Education", "Curio", "Provincie Antwerpen", "Volta"));
}

INSTANTIATE_TEST_SUITE_P(Backends, NetworksTest, testing::Backends(), testing::BackendTestName());

}  // namespace
}  // namespace leerpool::registry
