// Search with an availability window: the booking engine (a fake AvailabilityDirectory) is
// asked about the matches that pass every other filter, in chunks it accepts, and only the
// listings it says are free remain -- in the results, the total and the facets.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/availability_directory.h"
#include "services/catalogue/core/catalogue.h"
#include "tests/services/catalogue/catalogue_test_fixture.h"

namespace leerpool::catalogue::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class FakeAvailability : public AvailabilityDirectory {
 public:
  absl::StatusOr<std::map<std::string, int>> FreeUnits(const auth::Caller& caller,
                                                       const AvailabilityQuery& query) override {
    calls.push_back(query);
    callers.push_back(caller.person_id);
    if (!down.ok()) return down;
    std::map<std::string, int> answer;
    for (const std::string& id : query.listing_ids) {
      auto it = free.find(id);
      if (it != free.end()) answer[id] = it->second;
    }
    return answer;
  }

  std::map<std::string, int> free;
  absl::Status down;
  std::vector<AvailabilityQuery> calls;
  std::vector<std::string> callers;
};

class AvailabilitySearchTest : public CatalogueBackendTest {
 protected:
  void SetUp() override {
    CatalogueBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    with_booking_ = std::make_unique<Catalogue>(*store_, directory_, clock_, &booking_);
  }

  absl::StatusOr<SearchResponse> Search(SearchRequest request,
                                        const auth::Caller& caller = auth::Caller::Anonymous()) {
    return with_booking_->SearchListings(caller, request);
  }

  static std::vector<std::string> Ids(const SearchResponse& response) {
    std::vector<std::string> ids;
    for (const SearchResult& result : response.results) ids.push_back(result.listing.id);
    return ids;
  }

  const absl::Time start_ = clock_.Now() + absl::Hours(48);
  const absl::Time end_ = start_ + absl::Hours(3);
  FakeAvailability booking_;
  std::unique_ptr<Catalogue> with_booking_;
};

TEST_P(AvailabilitySearchTest, KeepsOnlyListingsTheBookingEngineCallsFree) {
  const Listing free = MustPublishAt(Fixed(kOwner, "Warmtepomp vrij"), 51.1, 4.0);
  const Listing taken = MustPublishAt(Fixed(kOwner, "Warmtepomp bezet"), 51.1, 4.0);
  const Listing none_left = MustPublishAt(Fixed(kOtherOwner, "Warmtepomp nul"), 51.1, 4.0);
  MustPublishAt(Fixed(kOwner, "Zorgappartement"), 51.1, 4.0);
  booking_.free = {{free.id, 2}, {none_left.id, 0}};

  absl::StatusOr<SearchResponse> response = Search({.q = "warmtepomp",
                                                    .near = "51.0,4.0",
                                                    .learners = 6,
                                                    .available_start = start_,
                                                    .available_end = end_});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_THAT(Ids(*response), ElementsAre(free.id));
  EXPECT_EQ(response->results[0].free_units, 2);
  EXPECT_EQ(response->total_count, 1);
  for (const Facet& facet : response->facets) {
    if (facet.name == "country") {
      EXPECT_THAT(facet.values, ElementsAre(FacetValue{"NL", 1}));
    }
  }
  // Asked once, about the text matches only, with the window, learners and the point.
  ASSERT_EQ(booking_.calls.size(), 1u);
  const AvailabilityQuery& asked = booking_.calls[0];
  EXPECT_THAT(asked.listing_ids, UnorderedElementsAre(free.id, taken.id, none_left.id));
  EXPECT_EQ(asked.start, start_);
  EXPECT_EQ(asked.end, end_);
  EXPECT_EQ(asked.learners, 6);
  ASSERT_TRUE(asked.destination.has_value());
  EXPECT_DOUBLE_EQ(asked.destination->latitude, 51.0);
}

TEST_P(AvailabilitySearchTest, WithoutAWindowNothingIsAskedAndNoFreeUnitsAreShown) {
  const Listing listing = MustPublishAt(Fixed(kOwner, "Warmtepomp"), 51.1, 4.0);
  absl::StatusOr<SearchResponse> response = Search({.q = "warmtepomp"});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_THAT(Ids(*response), ElementsAre(listing.id));
  EXPECT_FALSE(response->results[0].free_units.has_value());
  EXPECT_THAT(booking_.calls, IsEmpty());
}

TEST_P(AvailabilitySearchTest, AsksAfterTheOtherFiltersAndBeforePaging) {
  std::vector<std::string> near_ids;
  for (int i = 0; i < 5; ++i) {
    near_ids.push_back(MustPublishAt(Fixed(kOwner, absl::StrFormat("Set %d", i)), 51.0, 4.0).id);
  }
  MustPublishAt(Fixed(kOwner, "Ver weg"), 53.0, 6.0);
  for (const std::string& id : near_ids) booking_.free[id] = 1;
  booking_.free.erase(near_ids[1]);

  absl::StatusOr<SearchResponse> first = Search({.near = "51.0,4.0",
                                                 .within_km = 10,
                                                 .page_size = 2,
                                                 .available_start = start_,
                                                 .available_end = end_});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(booking_.calls.size(), 1u);
  EXPECT_EQ(booking_.calls[0].listing_ids.size(), 5u) << "the far listing is not asked about";
  EXPECT_EQ(first->total_count, 4);
  ASSERT_EQ(first->results.size(), 2u);
  ASSERT_FALSE(first->next_page_token.empty());

  absl::StatusOr<SearchResponse> second = Search({.near = "51.0,4.0",
                                                  .within_km = 10,
                                                  .page_size = 2,
                                                  .page_token = first->next_page_token,
                                                  .available_start = start_,
                                                  .available_end = end_});
  ASSERT_TRUE(second.ok()) << second.status();
  std::vector<std::string> seen = Ids(*first);
  for (const std::string& id : Ids(*second)) seen.push_back(id);
  EXPECT_THAT(seen, UnorderedElementsAre(near_ids[0], near_ids[2], near_ids[3], near_ids[4]));
  EXPECT_TRUE(second->next_page_token.empty());
}

