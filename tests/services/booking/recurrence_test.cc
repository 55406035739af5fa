// Weekly series: wall-clock times that stay put across DST changes, calendar arithmetic and
// validation.

#include "services/booking/core/recurrence.h"

#include <functional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/booking/core/booking_engine.h"

namespace leerpool::booking {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int kMonday = 1;
constexpr int kTuesday = 2;
constexpr int kWednesday = 3;
constexpr int kThursday = 4;
constexpr int kSunday = 7;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

absl::Time Utc(int year, int month, int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, 0), absl::UTCTimeZone());
}

// Weekly on `weekdays` at hh:mm Europe/Brussels for 90 minutes, from first_date, `count` times.
WeeklyRecurrence Brussels(absl::CivilDay first_date, int hour, int minute,
                          std::vector<int> weekdays, int count) {
  WeeklyRecurrence recurrence;
  recurrence.time_zone = "Europe/Brussels";
  recurrence.first_date = first_date;
  recurrence.start_time_of_day = absl::CivilMinute(2000, 1, 1, hour, minute);
  recurrence.duration = absl::Minutes(90);
  recurrence.weekdays = std::move(weekdays);
  recurrence.count = count;
  return recurrence;
}

std::vector<Occurrence> MustExpand(const WeeklyRecurrence& recurrence) {
  absl::StatusOr<std::vector<Occurrence>> occurrences = ExpandWeekly(recurrence);
  EXPECT_TRUE(occurrences.ok()) << occurrences.status();
  return occurrences.ok() ? *occurrences : std::vector<Occurrence>{};
}

std::vector<absl::Time> Starts(const std::vector<Occurrence>& occurrences) {
  std::vector<absl::Time> starts;
  for (const Occurrence& occurrence : occurrences) starts.push_back(occurrence.start);
  return starts;
}

std::vector<std::string> LocalStarts(const std::vector<Occurrence>& occurrences) {
  std::vector<std::string> starts;
  for (const Occurrence& occurrence : occurrences) starts.push_back(occurrence.local_start);
  return starts;
}

std::vector<absl::CivilDay> Dates(const std::vector<Occurrence>& occurrences,
                                  const std::string& zone_name = "Europe/Brussels") {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(zone_name, &zone));
  std::vector<absl::CivilDay> dates;
  for (const Occurrence& occurrence : occurrences) {
    dates.push_back(absl::ToCivilDay(occurrence.start, zone));
  }
  return dates;
}

// ---------------------------------------------------------------------------------------------
// DST

TEST(ExpandWeeklyTest, MondayNineStaysNineAcrossSpringForward) {
  // Europe/Brussels moves from +01:00 to +02:00 on Sunday 29 March 2026.
  const std::vector<Occurrence> series =
      MustExpand(Brussels(absl::CivilDay(2026, 3, 16), 9, 0, {kMonday}, 4));
  EXPECT_THAT(Starts(series), ElementsAre(Utc(2026, 3, 16, 8, 0), Utc(2026, 3, 23, 8, 0),
                                          Utc(2026, 3, 30, 7, 0), Utc(2026, 4, 6, 7, 0)));
  EXPECT_THAT(LocalStarts(series),
              ElementsAre("2026-03-16T09:00:00+01:00", "2026-03-23T09:00:00+01:00",
                          "2026-03-30T09:00:00+02:00", "2026-04-06T09:00:00+02:00"));
}

TEST(ExpandWeeklyTest, MondayNineStaysNineAcrossFallBack) {
  // Europe/Brussels moves from +02:00 to +01:00 on Sunday 25 October 2026.
  const std::vector<Occurrence> series =
      MustExpand(Brussels(absl::CivilDay(2026, 10, 12), 9, 0, {kMonday}, 3));
  EXPECT_THAT(Starts(series), ElementsAre(Utc(2026, 10, 12, 7, 0), Utc(2026, 10, 19, 7, 0),
                                          Utc(2026, 10, 26, 8, 0)));
  EXPECT_THAT(LocalStarts(series),
              ElementsAre("2026-10-12T09:00:00+02:00", "2026-10-19T09:00:00+02:00",
                          "2026-10-26T09:00:00+01:00"));
}

