// A calendar feed the way a calendar application reads it: no token, first straight over
// gRPC, then as `GET /v1/calendars/<secret>` through the real HTTP gateway in front of the
// real booking adapter (engine on in-memory SQLite, fake catalogue), all on port 0.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "clients/http/http_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/booking/v1/booking.grpc.pb.h"
#include "proto/descriptor_set.h"
#include "services/booking/grpc/booking_grpc_service.h"
#include "services/common/auth/secrets.h"
#include "services/common/server.h"
#include "services/gateway/backends.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_server.h"
#include "services/gateway/transcoding/transcoder.h"
#include "tests/services/booking/booking_fixture.h"
#include "tests/services/common/auth/test_identity.h"

namespace leerpool::booking::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class CalendarFeedHttpTest : public BookingFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(auth::InitializeCrypto().ok());
    service_ = std::make_unique<BookingGrpcService>(*engine_, identity_.authenticator());
    auto server = GrpcServer::Start({.name = "booking-calendar-test"}, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::BookingService::NewStub(
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
  }

  void TearDown() override {
    client_.reset();
    if (http_) http_->Stop();
    if (server_) server_->Shutdown();
  }

  std::unique_ptr<grpc::ClientContext> Context(const std::string& bearer = "") {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!bearer.empty()) context->AddMetadata("authorization", bearer);
    return context;
  }

  std::string OwnerBearer() {
    return identity_.Bearer("per_owner", {{kOwner, {auth::Role::kOrgAdmin}}});
  }

  clients::HttpResult Get(const std::string& target,
                          const std::map<std::string, std::string>& headers = {}) {
    auto result = client_->Send("GET", target, "", headers);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : clients::HttpResult{};
  }

  // The identity's tokens are checked against real time.
  SystemClock real_clock_;
  leerpool::testing::TestIdentity identity_{real_clock_};
  std::unique_ptr<BookingGrpcService> service_;
  std::unique_ptr<GrpcServer> server_;
  std::unique_ptr<v1::BookingService::Stub> stub_;
  std::unique_ptr<gateway::Transcoder> transcoder_;
  std::unique_ptr<gateway::Backends> backends_;
  std::unique_ptr<gateway::Gateway> gateway_;
  std::unique_ptr<gateway::HttpServer> http_;
  std::unique_ptr<clients::HttpClient> client_;
};

TEST_F(CalendarFeedHttpTest, CalendarNeedsNoTokenButManagingFeedsDoes) {
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12)));
  ASSERT_TRUE(r.ok()) << r.status();

  v1::CreateCalendarFeedRequest create;
  create.set_listing_id(kRig);
  v1::CalendarFeed feed;
  EXPECT_EQ(stub_->CreateCalendarFeed(Context().get(), create, &feed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status created = stub_->CreateCalendarFeed(Context(OwnerBearer()).get(), create, &feed);
  ASSERT_TRUE(created.ok()) << created.error_message();
  ASSERT_THAT(feed.url(), StartsWith("/v1/calendars/"));
  EXPECT_FALSE(feed.revoked());

  v1::GetCalendarRequest get;
  get.set_secret(feed.url().substr(std::string("/v1/calendars/").size()));
  leerpool::api::v1::HttpBody body;
  grpc::Status fetched = stub_->GetCalendar(Context().get(), get, &body);
  ASSERT_TRUE(fetched.ok()) << fetched.error_message();
  EXPECT_EQ(body.content_type(), "text/calendar; charset=utf-8");
  EXPECT_THAT(body.data(), StartsWith("BEGIN:VCALENDAR\r\n"));
  EXPECT_THAT(body.data(), HasSubstr("UID:" + r->id + "@leerpool\r\n"));

  // A stale token does not spoil the feed: the secret is the credential.
  leerpool::api::v1::HttpBody with_junk;
  EXPECT_TRUE(stub_->GetCalendar(Context("Bearer junk").get(), get, &with_junk).ok());

  v1::ListCalendarFeedsRequest list;
  list.set_organization_id(kOwner);
  v1::ListCalendarFeedsResponse listed;
  ASSERT_TRUE(stub_->ListCalendarFeeds(Context(OwnerBearer()).get(), list, &listed).ok());
  ASSERT_EQ(listed.feeds_size(), 1);
  EXPECT_EQ(listed.feeds(0).url(), "");
  EXPECT_EQ(listed.feeds(0).listing_id(), kRig);

  v1::RevokeCalendarFeedRequest revoke;
  revoke.set_feed_id(feed.id());
  v1::CalendarFeed revoked;
  ASSERT_TRUE(stub_->RevokeCalendarFeed(Context(OwnerBearer()).get(), revoke, &revoked).ok());
  EXPECT_TRUE(revoked.revoked());
  EXPECT_EQ(stub_->GetCalendar(Context().get(), get, &body).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(CalendarFeedHttpTest, GatewayServesTheFeedAsTextCalendarWithoutAToken) {
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12)));
  ASSERT_TRUE(r.ok()) << r.status();
  absl::StatusOr<CalendarFeed> feed = engine_->CreateCalendarFeed(OwnerAdmin(), kRig, "");
  ASSERT_TRUE(feed.ok()) << feed.status();

  clients::HttpResult result = Get(feed->url);
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.headers["content-type"], "text/calendar; charset=utf-8");
  EXPECT_EQ(result.headers["content-disposition"], "inline; filename=\"leerpool.ics\"");
  // The raw body, not JSON or base64.
  EXPECT_THAT(result.body, StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  EXPECT_THAT(result.body, HasSubstr("UID:" + r->id + "@leerpool\r\n"));
  EXPECT_THAT(result.body, HasSubstr("END:VCALENDAR\r\n"));

  ASSERT_TRUE(engine_->RevokeCalendarFeed(OwnerAdmin(), feed->id).ok());
  EXPECT_EQ(Get(feed->url).status, 404);
  EXPECT_EQ(Get("/v1/calendars/guessed-secret").status, 404);
}

}  // namespace
}  // namespace leerpool::booking::testing
