#include "services/common/auth/grpc_auth.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "leerpool/registry/v1/registry.grpc.pb.h"
#include "services/common/auth/token.h"
#include "services/common/clock.h"
#include "services/common/server.h"

namespace leerpool::auth {
namespace {

using ::testing::HasSubstr;
namespace registry = ::leerpool::registry::v1;
namespace catalogue = ::leerpool::catalogue::v1;

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(absl::ToUnixSeconds(time));
  timestamp.set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(timestamp.seconds()))));
  return timestamp;
}

// The registry's three authentication RPCs and nothing else.
class FakeRegistry final : public registry::RegistryService::Service {
 public:
  explicit FakeRegistry(SigningKeyPair key) : key_(std::move(key)) {}

  grpc::Status GetSigningKeys(grpc::ServerContext*, const registry::GetSigningKeysRequest*,
                              registry::SigningKeys* response) override {
    registry::SigningKey* key = response->add_keys();
    key->set_key_id(key_.key_id);
    key->set_public_key(key_.public_key);
    return grpc::Status::OK;
  }

  grpc::Status ListRevocations(grpc::ServerContext*,
                               const registry::ListRevocationsRequest* request,
                               registry::ListRevocationsResponse* response) override {
    std::lock_guard lock(mutex_);
    last_since_ = request->has_since() ? std::optional(request->since()) : std::nullopt;
    ++revocation_calls_;
    for (const registry::Revocation& revocation : revocations_) {
      *response->add_revocations() = revocation;
    }
    *response->mutable_as_of() = ToTimestamp(kAsOf);
    return grpc::Status::OK;
  }

  grpc::Status ExchangeApiKey(grpc::ServerContext*, const registry::ExchangeApiKeyRequest* request,
                              registry::Session* response) override {
    if (request->api_key() != "lpk_k1_secret") {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown API key");
    }
    TokenClaims claims;
    claims.api_key_id = "key_1";
    claims.issue_time = absl::Now();
    claims.expire_time = absl::Now() + absl::Minutes(15);
    response->set_access_token(TokenSigner(key_).Sign(claims));
    return grpc::Status::OK;
  }

  std::string PersonToken(const std::string& session_id) const {
    TokenClaims claims;
    claims.person_id = "per_1";
    claims.session_id = session_id;
    claims.issue_time = absl::Now();
    claims.expire_time = absl::Now() + absl::Minutes(15);
    return TokenSigner(key_).Sign(claims);
  }

  void Revoke(const std::string& id, absl::Time expire_time) {
    std::lock_guard lock(mutex_);
    registry::Revocation& revocation = revocations_.emplace_back();
    revocation.set_id(id);
    *revocation.mutable_revoke_time() = ToTimestamp(absl::Now());
    *revocation.mutable_expire_time() = ToTimestamp(expire_time);
  }
  std::optional<google::protobuf::Timestamp> last_since() {
    std::lock_guard lock(mutex_);
    return last_since_;
  }

  static inline const absl::Time kAsOf =
      absl::FromUnixSeconds(1'750'000'000) + absl::Milliseconds(250);

 private:
  SigningKeyPair key_;
  std::mutex mutex_;
  std::vector<registry::Revocation> revocations_;
  std::optional<google::protobuf::Timestamp> last_since_;
  int revocation_calls_ = 0;
};

// Answers with who the caller is: terms[0].code is the person (or api key) id, label_en the
// remote address; an authentication failure is returned as the call's status.
class WhoAmIService final : public catalogue::CatalogueService::Service {
 public:
  explicit WhoAmIService(Authenticator& authenticator) : authenticator_(authenticator) {}

