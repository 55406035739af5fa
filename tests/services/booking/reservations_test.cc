// Reserving: validation, every rule named at once, quotes, holds, idempotency, baskets,
// the life cycle and its permissions, DST and transport.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/booking/booking_fixture.h"

namespace leerpool::booking::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Message(const absl::Status& status) {
  return std::string(status.message().data(), status.message().size());
}

class ReservationsTest : public BackendTest {};

TEST_P(ReservationsTest, ConfirmsASessionWithAQuoteAndOccupiesTheFirstFreeUnit) {
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 10));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, ReservationStatus::kConfirmed);
  EXPECT_THAT(r->units, ElementsAre(1, 2));  // 10 learners, 8 per unit
  EXPECT_EQ(r->occupied_start_time, r->start_time);
  EXPECT_EQ(r->time_zone, "Europe/Brussels");
  EXPECT_EQ(r->responsible_person_id, "per_coord");
  EXPECT_EQ(r->owner_organization_id, kOwner);
  // 3 h: per hour 6000 beats the half day 7000; plus 10 learners x 100.
  EXPECT_EQ(r->quote.total_cents, 6000 + 1000);
  EXPECT_EQ(r->quote.deposit_cents, 25000);
  EXPECT_EQ(r->quote.terms_version, 1);
  EXPECT_EQ(r->terms_version, 1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 2);
}

TEST_P(ReservationsTest, QuoteTakesTheCheapestRate) {
  // 4 h: half day 7000 < 4 x 2000.
  absl::StatusOr<Reservation> half =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 8), Brussels(2026, 3, 10, 12), 1));
  ASSERT_TRUE(half.ok()) << half.status();
  EXPECT_EQ(half->quote.total_cents, 7000 + 100);
  // 10 h: one day 12000 < 10 x 2000.
  absl::StatusOr<Reservation> day =
      Reserve(Session(kRig, Brussels(2026, 3, 11, 8), Brussels(2026, 3, 11, 18), 1));
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(day->quote.total_cents, 12000 + 100);
}

TEST_P(ReservationsTest, ValidationNamesEveryBadField) {
  ReservationRequest request = Session(kRig, Brussels(2026, 3, 10, 12), Brussels(2026, 3, 10, 9));
  request.learners = 0;
  request.kind = ReservationKind::kUnspecified;
  absl::StatusOr<Reservation> r = Reserve(request);
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(r.status()), AllOf(HasSubstr("end_time: must be after start_time"),
                                         HasSubstr("learners:"), HasSubstr("kind:")));

  absl::StatusOr<Reservation> past =
      Reserve(Session(kRig, Utc(2026, 2, 27, 9), Utc(2026, 2, 27, 10)));
  EXPECT_THAT(Message(past.status()), HasSubstr("start_time: must not be in the past"));

  absl::StatusOr<Reservation> crowd =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 10), 17));
  EXPECT_EQ(crowd.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(crowd.status()), HasSubstr("learners: at most 8 per unit x 2 units = 16"));
}

TEST_P(ReservationsTest, LoansNeedAMobileSetupAndADestinationInsideTheRadius) {
  ReservationRequest rig_loan = Loan(Utc(2026, 3, 10, 9), Utc(2026, 3, 10, 12), NorthOfBase(10));
  rig_loan.listing_id = kRig;
  EXPECT_THAT(Message(Reserve(rig_loan).status()), HasSubstr("kind: loans are only for mobile"));

  ReservationRequest no_destination =
      Loan(Utc(2026, 3, 10, 9), Utc(2026, 3, 10, 12), NorthOfBase(10));
  no_destination.destination.reset();
  EXPECT_THAT(Message(Reserve(no_destination).status()),
              HasSubstr("destination.location: is required"));

  absl::StatusOr<Reservation> far =
      Reserve(Loan(Utc(2026, 3, 10, 9), Utc(2026, 3, 10, 12), NorthOfBase(250)));
  EXPECT_EQ(far.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      Message(far.status()),
      HasSubstr("destination.location: 250.0 km from the base, outside the service radius"));

  ReservationRequest session_with_destination =
      Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12));
  session_with_destination.destination = Place{"x", {}, NorthOfBase(1)};
  EXPECT_THAT(Message(Reserve(session_with_destination).status()),
              HasSubstr("destination: only for loans"));
}