TEST(ExpandWeeklyTest, EndIsStartPlusDurationEvenOverTheTransitionNight) {
  // A 23:00 start lasting 5 hours on the night of the change is 5 real hours.
  WeeklyRecurrence recurrence = Brussels(absl::CivilDay(2026, 3, 28), 23, 0, {6}, 1);
  recurrence.duration = absl::Hours(5);
  const std::vector<Occurrence> series = MustExpand(recurrence);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].start, Utc(2026, 3, 28, 22, 0));
  EXPECT_EQ(series[0].end, Utc(2026, 3, 29, 3, 0));
  for (const Occurrence& occurrence :
       MustExpand(Brussels(absl::CivilDay(2026, 3, 16), 9, 0, {kMonday}, 4))) {
    EXPECT_EQ(occurrence.end - occurrence.start, absl::Minutes(90));
  }
}

TEST(ExpandWeeklyTest, SkippedTimeOnSpringForwardDayUsesTheOffsetBefore) {
  // 02:30 does not exist on 29 March 2026 in Brussels (02:00 jumps to 03:00). Read with the
  // offset before the change (+01:00) it is 01:30Z, which the clocks show as 03:30+02:00.
  const std::vector<Occurrence> series =
      MustExpand(Brussels(absl::CivilDay(2026, 3, 29), 2, 30, {kSunday}, 2));
  EXPECT_THAT(Starts(series), ElementsAre(Utc(2026, 3, 29, 1, 30), Utc(2026, 4, 5, 0, 30)));
  EXPECT_THAT(LocalStarts(series),
              ElementsAre("2026-03-29T03:30:00+02:00", "2026-04-05T02:30:00+02:00"));
}

TEST(ExpandWeeklyTest, RepeatedTimeOnFallBackDayIsTheEarlierInstant) {
  // 02:30 happens twice on 25 October 2026 in Brussels: 00:30Z (+02:00) and 01:30Z (+01:00).
  const std::vector<Occurrence> series =
      MustExpand(Brussels(absl::CivilDay(2026, 10, 25), 2, 30, {kSunday}, 2));
  EXPECT_THAT(Starts(series), ElementsAre(Utc(2026, 10, 25, 0, 30), Utc(2026, 11, 1, 1, 30)));
  EXPECT_THAT(LocalStarts(series),
              ElementsAre("2026-10-25T02:30:00+02:00", "2026-11-01T02:30:00+01:00"));
}

TEST(ExpandWeeklyTest, FollowsTheSeriesZoneNotEurope) {
  // New York changes on 8 March 2026, three weeks before Brussels.
  WeeklyRecurrence recurrence = Brussels(absl::CivilDay(2026, 3, 2), 9, 0, {kMonday}, 2);
  recurrence.time_zone = "America/New_York";
  const std::vector<Occurrence> series = MustExpand(recurrence);
  EXPECT_THAT(Starts(series), ElementsAre(Utc(2026, 3, 2, 14, 0), Utc(2026, 3, 9, 13, 0)));
  EXPECT_THAT(LocalStarts(series),
              ElementsAre("2026-03-02T09:00:00-05:00", "2026-03-09T09:00:00-04:00"));
}

TEST(ExpandWeeklyTest, UtcHasAZeroOffset) {
  WeeklyRecurrence recurrence = Brussels(absl::CivilDay(2026, 3, 30), 9, 15, {kMonday}, 1);
  recurrence.time_zone = "UTC";
  const std::vector<Occurrence> series = MustExpand(recurrence);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].start, Utc(2026, 3, 30, 9, 15));
  EXPECT_EQ(series[0].local_start, "2026-03-30T09:15:00+00:00");
}

// ---------------------------------------------------------------------------------------------
// Calendar

TEST(ExpandWeeklyTest, EveryTwoWeeksOnMondayAndThursdayForFive) {
  WeeklyRecurrence recurrence =
      Brussels(absl::CivilDay(2026, 1, 5), 13, 0, {kThursday, kMonday}, 5);
  recurrence.interval_weeks = 2;
  const std::vector<Occurrence> series = MustExpand(recurrence);
  EXPECT_THAT(Dates(series), ElementsAre(absl::CivilDay(2026, 1, 5), absl::CivilDay(2026, 1, 8),
                                         absl::CivilDay(2026, 1, 19), absl::CivilDay(2026, 1, 22),
                                         absl::CivilDay(2026, 2, 2)));
  for (int i = 0; i < static_cast<int>(series.size()); ++i) EXPECT_EQ(series[i].index, i);
  EXPECT_EQ(series[0].local_start, "2026-01-05T13:00:00+01:00");
}

