// Recurring series: DST, all-or-nothing and best effort with per-occurrence conflicts, edits
// and cancellations of one, this-and-following and all occurrences, idempotent retries, bad
// input and who may do what.

#include <iostream>
#include <map>
#include <set>
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
using ::testing::SizeIs;
using ::testing::StartsWith;

std::string Message(const absl::Status& status) {
  return std::string(status.message().data(), status.message().size());
}

std::string Local(absl::Time time) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Brussels", &zone));
  return absl::FormatTime("%Y-%m-%d %H:%M %Ez", time, zone);
}

// `count` times on `weekdays` at hh:mm Europe/Brussels for `minutes`, from `first`.
WeeklyRecurrence Weekly(absl::CivilDay first, int hh, int mm, int minutes,
                        std::vector<int> weekdays, int count) {
  WeeklyRecurrence r;
  r.time_zone = "Europe/Brussels";
  r.first_date = first;
  r.start_time_of_day = absl::CivilMinute(2000, 1, 1, hh, mm);
  r.duration = absl::Minutes(minutes);
  r.weekdays = std::move(weekdays);
  r.count = count;
  return r;
}

// Mondays 16, 23, 30 March and 6 April 2026, 09:00-10:30 local: summer time starts on the
// 29th, so the first two are 08:00Z and the last two 07:00Z.
WeeklyRecurrence FourMondays() { return Weekly(absl::CivilDay(2026, 3, 16), 9, 0, 90, {1}, 4); }

class SeriesTest : public BackendTest {
 protected:
  ReservationRequest Template(int learners = 4) {
    return Session(kRig, absl::InfinitePast(), absl::InfinitePast(), learners);
  }

  absl::StatusOr<Series> Create(const WeeklyRecurrence& recurrence,
                                SeriesMode mode = SeriesMode::kAllOrNothing,
                                const std::string& key = "", int learners = 4,
                                const auth::Caller& caller = Coordinator()) {
    return engine_->CreateSeries(caller, Template(learners), recurrence, mode, key);
  }

  absl::StatusOr<Series> Update(const std::string& id, SeriesScope scope, int index,
                                std::optional<std::pair<int, int>> time,
                                std::optional<int> minutes = std::nullopt,
                                std::optional<int> learners = std::nullopt) {
    SeriesChange change;
    change.scope = scope;
    change.occurrence_index = index;
    if (time) change.start_time_of_day = absl::CivilMinute(2000, 1, 1, time->first, time->second);
    if (minutes) change.duration = absl::Minutes(*minutes);
    change.learners = learners;
    return engine_->UpdateSeries(Coordinator(), id, change);
  }

  Series Get(const std::string& id) {
    absl::StatusOr<Series> series = engine_->GetSeries(Coordinator(), id);
    EXPECT_TRUE(series.ok()) << series.status();
    return series.ok() ? *series : Series{};
  }

  // Active reservations of the series per occurrence index, straight from the table, so a
  // stray occurrence the engine does not point at would show too.
  std::map<int, int> ActivePerIndex(const std::string& series_id) {
    std::map<int, int> out;
    for (int index = 0; index < 60; ++index) {
      const int n = CountRows(
          absl::StrCat("SELECT COUNT(*) FROM reservations WHERE status IN (1, 2, 3, 4) AND ",
                       JsonText("details", "series_id"), " = '", series_id, "' AND ",
                       JsonText("details", "occurrence_index"), " = '", index, "'"));
      if (n > 0) out[index] = n;
    }
    return out;
  }

  // Takes both units of the rig from `start` to `end`.
  void Block(absl::Time start, absl::Time end) {
    ReservationRequest request = Session(kRig, start, end, 16);
    request.organization_id = kOtherSchool;
    absl::StatusOr<Reservation> r = Reserve(request, Coordinator(kOtherSchool, "per_other"));
    ASSERT_TRUE(r.ok()) << r.status();
  }

  static std::vector<std::string> LocalStarts(const Series& series) {
    std::vector<std::string> out;
    for (const Reservation& r : series.reservations) out.push_back(Local(r.start_time));
    return out;
  }
};

