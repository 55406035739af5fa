#include "services/booking/core/rules.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"

namespace leerpool::booking {
namespace {

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
  return 0;
}

std::vector<Interval> Merge(std::vector<Interval> intervals) {
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> merged;
  for (const Interval& interval : intervals) {
    if (interval.end <= interval.start) continue;
    if (!merged.empty() && interval.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, interval.end);
    } else {
      merged.push_back(interval);
    }
  }
  return merged;
}

}  // namespace

std::vector<Interval> OpenIntervals(const std::vector<OpeningPeriod>& hours,
                                    const absl::TimeZone& zone, absl::Time from, absl::Time to) {
  std::vector<Interval> open;
  // A day either side: a period of the previous local day may reach past midnight into
  // `from` once merged, and zone offsets shift local days against UTC ones.
  const absl::CivilDay first = absl::CivilDay(zone.At(from).cs) - 1;
  const absl::CivilDay last = absl::CivilDay(zone.At(to).cs) + 1;
  for (absl::CivilDay day = first; day <= last; ++day) {
    const int weekday = IsoWeekday(day);
    for (const OpeningPeriod& period : hours) {
      if (period.weekday != weekday) continue;
      const absl::CivilSecond midnight(day);
      open.push_back({absl::FromCivil(midnight + period.open_minute * 60, zone),
                      absl::FromCivil(midnight + period.close_minute * 60, zone)});
    }
  }
  std::vector<Interval> clipped;
  for (Interval interval : Merge(std::move(open))) {
    interval.start = std::max(interval.start, from);
    interval.end = std::min(interval.end, to);
    if (interval.start < interval.end) clipped.push_back(interval);
  }
  return clipped;
}

bool WithinOpeningHours(const std::vector<OpeningPeriod>& hours, const absl::TimeZone& zone,
                        absl::Time start, absl::Time end) {
  // Unclipped on purpose: [start, end) must sit inside one whole merged interval.
  for (const Interval& interval :
       OpenIntervals(hours, zone, start - absl::Hours(48), end + absl::Hours(48))) {
    if (interval.start <= start && end <= interval.end) return true;
  }
  return false;
}

std::vector<Interval> Subtract(std::vector<Interval> from, std::vector<Interval> taken) {
  std::vector<Interval> result = Merge(std::move(from));
  for (const Interval& cut : Merge(std::move(taken))) {
    std::vector<Interval> next;
    for (const Interval& piece : result) {
      if (cut.end <= piece.start || piece.end <= cut.start) {
        next.push_back(piece);
        continue;
      }
      if (piece.start < cut.start) next.push_back({piece.start, cut.start});
      if (cut.end < piece.end) next.push_back({cut.end, piece.end});
    }
    result = std::move(next);
  }
  return result;
}

PriceQuote Quote(const Terms& terms, absl::Duration use, int learners,
                 std::optional<double> transport_km) {
  PriceQuote quote;
  quote.terms_version = terms.version;
  quote.deposit_cents = terms.deposit_cents;
  const double hours = absl::ToDoubleHours(use);
  const Price& price = terms.price;
  std::optional<PriceLine> base;
  auto offer = [&base](const std::string& description, double amount) {
    const int64_t cents = std::llround(amount);
    if (!base || cents < base->amount_cents) base = PriceLine{description, cents};
  };
  if (price.per_hour_cents > 0) {
    offer(absl::StrFormat("%.2f hours at the hourly rate", hours),
          static_cast<double>(price.per_hour_cents) * hours);
  }
  if (price.per_half_day_cents > 0 && hours <= 4) {
    offer("half day", static_cast<double>(price.per_half_day_cents));
  }
  if (price.per_day_cents > 0) {
    const double days = std::ceil(hours / 24.0);
    offer(absl::StrFormat("%.0f day(s)", days), static_cast<double>(price.per_day_cents) * days);
  }
  if (base) quote.lines.push_back(*base);
  if (price.per_learner_cents > 0) {
    quote.lines.push_back({absl::StrCat(learners, " learners"),
                           price.per_learner_cents * static_cast<int64_t>(learners)});
  }
  if (transport_km && price.per_km_cents > 0) {
    quote.lines.push_back(
        {absl::StrFormat("transport 2 x %.1f km", *transport_km),
         std::llround(static_cast<double>(price.per_km_cents) * 2.0 * *transport_km)});
  }
  for (const PriceLine& line : quote.lines) quote.total_cents += line.amount_cents;
  return quote;
}

}  // namespace leerpool::booking