TEST(ExpandWeeklyTest, FirstDateMidWeekSkipsEarlierWeekdays) {
  // Wednesday 7 January: that week's Monday is before first_date, its Thursday is not, and
  // the fortnightly rhythm counts from first_date's week.
  WeeklyRecurrence recurrence =
      Brussels(absl::CivilDay(2026, 1, 7), 13, 0, {kMonday, kThursday}, 4);
  recurrence.interval_weeks = 2;
  EXPECT_THAT(Dates(MustExpand(recurrence)),
              ElementsAre(absl::CivilDay(2026, 1, 8), absl::CivilDay(2026, 1, 19),
                          absl::CivilDay(2026, 1, 22), absl::CivilDay(2026, 2, 2)));
}

TEST(ExpandWeeklyTest, FirstDateOnAListedWeekdayIsIncluded) {
  EXPECT_THAT(Dates(MustExpand(Brussels(absl::CivilDay(2026, 1, 8), 8, 0, {kThursday}, 1))),
              ElementsAre(absl::CivilDay(2026, 1, 8)));
}

TEST(ExpandWeeklyTest, SundayEndsTheIsoWeek) {
  // From Sunday 11 January, Monday+Sunday weekly: Sunday comes first, then the next week.
  EXPECT_THAT(Dates(MustExpand(Brussels(absl::CivilDay(2026, 1, 11), 8, 0, {kSunday, kMonday}, 3))),
              ElementsAre(absl::CivilDay(2026, 1, 11), absl::CivilDay(2026, 1, 12),
                          absl::CivilDay(2026, 1, 18)));
}

TEST(ExpandWeeklyTest, UntilDateIsInclusive) {
  WeeklyRecurrence recurrence = Brussels(absl::CivilDay(2026, 1, 5), 9, 0, {kMonday}, 0);
  recurrence.until_date = absl::CivilDay(2026, 1, 26);  // a Monday
  EXPECT_THAT(Dates(MustExpand(recurrence)),
              ElementsAre(absl::CivilDay(2026, 1, 5), absl::CivilDay(2026, 1, 12),
                          absl::CivilDay(2026, 1, 19), absl::CivilDay(2026, 1, 26)));
  recurrence.until_date = absl::CivilDay(2026, 1, 25);
  EXPECT_EQ(MustExpand(recurrence).size(), 3u);
}

TEST(ExpandWeeklyTest, UntilDateEqualToFirstDate) {
  WeeklyRecurrence recurrence = Brussels(absl::CivilDay(2026, 1, 5), 9, 0, {kMonday}, 0);
  recurrence.until_date = absl::CivilDay(2026, 1, 5);
  EXPECT_THAT(Dates(MustExpand(recurrence)), ElementsAre(absl::CivilDay(2026, 1, 5)));
}

TEST(ExpandWeeklyTest, CrossesYearsAndLeapDays) {
  // 2028 is a leap year: Tuesday 29 February exists.
  WeeklyRecurrence recurrence = Brussels(absl::CivilDay(2028, 2, 22), 9, 0, {kTuesday}, 0);
  recurrence.until_date = absl::CivilDay(2028, 3, 7);
  EXPECT_THAT(Dates(MustExpand(recurrence)),
              ElementsAre(absl::CivilDay(2028, 2, 22), absl::CivilDay(2028, 2, 29),
                          absl::CivilDay(2028, 3, 7)));
  WeeklyRecurrence new_year = Brussels(absl::CivilDay(2026, 12, 28), 9, 0, {kMonday}, 2);
  EXPECT_THAT(Dates(MustExpand(new_year)),
              ElementsAre(absl::CivilDay(2026, 12, 28), absl::CivilDay(2027, 1, 4)));
}

