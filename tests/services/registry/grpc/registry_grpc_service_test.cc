// The registry over the wire: a real GrpcServer on port 0 serving the adapter over the core
// and an in-memory SQLite database, called through the generated stub with the access token
// in the "authorization" metadata, authenticated by the registry's own Authenticator.

#include "services/registry/grpc/registry_grpc_service.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/empty.pb.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/registry/v1/registry.grpc.pb.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/secrets.h"
#include "services/common/auth/token.h"
#include "services/common/clock.h"
#include "services/common/server.h"
#include "services/registry/core/registry.h"
#include "services/registry/core/registry_auth_source.h"
#include "services/registry/sqlite/sqlite_registry_store.h"
#include "storage/sqlite.h"

namespace leerpool::registry {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

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

constexpr char kAdminEmail[] = "admin@leerpool.test";
constexpr char kAdminPassword[] = "admin-password-1";

class RegistryGrpcServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(auth::InitializeCrypto().ok());
    absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenRegistryDatabase({});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    store_ = std::make_unique<SqliteRegistryStore>(*db_);
    RegistryOptions options;
    options.password_cost = auth::PasswordCost::kMinimum;
    absl::StatusOr<std::unique_ptr<Registry>> registry = Registry::Create(*store_, clock_, options);
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::move(*registry);
    ASSERT_TRUE(registry_->BootstrapPlatformAdmin(kAdminEmail, kAdminPassword).ok());
    auth_source_ = std::make_unique<RegistryAuthSource>(*registry_);
    auth::AuthenticatorOptions auth_options;
    // The tests decide when revocations are polled: only the adapter's own refreshes count.
    auth_options.revocation_poll_interval = absl::Hours(1);
    auth_options.startup_timeout = absl::Seconds(5);
    absl::StatusOr<std::unique_ptr<auth::Authenticator>> authenticator =
        auth::Authenticator::Create(*auth_source_, clock_, auth_options);
    ASSERT_TRUE(authenticator.ok()) << authenticator.status();
    authenticator_ = std::move(*authenticator);
    service_ = std::make_unique<RegistryGrpcService>(*registry_, *authenticator_);
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "registry-test"}, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    stub_ = v1::RegistryService::NewStub(channel_);
    admin_token_ = MustLogin(kAdminEmail, kAdminPassword).access_token();
    ASSERT_FALSE(admin_token_.empty());
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  // A call context with a deadline and, unless empty, "authorization: Bearer <token>".
  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }
  // Organisation calls are made as the platform admin unless a test says otherwise.
  std::unique_ptr<grpc::ClientContext> Context() { return Context(admin_token_); }

  grpc::Status Login(const std::string& email, const std::string& password, v1::Session* session) {
    v1::LoginRequest request;
    request.set_email(email);
    request.set_password(password);
    return stub_->Login(Context("").get(), request, session);
  }

  v1::Session MustLogin(const std::string& email, const std::string& password) {
    v1::Session session;
    grpc::Status status = Login(email, password, &session);
    EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
    return session;
  }

  grpc::StatusCode GetMe(const std::string& token, v1::Me* me = nullptr) {
    v1::Me ignored;
    return stub_->GetMe(Context(token).get(), v1::GetMeRequest(), me ? me : &ignored).error_code();
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
  FakeClock clock_{kStart};
  std::unique_ptr<SqliteRegistryStore> store_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<RegistryAuthSource> auth_source_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<RegistryGrpcService> service_;
  std::unique_ptr<GrpcServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::RegistryService::Stub> stub_;
  std::string admin_token_;
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
  admin_token_ = MustLogin(kAdminEmail, kAdminPassword).access_token();  // The first expired.

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

// ---------------------------------------------------------------------------------------------
// Sign-in over the wire

TEST_F(RegistryGrpcServiceTest, ASignedInCallerIsKnownByTheTokenInTheMetadata) {
  const v1::Session session = MustLogin(" Admin@Leerpool.test", kAdminPassword);
  EXPECT_EQ(session.person().email(), kAdminEmail);
  EXPECT_TRUE(session.person().platform_admin());
  EXPECT_FALSE(session.refresh_token().empty());
  EXPECT_EQ(session.access_token_expire_time().seconds(),
            absl::ToUnixSeconds(kStart + absl::Minutes(15)));
  v1::Me me;
  ASSERT_EQ(GetMe(session.access_token(), &me), grpc::StatusCode::OK);
  EXPECT_EQ(me.person().id(), session.person().id());
  EXPECT_EQ(GetMe(""), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RegistryGrpcServiceTest, WrongCredentialsAndTooManyAttemptsMapToTheirCodes) {
  v1::Session session;
  grpc::Status wrong = Login(kAdminEmail, "not the password", &session);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.error_message(), "email or password is wrong");
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(Login(kAdminEmail, "still wrong", &session).ok());
  grpc::Status limited = Login(kAdminEmail, kAdminPassword, &session);
  EXPECT_EQ(limited.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(limited.error_message(), HasSubstr("try again in 15 minutes"));
}

TEST_F(RegistryGrpcServiceTest, TamperedMalformedAndExpiredTokensAreRefused) {
  std::string tampered = admin_token_;
  tampered[tampered.find('.') + 5] ^= 1;
  EXPECT_EQ(GetMe(tampered), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetMe("not-a-token"), grpc::StatusCode::UNAUTHENTICATED);
  // Even public operations refuse a bad token rather than treat the caller as anonymous.
  v1::Organization found;
  EXPECT_EQ(stub_->GetOrganization(Context(tampered).get(), v1::GetOrganizationRequest(), &found)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext basic;
  basic.AddMetadata("authorization", "Basic YWRtaW46YWRtaW4=");
  v1::Me me;
  EXPECT_EQ(stub_->GetMe(&basic, v1::GetMeRequest(), &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  ASSERT_EQ(GetMe(admin_token_), grpc::StatusCode::OK);
  clock_.Advance(absl::Minutes(15));
  EXPECT_EQ(GetMe(admin_token_), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RegistryGrpcServiceTest, AfterLogoutTheTokenIsRefusedAtOnce) {
  const v1::Session session = MustLogin(kAdminEmail, kAdminPassword);
  ASSERT_EQ(GetMe(session.access_token()), grpc::StatusCode::OK);
  google::protobuf::Empty empty;
  grpc::Status status =
      stub_->Logout(Context(session.access_token()).get(), v1::LogoutRequest(), &empty);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(GetMe(session.access_token()), grpc::StatusCode::UNAUTHENTICATED);
  v1::RefreshRequest refresh;
  refresh.set_refresh_token(session.refresh_token());
  v1::Session refreshed;
  EXPECT_EQ(stub_->Refresh(Context("").get(), refresh, &refreshed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // Other services learn of it from the revocation list.
  v1::ListRevocationsResponse revocations;
  ASSERT_TRUE(
      stub_->ListRevocations(Context("").get(), v1::ListRevocationsRequest(), &revocations).ok());
  ASSERT_EQ(revocations.revocations_size(), 1);
  EXPECT_EQ(revocations.revocations(0).expire_time().seconds(),
            absl::ToUnixSeconds(kStart + absl::Minutes(15)));
  EXPECT_EQ(revocations.as_of().seconds(), absl::ToUnixSeconds(kStart));
  // The admin's other session is unaffected.
  EXPECT_EQ(GetMe(admin_token_), grpc::StatusCode::OK);
}

TEST_F(RegistryGrpcServiceTest, RefreshRotatesAndReuseEndsTheSessionAtOnce) {
  const v1::Session first = MustLogin(kAdminEmail, kAdminPassword);
  v1::RefreshRequest request;
  request.set_refresh_token(first.refresh_token());
  v1::Session second;
  ASSERT_TRUE(stub_->Refresh(Context("").get(), request, &second).ok());
  EXPECT_NE(second.refresh_token(), first.refresh_token());
  ASSERT_EQ(GetMe(second.access_token()), grpc::StatusCode::OK);
  v1::Session reused;
  EXPECT_EQ(stub_->Refresh(Context("").get(), request, &reused).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetMe(second.access_token()), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RegistryGrpcServiceTest, SigningKeysArePublicAndVerifyTheTokens) {
  v1::SigningKeys keys;
  ASSERT_TRUE(stub_->GetSigningKeys(Context("").get(), v1::GetSigningKeysRequest(), &keys).ok());
  ASSERT_EQ(keys.keys_size(), 1);
  EXPECT_EQ(keys.keys(0).public_key().size(), 32u);
  auth::TokenVerifier verifier;
  verifier.SetKeys({{keys.keys(0).key_id(), keys.keys(0).public_key()}});
  EXPECT_TRUE(verifier.Verify(admin_token_, clock_.Now()).ok());
}

// No message of the API can carry a password hash or any other stored secret hash.
TEST_F(RegistryGrpcServiceTest, NoMessageHasAFieldForAHash) {
  const google::protobuf::FileDescriptor* file = v1::Person::descriptor()->file();
  std::vector<std::string> password_fields;
  for (int m = 0; m < file->message_type_count(); ++m) {
    const google::protobuf::Descriptor* message = file->message_type(m);
    for (int f = 0; f < message->field_count(); ++f) {
      const std::string& name = message->field(f)->name();
      EXPECT_THAT(name, Not(HasSubstr("hash"))) << message->full_name();
      if (name.find("password") != std::string::npos) {
        password_fields.push_back(message->name() + "." + name);
      }
    }
  }
  // Passwords only ever travel in, in the two requests that set or check one.
  EXPECT_THAT(password_fields,
              UnorderedElementsAre("AcceptInvitationRequest.password", "LoginRequest.password"));
}

// ---------------------------------------------------------------------------------------------
// A few operations per area

TEST_F(RegistryGrpcServiceTest, InviteAcceptAndManageMembers) {
  const v1::Organization curio = MustCreate(Named("Curio", "NL"));
  v1::CreateInvitationRequest invite;
  invite.set_organization_id(curio.id());
  invite.set_email("alice@curio.test");
  invite.add_roles(v1::ROLE_ORG_ADMIN);
  v1::Invitation invitation;
  grpc::Status status = stub_->CreateInvitation(Context().get(), invite, &invitation);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(invitation.token().empty());
  EXPECT_EQ(invitation.expire_time().seconds(), absl::ToUnixSeconds(kStart + absl::Hours(168)));

  v1::AcceptInvitationRequest accept;
  accept.set_token(invitation.token());
  accept.set_password("short");
  v1::Session alice;
  status = stub_->AcceptInvitation(Context("").get(), accept, &alice);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("password:"));
  accept.set_password("alice-password");
  accept.set_display_name("Alice");
  ASSERT_TRUE(stub_->AcceptInvitation(Context("").get(), accept, &alice).ok());
  ASSERT_EQ(alice.memberships_size(), 1);
  EXPECT_THAT(alice.memberships(0).roles(), ElementsAre(v1::ROLE_ORG_ADMIN));
  EXPECT_EQ(stub_->AcceptInvitation(Context("").get(), accept, &alice).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::ListMembersRequest list;
  list.set_organization_id(curio.id());
  v1::ListMembersResponse members;
  ASSERT_TRUE(stub_->ListMembers(Context(alice.access_token()).get(), list, &members).ok());
  ASSERT_EQ(members.members_size(), 1);
  EXPECT_EQ(members.members(0).person().display_name(), "Alice");

  v1::UpdateMemberRequest demote;
  demote.set_organization_id(curio.id());
  demote.set_person_id(alice.person().id());
  demote.add_roles(v1::ROLE_ANALYST);
  v1::Member member;
  EXPECT_EQ(stub_->UpdateMember(Context(alice.access_token()).get(), demote, &member).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::RemoveMemberRequest remove;
  remove.set_organization_id(curio.id());
  remove.set_person_id(alice.person().id());
  google::protobuf::Empty empty;
  EXPECT_EQ(stub_->RemoveMember(Context("").get(), remove, &empty).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RegistryGrpcServiceTest, NetworksOverTheWire) {
  v1::Organization volta_proto = Named("Volta", "BE");
  volta_proto.set_kind(v1::ORGANIZATION_KIND_SECTOR_BODY);
  const v1::Organization volta = MustCreate(volta_proto);
  const v1::Organization curio = MustCreate(Named("Curio", "NL"));
  v1::CreateNetworkRequest create;
  create.mutable_network()->set_name("Energietransitie");
  create.mutable_network()->set_kind(v1::NETWORK_KIND_LEARNING_NETWORK);
  create.mutable_network()->set_owner_organization_id(volta.id());
  v1::Network network;
  ASSERT_TRUE(stub_->CreateNetwork(Context().get(), create, &network).ok());
  v1::AddNetworkMemberRequest add;
  add.set_network_id(network.id());
  add.set_organization_id(curio.id());
  v1::NetworkMember member;
  ASSERT_TRUE(stub_->AddNetworkMember(Context().get(), add, &member).ok());
  EXPECT_EQ(member.organization_name(), "Curio");
  EXPECT_EQ(stub_->AddNetworkMember(Context().get(), add, &member).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  v1::ListNetworksRequest list;
  list.set_member_organization_id(curio.id());
  v1::ListNetworksResponse networks;
  ASSERT_TRUE(stub_->ListNetworks(Context("").get(), list, &networks).ok());
  ASSERT_EQ(networks.networks_size(), 1);
  EXPECT_EQ(networks.networks(0).member_count(), 1);
}

TEST_F(RegistryGrpcServiceTest, QualificationsOverTheWire) {
  v1::Organization censes_proto = Named("Censes", "NL");
  censes_proto.set_kind(v1::ORGANIZATION_KIND_MANUFACTURER);
  const v1::Organization censes = MustCreate(censes_proto);
  v1::CreateQualificationTypeRequest create;
  create.mutable_qualification_type()->set_issuer_organization_id(censes.id());
  create.mutable_qualification_type()->set_code("HP-TTT");
  create.mutable_qualification_type()->set_name_en("Heat-pump train-the-trainer");
  create.mutable_qualification_type()->set_validity_months(24);
  v1::QualificationType type;
  ASSERT_TRUE(stub_->CreateQualificationType(Context().get(), create, &type).ok());

  v1::Session admin = MustLogin(kAdminEmail, kAdminPassword);
  v1::IssueQualificationRequest issue;
  issue.set_qualification_type_id(type.id());
  issue.set_person_email(kAdminEmail);
  issue.mutable_issue_date()->set_year(2026);
  issue.mutable_issue_date()->set_month(2);
  issue.mutable_issue_date()->set_day(1);
  v1::Qualification issued;
  ASSERT_TRUE(stub_->IssueQualification(Context().get(), issue, &issued).ok());
  EXPECT_EQ(issued.expiry_date().year(), 2028);
  EXPECT_EQ(issued.expiry_date().month(), 1);
  EXPECT_EQ(issued.expiry_date().day(), 31);
  issue.mutable_issue_date()->set_day(30);
  issue.mutable_issue_date()->set_month(2);
  grpc::Status bad = stub_->IssueQualification(Context().get(), issue, &issued);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), StartsWith("issue_date:"));

  v1::CheckQualificationsRequest check;
  check.set_person_id(admin.person().id());
  check.add_qualification_type_ids(type.id());
  check.mutable_start_date()->set_year(2028);
  check.mutable_start_date()->set_month(1);
  check.mutable_start_date()->set_day(31);
  v1::CheckQualificationsResponse checked;
  ASSERT_TRUE(stub_->CheckQualifications(Context().get(), check, &checked).ok());
  EXPECT_TRUE(checked.all_valid());
  EXPECT_EQ(checked.checks(0).qualification_id(), issued.id());
  check.mutable_start_date()->set_month(2);
  check.mutable_start_date()->set_day(1);
  ASSERT_TRUE(stub_->CheckQualifications(Context().get(), check, &checked).ok());
  EXPECT_FALSE(checked.all_valid());
  EXPECT_EQ(stub_->CheckQualifications(Context("").get(), check, &checked).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RegistryGrpcServiceTest, ApiKeysAuthenticateDirectlyAndStopAtRevocation) {
  const v1::Organization curio = MustCreate(Named("Curio", "NL"));
  v1::CreateApiKeyRequest create;
  create.set_organization_id(curio.id());
  create.set_name("timetable sync");
  create.set_role(v1::ROLE_COORDINATOR);
  v1::ApiKey key;
  ASSERT_TRUE(stub_->CreateApiKey(Context().get(), create, &key).ok());
  EXPECT_THAT(key.secret(), StartsWith("lpk_" + key.id() + "_"));
  create.set_role(v1::ROLE_ORG_ADMIN);
  v1::ApiKey refused;
  EXPECT_EQ(stub_->CreateApiKey(Context().get(), create, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::ListMembersRequest list;
  list.set_organization_id(curio.id());
  v1::ListMembersResponse members;
  // "Bearer lpk_..." straight to the registry: exchanged and cached by the Authenticator.
  ASSERT_TRUE(stub_->ListMembers(Context(key.secret()).get(), list, &members).ok());
  v1::ExchangeApiKeyRequest exchange;
  exchange.set_api_key(key.secret());
  v1::Session session;
  ASSERT_TRUE(stub_->ExchangeApiKey(Context("").get(), exchange, &session).ok());
  EXPECT_EQ(session.refresh_token(), "");
  EXPECT_FALSE(session.has_person());

  v1::ListApiKeysRequest list_keys;
  list_keys.set_organization_id(curio.id());
  v1::ListApiKeysResponse keys;
  ASSERT_TRUE(stub_->ListApiKeys(Context().get(), list_keys, &keys).ok());
  ASSERT_EQ(keys.api_keys_size(), 1);
  EXPECT_EQ(keys.api_keys(0).secret(), "");
  EXPECT_TRUE(keys.api_keys(0).has_last_use_time());

  v1::RevokeApiKeyRequest revoke;
  revoke.set_organization_id(curio.id());
  revoke.set_api_key_id(key.id());
  v1::ApiKey revoked;
  ASSERT_TRUE(stub_->RevokeApiKey(Context().get(), revoke, &revoked).ok());
  EXPECT_TRUE(revoked.revoked());
  EXPECT_EQ(stub_->ListMembers(Context(key.secret()).get(), list, &members).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->ListMembers(Context(session.access_token()).get(), list, &members).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RegistryGrpcServiceTest, TheAuditTrailOverTheWire) {
  const v1::Organization curio = MustCreate(Named("Curio", "NL"));
  v1::ListAuditEventsRequest request;
  request.set_organization_id(curio.id());
  v1::ListAuditEventsResponse response;
  ASSERT_TRUE(stub_->ListAuditEvents(Context().get(), request, &response).ok());
  ASSERT_EQ(response.events_size(), 1);
  EXPECT_EQ(response.events(0).action(), "organization.create");
  EXPECT_EQ(response.events(0).resource_id(), curio.id());
  EXPECT_THAT(response.events(0).details(), HasSubstr(R"("name":"Curio")"));
  EXPECT_EQ(stub_->ListAuditEvents(Context("").get(), request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RegistryGrpcServiceTest, OrganisationChangesNeedAPlatformAdminOrTheOrganisationsAdmin) {
  v1::Organization created;
  grpc::Status anonymous;
  {
    v1::CreateOrganizationRequest request;
    *request.mutable_organization() = Named("Alfa", "NL");
    anonymous = stub_->CreateOrganization(Context("").get(), request, &created);
  }
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  const v1::Organization alfa = MustCreate(Named("Alfa", "NL"));
  v1::UpdateOrganizationRequest update;
  update.mutable_organization()->set_id(alfa.id());
  update.mutable_organization()->set_region("Zeeland");
  update.mutable_update_mask()->add_paths("region");
  v1::Organization updated;
  EXPECT_EQ(stub_->UpdateOrganization(Context("").get(), update, &updated).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace leerpool::registry
