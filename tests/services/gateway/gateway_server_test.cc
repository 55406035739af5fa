// The gateway's HTTP behaviour with a real in-process registry behind it, all on port 0.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "clients/http/http_client.h"
#include "nlohmann/json.hpp"
#include "proto/descriptor_set.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/secrets.h"
#include "services/common/clock.h"
#include "services/common/server.h"
#include "services/gateway/backends.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_server.h"
#include "services/registry/core/registry.h"
#include "services/registry/core/registry_auth_source.h"
#include "services/registry/grpc/registry_grpc_service.h"
#include "services/registry/sqlite/sqlite_registry_store.h"

namespace leerpool::gateway {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class GatewayServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static_dir_ = std::filesystem::temp_directory_path() /
                  ("leerpool-static-" + std::to_string(std::random_device()()));
    std::filesystem::create_directories(static_dir_ / "assets");
    std::ofstream(static_dir_ / "index.html") << "<!doctype html><title>Leerpool</title>";
    std::ofstream(static_dir_ / "assets" / "app-1234.js") << "console.log('hi');";

    ASSERT_TRUE(auth::InitializeCrypto().ok());
    auto db = registry::OpenRegistryDatabase({});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    store_ = std::make_unique<registry::SqliteRegistryStore>(*db_);
    registry::RegistryOptions registry_options;
    registry_options.password_cost = auth::PasswordCost::kMinimum;
    auto registry = registry::Registry::Create(*store_, clock_, registry_options);
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::move(*registry);
    ASSERT_TRUE(registry_->BootstrapPlatformAdmin("admin@gateway.test", "admin-password").ok());
    auth_source_ = std::make_unique<registry::RegistryAuthSource>(*registry_);
    auto authenticator = auth::Authenticator::Create(*auth_source_, clock_, {});
    ASSERT_TRUE(authenticator.ok()) << authenticator.status();
    authenticator_ = std::move(*authenticator);
    registry_service_ =
        std::make_unique<registry::RegistryGrpcService>(*registry_, *authenticator_);
    auto grpc_server = GrpcServer::Start({.name = "registry"}, {registry_service_.get()});
    ASSERT_TRUE(grpc_server.ok()) << grpc_server.status();
    grpc_server_ = std::move(*grpc_server);

    auto transcoder = Transcoder::Create(proto::DescriptorSetBytes());
    ASSERT_TRUE(transcoder.ok()) << transcoder.status();
    transcoder_ = std::move(*transcoder);
    // Nothing listens on the catalogue's address: readiness must say so.
    backends_ = std::make_unique<Backends>(
        std::vector<BackendConfig>{{"registry", "leerpool.registry.", grpc_server_->address()},
                                   {"catalogue", "leerpool.catalogue.", "127.0.0.1:1"}});
    GatewayOptions options;
    options.allowed_origins = {"https://school.example"};
    options.static_dir = static_dir_;
    options.readiness_deadline = std::chrono::milliseconds(500);
    gateway_ = std::make_unique<Gateway>(options, *transcoder_, *backends_);
    HttpServerOptions http_options;
    http_options.port = 0;
    http_options.max_body_bytes = 1024;
    http_options.max_header_bytes = 2048;
    auto http_server = HttpServer::Start(http_options, *gateway_);
    ASSERT_TRUE(http_server.ok()) << http_server.status();
    http_server_ = std::move(*http_server);
    client_ = std::make_unique<clients::HttpClient>("127.0.0.1", http_server_->port());
    auto session = Send("POST", "/v1/auth/login",
                        R"({"email": "admin@gateway.test", "password": "admin-password"})");
    ASSERT_EQ(session.status, 200) << session.body;
    admin_token_ = json::parse(session.body)["accessToken"];
  }

  void TearDown() override {
    client_.reset();
    http_server_->Stop();
    grpc_server_->Shutdown();
    std::filesystem::remove_all(static_dir_);
  }

  clients::HttpResult Send(const std::string& method, const std::string& target,
                           const std::string& body = "",
                           const std::map<std::string, std::string>& headers = {}) {
    auto result = client_->Send(method, target, body, headers);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : clients::HttpResult{};
  }

  std::filesystem::path static_dir_;
  FakeClock clock_{absl::FromUnixSeconds(1'790'000'000)};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<registry::SqliteRegistryStore> store_;
  std::unique_ptr<registry::Registry> registry_;
  std::unique_ptr<registry::RegistryAuthSource> auth_source_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::string admin_token_;
  std::unique_ptr<registry::RegistryGrpcService> registry_service_;
  std::unique_ptr<GrpcServer> grpc_server_;
  std::unique_ptr<Transcoder> transcoder_;
  std::unique_ptr<Backends> backends_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<HttpServer> http_server_;
  std::unique_ptr<clients::HttpClient> client_;
};

TEST_F(GatewayServerTest, TranscodesToTheBackendAndBack) {
  auto created = Send("POST", "/v1/organizations",
                      R"({"name": "Kamp C", "kind": "ORGANIZATION_KIND_TRAINING_CENTRE",
                          "country": "BE"})",
                      {{"Authorization", "Bearer " + admin_token_}});
  ASSERT_EQ(created.status, 200) << created.body;
  const json organization = json::parse(created.body);
  EXPECT_EQ(organization["createTime"], "2026-09-21T14:13:20Z");
  auto read = Send("GET", "/v1/organizations/" + organization["id"].get<std::string>());
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(json::parse(read.body), organization);
}

