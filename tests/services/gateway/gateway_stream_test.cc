// Server-streaming RPCs through the gateway: a fake booking backend on port 0 whose
// WatchInbox the test drives, read over a raw socket so each chunk is seen as it arrives.

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "leerpool/booking/v1/booking.grpc.pb.h"
#include "proto/descriptor_set.h"
#include "services/common/server.h"
#include "services/gateway/backends.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_server.h"

namespace leerpool::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace net = boost::asio;
using tcp = net::ip::tcp;
namespace v1 = leerpool::booking::v1;

// WatchInbox by organization: "denied" fails before starting; "fails" sends one event and
// fails; anything else sends what the test pushes until the call is cancelled.
class FakeBooking final : public v1::BookingService::Service {
 public:
  grpc::Status WatchInbox(grpc::ServerContext* context, const v1::WatchInboxRequest* request,
                          grpc::ServerWriter<v1::InboxEvent>* writer) override {
    if (request->organization_id() == "denied") {
      return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "not a member");
    }
    writer->SendInitialMetadata();
    if (request->organization_id() == "fails") {
      v1::InboxEvent event;
      event.set_type("first");
      writer->Write(event);
      return grpc::Status(grpc::StatusCode::INTERNAL, "backend broke");
    }
    std::unique_lock lock(mutex_);
    for (;;) {
      if (context->IsCancelled()) {
        cancelled_ = true;
        changed_.notify_all();
        return grpc::Status::CANCELLED;
      }
      if (!queue_.empty()) {
        v1::InboxEvent event;
        event.set_type(queue_.front());
        event.set_organization_id(request->organization_id());
        queue_.pop_front();
        lock.unlock();
        writer->Write(event);
        lock.lock();
        continue;
      }
      changed_.wait_for(lock, std::chrono::milliseconds(20));
    }
  }

  // Holds every GetReservation until the gateway gives up on it (cancellation or deadline).
  grpc::Status GetReservation(grpc::ServerContext* context, const v1::GetReservationRequest*,
                              v1::Reservation*) override {
    std::unique_lock lock(mutex_);
    unary_started_ = true;
    changed_.notify_all();
    while (!context->IsCancelled()) changed_.wait_for(lock, std::chrono::milliseconds(20));
    unary_cancelled_ = true;
    changed_.notify_all();
    return grpc::Status::CANCELLED;
  }

  bool WaitUnaryStarted(std::chrono::milliseconds within) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, within, [this] { return unary_started_; });
  }

  bool WaitUnaryCancelled(std::chrono::milliseconds within) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, within, [this] { return unary_cancelled_; });
  }

  void Push(const std::string& type) {
    std::lock_guard lock(mutex_);
    queue_.push_back(type);
    changed_.notify_all();
  }

  bool WaitCancelled(std::chrono::milliseconds within) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, within, [this] { return cancelled_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> queue_;
  bool cancelled_ = false;
  bool unary_started_ = false;
  bool unary_cancelled_ = false;
};

class GatewayStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = GrpcServer::Start({.name = "fake-booking"}, {&backend_});
    ASSERT_TRUE(server.ok()) << server.status();
    grpc_server_ = std::move(*server);
    auto transcoder = Transcoder::Create(proto::DescriptorSetBytes());
    ASSERT_TRUE(transcoder.ok()) << transcoder.status();
    transcoder_ = std::move(*transcoder);
    backends_ = std::make_unique<Backends>(
        std::vector<BackendConfig>{{"booking", "leerpool.booking.", grpc_server_->address()}});
    gateway_ = std::make_unique<Gateway>(GatewayOptions{}, *transcoder_, *backends_);
    HttpServerOptions options;
    options.port = 0;
    auto http = HttpServer::Start(options, *gateway_);
    ASSERT_TRUE(http.ok()) << http.status();
    http_ = std::move(*http);
  }

  void TearDown() override {
    if (http_) http_->Stop();
    if (grpc_server_) grpc_server_->Shutdown();
  }

  // Sends the watch request on a new connection.
  void Open(const std::string& organization) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), http_->port()));
    const std::string get =
        "GET /v1/inbox:watch?organization_id=" + organization + " HTTP/1.1\r\nHost: test\r\n\r\n";
    net::write(socket_, net::buffer(get));
  }

  // Reads until `text` has arrived (or the connection ends); returns everything so far.
  const std::string& ReadUntil(const std::string& text) {
    char buffer[4096];
    boost::system::error_code ec;
    while (received_.find(text) == std::string::npos) {
      const size_t n = socket_.read_some(net::buffer(buffer), ec);
      if (ec) break;
      received_.append(buffer, n);
    }
    return received_;
  }

  FakeBooking backend_;
  std::unique_ptr<GrpcServer> grpc_server_;
  std::unique_ptr<Transcoder> transcoder_;
  std::unique_ptr<Backends> backends_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<HttpServer> http_;
  net::io_context io_;
  tcp::socket socket_{io_};
  std::string received_;
};