  grpc::Status ListVocabulary(grpc::ServerContext* context, const catalogue::ListVocabularyRequest*,
                              catalogue::ListVocabularyResponse* response) override {
    absl::StatusOr<Caller> caller = AuthenticateCall(authenticator_, *context);
    if (!caller.ok()) {
      return grpc::Status(static_cast<grpc::StatusCode>(caller.status().code()),
                          std::string(caller.status().message()));
    }
    catalogue::VocabularyTerm* term = response->add_terms();
    term->set_code(caller->anonymous() ? "anonymous" : caller->person_id + caller->api_key_id);
    term->set_label_en(caller->remote_address);
    return grpc::Status::OK;
  }

 private:
  Authenticator& authenticator_;
};

// Passes every call on to another service with the caller's credentials, as a service
// calling another on a user's behalf does.
class ForwardingService final : public catalogue::CatalogueService::Service {
 public:
  explicit ForwardingService(std::shared_ptr<grpc::Channel> next)
      : next_(catalogue::CatalogueService::NewStub(std::move(next))) {}

  grpc::Status ListVocabulary(grpc::ServerContext* context,
                              const catalogue::ListVocabularyRequest* request,
                              catalogue::ListVocabularyResponse* response) override {
    grpc::ClientContext outgoing;
    ForwardCredentials(*context, outgoing);
    outgoing.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    return next_->ListVocabulary(&outgoing, *request, response);
  }

 private:
  std::unique_ptr<catalogue::CatalogueService::Stub> next_;
};

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

class GrpcAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<SigningKeyPair> key = GenerateSigningKeyPair();
    ASSERT_TRUE(key.ok());
    key_ = *key;
    registry_ = std::make_unique<FakeRegistry>(key_);
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "registry"}, {registry_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    registry_server_ = *std::move(server);
    source_ = MakeRegistryAuthSource(ChannelTo(registry_server_->address()), absl::Seconds(5));
  }

  // Starts WhoAmI behind an Authenticator fed by the fake registry over gRPC.
  void StartWhoAmI(const std::string& listen_address = "127.0.0.1:0") {
    absl::StatusOr<std::unique_ptr<Authenticator>> authenticator =
        Authenticator::Create(*source_, clock_, {.startup_timeout = absl::Seconds(5)});
    ASSERT_TRUE(authenticator.ok()) << authenticator.status();
    authenticator_ = *std::move(authenticator);
    who_am_i_ = std::make_unique<WhoAmIService>(*authenticator_);
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "whoami", .listen_address = listen_address}, {who_am_i_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    who_am_i_server_ = *std::move(server);
  }

  struct Answer {
    grpc::Status status;
    std::string who;
    std::string remote_address;
  };
  static Answer Call(const std::string& address,
                     const std::multimap<std::string, std::string>& metadata) {
    auto stub = catalogue::CatalogueService::NewStub(ChannelTo(address));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
    catalogue::ListVocabularyResponse response;
    Answer answer;
    answer.status = stub->ListVocabulary(&context, {}, &response);
    if (answer.status.ok() && response.terms_size() == 1) {
      answer.who = response.terms(0).code();
      answer.remote_address = response.terms(0).label_en();
    }
    return answer;
  }

  SystemClock clock_;
  SigningKeyPair key_;
  std::unique_ptr<FakeRegistry> registry_;
  std::unique_ptr<GrpcServer> registry_server_;
  std::unique_ptr<AuthSource> source_;
  std::unique_ptr<Authenticator> authenticator_;
  std::unique_ptr<WhoAmIService> who_am_i_;
  std::unique_ptr<GrpcServer> who_am_i_server_;
};

TEST_F(GrpcAuthTest, RegistrySourceFetchesSigningKeys) {
  absl::StatusOr<std::map<std::string, std::string>> keys = source_->SigningKeys();
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ(*keys, (std::map<std::string, std::string>{{key_.key_id, key_.public_key}}));
}

