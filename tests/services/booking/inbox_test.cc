// The inbox: notices for the owner and the borrower written with each change, newest first,
// members only; waiting for new notices.

#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/booking/booking_fixture.h"

namespace leerpool::booking::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class InboxTest : public BackendTest {
 protected:
  InboxTest() {
    Terms terms = BasicTerms();
    terms.approval_required = true;
    directory_.Put(RigFacts(), terms);
  }

  std::vector<std::string> Types(const std::string& org) {
    absl::StatusOr<BookingEngine::InboxPage> page =
        engine_->ListInbox(Coordinator(org, "per_reader"), org, 0, "");
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> types;
    for (const InboxEvent& e : page.value_or(BookingEngine::InboxPage{}).events) {
      types.push_back(e.type);
    }
    return types;
  }

  Reservation Request() {
    absl::StatusOr<Reservation> r =
        Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 4));
    EXPECT_TRUE(r.ok()) << r.status();
    return r.value_or(Reservation{});
  }
};

TEST_P(InboxTest, ARequestTellsTheOwnerAndItsApprovalTheBorrower) {
  const Reservation r = Request();
  ASSERT_EQ(r.status, ReservationStatus::kPendingApproval);
  EXPECT_THAT(Types(kOwner), ElementsAre("request"));
  EXPECT_THAT(Types(kSchool), IsEmpty());

  ASSERT_TRUE(engine_->ApproveReservation(OwnerAdmin(), r.id, "welcome").ok());
  EXPECT_THAT(Types(kSchool), ElementsAre("approved"));
  EXPECT_THAT(Types(kOwner), ElementsAre("request"));

  absl::StatusOr<BookingEngine::InboxPage> page =
      engine_->ListInbox(Coordinator(kSchool, "per_x"), kSchool, 0, "");
  ASSERT_TRUE(page.ok());
  const InboxEvent& approved = page->events.at(0);
  EXPECT_EQ(approved.organization_id, kSchool);
  EXPECT_EQ(approved.reservation_id, r.id);
  EXPECT_EQ(approved.listing_id, kRig);
  EXPECT_EQ(approved.time, clock_.Now());
  EXPECT_GT(approved.sequence, 0);
}

TEST_P(InboxTest, ACancellationTellsTheOtherSide) {
  const Reservation by_borrower = Request();
  ASSERT_TRUE(engine_->CancelReservation(Coordinator(), by_borrower.id, "").ok());
  EXPECT_THAT(Types(kOwner), ElementsAre("cancelled", "request"));
  EXPECT_THAT(Types(kSchool), IsEmpty());

  absl::StatusOr<Reservation> by_owner =
      Reserve(Session(kRig, Brussels(2026, 3, 11, 9), Brussels(2026, 3, 11, 12), 4));
  ASSERT_TRUE(by_owner.ok());
  ASSERT_TRUE(engine_->ApproveReservation(OwnerAdmin(), by_owner->id, "").ok());
  ASSERT_TRUE(engine_->CancelReservation(OwnerAdmin(), by_owner->id, "rig broken").ok());
  EXPECT_THAT(Types(kSchool), ElementsAre("cancelled", "approved"));
  EXPECT_THAT(Types(kOwner), ElementsAre("request", "cancelled", "request"));
}

TEST_P(InboxTest, RejectionAndWaitlistOfferReachTheBorrower) {
  ReservationRequest full = Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 16);
  full.organization_id = kOtherSchool;
  absl::StatusOr<Reservation> blocker = Reserve(full, Coordinator(kOtherSchool, "per_o"));
  ASSERT_TRUE(blocker.ok());
  ReservationRequest wait = Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 4);
  wait.join_waitlist = true;
  ASSERT_EQ(Reserve(wait).status().code(), absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(engine_->RejectReservation(OwnerAdmin(), blocker->id, "no").ok());
  EXPECT_THAT(Types(kOtherSchool), ElementsAre("rejected"));
  EXPECT_THAT(Types(kSchool), ElementsAre("offer"));
}

TEST_P(InboxTest, OnlyMembersReadAnInbox) {
  Request();
  EXPECT_EQ(engine_->ListInbox(Coordinator(), kOwner, 0, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(engine_->ListInbox(auth::Caller{}, kOwner, 0, "").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(engine_->ListInbox(Coordinator(), "", 0, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(engine_->ListInbox(PlatformAdmin(), kOwner, 0, "").ok());
  EXPECT_TRUE(engine_->ListInbox(OwnerAdmin(), kOwner, 0, "").ok());
  EXPECT_EQ(engine_->WaitInbox(Coordinator(), kOwner, 0, absl::Now()).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_P(InboxTest, PagesNewestFirst) {
  for (int day = 10; day < 15; ++day) {
    ASSERT_TRUE(
        Reserve(Session(kRig, Brussels(2026, 3, day, 9), Brussels(2026, 3, day, 12), 4)).ok());
  }
  std::vector<int64_t> sequences;
  std::string token;
  do {
    absl::StatusOr<BookingEngine::InboxPage> page =
        engine_->ListInbox(OwnerAdmin(), kOwner, 2, token);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const InboxEvent& e : page->events) sequences.push_back(e.sequence);
    token = page->next_page_token;
  } while (!token.empty());
  ASSERT_EQ(sequences.size(), 5u);
  for (size_t i = 1; i < sequences.size(); ++i) EXPECT_GT(sequences[i - 1], sequences[i]);
  EXPECT_EQ(engine_->ListInbox(OwnerAdmin(), kOwner, 2, "garbage").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(InboxTest, WaitReturnsANoticeCommittedWhileWaiting) {
  absl::StatusOr<int64_t> start = engine_->InboxWatchStart(OwnerAdmin(), kOwner);
  ASSERT_TRUE(start.ok()) << start.status();
  absl::StatusOr<std::vector<InboxEvent>> got;
  const absl::Time began = absl::Now();
  std::thread watcher([&] {
    got = engine_->WaitInbox(OwnerAdmin(), kOwner, *start, absl::Now() + absl::Seconds(10));
  });
  absl::SleepFor(absl::Milliseconds(100));
  const Reservation r = Request();
  watcher.join();
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->at(0).type, "request");
  EXPECT_EQ(got->at(0).reservation_id, r.id);
  // Woken by the commit, not by the poll fallback.
  EXPECT_LT(absl::Now() - began, absl::Seconds(1.5));
}

TEST_P(InboxTest, WaitTimesOutEmptyAndEndsAtShutdown) {
  absl::StatusOr<std::vector<InboxEvent>> none =
      engine_->WaitInbox(OwnerAdmin(), kOwner, 0, absl::Now() + absl::Milliseconds(50));
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(*none, IsEmpty());
  absl::StatusOr<std::vector<InboxEvent>> ended;
  std::thread watcher([&] {
    ended = engine_->WaitInbox(OwnerAdmin(), kOwner, 0, absl::Now() + absl::Seconds(30));
  });
  absl::SleepFor(absl::Milliseconds(50));
  const absl::Time stop = absl::Now();
  engine_->ShutdownInbox();
  watcher.join();
  EXPECT_EQ(ended.status().code(), absl::StatusCode::kCancelled);
  EXPECT_LT(absl::Now() - stop, absl::Seconds(1));
}

LP_BOOKING_BACKENDS(InboxTest);

}  // namespace
}  // namespace leerpool::booking::testing
