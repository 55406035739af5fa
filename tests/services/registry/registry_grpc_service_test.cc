// The registry over the wire: a real GrpcServer on port 0 serving the adapter over the core
// and an in-memory SQLite database, called through the generated stub.

#include "services/registry/grpc/registry_grpc_service.h"

#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/registry/v1/registry.grpc.pb.h"
#include "services/common/clock.h"
#include "services/common/server.h"
#include "services/registry/core/registry.h"
#include "services/registry/sqlite/sqlite_organization_repository.h"
#include "storage/sqlite.h"

namespace leerpool::registry {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

// 2026-05-04 10:00:00.250000 UTC.
const absl::Time kStart = absl::FromUnixMillis(1777888800250);

v1::Organization FullProto() {
  v1::Organization organization;
  organization.set_name("VDAB Competentiecentrum Genk");
  organization.set_kind(v1::ORGANIZATION_KIND_TRAINING_CENTRE);
  organization.set_country("BE");
  organization.set_region("Limburg");
  organization.mutable_address()->set_street("Westerring 25");
  organization.mutable_address()->set_postal_code("3600");
  organization.mutable_address()->set_locality("Genk");
  organization.mutable_address()->set_country("BE");
  organization.mutable_location()->set_latitude(50.9652);
  organization.mutable_location()->set_longitude(5.4850);
  organization.add_education_tracks("DUAL");
  organization.add_education_tracks("ADULT");
  return organization;
}

v1::Organization Named(const std::string& name, const std::string& country) {
  v1::Organization organization;
  organization.set_name(name);
  organization.set_kind(v1::ORGANIZATION_KIND_COMPANY);
  organization.set_country(country);
  return organization;
}

class RegistryGrpcServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenRegistryDatabase({});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    repository_ = std::make_unique<SqliteOrganizationRepository>(*db_, mutex_);
    registry_ = std::make_unique<Registry>(*repository_, clock_);
    service_ = std::make_unique<RegistryGrpcService>(*registry_);
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "registry-test"}, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    stub_ = v1::RegistryService::NewStub(channel_);
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  grpc::Status Create(const v1::Organization& organization, v1::Organization* created) {
    v1::CreateOrganizationRequest request;
    *request.mutable_organization() = organization;
    return stub_->CreateOrganization(Context().get(), request, created);
  }

  v1::Organization MustCreate(const v1::Organization& organization) {
    v1::Organization created;
    grpc::Status status = Create(organization, &created);
    EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
    return created;
  }

  grpc::Status Get(const std::string& id, v1::Organization* found) {
    v1::GetOrganizationRequest request;
    request.set_organization_id(id);
    return stub_->GetOrganization(Context().get(), request, found);
  }

  grpc::Status List(const v1::ListOrganizationsRequest& request,
                    v1::ListOrganizationsResponse* response) {
    return stub_->ListOrganizations(Context().get(), request, response);
  }

  grpc::Status Update(const v1::Organization& organization, const std::vector<std::string>& paths,
                      v1::Organization* updated) {
    v1::UpdateOrganizationRequest request;
    *request.mutable_organization() = organization;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    return stub_->UpdateOrganization(Context().get(), request, updated);
  }

  static std::vector<std::string> Names(const v1::ListOrganizationsResponse& response) {
    std::vector<std::string> names;
    for (const v1::Organization& organization : response.organizations()) {
      names.push_back(organization.name());
    }
    return names;
  }

  std::unique_ptr<storage::Database> db_;
  std::mutex mutex_;
  FakeClock clock_{kStart};
  std::unique_ptr<SqliteOrganizationRepository> repository_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<RegistryGrpcService> service_;
  std::unique_ptr<GrpcServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::RegistryService::Stub> stub_;
};

MATCHER_P(EqualsProto, expected, "") {
  std::string difference;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  if (differencer.Compare(arg, expected)) return true;
  *result_listener << difference;
  return false;
}

