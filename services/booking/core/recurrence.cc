#include "services/booking/core/recurrence.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/time_zone.h"

namespace leerpool::booking {
namespace {

absl::Status FieldError(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("recurrence.", field, ": ", problem));
}

int IsoWeekday(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday:
      return 1;
    case absl::Weekday::tuesday:
      return 2;
    case absl::Weekday::wednesday:
      return 3;
    case absl::Weekday::thursday:
      return 4;
    case absl::Weekday::friday:
      return 5;
    case absl::Weekday::saturday:
      return 6;
    case absl::Weekday::sunday:
      return 7;
  }
  return 1;
}

}  // namespace

absl::StatusOr<absl::CivilDay> MakeDate(int year, int month, int day, const std::string& field) {
  const absl::CivilDay date(year, month, day);
  if (year < 1970 || year > 9999 || date.year() != year || date.month() != month ||
      date.day() != day) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", year, "-", month, "-", day, " is not a calendar date"));
  }
  return date;
}

absl::StatusOr<std::vector<Occurrence>> ExpandWeekly(const WeeklyRecurrence& recurrence) {
  absl::TimeZone zone;
  if (!LoadIanaTimeZone(recurrence.time_zone, &zone)) {
    return FieldError("time_zone", absl::StrCat("unknown IANA time zone \"",
                                                recurrence.time_zone.substr(0, 40), "\""));
  }
  if (recurrence.duration <= absl::ZeroDuration() || recurrence.duration > absl::Hours(24 * 28)) {
    return FieldError("duration_minutes", "must be between 1 minute and 28 days");
  }
  if (recurrence.weekdays.empty()) return FieldError("weekdays", "at least one weekday");
  std::vector<int> weekdays = recurrence.weekdays;
  std::sort(weekdays.begin(), weekdays.end());
  if (weekdays.front() < 1 || weekdays.back() > 7) {
    return FieldError("weekdays", "must be MONDAY..SUNDAY");
  }
  if (std::adjacent_find(weekdays.begin(), weekdays.end()) != weekdays.end()) {
    return FieldError("weekdays", "a weekday is listed twice");
  }
  if (recurrence.interval_weeks < 1 || recurrence.interval_weeks > 52) {
    return FieldError("interval_weeks", "must be between 1 and 52");
  }
  if (recurrence.count < 0 || recurrence.count > kMaxSeriesOccurrences) {
    return FieldError("count", absl::StrCat("must be between 1 and ", kMaxSeriesOccurrences));
  }
  if (recurrence.until_date.has_value() == (recurrence.count > 0)) {
    return FieldError("until_date", "exactly one of until_date and count must end the series");
  }
  if (recurrence.until_date && *recurrence.until_date < recurrence.first_date) {
    return FieldError("until_date", "is before first_date");
  }

  const absl::CivilDay week_start = recurrence.first_date - (IsoWeekday(recurrence.first_date) - 1);
  const int hour = recurrence.start_time_of_day.hour();
  const int minute = recurrence.start_time_of_day.minute();
  std::vector<Occurrence> occurrences;
  auto finish = [&]() -> absl::StatusOr<std::vector<Occurrence>> {
    if (occurrences.empty()) {
      return FieldError("weekdays",
                        "the series has no occurrences between first_date and "
                        "until_date");
    }
    return std::move(occurrences);
  };
  for (absl::CivilDay monday = week_start;; monday += 7 * recurrence.interval_weeks) {
    for (int weekday : weekdays) {
      const absl::CivilDay day = monday + (weekday - 1);
      if (day < recurrence.first_date) continue;
      if (recurrence.until_date && day > *recurrence.until_date) return finish();
      if (recurrence.count > 0 && static_cast<int>(occurrences.size()) == recurrence.count) {
        return finish();
      }
      if (static_cast<int>(occurrences.size()) == kMaxSeriesOccurrences) {
        return FieldError("until_date", absl::StrCat("the series would have more than ",
                                                     kMaxSeriesOccurrences, " occurrences"));
      }
      const absl::CivilSecond local(day.year(), day.month(), day.day(), hour, minute);
      // `pre` applies the offset in force before a transition: the earlier of two repeated
      // times, and the RFC 5545 reading of a skipped one.
      const absl::Time start = zone.At(local).pre;
      Occurrence occurrence;
      occurrence.index = static_cast<int>(occurrences.size());
      occurrence.start = start;
      occurrence.end = start + recurrence.duration;
      occurrence.local_start = absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", start, zone);
      occurrences.push_back(std::move(occurrence));
    }
  }
}

}  // namespace leerpool::booking
