// StatisticsService over the wire: the adapter behind a real server on port 0, called through
// the generated stub, and through the real HTTP gateway (JSON summary, CSV export, errors).

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "clients/http/http_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/booking/v1/statistics.grpc.pb.h"
#include "proto/descriptor_set.h"
#include "services/booking/grpc/statistics_grpc_service.h"
#include "services/common/auth/secrets.h"
#include "services/common/proto_time.h"
#include "services/common/server.h"
#include "services/gateway/backends.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_server.h"
#include "services/gateway/transcoding/transcoder.h"
#include "tests/services/booking/statistics_fixture.h"
#include "tests/services/common/auth/test_identity.h"

namespace leerpool::booking::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class StatisticsGrpcTest : public StatisticsFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(auth::InitializeCrypto().ok());
    service_ = std::make_unique<StatisticsGrpcService>(statistics_, identity_.authenticator());
    auto server = GrpcServer::Start({.name = "statistics-test"}, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::StatisticsService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));

    auto transcoder = gateway::Transcoder::Create(proto::DescriptorSetBytes());
    ASSERT_TRUE(transcoder.ok()) << transcoder.status();
    transcoder_ = std::move(*transcoder);
    backends_ = std::make_unique<gateway::Backends>(
        std::vector<gateway::BackendConfig>{{"booking", "leerpool.booking.", server_->address()}});
    gateway_ =
        std::make_unique<gateway::Gateway>(gateway::GatewayOptions{}, *transcoder_, *backends_);
    gateway::HttpServerOptions http_options;
    http_options.port = 0;
    auto http = gateway::HttpServer::Start(http_options, *gateway_);
    ASSERT_TRUE(http.ok()) << http.status();
    http_ = std::move(*http);
    client_ = std::make_unique<clients::HttpClient>("127.0.0.1", http_->port());

    Completed(kRig, Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), absl::Minutes(90),
              {{1, 3}, {2, 1}});
    Completed(kRig, Brussels(2026, 3, 3, 10), Brussels(2026, 3, 3, 13), absl::Hours(3), {{4, 5}},
              kOtherSchool);
  }

  void TearDown() override {
    client_.reset();
    if (http_) http_->Stop();
    if (server_) server_->Shutdown();
  }

  std::unique_ptr<grpc::ClientContext> Context(const std::string& bearer) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!bearer.empty()) context->AddMetadata("authorization", bearer);
    return context;
  }

  std::string OwnerBearer() {
    return identity_.Bearer("per_owner", {{kOwner, {auth::Role::kOrgAdmin}}});
  }
  std::string SchoolBearer() {
    return identity_.Bearer("per_coord", {{kSchool, {auth::Role::kCoordinator}}});
  }

  clients::HttpResult Get(const std::string& target, const std::string& bearer) {
    auto result = client_->Send("GET", target, "", {{"authorization", bearer}});
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : clients::HttpResult{};
  }

  SystemClock real_clock_;
  leerpool::testing::TestIdentity identity_{real_clock_};
  std::unique_ptr<StatisticsGrpcService> service_;
  std::unique_ptr<GrpcServer> server_;
  std::unique_ptr<v1::StatisticsService::Stub> stub_;
  std::unique_ptr<gateway::Transcoder> transcoder_;
  std::unique_ptr<gateway::Backends> backends_;
  std::unique_ptr<gateway::Gateway> gateway_;
  std::unique_ptr<gateway::HttpServer> http_;
  std::unique_ptr<clients::HttpClient> client_;
};

constexpr char kMarch[] = "start_time=2026-03-01T00:00:00Z&end_time=2026-04-01T00:00:00Z";