TEST_F(RegistryGrpcServiceTest, CreateThenGetOverTheWire) {
  const v1::Organization created = MustCreate(FullProto());
  EXPECT_THAT(created.id(), MatchesRegex("org_[0-9a-f]{32}"));
  EXPECT_EQ(created.status(), v1::ORGANIZATION_STATUS_ACTIVE);
  EXPECT_EQ(created.time_zone(), "Europe/Brussels");

  v1::Organization expected = FullProto();
  expected.set_id(created.id());
  expected.set_status(v1::ORGANIZATION_STATUS_ACTIVE);
  expected.set_time_zone("Europe/Brussels");
  *expected.mutable_create_time() = TimeUtil::MillisecondsToTimestamp(1777888800250);
  *expected.mutable_update_time() = TimeUtil::MillisecondsToTimestamp(1777888800250);
  EXPECT_THAT(created, EqualsProto(expected));

  v1::Organization found;
  grpc::Status status = Get(created.id(), &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(found, EqualsProto(created));
}

TEST_F(RegistryGrpcServiceTest, CreateTimeIsATimestampEqualToTheClock) {
  const v1::Organization created = MustCreate(Named("Alfa", "NL"));
  EXPECT_EQ(created.create_time().seconds(), absl::ToUnixSeconds(kStart));
  EXPECT_EQ(created.create_time().nanos(), 250000000);
  EXPECT_EQ(created.update_time().seconds(), absl::ToUnixSeconds(kStart));
  EXPECT_EQ(created.update_time().nanos(), 250000000);
}

TEST_F(RegistryGrpcServiceTest, WithoutLocationNoneComesBack) {
  const v1::Organization created = MustCreate(Named("Alfa", "NL"));
  EXPECT_FALSE(created.has_location());
  v1::Organization found;
  ASSERT_TRUE(Get(created.id(), &found).ok());
  EXPECT_FALSE(found.has_location());
  EXPECT_EQ(found.time_zone(), "Europe/Amsterdam");
}

TEST_F(RegistryGrpcServiceTest, InvalidCreateIsInvalidArgumentNamingTheField) {
  v1::Organization organization = FullProto();
  organization.set_name("   ");
  v1::Organization created;
  grpc::Status status = Create(organization, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("organization.name:"));

  organization = FullProto();
  organization.mutable_location()->set_latitude(std::numeric_limits<double>::quiet_NaN());
  status = Create(organization, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("organization.location.latitude:"));

  organization = FullProto();
  organization.set_id("org_chosen_by_me");
  status = Create(organization, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("organization.id:"));

  v1::ListOrganizationsResponse listed;
  ASSERT_TRUE(List({}, &listed).ok());
  EXPECT_EQ(listed.organizations_size(), 0);
}

TEST_F(RegistryGrpcServiceTest, CreateWithoutOrganizationIsInvalidArgument) {
  v1::Organization created;
  grpc::Status status =
      stub_->CreateOrganization(Context().get(), v1::CreateOrganizationRequest(), &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("organization"));
}

TEST_F(RegistryGrpcServiceTest, UnknownEnumValuesAreInvalidArgument) {
  // proto3 enums are open: a newer client may send values this server does not know.
  v1::Organization organization = FullProto();
  organization.set_kind(static_cast<v1::OrganizationKind>(42));
  v1::Organization created;
  grpc::Status status = Create(organization, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith("organization.kind:"));

  organization = FullProto();
  organization.set_status(static_cast<v1::OrganizationStatus>(7));
  status = Create(organization, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith("organization.status:"));
}

TEST_F(RegistryGrpcServiceTest, GetUnknownIsNotFoundAndEmptyIsInvalidArgument) {
  v1::Organization found;
  EXPECT_EQ(Get("org_00000000000000000000000000000000", &found).error_code(),
            grpc::StatusCode::NOT_FOUND);
  grpc::Status status = Get("", &found);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("organization_id"));
}

