// The arithmetic of search results: haversine distances, travel minutes, session costs, and
// how search text is split into words.

#include "services/catalogue/core/estimates.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/search_text.h"

namespace leerpool::catalogue {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(EstimatesTest, HaversineDistances) {
  // Amsterdam Centraal to Brussel-Centraal, about 175 km as the crow flies.
  EXPECT_THAT(HaversineKm({52.3791, 4.9003}, {50.8455, 4.3571}), DoubleNear(174.6, 0.1));
  // One degree of latitude anywhere, one degree of longitude on the equator.
  EXPECT_THAT(HaversineKm({51, 4}, {52, 4}), DoubleNear(111.195, 0.001));
  EXPECT_THAT(HaversineKm({0, 0}, {0, 1}), DoubleNear(111.195, 0.001));
  EXPECT_EQ(HaversineKm({51.2, 4.4}, {51.2, 4.4}), 0);
  // Antipodes: half the circumference, no NaN from rounding.
  EXPECT_THAT(HaversineKm({0, 0}, {0, 180}), DoubleNear(20015.1, 0.1));
}

TEST(EstimatesTest, ParsesPoints) {
  absl::StatusOr<LatLng> point = ParseLatLng("near", "51.2194,4.4025");
  ASSERT_TRUE(point.ok());
  EXPECT_EQ(point->latitude, 51.2194);
  EXPECT_EQ(point->longitude, 4.4025);
  EXPECT_TRUE(ParseLatLng("near", "-90,180").ok());
  for (const char* bad : {"", "51.2", "51.2;4.4", "x,y", "90.1,0", "0,-180.01", "inf,0"}) {
    EXPECT_EQ(ParseLatLng("near", bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(EstimatesTest, TravelMinutesRoundUp) {
  EXPECT_EQ(TravelMinutes(50, 50), 60);
  EXPECT_EQ(TravelMinutes(11.12, 50), 14);
  EXPECT_EQ(TravelMinutes(0, 50), 0);
  EXPECT_EQ(TravelMinutes(1, 60), 1);
}

TEST(EstimatesTest, TheCheapestRateThatApplies) {
  Price price;
  price.per_hour_cents = 5000;
  EXPECT_EQ(EstimateCostCents(price, 4, 1, std::nullopt), 20000);
  EXPECT_EQ(EstimateCostCents(price, 1.5, 1, std::nullopt), 7500);
  price.per_half_day_cents = 15000;
  EXPECT_EQ(EstimateCostCents(price, 4, 1, std::nullopt), 15000);  // half day beats 4 hours
  EXPECT_EQ(EstimateCostCents(price, 2, 1, std::nullopt), 10000);  // 2 hours beat a half day
  EXPECT_EQ(EstimateCostCents(price, 5, 1, std::nullopt), 25000);  // no half day past 4 hours
  price.per_day_cents = 22000;
  EXPECT_EQ(EstimateCostCents(price, 5, 1, std::nullopt), 22000);
  EXPECT_EQ(EstimateCostCents(price, 30, 1, std::nullopt), 44000);  // two days
  Price daily;
  daily.per_day_cents = 30000;
  EXPECT_EQ(EstimateCostCents(daily, 4, 1, std::nullopt), 30000);
  EXPECT_EQ(EstimateCostCents(daily, 24, 1, std::nullopt), 30000);
  EXPECT_EQ(EstimateCostCents(daily, 24.5, 1, std::nullopt), 60000);
  // Nothing set: free.
  EXPECT_EQ(EstimateCostCents(Price{}, 4, 20, 30.0), 0);
}

TEST(EstimatesTest, LearnersAndTransportAreAdded) {
  Price price;
  price.per_hour_cents = 3333;
  price.per_learner_cents = 250;
  price.per_km_cents = 40;
  // 1.5 h x 33.33 = 49.995 euro, 12 learners x 2.50, 2 x 12.5 km x 0.40.
  EXPECT_EQ(EstimateCostCents(price, 1.5, 12, 12.5), 5000 + 3000 + 1000);
  EXPECT_EQ(EstimateCostCents(price, 1.5, 12, std::nullopt), 5000 + 3000);
}

TEST(SearchTextTest, SplitsWordsAndParts) {
  auto parts = [](const std::string& text) {
    std::vector<std::vector<std::string>> out;
    for (const SearchWord& word : SplitSearchText(text)) out.push_back(word.parts);
    return out;
  };
  using Parts = std::vector<std::vector<std::string>>;
  EXPECT_EQ(parts("warmtepomp"), (Parts{{"warmtepomp"}}));
  EXPECT_EQ(parts("  Kwartier   Z "), (Parts{{"Kwartier"}, {"Z"}}));
  EXPECT_EQ(parts("e-learning"), (Parts{{"e", "learning"}}));
  EXPECT_EQ(parts("café, \"bar\""), (Parts{{"café"}, {"bar"}}));
  EXPECT_EQ(parts("NEAR(a b)*"), (Parts{{"NEAR", "a"}, {"b"}}));
  EXPECT_EQ(parts("l\xE2\x80\x99"
                  "ecole \xE2\x80\x93 x"),
            (Parts{{"l", "ecole"}, {"x"}}));
  EXPECT_THAT(SplitSearchText("\" * - ( ) : ^ \xF0\x9F\x94\xA5"), IsEmpty());
  for (const SearchWord& word : SplitSearchText("a\"b'c:d*e")) {
    for (const std::string& part : word.parts) {
      EXPECT_EQ(part.find_first_of("\"'*:()^-{}"), std::string::npos) << part;
    }
  }
  EXPECT_THAT(SplitSearchText("a\"b")[0].parts, ElementsAre("a", "b"));
}

}  // namespace
}  // namespace leerpool::catalogue
