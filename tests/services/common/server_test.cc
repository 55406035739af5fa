#include "services/common/server.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"

namespace leerpool {
namespace {

using ::testing::HasSubstr;
using ::testing::Ne;
using namespace std::chrono_literals;
namespace v1 = ::leerpool::catalogue::v1;

// A service whose one method blocks until the test releases it (or the call is cancelled),
// so that a call can be held in flight while the server stops.
class BlockingService final : public v1::CatalogueService::Service {
 public:
  grpc::Status ListVocabulary(grpc::ServerContext* context, const v1::ListVocabularyRequest*,
                              v1::ListVocabularyResponse* response) override {
    entered_.set_value();
    while (released_.wait_for(10ms) != std::future_status::ready) {
      if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
    }
    response->add_terms()->set_code("finished");
    return grpc::Status::OK;
  }

  void WaitUntilEntered() { entered_future_.wait(); }
  void Release() { release_.set_value(); }

 private:
  std::promise<void> entered_;
  std::future<void> entered_future_ = entered_.get_future();
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
};

// A service that answers at once.
class EchoService final : public v1::CatalogueService::Service {
 public:
  grpc::Status ListVocabulary(grpc::ServerContext*, const v1::ListVocabularyRequest*,
                              v1::ListVocabularyResponse* response) override {
    response->add_terms()->set_code("echo");
    return grpc::Status::OK;
  }
};

std::shared_ptr<grpc::Channel> ChannelTo(const GrpcServer& server) {
  return grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
}

// Calls /grpc.health.v1.Health/Check for the whole server (service "") without the health
// proto: the request is empty, and the response is HealthCheckResponse{status} encoded as
// field 1 varint, i.e. {0x08, status}.
struct HealthAnswer {
  grpc::Status status;
  std::string bytes;
};
HealthAnswer CheckHealth(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 5s);
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> call =
      stub.PrepareUnaryCall(&context, "/grpc.health.v1.Health/Check", request, &queue);
  call->StartCall();
  grpc::ByteBuffer response;
  HealthAnswer answer;
  call->Finish(&response, &answer.status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  EXPECT_TRUE(queue.Next(&tag, &ok));
  EXPECT_TRUE(ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  std::vector<grpc::Slice> slices;
  if (answer.status.ok() && response.Dump(&slices).ok()) {
    for (const grpc::Slice& slice : slices) {
      answer.bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
  }
  return answer;
}

TEST(GrpcServerTest, PortZeroPicksAFreePort) {
  EchoService service;
  absl::StatusOr<std::unique_ptr<GrpcServer>> server =
      GrpcServer::Start({.name = "test"}, {&service});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_GT((*server)->port(), 0);
  EXPECT_EQ((*server)->address(), absl::StrCat("127.0.0.1:", (*server)->port()));
}

TEST(GrpcServerTest, TwoServersOnPortZeroGetDifferentPorts) {
  EchoService first_service;
  EchoService second_service;
  absl::StatusOr<std::unique_ptr<GrpcServer>> first =
      GrpcServer::Start({.name = "first"}, {&first_service});
  absl::StatusOr<std::unique_ptr<GrpcServer>> second =
      GrpcServer::Start({.name = "second"}, {&second_service});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT((*first)->port(), Ne((*second)->port()));
}

TEST(GrpcServerTest, ServesRegisteredServicesAtItsAddress) {
  EchoService service;
  absl::StatusOr<std::unique_ptr<GrpcServer>> server =
      GrpcServer::Start({.name = "test"}, {&service});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::CatalogueService::NewStub(ChannelTo(**server));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 5s);
  v1::ListVocabularyResponse response;
  grpc::Status status = stub->ListVocabulary(&context, {}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.terms_size(), 1);
  EXPECT_EQ(response.terms(0).code(), "echo");
}

TEST(GrpcServerTest, HealthServiceAnswersServing) {
  EchoService service;
  absl::StatusOr<std::unique_ptr<GrpcServer>> server =
      GrpcServer::Start({.name = "test"}, {&service});
  ASSERT_TRUE(server.ok()) << server.status();
  HealthAnswer answer = CheckHealth(ChannelTo(**server));
  ASSERT_TRUE(answer.status.ok()) << answer.status.error_message();
  // HealthCheckResponse.ServingStatus.SERVING == 1.
  EXPECT_EQ(answer.bytes, std::string("\x08\x01", 2));
}

TEST(GrpcServerTest, StartFailsOnAnAddressItCannotListenOn) {
  EchoService service;
  // 192.0.2.0/24 is TEST-NET-1: never an address of this machine, so bind() fails.
  absl::StatusOr<std::unique_ptr<GrpcServer>> server =
      GrpcServer::Start({.name = "test", .listen_address = "192.0.2.1:0"}, {&service});
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(server.status().message()), HasSubstr("192.0.2.1:0"));
}

TEST(GrpcServerTest, StartFailsWhenThePortIsTaken) {
  EchoService first_service;
  EchoService second_service;
  absl::StatusOr<std::unique_ptr<GrpcServer>> first =
      GrpcServer::Start({.name = "first"}, {&first_service});
  ASSERT_TRUE(first.ok()) << first.status();
  // A second instance on the same port must fail to start, not share the port's traffic
  // (gRPC turns SO_REUSEPORT on unless told otherwise).
  const std::string address = (*first)->address();
  absl::StatusOr<std::unique_ptr<GrpcServer>> second =
      GrpcServer::Start({.name = "second", .listen_address = address}, {&second_service});
  ASSERT_FALSE(second.ok()) << "a second server started on " << address;
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(second.status().message()), HasSubstr(address));
}

TEST(GrpcServerTest, ShutdownLetsAnInFlightCallFinish) {
  BlockingService service;
  absl::StatusOr<std::unique_ptr<GrpcServer>> started =
      GrpcServer::Start({.name = "test"}, {&service});
  ASSERT_TRUE(started.ok()) << started.status();
  GrpcServer& server = **started;
  std::shared_ptr<grpc::Channel> channel = ChannelTo(server);
  auto stub = v1::CatalogueService::NewStub(channel);

  grpc::Status call_status;
  v1::ListVocabularyResponse response;
  std::thread client([&] {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 20s);
    call_status = stub->ListVocabulary(&context, {}, &response);
  });
  service.WaitUntilEntered();

  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    server.Shutdown();
    stopped = true;
  });
  // Shutdown must wait for the call in flight rather than cut it off.
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(stopped.load());

  service.Release();
  stopper.join();
  client.join();
  EXPECT_TRUE(stopped.load());
  ASSERT_TRUE(call_status.ok()) << call_status.error_code() << " " << call_status.error_message();
  ASSERT_EQ(response.terms_size(), 1);
  EXPECT_EQ(response.terms(0).code(), "finished");

  // Once stopped, the server takes no more calls.
  grpc::ClientContext late;
  late.set_deadline(std::chrono::system_clock::now() + 2s);
  v1::ListVocabularyResponse late_response;
  EXPECT_FALSE(stub->ListVocabulary(&late, {}, &late_response).ok());
}

