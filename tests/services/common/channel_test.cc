#include "services/common/channel.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "services/common/server.h"

namespace leerpool {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;
namespace v1 = ::leerpool::catalogue::v1;

TEST(ChannelTargetTest, OneAddressIsUsedAsItIs) {
  EXPECT_EQ(*ChannelTarget("127.0.0.1:50052"), "127.0.0.1:50052");
  EXPECT_EQ(*ChannelTarget(" booking.internal:50053 "), "booking.internal:50053");
}

TEST(ChannelTargetTest, AListOfReplicasBecomesOneIpv4Target) {
  EXPECT_EQ(*ChannelTarget("127.0.0.1:1,127.0.0.2:2"), "ipv4:127.0.0.1:1,127.0.0.2:2");
  EXPECT_EQ(*ChannelTarget("localhost:1, 10.0.0.6:2"), "ipv4:127.0.0.1:1,10.0.0.6:2");
}

TEST(ChannelTargetTest, TargetUrisPassThrough) {
  EXPECT_EQ(*ChannelTarget("dns:///booking.leerpool.svc:50053"),
            "dns:///booking.leerpool.svc:50053");
  EXPECT_EQ(*ChannelTarget("ipv4:10.0.0.5:1,10.0.0.6:1"), "ipv4:10.0.0.5:1,10.0.0.6:1");
}

TEST(ChannelTargetTest, BadListsAreRefusedWithTheReason) {
  EXPECT_EQ(ChannelTarget("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(ChannelTarget("127.0.0.1:1,127.0.0.1").status().message()),
              HasSubstr("has no port"));
  EXPECT_THAT(std::string(ChannelTarget("a.example:1,b.example:1").status().message()),
              HasSubstr("dns:///"));
}

// Counts the calls each replica answers.
class CountingService final : public v1::CatalogueService::Service {
 public:
  grpc::Status ListVocabulary(grpc::ServerContext*, const v1::ListVocabularyRequest*,
                              v1::ListVocabularyResponse*) override {
    ++calls;
    return grpc::Status::OK;
  }
  std::atomic<int> calls{0};
};

grpc::Status CallOnce(v1::CatalogueService::Stub& stub) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 5s);
  v1::ListVocabularyResponse response;
  return stub.ListVocabulary(&context, v1::ListVocabularyRequest(), &response);
}

TEST(ServiceChannelTest, SpreadsCallsOverReplicasAndLeavesOutOneThatStopped) {
  CountingService first_service, second_service;
  auto first = GrpcServer::Start({.name = "first"}, {&first_service});
  auto second = GrpcServer::Start({.name = "second"}, {&second_service});
  ASSERT_TRUE(first.ok() && second.ok());
  auto channel = CreateServiceChannel(absl::StrCat((*first)->address(), ",", (*second)->address()));
  auto stub = v1::CatalogueService::NewStub(channel);
  ASSERT_TRUE(channel->WaitForConnected(std::chrono::system_clock::now() + 5s));

  for (int i = 0; i < 40; ++i) ASSERT_TRUE(CallOnce(*stub).ok());
  EXPECT_GT(first_service.calls.load(), 0);
  EXPECT_GT(second_service.calls.load(), 0);
  EXPECT_EQ(first_service.calls + second_service.calls, 40);

  (*first)->Shutdown();
  const int first_before = first_service.calls;
  // Every call after the replica has gone succeeds on the other one.
  for (int i = 0; i < 40; ++i) {
    grpc::Status status = CallOnce(*stub);
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
  }
  EXPECT_EQ(first_service.calls.load(), first_before);
  EXPECT_EQ(second_service.calls.load() + first_before, 80);
}

}  // namespace
}  // namespace leerpool
