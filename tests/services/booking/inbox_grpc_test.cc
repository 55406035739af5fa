// WatchInbox over the wire: the adapter behind a real server on port 0, then the same stream
// through the HTTP gateway as NDJSON.

#include <grpcpp/grpcpp.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/booking/v1/booking.grpc.pb.h"
#include "proto/descriptor_set.h"
#include "services/booking/grpc/booking_grpc_service.h"
#include "services/common/server.h"
#include "services/gateway/backends.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_server.h"
#include "tests/services/booking/booking_fixture.h"
#include "tests/services/common/auth/test_identity.h"

namespace leerpool::booking::testing {
namespace {

using ::testing::HasSubstr;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class InboxGrpcTest : public BookingFixture {
 protected:
  void SetUp() override {
    service_ = std::make_unique<BookingGrpcService>(*engine_, identity_.authenticator());
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "booking-test"}, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::BookingService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    engine_->ShutdownInbox();
    if (server_) server_->Shutdown();
  }

  std::string OwnerBearer() {
    return identity_.Bearer("per_owner", {{kOwner, {auth::Role::kOrgAdmin}}});
  }

  // A confirmed reservation: the owner's inbox gets "reserved".
  Reservation MakeReservation() {
    absl::StatusOr<Reservation> r =
        Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 4));
    EXPECT_TRUE(r.ok()) << r.status();
    return r.value_or(Reservation{});
  }

  SystemClock system_clock_;
  leerpool::testing::TestIdentity identity_{system_clock_};
  std::unique_ptr<BookingGrpcService> service_;
  std::unique_ptr<GrpcServer> server_;
  std::unique_ptr<v1::BookingService::Stub> stub_;
};

TEST_F(InboxGrpcTest, AWatchReceivesANoticeMadeAfterItStartedAndEndsOnCancel) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", OwnerBearer());
  v1::WatchInboxRequest request;
  request.set_organization_id(kOwner);
  std::unique_ptr<grpc::ClientReader<v1::InboxEvent>> reader = stub_->WatchInbox(&context, request);
  reader->WaitForInitialMetadata();  // the watch has started
  const Reservation r = MakeReservation();
  v1::InboxEvent event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.type(), "reserved");
  EXPECT_EQ(event.reservation_id(), r.id);
  EXPECT_EQ(event.organization_id(), kOwner);
  EXPECT_GT(event.sequence(), 0);

  const auto cancelled = std::chrono::steady_clock::now();
  context.TryCancel();
  EXPECT_FALSE(reader->Read(&event));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled, std::chrono::seconds(2));
}

TEST_F(InboxGrpcTest, AWatchResumesAfterASequence) {
  MakeReservation();
  grpc::ClientContext context;
  context.AddMetadata("authorization", OwnerBearer());
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::WatchInboxRequest request;
  request.set_organization_id(kOwner);
  v1::ListInboxRequest list;
  list.set_organization_id(kOwner);
  v1::ListInboxResponse listed;
  {
    grpc::ClientContext list_context;
    list_context.AddMetadata("authorization", OwnerBearer());
    ASSERT_TRUE(stub_->ListInbox(&list_context, list, &listed).ok());
  }
  ASSERT_EQ(listed.events_size(), 1);
  // Resuming before the stored notice sends it again; from its own sequence, only new ones.
  request.set_after_sequence(listed.events(0).sequence() - 1);
  std::unique_ptr<grpc::ClientReader<v1::InboxEvent>> reader = stub_->WatchInbox(&context, request);
  v1::InboxEvent event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.id(), listed.events(0).id());
  context.TryCancel();
  reader->Finish();

  grpc::ClientContext later;
  later.AddMetadata("authorization", OwnerBearer());
  request.set_after_sequence(listed.events(0).sequence());
  reader = stub_->WatchInbox(&later, request);
  reader->WaitForInitialMetadata();
  absl::StatusOr<Reservation> next =
      Reserve(Session(kRig, Brussels(2026, 3, 11, 9), Brussels(2026, 3, 11, 12), 4));
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.reservation_id(), next->id);
  later.TryCancel();
}