TEST_F(GatewayServerTest, BackendErrorsBecomeHttpStatusesWithJsonBodies) {
  auto missing = Send("GET", "/v1/organizations/org_nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.headers["content-type"], "application/json");
  const json error = json::parse(missing.body);
  EXPECT_EQ(error["code"], 5);
  EXPECT_EQ(error["status"], "NOT_FOUND");
  EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("org_nope"));
  EXPECT_TRUE(error["details"].is_array());

  auto unavailable = Send("GET", "/v1/vocabulary");
  EXPECT_EQ(unavailable.status, 503) << unavailable.body;
  EXPECT_EQ(json::parse(unavailable.body)["status"], "UNAVAILABLE");
}

TEST_F(GatewayServerTest, WrongMethodIs405WithAllowHeader) {
  auto result = Send("DELETE", "/v1/organizations/org_1");
  EXPECT_EQ(result.status, 405);
  EXPECT_THAT(result.headers["allow"], HasSubstr("GET"));
  EXPECT_THAT(result.headers["allow"], HasSubstr("PATCH"));
}

TEST_F(GatewayServerTest, CorsPreflightAndResponsesHonourAllowedOrigins) {
  auto preflight = Send("OPTIONS", "/v1/organizations", "",
                        {{"Origin", "https://school.example"},
                         {"Access-Control-Request-Method", "POST"},
                         {"Access-Control-Request-Headers", "authorization, content-type"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.headers["access-control-allow-origin"], "https://school.example");
  EXPECT_THAT(preflight.headers["access-control-allow-methods"], HasSubstr("POST"));
  EXPECT_THAT(preflight.headers["access-control-allow-headers"], HasSubstr("Authorization"));

  auto refused =
      Send("OPTIONS", "/v1/organizations", "",
           {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.headers.count("access-control-allow-origin"), 0u);

  auto allowed = Send("GET", "/v1/organizations", "", {{"Origin", "https://school.example"}});
  EXPECT_EQ(allowed.headers["access-control-allow-origin"], "https://school.example");
  auto other = Send("GET", "/v1/organizations", "", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.headers.count("access-control-allow-origin"), 0u);
}

TEST_F(GatewayServerTest, OversizedBodyIs413AndOversizedHeadersAre431) {
  auto big_body =
      Send("POST", "/v1/organizations", std::string(4096, 'x'),
           {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + admin_token_}});
  EXPECT_EQ(big_body.status, 413);
  EXPECT_EQ(json::parse(big_body.body)["status"], "RESOURCE_EXHAUSTED");

  auto big_header = Send("GET", "/v1/organizations", "", {{"X-Padding", std::string(4096, 'y')}});
  EXPECT_EQ(big_header.status, 431);
  // Nothing was stored, and the server still answers on a new connection.
  auto list = Send("GET", "/v1/organizations");
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body)["organizations"].size(), 0u);
}

TEST_F(GatewayServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  for (int i = 0; i < 20; ++i) {
    auto result = Send("GET", "/healthz");
    ASSERT_EQ(result.status, 200);
    EXPECT_NE(result.headers["connection"], "close");
  }
}

TEST_F(GatewayServerTest, ReadinessNamesTheBackendThatIsDown) {
  auto ready = Send("GET", "/readyz");
  EXPECT_EQ(ready.status, 503);
  const json body = json::parse(ready.body);
  EXPECT_EQ(body["backends"]["registry"]["serving"], true);
  EXPECT_EQ(body["backends"]["catalogue"]["serving"], false);
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
}

TEST_F(GatewayServerTest, ServesStaticFilesSafely) {
  auto index = Send("GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_THAT(index.body, HasSubstr("Leerpool"));
  EXPECT_EQ(index.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(index.headers["cache-control"], "no-cache");

  auto asset = Send("GET", "/assets/app-1234.js");
  EXPECT_EQ(asset.status, 200);
  EXPECT_THAT(asset.headers["content-type"], HasSubstr("javascript"));
  EXPECT_THAT(asset.headers["cache-control"], HasSubstr("immutable"));

  auto client_route = Send("GET", "/listings/abc");
  EXPECT_EQ(client_route.status, 200);
  EXPECT_THAT(client_route.body, HasSubstr("Leerpool"));

  EXPECT_EQ(Send("GET", "/assets/missing.js").status, 404);
  EXPECT_EQ(Send("GET", "/../../etc/passwd").status, 404);
  EXPECT_EQ(Send("GET", "/assets/../../etc/hostname").status, 404);

  auto head = Send("HEAD", "/assets/app-1234.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-length"], "18");
  EXPECT_TRUE(head.body.empty());
}

TEST_F(GatewayServerTest, MetricsCountRequestsByRouteTemplate) {
  Send("GET", "/v1/organizations/org_a");
  Send("GET", "/v1/organizations/org_b");
  auto metrics = Send("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.body, HasSubstr("leerpool_gateway_requests_total{route=\"GET "
                                      "/v1/organizations/{organization_id}\",status=\"404\"} 2"));
  EXPECT_THAT(metrics.body, ::testing::Not(HasSubstr("org_a")));
}

TEST_F(GatewayServerTest, OpenApiDocumentIsServed) {
  auto openapi = Send("GET", "/openapi.json");
  EXPECT_EQ(openapi.status, 200);
  const json document = json::parse(openapi.body);
  EXPECT_EQ(document["openapi"], "3.0.3");
  EXPECT_TRUE(document["paths"].contains("/v1/organizations"));
}

}  // namespace
}  // namespace leerpool::gateway
