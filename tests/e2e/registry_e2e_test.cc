// The registry's authorisation rules, checked through the gateway against the real
// processes: who may read and change organisations, networks, people, qualifications, API
// keys and the audit trail, and what happens to tokens that are tampered with or signed out.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "clients/http/http_client.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/stack.h"

namespace leerpool::testing {
namespace {

using nlohmann::json;

// One shared stack for the whole suite: setting up the world is the slow part.
class RegistryE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new Stack();
    absl::Status started = stack_->Start();
    ASSERT_TRUE(started.ok()) << started << "\n" << stack_->Logs();
    client_ = new clients::HttpClient("127.0.0.1", stack_->gateway_port());
    BuildWorld();
  }

  static void TearDownTestSuite() {
    delete client_;
    delete stack_;
  }

  void TearDown() override {
    if (HasFailure()) std::cerr << stack_->Logs();
  }

  static clients::HttpResult Call(const std::string& method, const std::string& target,
                                  const std::string& token = "", const json& body = nullptr) {
    std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    auto result = client_->Send(method, target, body.is_null() ? "" : body.dump(), headers);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : clients::HttpResult{};
  }

  static json Ok(const clients::HttpResult& result) {
    EXPECT_EQ(result.status, 200) << result.body;
    return json::parse(result.body, nullptr, false);
  }

  static std::string Login(const std::string& email, const std::string& password) {
    json session =
        Ok(Call("POST", "/v1/auth/login", "", {{"email", email}, {"password", password}}));
    return session.value("accessToken", "");
  }

  static std::string CreateOrganization(const std::string& name, const std::string& kind,
                                        const std::string& country) {
    return Ok(Call("POST", "/v1/organizations", tokens_["admin"],
                   {{"name", name}, {"kind", "ORGANIZATION_KIND_" + kind}, {"country", country}}))
        .value("id", "");
  }

  // Invites `email` into `organization` with `roles` (as `inviter`) and signs them in.
  static std::string Invite(const std::string& inviter, const std::string& organization,
                            const std::string& email, const std::vector<std::string>& roles) {
    json invitation =
        Ok(Call("POST", absl::StrCat("/v1/organizations/", organization, "/invitations"),
                tokens_[inviter], {{"email", email}, {"roles", roles}}));
    json session = Ok(Call("POST", "/v1/invitations:accept", "",
                           {{"token", invitation.value("token", "")},
                            {"displayName", email.substr(0, email.find('@'))},
                            {"password", "password-of-" + email}}));
    return session.value("accessToken", "");
  }

  static void BuildWorld() {
    tokens_["admin"] = Login(kAdminEmail, kAdminPassword);
    ASSERT_FALSE(tokens_["admin"].empty());
    orgs_["school_nl"] = CreateOrganization("Curio Breda", "SCHOOL", "NL");
    orgs_["school_be"] = CreateOrganization("GO! Campus Het Spoor Mol", "SCHOOL", "BE");
    orgs_["maker"] = CreateOrganization("Censes Education", "MANUFACTURER", "NL");
    orgs_["sector"] = CreateOrganization("Volta", "SECTOR_BODY", "BE");
    tokens_["alice"] = Invite("admin", orgs_["school_nl"], "alice@curio.test", {"ROLE_ORG_ADMIN"});
    tokens_["carl"] = Invite("alice", orgs_["school_nl"], "carl@curio.test", {"ROLE_COORDINATOR"});
    tokens_["ines"] = Invite("alice", orgs_["school_nl"], "ines@curio.test", {"ROLE_INSTRUCTOR"});
    tokens_["anna"] = Invite("alice", orgs_["school_nl"], "anna@curio.test", {"ROLE_ANALYST"});
    tokens_["bob"] = Invite("admin", orgs_["school_be"], "bob@spoor.test", {"ROLE_ORG_ADMIN"});
    tokens_["mia"] = Invite("admin", orgs_["maker"], "mia@censes.test", {"ROLE_ORG_ADMIN"});
    tokens_["sam"] = Invite("admin", orgs_["sector"], "sam@volta.test", {"ROLE_ORG_ADMIN"});
    tokens_["anonymous"] = "";
    ines_id_ = Ok(Call("GET", "/v1/me", tokens_["ines"]))["person"].value("id", "");
    network_ = Ok(Call("POST", "/v1/networks", tokens_["sam"],
                       {{"name", "Lerend Netwerk Energietransitie"},
                        {"kind", "NETWORK_KIND_LEARNING_NETWORK"},
                        {"ownerOrganizationId", orgs_["sector"]}}))
                   .value("id", "");
    qualification_type_ = Ok(Call("POST", "/v1/qualificationTypes", tokens_["mia"],
                                  {{"issuerOrganizationId", orgs_["maker"]},
                                   {"code", "HP-TTT"},
                                   {"nameNl", "Train-de-trainer warmtepomp"},
                                   {"nameEn", "Heat-pump train-the-trainer"},
                                   {"validityMonths", 24}}))
                              .value("id", "");
  }

