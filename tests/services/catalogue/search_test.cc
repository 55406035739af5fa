// Search: full text in Dutch and English with accents ignored, every filter, distances at
// their edges, sorting, facets, pages that stay stable while listings change, per-result
// estimates and eligibility, and CheckEligibility.

#include <algorithm>
#include <functional>
#include <map>
#include <numbers>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/estimates.h"
#include "tests/services/catalogue/catalogue_test_fixture.h"

namespace leerpool::catalogue::testing {
namespace {

using ::testing::_;
using ::testing::Contains;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// The school searches from here (it is also kSchool's registry location).
constexpr double kHereLat = 51.0;
constexpr double kHereLng = 4.0;
constexpr char kHere[] = "51.0,4.0";

std::vector<std::string> Titles(const SearchResponse& response) {
  std::vector<std::string> titles;
  for (const SearchResult& result : response.results) {
    titles.push_back(result.listing.DisplayTitle());
  }
  return titles;
}

std::vector<std::string> Codes(const Eligibility& eligibility) {
  std::vector<std::string> codes;
  for (const EligibilityReason& reason : eligibility.reasons) codes.push_back(reason.code);
  return codes;
}

class SearchTest : public CatalogueBackendTest {
 protected:
  // Five published listings of three owners, and a draft.
  void BuildCorpus() {
    Listing heat = Fixed(kOwner, "Warmtepompen leeropstelling");
    heat.title_en = "Heat pump training rig";
    heat.description_nl = "Lucht-water warmtepomp met meetpunten voor inbedrijfstelling.";
    heat.technologies = {"heat-pump"};
    heat.sectors = {"energy-technology"};
    heat.competences = {"commissioning"};
    heat.audiences = {Audience::kPupils, Audience::kTeachers};
    heat_ = MustPublishAt(heat, 51.1, 4.0, OpenTerms(5000));

    Listing care = Fixed(kOtherOwner, "Zorgappartement");
    care.category = Category::kSimulationSpace;
    care.description_nl = "Simulatie van thuiszorg in een echt appartement.";
    care.technologies = {"care-simulation"};
    care.sectors = {"care"};
    care.audiences = {Audience::kJobSeekersAndSideEntrants};
    care.capacity_per_unit = 6;
    care.unit_count = 1;
    care_ = MustPublishAt(care, 51.219, 4.402, OpenTerms(2000));

    Listing elearning = Fixed(kOwner, "Laadpalen online cursus");
    elearning.category = Category::kELearning;
    elearning.technologies = {"charging-point"};
    elearning.sectors = {"installation"};
    elearning.unit_count = 200;
    elearning.capacity_per_unit = 1;
    SharingTerms per_learner = OpenTerms(0);
    per_learner.price.per_learner_cents = 1500;
    elearning_ = MustPublishAt(elearning, 51.589, 4.776, per_learner);

    Listing cafe = Fixed(kCompany, "Café-opstelling voor horeca");
    cafe.capacity_per_unit = 10;
    cafe.sectors = {"logistics"};
    SharingTerms per_day = OpenTerms(0);
    per_day.price.per_day_cents = 20000;
    cafe_ = MustPublishAt(cafe, 52.0, 5.0, per_day);

    Listing mobile = Mobile(kOwner, "Mobiele zonnepanelen-unit", 50);
    mobile.technologies = {"solar-pv"};
    SharingTerms per_km = OpenTerms(3000);
    per_km.price.per_km_cents = 50;
    mobile_ = MustPublishAt(mobile, kHereLat, kHereLng, per_km);

    MustCreate(Fixed(kOwner, "Warmtepomp concept"));
  }