TEST_P(ReservationsTest, EveryBrokenRuleIsNamedAtOnce) {
  Terms terms = BasicTerms(2);
  terms.min_lead_time_hours = 24 * 30;
  terms.max_duration_hours = 2;
  terms.intake_required = true;
  terms.quota_hours_per_month = 1;
  directory_.Put(RigFacts(), terms);
  directory_.Refuse({"missing_qualification: heat-pump train-the-trainer"});
  directory_.AddClosure("sit_brussels",
                        {"clo_1", "", Utc(2026, 3, 10, 0), Utc(2026, 3, 11, 0), "maintenance"});
  // 07:00-10:00 local: starts before opening.
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 7), Brussels(2026, 3, 10, 10)));
  ASSERT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(r.status()),
              AllOf(HasSubstr("eligibility: missing_qualification"), HasSubstr("min_lead_time"),
                    HasSubstr("max_duration"), HasSubstr("opening_hours"),
                    HasSubstr("closed: 2026-03-10T00:00:00Z/2026-03-11T00:00:00Z (maintenance)"),
                    HasSubstr("quota"), HasSubstr("intake_required")));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 0);
}

TEST_P(ReservationsTest, IntakeRecordedByTheOwnerLiftsTheRule) {
  Terms terms = BasicTerms();
  terms.intake_required = true;
  directory_.Put(RigFacts(), terms);
  const ReservationRequest request =
      Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 10));
  EXPECT_THAT(Message(Reserve(request).status()), HasSubstr("intake_required"));
  EXPECT_EQ(engine_->RecordIntake(Coordinator(), kRig, kSchool, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(engine_->RecordIntake(OwnerAdmin(), kRig, kSchool, "2026-02-20").ok());
  EXPECT_TRUE(Reserve(request).ok());
  absl::StatusOr<std::vector<Intake>> intakes = engine_->ListIntakes(OwnerAdmin(), kRig);
  ASSERT_TRUE(intakes.ok());
  ASSERT_EQ(intakes->size(), 1u);
  EXPECT_EQ((*intakes)[0].date, "2026-02-20");
}

TEST_P(ReservationsTest, QuotaCountsHoursPerCalendarMonthInTheSiteZone) {
  Terms terms = BasicTerms();
  terms.quota_hours_per_month = 4;
  directory_.Put(RigFacts(), terms);
  ASSERT_TRUE(Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12))).ok());
  EXPECT_THAT(
      Message(Reserve(Session(kRig, Brussels(2026, 3, 11, 9), Brussels(2026, 3, 11, 11))).status()),
      HasSubstr("quota: 4 hours per month for 2026-03"));
  EXPECT_TRUE(Reserve(Session(kRig, Brussels(2026, 3, 11, 9), Brussels(2026, 3, 11, 10))).ok());
  // April is a new month; another organisation has its own quota.
  EXPECT_TRUE(Reserve(Session(kRig, Brussels(2026, 4, 1, 9), Brussels(2026, 4, 1, 13))).ok());
  ReservationRequest other = Session(kRig, Brussels(2026, 3, 12, 9), Brussels(2026, 3, 12, 13));
  other.organization_id = kOtherSchool;
  EXPECT_TRUE(Reserve(other, Coordinator(kOtherSchool, "per_other")).ok());
}

TEST_P(ReservationsTest, CatalogueDownMeansUnavailableAndNothingStored) {
  directory_.SetDown(true);
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12)));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 0);
}

TEST_P(ReservationsTest, OverlapIsRefusedNamingOnlyTheIntervals) {
  ASSERT_TRUE(Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 16)).ok());
  ReservationRequest other = Session(kRig, Brussels(2026, 3, 10, 11), Brussels(2026, 3, 10, 13));
  other.organization_id = kOtherSchool;
  absl::StatusOr<Reservation> r = Reserve(other, Coordinator(kOtherSchool, "per_other"));
  ASSERT_EQ(r.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Message(r.status()),
              AllOf(HasSubstr("unit 1 2026-03-10T08:00:00Z/2026-03-10T11:00:00Z"),
                    Not(HasSubstr(kSchool)), Not(HasSubstr("per_coord"))));
  // Back to back is fine.
  other.start_time = Brussels(2026, 3, 10, 12);
  EXPECT_TRUE(Reserve(other, Coordinator(kOtherSchool, "per_other")).ok());
}

TEST_P(ReservationsTest, TheStoreItselfRefusesOverlappingOccupancy) {
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 1));
  ASSERT_TRUE(r.ok());
  // Bypassing the engine: the trigger is the last line.
  absl::Status status = store_->Transact([&](BookingTransaction& tx) {
    return tx.InsertOccupancy(
        {kRig, 1, Brussels(2026, 3, 10, 11), Brussels(2026, 3, 10, 14), r->id});
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Message(status), HasSubstr("2026-03-10T08:00:00Z/2026-03-10T11:00:00Z"));
  absl::StatusOr<Reservation> next =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 12), Brussels(2026, 3, 10, 14), 1));
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->units, r->units);
  absl::Status moved = store_->Transact([&](BookingTransaction& tx) {
    return tx.UpdateOccupancyEnd(r->id, Brussels(2026, 3, 10, 13));
  });
  EXPECT_EQ(moved.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 2);
}

