// BookingEngine::SearchAvailability against the real store: what counts as free across
// listings (units, learners, opening hours, closures, buffers, holds, radius) and bad input.

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/booking/booking_fixture.h"

namespace leerpool::booking::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class AvailabilitySearchTest : public BackendTest {
 protected:
  absl::StatusOr<std::vector<AvailableListing>> Search(
      absl::Time start, absl::Time end, int learners, std::optional<LatLng> destination = {},
      std::vector<std::string> ids = {kRig, kVan, kSeats}) {
    AvailabilityQuery query;
    query.listing_ids = std::move(ids);
    query.start = start;
    query.end = end;
    query.learners = learners;
    query.destination = destination;
    return engine_->SearchAvailability(query);
  }

  static std::vector<std::string> Ids(const std::vector<AvailableListing>& listings) {
    std::vector<std::string> ids;
    for (const AvailableListing& listing : listings) ids.push_back(listing.listing_id);
    return ids;
  }
};

MATCHER_P2(FreeUnits, id, units, "") { return arg.listing_id == id && arg.free_units == units; }

TEST_P(AvailabilitySearchTest, EmptyStoreOffersEveryListingThatFitsWithAllUnitsFree) {
  // Monday 2026-03-02 10:00-12:00 Brussels: the rig and van are open, seats have no hours.
  auto found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 4);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, ElementsAre(FreeUnits(kRig, 2), FreeUnits(kVan, 1), FreeUnits(kSeats, 30)));
}

TEST_P(AvailabilitySearchTest, CountsUnitsTakenByReservationsAndNeedsEnoughForTheLearners) {
  ASSERT_TRUE(Reserve(Session(kRig, Brussels(2026, 3, 2, 9), Brussels(2026, 3, 2, 11), 8)).ok());
  auto found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 8, {}, {kRig});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, ElementsAre(FreeUnits(kRig, 1)));
  // 9 learners need two units of 8; only one is free.
  found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 9, {}, {kRig});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, IsEmpty());
  // Right after the reservation ends both units are free again.
  found = Search(Brussels(2026, 3, 2, 11), Brussels(2026, 3, 2, 13), 9, {}, {kRig});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, ElementsAre(FreeUnits(kRig, 2)));
}

TEST_P(AvailabilitySearchTest, ELearningSeatsAreCountedConcurrently) {
  ASSERT_TRUE(Reserve(Session(kSeats, Brussels(2026, 3, 2, 9), Brussels(2026, 3, 2, 17), 25)).ok());
  auto found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 11), 5, {}, {kSeats});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, ElementsAre(FreeUnits(kSeats, 5)));
  found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 11), 6, {}, {kSeats});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, IsEmpty());
}

TEST_P(AvailabilitySearchTest, SessionsMustFitOpeningHoursInTheSitesZone) {
  // 17:00-19:00 local runs past the rig's 18:00 closing.
  auto found = Search(Brussels(2026, 3, 2, 17), Brussels(2026, 3, 2, 19), 1, {}, {kRig, kSeats});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(Ids(*found), ElementsAre(kSeats));
  // After the switch to summer time the same local hours are still open.
  found = Search(Brussels(2026, 3, 30, 8), Brussels(2026, 3, 30, 18), 1, {}, {kRig});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(Ids(*found), ElementsAre(kRig));
}

TEST_P(AvailabilitySearchTest, ClosuresOfTheSiteOrTheListingRemoveIt) {
  directory_.AddClosure("sit_brussels", {"clo_1", "", Brussels(2026, 3, 2, 0),
                                         Brussels(2026, 3, 3, 0), "maintenance"});
  auto found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 1, {}, {kRig});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, IsEmpty());
  found = Search(Brussels(2026, 3, 3, 10), Brussels(2026, 3, 3, 12), 1, {}, {kRig});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(Ids(*found), ElementsAre(kRig));
}

TEST_P(AvailabilitySearchTest, LoansCountTransportAndSetupBuffersAndTheServiceRadius) {
  // A loan 60 km north from 09:00 to 12:00 occupies the van from 07:30 (30 min setup, 60 min
  // drive) to 13:30.
  ASSERT_TRUE(
      Reserve(Loan(Brussels(2026, 3, 3, 9), Brussels(2026, 3, 3, 12), NorthOfBase(60))).ok());
  // Another loan 60 km north from 14:00 needs the van from 12:30: it is still away.
  auto found =
      Search(Brussels(2026, 3, 3, 14), Brussels(2026, 3, 3, 16), 4, NorthOfBase(60), {kVan});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, IsEmpty());
  // 10 km away from 15:00 it leaves at 14:20, after it is back.
  found = Search(Brussels(2026, 3, 3, 15), Brussels(2026, 3, 3, 17), 4, NorthOfBase(10), {kVan});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, ElementsAre(FreeUnits(kVan, 1)));
  // 250 km is outside its 200 km radius, whatever the calendar says.
  found = Search(Brussels(2026, 3, 4, 9), Brussels(2026, 3, 4, 12), 4, NorthOfBase(250), {kVan});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, IsEmpty());
}