  SearchResponse MustSearch(const SearchRequest& request,
                            const auth::Caller& caller = auth::Caller::Anonymous()) {
    absl::StatusOr<SearchResponse> response = catalogue_->SearchListings(caller, request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : SearchResponse{};
  }

  std::vector<std::string> Find(const std::string& q) { return Titles(MustSearch({.q = q})); }

  Listing heat_, care_, elearning_, cafe_, mobile_;
};

// ---- Full text

TEST_P(SearchTest, WordsMatchAsPrefixes) {
  BuildCorpus();
  EXPECT_THAT(Find("warmtepomp"), ElementsAre("Warmtepompen leeropstelling"));
  EXPECT_THAT(Find("Warmtepompen"), ElementsAre("Warmtepompen leeropstelling"));
  EXPECT_THAT(Find("warmte leer"), ElementsAre("Warmtepompen leeropstelling"));
}

TEST_P(SearchTest, FindsOwnersByName) {
  BuildCorpus();
  EXPECT_THAT(Find("Kwartier Z"), ElementsAre("Zorgappartement"));
  EXPECT_THAT(Find("kwartier"), ElementsAre("Zorgappartement"));
}

TEST_P(SearchTest, HyphenatedWordsAndCategoryLabels) {
  BuildCorpus();
  EXPECT_THAT(Find("e-learning"), ElementsAre("Laadpalen online cursus"));
  EXPECT_THAT(Find("E-Learning laadpalen"), ElementsAre("Laadpalen online cursus"));
  EXPECT_THAT(Find("zonnepanelen-unit"), ElementsAre("Mobiele zonnepanelen-unit"));
}

TEST_P(SearchTest, AccentsAndCaseAreIgnored) {
  BuildCorpus();
  EXPECT_THAT(Find("cafe"), ElementsAre("Café-opstelling voor horeca"));
  EXPECT_THAT(Find("CAFÉ"), ElementsAre("Café-opstelling voor horeca"));
  EXPECT_THAT(Find("café horeca"), ElementsAre("Café-opstelling voor horeca"));
}

TEST_P(SearchTest, EnglishTitlesAndVocabularyLabelsInBothLanguages) {
  BuildCorpus();
  EXPECT_THAT(Find("heat pumps"), ElementsAre("Warmtepompen leeropstelling"));
  // Only in the vocabulary: "Laadpalen" / "Charging points", and the code.
  EXPECT_THAT(Find("charging"), ElementsAre("Laadpalen online cursus"));
  EXPECT_THAT(Find("charging-point"), ElementsAre("Laadpalen online cursus"));
  EXPECT_THAT(Find("thuiszorg"), ElementsAre("Zorgappartement"));
  EXPECT_THAT(Find("zonnepanelen"), ElementsAre("Mobiele zonnepanelen-unit"));
}

TEST_P(SearchTest, DraftsAndRetiredListingsAreNotFound) {
  BuildCorpus();
  ASSERT_TRUE(catalogue_->RetireListing(Admin(kOtherOwner), care_.id).ok());
  EXPECT_THAT(Find("warmtepomp concept"), IsEmpty());
  EXPECT_THAT(Find("zorgappartement"), IsEmpty());
  EXPECT_EQ(MustSearch({}).total_count, 4);
}

TEST_P(SearchTest, QuerySyntaxInUserTextIsJustText) {
  BuildCorpus();
  for (const char* q :
       {"\"", "warmtepomp\"", "warmtepomp OR zorg", "NEAR(warmte pomp)", "title:warmtepomp", "*",
        "-", "^warmte", "warmte AND", ")(", "{title}", "'; DROP TABLE listings; --", "a\"b\"c",
        "\xE2\x80\x93", "\xF0\x9F\x94\xA5", "   ", "col : x", "+-+"}) {
    absl::StatusOr<SearchResponse> response = catalogue_->SearchListings(Anonymous(), {.q = q});
    EXPECT_TRUE(response.ok()) << q << ": " << response.status();
  }
  // Operators are words like any other: "OR" must also match.
  EXPECT_THAT(Find("warmtepomp OR"), IsEmpty());
  EXPECT_THAT(Find("title:warmtepomp"), IsEmpty());
  EXPECT_THAT(Find("warmtepomp*"), ElementsAre("Warmtepompen leeropstelling"));
  EXPECT_EQ(catalogue_->SearchListings(Anonymous(), {.q = std::string(201, 'a')}).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string many_words;
  for (int i = 0; i < 17; ++i) many_words += "w ";
  EXPECT_THAT(catalogue_->SearchListings(Anonymous(), {.q = many_words}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "q: at most 16 words"));
  EXPECT_EQ(catalogue_->SearchListings(Anonymous(), {.q = "\xFF"}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(SearchTest, TitlesWeighMoreThanDescriptions) {
  BuildCorpus();
  Listing mention = Fixed(kOwner, "Koeltechniek-set");
  mention.description_nl = "Past bij een warmtepomp.";
  MustPublishAt(mention, 51.3, 4.3);
  const SearchResponse response = MustSearch({.q = "warmtepomp"});
  EXPECT_THAT(Titles(response), ElementsAre("Warmtepompen leeropstelling", "Koeltechniek-set"));
  EXPECT_GT(response.results[0].relevance, response.results[1].relevance);
}

// ---- Filters

TEST_P(SearchTest, FiltersOnCategoryAndVocabulary) {
  BuildCorpus();
  EXPECT_THAT(Titles(MustSearch({.categories = {Category::kSimulationSpace}})),
              ElementsAre("Zorgappartement"));
  EXPECT_THAT(Titles(MustSearch({.categories = {Category::kELearning, Category::kMobileSetup}})),
              UnorderedElementsAre("Laadpalen online cursus", "Mobiele zonnepanelen-unit"));
  EXPECT_THAT(Titles(MustSearch({.technologies = {"heat-pump"}})),
              ElementsAre("Warmtepompen leeropstelling"));
  EXPECT_THAT(Titles(MustSearch({.technologies = {"heat-pump", "solar-pv"}})),
              UnorderedElementsAre("Warmtepompen leeropstelling", "Mobiele zonnepanelen-unit"));
  EXPECT_THAT(Titles(MustSearch({.sectors = {"care"}})), ElementsAre("Zorgappartement"));
  EXPECT_THAT(Titles(MustSearch({.competences = {"commissioning"}})),
              ElementsAre("Warmtepompen leeropstelling"));
  // Different fields must all match.
  EXPECT_THAT(Titles(MustSearch({.technologies = {"heat-pump"}, .sectors = {"care"}})), IsEmpty());
  EXPECT_EQ(
      catalogue_->SearchListings(Anonymous(), {.technologies = {"warp-drive"}}).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST_P(SearchTest, FiltersOnAudienceCountryAndOwnerKind) {
  BuildCorpus();
  EXPECT_THAT(Titles(MustSearch({.audiences = {Audience::kJobSeekersAndSideEntrants}})),
              ElementsAre("Zorgappartement"));
  EXPECT_THAT(Titles(MustSearch({.audiences = {Audience::kTeachers}})),
              ElementsAre("Warmtepompen leeropstelling"));
  EXPECT_THAT(Titles(MustSearch({.country = "BE"})), ElementsAre("Zorgappartement"));
  EXPECT_THAT(Titles(MustSearch({.country = "be"})), ElementsAre("Zorgappartement"));
  EXPECT_EQ(MustSearch({.country = "NL"}).total_count, 4);
  EXPECT_THAT(Titles(MustSearch({.owner_kind = 7})), ElementsAre("Zorgappartement"));
  EXPECT_THAT(Titles(MustSearch({.owner_kind = 4})),
              UnorderedElementsAre("Warmtepompen leeropstelling", "Laadpalen online cursus",
                                   "Mobiele zonnepanelen-unit"));
  EXPECT_EQ(catalogue_->SearchListings(Anonymous(), {.country = "Nederland"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(catalogue_->SearchListings(Anonymous(), {.owner_kind = 8}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(SearchTest, FiltersOnHourlyPriceAndLearners) {
  BuildCorpus();
  EXPECT_THAT(Titles(MustSearch({.max_price_per_hour_cents = 3000})),
              UnorderedElementsAre("Zorgappartement", "Laadpalen online cursus",
                                   "Café-opstelling voor horeca", "Mobiele zonnepanelen-unit"));
  EXPECT_THAT(Titles(MustSearch({.max_price_per_hour_cents = 2999})),
              UnorderedElementsAre("Zorgappartement", "Laadpalen online cursus",
                                   "Café-opstelling voor horeca"));
  // One unit must take the whole group.
  EXPECT_THAT(Titles(MustSearch({.learners = 8})),
              UnorderedElementsAre("Warmtepompen leeropstelling", "Café-opstelling voor horeca",
                                   "Mobiele zonnepanelen-unit"));
  EXPECT_THAT(Titles(MustSearch({.learners = 9})), ElementsAre("Café-opstelling voor horeca"));
  EXPECT_THAT(Titles(MustSearch({.learners = 11})), IsEmpty());
  EXPECT_EQ(
      catalogue_->SearchListings(Anonymous(), {.max_price_per_hour_cents = -1}).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(catalogue_->SearchListings(Anonymous(), {.learners = -1}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(SearchTest, WithinIncludesTheExactDistanceAndNothingBeyond) {
  BuildCorpus();
  // The heat pump rig is 0.1 degree of latitude north: 6371.0088 km x 0.1 x pi / 180.
  const double exact = HaversineKm({51.1, 4.0}, {kHereLat, kHereLng});
  EXPECT_THAT(exact, DoubleNear(11.11951, 1e-4));
  EXPECT_THAT(Titles(MustSearch({.near = kHere, .within_km = exact})),
              ElementsAre("Mobiele zonnepanelen-unit", "Warmtepompen leeropstelling"));
  EXPECT_THAT(Titles(MustSearch({.near = kHere, .within_km = exact - 1e-6})),
              ElementsAre("Mobiele zonnepanelen-unit"));
  EXPECT_THAT(Titles(MustSearch({.near = kHere, .within_km = 11.12})),
              ElementsAre("Mobiele zonnepanelen-unit", "Warmtepompen leeropstelling"));
  EXPECT_THAT(Titles(MustSearch({.near = kHere, .within_km = 11.119})),
              ElementsAre("Mobiele zonnepanelen-unit"));
}

TEST_P(SearchTest, ComesToMeUsesTheServiceRadiusEdge) {
  BuildCorpus();
  // A point exactly 50 km (the setup's radius) north of its home site, and one 10 m further.
  const double degrees_per_km = 180.0 / (std::numbers::pi * geo::kEarthRadiusKm);
  const std::string at_edge =
      absl::StrFormat("%.15f,%.1f", kHereLat + 50 * degrees_per_km, kHereLng);
  const std::string beyond =
      absl::StrFormat("%.15f,%.1f", kHereLat + 50.01 * degrees_per_km, kHereLng);
  const SearchResponse in = MustSearch({.near = at_edge, .comes_to_me = true});
  EXPECT_THAT(Titles(in), ElementsAre("Mobiele zonnepanelen-unit"));
  EXPECT_THAT(*in.results[0].distance_km, DoubleNear(50, 1e-9));
  EXPECT_THAT(Titles(MustSearch({.near = beyond, .comes_to_me = true})), IsEmpty());
  // Fixed installations never come: the heat pump rig is nearer but stays out.
  EXPECT_THAT(Titles(MustSearch({.near = "51.1,4.0", .comes_to_me = true})),
              ElementsAre("Mobiele zonnepanelen-unit"));
  EXPECT_EQ(catalogue_->SearchListings(Anonymous(), {.comes_to_me = true}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(SearchTest, NearMustBeAPointOnEarth) {
  for (const char* near : {"91,4", "51,181", "abc", "51", "51,4,3", "51;4", "nan,4", ","}) {
    absl::Status status = catalogue_->SearchListings(Anonymous(), {.near = near}).status();
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, "near")) << near;
  }
  EXPECT_TRUE(catalogue_->SearchListings(Anonymous(), {.near = " 51.2 , 4.4 "}).ok());
  EXPECT_THAT(catalogue_->SearchListings(Anonymous(), {.within_km = 10}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "within_km"));
  EXPECT_THAT(catalogue_->SearchListings(Anonymous(), {.near = kHere, .within_km = -1}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "within_km"));
}

// ---- Sorting, facets, estimates

TEST_P(SearchTest, SortsByDistanceAndPrice) {
  BuildCorpus();
  const SearchResponse by_distance = MustSearch({.near = kHere, .sort = SearchSort::kDistance});
  ASSERT_EQ(by_distance.results.size(), 5u);
  for (size_t i = 1; i < by_distance.results.size(); ++i) {
    EXPECT_LE(*by_distance.results[i - 1].distance_km, *by_distance.results[i].distance_km);
  }
  // Without a sort, a point means distance order too.
  EXPECT_EQ(Titles(MustSearch({.near = kHere})), Titles(by_distance));

  const SearchResponse by_price = MustSearch({.sort = SearchSort::kPrice});
  EXPECT_THAT(Titles(by_price).front(), "Laadpalen online cursus");  // 1 learner x 15 euro
  for (size_t i = 1; i < by_price.results.size(); ++i) {
    EXPECT_LE(by_price.results[i - 1].estimated_cost_cents,
              by_price.results[i].estimated_cost_cents);
  }
  // Without text or point: by title.
  EXPECT_THAT(
      Titles(MustSearch({})),
      ElementsAre("Café-opstelling voor horeca", "Laadpalen online cursus",
                  "Mobiele zonnepanelen-unit", "Warmtepompen leeropstelling", "Zorgappartement"));
  EXPECT_THAT(catalogue_->SearchListings(Anonymous(), {.sort = SearchSort::kDistance}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "sort"));
  EXPECT_THAT(catalogue_->SearchListings(Anonymous(), {.sort = SearchSort::kRelevance}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "sort"));
}

TEST_P(SearchTest, CountsFacetsOverTheWholeMatch) {
  BuildCorpus();
  const SearchResponse response = MustSearch({.page_size = 1});
  EXPECT_EQ(response.total_count, 5);
  EXPECT_EQ(response.results.size(), 1u);
  std::map<std::string, std::vector<FacetValue>> facets;
  for (const Facet& facet : response.facets) facets[facet.name] = facet.values;
  EXPECT_THAT(facets["category"], ElementsAre(FacetValue{"CATEGORY_FIXED_INSTALLATION", 2},
                                              FacetValue{"CATEGORY_E_LEARNING", 1},
                                              FacetValue{"CATEGORY_MOBILE_SETUP", 1},
                                              FacetValue{"CATEGORY_SIMULATION_SPACE", 1}));
  EXPECT_THAT(facets["country"], ElementsAre(FacetValue{"NL", 4}, FacetValue{"BE", 1}));
  EXPECT_THAT(facets["owner_kind"],
              ElementsAre(FacetValue{"4", 3}, FacetValue{"3", 1}, FacetValue{"7", 1}));
  EXPECT_THAT(facets["technology"], Contains(FacetValue{"heat-pump", 1}));
  EXPECT_THAT(facets["sector"], Contains(FacetValue{"care", 1}));
  EXPECT_THAT(facets["audience"], Contains(FacetValue{"AUDIENCE_PUPILS", 4}));

  // Facets follow the filters.
  const SearchResponse belgian = MustSearch({.country = "BE"});
  for (const Facet& facet : belgian.facets) {
    if (facet.name == "country") {
      EXPECT_THAT(facet.values, ElementsAre(FacetValue{"BE", 1}));
    }
  }
}

TEST_P(SearchTest, EstimatesDistanceTravelAndCost) {
  BuildCorpus();
  Listing far_mobile = Mobile(kOwner, "Mobiele laadpaal-trailer", 100);
  SharingTerms terms = OpenTerms(3000);
  terms.price.per_km_cents = 50;
  terms.price.per_learner_cents = 100;
  MustPublishAt(far_mobile, 51.1, 4.0, terms);

  const SearchResponse response =
      MustSearch({.near = kHere, .within_km = 12, .learners = 3, .duration_hours = 2});
  std::map<std::string, SearchResult> by_title;
  for (const SearchResult& result : response.results) {
    by_title[result.listing.DisplayTitle()] = result;
  }
  const double km = HaversineKm({51.1, 4.0}, {kHereLat, kHereLng});
  const SearchResult& rig = by_title["Warmtepompen leeropstelling"];
  EXPECT_THAT(*rig.distance_km, DoubleNear(km, 1e-9));
  EXPECT_EQ(*rig.travel_minutes, 14);  // 11.12 km at 50 km/h: 13.3 minutes
  EXPECT_EQ(rig.estimated_cost_cents, 2 * 5000);
  ASSERT_TRUE(rig.listing.site.has_value());

  const SearchResult& trailer = by_title["Mobiele laadpaal-trailer"];
  EXPECT_EQ(*trailer.travel_minutes, 12);  // 11.12 km at its own 60 km/h
  EXPECT_EQ(trailer.estimated_cost_cents, 2 * 3000 + 3 * 100 + std::llround(50 * 2 * km));

  const SearchResult& here = by_title["Mobiele zonnepanelen-unit"];
  EXPECT_EQ(*here.distance_km, 0);
  EXPECT_EQ(here.estimated_cost_cents, 2 * 3000);
  EXPECT_FALSE(here.eligibility.has_value());  // anonymous

  // Without a point there is no distance, and no transport in the price.
  const SearchResponse anywhere = MustSearch({.q = "laadpaal-trailer"});
  ASSERT_EQ(anywhere.results.size(), 1u);
  EXPECT_FALSE(anywhere.results[0].distance_km.has_value());
  EXPECT_EQ(anywhere.results[0].estimated_cost_cents, 4 * 3000 + 100);
}

TEST_P(SearchTest, SignedInDistancesStartAtTheCallersOrganisation) {
  BuildCorpus();
  const SearchResponse response = MustSearch({.q = "warmtepomp"}, Admin(kSchool));
  ASSERT_EQ(response.results.size(), 1u);
  EXPECT_THAT(*response.results[0].distance_km,
              DoubleNear(HaversineKm({51.1, 4.0}, {kHereLat, kHereLng}), 1e-9));
  EXPECT_TRUE(response.results[0].eligibility.has_value());
  // An organisation without a location gives no distance.
  const SearchResponse from_company = MustSearch({.q = "warmtepomp"}, Admin(kCompany));
  EXPECT_FALSE(from_company.results[0].distance_km.has_value());
}

// ---- Pages

class PagingTest : public SearchTest {
 protected:
  // Pages through `request`, calling `between` after every page, and returns every listing id
  // in the order seen.
  std::vector<std::string> PageThrough(SearchRequest request, const auth::Caller& caller,
                                       const std::function<void(int)>& between) {
    std::vector<std::string> seen;
    for (int page = 0; page < 50; ++page) {
      const SearchResponse response = MustSearch(request, caller);
      for (const SearchResult& result : response.results) seen.push_back(result.listing.id);
      if (response.next_page_token.empty()) break;
      request.page_token = response.next_page_token;
      between(page);
    }
    return seen;
  }

  static void ExpectEachOnce(const std::vector<std::string>& seen,
                             const std::vector<std::string>& originals) {
    std::set<std::string> unique(seen.begin(), seen.end());
    EXPECT_EQ(unique.size(), seen.size()) << "a listing appeared twice";
    for (const std::string& id : originals) EXPECT_TRUE(unique.contains(id)) << "skipped " << id;
  }
};

TEST_P(PagingTest, TitleOrderStaysStableWhileListingsChange) {
  std::vector<std::string> originals;
  for (int i = 1; i <= 9; ++i) {
    originals.push_back(MustPublishAt(Fixed(kOwner, absl::StrFormat("Set %02d", i)), 51, 4).id);
  }
  const std::vector<std::string> seen = PageThrough({.page_size = 3}, Anonymous(), [&](int page) {
    // New listings before and after the cursor, and changes that keep the sort key.
    MustPublishAt(Fixed(kOwner, absl::StrFormat("Set 0%d nieuw", page * 3 + 1)), 51, 4);
    MustPublishAt(Fixed(kOwner, "Set 00"), 51, 4);
    MustPublishAt(Fixed(kOwner, "Set 99"), 51, 4);
    Listing changes;
    changes.id = originals[8 - page];
    changes.description_nl = absl::StrFormat("bijgewerkt na pagina %d", page);
    changes.unit_count = 5 + page;
    ASSERT_TRUE(
        catalogue_->UpdateListing(Admin(kOwner), changes, {"description_nl", "unit_count"}).ok());
    MustSetTerms(originals[page], OpenTerms(1000 + page));
  });
  ExpectEachOnce(seen, originals);
}

TEST_P(PagingTest, RelevanceOrderStaysStableWhileMatchingListingsAreAdded) {
  std::vector<std::string> originals;
  for (int i = 0; i < 8; ++i) {
    Listing listing = Fixed(kOwner, absl::StrFormat("Warmtepomp %c", 'A' + i));
    // Longer texts score lower, so the order is not just the ids'.
    listing.description_nl = std::string(static_cast<size_t>(i % 4) * 6, 'x') + " opstelling";
    originals.push_back(MustPublishAt(listing, 51, 4).id);
  }
  const std::vector<std::string> seen =
      PageThrough({.q = "warmtepomp", .page_size = 3}, Admin(kSchool), [&](int page) {
        // More matches and more listings overall shift every bm25 score.
        MustPublishAt(Fixed(kOwner, absl::StrFormat("Nog een warmtepomp %d", page)), 51, 4);
        MustPublishAt(Fixed(kOtherOwner, absl::StrFormat("Iets anders %d", page)), 51, 4);
        MustPublishAt(Fixed(kOtherOwner, absl::StrFormat("Nog iets %d", page)), 51, 4);
      });
  ExpectEachOnce(seen, originals);
}

TEST_P(PagingTest, DistanceOrderStaysStableWhileListingsAreAdded) {
  std::vector<std::string> originals;
  for (int i = 0; i < 7; ++i) {
    originals.push_back(
        MustPublishAt(Fixed(kOwner, absl::StrFormat("Rig %d", i)), 51.0 + 0.05 * i, 4.0).id);
  }
  const std::vector<std::string> seen =
      PageThrough({.near = kHere, .page_size = 2}, Anonymous(), [&](int page) {
        MustPublishAt(Fixed(kOwner, "Dichtbij"), 51.0, 4.0);
        MustPublishAt(Fixed(kOwner, "Ver weg"), 53.0, 6.0);
        MustPublishAt(Fixed(kOwner, "Tussenin"), 51.0 + 0.05 * page + 0.01, 4.0);
      });
  ExpectEachOnce(seen, originals);
}

TEST_P(PagingTest, TokensBelongToTheirSortOrder) {
  for (int i = 0; i < 3; ++i) MustPublishAt(Fixed(kOwner, absl::StrFormat("Set %d", i)), 51, 4);
  const SearchResponse first = MustSearch({.page_size = 1});
  ASSERT_FALSE(first.next_page_token.empty());
  EXPECT_THAT(
      catalogue_->SearchListings(Anonymous(), {.near = kHere, .page_token = first.next_page_token})
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument, "page_token"));
  EXPECT_THAT(catalogue_->SearchListings(Anonymous(), {.page_token = "nonsense"}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "page_token"));
}

// ---- Eligibility in search

class EligibilityTest : public SearchTest {
 protected:
  Listing PublishWith(const std::string& title, const SharingTerms& terms,
                      const std::string& owner = kOwner) {
    return MustPublishAt(Fixed(owner, title), 51.1, 4.0, terms);
  }
  std::map<std::string, Eligibility> EligibilityByTitle(const auth::Caller& caller,
                                                        SearchRequest request = {}) {
    std::map<std::string, Eligibility> result;
    for (const SearchResult& found : MustSearch(request, caller).results) {
      EXPECT_TRUE(found.eligibility.has_value()) << found.listing.DisplayTitle();
      if (found.eligibility) result[found.listing.DisplayTitle()] = *found.eligibility;
    }
    return result;
  }
};

TEST_P(EligibilityTest, NamesEveryFailedRule) {
  SharingTerms companies = OpenTerms();
  companies.who_may_book.everyone = false;
  companies.who_may_book.organization_kinds = {3};
  PublishWith("Voor bedrijven", companies);

  SharingTerms network = OpenTerms();
  network.who_may_book.everyone = false;
  network.who_may_book.network_ids = {kNetwork};
  network.approval_required = true;
  PublishWith("Voor het netwerk", network);

  SharingTerms named = OpenTerms();
  named.who_may_book.everyone = false;
  named.who_may_book.organization_ids = {kCompany};
  PublishWith("Voor TruckAcademy", named);

  SharingTerms all_three = companies;
  all_three.who_may_book.network_ids = {kNetwork};
  all_three.who_may_book.organization_ids = {kCompany};
  all_three.required_qualification_type_ids = {kQualification, "qt_vca"};
  PublishWith("Streng", all_three);

  SharingTerms trained = OpenTerms();
  trained.required_qualification_type_ids = {kQualification};
  trained.intake_required = true;
  PublishWith("Met opleiding", trained);

  PublishWith("Voor iedereen", OpenTerms());

  std::map<std::string, Eligibility> eligibility = EligibilityByTitle(Admin(kSchool));
  EXPECT_THAT(Codes(eligibility["Voor bedrijven"]), ElementsAre("organization_kind"));
  EXPECT_THAT(Codes(eligibility["Voor het netwerk"]), ElementsAre("not_in_network"));
  EXPECT_TRUE(eligibility["Voor het netwerk"].approval_required);
  EXPECT_THAT(Codes(eligibility["Voor TruckAcademy"]), ElementsAre("not_listed"));
  EXPECT_THAT(Codes(eligibility["Streng"]),
              ElementsAre("organization_kind", "not_in_network", "not_listed",
                          "missing_qualification", "missing_qualification"));
  EXPECT_FALSE(eligibility["Streng"].may_book);
  // An intake is arranged at booking; it does not stop anyone.
  EXPECT_THAT(Codes(eligibility["Met opleiding"]), ElementsAre("missing_qualification"));
  EXPECT_TRUE(eligibility["Voor iedereen"].may_book);
  EXPECT_EQ(eligibility["Voor iedereen"].terms_version, 1);

  // Joining the network and getting trained changes the answers.
  memberships_[kSchool] = {kNetwork};
  held_["per_admin_org_curio"] = {kQualification};
  eligibility = EligibilityByTitle(Admin(kSchool));
  EXPECT_TRUE(eligibility["Voor het netwerk"].may_book);
  EXPECT_TRUE(eligibility["Met opleiding"].may_book);
  EXPECT_THAT(Codes(eligibility["Streng"]), ElementsAre("missing_qualification"));
  // A company is the right kind for some.
  eligibility = EligibilityByTitle(Admin(kCompany));
  EXPECT_TRUE(eligibility["Voor bedrijven"].may_book);
  EXPECT_TRUE(eligibility["Voor TruckAcademy"].may_book);
}

TEST_P(EligibilityTest, TheOwnerMayAlwaysBookItsOwn) {
  SharingTerms strict = OpenTerms();
  strict.who_may_book.everyone = false;
  strict.who_may_book.organization_kinds = {1};
  strict.required_qualification_type_ids = {kQualification};
  strict.approval_required = true;
  PublishWith("Eigen opstelling", strict);
  const Eligibility own = EligibilityByTitle(Admin(kOwner))["Eigen opstelling"];
  EXPECT_TRUE(own.may_book);
  EXPECT_FALSE(own.approval_required);
}

TEST_P(EligibilityTest, MobileSetupsOutsideTheirRadius) {
  // 5 km radius, home 0.1 degree (11 km) north of the school.
  MustPublishAt(Mobile(kOwner, "Kleine trailer", 5), 51.1, 4.0);
  MustPublishAt(Mobile(kOwner, "Grote trailer", 20), 51.1, 4.0);
  std::map<std::string, Eligibility> eligibility = EligibilityByTitle(Admin(kSchool));
  EXPECT_THAT(Codes(eligibility["Kleine trailer"]), ElementsAre("outside_service_radius"));
  EXPECT_TRUE(eligibility["Grote trailer"].may_book);
  // Measured from `near` when given.
  eligibility = EligibilityByTitle(Admin(kSchool), {.near = "51.12,4.0"});
  EXPECT_TRUE(eligibility["Kleine trailer"].may_book);
}

TEST_P(EligibilityTest, AnswersForWhichOrganisation) {
  PublishWith("Voor iedereen", OpenTerms());
  EXPECT_FALSE(MustSearch({}).results[0].eligibility.has_value());
  EXPECT_EQ(catalogue_->SearchListings(Anonymous(), {.organization_id = kSchool}).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(
      catalogue_->SearchListings(Admin(kSchool), {.organization_id = kCompany}).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(MustSearch({.organization_id = kSchool}, PlatformAdmin()).results[0].eligibility);
  EXPECT_FALSE(MustSearch({}, PlatformAdmin()).results[0].eligibility.has_value());
  // Two organisations: which one is unclear until named.
  auth::Caller both = Admin(kSchool);
  both.roles[kCompany] = {auth::Role::kCoordinator};
  EXPECT_FALSE(MustSearch({}, both).results[0].eligibility.has_value());
  EXPECT_TRUE(MustSearch({.organization_id = kCompany}, both).results[0].eligibility);
}

TEST_P(EligibilityTest, ASearchPageCostsAHandfulOfRegistryCalls) {
  SharingTerms trained = OpenTerms();
  trained.required_qualification_type_ids = {kQualification};
  for (int i = 0; i < 12; ++i) PublishWith(absl::StrFormat("Opstelling %d", i), trained);
  EXPECT_CALL(directory_, GetOrganization(kSchool)).Times(1);
  EXPECT_CALL(directory_, NetworksOf(kSchool)).Times(1);
  EXPECT_CALL(directory_,
              CheckQualifications(_, "per_admin_org_curio", ElementsAre(kQualification), _, _))
      .Times(1);
  const SearchResponse response = MustSearch({.page_size = 10}, Admin(kSchool));
  EXPECT_EQ(response.results.size(), 10u);
}

TEST_P(EligibilityTest, ARegistryThatIsDownFailsSignedInSearchesOnly) {
  PublishWith("Voor iedereen", OpenTerms());
  registry_down_ = absl::UnavailableError("registry down");
  EXPECT_EQ(catalogue_->SearchListings(Admin(kSchool), {}).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(MustSearch({}).total_count, 1);
}

// ---- CheckEligibility

TEST_P(EligibilityTest, CheckEligibilityForABooking) {
  SharingTerms trained = OpenTerms();
  trained.required_qualification_type_ids = {kQualification};
  trained.approval_required = true;
  const Listing listing = PublishWith("Met opleiding", trained);
  const absl::TimeZone amsterdam = absl::FixedTimeZone(2 * 3600);  // CEST, as the site's zone
  const absl::Time start = absl::FromCivil(absl::CivilSecond(2026, 4, 1, 9, 0, 0), amsterdam);
  const absl::Time end = absl::FromCivil(absl::CivilSecond(2026, 4, 3, 17, 0, 0), amsterdam);

  EXPECT_CALL(directory_,
              CheckQualifications(_, "per_teacher", ElementsAre(kQualification),
                                  absl::CivilDay(2026, 4, 1), absl::CivilDay(2026, 4, 3)))
      .Times(2);
  EligibilityRequest request{.listing_id = listing.id,
                             .organization_id = kSchool,
                             .person_id = "per_teacher",
                             .start_time = start,
                             .end_time = end,
                             .learners = 16};
  absl::StatusOr<Eligibility> answer = catalogue_->CheckEligibility(Coordinator(kSchool), request);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_THAT(Codes(*answer), ElementsAre("missing_qualification"));
  EXPECT_EQ(answer->terms_version, 1);
  EXPECT_TRUE(answer->approval_required);

  held_["per_teacher"] = {kQualification};
  request.learners = 17;  // 2 units x 8
  answer = catalogue_->CheckEligibility(Coordinator(kSchool), request);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_THAT(Codes(*answer), ElementsAre("capacity"));
}

TEST_P(EligibilityTest, CheckEligibilityFollowsTheTermsVersionAndTheDestination) {
  const Listing listing = MustPublishAt(Mobile(kOwner, "Trailer", 20), 51.1, 4.0);
  EligibilityRequest request{.listing_id = listing.id, .organization_id = kSchool};
  EXPECT_TRUE(catalogue_->CheckEligibility(Admin(kSchool), request)->may_book);
  request.destination = LatLng{52.0, 4.0};
  EXPECT_THAT(Codes(*catalogue_->CheckEligibility(Admin(kSchool), request)),
              ElementsAre("outside_service_radius"));
  MustSetTerms(listing.id, OpenTerms(9000));
  EXPECT_EQ(catalogue_->CheckEligibility(Admin(kSchool), request)->terms_version, 2);
  request.destination = LatLng{95.0, 4.0};
  EXPECT_THAT(catalogue_->CheckEligibility(Admin(kSchool), request).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "destination"));
}

TEST_P(EligibilityTest, CheckEligibilityIsForTheCallersOwnOrganisations) {
  const Listing listing = PublishWith("Voor iedereen", OpenTerms());
  EligibilityRequest request{.listing_id = listing.id, .organization_id = kCompany};
  EXPECT_EQ(catalogue_->CheckEligibility(Admin(kSchool), request).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(catalogue_->CheckEligibility(Anonymous(), request).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(catalogue_->CheckEligibility(PlatformAdmin(), request).ok());
  request.organization_id.clear();
  EXPECT_TRUE(catalogue_->CheckEligibility(Admin(kSchool), request).ok());
  EXPECT_THAT(catalogue_->CheckEligibility(PlatformAdmin(), request).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "organization_id"));
  request.organization_id = kSchool;
  request.listing_id = "lst_missing";
  EXPECT_EQ(catalogue_->CheckEligibility(Admin(kSchool), request).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(EligibilityTest, DraftsAreNotBookable) {
  const Listing draft = MustCreate(Fixed(kOwner, "Concept"));
  EligibilityRequest request{.listing_id = draft.id, .organization_id = kOwner};
  absl::StatusOr<Eligibility> answer = catalogue_->CheckEligibility(Coordinator(kOwner), request);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_THAT(Codes(*answer), ElementsAre("not_published", "no_terms"));
  request.organization_id = kSchool;
  EXPECT_EQ(catalogue_->CheckEligibility(Admin(kSchool), request).status().code(),
            absl::StatusCode::kNotFound);
}

LP_CATALOGUE_ON_EACH_BACKEND(SearchTest);
LP_CATALOGUE_ON_EACH_BACKEND(PagingTest);
LP_CATALOGUE_ON_EACH_BACKEND(EligibilityTest);

}  // namespace
}  // namespace leerpool::catalogue::testing