TEST_P(SeriesTest, KeepsNineOClockLocalAcrossBothDstChanges) {
  // Sundays from 22 March to 1 November 2026: both last Sundays (29 March, 25 October) are in.
  absl::StatusOr<Series> series = Create(Weekly(absl::CivilDay(2026, 3, 22), 9, 0, 60, {7}, 33));
  ASSERT_TRUE(series.ok()) << series.status();
  ASSERT_THAT(series->reservations, SizeIs(33));
  EXPECT_TRUE(series->conflicts.empty());
  for (int i = 0; i < 33; ++i) {
    const Reservation& r = series->reservations[i];
    EXPECT_EQ(r.series_id, series->id);
    EXPECT_EQ(r.occurrence_index, i);
    EXPECT_EQ(r.status, ReservationStatus::kConfirmed);
    EXPECT_EQ(absl::FormatTime("%H:%M", r.start_time, absl::FixedTimeZone(0)),
              i == 0 || i >= 31 ? "08:00" : "07:00")
        << i;
    EXPECT_EQ(r.end_time - r.start_time, absl::Hours(1));
    EXPECT_THAT(Local(r.start_time), HasSubstr(" 09:00 "));
  }
  EXPECT_EQ(Local(series->reservations[0].start_time), "2026-03-22 09:00 +01:00");
  EXPECT_EQ(Local(series->reservations[1].start_time), "2026-03-29 09:00 +02:00");
  EXPECT_EQ(Local(series->reservations[30].start_time), "2026-10-18 09:00 +02:00");
  EXPECT_EQ(Local(series->reservations[31].start_time), "2026-10-25 09:00 +01:00");
  EXPECT_EQ(series->reservations[31].start_time, Utc(2026, 10, 25, 8));
  EXPECT_EQ(series->owner_organization_id, kOwner);

  // What is stored reads back the same, and each reservation knows its series.
  Series stored = Get(series->id);
  EXPECT_EQ(LocalStarts(stored), LocalStarts(*series));
  EXPECT_EQ(stored.recurrence.time_zone, "Europe/Brussels");
  EXPECT_EQ(stored.recurrence.count, 33);
  EXPECT_EQ(stored.mode, SeriesMode::kAllOrNothing);
  absl::StatusOr<Reservation> one =
      engine_->GetReservation(Coordinator(), series->reservations[5].id);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->series_id, series->id);
  EXPECT_EQ(one->occurrence_index, 5);
}

TEST_P(SeriesTest, TheLargestSeriesIsReservedInOneTransaction) {
  // Every day at 10:00 for 520 days, the most a series may have.
  const absl::Time before = absl::Now();
  absl::StatusOr<Series> series =
      Create(Weekly(absl::CivilDay(2026, 3, 2), 10, 0, 60, {1, 2, 3, 4, 5, 6, 7}, 520));
  const absl::Duration took = absl::Now() - before;
  ASSERT_TRUE(series.ok()) << series.status();
  EXPECT_THAT(series->reservations, SizeIs(520));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM series_occurrences"), 520);
  EXPECT_EQ(Local(series->reservations[519].start_time).substr(11, 5), "10:00");
  std::cout << "520 occurrences reserved in " << absl::FormatDuration(took) << "\n";
}

TEST_P(SeriesTest, EveryOtherWeekOnTwoWeekdays) {
  WeeklyRecurrence r = Weekly(absl::CivilDay(2026, 3, 16), 9, 0, 60, {1, 3}, 4);
  r.interval_weeks = 2;
  absl::StatusOr<Series> series = Create(r);
  ASSERT_TRUE(series.ok()) << series.status();
  EXPECT_THAT(LocalStarts(*series),
              ElementsAre("2026-03-16 09:00 +01:00", "2026-03-18 09:00 +01:00",
                          "2026-03-30 09:00 +02:00", "2026-04-01 09:00 +02:00"));
}