TEST_F(InboxGrpcTest, AWatchOfAnotherOrganizationIsRefused) {
  grpc::ClientContext context;
  context.AddMetadata("authorization",
                      identity_.Bearer("per_c", {{kSchool, {auth::Role::kCoordinator}}}));
  v1::WatchInboxRequest request;
  request.set_organization_id(kOwner);
  std::unique_ptr<grpc::ClientReader<v1::InboxEvent>> reader = stub_->WatchInbox(&context, request);
  v1::InboxEvent event;
  EXPECT_FALSE(reader->Read(&event));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(InboxGrpcTest, ServerShutdownEndsAWatchPromptly) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", OwnerBearer());
  v1::WatchInboxRequest request;
  request.set_organization_id(kOwner);
  std::unique_ptr<grpc::ClientReader<v1::InboxEvent>> reader = stub_->WatchInbox(&context, request);
  reader->WaitForInitialMetadata();
  const auto start = std::chrono::steady_clock::now();
  engine_->ShutdownInbox();
  server_->Shutdown();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  v1::InboxEvent event;
  EXPECT_FALSE(reader->Read(&event));
  EXPECT_TRUE(reader->Finish().ok());
}

TEST_F(InboxGrpcTest, ThroughTheGatewayANoticeArrivesAsAnNdjsonLine) {
  absl::StatusOr<std::unique_ptr<gateway::Transcoder>> transcoder =
      gateway::Transcoder::Create(proto::DescriptorSetBytes());
  ASSERT_TRUE(transcoder.ok()) << transcoder.status();
  gateway::Backends backends({{"booking", "leerpool.booking.", server_->address()}});
  gateway::Gateway gateway({}, **transcoder, backends);
  gateway::HttpServerOptions options;
  options.port = 0;
  absl::StatusOr<std::unique_ptr<gateway::HttpServer>> http =
      gateway::HttpServer::Start(options, gateway);
  ASSERT_TRUE(http.ok()) << http.status();

  net::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), (*http)->port()));
  const std::string get = "GET /v1/inbox:watch?organization_id=" + std::string(kOwner) +
                          " HTTP/1.1\r\nHost: test\r\nAuthorization: " + OwnerBearer() + "\r\n\r\n";
  net::write(socket, net::buffer(get));
  // The head arrives once the backend accepted the watch.
  std::string received;
  char buffer[4096];
  while (received.find("\r\n\r\n") == std::string::npos) {
    received.append(buffer, socket.read_some(net::buffer(buffer)));
  }
  EXPECT_THAT(received, HasSubstr("200 OK"));
  EXPECT_THAT(received, HasSubstr("Content-Type: application/x-ndjson"));
  EXPECT_THAT(received, HasSubstr("Transfer-Encoding: chunked"));

  const Reservation r = MakeReservation();
  while (received.find("}\n") == std::string::npos) {
    received.append(buffer, socket.read_some(net::buffer(buffer)));
  }
  const std::string body = received.substr(received.find("\r\n\r\n") + 4);
  EXPECT_THAT(body, HasSubstr("\"type\":\"reserved\""));
  EXPECT_THAT(body, HasSubstr("\"reservationId\":\"" + r.id + "\""));

  // Stopping the gateway ends the stream with the last chunk instead of waiting out the
  // grace period.
  const auto stop = std::chrono::steady_clock::now();
  (*http)->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stop, std::chrono::seconds(3));
  boost::system::error_code ec;
  for (;;) {
    const size_t n = socket.read_some(net::buffer(buffer), ec);
    if (ec) break;
    received.append(buffer, n);
  }
  EXPECT_THAT(received, HasSubstr("0\r\n\r\n"));
}

}  // namespace
}  // namespace leerpool::booking::testing
