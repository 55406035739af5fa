// The arithmetic of statistics that needs no store or directory: a reservation's
// contribution, calendar buckets, available hours, CSV.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "services/booking/core/statistics.h"

namespace leerpool::booking {

namespace {

constexpr int64_t kMicrosPerMinute = 60'000'000;
constexpr int64_t kMicrosPerDay = 86'400'000'000;

absl::Time UtcDayStart(absl::CivilDay day) { return absl::FromCivil(day, absl::UTCTimeZone()); }

}  // namespace

void StatCounts::Add(const StatCounts& o) {
  active += o.active;
  completed += o.completed;
  cancelled += o.cancelled;
  no_shows += o.no_shows;
  reserved_minutes += o.reserved_minutes;
  used_minutes += o.used_minutes;
  for (int i = 0; i <= kAudienceCount; ++i) {
    learners[i] += o.learners[i];
    learner_minutes[i] += o.learner_minutes[i];
  }
  revenue_cents += o.revenue_cents;
}

int64_t StatDay(absl::Time time) { return absl::ToUnixMicros(time) / kMicrosPerDay; }

// Must say exactly what migration 0007's trigger computes: the recompute test holds the
// aggregates to this.
StatCounts ContributionOf(const Reservation& r) {
  StatCounts c;
  const ReservationStatus s = r.status;
  const bool active = s == ReservationStatus::kPendingApproval ||
                      s == ReservationStatus::kConfirmed || s == ReservationStatus::kCheckedOut;
  const bool completed = s == ReservationStatus::kCompleted;
  if (active) c.active = 1;
  if (completed) c.completed = 1;
  if (s == ReservationStatus::kCancelled) c.cancelled = 1;
  if (s == ReservationStatus::kNoShow) c.no_shows = 1;
  if (s == ReservationStatus::kConfirmed || s == ReservationStatus::kCheckedOut || completed) {
    c.reserved_minutes =
        (absl::ToUnixMicros(r.end_time) - absl::ToUnixMicros(r.start_time)) / kMicrosPerMinute;
  }
  if (completed) {
    if (r.check_in_time && r.check_out_time) {
      c.used_minutes = std::max<int64_t>(
          0, (absl::ToUnixMicros(*r.check_in_time) - absl::ToUnixMicros(*r.check_out_time)) /
                 kMicrosPerMinute);
    }
    for (const AudienceCount& present : r.learners_present) {
      c.learners[0] += present.count;
      if (present.audience >= 1 && present.audience <= kAudienceCount) {
        c.learners[present.audience] += present.count;
      }
    }
    for (int i = 0; i <= kAudienceCount; ++i) c.learner_minutes[i] = c.learners[i] * c.used_minutes;
    c.revenue_cents = r.quote.total_cents;
  }
  if (s == ReservationStatus::kCancelled || s == ReservationStatus::kNoShow) {
    c.revenue_cents = r.cancellation_fee_cents;
  }
  return c;
}

const char* OrganizationKindCode(OrganizationKind kind) {
  switch (kind) {
    case OrganizationKind::kSchool:
      return "school";
    case OrganizationKind::kTrainingCentre:
      return "training_centre";
    case OrganizationKind::kCompany:
      return "company";
    case OrganizationKind::kManufacturer:
      return "manufacturer";
    case OrganizationKind::kSectorBody:
      return "sector_body";
    case OrganizationKind::kGovernment:
      return "government";
    case OrganizationKind::kSimulationCentre:
      return "simulation_centre";
    case OrganizationKind::kUnspecified:
      break;
  }
  return "unspecified";
}

std::vector<std::pair<absl::Time, absl::Time>> StatBuckets(absl::Time start, absl::Time end,
                                                           StatInterval interval) {
  std::vector<std::pair<absl::Time, absl::Time>> buckets;
  if (end <= start) return buckets;
  if (interval == StatInterval::kUnspecified) return {{start, end}};
  const absl::CivilDay first = absl::ToCivilDay(start, absl::UTCTimeZone());
  absl::CivilDay bucket_start;
  switch (interval) {
    case StatInterval::kWeek:
      bucket_start = first - (static_cast<int>(absl::GetWeekday(first)) -
                              static_cast<int>(absl::Weekday::monday));
      break;
    case StatInterval::kMonth:
      bucket_start = absl::CivilDay(absl::CivilMonth(first));
      break;
    case StatInterval::kQuarter:
      bucket_start = absl::CivilDay(first.year(), (first.month() - 1) / 3 * 3 + 1, 1);
      break;
    case StatInterval::kSchoolYear:
      bucket_start = absl::CivilDay(first.month() >= 9 ? first.year() : first.year() - 1, 9, 1);
      break;
    case StatInterval::kUnspecified:
      break;
  }
  while (UtcDayStart(bucket_start) < end) {
    absl::CivilDay next;
    switch (interval) {
      case StatInterval::kWeek:
        next = bucket_start + 7;
        break;
      case StatInterval::kMonth:
        next = absl::CivilDay(absl::CivilMonth(bucket_start) + 1);
        break;
      case StatInterval::kQuarter:
        next = absl::CivilDay(absl::CivilMonth(bucket_start) + 3);
        break;
      default:
        next = absl::CivilDay(bucket_start.year() + 1, 9, 1);
        break;
    }
    buckets.emplace_back(std::max(start, UtcDayStart(bucket_start)),
                         std::min(end, UtcDayStart(next)));
    bucket_start = next;
  }
  return buckets;
}

namespace {

using Intervals = std::vector<std::pair<absl::Time, absl::Time>>;

bool AlwaysOpen(const ListingDimensions& listing, absl::TimeZone* zone) {
  return listing.mobile || listing.opening_hours.empty() ||
         !absl::LoadTimeZone(listing.time_zone, zone);
}

Intervals OpenIntervals(const ListingDimensions& listing, absl::Time from, absl::Time to) {
  Intervals open;
  absl::TimeZone zone;
  if (AlwaysOpen(listing, &zone)) {
    open.emplace_back(from, to);
    return open;
  }
  // Local days from the one before `from` to the one after `to`: a period can reach across
  // midnight in UTC terms, and the zone's DST change shortens or lengthens its day.
  const absl::CivilDay first = absl::ToCivilDay(from, zone) - 1;
  const absl::CivilDay last = absl::ToCivilDay(to, zone) + 1;
  for (absl::CivilDay day = first; day <= last; ++day) {
    const int iso = static_cast<int>(absl::GetWeekday(day)) + 1;
    for (const OpeningPeriod& period : listing.opening_hours) {
      if (period.weekday != iso) continue;
      const absl::Time a =
          std::max(from, zone.At(absl::CivilSecond(day) + period.open_minute * 60).pre);
      const absl::Time b =
          std::min(to, zone.At(absl::CivilSecond(day) + period.close_minute * 60).pre);
      if (a < b) open.emplace_back(a, b);
    }
  }
  return open;
}

int64_t MinutesMinusClosures(const ListingDimensions& listing, const Intervals& open,
                             absl::Time from, absl::Time to) {
  Intervals closed;
  for (const Closure& closure : listing.closures) {
    if (!closure.listing_id.empty() && closure.listing_id != listing.id) continue;
    const absl::Time a = std::max(from, closure.start), b = std::min(to, closure.end);
    if (a < b) closed.emplace_back(a, b);
  }
  std::sort(closed.begin(), closed.end());
  Intervals merged;
  for (const auto& interval : closed) {
    if (!merged.empty() && interval.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, interval.second);
    } else {
      merged.push_back(interval);
    }
  }
  absl::Duration total;
  for (const auto& [a, b] : open) {
    absl::Duration length = b - a;
    for (const auto& [c, d] : merged) {
      const absl::Time x = std::max(a, c), y = std::min(b, d);
      if (x < y) length -= y - x;
    }
    total += length;
  }
  return absl::ToInt64Minutes(total) * std::max(1, listing.unit_count);
}

}  // namespace

