// The catalogue through the gateway against the real processes: owners list equipment with
// sites and sharing terms, schools find it, and the permission rules hold over HTTP.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "clients/http/http_client.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/platform_fixture.h"

namespace leerpool::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class CatalogueE2eTest : public PlatformE2eTest {};

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