TEST_P(SeriesTest, AllOrNothingStoresNothingAndNamesTheConflictingOccurrence) {
  Block(Brussels(2026, 3, 30, 9), Brussels(2026, 3, 30, 10));
  absl::StatusOr<Series> series = Create(FourMondays());
  ASSERT_EQ(series.status().code(), absl::StatusCode::kAlreadyExists) << series.status();
  EXPECT_THAT(Message(series.status()),
              AllOf(StartsWith("1 occurrence cannot be reserved"),
                    HasSubstr("occurrence 2 2026-03-30T07:00:00Z/2026-03-30T08:30:00Z: "
                              "not enough free units"),
                    Not(HasSubstr("occurrence 0")), Not(HasSubstr("occurrence 1")),
                    Not(HasSubstr("occurrence 3"))));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 1);  // the blocker
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 2);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM series"), 0);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM series_occurrences"), 0);
}

TEST_P(SeriesTest, AllOrNothingNamesEveryOccurrenceAndEveryRule) {
  Block(Brussels(2026, 3, 30, 9), Brussels(2026, 3, 30, 10));
  directory_.AddClosure("sit_brussels",
                        {"clo_1", "", Brussels(2026, 3, 23, 0), Brussels(2026, 3, 24, 0), "audit"});
  absl::StatusOr<Series> series = Create(FourMondays());
  ASSERT_EQ(series.status().code(), absl::StatusCode::kFailedPrecondition) << series.status();
  EXPECT_THAT(Message(series.status()),
              AllOf(StartsWith("2 occurrences cannot be reserved"),
                    HasSubstr("occurrence 1 2026-03-23T08:00:00Z/2026-03-23T09:30:00Z: closed:"),
                    HasSubstr("(audit)"), HasSubstr("occurrence 2 2026-03-30T07:00:00Z")));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 1);
}

TEST_P(SeriesTest, BestEffortReservesTheRestAndRecordsTheConflicts) {
  Block(Brussels(2026, 3, 30, 9), Brussels(2026, 3, 30, 10));
  directory_.AddClosure("sit_brussels",
                        {"clo_1", "", Brussels(2026, 3, 23, 0), Brussels(2026, 3, 24, 0), "audit"});
  absl::StatusOr<Series> series = Create(FourMondays(), SeriesMode::kBestEffort);
  ASSERT_TRUE(series.ok()) << series.status();
  ASSERT_THAT(series->reservations, SizeIs(2));
  EXPECT_EQ(series->reservations[0].occurrence_index, 0);
  EXPECT_EQ(series->reservations[1].occurrence_index, 3);
  ASSERT_THAT(series->conflicts, SizeIs(2));
  EXPECT_EQ(series->conflicts[0].index, 1);
  EXPECT_EQ(series->conflicts[0].start, Utc(2026, 3, 23, 8));
  EXPECT_EQ(series->conflicts[0].end, Utc(2026, 3, 23, 9, 30));
  EXPECT_THAT(series->conflicts[0].reasons, ElementsAre(StartsWith("closed:")));
  EXPECT_EQ(series->conflicts[1].index, 2);
  EXPECT_THAT(series->conflicts[1].reasons, ElementsAre(HasSubstr("not enough free units")));

  Series stored = Get(series->id);
  EXPECT_EQ(stored.conflicts, series->conflicts);
  EXPECT_THAT(stored.reservations, SizeIs(2));
  EXPECT_EQ(stored.mode, SeriesMode::kBestEffort);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 3);
}

TEST_P(SeriesTest, BestEffortWithNothingThatFitsStoresNothing) {
  directory_.Refuse({"missing_qualification: heat pumps"});
  absl::StatusOr<Series> series = Create(FourMondays(), SeriesMode::kBestEffort);
  ASSERT_EQ(series.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(series.status()),
              AllOf(StartsWith("4 occurrences"), HasSubstr("eligibility: missing_qualification")));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM series"), 0);
}

