// The foundation's vertical path through the four real processes: HTTP/JSON into the
// gateway, gRPC into the registry, SQLite and back.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "clients/http/http_client.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/stack.h"

namespace leerpool::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class FoundationE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::Status started = stack_.Start();
    ASSERT_TRUE(started.ok()) << started << "\n" << stack_.Logs();
    client_ = std::make_unique<clients::HttpClient>("127.0.0.1", stack_.gateway_port());
    // Creating organisations is for platform administrators.
    clients::HttpResult session =
        Send("POST", "/v1/auth/login",
             json({{"email", kAdminEmail}, {"password", kAdminPassword}}).dump());
    ASSERT_EQ(session.status, 200) << session.body;
    admin_token_ = json::parse(session.body)["accessToken"];
  }

  void TearDown() override {
    if (HasFailure()) std::cerr << stack_.Logs();
  }

  clients::HttpResult Send(const std::string& method, const std::string& target,
                           const std::string& body = "") {
    std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
    if (!admin_token_.empty()) headers["Authorization"] = "Bearer " + admin_token_;
    absl::StatusOr<clients::HttpResult> result = client_->Send(method, target, body, headers);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : clients::HttpResult{};
  }

  size_t OrganizationCount() {
    clients::HttpResult list = Send("GET", "/v1/organizations?page_size=200");
    EXPECT_EQ(list.status, 200) << list.body;
    return json::parse(list.body).value("organizations", json::array()).size();
  }

  Stack stack_;
  std::unique_ptr<clients::HttpClient> client_;
  std::string admin_token_;
};

const char kCurio[] = R"({
  "name": "Curio Breda",
  "kind": "ORGANIZATION_KIND_SCHOOL",
  "country": "NL",
  "region": "Noord-Brabant",
  "address": {"street": "Mgr. Hopmansstraat 2", "postalCode": "4817 JS", "locality": "Breda"},
  "location": {"latitude": 51.5866, "longitude": 4.7759},
  "educationTracks": ["MBO-BOL", "MBO-BBL"]
})";

TEST_F(FoundationE2eTest, CreatedOrganizationIsStoredAndReadBack) {
  clients::HttpResult created = Send("POST", "/v1/organizations", kCurio);
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.headers["content-type"], "application/json");
  json organization = json::parse(created.body);
  const std::string id = organization["id"];
  EXPECT_THAT(id, ::testing::StartsWith("org_"));
  EXPECT_EQ(organization["status"], "ORGANIZATION_STATUS_ACTIVE");
  EXPECT_EQ(organization["timeZone"], "Europe/Amsterdam");

  clients::HttpResult read = Send("GET", "/v1/organizations/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  json stored = json::parse(read.body);
  EXPECT_EQ(stored, organization);
  EXPECT_EQ(stored["address"]["locality"], "Breda");
  EXPECT_DOUBLE_EQ(stored["location"]["latitude"].get<double>(), 51.5866);
  EXPECT_EQ(stored["educationTracks"], json::array({"MBO-BOL", "MBO-BBL"}));

  clients::HttpResult listed =
      Send("GET", "/v1/organizations?country=NL&kind=ORGANIZATION_KIND_SCHOOL");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(json::parse(listed.body)["organizations"].size(), 1u);

  clients::HttpResult patched = Send("PATCH", "/v1/organizations/" + id + "?update_mask=region",
                                     R"({"region": "West-Brabant"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json::parse(patched.body)["region"], "West-Brabant");
  EXPECT_EQ(json::parse(patched.body)["name"], "Curio Breda");
}

TEST_F(FoundationE2eTest, BadRequestsGetClearErrorsAndStoreNothing) {
  struct Case {
    std::string name;
    std::string method;
    std::string target;
    std::string body;
    int status;
    std::string code;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"malformed json", "POST", "/v1/organizations", R"({"name": "x",)", 400, "INVALID_ARGUMENT",
       ""},
      {"unknown field", "POST", "/v1/organizations",
       R"({"name": "X", "kind": "ORGANIZATION_KIND_SCHOOL", "country": "NL", "colour": "red"})",
       400, "INVALID_ARGUMENT", "colour"},
      {"missing name", "POST", "/v1/organizations",
       R"({"kind": "ORGANIZATION_KIND_SCHOOL", "country": "NL"})", 400, "INVALID_ARGUMENT",
       "organization.name"},
      {"bad country", "POST", "/v1/organizations",
       R"({"name": "X", "kind": "ORGANIZATION_KIND_SCHOOL", "country": "DE"})", 400,
       "INVALID_ARGUMENT", "organization.country"},
      {"latitude out of range", "POST", "/v1/organizations",
       R"({"name": "X", "kind": "ORGANIZATION_KIND_SCHOOL", "country": "BE",
           "location": {"latitude": 95, "longitude": 4}})",
       400, "INVALID_ARGUMENT", "organization.location.latitude"},
      {"unknown enum", "POST", "/v1/organizations",
       R"({"name": "X", "kind": "ORGANIZATION_KIND_CASTLE", "country": "NL"})", 400,
       "INVALID_ARGUMENT", ""},
      {"unknown id", "GET", "/v1/organizations/org_doesnotexist", "", 404, "NOT_FOUND",
       "org_doesnotexist"},
      {"unknown route", "GET", "/v1/castles", "", 404, "NOT_FOUND", ""},
      {"wrong method", "DELETE", "/v1/organizations", "", 405, "UNIMPLEMENTED", ""},
      {"unknown query parameter", "GET", "/v1/organizations?colour=red", "", 400,
       "INVALID_ARGUMENT", "colour"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    clients::HttpResult result = Send(c.method, c.target, c.body);
    EXPECT_EQ(result.status, c.status) << result.body;
    json error = json::parse(result.body, nullptr, false);
    ASSERT_FALSE(error.is_discarded()) << result.body;
    EXPECT_EQ(error["status"], c.code);
    EXPECT_TRUE(error.contains("code") && error.contains("message") && error.contains("details"));
    EXPECT_THAT(error["message"].get<std::string>(), HasSubstr(c.message_part));
  }
  EXPECT_EQ(OrganizationCount(), 0u);
}