TEST(GrpcServerTest, ShutdownCancelsACallThatOutlivesTheGracePeriod) {
  BlockingService service;
  absl::StatusOr<std::unique_ptr<GrpcServer>> started = GrpcServer::Start(
      {.name = "test", .shutdown_grace = std::chrono::milliseconds(200)}, {&service});
  ASSERT_TRUE(started.ok()) << started.status();
  GrpcServer& server = **started;
  auto stub = v1::CatalogueService::NewStub(ChannelTo(server));

  grpc::Status call_status;
  std::thread client([&] {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 20s);
    v1::ListVocabularyResponse response;
    call_status = stub->ListVocabulary(&context, {}, &response);
  });
  service.WaitUntilEntered();
  const auto before = std::chrono::steady_clock::now();
  server.Shutdown();  // never released: only the grace period ends the call
  const auto took = std::chrono::steady_clock::now() - before;
  client.join();
  EXPECT_LT(took, 10s);
  EXPECT_FALSE(call_status.ok());
}

TEST(GrpcServerTest, ShutdownTwiceIsSafe) {
  EchoService service;
  absl::StatusOr<std::unique_ptr<GrpcServer>> server =
      GrpcServer::Start({.name = "test"}, {&service});
  ASSERT_TRUE(server.ok()) << server.status();
  (*server)->Shutdown();
  (*server)->Shutdown();
  server->reset();  // the destructor stops again
}

// gRPC's shared callback queue is torn down when the last server or channel holding it lets go.
// A client whose callback holds the last reference to its channel lets go on one of that
// queue's own threads, which then joins itself and frees the queue while it still polls it
// (AddressSanitizer, as scripts/test builds it, reports the double free). GrpcServer::Start
// pins the queue for the life of the process, so that last reference is never the last.
TEST(GrpcServerTest, AChannelMayBeReleasedInItsOwnCallbackAfterTheServerIsGone) {
  EchoService service;
  auto server = GrpcServer::Start({.name = "last-reference"}, {&service});
  ASSERT_TRUE(server.ok()) << server.status();
  std::promise<void> answered, release, channel_gone;
  std::shared_future<void> released = release.get_future().share();
  struct ChannelHolder {
    ChannelHolder(std::shared_ptr<grpc::Channel> channel, std::promise<void>* gone)
        : channel(std::move(channel)), gone(gone) {}
    std::shared_ptr<grpc::Channel> channel;
    std::promise<void>* gone;
    ~ChannelHolder() {
      channel.reset();
      gone->set_value();
    }
  };
  struct Call {
    grpc::ClientContext context;
    v1::ListVocabularyRequest request;
    v1::ListVocabularyResponse response;
  };
  auto holder = std::make_shared<ChannelHolder>(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()), &channel_gone);
  auto stub = v1::CatalogueService::NewStub(holder->channel);
  auto call = std::make_shared<Call>();
  grpc::Status status;
  stub->async()->ListVocabulary(&call->context, &call->request, &call->response,
                                [&, holder, call](grpc::Status done) mutable {
                                  status = std::move(done);
                                  answered.set_value();
                                  released.wait();
                                  call.reset();
                                  holder.reset();  // the last reference, on gRPC's thread
                                });
  answered.get_future().wait();
  EXPECT_TRUE(status.ok()) << status.error_message();
  call.reset();
  stub.reset();
  holder.reset();
  (*server)->Shutdown();
  server->reset();
  release.set_value();
  channel_gone.get_future().wait();
  // gRPC's thread returns to its queue after the callback; give it the time to do so here.
  std::this_thread::sleep_for(200ms);
}

}  // namespace
}  // namespace leerpool