  static std::string Expand(std::string text) {
    for (const auto& [key, id] : orgs_) text = absl::StrReplaceAll(text, {{"{" + key + "}", id}});
    return absl::StrReplaceAll(text, {{"{network}", network_},
                                      {"{qualification_type}", qualification_type_},
                                      {"{ines}", ines_id_}});
  }

  static Stack* stack_;
  static clients::HttpClient* client_;
  static std::map<std::string, std::string> tokens_;
  static std::map<std::string, std::string> orgs_;
  static std::string network_;
  static std::string qualification_type_;
  static std::string ines_id_;
};

Stack* RegistryE2eTest::stack_ = nullptr;
clients::HttpClient* RegistryE2eTest::client_ = nullptr;
std::map<std::string, std::string> RegistryE2eTest::tokens_;
std::map<std::string, std::string> RegistryE2eTest::orgs_;
std::string RegistryE2eTest::network_;
std::string RegistryE2eTest::qualification_type_;
std::string RegistryE2eTest::ines_id_;

struct Rule {
  std::string operation;
  std::string method;
  std::string target;  // {school_nl}, {network}, ... are replaced by ids
  json body;
  // actor -> expected HTTP status; actors: admin (platform), alice (school_nl admin),
  // carl (coordinator), ines (instructor), anna (analyst), bob (school_be admin),
  // mia (manufacturer admin), sam (sector body admin), anonymous.
  std::map<std::string, int> expected;
};