TEST(ExpandWeeklyTest, AllowsExactly520Occurrences) {
  WeeklyRecurrence by_count = Brussels(absl::CivilDay(2026, 1, 5), 9, 0, {1, 2, 3, 4, 5}, 520);
  const std::vector<Occurrence> counted = MustExpand(by_count);
  ASSERT_EQ(counted.size(), 520u);
  EXPECT_EQ(counted.back().index, 519);

  // 104 weeks of five weekdays, ending on the 520th.
  WeeklyRecurrence by_date = Brussels(absl::CivilDay(2026, 1, 5), 9, 0, {1, 2, 3, 4, 5}, 0);
  by_date.until_date = absl::ToCivilDay(counted.back().start, absl::UTCTimeZone());
  EXPECT_EQ(MustExpand(by_date).size(), 520u);
}

TEST(ExpandWeeklyTest, BookingEnginePreviewIsTheExpansion) {
  const WeeklyRecurrence recurrence = Brussels(absl::CivilDay(2026, 3, 16), 9, 0, {kMonday}, 4);
  absl::StatusOr<std::vector<Occurrence>> preview = BookingEngine::PreviewSeries(recurrence);
  ASSERT_TRUE(preview.ok()) << preview.status();
  EXPECT_EQ(LocalStarts(*preview), LocalStarts(MustExpand(recurrence)));
}

// ---------------------------------------------------------------------------------------------
// Validation: INVALID_ARGUMENT naming "recurrence.<field>".

struct BadRecurrence {
  std::string test_name;
  std::function<void(WeeklyRecurrence&)> spoil;
  std::string field;            // the message starts with "<field>:"
  std::string also_mentions{};  // and contains this, when set
};

void PrintTo(const BadRecurrence& bad, std::ostream* os) { *os << bad.test_name; }

class ExpandWeeklyRejectsTest : public ::testing::TestWithParam<BadRecurrence> {};

TEST_P(ExpandWeeklyRejectsTest, NamingTheField) {
  WeeklyRecurrence recurrence = Brussels(absl::CivilDay(2026, 3, 4), 9, 0, {kWednesday}, 10);
  GetParam().spoil(recurrence);
  absl::StatusOr<std::vector<Occurrence>> occurrences = ExpandWeekly(recurrence);
  ASSERT_FALSE(occurrences.ok()) << occurrences->size() << " occurrences";
  EXPECT_EQ(occurrences.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(occurrences.status()), StartsWith(GetParam().field + ":"));
  EXPECT_THAT(Message(occurrences.status()), HasSubstr(GetParam().also_mentions));
}