TEST_P(SeriesTest, UpdateOneMovesOnlyThatOccurrence) {
  absl::StatusOr<Series> series = Create(FourMondays());
  ASSERT_TRUE(series.ok()) << series.status();
  const std::string old_id = series->reservations[1].id;
  absl::StatusOr<Series> updated = Update(series->id, SeriesScope::kOne, 1, {{14, 0}});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_THAT(LocalStarts(*updated),
              ElementsAre("2026-03-16 09:00 +01:00", "2026-03-23 14:00 +01:00",
                          "2026-03-30 09:00 +02:00", "2026-04-06 09:00 +02:00"));
  EXPECT_EQ(updated->reservations[1].end_time - updated->reservations[1].start_time,
            absl::Minutes(90));
  EXPECT_NE(updated->reservations[1].id, old_id);
  EXPECT_EQ(updated->reservations[0].id, series->reservations[0].id);
  EXPECT_EQ(ActivePerIndex(series->id), (std::map<int, int>{{0, 1}, {1, 1}, {2, 1}, {3, 1}}));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 4);

  absl::StatusOr<Reservation> old = engine_->GetReservation(Coordinator(), old_id);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->status, ReservationStatus::kCancelled);
  EXPECT_EQ(old->cancellation_fee_cents, 0);
  EXPECT_EQ(old->reason, absl::StrCat("moved to reservation ", updated->reservations[1].id));
  // Only ALL rewrites the rule.
  EXPECT_EQ(updated->recurrence.start_time_of_day.hour(), 9);
}

TEST_P(SeriesTest, UpdateThisAndFollowingMovesFromTheIndexOnAcrossDst) {
  absl::StatusOr<Series> series = Create(FourMondays());
  ASSERT_TRUE(series.ok()) << series.status();
  absl::StatusOr<Series> updated =
      Update(series->id, SeriesScope::kThisAndFollowing, 1, {{10, 30}}, 120);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_THAT(LocalStarts(*updated),
              ElementsAre("2026-03-16 09:00 +01:00", "2026-03-23 10:30 +01:00",
                          "2026-03-30 10:30 +02:00", "2026-04-06 10:30 +02:00"));
  EXPECT_EQ(updated->reservations[0].end_time - updated->reservations[0].start_time,
            absl::Minutes(90));
  for (int i = 1; i < 4; ++i) {
    EXPECT_EQ(updated->reservations[i].end_time - updated->reservations[i].start_time,
              absl::Minutes(120));
  }
  EXPECT_EQ(updated->reservations[2].start_time, Utc(2026, 3, 30, 8, 30));
  EXPECT_EQ(ActivePerIndex(series->id), (std::map<int, int>{{0, 1}, {1, 1}, {2, 1}, {3, 1}}));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations WHERE status = 7"), 3);
}

TEST_P(SeriesTest, UpdateAllChangesLearnersAndTheRule) {
  absl::StatusOr<Series> series = Create(FourMondays());
  ASSERT_TRUE(series.ok()) << series.status();
  absl::StatusOr<Series> updated =
      Update(series->id, SeriesScope::kAll, 0, std::nullopt, std::nullopt, 12);
  ASSERT_TRUE(updated.ok()) << updated.status();
  for (const Reservation& r : updated->reservations) {
    EXPECT_EQ(r.learners, 12);
    EXPECT_THAT(r.units, ElementsAre(1, 2));  // 8 per unit
  }
  EXPECT_EQ(LocalStarts(*updated), LocalStarts(*series));
  EXPECT_EQ(updated->request.learners, 12);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 8);
  EXPECT_EQ(ActivePerIndex(series->id), (std::map<int, int>{{0, 1}, {1, 1}, {2, 1}, {3, 1}}));

  // A new time for all is the rule's new time.
  updated = Update(series->id, SeriesScope::kAll, 0, {{8, 15}});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->recurrence.start_time_of_day.hour(), 8);
  EXPECT_EQ(updated->recurrence.start_time_of_day.minute(), 15);
  EXPECT_THAT(LocalStarts(*updated),
              ElementsAre("2026-03-16 08:15 +01:00", "2026-03-23 08:15 +01:00",
                          "2026-03-30 08:15 +02:00", "2026-04-06 08:15 +02:00"));
}