TEST_F(StatisticsGrpcTest, SummaryOverGrpcWithPermissions) {
  v1::GetStatsSummaryRequest request;
  request.mutable_scope()->set_listing_id(kRig);
  *request.mutable_start_time() = ToTimestamp(Utc(2026, 3, 1, 0));
  *request.mutable_end_time() = ToTimestamp(Utc(2026, 4, 1, 0));
  v1::StatsSummary summary;
  grpc::Status status = stub_->GetStatsSummary(Context(OwnerBearer()).get(), request, &summary);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(summary.groups_size(), 1);
  const v1::StatsFigures& f = summary.groups(0);
  EXPECT_DOUBLE_EQ(f.used_hours(), 4.5);
  EXPECT_EQ(f.distinct_organizations(), 2);
  EXPECT_EQ(f.cross_border_organizations(), 1);
  EXPECT_EQ(f.learners_reached(), 9);
  EXPECT_EQ(FromTimestamp(f.period_start()), Utc(2026, 3, 1, 0));
  ASSERT_EQ(f.organizations_by_kind_size(), 2);

  EXPECT_EQ(stub_->GetStatsSummary(Context(SchoolBearer()).get(), request, &summary).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub_->GetStatsSummary(Context("").get(), request, &summary).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  request.set_group_by(static_cast<v1::StatsGroupBy>(77));
  grpc::Status bad = stub_->GetStatsSummary(Context(OwnerBearer()).get(), request, &summary);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("group_by"));

  v1::GetStatsTimeSeriesRequest series_request;
  series_request.mutable_scope()->set_organization_id(kSchool);
  *series_request.mutable_start_time() = ToTimestamp(Utc(2026, 3, 1, 0));
  *series_request.mutable_end_time() = ToTimestamp(Utc(2026, 4, 1, 0));
  series_request.set_interval(v1::STATS_INTERVAL_WEEK);
  v1::StatsTimeSeries series;
  status = stub_->GetStatsTimeSeries(Context(SchoolBearer()).get(), series_request, &series);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(series.points_size(), 6);  // 1 Mar (Sun) .. 31 Mar: six ISO weeks, clipped
  EXPECT_DOUBLE_EQ(series.points(1).used_hours(), 1.5);
}

TEST_F(StatisticsGrpcTest, GatewayServesJsonAndCsv) {
  clients::HttpResult summary =
      Get(std::string("/v1/stats:summary?scope.listing_id=lst_rig&") + kMarch, OwnerBearer());
  ASSERT_EQ(summary.status, 200) << summary.body;
  const nlohmann::json body = nlohmann::json::parse(summary.body);
  ASSERT_EQ(body.at("groups").size(), 1u);
  EXPECT_DOUBLE_EQ(body["groups"][0].at("usedHours").get<double>(), 4.5);
  EXPECT_EQ(body["groups"][0].at("periodStart"), "2026-03-01T00:00:00Z");

  clients::HttpResult csv = Get(
      std::string("/v1/stats:export?scope.owner_organization_id=org_owner&interval=STATS_INTERVAL_"
                  "MONTH&") +
          kMarch,
      OwnerBearer());
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_THAT(csv.headers["content-type"], StartsWith("text/csv"));
  EXPECT_THAT(csv.headers["content-disposition"], HasSubstr("attachment"));
  EXPECT_THAT(csv.body, StartsWith("\"group_key\",\"group_label\",\"period_start\""));
  EXPECT_THAT(csv.body,
              HasSubstr("\r\n\"\",\"\",\"2026-03-01T00:00:00Z\",\"2026-04-01T00:00:00Z\""));

  clients::HttpResult top =
      Get(std::string("/v1/stats:top?scope.owner_organization_id=org_owner&order_by=STATS_ORDER_"
                      "DISTINCT_ORGANIZATIONS&") +
              kMarch,
          OwnerBearer());
  ASSERT_EQ(top.status, 200) << top.body;
  EXPECT_EQ(nlohmann::json::parse(top.body).at("listings")[0].at("groupKey"), kRig);

  EXPECT_EQ(Get(std::string("/v1/stats:summary?") + kMarch, OwnerBearer()).status, 403);
  clients::HttpResult bad =
      Get("/v1/stats:summary?start_time=2026-04-01T00:00:00Z&end_time=2026-03-01T00:00:00Z",
          OwnerBearer());
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("end_time"));
  EXPECT_EQ(
      Get(std::string("/v1/stats:summary?group_by=BY_NOTHING&") + kMarch, OwnerBearer()).status,
      400);
}

}  // namespace
}  // namespace leerpool::booking::testing