int64_t AvailableMinutes(const ListingDimensions& listing, absl::Time from, absl::Time to) {
  if (to <= from) return 0;
  return MinutesMinusClosures(listing, OpenIntervals(listing, from, to), from, to);
}

int64_t AvailabilityCache::Minutes(const ListingDimensions& listing, absl::Time from,
                                   absl::Time to) {
  if (to <= from) return 0;
  absl::TimeZone zone;
  std::string key = absl::StrCat(absl::ToUnixSeconds(from), "-", absl::ToUnixSeconds(to), "|",
                                 AlwaysOpen(listing, &zone) ? "always" : listing.time_zone);
  if (!AlwaysOpen(listing, &zone)) {
    for (const OpeningPeriod& p : listing.opening_hours) {
      absl::StrAppend(&key, "|", p.weekday, ":", p.open_minute, "-", p.close_minute);
    }
  }
  auto it = open_.find(key);
  if (it == open_.end()) it = open_.emplace(key, OpenIntervals(listing, from, to)).first;
  return MinutesMinusClosures(listing, it->second, from, to);
}

namespace {

constexpr const char* kAudienceCodes[kAudienceCount + 1] = {"all",
                                                            "pupils",
                                                            "teachers",
                                                            "upskilling_workers",
                                                            "job_seekers_and_side_entrants",
                                                            "teens_orientation"};

std::string Quote(const std::string& field) {
  return absl::StrCat("\"", absl::StrReplaceAll(field, {{"\"", "\"\""}}), "\"");
}

std::string Number(double value) { return absl::StrFormat("%.4f", value); }

std::string Rfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

}  // namespace