TEST_P(ReservationsTest, ELearningSeatsAreUnits) {
  absl::StatusOr<Reservation> twelve =
      Reserve(Session(kSeats, Utc(2026, 3, 10, 20), Utc(2026, 3, 10, 23), 12));
  ASSERT_TRUE(twelve.ok()) << twelve.status();
  EXPECT_EQ(twelve->units.size(), 12u);
  ReservationRequest more = Session(kSeats, Utc(2026, 3, 10, 21), Utc(2026, 3, 10, 22), 18);
  more.organization_id = kOtherSchool;
  ASSERT_TRUE(Reserve(more, Coordinator(kOtherSchool, "per_other")).ok());
  more.learners = 1;
  EXPECT_EQ(Reserve(more, Coordinator(kOtherSchool, "per_other")).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_P(ReservationsTest, HoldsExpireAndReleaseTheirUnits) {
  ReservationRequest request =
      Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 16);
  request.hold = true;
  absl::StatusOr<Reservation> held = Reserve(request);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(held->status, ReservationStatus::kHeld);
  EXPECT_EQ(*held->hold_expire_time, clock_.Now() + absl::Minutes(10));
  request.hold = false;
  EXPECT_EQ(Reserve(request).status().code(), absl::StatusCode::kAlreadyExists);

  clock_.Advance(absl::Minutes(10));
  // Released lazily by the next write on the listing.
  absl::StatusOr<Reservation> second = Reserve(request);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(engine_->GetReservation(Coordinator(), held->id)->status, ReservationStatus::kExpired);
  EXPECT_EQ(engine_->ConfirmHold(Coordinator(), held->id).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_P(ReservationsTest, ConfirmHoldGivesTheNormalOutcomeAndTheSweepReleasesTheRest) {
  Terms terms = BasicTerms();
  terms.approval_required = true;
  directory_.Put(RigFacts(), terms);
  ReservationRequest request = Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12));
  request.hold = true;
  absl::StatusOr<Reservation> held = Reserve(request);
  ASSERT_TRUE(held.ok());
  clock_.Advance(absl::Minutes(9));
  absl::StatusOr<Reservation> confirmed = engine_->ConfirmHold(Coordinator(), held->id);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status();
  EXPECT_EQ(confirmed->status, ReservationStatus::kPendingApproval);
  EXPECT_FALSE(confirmed->hold_expire_time.has_value());

  request.start_time = Brussels(2026, 3, 11, 9);
  request.end_time = Brussels(2026, 3, 11, 10);
  ASSERT_TRUE(Reserve(request).ok());
  clock_.Advance(absl::Minutes(11));
  EXPECT_EQ(*engine_->SweepExpiredHolds(), 1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 1);
}

TEST_P(ReservationsTest, ARetryWithTheSameKeyReturnsTheFirstResult) {
  ReservationRequest request = Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12));
  request.idempotency_key = "k-1";
  absl::StatusOr<Reservation> first = Reserve(request);
  ASSERT_TRUE(first.ok());
  const int calls = directory_.eligibility_calls();
  absl::StatusOr<Reservation> retry = Reserve(request);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->id, first->id);
  EXPECT_EQ(directory_.eligibility_calls(), calls);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 1);
  // The key is the caller's: another person with the same key makes their own.
  absl::StatusOr<Reservation> other = Reserve(request, Coordinator(kSchool, "per_colleague"));
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->id, first->id);
}

TEST_P(ReservationsTest, TheAsynchronousFormAnswersAsTheWaitingOne) {
  // The gRPC service reserves through this form.
  ReservationRequest request =
      Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 16);
  request.idempotency_key = "k-async";
  absl::StatusOr<Reservation> made = ReserveAsync(request);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_EQ(made->status, ReservationStatus::kConfirmed);
  absl::StatusOr<Reservation> stored = engine_->GetReservation(Coordinator(), made->id);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->start_time, made->start_time);
  EXPECT_EQ(stored->units, made->units);
  absl::StatusOr<Reservation> retry = ReserveAsync(request);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->id, made->id);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 1);

  ReservationRequest other = Session(kRig, Brussels(2026, 3, 10, 11), Brussels(2026, 3, 10, 13));
  other.organization_id = kOtherSchool;
  const auth::Caller other_caller = Coordinator(kOtherSchool, "per_other");
  absl::StatusOr<Reservation> refused = ReserveAsync(other, other_caller);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Message(refused.status()),
              HasSubstr("unit 1 2026-03-10T08:00:00Z/2026-03-10T11:00:00Z"));
  other.join_waitlist = true;
  absl::StatusOr<Reservation> waiting = ReserveAsync(other, other_caller);
  EXPECT_EQ(waiting.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Message(waiting.status()), HasSubstr("joined the waitlist as entry "));

  ReservationRequest backwards = other;
  backwards.join_waitlist = false;
  backwards.end_time = backwards.start_time - absl::Hours(1);
  EXPECT_EQ(ReserveAsync(backwards, other_caller).status().code(),
            absl::StatusCode::kInvalidArgument);
  directory_.SetDown(true);
  other.join_waitlist = false;
  other.start_time = Brussels(2026, 3, 12, 9);
  other.end_time = Brussels(2026, 3, 12, 10);
  EXPECT_EQ(ReserveAsync(other, other_caller).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 1);
}

