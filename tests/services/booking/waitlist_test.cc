// The waitlist: joining on a taken slot, offers when it frees (as holds that expire and pass
// on), auto-accept, accepting, leaving.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/booking/booking_fixture.h"

namespace leerpool::booking::testing {
namespace {

using ::testing::HasSubstr;

std::string Message(const absl::Status& status) {
  return std::string(status.message().data(), status.message().size());
}

// "... joined the waitlist as entry wle_x" -> "wle_x".
std::string EntryId(const absl::Status& status) {
  const std::string message = Message(status);
  const std::string marker = "joined the waitlist as entry ";
  const size_t at = message.find(marker);
  return at == std::string::npos ? "" : message.substr(at + marker.size());
}

class WaitlistTest : public BackendTest {
 protected:
  // Both rig units (16 learners) on 10 March 09:00-12:00 for the other school.
  Reservation FillSlot() {
    ReservationRequest request = Session(kRig, Start(), End(), 16);
    request.organization_id = kOtherSchool;
    absl::StatusOr<Reservation> r = Reserve(request, Other());
    EXPECT_TRUE(r.ok()) << r.status();
    return r.value_or(Reservation{});
  }
  static absl::Time Start() { return Brussels(2026, 3, 10, 9); }
  static absl::Time End() { return Brussels(2026, 3, 10, 12); }
  static auth::Caller Other() { return Coordinator(kOtherSchool, "per_other"); }

  // Joins the waitlist for the filled slot; returns the entry id.
  std::string Join(bool auto_accept = false, int learners = 8,
                   const auth::Caller& caller = Coordinator()) {
    ReservationRequest request = Session(kRig, Start(), End(), learners);
    request.organization_id = caller.roles.begin()->first;
    request.join_waitlist = true;
    request.auto_accept_offer = auto_accept;
    absl::StatusOr<Reservation> r = Reserve(request, caller);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kAlreadyExists) << r.status();
    EXPECT_THAT(Message(r.status()), HasSubstr("not enough free units"));
    return EntryId(r.status());
  }

  // Under a quota of 4 hours a month, the school waits (auto-accepting) for the three hours on
  // 10 March, which fit its quota when it joined, then books `hours` on 11 March, which fit on
  // their own, and the other school frees the slot. Returns the entry's state afterwards.
  WaitlistState FreeTheSlotAfterBookingMore(int hours) {
    Terms terms = BasicTerms();
    terms.quota_hours_per_month = 4;
    directory_.Put(RigFacts(), terms);
    const Reservation blocker = FillSlot();
    const std::string id = Join(/*auto_accept=*/true);
    EXPECT_FALSE(id.empty());
    EXPECT_TRUE(Reserve(Session(kRig, Brussels(2026, 3, 11, 9),
                                Brussels(2026, 3, 11, 9) + absl::Hours(hours)))
                    .ok());
    EXPECT_TRUE(engine_->CancelReservation(Other(), blocker.id, "").ok());
    return Entry(id).state;
  }

  WaitlistEntry Entry(const std::string& id, const std::string& org = kSchool) {
    absl::StatusOr<std::vector<WaitlistEntry>> entries =
        engine_->ListWaitlistEntries(Coordinator(org, "per_x"), org);
    EXPECT_TRUE(entries.ok()) << entries.status();
    for (const WaitlistEntry& e : entries.value_or(std::vector<WaitlistEntry>{})) {
      if (e.id == id) return e;
    }
    ADD_FAILURE() << "no entry " << id;
    return {};
  }
};

TEST_P(WaitlistTest, ATakenSlotWithoutJoiningStoresNoEntry) {
  FillSlot();
  absl::StatusOr<Reservation> r = Reserve(Session(kRig, Start(), End(), 8));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(EntryId(r.status()), "");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM waitlist_entries"), 0);
}

TEST_P(WaitlistTest, ARetriedJoinWithTheSameKeyWaitsOnce) {
  const Reservation blocker = FillSlot();
  ReservationRequest request = Session(kRig, Start(), End(), 8);
  request.join_waitlist = true;
  request.auto_accept_offer = true;
  request.idempotency_key = "join-once";
  const absl::StatusOr<Reservation> first = Reserve(request);
  const absl::StatusOr<Reservation> retry = Reserve(request);
  ASSERT_FALSE(EntryId(first.status()).empty()) << first.status();
  EXPECT_EQ(EntryId(retry.status()), EntryId(first.status()));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM waitlist_entries"), 1);
  // Freed, the slot makes one reservation for the request, not two.
  ASSERT_TRUE(engine_->CancelReservation(Other(), blocker.id, "").ok());
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations WHERE organization_id = 'org_school'"), 1);
}

TEST_P(WaitlistTest, ABrokenRuleDoesNotJoin) {
  FillSlot();
  ReservationRequest request = Session(kRig, Brussels(2026, 3, 10, 6), End(), 8);  // closed
  request.join_waitlist = true;
  absl::StatusOr<Reservation> r = Reserve(request);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition) << r.status();
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM waitlist_entries"), 0);
}