TEST_P(SeriesTest, AMoveIntoAConflictChangesNothing) {
  absl::StatusOr<Series> series = Create(FourMondays());
  ASSERT_TRUE(series.ok()) << series.status();
  Block(Brussels(2026, 3, 30, 14), Brussels(2026, 3, 30, 15));
  absl::StatusOr<Series> updated = Update(series->id, SeriesScope::kAll, 0, {{14, 0}});
  ASSERT_EQ(updated.status().code(), absl::StatusCode::kAlreadyExists) << updated.status();
  EXPECT_THAT(Message(updated.status()),
              AllOf(StartsWith("1 occurrence cannot be moved"),
                    HasSubstr("occurrence 2 2026-03-30T12:00:00Z/2026-03-30T13:30:00Z"),
                    Not(HasSubstr("occurrence 1"))));
  Series after = Get(series->id);
  ASSERT_THAT(after.reservations, SizeIs(4));
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(after.reservations[i].id, series->reservations[i].id);
    EXPECT_EQ(after.reservations[i].status, ReservationStatus::kConfirmed);
    EXPECT_EQ(after.reservations[i].start_time, series->reservations[i].start_time);
  }
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 5);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 6);
  EXPECT_EQ(after.recurrence.start_time_of_day.hour(), 9);

  // A rule broken by the move (outside opening hours, 08:00-18:00) is named as well.
  updated = Update(series->id, SeriesScope::kOne, 3, {{17, 30}});
  ASSERT_EQ(updated.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(updated.status()),
              AllOf(HasSubstr("occurrence 3"), HasSubstr("opening_hours")));
}

TEST_P(SeriesTest, PastAndCheckedOutOccurrencesStayWhereTheyAre) {
  absl::StatusOr<Series> series = Create(FourMondays());
  ASSERT_TRUE(series.ok()) << series.status();
  clock_.Set(Brussels(2026, 3, 23, 9, 30));
  ASSERT_TRUE(
      engine_->CheckOutReservation(Coordinator(), series->reservations[1].id, std::nullopt, "")
          .ok());
  absl::StatusOr<Series> updated = Update(series->id, SeriesScope::kAll, 0, {{11, 0}});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_THAT(LocalStarts(*updated),
              ElementsAre("2026-03-16 09:00 +01:00", "2026-03-23 09:00 +01:00",
                          "2026-03-30 11:00 +02:00", "2026-04-06 11:00 +02:00"));
  EXPECT_EQ(updated->reservations[1].status, ReservationStatus::kCheckedOut);

  absl::StatusOr<Series> one = Update(series->id, SeriesScope::kOne, 1, {{12, 0}});
  EXPECT_EQ(one.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(one.status()), HasSubstr("occurrence_index: occurrence 1 has started"));
  absl::StatusOr<Series> cancel =
      engine_->CancelSeries(Coordinator(), series->id, SeriesScope::kOne, 0, "");
  EXPECT_EQ(cancel.status().code(), absl::StatusCode::kFailedPrecondition);

  // Cancelling all leaves the past and the checked-out ones alone.
  cancel = engine_->CancelSeries(Coordinator(), series->id, SeriesScope::kAll, 0, "term ends");
  ASSERT_TRUE(cancel.ok()) << cancel.status();
  EXPECT_EQ(cancel->reservations[0].status, ReservationStatus::kConfirmed);
  EXPECT_EQ(cancel->reservations[1].status, ReservationStatus::kCheckedOut);
  EXPECT_EQ(cancel->reservations[2].status, ReservationStatus::kCancelled);
  EXPECT_EQ(cancel->reservations[3].status, ReservationStatus::kCancelled);
}