TEST_P(ReservationsTest, ABasketFailingOnItsLastItemLeavesNothing) {
  std::vector<ReservationRequest> items = {
      Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12)),
      Session(kSeats, Utc(2026, 3, 10, 20), Utc(2026, 3, 10, 21), 5),
      Session(kRig, Brussels(2026, 3, 10, 10), Brussels(2026, 3, 10, 11), 16)};
  absl::StatusOr<Basket> basket = engine_->CreateBasket(Coordinator(), items, "");
  ASSERT_EQ(basket.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Message(basket.status()), HasSubstr("items[2]: "));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 0);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 0);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservation_events"), 0);

  items.pop_back();
  absl::StatusOr<Basket> ok = engine_->CreateBasket(Coordinator(), items, "b-1");
  ASSERT_TRUE(ok.ok()) << ok.status();
  ASSERT_EQ(ok->reservations.size(), 2u);
  EXPECT_EQ(ok->reservations[0].basket_id, ok->id);
  absl::StatusOr<Basket> again = engine_->CreateBasket(Coordinator(), items, "b-1");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, ok->id);
  EXPECT_EQ(again->reservations.size(), 2u);
}

// ---- Life cycle and permissions

TEST_P(ReservationsTest, WhoSeesAReservation) {
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12)));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(engine_->GetReservation(Member(kSchool, auth::Role::kAnalyst, "per_a"), r->id).ok());
  EXPECT_TRUE(
      engine_->GetReservation(Member(kOwner, auth::Role::kInstructor, "per_i"), r->id).ok());
  EXPECT_TRUE(engine_->GetReservation(PlatformAdmin(), r->id).ok());
  EXPECT_EQ(engine_->GetReservation(Coordinator(kOtherSchool, "per_x"), r->id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(engine_->GetReservation(auth::Caller::Anonymous(), r->id).status().code(),
            absl::StatusCode::kUnauthenticated);

  ListReservationsQuery mine;
  mine.filter.organization_id = kSchool;
  EXPECT_EQ(engine_->ListReservations(Coordinator(), mine)->reservations.size(), 1u);
  EXPECT_EQ(engine_->ListReservations(Coordinator(kOtherSchool, "per_x"), mine).status().code(),
            absl::StatusCode::kPermissionDenied);
  ListReservationsQuery owned;
  owned.filter.owner_organization_id = kOwner;
  EXPECT_EQ(engine_->ListReservations(OwnerAdmin(), owned)->reservations.size(), 1u);
  EXPECT_EQ(engine_->ListReservations(Coordinator(), ListReservationsQuery{}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      engine_->ListReservations(PlatformAdmin(), ListReservationsQuery{})->reservations.size(), 1u);
}

TEST_P(ReservationsTest, OnlyBorrowerStaffReserve) {
  const ReservationRequest request =
      Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12));
  EXPECT_EQ(Reserve(request, Member(kSchool, auth::Role::kAnalyst, "per_a")).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reserve(request, Coordinator(kOtherSchool, "per_x")).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reserve(request, auth::Caller::Anonymous()).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(Reserve(request, Member(kSchool, auth::Role::kInstructor, "per_t")).ok());
}

TEST_P(ReservationsTest, ApprovalRejectionAndEvents) {
  Terms terms = BasicTerms();
  terms.approval_required = true;
  directory_.Put(RigFacts(), terms);
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 16));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, ReservationStatus::kPendingApproval);
  EXPECT_EQ(engine_->ApproveReservation(Coordinator(), r->id, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(engine_->RejectReservation(OwnerAdmin(), r->id, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<Reservation> rejected = engine_->RejectReservation(OwnerAdmin(), r->id, "busy");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->status, ReservationStatus::kRejected);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 0);

  absl::StatusOr<Reservation> again =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 16));
  ASSERT_TRUE(again.ok());
  absl::StatusOr<Reservation> approved = engine_->ApproveReservation(
      Member(kOwner, auth::Role::kCoordinator, "per_oc"), again->id, "welcome");
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->status, ReservationStatus::kConfirmed);

  absl::StatusOr<std::vector<ReservationEvent>> events =
      engine_->ListReservationEvents(Coordinator(), r->id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].type, "created");
  EXPECT_EQ((*events)[0].actor_person_id, "per_coord");
  EXPECT_EQ((*events)[1].type, "rejected");
  EXPECT_EQ((*events)[1].actor_organization_id, kOwner);
  EXPECT_EQ(engine_->ListReservationEvents(Coordinator(kOtherSchool, "x"), r->id).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(ReservationsTest, CancellationFeeAtTheDeadlineEdges) {
  // Deadline 48 h before the start: free at the deadline itself, the fee one second after.
  const absl::Time start = Brussels(2026, 3, 10, 9);
  absl::StatusOr<Reservation> a = Reserve(Session(kRig, start, start + absl::Hours(1), 1));
  absl::StatusOr<Reservation> b = Reserve(Session(kRig, start, start + absl::Hours(1), 1));
  ASSERT_TRUE(a.ok() && b.ok());
  clock_.Set(start - absl::Hours(48));
  absl::StatusOr<Reservation> free = engine_->CancelReservation(Coordinator(), a->id, "");
  ASSERT_TRUE(free.ok()) << free.status();
  EXPECT_EQ(free->cancellation_fee_cents, 0);
  clock_.Advance(absl::Seconds(1));
  absl::StatusOr<Reservation> paid = engine_->CancelReservation(Coordinator(), b->id, "ill");
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->cancellation_fee_cents, 5000);
  EXPECT_EQ(paid->status, ReservationStatus::kCancelled);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 0);
}