TEST_P(WaitlistTest, CancellingTheConflictOffersTheSlotAsAHold) {
  const Reservation blocker = FillSlot();
  const std::string id = Join();
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(Entry(id).state, WaitlistState::kWaiting);

  clock_.Advance(absl::Hours(1));
  ASSERT_TRUE(engine_->CancelReservation(Other(), blocker.id, "").ok());
  const WaitlistEntry offered = Entry(id);
  EXPECT_EQ(offered.state, WaitlistState::kOffered);
  ASSERT_TRUE(offered.offer_expire_time.has_value());
  EXPECT_EQ(*offered.offer_expire_time, clock_.Now() + absl::Hours(24));
  absl::StatusOr<Reservation> hold = engine_->GetReservation(Coordinator(), offered.reservation_id);
  ASSERT_TRUE(hold.ok()) << hold.status();
  EXPECT_EQ(hold->status, ReservationStatus::kHeld);
  EXPECT_EQ(hold->organization_id, kSchool);
  EXPECT_EQ(hold->units.size(), 1u);

  absl::StatusOr<Reservation> accepted = engine_->AcceptWaitlistOffer(Coordinator(), id);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->id, offered.reservation_id);
  EXPECT_EQ(accepted->status, ReservationStatus::kConfirmed);
  EXPECT_EQ(Entry(id).state, WaitlistState::kAccepted);
  // Accepting twice is refused.
  EXPECT_EQ(engine_->AcceptWaitlistOffer(Coordinator(), id).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_P(WaitlistTest, TheOfferNeverOutlivesTheStart) {
  const Reservation blocker = FillSlot();
  const std::string id = Join();
  clock_.Set(Start() - absl::Hours(2));
  ASSERT_TRUE(engine_->CancelReservation(Other(), blocker.id, "").ok());
  EXPECT_EQ(Entry(id).offer_expire_time, Start());
}

TEST_P(WaitlistTest, AnExpiredOfferPassesToTheNextEntryAndCannotBeAccepted) {
  const Reservation blocker = FillSlot();
  // Two entries of 16 learners: only one fits at a time.
  const std::string first = Join(false, 16);
  clock_.Advance(absl::Minutes(1));
  const std::string second = Join(false, 16, Coordinator(kOtherSchool, "per_other2"));
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());

  ASSERT_TRUE(engine_->CancelReservation(Other(), blocker.id, "").ok());
  EXPECT_EQ(Entry(first).state, WaitlistState::kOffered);
  EXPECT_EQ(Entry(second, kOtherSchool).state, WaitlistState::kWaiting);

  clock_.Advance(absl::Hours(25));
  absl::StatusOr<int> swept = engine_->SweepExpiredHolds();
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(*swept, 1);
  EXPECT_EQ(Entry(first).state, WaitlistState::kExpired);
  const WaitlistEntry next = Entry(second, kOtherSchool);
  EXPECT_EQ(next.state, WaitlistState::kOffered);

  absl::StatusOr<Reservation> late = engine_->AcceptWaitlistOffer(Coordinator(), first);
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition) << late.status();

  // The second offer, unaccepted past its expiry, is refused even before a sweep.
  clock_.Advance(absl::Hours(25));
  absl::StatusOr<Reservation> too_late =
      engine_->AcceptWaitlistOffer(Coordinator(kOtherSchool, "per_other2"), second);
  EXPECT_EQ(too_late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(too_late.status()), HasSubstr("expired"));
}