INSTANTIATE_TEST_SUITE_P(
    BadRecurrences, ExpandWeeklyRejectsTest,
    ::testing::Values(
        BadRecurrence{"UnknownZone", [](auto& r) { r.time_zone = "Mars/Olympus"; },
                      "recurrence.time_zone", "Mars/Olympus"},
        BadRecurrence{"EmptyZone", [](auto& r) { r.time_zone = ""; }, "recurrence.time_zone"},
        BadRecurrence{"EmptyWeekdays", [](auto& r) { r.weekdays.clear(); }, "recurrence.weekdays"},
        BadRecurrence{"DuplicateWeekday",
                      [](auto& r) {
                        r.weekdays = {kMonday, kWednesday, kMonday};
                      },
                      "recurrence.weekdays", "twice"},
        BadRecurrence{"Weekday8",
                      [](auto& r) {
                        r.weekdays = {kMonday, 8};
                      },
                      "recurrence.weekdays"},
        BadRecurrence{"Weekday0", [](auto& r) { r.weekdays = {0}; }, "recurrence.weekdays"},
        BadRecurrence{"BothUntilAndCount",
                      [](auto& r) { r.until_date = absl::CivilDay(2026, 6, 1); },
                      "recurrence.until_date", "count"},
        BadRecurrence{"NeitherUntilNorCount", [](auto& r) { r.count = 0; }, "recurrence.until_date",
                      "count"},
        BadRecurrence{"Count521", [](auto& r) { r.count = 521; }, "recurrence.count", "520"},
        BadRecurrence{"NegativeCountWithUntil",
                      [](auto& r) {
                        r.count = -1;
                        r.until_date = absl::CivilDay(2026, 6, 1);
                      },
                      "recurrence.count"},
        BadRecurrence{"Interval0", [](auto& r) { r.interval_weeks = 0; },
                      "recurrence.interval_weeks"},
        BadRecurrence{"Interval53", [](auto& r) { r.interval_weeks = 53; },
                      "recurrence.interval_weeks"},
        BadRecurrence{"UntilBeforeFirstDate",
                      [](auto& r) {
                        r.count = 0;
                        r.until_date = absl::CivilDay(2026, 3, 3);
                      },
                      "recurrence.until_date", "before first_date"},
        BadRecurrence{"NoMatchingWeekdayInRange",
                      // Tuesday only, from Wednesday 4 March to Monday 9 March.
                      [](auto& r) {
                        r.weekdays = {kTuesday};
                        r.count = 0;
                        r.until_date = absl::CivilDay(2026, 3, 9);
                      },
                      "recurrence.weekdays", "no occurrences"},
        BadRecurrence{"MoreThan520Occurrences",
                      [](auto& r) {
                        r.weekdays = {1, 2, 3, 4, 5, 6, 7};
                        r.count = 0;
                        r.until_date = absl::CivilDay(2027, 12, 31);
                      },
                      "recurrence.until_date", "520"},
        BadRecurrence{"ZeroDuration", [](auto& r) { r.duration = absl::ZeroDuration(); },
                      "recurrence.duration_minutes"},
        BadRecurrence{"NegativeDuration", [](auto& r) { r.duration = absl::Minutes(-30); },
                      "recurrence.duration_minutes"},
        BadRecurrence{"DurationOver28Days", [](auto& r) { r.duration = absl::Hours(24 * 28 + 1); },
                      "recurrence.duration_minutes"}),
    [](const ::testing::TestParamInfo<BadRecurrence>& info) { return info.param.test_name; });

// absl::LoadTimeZone alone would accept file paths and "localtime" (the host's own zone).
TEST(ExpandWeeklyTest, ZoneMustBeAnIanaNameNotAPath) {
  for (const std::string zone :
       {"/usr/share/zoneinfo/Europe/Brussels", "localtime", "Europe/../Europe/Brussels"}) {
    WeeklyRecurrence recurrence = Brussels(absl::CivilDay(2026, 3, 16), 9, 0, {kMonday}, 1);
    recurrence.time_zone = zone;
    absl::StatusOr<std::vector<Occurrence>> occurrences = ExpandWeekly(recurrence);
    EXPECT_EQ(occurrences.status().code(), absl::StatusCode::kInvalidArgument) << zone;
  }
}

// ---------------------------------------------------------------------------------------------
// MakeDate

TEST(MakeDateTest, AcceptsRealDates) {
  absl::StatusOr<absl::CivilDay> date = MakeDate(2026, 3, 29, "recurrence.first_date");
  ASSERT_TRUE(date.ok()) << date.status();
  EXPECT_EQ(*date, absl::CivilDay(2026, 3, 29));
  EXPECT_TRUE(MakeDate(2028, 2, 29, "d").ok());
  EXPECT_TRUE(MakeDate(2026, 12, 31, "d").ok());
  EXPECT_TRUE(MakeDate(1970, 1, 1, "d").ok());
}

TEST(MakeDateTest, RejectsDatesThatDoNotExist) {
  for (const auto& [year, month, day] : std::vector<std::tuple<int, int, int>>{{2026, 2, 30},
                                                                               {2026, 2, 29},
                                                                               {2026, 13, 1},
                                                                               {2026, 0, 10},
                                                                               {2026, 4, 31},
                                                                               {2026, 1, 0},
                                                                               {2026, 1, 32},
                                                                               {0, 0, 0},
                                                                               {1969, 12, 31},
                                                                               {10000, 1, 1}}) {
    absl::StatusOr<absl::CivilDay> date = MakeDate(year, month, day, "recurrence.first_date");
    ASSERT_FALSE(date.ok()) << year << "-" << month << "-" << day;
    EXPECT_EQ(date.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(date.status()), StartsWith("recurrence.first_date:"));
  }
}

}  // namespace
}  // namespace leerpool::booking