TEST_P(ReservationsTest, TheOwnerCancelsWithAReasonAndNoFee) {
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12)));
  ASSERT_TRUE(r.ok());
  clock_.Set(Brussels(2026, 3, 10, 8));
  EXPECT_EQ(engine_->CancelReservation(OwnerAdmin(), r->id, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(engine_->CancelReservation(Member(kSchool, auth::Role::kInstructor, "per_t"), r->id, "")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  absl::StatusOr<Reservation> cancelled =
      engine_->CancelReservation(OwnerAdmin(), r->id, "pump broken");
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->cancellation_fee_cents, 0);
  EXPECT_EQ(cancelled->reason, "pump broken");
}

TEST_P(ReservationsTest, HandOverCheckOutCheckInDamageAndNoShow) {
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 1));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(engine_->HandOverReservation(Coordinator(), r->id, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      engine_->HandOverReservation(Member(kSchool, auth::Role::kAnalyst, "per_a"), r->id, "per_b")
          .status()
          .code(),
      absl::StatusCode::kPermissionDenied);
  absl::StatusOr<Reservation> handed = engine_->HandOverReservation(Coordinator(), r->id, "per_t");
  ASSERT_TRUE(handed.ok());
  EXPECT_EQ(handed->responsible_person_id, "per_t");

  clock_.Set(Brussels(2026, 3, 10, 9));
  ASSERT_TRUE(engine_
                  ->CheckOutReservation(Member(kOwner, auth::Role::kInstructor, "per_i"), r->id,
                                        std::nullopt, "")
                  .ok());
  absl::StatusOr<Reservation> early = engine_->CheckInReservation(
      OwnerAdmin(), r->id, Brussels(2026, 3, 10, 8, 59), {{1, 7}}, Condition::kGood, "");
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(early.status()), HasSubstr("check_in_time: is before the check-out"));
  absl::StatusOr<Reservation> in =
      engine_->CheckInReservation(OwnerAdmin(), r->id, Brussels(2026, 3, 10, 11, 45),
                                  {{1, 7}, {2, 1}}, Condition::kDamaged, "cracked valve");
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->status, ReservationStatus::kCompleted);
  EXPECT_EQ(in->learners_present.size(), 2u);

  // Unit 1 is out of service: one unit remains for 8 learners, not 9.
  EXPECT_THAT(
      Message(
          Reserve(Session(kRig, Brussels(2026, 3, 12, 9), Brussels(2026, 3, 12, 10), 9)).status()),
      HasSubstr("out_of_service: units 1"));
  absl::StatusOr<Reservation> other =
      Reserve(Session(kRig, Brussels(2026, 3, 12, 9), Brussels(2026, 3, 12, 10), 8));
  ASSERT_TRUE(other.ok());
  EXPECT_THAT(other->units, ElementsAre(2));
  EXPECT_EQ(engine_->ClearDamage(Coordinator(), kRig, 1).code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(engine_->ClearDamage(OwnerAdmin(), kRig, 1).ok());
  EXPECT_TRUE(Reserve(Session(kRig, Brussels(2026, 3, 12, 9), Brussels(2026, 3, 12, 10), 8)).ok());

  absl::StatusOr<Reservation> later =
      Reserve(Session(kRig, Brussels(2026, 3, 13, 9), Brussels(2026, 3, 13, 10), 1));
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(engine_->MarkNoShow(OwnerAdmin(), later->id).status().code(),
            absl::StatusCode::kFailedPrecondition);
  clock_.Set(Brussels(2026, 3, 13, 9, 30));
  EXPECT_EQ(engine_->MarkNoShow(Coordinator(), later->id).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(engine_->MarkNoShow(OwnerAdmin(), later->id)->status, ReservationStatus::kNoShow);
}

// ---- DST

TEST_P(ReservationsTest, OpeningHoursFollowLocalTimeAcrossBothDstChanges) {
  // 09:00-12:00 local on the Saturday before and the Sunday of each change.
  for (const auto& [y, m, d] : std::vector<std::tuple<int, int, int>>{
           {2026, 3, 28}, {2026, 3, 29}, {2026, 10, 24}, {2026, 10, 25}}) {
    absl::StatusOr<Reservation> r =
        Reserve(Session(kRig, Brussels(y, m, d, 9), Brussels(y, m, d, 12), 1));
    EXPECT_TRUE(r.ok()) << y << "-" << m << "-" << d << ": " << r.status();
  }
  EXPECT_EQ(Brussels(2026, 3, 29, 9), Utc(2026, 3, 29, 7));
  EXPECT_EQ(Brussels(2026, 3, 28, 9), Utc(2026, 3, 28, 8));
  // 16:30Z-17:30Z on a summer day lies inside 08:00-18:00 read as UTC, but is 18:30-19:30
  // local: refused.
  absl::StatusOr<Reservation> late =
      Reserve(Session(kRig, Utc(2026, 3, 29, 16, 30), Utc(2026, 3, 29, 17, 30), 1));
  EXPECT_THAT(Message(late.status()), HasSubstr("opening_hours: 2026-03-29 18:30"));
  // 07:30Z on the winter side is 08:30 local: fine; on the summer side 06:30Z is 08:30 too.
  EXPECT_TRUE(Reserve(Session(kRig, Utc(2026, 10, 26, 7, 30), Utc(2026, 10, 26, 8), 1)).ok());
  EXPECT_FALSE(Reserve(Session(kRig, Utc(2026, 10, 26, 6, 30), Utc(2026, 10, 26, 7), 1)).ok());
}

TEST_P(ReservationsTest, ALoanAcrossTheSpringChangeOccupiesRealTime) {
  // Friday 27 to Monday 30 March: 72 h of use minus the lost hour = 71 h of real time.
  absl::StatusOr<Reservation> r =
      Reserve(Loan(Brussels(2026, 3, 27, 9), Brussels(2026, 3, 30, 9), NorthOfBase(10)));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->end_time - r->start_time, absl::Hours(71));
  EXPECT_EQ(r->transport_minutes_out, 10);
  EXPECT_EQ(r->occupied_start_time, Utc(2026, 3, 27, 8) - absl::Minutes(40));
  EXPECT_EQ(r->occupied_end_time, Utc(2026, 3, 30, 7) + absl::Minutes(40));
  // Per day x ceil(71 / 24) = 3 days, 10 learners, 2 x 10 km x 50 cents.
  EXPECT_EQ(r->quote.total_cents, 3 * 12000 + 1000 + 1000);
}

