#include "clients/cli/opening_hours.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace leerpool::cli {
namespace {

using catalogue::v1::OpeningPeriod;

constexpr std::array<const char*, 7> kDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// 1 (Monday) .. 7 (Sunday), or 0.
int DayNumber(absl::string_view name) {
  static constexpr std::array<std::array<const char*, 3>, 7> kNames = {{
      {"mon", "ma", "maa"},
      {"tue", "di", "din"},
      {"wed", "wo", "woe"},
      {"thu", "do", "don"},
      {"fri", "vr", "vri"},
      {"sat", "za", "zat"},
      {"sun", "zo", "zon"},
  }};
  const std::string lower = absl::AsciiStrToLower(name);
  for (int day = 0; day < 7; ++day) {
    for (const char* candidate : kNames[day]) {
      if (lower == candidate) return day + 1;
    }
  }
  return 0;
}

absl::Status Problem(absl::string_view text, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("--hours \"", text, "\": ", what));
}

// "08:30" -> minutes since midnight; "24:00" only as a closing time.
bool ParseClock(absl::string_view text, bool closing, int* minutes) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, ':');
  int hours = 0, mins = 0;
  if (parts.size() != 2 || parts[1].size() != 2 || parts[0].empty() || parts[0].size() > 2 ||
      !absl::SimpleAtoi(parts[0], &hours) || !absl::SimpleAtoi(parts[1], &mins) || hours < 0 ||
      mins < 0 || mins > 59) {
    return false;
  }
  if (hours > 24 || (hours == 24 && (mins != 0 || !closing))) return false;
  *minutes = hours * 60 + mins;
  return true;
}

std::string Clock(const type::v1::LocalTime& time) {
  return absl::StrFormat("%02d:%02d", time.hours(), time.minutes());
}

}  // namespace

namespace {

absl::Status ParseEntry(absl::string_view text, OpeningHours* out) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  const std::vector<absl::string_view> words =
      absl::StrSplit(trimmed, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  if (words.size() != 2) {
    return Problem(text, "expected days and times, e.g. \"mon-fri 08:00-17:00\"");
  }
  std::vector<int> days;
  for (absl::string_view item : absl::StrSplit(words[0], ',', absl::SkipEmpty())) {
    const std::vector<absl::string_view> ends = absl::StrSplit(item, '-');
    if (ends.size() > 2) return Problem(text, absl::StrCat("\"", item, "\" is not a day range"));
    const int first = DayNumber(ends[0]);
    const int last = ends.size() == 2 ? DayNumber(ends[1]) : first;
    if (first == 0 || last == 0) {
      return Problem(text, absl::StrCat("\"", item, "\" is not a day (mon .. sun, or ma .. zo)"));
    }
    if (last < first) {
      return Problem(text, absl::StrCat("\"", item, "\" runs backwards; a week starts on monday"));
    }
    for (int day = first; day <= last; ++day) days.push_back(day);
  }
  if (days.empty()) return Problem(text, "no days");
  std::vector<std::pair<int, int>> periods;
  for (absl::string_view period : absl::StrSplit(words[1], ',', absl::SkipEmpty())) {
    const std::vector<absl::string_view> ends = absl::StrSplit(period, '-');
    int open = 0, close = 0;
    if (ends.size() != 2 || !ParseClock(ends[0], false, &open) ||
        !ParseClock(ends[1], true, &close)) {
      return Problem(text, absl::StrCat("\"", period, "\" is not a period such as 08:00-17:00"));
    }
    if (close <= open) {
      return Problem(text, absl::StrCat("\"", period, "\" closes before it opens"));
    }
    periods.emplace_back(open, close);
  }
  if (periods.empty()) return Problem(text, "no times");
  for (int day : days) {
    for (const auto& [open, close] : periods) {
      OpeningPeriod* added = out->Add();
      added->set_weekday(static_cast<type::v1::Weekday>(day));
      added->mutable_open()->set_hours(open / 60);
      added->mutable_open()->set_minutes(open % 60);
      added->mutable_close()->set_hours(close / 60);
      added->mutable_close()->set_minutes(close % 60);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseOpeningHours(absl::string_view text, OpeningHours* out) {
  // All or nothing: a mistake in a later entry leaves `out` as it was.
  OpeningHours parsed;
  for (absl::string_view entry : absl::StrSplit(text, ';', absl::SkipWhitespace())) {
    if (absl::Status status = ParseEntry(entry, &parsed); !status.ok()) return status;
  }
  if (parsed.empty()) return Problem(text, "expected days and times, e.g. \"mon-fri 08:00-17:00\"");
  for (catalogue::v1::OpeningPeriod& period : parsed) *out->Add() = std::move(period);
  return absl::OkStatus();
}

std::string FormatOpeningHours(const OpeningHours& hours) {
  std::array<std::string, 8> day_text;  // [1..7]
  for (int day = 1; day <= 7; ++day) {
    std::vector<const OpeningPeriod*> periods;
    for (const OpeningPeriod& period : hours) {
      if (period.weekday() == day) periods.push_back(&period);
    }
    std::sort(periods.begin(), periods.end(), [](const OpeningPeriod* a, const OpeningPeriod* b) {
      return std::make_pair(a->open().hours(), a->open().minutes()) <
             std::make_pair(b->open().hours(), b->open().minutes());
    });
    day_text[day] = absl::StrJoin(periods, ",", [](std::string* out, const OpeningPeriod* p) {
      absl::StrAppend(out, Clock(p->open()), "-", Clock(p->close()));
    });
  }
  std::vector<std::string> groups;
  for (int day = 1; day <= 7;) {
    int last = day;
    while (last < 7 && day_text[last + 1] == day_text[day]) ++last;
    if (!day_text[day].empty()) {
      const std::string days = day == last
                                   ? kDayNames[day - 1]
                                   : absl::StrCat(kDayNames[day - 1], "-", kDayNames[last - 1]);
      groups.push_back(absl::StrCat(days, " ", day_text[day]));
    }
    day = last + 1;
  }
  return absl::StrJoin(groups, "; ");
}

}  // namespace leerpool::cli