std::vector<std::string> StatCsvHeader() {
  std::vector<std::string> header = {"group_key",
                                     "group_label",
                                     "period_start",
                                     "period_end",
                                     "listing_count",
                                     "available_hours",
                                     "reserved_hours",
                                     "used_hours",
                                     "utilisation",
                                     "reservations_active",
                                     "reservations_completed",
                                     "cancellations",
                                     "no_shows",
                                     "distinct_organizations",
                                     "cross_border_organizations",
                                     "cross_border_used_hours_share",
                                     "cross_border_organizations_share",
                                     "learners_reached",
                                     "learner_hours"};
  for (int i = 1; i <= kAudienceCount; ++i) {
    header.push_back(absl::StrCat("learners_", kAudienceCodes[i]));
    header.push_back(absl::StrCat("learner_hours_", kAudienceCodes[i]));
  }
  header.insert(header.end(),
                {"revenue_cents", "depreciation_cents", "cost_per_learner_hour_cents"});
  return header;
}

std::string StatFiguresCsv(const std::vector<StatFigures>& rows) {
  std::string out;
  auto append_row = [&out](const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out += ',';
      out += Quote(fields[i]);
    }
    out += "\r\n";
  };
  append_row(StatCsvHeader());
  for (const StatFigures& f : rows) {
    std::vector<std::string> fields = {f.group_key,
                                       f.group_label,
                                       Rfc3339(f.period_start),
                                       Rfc3339(f.period_end),
                                       absl::StrCat(f.listing_count),
                                       Number(f.available_hours),
                                       Number(f.reserved_hours),
                                       Number(f.used_hours),
                                       Number(f.utilisation),
                                       absl::StrCat(f.reservations_active),
                                       absl::StrCat(f.reservations_completed),
                                       absl::StrCat(f.cancellations),
                                       absl::StrCat(f.no_shows),
                                       absl::StrCat(f.distinct_organizations),
                                       absl::StrCat(f.cross_border_organizations),
                                       Number(f.cross_border_used_hours_share),
                                       Number(f.cross_border_organizations_share),
                                       absl::StrCat(f.learners_reached),
                                       Number(f.learner_hours)};
    for (int i = 1; i <= kAudienceCount; ++i) {
      int64_t learners = 0;
      double hours = 0;
      for (const AudienceFigures& a : f.audiences) {
        if (a.audience == i) {
          learners = a.learners;
          hours = a.learner_hours;
        }
      }
      fields.push_back(absl::StrCat(learners));
      fields.push_back(Number(hours));
    }
    fields.push_back(absl::StrCat(f.revenue_cents));
    fields.push_back(absl::StrCat(f.depreciation_cents));
    fields.push_back(Number(f.cost_per_learner_hour_cents));
    append_row(fields);
  }
  return out;
}

}  // namespace leerpool::booking