// ---- Transport

TEST_P(ReservationsTest, ConsecutiveLoansNeedTheWholeTransportGap) {
  ASSERT_TRUE(Reserve(Loan(Utc(2026, 3, 9, 9), Utc(2026, 3, 9, 12), NorthOfBase(10))).ok());
  // Teardown 30 + back 10 + out 150 + setup 30 = 220 minutes after 12:00 is 15:40.
  ReservationRequest far = Loan(Utc(2026, 3, 9, 15, 39), Utc(2026, 3, 9, 18), NorthOfBase(150));
  far.organization_id = kOtherSchool;
  EXPECT_EQ(Reserve(far, Coordinator(kOtherSchool, "per_x")).status().code(),
            absl::StatusCode::kAlreadyExists);
  far.start_time = Utc(2026, 3, 9, 15, 40);
  absl::StatusOr<Reservation> r = Reserve(far, Coordinator(kOtherSchool, "per_x"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->transport_minutes_out, 150);
  EXPECT_EQ(r->occupied_start_time, Utc(2026, 3, 9, 12, 40));
}

TEST_P(ReservationsTest, AHandoverChainOfThreeSchools) {
  const LatLng a = NorthOfBase(10), b = NorthOfBase(40), c = NorthOfBase(100);
  absl::StatusOr<Reservation> first = Reserve(Loan(Utc(2026, 3, 9, 8), Utc(2026, 3, 9, 12), a));
  ASSERT_TRUE(first.ok());
  // From a to b is 30 km: 30 min; 12:00 + teardown 30 + 30 + setup 30 = 13:30.
  ReservationRequest second_request =
      Loan(Utc(2026, 3, 9, 13, 30), Utc(2026, 3, 9, 16), b, first->id);
  second_request.organization_id = kOtherSchool;
  absl::StatusOr<Reservation> second = Reserve(second_request, Coordinator(kOtherSchool, "per_x"));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->transport_minutes_out, 30);
  EXPECT_EQ(second->occupied_start_time, Utc(2026, 3, 9, 12, 30));
  absl::StatusOr<Reservation> first_now = engine_->GetReservation(Coordinator(), first->id);
  EXPECT_EQ(first_now->occupied_end_time, Utc(2026, 3, 9, 12, 30));
  EXPECT_EQ(first_now->handover_to_reservation_id, second->id);
  EXPECT_EQ(first_now->transport_minutes_back, 0);

  // A second handover from the same loan is refused.
  ReservationRequest twice = Loan(Utc(2026, 3, 10, 9), Utc(2026, 3, 10, 10), c, first->id);
  EXPECT_THAT(Message(Reserve(twice).status()), HasSubstr("already handed over"));

  // b -> c is 60 km: one minute too early, then on time.
  ReservationRequest third_request =
      Loan(Utc(2026, 3, 9, 17, 59), Utc(2026, 3, 9, 20), c, second->id);
  EXPECT_EQ(Reserve(third_request).status().code(), absl::StatusCode::kAlreadyExists);
  third_request.start_time = Utc(2026, 3, 9, 18);
  absl::StatusOr<Reservation> third = Reserve(third_request);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->occupied_end_time, Utc(2026, 3, 9, 20) + absl::Minutes(30 + 100));
  EXPECT_EQ(engine_->GetReservation(PlatformAdmin(), second->id)->occupied_end_time,
            Utc(2026, 3, 9, 16, 30));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy a JOIN occupancy b ON a.unit = b.unit AND "
                      "(a.reservation_id, a.unit) < (b.reservation_id, b.unit) AND "
                      "a.occupied_start_us < b.occupied_end_us AND "
                      "b.occupied_start_us < a.occupied_end_us"),
            0);
}