TEST_P(WaitlistTest, AutoAcceptMakesTheReservationWhenTheSlotFrees) {
  const Reservation blocker = FillSlot();
  const std::string id = Join(/*auto_accept=*/true);
  ASSERT_TRUE(engine_->CancelReservation(Other(), blocker.id, "").ok());
  const WaitlistEntry entry = Entry(id);
  EXPECT_EQ(entry.state, WaitlistState::kAccepted);
  absl::StatusOr<Reservation> r = engine_->GetReservation(Coordinator(), entry.reservation_id);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, ReservationStatus::kConfirmed);
  EXPECT_EQ(r->start_time, Start());
  EXPECT_EQ(r->quote.terms_version, 1);
  EXPECT_EQ(CountRows(absl::StrCat("SELECT COUNT(*) FROM occupancy WHERE reservation_id = '",
                                   entry.reservation_id, "'")),
            1);
}

TEST_P(WaitlistTest, AutoAcceptWaitsForApprovalWhenTheTermsSaySo) {
  Terms terms = BasicTerms();
  terms.approval_required = true;
  directory_.Put(RigFacts(), terms);
  const Reservation blocker = FillSlot();
  ASSERT_EQ(blocker.status, ReservationStatus::kPendingApproval);
  const std::string id = Join(/*auto_accept=*/true);
  ASSERT_TRUE(engine_->RejectReservation(OwnerAdmin(), blocker.id, "maintenance").ok());
  absl::StatusOr<Reservation> r = engine_->GetReservation(Coordinator(), Entry(id).reservation_id);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, ReservationStatus::kPendingApproval);
}

TEST_P(WaitlistTest, AFreedSlotPassesOverAnEntryThatWouldNowExceedItsQuota) {
  // Five hours in March would exceed four: no reservation is made, the entry keeps waiting.
  EXPECT_EQ(FreeTheSlotAfterBookingMore(2), WaitlistState::kWaiting);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations WHERE organization_id = 'org_school'"), 1);
}

TEST_P(WaitlistTest, AFreedSlotWithinTheQuotaIsTaken) {
  EXPECT_EQ(FreeTheSlotAfterBookingMore(1), WaitlistState::kAccepted);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations WHERE organization_id = 'org_school'"), 2);
}

TEST_P(WaitlistTest, ANoShowFreesNothingInThePast) {
  const Reservation blocker = FillSlot();
  const std::string id = Join(true);
  clock_.Set(Start() + absl::Minutes(30));
  ASSERT_TRUE(engine_->MarkNoShow(OwnerAdmin(), blocker.id).ok());
  EXPECT_NE(Entry(id).state, WaitlistState::kAccepted);
  EXPECT_NE(Entry(id).state, WaitlistState::kOffered);
}

TEST_P(WaitlistTest, LeavingWhileWaitingAndDecliningAnOffer) {
  const Reservation blocker = FillSlot();
  const std::string first = Join(false, 16);
  const std::string second = Join(false, 16, Coordinator(kOtherSchool, "per_other2"));
  // Someone else's entry is not there for this caller.
  EXPECT_EQ(engine_->LeaveWaitlist(Coordinator(kOtherSchool, "per_other2"), first).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(engine_->ListWaitlistEntries(Coordinator(), kOtherSchool).status().code(),
            absl::StatusCode::kPermissionDenied);

  ASSERT_TRUE(engine_->CancelReservation(Other(), blocker.id, "").ok());
  ASSERT_EQ(Entry(first).state, WaitlistState::kOffered);
  // Declining the open offer passes the slot on at once.
  ASSERT_TRUE(engine_->LeaveWaitlist(Coordinator(), first).ok());
  EXPECT_EQ(Entry(first).state, WaitlistState::kLeft);
  EXPECT_EQ(Entry(second, kOtherSchool).state, WaitlistState::kOffered);
  ASSERT_TRUE(engine_->LeaveWaitlist(Coordinator(kOtherSchool, "per_other2"), second).ok());
  EXPECT_EQ(engine_->LeaveWaitlist(Coordinator(), first).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 0);
}

TEST_P(WaitlistTest, AWaitingEntryThatLeftIsNotOffered) {
  const Reservation blocker = FillSlot();
  const std::string id = Join();
  ASSERT_TRUE(engine_->LeaveWaitlist(Coordinator(), id).ok());
  ASSERT_TRUE(engine_->CancelReservation(Other(), blocker.id, "").ok());
  EXPECT_EQ(Entry(id).state, WaitlistState::kLeft);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 0);
}

LP_BOOKING_BACKENDS(WaitlistTest);

}  // namespace
}  // namespace leerpool::booking::testing