TEST_F(RegistryGrpcServiceTest, ListFiltersAndPages) {
  for (const char* name : {"Echo", "Charlie", "Alfa", "Delta", "Bravo"}) {
    MustCreate(Named(name, "NL"));
  }
  MustCreate(Named("Foxtrot", "BE"));
  v1::Organization school = Named("Golf 100% School", "NL");
  school.set_kind(v1::ORGANIZATION_KIND_SCHOOL);
  MustCreate(school);

  v1::ListOrganizationsRequest request;
  request.set_country("NL");
  request.set_kind(v1::ORGANIZATION_KIND_COMPANY);
  request.set_page_size(2);
  std::vector<std::vector<std::string>> pages;
  for (int i = 0; i < 10; ++i) {
    v1::ListOrganizationsResponse response;
    grpc::Status status = List(request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    pages.push_back(Names(response));
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(pages, ElementsAre(ElementsAre("Alfa", "Bravo"), ElementsAre("Charlie", "Delta"),
                                 ElementsAre("Echo")));

  v1::ListOrganizationsRequest by_name;
  by_name.set_name_contains("0%");
  v1::ListOrganizationsResponse response;
  ASSERT_TRUE(List(by_name, &response).ok());
  EXPECT_THAT(Names(response), ElementsAre("Golf 100% School"));

  v1::ListOrganizationsRequest belgian;
  belgian.set_country("BE");
  response.Clear();
  ASSERT_TRUE(List(belgian, &response).ok());
  EXPECT_THAT(Names(response), ElementsAre("Foxtrot"));
  EXPECT_EQ(response.next_page_token(), "");
  ASSERT_EQ(response.organizations_size(), 1);
  EXPECT_EQ(response.organizations(0).create_time().seconds(), absl::ToUnixSeconds(kStart));
}

TEST_F(RegistryGrpcServiceTest, ListRejectsBadPagingAndFilters) {
  v1::ListOrganizationsResponse response;
  v1::ListOrganizationsRequest garbage;
  garbage.set_page_token("not-a-token");
  grpc::Status status = List(garbage, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));

  v1::ListOrganizationsRequest negative;
  negative.set_page_size(-5);
  status = List(negative, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_size"));

  v1::ListOrganizationsRequest german;
  german.set_country("DE");
  EXPECT_EQ(List(german, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RegistryGrpcServiceTest, UpdateAppliesTheFieldMask) {
  const v1::Organization created = MustCreate(FullProto());
  clock_.Advance(absl::Minutes(90));

  v1::Organization changes;
  changes.set_id(created.id());
  changes.set_name("VDAB Genk");
  changes.set_region("should not be applied");
  changes.set_status(v1::ORGANIZATION_STATUS_SUSPENDED);
  v1::Organization updated;
  grpc::Status status = Update(changes, {"name", "status"}, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();

  v1::Organization expected = created;
  expected.set_name("VDAB Genk");
  expected.set_status(v1::ORGANIZATION_STATUS_SUSPENDED);
  *expected.mutable_update_time() =
      TimeUtil::MillisecondsToTimestamp(absl::ToUnixMillis(kStart + absl::Minutes(90)));
  EXPECT_THAT(updated, EqualsProto(expected));
  EXPECT_THAT(updated.create_time(), EqualsProto(created.create_time()));

  v1::Organization found;
  ASSERT_TRUE(Get(created.id(), &found).ok());
  EXPECT_THAT(found, EqualsProto(expected));
}

TEST_F(RegistryGrpcServiceTest, UpdateWithoutMaskReplacesAllSettableFields) {
  const v1::Organization created = MustCreate(FullProto());
  clock_.Advance(absl::Seconds(1));
  v1::Organization changes = Named("Nieuwe Naam", "NL");
  changes.set_id(created.id());
  changes.set_status(v1::ORGANIZATION_STATUS_ACTIVE);
  changes.set_time_zone("Europe/Amsterdam");
  v1::Organization updated;
  grpc::Status status = Update(changes, {}, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.name(), "Nieuwe Naam");
  EXPECT_EQ(updated.country(), "NL");
  EXPECT_EQ(updated.region(), "");
  EXPECT_FALSE(updated.has_location());
  EXPECT_EQ(updated.education_tracks_size(), 0);
  EXPECT_EQ(updated.address().locality(), "");
  EXPECT_THAT(updated.create_time(), EqualsProto(created.create_time()));
  EXPECT_EQ(updated.update_time().seconds(), created.update_time().seconds() + 1);
}

TEST_F(RegistryGrpcServiceTest, UpdateErrorsOverTheWire) {
  const v1::Organization created = MustCreate(FullProto());
  v1::Organization changes;
  changes.set_id(created.id());
  changes.set_name("x");
  v1::Organization updated;

  grpc::Status status = Update(changes, {"name", "owner"}, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("update_mask:"));

  changes.set_country("FR");
  status = Update(changes, {"country"}, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("organization.country:"));

  changes.set_id("org_00000000000000000000000000000000");
  status = Update(changes, {"name"}, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  status = stub_->UpdateOrganization(Context().get(), v1::UpdateOrganizationRequest(), &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  v1::Organization found;
  ASSERT_TRUE(Get(created.id(), &found).ok());
  EXPECT_THAT(found, EqualsProto(created));
}

TEST_F(RegistryGrpcServiceTest, HealthServiceAnswersServing) {
  grpc::GenericStub stub(channel_);
  grpc::CompletionQueue queue;
  std::unique_ptr<grpc::ClientContext> context = Context();
  grpc::Slice empty("");  // HealthCheckRequest{service: ""}: the whole server
  grpc::ByteBuffer request(&empty, 1);
  auto call = stub.PrepareUnaryCall(context.get(), "/grpc.health.v1.Health/Check", request, &queue);
  call->StartCall();
  grpc::ByteBuffer response;
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  ASSERT_TRUE(queue.Next(&tag, &ok));
  EXPECT_TRUE(ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  // HealthCheckResponse{status: SERVING (1)}.
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));
}

}  // namespace
}  // namespace leerpool::registry