class HandoverUndoTest : public BackendTest {
 protected:
  // The first loan 08:00-12:00 at 10 km (back at base 12:40), handed on to another school
  // at `second_at` 14:00-16:00; the first then ends with its teardown at 12:30.
  void HandOver(LatLng second_at, bool hold = false) {
    absl::StatusOr<Reservation> first = Reserve(Loan(Utc(2026, 3, 9, 8), Utc(2026, 3, 9, 12), a_));
    ASSERT_TRUE(first.ok()) << first.status();
    first_ = *first;
    ASSERT_EQ(first_.occupied_end_time, Utc(2026, 3, 9, 12, 40));
    ReservationRequest request =
        Loan(Utc(2026, 3, 9, 14), Utc(2026, 3, 9, 16), second_at, first_.id);
    request.organization_id = kOtherSchool;
    request.hold = hold;
    absl::StatusOr<Reservation> second = Reserve(request, Coordinator(kOtherSchool, "per_x"));
    ASSERT_TRUE(second.ok()) << second.status();
    second_ = *second;
    ASSERT_EQ(FirstNow().occupied_end_time, Utc(2026, 3, 9, 12, 30));
  }

  Reservation FirstNow() { return *engine_->GetReservation(PlatformAdmin(), first_.id); }

  int64_t StoredFirstEndMinutes() {
    return CountRows(
        absl::StrCat("SELECT occupied_end_us / 60000000 FROM occupancy WHERE "
                     "reservation_id = '",
                     first_.id, "'"));
  }

  void ExpectReturnLegRestored() {
    const Reservation first = FirstNow();
    EXPECT_EQ(first.occupied_end_time, Utc(2026, 3, 9, 12, 40));
    EXPECT_EQ(first.transport_minutes_back, 10);
    EXPECT_EQ(first.handover_to_reservation_id, "");
    // The row the invariant is checked on, not only the reservation.
    EXPECT_EQ(StoredFirstEndMinutes(), absl::ToUnixSeconds(Utc(2026, 3, 9, 12, 40)) / 60);
    absl::StatusOr<std::vector<ReservationEvent>> events =
        engine_->ListReservationEvents(PlatformAdmin(), first_.id);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->back().type, "handover_undone");
  }

  const LatLng a_ = NorthOfBase(10);
  Reservation first_;
  Reservation second_;
};

TEST_P(HandoverUndoTest, CancellingTheSecondLoanGivesTheFirstItsReturnLegBack) {
  ASSERT_NO_FATAL_FAILURE(HandOver(NorthOfBase(40)));
  absl::StatusOr<Reservation> cancelled =
      engine_->CancelReservation(Coordinator(kOtherSchool, "per_x"), second_.id, "");
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  ExpectReturnLegRestored();
  // The first loan may be handed on again, and its return leg now blocks 12:30-12:40.
  ReservationRequest again = Loan(Utc(2026, 3, 9, 14), Utc(2026, 3, 9, 16), a_, first_.id);
  EXPECT_TRUE(Reserve(again).ok());
}