TEST_F(GrpcAuthTest, RegistrySourceListsRevocations) {
  const absl::Time expire_time = absl::FromUnixSeconds(1'760'000'000) + absl::Milliseconds(5);
  registry_->Revoke("ses_1", expire_time);
  registry_->Revoke("key_1", expire_time + absl::Hours(1));

  auto first = source_->RevocationsSince(absl::InfinitePast());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(registry_->last_since().has_value());
  ASSERT_EQ(first->first.size(), 2u);
  EXPECT_EQ(first->first[0].id, "ses_1");
  EXPECT_EQ(first->first[0].expire_time, expire_time);
  EXPECT_EQ(first->first[1].id, "key_1");
  EXPECT_EQ(first->first[1].expire_time, expire_time + absl::Hours(1));
  EXPECT_EQ(first->second, FakeRegistry::kAsOf);

  auto second = source_->RevocationsSince(first->second);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_TRUE(registry_->last_since().has_value());
  EXPECT_EQ(registry_->last_since()->seconds(), 1'750'000'000);
  EXPECT_EQ(registry_->last_since()->nanos(), 250'000'000);
}

TEST_F(GrpcAuthTest, RegistrySourceExchangesApiKeys) {
  absl::StatusOr<std::string> token = source_->ExchangeApiKey("lpk_k1_secret");
  ASSERT_TRUE(token.ok()) << token.status();
  TokenVerifier verifier;
  verifier.SetKeys({{key_.key_id, key_.public_key}});
  absl::StatusOr<TokenClaims> claims = verifier.Verify(*token, absl::Now());
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->api_key_id, "key_1");

  absl::StatusOr<std::string> refused = source_->ExchangeApiKey("lpk_k1_wrong");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(refused.status().message(), "unknown API key");
}

TEST_F(GrpcAuthTest, UnreachableRegistryIsUnavailableWithinTheDeadline) {
  const std::string address = registry_server_->address();
  registry_server_->Shutdown();
  std::unique_ptr<AuthSource> source =
      MakeRegistryAuthSource(ChannelTo(address), absl::Milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::map<std::string, std::string>> keys = source->SigningKeys();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  ASSERT_FALSE(keys.ok());
  EXPECT_THAT(keys.status().code(), ::testing::AnyOf(absl::StatusCode::kUnavailable,
                                                     absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(std::string(keys.status().message()), HasSubstr("GetSigningKeys"));

  absl::StatusOr<std::unique_ptr<Authenticator>> authenticator =
      Authenticator::Create(*source, clock_, {.startup_timeout = absl::Milliseconds(300)});
  ASSERT_FALSE(authenticator.ok());
  EXPECT_EQ(authenticator.status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(GrpcAuthTest, AuthenticateCallReadsMetadata) {
  ASSERT_NO_FATAL_FAILURE(StartWhoAmI());
  const std::string address = who_am_i_server_->address();

  Answer anonymous = Call(address, {});
  ASSERT_TRUE(anonymous.status.ok()) << anonymous.status.error_message();
  EXPECT_EQ(anonymous.who, "anonymous");
  EXPECT_EQ(anonymous.remote_address, "127.0.0.1");  // the peer, without "ipv4:" and port

  const std::string bearer = "Bearer " + registry_->PersonToken("ses_1");
  Answer person = Call(address, {{"authorization", bearer}, {"x-forwarded-for", "203.0.113.9"}});
  ASSERT_TRUE(person.status.ok()) << person.status.error_message();
  EXPECT_EQ(person.who, "per_1");
  EXPECT_EQ(person.remote_address, "203.0.113.9");

  // The last hop is the one the gateway appended; earlier ones are the client's claims.
  Answer proxied =
      Call(address, {{"authorization", bearer}, {"x-forwarded-for", "198.51.100.1, 203.0.113.7"}});
  ASSERT_TRUE(proxied.status.ok()) << proxied.status.error_message();
  EXPECT_EQ(proxied.remote_address, "203.0.113.7");

  Answer machine = Call(address, {{"authorization", "Bearer lpk_k1_secret"}});
  ASSERT_TRUE(machine.status.ok()) << machine.status.error_message();
  EXPECT_EQ(machine.who, "key_1");

  Answer bad = Call(address, {{"authorization", "Bearer nonsense"}});
  EXPECT_EQ(bad.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  Answer wrong_key = Call(address, {{"authorization", "Bearer lpk_k1_wrong"}});
  EXPECT_EQ(wrong_key.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  Answer basic = Call(address, {{"authorization", "Basic dXNlcjpwYXNz"}});
  EXPECT_EQ(basic.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(basic.status.error_message(), HasSubstr("Bearer"));
  Answer twice = Call(address, {{"authorization", bearer}, {"authorization", bearer}});
  EXPECT_EQ(twice.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(GrpcAuthTest, RevocationFromTheRegistryEndsTheSession) {
  ASSERT_NO_FATAL_FAILURE(StartWhoAmI());
  const std::string address = who_am_i_server_->address();
  const std::string bearer = "Bearer " + registry_->PersonToken("ses_out");
  ASSERT_TRUE(Call(address, {{"authorization", bearer}}).status.ok());
  registry_->Revoke("ses_out", absl::Now() + absl::Hours(1));
  ASSERT_TRUE(authenticator_->RefreshRevocations().ok());
  Answer refused = Call(address, {{"authorization", bearer}});
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(refused.status.error_message(), "session ended");
}

TEST_F(GrpcAuthTest, ForwardCredentialsCarriesTheCallerToTheNextService) {
  ASSERT_NO_FATAL_FAILURE(StartWhoAmI());
  ForwardingService forwarding(ChannelTo(who_am_i_server_->address()));
  absl::StatusOr<std::unique_ptr<GrpcServer>> front =
      GrpcServer::Start({.name = "front"}, {&forwarding});
  ASSERT_TRUE(front.ok()) << front.status();
  const std::string address = (*front)->address();

  const std::string bearer = "Bearer " + registry_->PersonToken("ses_1");
  Answer forwarded = Call(address, {{"authorization", bearer}, {"x-forwarded-for", "203.0.113.9"}});
  ASSERT_TRUE(forwarded.status.ok()) << forwarded.status.error_message();
  EXPECT_EQ(forwarded.who, "per_1");
  EXPECT_EQ(forwarded.remote_address, "203.0.113.9");

  // Without x-forwarded-for the first service's peer is passed on as the caller's address.
  Answer direct = Call(address, {{"authorization", bearer}});
  ASSERT_TRUE(direct.status.ok()) << direct.status.error_message();
  EXPECT_EQ(direct.who, "per_1");
  EXPECT_EQ(direct.remote_address, "127.0.0.1");

  Answer anonymous = Call(address, {});
  ASSERT_TRUE(anonymous.status.ok()) << anonymous.status.error_message();
  EXPECT_EQ(anonymous.who, "anonymous");
}

TEST_F(GrpcAuthTest, Ipv6PeerAddressIsStripped) {
  absl::StatusOr<std::unique_ptr<Authenticator>> authenticator =
      Authenticator::Create(*source_, clock_, {.startup_timeout = absl::Seconds(5)});
  ASSERT_TRUE(authenticator.ok()) << authenticator.status();
  authenticator_ = *std::move(authenticator);
  who_am_i_ = std::make_unique<WhoAmIService>(*authenticator_);
  absl::StatusOr<std::unique_ptr<GrpcServer>> server =
      GrpcServer::Start({.name = "whoami6", .listen_address = "[::1]:0"}, {who_am_i_.get()});
  if (!server.ok()) GTEST_SKIP() << "no IPv6 loopback here: " << server.status();
  Answer answer = Call((*server)->address(), {});
  ASSERT_TRUE(answer.status.ok()) << answer.status.error_message();
  EXPECT_EQ(answer.remote_address, "::1");
}

}  // namespace
}  // namespace leerpool::auth