TEST_F(FoundationE2eTest, OperationalEndpointsReportHealthMetricsAndApi) {
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
  clients::HttpResult ready = Send("GET", "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(json::parse(ready.body)["backends"]["registry"]["serving"], true);

  Send("GET", "/v1/organizations/org_missing");
  clients::HttpResult metrics = Send("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.body, HasSubstr("leerpool_gateway_requests_total{route=\"GET "
                                      "/v1/organizations/{organization_id}\",status=\"404\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("leerpool_gateway_request_duration_seconds_bucket"));

  clients::HttpResult openapi = Send("GET", "/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  json document = json::parse(openapi.body);
  EXPECT_TRUE(document["paths"].contains("/v1/organizations"));
  EXPECT_TRUE(document["paths"].contains("/v1/series:preview"));
}

TEST_F(FoundationE2eTest, EveryServiceIsReachableThroughTheGateway) {
  clients::HttpResult vocabulary = Send("GET", "/v1/vocabulary?kind=VOCABULARY_KIND_TECHNOLOGY");
  ASSERT_EQ(vocabulary.status, 200) << vocabulary.body;
  EXPECT_THAT(vocabulary.body, HasSubstr("heat-pump"));

  clients::HttpResult series = Send("POST", "/v1/series:preview", R"({"recurrence": {
      "timeZone": "Europe/Brussels", "firstDate": {"year": 2026, "month": 3, "day": 23},
      "startTime": {"hours": 9}, "durationMinutes": 120, "weekdays": ["MONDAY"], "count": 2}})");
  ASSERT_EQ(series.status, 200) << series.body;
  json occurrences = json::parse(series.body)["occurrences"];
  ASSERT_EQ(occurrences.size(), 2u);
  EXPECT_EQ(occurrences[0]["startTime"], "2026-03-23T08:00:00Z");
  EXPECT_EQ(occurrences[1]["startTime"], "2026-03-30T07:00:00Z");
}

TEST_F(FoundationE2eTest, ReadinessFailsWhenABackendStopsAndRecovers) {
  ASSERT_EQ(Send("GET", "/readyz").status, 200);
  absl::StatusOr<int> code = stack_.StopProcess("booking", SIGTERM);
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << "booking did not shut down cleanly";

  clients::HttpResult ready = Send("GET", "/readyz");
  EXPECT_EQ(ready.status, 503) << ready.body;
  json body = json::parse(ready.body);
  EXPECT_EQ(body["backends"]["booking"]["serving"], false);
  EXPECT_EQ(body["backends"]["registry"]["serving"], true);
  // The rest of the API keeps working while one backend is away.
  EXPECT_EQ(Send("GET", "/v1/organizations").status, 200);
  EXPECT_EQ(Send("POST", "/v1/series:preview", R"({"recurrence": {}})").status, 503);

  ASSERT_TRUE(stack_.RestartProcess("booking").ok());
  int status = 0;
  for (int attempt = 0; attempt < 50 && status != 200; ++attempt) {
    status = Send("GET", "/readyz").status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 200);
}

TEST_F(FoundationE2eTest, DataSurvivesARestartAndEveryProcessStopsCleanly) {
  clients::HttpResult created = Send("POST", "/v1/organizations", kCurio);
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string id = json::parse(created.body)["id"];

  ASSERT_EQ(stack_.StopProcess("registry", SIGTERM).value_or(-1), 0);
  ASSERT_TRUE(stack_.RestartProcess("registry").ok());
  clients::HttpResult read;
  for (int attempt = 0; attempt < 50; ++attempt) {
    read = Send("GET", "/v1/organizations/" + id);
    if (read.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(read.status, 200) << read.body;

  client_.reset();
  for (const auto& [name, exit_code] : stack_.StopAll()) {
    EXPECT_EQ(exit_code, 0) << name << " did not exit cleanly on SIGTERM";
  }
}

}  // namespace
}  // namespace leerpool::testing