TEST_F(RegistryE2eTest, AuthorisationMatrixThroughTheGateway) {
  const json region = {{"region", "West-Brabant"}};
  const std::vector<Rule> rules = {
      {"list organisations (public directory)",
       "GET",
       "/v1/organizations",
       nullptr,
       {{"anonymous", 200}, {"carl", 200}, {"bob", 200}}},
      {"read an organisation (public)",
       "GET",
       "/v1/organizations/{school_nl}",
       nullptr,
       {{"anonymous", 200}, {"bob", 200}}},
      {"create an organisation",
       "POST",
       "/v1/organizations",
       {{"name", "Kamp C"}, {"kind", "ORGANIZATION_KIND_TRAINING_CENTRE"}, {"country", "BE"}},
       {{"admin", 200}, {"alice", 403}, {"sam", 403}, {"anonymous", 401}}},
      {"update own organisation",
       "PATCH",
       "/v1/organizations/{school_nl}?update_mask=region",
       region,
       {{"admin", 200},
        {"alice", 200},
        {"carl", 403},
        {"anna", 403},
        {"bob", 403},
        {"anonymous", 401}}},
      {"suspend an organisation",
       "PATCH",
       "/v1/organizations/{school_nl}?update_mask=status",
       {{"status", "ORGANIZATION_STATUS_ACTIVE"}},
       {{"admin", 200}, {"alice", 403}}},
      {"list members",
       "GET",
       "/v1/organizations/{school_nl}/members",
       nullptr,
       {{"admin", 200},
        {"alice", 200},
        {"carl", 200},
        {"ines", 200},
        {"anna", 200},
        {"bob", 403},
        {"anonymous", 401}}},
      {"invite into an organisation",
       "POST",
       "/v1/organizations/{school_nl}/invitations",
       {{"email", "new@curio.test"}, {"roles", {"ROLE_COORDINATOR"}}},
       {{"admin", 200}, {"alice", 200}, {"carl", 403}, {"bob", 403}, {"anonymous", 401}}},
      {"create a network owned by a sector body",
       "POST",
       "/v1/networks",
       {{"name", "Pool EV"}, {"kind", "NETWORK_KIND_POOL"}, {"ownerOrganizationId", "{sector}"}},
       {{"admin", 200}, {"sam", 200}, {"alice", 403}, {"mia", 403}, {"anonymous", 401}}},
      {"create a network owned by a school",
       "POST",
       "/v1/networks",
       {{"name", "Schoolnet"},
        {"kind", "NETWORK_KIND_POOL"},
        {"ownerOrganizationId", "{school_nl}"}},
       {{"alice", 400}}},
      {"read network members (public)",
       "GET",
       "/v1/networks/{network}/members",
       nullptr,
       {{"anonymous", 200}, {"carl", 200}}},
      {"add a network member",
       "POST",
       "/v1/networks/{network}/members",
       {{"organizationId", "{school_be}"}},
       {{"alice", 403}, {"bob", 403}, {"anonymous", 401}, {"sam", 200}}},
      {"define a qualification type",
       "POST",
       "/v1/qualificationTypes",
       {{"issuerOrganizationId", "{maker}"},
        {"code", "FGAS-{n}"},
        {"nameNl", "F-gassen"},
        {"nameEn", "F-gas handling"},
        {"validityMonths", 60}},
       {{"mia", 200}, {"admin", 200}, {"alice", 403}, {"anonymous", 401}}},
      {"list qualification types (public)",
       "GET",
       "/v1/qualificationTypes",
       nullptr,
       {{"anonymous", 200}, {"carl", 200}}},
      {"issue a qualification",
       "POST",
       "/v1/qualificationTypes/{qualification_type}/qualifications",
       {{"personId", "{ines}"}, {"issueDate", {{"year", 2026}, {"month", 1}, {"day", 15}}}},
       {{"mia", 200}, {"alice", 403}, {"ines", 403}, {"anonymous", 401}}},
      {"check a person's qualifications",
       "GET",
       "/v1/people/{ines}/qualifications:check?qualification_type_ids={qualification_type}"
       "&start_date.year=2026&start_date.month=6&start_date.day=1",
       nullptr,
       {{"bob", 200}, {"mia", 200}, {"carl", 200}, {"anonymous", 401}}},
      {"read the audit trail of an organisation",
       "GET",
       "/v1/auditEvents?organization_id={school_nl}",
       nullptr,
       {{"admin", 200}, {"alice", 200}, {"carl", 403}, {"bob", 403}, {"anonymous", 401}}},
      {"read the whole audit trail",
       "GET",
       "/v1/auditEvents",
       nullptr,
       {{"admin", 200}, {"alice", 403}}},
      {"create an API key",
       "POST",
       "/v1/organizations/{school_nl}/apiKeys",
       {{"name", "timetable sync"}, {"role", "ROLE_COORDINATOR"}},
       {{"alice", 200}, {"carl", 403}, {"bob", 403}, {"anonymous", 401}}},
      {"who am I", "GET", "/v1/me", nullptr, {{"carl", 200}, {"bob", 200}, {"anonymous", 401}}},
  };
  int counter = 0;
  for (const Rule& rule : rules) {
    for (const auto& [actor, expected] : rule.expected) {
      SCOPED_TRACE(absl::StrCat(rule.operation, " as ", actor));
      std::string body = rule.body.is_null() ? "" : Expand(rule.body.dump());
      body = absl::StrReplaceAll(body, {{"{n}", std::to_string(++counter)}});
      auto result = Call(rule.method, Expand(rule.target), tokens_[actor],
                         body.empty() ? json(nullptr) : json::parse(body));
      EXPECT_EQ(result.status, expected) << result.body;
    }
  }
}