TEST_P(AvailabilitySearchTest, AsksInChunksTheBookingEngineAccepts) {
  // More matches than one call may carry; only fixed sizes keep the test quick, so the limit
  // is crossed with cheap store inserts rather than thousands of API calls.
  const Listing first = MustPublishAt(Fixed(kOwner, "Opstelling 0"), 51.0, 4.0);
  std::vector<std::string> ids = {first.id};
  ASSERT_TRUE(store_
                  ->Transact([&](CatalogueTransaction& tx) -> absl::Status {
                    Listing listing = first;
                    for (size_t i = 1; i <= AvailabilityDirectory::kMaxListingsPerCall; ++i) {
                      listing.id = absl::StrFormat("lst_bulk%05d", i);
                      listing.title_nl = absl::StrFormat("Opstelling %d", i);
                      if (absl::Status status = tx.InsertListing(listing); !status.ok()) {
                        return status;
                      }
                      SharingTerms terms = OpenTerms();
                      terms.listing_id = listing.id;
                      terms.version = listing.terms_version;
                      terms.create_time = clock_.Now();
                      if (absl::Status status = tx.InsertSharingTerms(terms); !status.ok()) {
                        return status;
                      }
                      ids.push_back(listing.id);
                    }
                    return absl::OkStatus();
                  })
                  .ok());
  booking_.free = {{ids.front(), 1}, {ids.back(), 3}};

  absl::StatusOr<SearchResponse> response =
      Search({.available_start = start_, .available_end = end_});
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(booking_.calls.size(), 2u);
  EXPECT_EQ(booking_.calls[0].listing_ids.size(), AvailabilityDirectory::kMaxListingsPerCall);
  EXPECT_EQ(booking_.calls[1].listing_ids.size(), 1u);
  EXPECT_EQ(response->total_count, 2);
  EXPECT_THAT(Ids(*response), UnorderedElementsAre(ids.front(), ids.back()));
}

TEST_P(AvailabilitySearchTest, AWindowNeedsBothEndsInOrder) {
  EXPECT_THAT(Search({.available_start = start_}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "available_end"));
  EXPECT_THAT(Search({.available_end = end_}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "available_start"));
  EXPECT_THAT(Search({.available_start = end_, .available_end = start_}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "available_end"));
  EXPECT_THAT(Search({.available_start = start_, .available_end = start_}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "available_end"));
  EXPECT_THAT(booking_.calls, IsEmpty());
}

TEST_P(AvailabilitySearchTest, WithoutTheBookingEngineAWindowIsAFailedPrecondition) {
  MustPublishAt(Fixed(kOwner, "Warmtepomp"), 51.1, 4.0);
  EXPECT_THAT(
      catalogue_->SearchListings(Anonymous(), {.available_start = start_, .available_end = end_})
          .status(),
      StatusIs(absl::StatusCode::kFailedPrecondition, "--booking"));
  EXPECT_TRUE(catalogue_->SearchListings(Anonymous(), {.q = "warmtepomp"}).ok());
}

TEST_P(AvailabilitySearchTest, ABookingEngineThatIsDownFailsOnlyWindowedSearches) {
  MustPublishAt(Fixed(kOwner, "Warmtepomp"), 51.1, 4.0);
  booking_.down = absl::UnavailableError("booking engine unavailable: connection refused");
  EXPECT_THAT(Search({.available_start = start_, .available_end = end_}).status(),
              StatusIs(absl::StatusCode::kUnavailable, "booking engine unavailable"));
  EXPECT_TRUE(Search({.q = "warmtepomp"}).ok());
}

TEST_P(AvailabilitySearchTest, NoMatchesMeansNoQuestion) {
  absl::StatusOr<SearchResponse> response =
      Search({.q = "nergens", .available_start = start_, .available_end = end_});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->total_count, 0);
  EXPECT_THAT(booking_.calls, IsEmpty());
}

TEST_P(AvailabilitySearchTest, TheCallerIsPassedOn) {
  MustPublishAt(Fixed(kOwner, "Warmtepomp"), 51.1, 4.0);
  const auth::Caller school = Coordinator(kSchool);
  ASSERT_TRUE(Search({.available_start = start_, .available_end = end_}, school).ok());
  ASSERT_EQ(booking_.callers.size(), 1u);
  EXPECT_EQ(booking_.callers[0], school.person_id);
}

LP_CATALOGUE_ON_EACH_BACKEND(AvailabilitySearchTest);

}  // namespace
}  // namespace leerpool::catalogue::testing