TEST_P(SeriesTest, CancelOneThenThisAndFollowingThenAll) {
  absl::StatusOr<Series> series = Create(Weekly(absl::CivilDay(2026, 3, 16), 9, 0, 90, {1}, 5));
  ASSERT_TRUE(series.ok()) << series.status();
  auto statuses = [](const Series& s) {
    std::vector<ReservationStatus> out;
    for (const Reservation& r : s.reservations) out.push_back(r.status);
    return out;
  };
  constexpr ReservationStatus kOk = ReservationStatus::kConfirmed;
  constexpr ReservationStatus kGone = ReservationStatus::kCancelled;

  absl::StatusOr<Series> after =
      engine_->CancelSeries(Coordinator(), series->id, SeriesScope::kOne, 1, "trip");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_THAT(statuses(*after), ElementsAre(kOk, kGone, kOk, kOk, kOk));
  EXPECT_EQ(after->reservations[1].reason, "trip");
  EXPECT_EQ(after->reservations[1].cancellation_fee_cents, 0);  // weeks before the deadline
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 4);

  absl::StatusOr<Series> again =
      engine_->CancelSeries(Coordinator(), series->id, SeriesScope::kOne, 1, "");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(again.status()), HasSubstr("occurrence 1 is cancelled"));

  after = engine_->CancelSeries(Coordinator(), series->id, SeriesScope::kThisAndFollowing, 3, "");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_THAT(statuses(*after), ElementsAre(kOk, kGone, kOk, kGone, kGone));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 2);

  after = engine_->CancelSeries(Coordinator(), series->id, SeriesScope::kAll, 0, "");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_THAT(statuses(*after), ElementsAre(kGone, kGone, kGone, kGone, kGone));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 0);
  EXPECT_TRUE(ActivePerIndex(series->id).empty());
  // Still one reservation per occurrence, no more.
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 5);
}

TEST_P(SeriesTest, AMovedThenCancelledOccurrenceLeavesNoStray) {
  absl::StatusOr<Series> series = Create(FourMondays());
  ASSERT_TRUE(series.ok()) << series.status();
  ASSERT_TRUE(Update(series->id, SeriesScope::kThisAndFollowing, 2, {{13, 0}}).ok());
  ASSERT_TRUE(Update(series->id, SeriesScope::kOne, 3, {{15, 0}}).ok());
  EXPECT_EQ(ActivePerIndex(series->id), (std::map<int, int>{{0, 1}, {1, 1}, {2, 1}, {3, 1}}));
  absl::StatusOr<Series> after =
      engine_->CancelSeries(Coordinator(), series->id, SeriesScope::kThisAndFollowing, 2, "");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(ActivePerIndex(series->id), (std::map<int, int>{{0, 1}, {1, 1}}));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM occupancy"), 2);
  EXPECT_THAT(after->reservations, SizeIs(4));
  EXPECT_EQ(Local(after->reservations[3].start_time), "2026-04-06 15:00 +02:00");
}

TEST_P(SeriesTest, RetryWithTheSameKeyReturnsTheFirstSeries) {
  absl::StatusOr<Series> first = Create(FourMondays(), SeriesMode::kAllOrNothing, "key-1");
  ASSERT_TRUE(first.ok()) << first.status();
  const int calls = directory_.eligibility_calls();
  absl::StatusOr<Series> retry = Create(FourMondays(), SeriesMode::kAllOrNothing, "key-1");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->id, first->id);
  EXPECT_EQ(directory_.eligibility_calls(), calls);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 4);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM series"), 1);

  // Another key is another series (on the second unit).
  absl::StatusOr<Series> other = Create(FourMondays(), SeriesMode::kAllOrNothing, "key-2");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_NE(other->id, first->id);
  // A reservation key of the same value is not the series'.
  ReservationRequest single = Session(kRig, Brussels(2026, 5, 4, 9), Brussels(2026, 5, 4, 10));
  single.idempotency_key = "key-1";
  absl::StatusOr<Reservation> r = Reserve(single);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->series_id.empty());
}

