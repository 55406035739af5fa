// BatchGetListings: many listings with their sites and closures in one snapshot, only what
// the caller may see.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/catalogue.h"
#include "tests/services/catalogue/catalogue_test_fixture.h"

namespace leerpool::catalogue::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class BatchTest : public CatalogueBackendTest {};

absl::Time Day(int d, int h = 0) {
  return absl::FromCivil(absl::CivilHour(2026, 3, d, h), absl::UTCTimeZone());
}

TEST_P(BatchTest, ReturnsVisibleListingsWithSitesAndTheirSitesClosures) {
  const Listing a = MustPublishAt(Fixed(kOwner, "Warmtepomp A"), 51.2, 4.4);
  const Listing b = MustPublishAt(Fixed(kOwner, "Laadpaal B"), 51.5, 5.3);
  const Listing draft = MustCreate(Fixed(kOwner, "Nog niet klaar"));
  Closure past;
  past.start_time = Day(3);
  past.end_time = Day(4);
  past.reason = "past";
  Closure coming = past;
  coming.start_time = Day(20);
  coming.end_time = Day(21);
  coming.reason = "inventory";
  ASSERT_TRUE(catalogue_->AddClosure(Admin(kOwner), a.site_id, past).ok());
  ASSERT_TRUE(catalogue_->AddClosure(Admin(kOwner), a.site_id, coming).ok());

  absl::StatusOr<ListingBatch> batch = catalogue_->BatchGetListings(
      Anonymous(), {b.id, a.id, draft.id, "lst_nowhere", a.id}, Day(10));
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->listings.size(), 2u);
  EXPECT_EQ(batch->listings[0].id, b.id);
  EXPECT_EQ(batch->listings[1].id, a.id);
  ASSERT_TRUE(batch->listings[1].site.has_value());
  EXPECT_EQ(batch->listings[1].site->id, a.site_id);
  EXPECT_DOUBLE_EQ(batch->listings[1].site->location->latitude, 51.2);
  // A draft is its owner's business; the anonymous caller is told it is missing.
  EXPECT_THAT(batch->missing_ids, UnorderedElementsAre(draft.id, "lst_nowhere"));
  ASSERT_EQ(batch->closures.size(), 1u);
  EXPECT_EQ(batch->closures[0].reason, "inventory");
  EXPECT_EQ(batch->closures[0].site_id, a.site_id);

  // The owner sees its draft.
  batch = catalogue_->BatchGetListings(Admin(kOwner), {draft.id}, std::nullopt);
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->listings.size(), 1u);
  EXPECT_TRUE(batch->closures.empty());
}

TEST_P(BatchTest, RefusesMoreThanTheLimitAndMalformedIds) {
  std::vector<std::string> ids(kMaxBatchListings + 1, "lst_x");
  absl::StatusOr<ListingBatch> batch = catalogue_->BatchGetListings(Anonymous(), ids, {});
  EXPECT_EQ(batch.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(batch.status().message(), HasSubstr("listing_ids"));
  batch = catalogue_->BatchGetListings(Anonymous(), {""}, {});
  EXPECT_EQ(batch.status().code(), absl::StatusCode::kInvalidArgument);
}

LP_CATALOGUE_ON_EACH_BACKEND(BatchTest);

}  // namespace
}  // namespace leerpool::catalogue::testing
