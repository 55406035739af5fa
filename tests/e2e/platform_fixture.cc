#include "tests/e2e/platform_fixture.h"

#include <iostream>

#include "absl/strings/str_cat.h"

namespace leerpool::testing {

using nlohmann::json;

void PlatformE2eTest::SetUp() {
  absl::Status started = stack_.Start();
  ASSERT_TRUE(started.ok()) << started << "\n" << stack_.Logs();
  client_ = std::make_unique<clients::HttpClient>("127.0.0.1", stack_.gateway_port());
  admin_ = Login(kAdminEmail, kAdminPassword);
  maker_ = CreateOrganization("Censes Education", "MANUFACTURER", "NL");
  school_ = CreateOrganization("avAnt Provinciaal Onderwijs Antwerpen", "SCHOOL", "BE");
  maker_admin_ = Invite(maker_, "academy@censes.test", "ROLE_ORG_ADMIN");
  maker_coordinator_ = Invite(maker_, "planning@censes.test", "ROLE_COORDINATOR");
  school_admin_ = Invite(school_, "beheer@avant.test", "ROLE_ORG_ADMIN");
}

void PlatformE2eTest::TearDown() {
  if (HasFailure()) std::cerr << stack_.Logs();
}

clients::HttpResult PlatformE2eTest::Call(const std::string& method, const std::string& target,
                                          const std::string& token, const std::string& body,
                                          const std::string& content_type) {
  std::map<std::string, std::string> headers = {{"Content-Type", content_type}};
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  auto result = client_->Send(method, target, body, headers);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : clients::HttpResult{};
}

json PlatformE2eTest::Ok(const clients::HttpResult& result) {
  EXPECT_EQ(result.status, 200) << result.body;
  json parsed = json::parse(result.body, nullptr, false);
  return parsed.is_discarded() ? json::object() : parsed;
}

std::string PlatformE2eTest::Login(const std::string& email, const std::string& password) {
  return Ok(Call("POST", "/v1/auth/login", "",
                 json({{"email", email}, {"password", password}}).dump()))
      .value("accessToken", "");
}

std::string PlatformE2eTest::CreateOrganization(const std::string& name, const std::string& kind,
                                                const std::string& country) {
  return Ok(Call("POST", "/v1/organizations", admin_,
                 json({{"name", name},
                       {"kind", "ORGANIZATION_KIND_" + kind},
                       {"country", country},
                       {"location", country == "NL"
                                        ? json({{"latitude", 51.5905}, {"longitude", 5.3290}})
                                        : json({{"latitude", 51.2194}, {"longitude", 4.4025}})}})
                     .dump()))
      .value("id", "");
}

std::string PlatformE2eTest::Invite(const std::string& organization, const std::string& email,
                                    const std::string& role) {
  json invitation =
      Ok(Call("POST", absl::StrCat("/v1/organizations/", organization, "/invitations"), admin_,
              json({{"email", email}, {"roles", {role}}}).dump()));
  return Ok(Call("POST", "/v1/invitations:accept", "",
                 json({{"token", invitation.value("token", "")},
                       {"displayName", email},
                       {"password", "a long password"}})
                     .dump()))
      .value("accessToken", "");
}

std::string PlatformE2eTest::PublishedMobileHeatPump() {
  json site = Ok(
      Call("POST", "/v1/sites", maker_admin_,
           json({{"ownerOrganizationId", maker_},
                 {"name", "Censes Boxtel"},
                 {"address",
                  {{"street", "Industrieweg 15"},
                   {"postalCode", "5283 AB"},
                   {"locality", "Boxtel"},
                   {"country", "NL"}}},
                 {"location", {{"latitude", 51.5905}, {"longitude", 5.3290}}},
                 {"timeZone", "Europe/Amsterdam"},
                 {"openingHours",
                  {{{"weekday", "MONDAY"}, {"open", {{"hours", 8}}}, {"close", {{"hours", 17}}}}}}})
               .dump()));
  json listing = Ok(Call(
      "POST", "/v1/listings", maker_admin_,
      json({{"ownerOrganizationId", maker_},
            {"titleNl", "Mobiele warmtepompopstelling"},
            {"titleEn", "Mobile heat-pump training rig"},
            {"descriptionNl",
             "Lucht-water warmtepomp op een aanhanger, met meetpunten voor inbedrijfstelling."},
            {"category", "CATEGORY_MOBILE_SETUP"},
            {"technologies", {"heat-pump"}},
            {"sectors", {"energy-technology"}},
            {"competences", {"commissioning"}},
            {"unitCount", 2},
            {"capacityPerUnit", 8},
            {"audiences", {"AUDIENCE_PUPILS", "AUDIENCE_TEACHERS"}},
            {"languages", {"nl"}},
            {"siteId", site.value("id", "")},
            {"mobile",
             {{"serviceRadiusKm", 150},
              {"setupMinutes", 60},
              {"teardownMinutes", 45},
              {"travelSpeedKmh", 60}}}})
          .dump()));
  const std::string id = listing.value("id", "");
  Ok(Call("PUT", "/v1/listings/" + id + "/terms", maker_admin_,
          json({{"whoMayBook", {{"everyone", true}}},
                {"approvalRequired", true},
                {"minLeadTimeHours", 48},
                {"price", {{"perHourCents", 2500}, {"perKmCents", 40}}},
                {"acquisitionCostCents", 4500000},
                {"expectedLifetimeYears", 8}})
              .dump()));
  Ok(Call("POST", "/v1/listings/" + id + ":publish", maker_admin_, "{}"));
  return id;
}
}  // namespace leerpool::testing