TEST_F(GatewayStreamTest, EachMessageIsAnNdjsonLineSentAsItComes) {
  Open("org_a");
  ReadUntil("\r\n\r\n");
  EXPECT_THAT(received_, HasSubstr("HTTP/1.1 200 OK"));
  EXPECT_THAT(received_, HasSubstr("Content-Type: application/x-ndjson"));
  EXPECT_THAT(received_, HasSubstr("Transfer-Encoding: chunked"));
  backend_.Push("request");
  // The first line arrives while the stream is still open: flushed per message.
  ReadUntil("\"type\":\"request\"");
  EXPECT_THAT(received_, HasSubstr("\"organizationId\":\"org_a\",\"type\":\"request\""));
  EXPECT_THAT(received_, HasSubstr("}\n\r\n"));  // one object, one line, one chunk
  EXPECT_THAT(received_, Not(HasSubstr("approved")));
  backend_.Push("approved");
  ReadUntil("\"type\":\"approved\"");
  EXPECT_THAT(received_, HasSubstr("\"type\":\"approved\""));
}

TEST_F(GatewayStreamTest, AClientThatLeavesCancelsTheBackendCall) {
  Open("org_a");
  ReadUntil("\r\n\r\n");
  socket_.close();
  EXPECT_TRUE(backend_.WaitCancelled(std::chrono::seconds(5)));
}

TEST_F(GatewayStreamTest, AFailureBeforeTheStreamStartsIsAnHttpError) {
  Open("denied");
  ReadUntil("not a member");
  EXPECT_THAT(received_, HasSubstr("HTTP/1.1 403"));
  EXPECT_THAT(received_, HasSubstr("application/json"));
  EXPECT_THAT(received_, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(GatewayStreamTest, AFailureAfterTheStartEndsTheStreamWithAnErrorLine) {
  Open("fails");
  ReadUntil("0\r\n\r\n");
  EXPECT_THAT(received_, HasSubstr("HTTP/1.1 200 OK"));
  EXPECT_THAT(received_, HasSubstr("\"type\":\"first\""));
  EXPECT_THAT(received_, HasSubstr("{\"error\":{"));
  EXPECT_THAT(received_, HasSubstr("backend broke"));
}

TEST_F(GatewayStreamTest, StoppingTheServerEndsOpenStreams) {
  Open("org_a");
  ReadUntil("\r\n\r\n");
  const auto start = std::chrono::steady_clock::now();
  http_->Stop();
  // The grace period is 10 s; a stream must not hold it.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  ReadUntil("0\r\n\r\n");
  EXPECT_THAT(received_, HasSubstr("0\r\n\r\n"));
  EXPECT_TRUE(backend_.WaitCancelled(std::chrono::seconds(5)));
}

// A backend answer that arrives after the HTTP server is gone would release the last hold on
// its HTTP session on a gRPC thread, after the io_context the session's socket belongs to (an
// ASan use-after-free once seen at shutdown). Stop must cancel such calls and wait for them.
TEST_F(GatewayStreamTest, StoppingTheServerCancelsUnaryCallsStillWaitingForTheBackend) {
  // A server and gateway of its own (a stopped gateway refuses new calls).
  http_.reset();
  gateway_ = std::make_unique<Gateway>(GatewayOptions{}, *transcoder_, *backends_);
  HttpServerOptions options;
  options.port = 0;
  // Shorter than the backend deadline (10 s), so only a cancellation ends the call in time.
  options.shutdown_grace = std::chrono::milliseconds(100);
  auto http = HttpServer::Start(options, *gateway_);
  ASSERT_TRUE(http.ok()) << http.status();
  http_ = std::move(*http);
  socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), http_->port()));
  net::write(
      socket_,
      net::buffer(std::string("GET /v1/reservations/res_slow HTTP/1.1\r\nHost: test\r\n\r\n")));
  ASSERT_TRUE(backend_.WaitUnaryStarted(std::chrono::seconds(10)));
  http_->Stop();
  EXPECT_TRUE(backend_.WaitUnaryCancelled(std::chrono::seconds(3)));
  // Nothing of the call may outlive the server or the gateway.
  http_.reset();
  gateway_.reset();
}

}  // namespace
}  // namespace leerpool::gateway