TEST_F(RegistryE2eTest, QualificationIssuedOnceIsRecognisedForEveryone) {
  json issued =
      Ok(Call("POST", Expand("/v1/qualificationTypes/{qualification_type}/qualifications"),
              tokens_["mia"], json::parse(Expand(R"({"personId": "{ines}",
                            "issueDate": {"year": 2026, "month": 2, "day": 1}})"))));
  EXPECT_EQ(issued["expiryDate"], json({{"year", 2028}, {"month", 1}, {"day", 31}}));
  for (const std::string asker : {"bob", "sam", "carl"}) {
    json check = Ok(Call("GET",
                         Expand("/v1/people/{ines}/qualifications:check"
                                "?qualification_type_ids={qualification_type}"
                                "&start_date.year=2028&start_date.month=1&start_date.day=31"),
                         tokens_[asker]));
    EXPECT_EQ(check["allValid"], true) << asker;
  }
  json after = Ok(Call("GET",
                       Expand("/v1/people/{ines}/qualifications:check"
                              "?qualification_type_ids={qualification_type}"
                              "&start_date.year=2028&start_date.month=2&start_date.day=1"),
                       tokens_["bob"]));
  EXPECT_EQ(after["allValid"], false);
}

TEST_F(RegistryE2eTest, TamperedAndSignedOutTokensAreRefused) {
  const std::string token = Login("carl@curio.test", "password-of-carl@curio.test");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(Call("GET", "/v1/me", token).status, 200);

  std::string tampered = token;
  tampered[tampered.find('.') + 5] ^= 1;
  EXPECT_EQ(Call("GET", "/v1/me", tampered).status, 401);
  EXPECT_EQ(Call("GET", "/v1/me", "not-a-token").status, 401);

  EXPECT_EQ(Call("POST", "/v1/auth/logout", token, json::object()).status, 200);
  EXPECT_EQ(Call("GET", "/v1/me", token).status, 401);
}

TEST_F(RegistryE2eTest, RefreshRotatesAndWrongPasswordsAreSlowedDown) {
  json session =
      Ok(Call("POST", "/v1/auth/login", "",
              {{"email", "anna@curio.test"}, {"password", "password-of-anna@curio.test"}}));
  json refreshed =
      Ok(Call("POST", "/v1/auth/refresh", "", {{"refreshToken", session["refreshToken"]}}));
  EXPECT_NE(refreshed["refreshToken"], session["refreshToken"]);
  EXPECT_EQ(Call("GET", "/v1/me", refreshed["accessToken"]).status, 200);
  // The old refresh token was rotated away.
  EXPECT_EQ(
      Call("POST", "/v1/auth/refresh", "", {{"refreshToken", session["refreshToken"]}}).status,
      401);

  int last = 0;
  for (int attempt = 0; attempt < 7; ++attempt) {
    last = Call("POST", "/v1/auth/login", "",
                {{"email", "bob@spoor.test"},
                 {"password", "wrong password " + std::to_string(attempt)}})
               .status;
  }
  EXPECT_EQ(last, 429);
  // Limited before the password is even checked.
  EXPECT_EQ(Call("POST", "/v1/auth/login", "",
                 {{"email", "bob@spoor.test"}, {"password", "password-of-bob@spoor.test"}})
                .status,
            429);
}

TEST_F(RegistryE2eTest, BadInputNamesTheField) {
  auto duplicate = Call("POST", Expand("/v1/organizations/{school_nl}/members"), tokens_["alice"],
                        {{"email", "nobody@nowhere.test"}, {"roles", {"ROLE_COORDINATOR"}}});
  EXPECT_EQ(duplicate.status, 404) << duplicate.body;
  auto bad_coordinates = Call("POST", "/v1/organizations", tokens_["admin"],
                              {{"name", "X"},
                               {"kind", "ORGANIZATION_KIND_SCHOOL"},
                               {"country", "NL"},
                               {"location", {{"latitude", 12}, {"longitude", 190}}}});
  EXPECT_EQ(bad_coordinates.status, 400);
  EXPECT_THAT(bad_coordinates.body, ::testing::HasSubstr("longitude"));
  auto short_password =
      Call("POST", "/v1/invitations:accept", "", {{"token", "whatever"}, {"password", "short"}});
  EXPECT_TRUE(short_password.status == 400 || short_password.status == 404) << short_password.body;
}

}  // namespace
}  // namespace leerpool::testing
