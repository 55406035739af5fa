// Text ranks are computed at once for a plain relevance search and later (for the matches
// left after the distance filters, or for the page only) otherwise; every way gives the same
// relevance and the same order.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/catalogue.h"
#include "tests/services/catalogue/catalogue_test_fixture.h"

namespace leerpool::catalogue::testing {
namespace {

class SearchRankTest : public CatalogueBackendTest {
 protected:
  SearchResponse MustSearch(const SearchRequest& request) {
    absl::StatusOr<SearchResponse> response = catalogue_->SearchListings(Anonymous(), request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : SearchResponse{};
  }
  static std::map<std::string, double> Relevance(const SearchResponse& response) {
    std::map<std::string, double> relevance;
    for (const SearchResult& result : response.results) {
      relevance[result.listing.id] = result.relevance;
    }
    return relevance;
  }
  static std::vector<std::string> Ids(const SearchResponse& response) {
    std::vector<std::string> ids;
    for (const SearchResult& result : response.results) ids.push_back(result.listing.id);
    return ids;
  }
};

TEST_P(SearchRankTest, RelevanceIsTheSameHoweverItIsComputed) {
  for (int i = 0; i < 6; ++i) {
    Listing listing = Fixed(kOwner, absl::StrFormat("Warmtepomp %d", i));
    // Different lengths, so the scores differ.
    listing.description_nl = std::string(static_cast<size_t>(i) * 7, 'x') + " opstelling";
    MustPublishAt(listing, 51.0 + 0.01 * i, 4.0, OpenTerms(1000 + 100 * i));
  }
  MustPublishAt(Fixed(kOwner, "Zorgbed"), 51.0, 4.0);

  const SearchResponse at_once = MustSearch({.q = "warmtepomp"});
  ASSERT_EQ(at_once.results.size(), 6u);
  for (const SearchResult& result : at_once.results) EXPECT_GT(result.relevance, 0);

  // Ranked after the distance filter.
  const SearchResponse filtered = MustSearch(
      {.q = "warmtepomp", .near = "51.0,4.0", .within_km = 500, .sort = SearchSort::kRelevance});
  EXPECT_EQ(Ids(filtered), Ids(at_once));
  EXPECT_EQ(Relevance(filtered), Relevance(at_once));

  // Only the page ranked: by price, a page of 4.
  const SearchResponse by_price =
      MustSearch({.q = "warmtepomp", .sort = SearchSort::kPrice, .page_size = 4});
  ASSERT_EQ(by_price.results.size(), 4u);
  const std::map<std::string, double> expected = Relevance(at_once);
  for (const SearchResult& result : by_price.results) {
    EXPECT_EQ(result.relevance, expected.at(result.listing.id)) << result.listing.id;
  }
}

LP_CATALOGUE_ON_EACH_BACKEND(SearchRankTest);

}  // namespace
}  // namespace leerpool::catalogue::testing