TEST_P(HandoverUndoTest, RejectingTheSecondLoanGivesTheFirstItsReturnLegBack) {
  Terms approval = BasicTerms();
  approval.approval_required = true;
  directory_.Put(VanFacts(), approval);
  ASSERT_NO_FATAL_FAILURE(HandOver(NorthOfBase(40)));
  ASSERT_EQ(second_.status, ReservationStatus::kPendingApproval);
  absl::StatusOr<Reservation> rejected =
      engine_->RejectReservation(OwnerAdmin(), second_.id, "van in maintenance");
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  ExpectReturnLegRestored();
}

TEST_P(HandoverUndoTest, AnExpiredHeldSecondLoanGivesTheReturnLegBack) {
  ASSERT_NO_FATAL_FAILURE(HandOver(NorthOfBase(40), /*hold=*/true));
  clock_.Advance(absl::Minutes(11));
  ASSERT_EQ(engine_->SweepExpiredHolds().value_or(-1), 1);
  ExpectReturnLegRestored();
}

TEST_P(HandoverUndoTest, ACompletedSecondLoanKeepsTheFirstShortened) {
  ASSERT_NO_FATAL_FAILURE(HandOver(NorthOfBase(40)));
  clock_.Set(Utc(2026, 3, 9, 16));
  ASSERT_TRUE(
      engine_->CheckInReservation(OwnerAdmin(), second_.id, std::nullopt, {}, Condition::kGood, "")
          .ok());
  EXPECT_EQ(FirstNow().occupied_end_time, Utc(2026, 3, 9, 12, 30));
  EXPECT_EQ(FirstNow().handover_to_reservation_id, second_.id);
}

TEST_P(HandoverUndoTest, TheInvariantStillHoldsWhenTheFreedGapWasTaken) {
  // At the same spot the second loan needs no transport: it occupies from 13:30 only.
  ASSERT_NO_FATAL_FAILURE(HandOver(a_));
  ASSERT_EQ(second_.occupied_start_time, Utc(2026, 3, 9, 13, 30));
  // A session at the base takes 12:35-13:25 (Monday 13:35-14:25 in Brussels, open).
  absl::StatusOr<Reservation> gap =
      Reserve(Session(kVan, Utc(2026, 3, 9, 12, 35), Utc(2026, 3, 9, 13, 25)));
  ASSERT_TRUE(gap.ok()) << gap.status();
  absl::Status cancel =
      engine_->CancelReservation(Coordinator(kOtherSchool, "per_x"), second_.id, "").status();
  EXPECT_EQ(cancel.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(Message(cancel), AllOf(HasSubstr("unit 1 2026-03-09T12:35:00Z/2026-03-09T13:25:00Z"),
                                     Not(HasSubstr(first_.id)), Not(HasSubstr(gap->id))));
  // Rolled back as a whole: the second loan stands, the first is still handed on.
  EXPECT_EQ(engine_->GetReservation(PlatformAdmin(), second_.id)->status,
            ReservationStatus::kConfirmed);
  EXPECT_EQ(FirstNow().occupied_end_time, Utc(2026, 3, 9, 12, 30));
  EXPECT_EQ(FirstNow().handover_to_reservation_id, second_.id);
  EXPECT_EQ(CountRows(absl::StrCat("SELECT COUNT(*) FROM occupancy WHERE reservation_id = '",
                                   second_.id, "'")),
            1);
  // Once the gap is free again, the cancellation goes through.
  ASSERT_TRUE(engine_->CancelReservation(Coordinator(), gap->id, "").ok());
  ASSERT_TRUE(engine_->CancelReservation(Coordinator(kOtherSchool, "per_x"), second_.id, "").ok());
  ExpectReturnLegRestored();
}

// ---- Availability

TEST_P(ReservationsTest, AvailabilityPerUnitInLocalOpeningHours) {
  ASSERT_TRUE(Reserve(Session(kRig, Brussels(2026, 3, 29, 9), Brussels(2026, 3, 29, 12), 1)).ok());
  absl::StatusOr<Availability> a =
      engine_->GetAvailability(kRig, Utc(2026, 3, 29, 0), Utc(2026, 3, 30, 0), std::nullopt);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->time_zone, "Europe/Brussels");
  ASSERT_EQ(a->units.size(), 2u);
  // Summer time: 08:00-18:00 local is 06:00Z-16:00Z.
  using Free = std::pair<absl::Time, absl::Time>;
  EXPECT_THAT(a->units[0].free, ElementsAre(Free{Utc(2026, 3, 29, 6), Utc(2026, 3, 29, 7)},
                                            Free{Utc(2026, 3, 29, 10), Utc(2026, 3, 29, 16)}));
  EXPECT_THAT(a->units[1].free, ElementsAre(Free{Utc(2026, 3, 29, 6), Utc(2026, 3, 29, 16)}));
}

LP_BOOKING_BACKENDS(ReservationsTest);
LP_BOOKING_BACKENDS(HandoverUndoTest);

}  // namespace
}  // namespace leerpool::booking::testing