TEST_P(SeriesTest, BadInputNamesTheField) {
  WeeklyRecurrence zone = FourMondays();
  zone.time_zone = "Europe/Atlantis";
  EXPECT_THAT(Message(Create(zone).status()), StartsWith("recurrence.time_zone:"));

  // Tuesday to Friday, Mondays only: nothing.
  WeeklyRecurrence empty = FourMondays();
  empty.first_date = absl::CivilDay(2026, 3, 17);
  empty.count = 0;
  empty.until_date = absl::CivilDay(2026, 3, 20);
  absl::StatusOr<Series> none = Create(empty);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(none.status()), HasSubstr("no occurrences"));

  WeeklyRecurrence past = FourMondays();
  past.first_date = absl::CivilDay(2026, 2, 23);
  EXPECT_THAT(Message(Create(past).status()), StartsWith("recurrence.first_date:"));

  EXPECT_THAT(Message(Create(FourMondays(), SeriesMode::kUnspecified).status()),
              StartsWith("mode:"));
  absl::StatusOr<Series> nobody = Create(FourMondays(), SeriesMode::kAllOrNothing, "", 0);
  EXPECT_EQ(nobody.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(nobody.status()), HasSubstr("reservation.learners:"));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM reservations"), 0);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM series"), 0);

  absl::StatusOr<Series> series = Create(FourMondays());
  ASSERT_TRUE(series.ok()) << series.status();
  EXPECT_THAT(Message(Update(series->id, SeriesScope::kUnspecified, 0, {{10, 0}}).status()),
              StartsWith("scope:"));
  EXPECT_THAT(Message(Update(series->id, SeriesScope::kAll, 0, std::nullopt).status()),
              HasSubstr("give at least one"));
  EXPECT_THAT(Message(Update(series->id, SeriesScope::kOne, 4, {{10, 0}}).status()),
              StartsWith("occurrence_index: the series has occurrences 0 to 3"));
  EXPECT_THAT(Message(Update(series->id, SeriesScope::kAll, 0, std::nullopt, -5).status()),
              StartsWith("duration_minutes:"));
  EXPECT_THAT(
      Message(Update(series->id, SeriesScope::kAll, 0, std::nullopt, std::nullopt, 17).status()),
      StartsWith("learners: at most 8 per unit"));
  EXPECT_EQ(engine_->GetSeries(Coordinator(), "srs_missing").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      engine_->CancelSeries(Coordinator(), series->id, SeriesScope::kOne, -1, "").status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST_P(SeriesTest, TheBorrowerEditsTheOwnerSeesOthersDoNot) {
  absl::StatusOr<Series> series = Create(FourMondays());
  ASSERT_TRUE(series.ok()) << series.status();
  EXPECT_EQ(series->request.responsible_person_id, "per_coord");
  // Only the borrower's staff reserve for it.
  EXPECT_EQ(Create(FourMondays(), SeriesMode::kAllOrNothing, "", 4,
                   Coordinator(kOtherSchool, "per_other"))
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  // Another school: the series does not exist for it.
  EXPECT_EQ(engine_->GetSeries(Coordinator(kOtherSchool, "per_other"), series->id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(engine_
                ->CancelSeries(Coordinator(kOtherSchool, "per_other"), series->id,
                               SeriesScope::kAll, 0, "")
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  // The owner sees it but may not change it.
  absl::StatusOr<Series> seen = engine_->GetSeries(OwnerAdmin(), series->id);
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_THAT(seen->reservations, SizeIs(4));
  EXPECT_EQ(
      engine_->CancelSeries(OwnerAdmin(), series->id, SeriesScope::kAll, 0, "no").status().code(),
      absl::StatusCode::kPermissionDenied);
  SeriesChange change;
  change.scope = SeriesScope::kAll;
  change.learners = 2;
  EXPECT_EQ(engine_->UpdateSeries(OwnerAdmin(), series->id, change).status().code(),
            absl::StatusCode::kPermissionDenied);
  // An analyst of the borrower neither.
  EXPECT_EQ(engine_
                ->CancelSeries(Member(kSchool, auth::Role::kAnalyst, "per_analyst"), series->id,
                               SeriesScope::kAll, 0, "")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  // An instructor of the borrower may reserve but, as with one reservation, not cancel.
  EXPECT_EQ(engine_
                ->CancelSeries(Member(kSchool, auth::Role::kInstructor, "per_teacher"), series->id,
                               SeriesScope::kAll, 0, "")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(engine_
                ->UpdateSeries(Member(kSchool, auth::Role::kInstructor, "per_teacher"), series->id,
                               change)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  // A platform admin may.
  absl::StatusOr<Series> cancelled =
      engine_->CancelSeries(PlatformAdmin(), series->id, SeriesScope::kOne, 0, "support");
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->reservations[0].status, ReservationStatus::kCancelled);
}

LP_BOOKING_BACKENDS(SeriesTest);

}  // namespace
}  // namespace leerpool::booking::testing