TEST_P(AvailabilitySearchTest, ExpiredHoldsAndCancelledReservationsDoNotBlock) {
  ReservationRequest held = Session(kRig, Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 16);
  held.hold = true;
  ASSERT_TRUE(Reserve(held).ok());
  auto found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 1, {}, {kRig});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, IsEmpty());
  clock_.Advance(absl::Minutes(11));
  found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 1, {}, {kRig});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, ElementsAre(FreeUnits(kRig, 2)));
  absl::StatusOr<Reservation> taken =
      Reserve(Session(kRig, Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 16));
  ASSERT_TRUE(taken.ok()) << taken.status();
  found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 1, {}, {kRig});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, IsEmpty());
  ASSERT_TRUE(engine_->CancelReservation(Coordinator(), taken->id, "plans changed").ok());
  found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 1, {}, {kRig});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, ElementsAre(FreeUnits(kRig, 2)));
}

TEST_P(AvailabilitySearchTest, UnknownAndUnpublishedListingsAreLeftOut) {
  ListingFacts draft = RigFacts();
  draft.id = "lst_draft";
  draft.published = false;
  directory_.Put(draft, BasicTerms());
  auto found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 1, {},
                      {"lst_nowhere", "lst_draft", kRig});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(Ids(*found), ElementsAre(kRig));
}

TEST_P(AvailabilitySearchTest, UnitsOutOfServiceAreNotFreeOnlyOnTheirListing) {
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 8));
  ASSERT_TRUE(r.ok()) << r.status();
  clock_.Set(Brussels(2026, 3, 10, 9));
  ASSERT_TRUE(engine_
                  ->CheckOutReservation(Member(kOwner, auth::Role::kInstructor, "per_i"), r->id,
                                        std::nullopt, "")
                  .ok());
  ASSERT_TRUE(engine_
                  ->CheckInReservation(OwnerAdmin(), r->id, Brussels(2026, 3, 10, 11, 45), {{1, 8}},
                                       Condition::kDamaged, "cracked valve")
                  .ok());
  auto found = Search(Brussels(2026, 3, 12, 10), Brussels(2026, 3, 12, 12), 4, {}, {kRig, kVan});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, ElementsAre(FreeUnits(kRig, 1), FreeUnits(kVan, 1)));
  ASSERT_TRUE(engine_->ClearDamage(OwnerAdmin(), kRig, r->units.front()).ok());
  found = Search(Brussels(2026, 3, 12, 10), Brussels(2026, 3, 12, 12), 4, {}, {kRig, kVan});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, ElementsAre(FreeUnits(kRig, 2), FreeUnits(kVan, 1)));
}

TEST_P(AvailabilitySearchTest, ManyListingsAnswerInOneCall) {
  std::vector<std::string> ids;
  for (int i = 0; i < 300; ++i) {
    ListingFacts facts = RigFacts();
    facts.id = absl::StrCat("lst_many_", i);
    facts.unit_count = 1 + i % 3;
    directory_.Put(facts, BasicTerms());
    ids.push_back(facts.id);
  }
  // Take the only unit of every listing with one unit (i % 3 == 0).
  for (int i = 0; i < 300; i += 3) {
    ASSERT_TRUE(
        Reserve(Session(ids[i], Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 1)).ok());
  }
  auto found = Search(Brussels(2026, 3, 2, 11), Brussels(2026, 3, 2, 12), 1, {}, ids);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 200u);
  for (const AvailableListing& listing : *found) {
    const int i = std::stoi(listing.listing_id.substr(std::string("lst_many_").size()));
    EXPECT_NE(i % 3, 0) << listing.listing_id << " has its only unit taken";
    EXPECT_EQ(listing.free_units, 1 + i % 3) << listing.listing_id;
  }
}

TEST_P(AvailabilitySearchTest, BadInputNamesTheField) {
  auto found = Search(Brussels(2026, 3, 2, 12), Brussels(2026, 3, 2, 10), 1);
  EXPECT_EQ(found.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(found.status().message(), HasSubstr("end_time"));
  found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), -1);
  EXPECT_THAT(found.status().message(), HasSubstr("learners"));
  found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 1, {}, {});
  EXPECT_THAT(found.status().message(), HasSubstr("listing_ids"));
  found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 6, 2, 12), 1);
  EXPECT_THAT(found.status().message(), HasSubstr("at most"));
  found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 1, LatLng{91, 0});
  EXPECT_THAT(found.status().message(), HasSubstr("destination"));
  found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 1, {},
                 std::vector<std::string>(5001, kRig));
  EXPECT_THAT(found.status().message(), HasSubstr("at most 5000"));
}

TEST_P(AvailabilitySearchTest, CatalogueDownIsUnavailable) {
  directory_.SetDown(true);
  auto found = Search(Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), 1);
  EXPECT_EQ(found.status().code(), absl::StatusCode::kUnavailable);
}

LP_BOOKING_BACKENDS(AvailabilitySearchTest);

}  // namespace
}  // namespace leerpool::booking::testing
