// The catalogue through the gateway against the real processes: owners list equipment with
// sites and sharing terms, schools find it, and the permission rules hold over HTTP.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "clients/http/http_client.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/stack.h"

namespace leerpool::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class CatalogueE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
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

  void TearDown() override {
    if (HasFailure()) std::cerr << stack_.Logs();
  }

  clients::HttpResult Call(const std::string& method, const std::string& target,
                           const std::string& token = "", const std::string& body = "",
                           const std::string& content_type = "application/json") {
    std::map<std::string, std::string> headers = {{"Content-Type", content_type}};
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    auto result = client_->Send(method, target, body, headers);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : clients::HttpResult{};
  }

  json Ok(const clients::HttpResult& result) {
    EXPECT_EQ(result.status, 200) << result.body;
    json parsed = json::parse(result.body, nullptr, false);
    return parsed.is_discarded() ? json::object() : parsed;
  }

  std::string Login(const std::string& email, const std::string& password) {
    return Ok(Call("POST", "/v1/auth/login", "",
                   json({{"email", email}, {"password", password}}).dump()))
        .value("accessToken", "");
  }

  std::string CreateOrganization(const std::string& name, const std::string& kind,
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

  std::string Invite(const std::string& organization, const std::string& email,
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

  // A mobile heat-pump setup at the manufacturer's site, with terms, published.
  std::string PublishedMobileHeatPump() {
    json site = Ok(Call(
        "POST", "/v1/sites", maker_admin_,
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

  Stack stack_;
  std::unique_ptr<clients::HttpClient> client_;
  std::string admin_, maker_, school_, maker_admin_, maker_coordinator_, school_admin_;
};

TEST_F(CatalogueE2eTest, OwnerListsAndSchoolFindsMobileSetupNearAntwerp) {
  const std::string id = PublishedMobileHeatPump();

  json results = Ok(Call("GET", "/v1/listings:search?q=warmtepomp&near=51.2194,4.4025"));
  ASSERT_EQ(results["results"].size(), 1u) << results.dump();
  json hit = results["results"][0];
  EXPECT_EQ(hit["listing"]["id"], id);
  EXPECT_NEAR(hit["distanceKm"].get<double>(), 72, 8);
  EXPECT_GT(hit["travelMinutes"].get<int>(), 0);
  EXPECT_GT(std::stoll(hit["estimatedCostCents"].get<std::string>()), 4 * 2500);
  EXPECT_FALSE(hit.contains("eligibility") && hit["eligibility"].contains("mayBook") &&
               hit["eligibility"]["mayBook"] == true)
      << "an anonymous caller is told nothing about eligibility";

  json signed_in =
      Ok(Call("GET", "/v1/listings:search?q=Warmtepompen&comes_to_me=true", school_admin_));
  ASSERT_EQ(signed_in["results"].size(), 1u) << signed_in.dump();
  EXPECT_EQ(signed_in["results"][0]["eligibility"]["mayBook"], true);

  json english = Ok(Call("GET", "/v1/listings:search?q=heat%20pump"));
  EXPECT_EQ(english["totalCount"], 1);
  json nothing =
      Ok(Call("GET", "/v1/listings:search?q=warmtepomp&near=51.2194,4.4025&within_km=10"));
  EXPECT_EQ(nothing["totalCount"], 0);
}

TEST_F(CatalogueE2eTest, PermissionsHoldThroughTheGateway) {
  const std::string id = PublishedMobileHeatPump();
  const std::string patch = R"({"titleEn": "Renamed"})";
  const std::string target = "/v1/listings/" + id + "?update_mask=title_en";
  EXPECT_EQ(Call("PATCH", target, school_admin_, patch).status, 403);
  EXPECT_EQ(Call("PATCH", target, maker_coordinator_, patch).status, 403);
  EXPECT_EQ(Call("PATCH", target, "", patch).status, 401);
  EXPECT_EQ(Call("PATCH", target, maker_admin_, patch).status, 200);
  EXPECT_EQ(Call("PATCH", target, admin_, patch).status, 200);
  EXPECT_EQ(Call("PUT", "/v1/listings/" + id + "/terms", school_admin_,
                 R"({"whoMayBook": {"everyone": true}})")
                .status,
            403);
  EXPECT_EQ(Call("POST", "/v1/listings", "", R"({"ownerOrganizationId": "x"})").status, 401);

  json draft = Ok(Call("POST", "/v1/listings", maker_admin_,
                       json({{"ownerOrganizationId", maker_},
                             {"titleNl", "Geheim prototype"},
                             {"category", "CATEGORY_SIMULATOR"},
                             {"unitCount", 1},
                             {"capacityPerUnit", 4}})
                           .dump()));
  EXPECT_EQ(Call("GET", "/v1/listings/" + draft.value("id", "")).status, 404);
  EXPECT_EQ(Call("GET", "/v1/listings/" + draft.value("id", ""), school_admin_).status, 404);
  EXPECT_EQ(Call("GET", "/v1/listings/" + draft.value("id", ""), maker_coordinator_).status, 200);
  EXPECT_EQ(Call("GET", "/v1/listings/" + id).status, 200);
}

TEST_F(CatalogueE2eTest, BadInputNamesTheField) {
  auto zero_capacity = Call("POST", "/v1/listings", maker_admin_,
                            json({{"ownerOrganizationId", maker_},
                                  {"titleNl", "X"},
                                  {"category", "CATEGORY_SIMULATOR"},
                                  {"unitCount", 1},
                                  {"capacityPerUnit", 0}})
                                .dump());
  EXPECT_EQ(zero_capacity.status, 400);
  EXPECT_THAT(zero_capacity.body, HasSubstr("capacity_per_unit"));
  auto unknown_term = Call("POST", "/v1/listings", maker_admin_,
                           json({{"ownerOrganizationId", maker_},
                                 {"titleNl", "X"},
                                 {"category", "CATEGORY_SIMULATOR"},
                                 {"unitCount", 1},
                                 {"capacityPerUnit", 2},
                                 {"technologies", {"warp-drive"}}})
                               .dump());
  EXPECT_EQ(unknown_term.status, 400);
  EXPECT_THAT(unknown_term.body, HasSubstr("warp-drive"));
  auto bad_zone = Call("POST", "/v1/sites", maker_admin_,
                       json({{"ownerOrganizationId", maker_},
                             {"name", "X"},
                             {"location", {{"latitude", 51.5}, {"longitude", 5.3}}},
                             {"timeZone", "Europe/Atlantis"}})
                           .dump());
  EXPECT_EQ(bad_zone.status, 400);
  EXPECT_THAT(bad_zone.body, HasSubstr("time_zone"));
}

TEST_F(CatalogueE2eTest, CsvImportReportsEveryRowAndIsAllOrNothing) {
  const std::string csv =
      "title_nl,title_en,category,technologies,unit_count,capacity_per_unit,audiences\r\n"
      "Laadpaal oefenbord,Charging point training "
      "board,fixed_installation,charging-point,4,6,pupils\r\n"
      "\"VR-bril, set van 10\",VR headset set,vr_ar_set,vr-ar,10,1,pupils;teachers\r\n"
      "Kapotte rij,Broken row,not_a_category,,1,1,pupils\r\n";
  const std::string target = "/v1/organizations/" + maker_ + "/listings:import";
  json report = Ok(Call("POST", target, maker_admin_, csv, "text/csv"));
  EXPECT_EQ(report["errorCount"], 1);
  EXPECT_EQ(report["importedCount"], 0);
  ASSERT_EQ(report["rows"].size(), 3u);
  EXPECT_THAT(report["rows"][2]["errors"][0].get<std::string>(), HasSubstr("category"));
  json none = Ok(Call("GET", "/v1/listings?owner_organization_id=" + maker_, maker_admin_));
  EXPECT_EQ(none.value("listings", json::array()).size(), 0u);

  json partial = Ok(Call("POST", target + "?allow_partial=true", maker_admin_, csv, "text/csv"));
  EXPECT_EQ(partial["importedCount"], 2);
  json two = Ok(Call("GET", "/v1/listings?owner_organization_id=" + maker_, maker_admin_));
  EXPECT_EQ(two["listings"].size(), 2u);
  EXPECT_EQ(Call("POST", target, school_admin_, csv, "text/csv").status, 403);
}

}  // namespace
}  // namespace leerpool::testing
