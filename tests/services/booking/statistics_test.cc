// Statistics over reservations made through the engine: hand-computed figures, a recompute
// of every figure from the raw reservations after random changes, who sees what, bad input,
// CSV and calendar buckets.

#include "services/booking/core/statistics.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/booking/sqlite/booking_database.h"
#include "services/booking/sqlite/sqlite_booking_store.h"
#include "services/common/status_macros.h"
#include "tests/services/booking/statistics_fixture.h"

namespace leerpool::booking::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

StatQuery March(StatScope scope = {}, GroupBy group_by = GroupBy::kNone) {
  StatQuery q;
  q.scope = std::move(scope);
  q.start = Utc(2026, 3, 1, 0);
  q.end = Utc(2026, 4, 1, 0);
  q.group_by = group_by;
  return q;
}

StatScope ListingScope(const std::string& id) {
  StatScope s;
  s.listing_id = id;
  return s;
}

const AudienceFigures& Audience(const StatFigures& f, int audience) {
  for (const AudienceFigures& a : f.audiences) {
    if (a.audience == audience) return a;
  }
  static AudienceFigures none;
  return none;
}

class StatisticsTest : public StatisticsFixture, public ::testing::WithParamInterface<Backend> {
 protected:
  StatisticsTest() : StatisticsFixture(GetParam()) {}

  // Random reservations of both schools on three listings over the weeks after the clock's
  // start, randomly cancelled, approved, used and missed; `all` gets every one as stored.
  void RandomHistory(uint32_t seed, std::vector<Reservation>& all) {
    std::mt19937 random(seed);
    const std::vector<std::string> listings = {kRig, kSim, kSeats};
    const std::vector<std::string> orgs = {kSchool, kOtherSchool};
    std::vector<std::string> ids;
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); };
    int created = 0;
    for (int step = 0; step < 400; ++step) {
      const int op = pick(10);
      if (op < 4 || ids.empty()) {
        const absl::Time now = clock_.Now();
        const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
        const absl::CivilDay day = today + 1 + pick(20);
        const absl::Time start = Brussels(day.year(), day.month(), day.day(), 8 + pick(8));
        ReservationRequest request = Session(
            listings[pick(3)], start, start + absl::Minutes(30 * (1 + pick(4))), 1 + pick(6));
        request.organization_id = orgs[pick(2)];
        absl::StatusOr<Reservation> r = Reserve(request, Coordinator(request.organization_id));
        if (r.ok()) {
          ids.push_back(r->id);
          ++created;
        }
        continue;
      }
      const std::string id = ids[pick(static_cast<int>(ids.size()))];
      absl::StatusOr<Reservation> r = engine_->GetReservation(PlatformAdmin(), id);
      ASSERT_TRUE(r.ok()) << r.status();
      const auth::Caller borrower = Coordinator(r->organization_id);
      switch (op) {
        case 4:
          (void)engine_->CancelReservation(borrower, id, "random");
          break;
        case 5:
          (void)engine_->ApproveReservation(OwnerAdmin(), id, "");
          break;
        case 6:
        case 7: {
          (void)engine_->CheckOutReservation(borrower, id, r->start_time + absl::Minutes(pick(10)),
                                             "");
          std::vector<AudienceCount> present;
          for (int a = 1; a <= kAudienceCount; ++a) {
            if (pick(2) == 0) present.push_back({a, pick(5)});
          }
          (void)engine_->CheckInReservation(borrower, id, r->end_time + absl::Minutes(pick(30)),
                                            present, Condition::kGood, "");
          break;
        }
        case 8:
          (void)engine_->MarkNoShow(OwnerAdmin(), id);
          break;
        default:
          clock_.Advance(absl::Hours(pick(48)));
          break;
      }
    }
    ASSERT_GT(created, 50);

    // Every reservation as stored.
    ASSERT_TRUE(store_
                    ->Read([&](BookingTransaction& tx) -> absl::Status {
                      std::optional<ReservationCursor> after;
                      for (;;) {
                        absl::StatusOr<std::vector<Reservation>> page =
                            tx.ListReservations({}, after, 100);
                        if (!page.ok()) return page.status();
                        if (page->empty()) return absl::OkStatus();
                        all.insert(all.end(), page->begin(), page->end());
                        after = ReservationCursor{page->back().start_time, page->back().id};
                      }
                    })
                    .ok());
    ASSERT_EQ(static_cast<int>(all.size()), created);
  }
};

// Two sessions used (one by a Dutch organisation), one cancelled, one no-show, one still to
// come, and a closure: every figure of March on the rig, by hand.
TEST_P(StatisticsTest, FiguresOfAKnownMonthByHand) {
  directory_.AddClosure("sit_brussels", {"clo_1", "", Brussels(2026, 3, 20, 0),
                                         Brussels(2026, 3, 21, 0), "inventory"});
  stats_directory_.Listing(kRig).closures.push_back(
      {"clo_1", "", Brussels(2026, 3, 20, 0), Brussels(2026, 3, 21, 0), "inventory"});

  absl::StatusOr<Reservation> cancelled =
      Reserve(Session(kRig, Brussels(2026, 3, 4, 10), Brussels(2026, 3, 4, 12)));
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  ReservationRequest no_show_request =
      Session(kRig, Brussels(2026, 3, 5, 10), Brussels(2026, 3, 5, 12));
  no_show_request.organization_id = kOtherSchool;
  absl::StatusOr<Reservation> no_show = Reserve(no_show_request, Coordinator(kOtherSchool));
  ASSERT_TRUE(no_show.ok()) << no_show.status();
  absl::StatusOr<Reservation> upcoming =
      Reserve(Session(kRig, Brussels(2026, 3, 26, 14), Brussels(2026, 3, 26, 16)));
  ASSERT_TRUE(upcoming.ok()) << upcoming.status();
  ASSERT_TRUE(engine_->CancelReservation(Coordinator(), cancelled->id, "ill").ok());

  // 10:00-12:00, used 90 minutes by 3 pupils and a teacher; 10:00-13:00, used 3 hours by
  // 5 job seekers of the Dutch centre.
  const Reservation used_be = Completed(kRig, Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12),
                                        absl::Minutes(90), {{1, 3}, {2, 1}});
  const Reservation used_nl = Completed(kRig, Brussels(2026, 3, 3, 10), Brussels(2026, 3, 3, 13),
                                        absl::Hours(3), {{4, 5}}, kOtherSchool);
  clock_.Set(Utc(2026, 3, 10, 0));
  ASSERT_TRUE(engine_->MarkNoShow(OwnerAdmin(), no_show->id).ok());

  absl::StatusOr<StatSummary> summary =
      statistics_.Summary(OwnerAdmin(), March(ListingScope(kRig)));
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->period_start, Utc(2026, 3, 1, 0));
  EXPECT_EQ(summary->period_end, Utc(2026, 4, 1, 0));
  ASSERT_EQ(summary->groups.size(), 1u);
  const StatFigures& f = summary->groups[0];
  EXPECT_EQ(f.listing_count, 1);
  // 08:00-18:00 on 31 days (the last Sunday of March too: local hours), 2 units, minus the
  // closed day.
  EXPECT_DOUBLE_EQ(f.available_hours, (31 - 1) * 10 * 2);
  EXPECT_DOUBLE_EQ(f.reserved_hours, 2 + 3 + 2);  // completed and upcoming; not the no-show
  EXPECT_DOUBLE_EQ(f.used_hours, 1.5 + 3);
  EXPECT_DOUBLE_EQ(f.utilisation, 4.5 / 600);
  EXPECT_EQ(f.reservations_active, 1);
  EXPECT_EQ(f.reservations_completed, 2);
  EXPECT_EQ(f.cancellations, 1);
  EXPECT_EQ(f.no_shows, 1);
  EXPECT_EQ(f.distinct_organizations, 2);
  EXPECT_EQ(f.cross_border_organizations, 1);
  EXPECT_DOUBLE_EQ(f.cross_border_organizations_share, 0.5);
  EXPECT_DOUBLE_EQ(f.cross_border_used_hours, 3);
  EXPECT_DOUBLE_EQ(f.cross_border_used_hours_share, 3 / 4.5);
  EXPECT_EQ(f.learners_reached, 9);
  EXPECT_DOUBLE_EQ(f.learner_hours, 4 * 1.5 + 5 * 3);
  EXPECT_EQ(Audience(f, 1).learners, 3);
  EXPECT_DOUBLE_EQ(Audience(f, 1).learner_hours, 4.5);
  EXPECT_EQ(Audience(f, 2).learners, 1);
  EXPECT_DOUBLE_EQ(Audience(f, 2).learner_hours, 1.5);
  EXPECT_EQ(Audience(f, 4).learners, 5);
  EXPECT_DOUBLE_EQ(Audience(f, 4).learner_hours, 15);
  EXPECT_EQ(Audience(f, 3).learners, 0);
  EXPECT_EQ(f.revenue_cents, used_be.quote.total_cents + used_nl.quote.total_cents);
  EXPECT_GT(f.revenue_cents, 0);
  // 10,000 euro over 10 years, for 31 days.
  EXPECT_EQ(f.depreciation_cents, 8487);
  EXPECT_DOUBLE_EQ(f.cost_per_learner_hour_cents, 8487.0 / 21);
  ASSERT_EQ(f.organizations_by_kind.size(), 2u);
  // The rig's terms do not disclose borrowers to the owner.
  EXPECT_THAT(f.borrowers, IsEmpty());

  // The school sees its own use only: one reservation of the two used.
  StatScope own;
  own.organization_id = kSchool;
  absl::StatusOr<StatSummary> mine = statistics_.Summary(Coordinator(), March(own));
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_DOUBLE_EQ(mine->groups[0].used_hours, 1.5);
  EXPECT_EQ(mine->groups[0].distinct_organizations, 1);
  ASSERT_EQ(mine->groups[0].borrowers.size(), 1u);
  EXPECT_EQ(mine->groups[0].borrowers[0].name, "School BE");
}

// A loan of the mobile setup counts from check-out to check-in; a mobile setup is available
// around the clock, so March (UTC) has 744 hours.
TEST_P(StatisticsTest, LoanUseCountsFromCheckOutToCheckIn) {
  ReservationRequest request =
      Loan(Brussels(2026, 3, 9, 8), Brussels(2026, 3, 11, 17), NorthOfBase(10));
  request.organization_id = kOtherSchool;
  absl::StatusOr<Reservation> loan = Reserve(request, Coordinator(kOtherSchool));
  ASSERT_TRUE(loan.ok()) << loan.status();
  ASSERT_TRUE(engine_
                  ->CheckOutReservation(Coordinator(kOtherSchool), loan->id,
                                        Brussels(2026, 3, 9, 7, 30), "")
                  .ok());
  absl::StatusOr<Reservation> back = engine_->CheckInReservation(
      Coordinator(kOtherSchool), loan->id, Brussels(2026, 3, 11, 17, 30), {{1, 10}, {5, 2}},
      Condition::kGood, "");
  ASSERT_TRUE(back.ok()) << back.status();

  absl::StatusOr<StatSummary> s = statistics_.Summary(OwnerAdmin(), March(ListingScope(kVan)));
  ASSERT_TRUE(s.ok()) << s.status();
  const StatFigures& f = s->groups[0];
  EXPECT_DOUBLE_EQ(f.available_hours, 31 * 24);
  EXPECT_DOUBLE_EQ(f.reserved_hours, 57);
  EXPECT_DOUBLE_EQ(f.used_hours, 58);
  EXPECT_DOUBLE_EQ(f.utilisation, 58.0 / 744);
  EXPECT_EQ(f.learners_reached, 12);
  EXPECT_DOUBLE_EQ(f.learner_hours, 12 * 58);
  EXPECT_DOUBLE_EQ(Audience(f, 5).learner_hours, 2 * 58);
  EXPECT_DOUBLE_EQ(f.cross_border_used_hours_share, 1);
  EXPECT_EQ(f.revenue_cents, back->quote.total_cents);
  // Mobile and fixed: the owner's two listings by owner kind.
  StatScope owner;
  owner.owner_organization_id = kOwner;
  absl::StatusOr<StatSummary> by_kind =
      statistics_.Summary(OwnerAdmin(), March(owner, GroupBy::kOwnerKind));
  ASSERT_TRUE(by_kind.ok()) << by_kind.status();
  ASSERT_EQ(by_kind->groups.size(), 1u);
  EXPECT_EQ(by_kind->groups[0].group_key, "company");
  EXPECT_DOUBLE_EQ(by_kind->groups[0].used_hours, 58);
}

TEST_P(StatisticsTest, OwnersSeeBorrowerNamesOnlyWhereTheTermsAllow) {
  Completed(kRig, Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), absl::Hours(2), {{1, 4}});
  auto names = [&] {
    absl::StatusOr<StatSummary> s = statistics_.Summary(OwnerAdmin(), March(ListingScope(kRig)));
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? s->groups[0].borrowers.size() : 99u;
  };
  EXPECT_EQ(names(), 0u);
  stats_directory_.Listing(kRig).disclose_borrower_names = true;
  EXPECT_EQ(names(), 1u);
  absl::StatusOr<StatSummary> admin = statistics_.Summary(PlatformAdmin(), March());
  ASSERT_TRUE(admin.ok()) << admin.status();
  EXPECT_EQ(admin->groups[0].borrowers.size(), 1u);
  absl::StatusOr<StatSummary> analyst = statistics_.Summary(Analyst(), March());
  ASSERT_TRUE(analyst.ok()) << analyst.status();
  EXPECT_THAT(analyst->groups[0].borrowers, IsEmpty());
}

// ---- Recompute every figure from the raw reservations after random changes.

struct Expected {
  StatCounts counts;
  std::set<std::string> used_by;
};

// Straight from the reservation's fields, independently of the store's triggers.
void AddExpected(const Reservation& r, Expected& e) {
  const ReservationStatus s = r.status;
  if (s == ReservationStatus::kPendingApproval || s == ReservationStatus::kConfirmed ||
      s == ReservationStatus::kCheckedOut) {
    ++e.counts.active;
  }
  if (s == ReservationStatus::kConfirmed || s == ReservationStatus::kCheckedOut ||
      s == ReservationStatus::kCompleted) {
    e.counts.reserved_minutes += (r.end_time - r.start_time) / absl::Minutes(1);
  }
  if (s == ReservationStatus::kCompleted) {
    ++e.counts.completed;
    e.used_by.insert(r.organization_id);
    const int64_t used = (*r.check_in_time - *r.check_out_time) / absl::Minutes(1);
    e.counts.used_minutes += used;
    for (const AudienceCount& a : r.learners_present) {
      e.counts.learners[0] += a.count;
      e.counts.learners[a.audience] += a.count;
      e.counts.learner_minutes[0] += a.count * used;
      e.counts.learner_minutes[a.audience] += a.count * used;
    }
    e.counts.revenue_cents += r.quote.total_cents;
  }
  if (s == ReservationStatus::kCancelled) {
    ++e.counts.cancelled;
    e.counts.revenue_cents += r.cancellation_fee_cents;
  }
  if (s == ReservationStatus::kNoShow) {
    ++e.counts.no_shows;
    e.counts.revenue_cents += r.cancellation_fee_cents;
  }
}

bool IsZero(const StatCounts& c) { return c == StatCounts{}; }

TEST_P(StatisticsTest, AggregatesEqualARecomputeFromTheRawReservationsAfterRandomChanges) {
  std::vector<Reservation> all;
  RandomHistory(20260301, all);
  ASSERT_FALSE(HasFatalFailure());
  std::set<ReservationStatus> seen;
  for (const Reservation& r : all) seen.insert(r.status);
  EXPECT_GE(seen.size(), 5u) << "the random changes should reach most statuses";

  // Row by row: (day, listing, owner, borrower).
  std::map<std::tuple<int64_t, std::string, std::string, std::string>, Expected> expected;
  for (const Reservation& r : all) {
    AddExpected(r, expected[{StatDay(r.start_time), r.listing_id, r.owner_organization_id,
                             r.organization_id}]);
  }
  StatRowQuery everything;
  everything.from_day = 0;
  everything.to_day = StatDay(Utc(2030, 1, 1, 0));
  everything.per_day = true;
  absl::StatusOr<std::vector<StatRow>> rows = stats_store_.QueryRows(everything);
  ASSERT_TRUE(rows.ok()) << rows.status();
  std::map<std::tuple<int64_t, std::string, std::string, std::string>, StatCounts> stored;
  for (const StatRow& row : *rows) {
    if (!IsZero(row.counts)) {
      stored[{row.day, row.listing_id, row.owner_organization_id, row.organization_id}] =
          row.counts;
    }
  }
  std::map<std::tuple<int64_t, std::string, std::string, std::string>, StatCounts> recomputed;
  for (const auto& [key, e] : expected) {
    if (!IsZero(e.counts)) recomputed[key] = e.counts;
  }
  EXPECT_EQ(stored.size(), recomputed.size());
  for (const auto& [key, counts] : recomputed) {
    auto it = stored.find(key);
    ASSERT_NE(it, stored.end()) << std::get<1>(key) << " day " << std::get<0>(key);
    EXPECT_EQ(it->second, counts) << std::get<1>(key) << " day " << std::get<0>(key);
  }

  // And the figures per listing over the whole span, through the query path.
  StatQuery q;
  q.start = Utc(2026, 3, 1, 0);
  q.end = Utc(2027, 3, 1, 0);
  q.group_by = GroupBy::kListing;
  absl::StatusOr<StatSummary> summary = statistics_.Summary(PlatformAdmin(), q);
  ASSERT_TRUE(summary.ok()) << summary.status();
  std::map<std::string, Expected> per_listing;
  for (const Reservation& r : all) AddExpected(r, per_listing[r.listing_id]);
  ASSERT_EQ(summary->groups.size(), per_listing.size());
  for (const StatFigures& f : summary->groups) {
    const Expected& e = per_listing[f.group_key];
    EXPECT_EQ(f.reservations_active, e.counts.active) << f.group_key;
    EXPECT_EQ(f.reservations_completed, e.counts.completed) << f.group_key;
    EXPECT_EQ(f.cancellations, e.counts.cancelled) << f.group_key;
    EXPECT_EQ(f.no_shows, e.counts.no_shows) << f.group_key;
    EXPECT_DOUBLE_EQ(f.reserved_hours, e.counts.reserved_minutes / 60.0) << f.group_key;
    EXPECT_DOUBLE_EQ(f.used_hours, e.counts.used_minutes / 60.0) << f.group_key;
    EXPECT_EQ(f.learners_reached, e.counts.learners[0]) << f.group_key;
    EXPECT_DOUBLE_EQ(f.learner_hours, e.counts.learner_minutes[0] / 60.0) << f.group_key;
    for (int a = 1; a <= kAudienceCount; ++a) {
      EXPECT_EQ(Audience(f, a).learners, e.counts.learners[a]) << f.group_key << " " << a;
    }
    EXPECT_EQ(f.revenue_cents, e.counts.revenue_cents) << f.group_key;
    EXPECT_EQ(f.distinct_organizations, static_cast<int>(e.used_by.size())) << f.group_key;
  }

  // The monthly series adds up to the summary.
  q.group_by = GroupBy::kNone;
  absl::StatusOr<StatTimeSeries> series =
      statistics_.TimeSeries(PlatformAdmin(), q, StatInterval::kMonth);
  ASSERT_TRUE(series.ok()) << series.status();
  EXPECT_EQ(series->points.size(), 12u);
  int64_t completed = 0;
  double used = 0;
  for (const StatFigures& p : series->points) {
    completed += p.reservations_completed;
    used += p.used_hours;
  }
  int64_t total_completed = 0;
  double total_used = 0;
  for (const auto& [id, e] : per_listing) {
    total_completed += e.counts.completed;
    total_used += e.counts.used_minutes / 60.0;
  }
  EXPECT_EQ(completed, total_completed);
  EXPECT_NEAR(used, total_used, 1e-9);

  // Periods made of whole UTC months (read from the month rollups), of partial months at
  // either edge (read from the days), and of both, per listing and per month.
  const std::vector<std::pair<absl::Time, absl::Time>> periods = {
      {Utc(2026, 3, 1, 0), Utc(2026, 5, 1, 0)},   {Utc(2026, 3, 10, 0), Utc(2026, 4, 20, 0)},
      {Utc(2026, 3, 10, 0), Utc(2026, 5, 20, 0)}, {Utc(2026, 2, 20, 0), Utc(2026, 6, 3, 0)},
      {Utc(2026, 4, 1, 0), Utc(2026, 4, 17, 0)},  {Utc(2026, 3, 25, 0), Utc(2026, 5, 1, 0)}};
  int64_t whole_month_completed = 0;
  for (const auto& [start, end] : periods) {
    const std::string period = absl::StrCat(absl::FormatTime(start), " .. ", absl::FormatTime(end));
    std::map<std::string, Expected> in_period;
    Expected overall;
    for (const Reservation& r : all) {
      if (r.start_time < start || r.start_time >= end) continue;
      AddExpected(r, in_period[r.listing_id]);
      AddExpected(r, overall);
    }
    q.start = start;
    q.end = end;
    q.group_by = GroupBy::kListing;
    absl::StatusOr<StatSummary> part = statistics_.Summary(PlatformAdmin(), q);
    ASSERT_TRUE(part.ok()) << part.status();
    std::map<std::string, StatFigures> got;
    for (const StatFigures& f : part->groups) got[f.group_key] = f;
    for (const auto& [listing, e] : in_period) {
      const StatFigures& f = got[listing];
      EXPECT_EQ(f.reservations_active, e.counts.active) << period << " " << listing;
      EXPECT_EQ(f.reservations_completed, e.counts.completed) << period << " " << listing;
      EXPECT_EQ(f.cancellations, e.counts.cancelled) << period << " " << listing;
      EXPECT_EQ(f.no_shows, e.counts.no_shows) << period << " " << listing;
      EXPECT_DOUBLE_EQ(f.reserved_hours, e.counts.reserved_minutes / 60.0) << period << listing;
      EXPECT_DOUBLE_EQ(f.used_hours, e.counts.used_minutes / 60.0) << period << " " << listing;
      EXPECT_EQ(f.learners_reached, e.counts.learners[0]) << period << " " << listing;
      EXPECT_DOUBLE_EQ(f.learner_hours, e.counts.learner_minutes[0] / 60.0) << period << listing;
      for (int a = 1; a <= kAudienceCount; ++a) {
        EXPECT_EQ(Audience(f, a).learners, e.counts.learners[a]) << period << listing << a;
      }
      EXPECT_EQ(f.revenue_cents, e.counts.revenue_cents) << period << " " << listing;
      EXPECT_EQ(f.distinct_organizations, static_cast<int>(e.used_by.size()))
          << period << " " << listing;
    }
    for (const auto& [listing, f] : got) {
      if (in_period.count(listing) == 0) {
        EXPECT_EQ(f.reservations_completed + f.reservations_active + f.cancellations, 0)
            << period << " " << listing;
      }
    }

    q.group_by = GroupBy::kNone;
    absl::StatusOr<StatSummary> whole = statistics_.Summary(PlatformAdmin(), q);
    ASSERT_TRUE(whole.ok()) << whole.status();
    ASSERT_EQ(whole->groups.size(), 1u);
    EXPECT_EQ(whole->groups[0].distinct_organizations, static_cast<int>(overall.used_by.size()))
        << period;
    EXPECT_EQ(whole->groups[0].reservations_completed, overall.counts.completed) << period;
    if (start == Utc(2026, 3, 1, 0)) whole_month_completed = overall.counts.completed;

    absl::StatusOr<StatTimeSeries> months =
        statistics_.TimeSeries(PlatformAdmin(), q, StatInterval::kMonth);
    ASSERT_TRUE(months.ok()) << months.status();
    for (const StatFigures& p : months->points) {
      Expected e;
      for (const Reservation& r : all) {
        if (r.start_time >= p.period_start && r.start_time < p.period_end) AddExpected(r, e);
      }
      EXPECT_EQ(p.reservations_completed, e.counts.completed) << period;
      EXPECT_EQ(p.cancellations, e.counts.cancelled) << period;
      EXPECT_EQ(p.revenue_cents, e.counts.revenue_cents) << period;
      EXPECT_DOUBLE_EQ(p.used_hours, e.counts.used_minutes / 60.0) << period;
      EXPECT_EQ(p.learners_reached, e.counts.learners[0]) << period;
      EXPECT_EQ(p.distinct_organizations, static_cast<int>(e.used_by.size())) << period;
    }
  }
  EXPECT_GT(whole_month_completed, 0) << "the whole months should hold completed use";

  // The month rollups themselves: a block of whole months is read from them alone.
  StatBlockQuery month_query;
  for (absl::CivilMonth m(2026, 1); m <= absl::CivilMonth(2027, 4); ++m) {
    month_query.bounds.push_back(StatDay(absl::FromCivil(m, absl::UTCTimeZone())));
  }
  absl::StatusOr<StatBlock> block = stats_store_.QueryBlock(month_query);
  ASSERT_TRUE(block.ok()) << block.status();
  auto month_of = [&](absl::Time t) {
    const absl::CivilMonth m(absl::ToCivilDay(t, absl::UTCTimeZone()));
    return static_cast<int32_t>(m - absl::CivilMonth(2026, 1));
  };
  using MonthKey = std::tuple<int32_t, std::string, std::string>;
  using UseKey = std::tuple<int32_t, std::string, std::string, std::string>;
  std::map<MonthKey, Expected> month_expected;
  std::map<UseKey, std::pair<int64_t, int64_t>> use_expected;
  for (const Reservation& r : all) {
    AddExpected(r, month_expected[{month_of(r.start_time), r.listing_id, r.owner_organization_id}]);
    if (r.status == ReservationStatus::kCompleted) {
      auto& [count, minutes] = use_expected[{month_of(r.start_time), r.listing_id,
                                             r.owner_organization_id, r.organization_id}];
      ++count;
      minutes += (*r.check_in_time - *r.check_out_time) / absl::Minutes(1);
    }
  }
  std::map<MonthKey, StatCounts> month_stored;
  for (const StatBlock::Sums& row : block->sums) {
    EXPECT_EQ(row.borrower, -1);
    month_stored[{row.bucket, block->ids[row.listing], block->ids[row.owner]}].Add(row.counts);
  }
  std::map<UseKey, std::pair<int64_t, int64_t>> use_stored;
  for (const StatBlock::Use& row : block->uses) {
    auto& [count, minutes] = use_stored[{row.bucket, block->ids[row.listing], block->ids[row.owner],
                                         block->ids[row.borrower]}];
    count += row.completed;
    minutes += row.used_minutes;
  }
  int whole_months = 0;
  for (const auto& [key, e] : month_expected) {
    if (IsZero(e.counts)) continue;
    ++whole_months;
    EXPECT_EQ(month_stored[key], e.counts) << std::get<0>(key) << " " << std::get<1>(key);
  }
  EXPECT_GE(whole_months, 4) << "the history should span several months and listings";
  for (const auto& [key, counts] : month_stored) {
    if (month_expected.count(key) == 0) {
      EXPECT_TRUE(IsZero(counts)) << std::get<1>(key);
    }
  }
  for (auto it = use_stored.begin(); it != use_stored.end();) {
    it = it->second == std::pair<int64_t, int64_t>{0, 0} ? use_stored.erase(it) : std::next(it);
  }
  EXPECT_EQ(use_stored, use_expected);
  EXPECT_FALSE(use_expected.empty());
}

// ---- Month rollups against day rows

void ExpectSameFigures(const std::vector<StatFigures>& got, const std::vector<StatFigures>& want,
                       const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    const StatFigures& a = got[i];
    const StatFigures& b = want[i];
    const std::string at =
        absl::StrCat(what, " [", i, "] ", b.group_key, " ", absl::FormatTime(b.period_start));
    EXPECT_EQ(a.group_key, b.group_key) << at;
    EXPECT_EQ(a.group_label, b.group_label) << at;
    EXPECT_EQ(a.period_start, b.period_start) << at;
    EXPECT_EQ(a.period_end, b.period_end) << at;
    EXPECT_EQ(a.listing_count, b.listing_count) << at;
    EXPECT_DOUBLE_EQ(a.available_hours, b.available_hours) << at;
    EXPECT_DOUBLE_EQ(a.reserved_hours, b.reserved_hours) << at;
    EXPECT_DOUBLE_EQ(a.used_hours, b.used_hours) << at;
    EXPECT_DOUBLE_EQ(a.utilisation, b.utilisation) << at;
    EXPECT_EQ(a.reservations_active, b.reservations_active) << at;
    EXPECT_EQ(a.reservations_completed, b.reservations_completed) << at;
    EXPECT_EQ(a.cancellations, b.cancellations) << at;
    EXPECT_EQ(a.no_shows, b.no_shows) << at;
    EXPECT_EQ(a.distinct_organizations, b.distinct_organizations) << at;
    ASSERT_EQ(a.organizations_by_kind.size(), b.organizations_by_kind.size()) << at;
    for (size_t k = 0; k < a.organizations_by_kind.size(); ++k) {
      EXPECT_EQ(a.organizations_by_kind[k].kind, b.organizations_by_kind[k].kind) << at;
      EXPECT_EQ(a.organizations_by_kind[k].count, b.organizations_by_kind[k].count) << at;
    }
    EXPECT_EQ(a.cross_border_organizations, b.cross_border_organizations) << at;
    EXPECT_DOUBLE_EQ(a.cross_border_used_hours, b.cross_border_used_hours) << at;
    EXPECT_DOUBLE_EQ(a.cross_border_used_hours_share, b.cross_border_used_hours_share) << at;
    EXPECT_DOUBLE_EQ(a.cross_border_organizations_share, b.cross_border_organizations_share) << at;
    EXPECT_EQ(a.learners_reached, b.learners_reached) << at;
    EXPECT_DOUBLE_EQ(a.learner_hours, b.learner_hours) << at;
    ASSERT_EQ(a.audiences.size(), b.audiences.size()) << at;
    for (size_t k = 0; k < a.audiences.size(); ++k) {
      EXPECT_EQ(a.audiences[k].learners, b.audiences[k].learners) << at;
      EXPECT_DOUBLE_EQ(a.audiences[k].learner_hours, b.audiences[k].learner_hours) << at;
    }
    EXPECT_EQ(a.revenue_cents, b.revenue_cents) << at;
    EXPECT_EQ(a.depreciation_cents, b.depreciation_cents) << at;
    EXPECT_DOUBLE_EQ(a.cost_per_learner_hour_cents, b.cost_per_learner_hour_cents) << at;
    ASSERT_EQ(a.borrowers.size(), b.borrowers.size()) << at;
    for (size_t k = 0; k < a.borrowers.size(); ++k) {
      EXPECT_EQ(a.borrowers[k].organization_id, b.borrowers[k].organization_id) << at;
      EXPECT_EQ(a.borrowers[k].name, b.borrowers[k].name) << at;
      EXPECT_DOUBLE_EQ(a.borrowers[k].used_hours, b.borrowers[k].used_hours) << at;
    }
  }
}

// Every figure, for every scope, grouping and interval, over whole and partial months, is the
// same whether whole months come from the month rollups or from the day rows.
TEST_P(StatisticsTest, MonthRollupsGiveTheFiguresOfTheDayRows) {
  // The sim's owner sees who borrowed it; the rig's does not.
  stats_directory_.Listing(kSim).disclose_borrower_names = true;
  std::vector<Reservation> all;
  RandomHistory(20260417, all);
  ASSERT_FALSE(HasFatalFailure());

  // Any listing filter reads the rollups here, so scopes by technology and listing do too.
  SqliteStatisticsStore rollup_store(*db_, store_.get(), /*rollup_min_listings=*/1);
  Statistics rollups(rollup_store, stats_directory_, *store_, clock_);
  StatisticsOptions day_options;
  day_options.month_rollups = false;
  Statistics days(stats_store_, stats_directory_, *store_, clock_, day_options);

  StatScope platform;
  StatScope technology;
  technology.technology = "heat-pump";
  StatScope owner;
  owner.owner_organization_id = kOwner;
  StatScope school;
  school.organization_id = kOtherSchool;
  StatScope network;
  network.network_id = kNetwork;
  const std::vector<std::tuple<std::string, auth::Caller, StatScope>> viewers = {
      {"admin/platform", PlatformAdmin(), platform},
      {"analyst/platform", Analyst(), platform},
      {"analyst/technology", Analyst(), technology},
      {"owner/owner", OwnerAdmin(), owner},
      {"owner/sim", OwnerAdmin(), ListingScope(kSim)},
      {"school/own", Coordinator(kOtherSchool), school},
      {"sector/network", SectorBodyMember(), network},
  };
  const std::vector<std::pair<absl::Time, absl::Time>> periods = {
      {Utc(2026, 3, 1, 0), Utc(2026, 5, 1, 0)},  {Utc(2026, 3, 10, 0), Utc(2026, 4, 20, 0)},
      {Utc(2026, 2, 20, 0), Utc(2026, 6, 3, 0)}, {Utc(2026, 4, 1, 0), Utc(2026, 4, 17, 0)},
      {Utc(2026, 3, 25, 0), Utc(2026, 5, 1, 0)}, {Utc(2026, 1, 1, 0), Utc(2027, 1, 1, 0)},
      {Utc(2025, 9, 1, 0), Utc(2026, 9, 1, 0)}};
  int compared = 0;
  int cross_border = 0;
  int named = 0;
  for (const auto& [who, caller, scope] : viewers) {
    for (const auto& [start, end] : periods) {
      for (int g = 0; g <= 8; ++g) {
        for (StatInterval interval : {StatInterval::kUnspecified, StatInterval::kMonth,
                                      StatInterval::kQuarter, StatInterval::kWeek}) {
          if (interval == StatInterval::kWeek && g != 0) continue;
          StatQuery q;
          q.scope = scope;
          q.start = start;
          q.end = end;
          q.group_by = static_cast<GroupBy>(g);
          const std::string what = absl::StrCat(who, " ", absl::FormatTime(start), ".. group ", g,
                                                " interval ", static_cast<int>(interval));
          auto run = [&](Statistics& statistics) -> absl::StatusOr<std::vector<StatFigures>> {
            if (interval == StatInterval::kUnspecified) {
              absl::StatusOr<StatSummary> summary = statistics.Summary(caller, q);
              if (!summary.ok()) return summary.status();
              return summary->groups;
            }
            absl::StatusOr<StatTimeSeries> series = statistics.TimeSeries(caller, q, interval);
            if (!series.ok()) return series.status();
            return series->points;
          };
          absl::StatusOr<std::vector<StatFigures>> got = run(rollups);
          absl::StatusOr<std::vector<StatFigures>> want = run(days);
          ASSERT_TRUE(want.ok()) << what << ": " << want.status();
          ASSERT_TRUE(got.ok()) << what << ": " << got.status();
          ExpectSameFigures(*got, *want, what);
          ASSERT_FALSE(HasFatalFailure());
          ++compared;
          for (const StatFigures& f : *want) {
            cross_border += f.cross_border_organizations;
            named += static_cast<int>(f.borrowers.size());
          }
        }
      }
    }
  }
  EXPECT_GT(compared, 1000);
  EXPECT_GT(cross_border, 0);
  EXPECT_GT(named, 0);
}

// Migration 0008 starts its rollups from the day rows already stored, and its triggers keep
// them from there on.
TEST(StatisticsMigrationTest, MonthRollupsStartFromTheAggregatesAlreadyStored) {
  absl::StatusOr<std::unique_ptr<storage::Database>> db = storage::Database::Open({});
  ASSERT_TRUE(db.ok()) << db.status();
  const std::span<const storage::Migration> migrations = SqliteMigrations();
  size_t before = 0;
  while (before < migrations.size() && migrations[before].version < 8) ++before;
  ASSERT_TRUE((*db)->Migrate(migrations.first(before)).ok());

  std::mt19937 random(8);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); };
  const std::vector<std::string> listings = {"lst_a", "lst_b", "lst_c"};
  const std::vector<std::string> borrowers = {"org_x", "org_y", "org_z"};
  std::vector<Reservation> stored;
  auto add = [&](BookingTransaction& tx, int count) -> absl::Status {
    for (int i = 0; i < count; ++i) {
      Reservation r;
      r.id = absl::StrCat("rsv_", stored.size());
      const int listing = pick(3);
      r.listing_id = listings[listing];
      r.owner_organization_id = listing == 2 ? "org_owner_2" : "org_owner_1";
      r.units = {1 + static_cast<int>(stored.size())};
      r.organization_id = borrowers[pick(3)];
      r.responsible_person_id = r.created_by_person_id = "per_test";
      r.kind = ReservationKind::kSession;
      r.start_time = Utc(2026, 1, 1, 9) + absl::Hours(24 * pick(150));
      r.end_time = r.start_time + absl::Hours(2);
      r.occupied_start_time = r.start_time;
      r.occupied_end_time = r.end_time;
      r.time_zone = "Europe/Brussels";
      r.learners = 6;
      r.quote.total_cents = 4000;
      const int roll = pick(4);
      if (roll < 2) {
        r.status = ReservationStatus::kCompleted;
        r.check_out_time = r.start_time;
        r.check_in_time = r.start_time + absl::Minutes(30 + pick(90));
        r.learners_present = {{1, 1 + pick(5)}, {2, 1}};
      } else {
        r.status = roll == 2 ? ReservationStatus::kCancelled : ReservationStatus::kConfirmed;
      }
      r.create_time = r.update_time = Utc(2026, 1, 1, 0);
      LP_RETURN_IF_ERROR(tx.InsertReservation(r));
      stored.push_back(r);
    }
    return absl::OkStatus();
  };
  {
    SqliteBookingStore store(**db);
    ASSERT_TRUE(store.Transact([&](BookingTransaction& tx) { return add(tx, 150); }).ok());
  }
  ASSERT_TRUE((*db)->Migrate(migrations).ok());
  SqliteBookingStore store(**db);
  // After the migration: more reservations, and some used ones undone and others used.
  ASSERT_TRUE(store
                  .Transact([&](BookingTransaction& tx) -> absl::Status {
                    LP_RETURN_IF_ERROR(add(tx, 60));
                    for (int i = 0; i < 40; ++i) {
                      Reservation& r = stored[pick(static_cast<int>(stored.size()))];
                      if (r.status == ReservationStatus::kCompleted) {
                        r.status = ReservationStatus::kCancelled;
                      } else {
                        r.status = ReservationStatus::kCompleted;
                        r.check_out_time = r.start_time;
                        r.check_in_time = r.start_time + absl::Minutes(45);
                        r.learners_present = {{3, 2}};
                      }
                      LP_RETURN_IF_ERROR(tx.UpdateReservation(r));
                    }
                    return absl::OkStatus();
                  })
                  .ok());

  SqliteStatisticsStore stats(**db, &store);
  StatBlockQuery query;
  for (absl::CivilMonth m(2025, 12); m <= absl::CivilMonth(2026, 7); ++m) {
    query.bounds.push_back(StatDay(absl::FromCivil(m, absl::UTCTimeZone())));
  }
  absl::StatusOr<StatBlock> from_months = stats.QueryBlock(query);
  ASSERT_TRUE(from_months.ok()) << from_months.status();
  query.month_rollups = false;
  absl::StatusOr<StatBlock> from_days = stats.QueryBlock(query);
  ASSERT_TRUE(from_days.ok()) << from_days.status();
  auto sums = [](const StatBlock& block) {
    std::map<std::tuple<int32_t, std::string, std::string>, StatCounts> out;
    for (const StatBlock::Sums& row : block.sums) {
      out[{row.bucket, block.ids[row.listing], block.ids[row.owner]}].Add(row.counts);
    }
    return out;
  };
  auto uses = [](const StatBlock& block) {
    std::map<std::tuple<int32_t, std::string, std::string, std::string>,
             std::pair<int64_t, int64_t>>
        out;
    for (const StatBlock::Use& row : block.uses) {
      auto& [count, minutes] =
          out[{row.bucket, block.ids[row.listing], block.ids[row.owner], block.ids[row.borrower]}];
      count += row.completed;
      minutes += row.used_minutes;
    }
    for (auto it = out.begin(); it != out.end();) {
      it = it->second == std::pair<int64_t, int64_t>{0, 0} ? out.erase(it) : std::next(it);
    }
    return out;
  };
  EXPECT_EQ(sums(*from_months), sums(*from_days));
  EXPECT_EQ(uses(*from_months), uses(*from_days));
  EXPECT_GE(uses(*from_days).size(), 20u);
  int64_t completed = 0;
  for (const Reservation& r : stored) completed += r.status == ReservationStatus::kCompleted;
  int64_t counted = 0;
  for (const auto& [key, counts] : sums(*from_months)) counted += counts.completed;
  EXPECT_EQ(counted, completed);
}

// ---- Who sees what

TEST_P(StatisticsTest, PermissionMatrix) {
  Completed(kRig, Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), absl::Hours(2), {{1, 4}});
  StatScope platform;
  StatScope owner;
  owner.owner_organization_id = kOwner;
  StatScope school;
  school.organization_id = kSchool;
  StatScope other;
  other.organization_id = kOtherSchool;
  StatScope network;
  network.network_id = kNetwork;
  StatScope technology;
  technology.technology = "heat-pump";
  const StatScope listing = ListingScope(kRig);

  struct Case {
    std::string who;
    auth::Caller caller;
    StatScope scope;
    absl::StatusCode code;
  };
  const std::vector<Case> cases = {
      {"owner/listing", OwnerAdmin(), listing, absl::StatusCode::kOk},
      {"owner/owner", OwnerAdmin(), owner, absl::StatusCode::kOk},
      {"owner/borrower", OwnerAdmin(), school, absl::StatusCode::kPermissionDenied},
      {"owner/platform", OwnerAdmin(), platform, absl::StatusCode::kPermissionDenied},
      {"school/own", Coordinator(), school, absl::StatusCode::kOk},
      {"school/other", Coordinator(), other, absl::StatusCode::kPermissionDenied},
      {"school/listing", Coordinator(), listing, absl::StatusCode::kPermissionDenied},
      {"school/owner", Coordinator(), owner, absl::StatusCode::kPermissionDenied},
      {"school/network", Coordinator(), network, absl::StatusCode::kPermissionDenied},
      {"school/platform", Coordinator(), platform, absl::StatusCode::kPermissionDenied},
      {"analyst/platform", Analyst(), platform, absl::StatusCode::kOk},
      {"analyst/technology", Analyst(), technology, absl::StatusCode::kOk},
      {"analyst/owner", Analyst(), owner, absl::StatusCode::kPermissionDenied},
      {"sector/network", SectorBodyMember(), network, absl::StatusCode::kOk},
      {"sector/platform", SectorBodyMember(), platform, absl::StatusCode::kPermissionDenied},
      {"government/platform", GovernmentMember(), platform, absl::StatusCode::kOk},
      {"government/network", GovernmentMember(), network, absl::StatusCode::kPermissionDenied},
      {"admin/borrower", PlatformAdmin(), other, absl::StatusCode::kOk},
      {"admin/network", PlatformAdmin(), network, absl::StatusCode::kOk},
      {"anonymous/platform", auth::Caller::Anonymous(), platform,
       absl::StatusCode::kUnauthenticated},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(statistics_.Summary(c.caller, March(c.scope)).status().code(), c.code) << c.who;
    EXPECT_EQ(statistics_.Export(c.caller, March(c.scope), StatInterval::kMonth).status().code(),
              c.code)
        << c.who;
  }
  // The network covers its members' listings: the owner's rig.
  absl::StatusOr<StatSummary> net = statistics_.Summary(SectorBodyMember(), March(network));
  ASSERT_TRUE(net.ok());
  EXPECT_DOUBLE_EQ(net->groups[0].used_hours, 2);
  // Import is for platform admins only.
  HistoricReservation h;
  h.listing_id = kRig;
  h.organization_id = kSchool;
  h.start_time = Utc(2026, 1, 5, 9);
  h.end_time = Utc(2026, 1, 5, 11);
  EXPECT_EQ(statistics_.ImportHistory(OwnerAdmin(), {h}).status().code(),
            absl::StatusCode::kPermissionDenied);
}

// ---- Bad input

TEST_P(StatisticsTest, BadInputNamesTheField) {
  auto error = [&](StatQuery q) {
    absl::Status s = statistics_.Summary(PlatformAdmin(), q).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    return std::string(s.message());
  };
  StatQuery backwards = March();
  std::swap(backwards.start, backwards.end);
  EXPECT_THAT(error(backwards), HasSubstr("end_time"));
  StatQuery long_period = March();
  long_period.start = Utc(2015, 1, 1, 0);
  EXPECT_THAT(error(long_period), HasSubstr("ten years"));
  StatQuery no_start = March();
  no_start.start = absl::InfinitePast();
  EXPECT_THAT(error(no_start), HasSubstr("start_time"));
  EXPECT_THAT(error(March(ListingScope("lst_nope"))), HasSubstr("listing_id"));
  StatScope unknown_owner;
  unknown_owner.owner_organization_id = "org_nope";
  EXPECT_THAT(error(March(unknown_owner)), HasSubstr("owner_organization_id"));
  StatScope unknown_org;
  unknown_org.organization_id = "org_nope";
  EXPECT_THAT(error(March(unknown_org)), HasSubstr("organization_id"));
  StatScope unknown_network;
  unknown_network.network_id = "net_nope";
  EXPECT_THAT(error(March(unknown_network)), HasSubstr("network_id"));
  StatScope two = ListingScope(kRig);
  two.organization_id = kSchool;
  EXPECT_THAT(error(March(two)), HasSubstr("scope"));
  EXPECT_THAT(error(March({}, static_cast<GroupBy>(42))), HasSubstr("group_by"));
  EXPECT_EQ(statistics_.TimeSeries(PlatformAdmin(), March(), static_cast<StatInterval>(9))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  TopQuery top;
  top.query = March();
  top.limit = 1000;
  EXPECT_THAT(statistics_.Top(PlatformAdmin(), top).status().message(), HasSubstr("limit"));
  // Ten years exactly is fine.
  StatQuery ten = March();
  ten.start = Utc(2016, 4, 1, 0);
  EXPECT_TRUE(statistics_.Summary(PlatformAdmin(), ten).ok());
}

// ---- CSV

// RFC 4180 records of `text` (quoted fields with "" escapes, CRLF line ends).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
    } else if (c == '\r') {
      EXPECT_EQ(text[i + 1], '\n') << "bare CR at " << i;
      record.push_back(field);
      field.clear();
      records.push_back(record);
      record.clear();
      ++i;
    } else {
      EXPECT_NE(c, '\n') << "bare LF at " << i;
      field += c;
    }
  }
  EXPECT_TRUE(field.empty() && record.empty()) << "the last record must end with CRLF";
  return records;
}

TEST_P(StatisticsTest, CsvParsesBackToTheSameNumbers) {
  Completed(kRig, Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), absl::Minutes(100),
            {{1, 3}, {3, 2}});
  Completed(kSim, Brussels(2026, 3, 9, 10), Brussels(2026, 3, 9, 12), absl::Hours(1), {{5, 7}},
            kOtherSchool);
  stats_directory_.Listing(kRig).title = "Warmtepomp \"XL\", Gent — über";

  absl::StatusOr<StatSummary> summary =
      statistics_.Summary(PlatformAdmin(), March({}, GroupBy::kListing));
  ASSERT_TRUE(summary.ok()) << summary.status();
  absl::StatusOr<std::string> csv =
      statistics_.Export(PlatformAdmin(), March({}, GroupBy::kListing), StatInterval::kUnspecified);
  ASSERT_TRUE(csv.ok()) << csv.status();
  const auto records = ParseCsv(*csv);
  ASSERT_EQ(records.size(), summary->groups.size() + 1);
  EXPECT_EQ(records[0], StatCsvHeader());
  auto column = [&](const std::string& name) {
    return std::find(records[0].begin(), records[0].end(), name) - records[0].begin();
  };
  for (size_t i = 0; i < summary->groups.size(); ++i) {
    const StatFigures& f = summary->groups[i];
    const std::vector<std::string>& row = records[i + 1];
    ASSERT_EQ(row.size(), records[0].size());
    EXPECT_EQ(row[column("group_key")], f.group_key);
    EXPECT_EQ(row[column("group_label")], f.group_label);
    EXPECT_EQ(row[column("period_start")], "2026-03-01T00:00:00Z");
    double used = 0, learner_hours = 0, utilisation = 0;
    int64_t learners = 0, orgs = 0, revenue = 0, teens = 0;
    ASSERT_TRUE(absl::SimpleAtod(row[column("used_hours")], &used));
    ASSERT_TRUE(absl::SimpleAtod(row[column("learner_hours")], &learner_hours));
    ASSERT_TRUE(absl::SimpleAtod(row[column("utilisation")], &utilisation));
    ASSERT_TRUE(absl::SimpleAtoi(row[column("learners_reached")], &learners));
    ASSERT_TRUE(absl::SimpleAtoi(row[column("distinct_organizations")], &orgs));
    ASSERT_TRUE(absl::SimpleAtoi(row[column("revenue_cents")], &revenue));
    ASSERT_TRUE(absl::SimpleAtoi(row[column("learners_teens_orientation")], &teens));
    EXPECT_NEAR(used, f.used_hours, 1e-4);
    EXPECT_NEAR(learner_hours, f.learner_hours, 1e-4);
    EXPECT_NEAR(utilisation, f.utilisation, 1e-4);
    EXPECT_EQ(learners, f.learners_reached);
    EXPECT_EQ(orgs, f.distinct_organizations);
    EXPECT_EQ(revenue, f.revenue_cents);
    EXPECT_EQ(teens, Audience(f, 5).learners);
  }
  EXPECT_THAT(*csv, HasSubstr("\"Warmtepomp \"\"XL\"\", Gent — über\""));
}

// ---- Calendar buckets

TEST(StatBucketsTest, SchoolYearsRunFromSeptemberToAugust) {
  const auto buckets =
      StatBuckets(Utc(2025, 8, 15, 0), Utc(2026, 10, 1, 0), StatInterval::kSchoolYear);
  ASSERT_EQ(buckets.size(), 3u);
  EXPECT_EQ(buckets[0].first, Utc(2025, 8, 15, 0));
  EXPECT_EQ(buckets[0].second, Utc(2025, 9, 1, 0));
  EXPECT_EQ(buckets[1].first, Utc(2025, 9, 1, 0));
  EXPECT_EQ(buckets[1].second, Utc(2026, 9, 1, 0));
  EXPECT_EQ(buckets[2].first, Utc(2026, 9, 1, 0));
  EXPECT_EQ(buckets[2].second, Utc(2026, 10, 1, 0));
}

TEST(StatBucketsTest, WeeksStartOnMondayAndQuartersInJanuary) {
  // Thursday 26 March 2026.
  const auto weeks = StatBuckets(Utc(2026, 3, 26, 0), Utc(2026, 4, 13, 0), StatInterval::kWeek);
  ASSERT_EQ(weeks.size(), 3u);
  EXPECT_EQ(weeks[0].first, Utc(2026, 3, 26, 0));
  EXPECT_EQ(weeks[0].second, Utc(2026, 3, 30, 0));
  EXPECT_EQ(weeks[1].second, Utc(2026, 4, 6, 0));
  EXPECT_EQ(weeks[2].second, Utc(2026, 4, 13, 0));
  const auto quarters =
      StatBuckets(Utc(2026, 2, 1, 0), Utc(2026, 12, 31, 0), StatInterval::kQuarter);
  ASSERT_EQ(quarters.size(), 4u);
  EXPECT_EQ(quarters[1].first, Utc(2026, 4, 1, 0));
  EXPECT_EQ(quarters[3].first, Utc(2026, 10, 1, 0));
}

TEST(AvailableMinutesTest, OpeningHoursAreLocalAcrossTheDstWeek) {
  ListingDimensions rig = DimensionsOf(RigFacts(), {}, {});
  // Monday 23 to Monday 30 March 2026 in Brussels: clocks go forward on Sunday the 29th.
  const absl::Time from = Brussels(2026, 3, 23, 0), to = Brussels(2026, 3, 30, 0);
  EXPECT_EQ(AvailableMinutes(rig, from, to), 7 * 10 * 60 * 2);
  // A mobile setup is available around the clock: the week is an hour short.
  ListingDimensions van = DimensionsOf(VanFacts(), {}, {});
  EXPECT_EQ(AvailableMinutes(van, from, to), (7 * 24 - 1) * 60);
  // A closure from 12:00 to 14:00 on Tuesday takes two hours of both units.
  rig.closures.push_back({"c", "", Brussels(2026, 3, 24, 12), Brussels(2026, 3, 24, 14), ""});
  rig.closures.push_back({"d", "", Brussels(2026, 3, 24, 13), Brussels(2026, 3, 24, 15), ""});
  EXPECT_EQ(AvailableMinutes(rig, from, to), (7 * 10 - 3) * 60 * 2);
}

TEST_P(StatisticsTest, TimeSeriesPerSchoolYearAndDstWeek) {
  // One used session in the DST week (Saturday 28 March) and one in the next school year.
  Completed(kRig, Brussels(2026, 3, 28, 10), Brussels(2026, 3, 28, 12), absl::Hours(2), {{1, 8}});
  clock_.Set(Utc(2026, 9, 1, 0));
  Completed(kRig, Brussels(2026, 9, 7, 10), Brussels(2026, 9, 7, 11), absl::Hours(1), {{2, 2}});
  StatQuery q;
  q.scope = ListingScope(kRig);
  q.start = Utc(2025, 9, 1, 0);
  q.end = Utc(2027, 9, 1, 0);
  absl::StatusOr<StatTimeSeries> years =
      statistics_.TimeSeries(OwnerAdmin(), q, StatInterval::kSchoolYear);
  ASSERT_TRUE(years.ok()) << years.status();
  ASSERT_EQ(years->points.size(), 2u);
  EXPECT_EQ(years->points[0].period_start, Utc(2025, 9, 1, 0));
  EXPECT_EQ(years->points[0].learners_reached, 8);
  EXPECT_DOUBLE_EQ(years->points[0].used_hours, 2);
  EXPECT_EQ(years->points[1].period_start, Utc(2026, 9, 1, 0));
  EXPECT_EQ(years->points[1].learners_reached, 2);
  // 365 days of 10 hours on 2 units (2025-09-01..2026-08-31).
  EXPECT_DOUBLE_EQ(years->points[0].available_hours, 365 * 10 * 2);

  q.start = Utc(2026, 3, 23, 0);
  q.end = Utc(2026, 4, 6, 0);
  absl::StatusOr<StatTimeSeries> weeks =
      statistics_.TimeSeries(OwnerAdmin(), q, StatInterval::kWeek);
  ASSERT_TRUE(weeks.ok()) << weeks.status();
  ASSERT_EQ(weeks->points.size(), 2u);
  EXPECT_DOUBLE_EQ(weeks->points[0].used_hours, 2);
  EXPECT_DOUBLE_EQ(weeks->points[0].available_hours, 7 * 10 * 2);
  EXPECT_DOUBLE_EQ(weeks->points[1].used_hours, 0);
}

// ---- Grouping and Top

TEST_P(StatisticsTest, GroupsAndTopListings) {
  Completed(kRig, Brussels(2026, 3, 2, 10), Brussels(2026, 3, 2, 12), absl::Hours(2), {{1, 4}});
  Completed(kRig, Brussels(2026, 3, 3, 10), Brussels(2026, 3, 3, 12), absl::Hours(2), {{1, 4}},
            kOtherSchool);
  Completed(kSim, Brussels(2026, 3, 3, 10), Brussels(2026, 3, 3, 18), absl::Hours(8), {{1, 4}});

  absl::StatusOr<StatSummary> by_tech =
      statistics_.Summary(Analyst(), March({}, GroupBy::kTechnology));
  ASSERT_TRUE(by_tech.ok()) << by_tech.status();
  std::map<std::string, double> used;
  for (const StatFigures& f : by_tech->groups) used[f.group_key] = f.used_hours;
  // The sim has two technologies and counts in both.
  EXPECT_DOUBLE_EQ(used["heat-pump"], 12);
  EXPECT_DOUBLE_EQ(used["welding"], 8);

  absl::StatusOr<StatSummary> by_kind =
      statistics_.Summary(Analyst(), March({}, GroupBy::kBorrowerKind));
  ASSERT_TRUE(by_kind.ok()) << by_kind.status();
  ASSERT_EQ(by_kind->groups.size(), 2u);
  EXPECT_EQ(by_kind->groups[0].group_key, "school");
  EXPECT_DOUBLE_EQ(by_kind->groups[0].used_hours, 10);
  EXPECT_EQ(by_kind->groups[1].group_key, "training_centre");

  StatScope sector;
  sector.sector = "metal";
  absl::StatusOr<StatSummary> metal = statistics_.Summary(Analyst(), March(sector));
  ASSERT_TRUE(metal.ok()) << metal.status();
  EXPECT_DOUBLE_EQ(metal->groups[0].used_hours, 8);

  TopQuery top;
  top.query = March();
  top.order = TopOrder::kUtilisation;
  top.limit = 1;
  absl::StatusOr<std::vector<StatFigures>> best = statistics_.Top(Analyst(), top);
  ASSERT_TRUE(best.ok()) << best.status();
  ASSERT_EQ(best->size(), 1u);
  EXPECT_EQ((*best)[0].group_key, kSim);
  top.order = TopOrder::kDistinctOrganizations;
  best = statistics_.Top(Analyst(), top);
  ASSERT_TRUE(best.ok());
  EXPECT_EQ((*best)[0].group_key, kRig);
  top.bottom = true;
  top.limit = 10;
  absl::StatusOr<std::vector<StatFigures>> worst = statistics_.Top(Analyst(), top);
  ASSERT_TRUE(worst.ok());
  ASSERT_EQ(worst->size(), 2u);
  EXPECT_EQ((*worst)[0].group_key, kSim);
}

// ---- History import

TEST_P(StatisticsTest, ImportedHistoryCountsAndFutureHistoryIsRefused) {
  HistoricReservation h;
  h.listing_id = kRig;
  h.organization_id = kOtherSchool;
  h.start_time = Utc(2026, 2, 2, 9);
  h.end_time = Utc(2026, 2, 2, 11);
  h.learners_present = {{3, 6}};
  h.price_cents = 4200;
  HistoricReservation cancelled = h;
  cancelled.status = ReservationStatus::kCancelled;
  cancelled.start_time = Utc(2026, 2, 3, 9);
  cancelled.end_time = Utc(2026, 2, 3, 11);
  cancelled.cancellation_fee_cents = 5000;
  absl::StatusOr<std::vector<std::string>> ids =
      statistics_.ImportHistory(PlatformAdmin(), {h, cancelled});
  ASSERT_TRUE(ids.ok()) << ids.status();
  ASSERT_EQ(ids->size(), 2u);

  StatQuery february = March(ListingScope(kRig));
  february.start = Utc(2026, 2, 1, 0);
  february.end = Utc(2026, 3, 1, 0);
  absl::StatusOr<StatSummary> s = statistics_.Summary(OwnerAdmin(), february);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_DOUBLE_EQ(s->groups[0].used_hours, 2);
  EXPECT_DOUBLE_EQ(s->groups[0].learner_hours, 12);
  EXPECT_EQ(s->groups[0].cancellations, 1);
  EXPECT_EQ(s->groups[0].revenue_cents, 4200 + 5000);
  EXPECT_EQ(s->groups[0].cross_border_organizations, 1);

  // The same unit in use twice at once, or a reservation still to end, is refused whole.
  HistoricReservation overlapping = h;
  overlapping.start_time = Utc(2026, 2, 2, 10);
  EXPECT_EQ(statistics_.ImportHistory(PlatformAdmin(), {overlapping}).status().code(),
            absl::StatusCode::kAlreadyExists);
  HistoricReservation future = h;
  future.start_time = Utc(2026, 3, 2, 9);
  future.end_time = Utc(2026, 3, 2, 11);
  HistoricReservation fine = h;
  fine.start_time = Utc(2026, 2, 9, 9);
  fine.end_time = Utc(2026, 2, 9, 11);
  absl::Status refused = statistics_.ImportHistory(PlatformAdmin(), {fine, future}).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(), HasSubstr("reservations[1].end_time"));
  HistoricReservation backwards = fine;
  backwards.check_out_time = Utc(2026, 2, 9, 10);
  backwards.check_in_time = Utc(2026, 2, 9, 9);
  EXPECT_THAT(statistics_.ImportHistory(PlatformAdmin(), {backwards}).status().message(),
              HasSubstr("reservations[0].check_in_time"));
  HistoricReservation no_start = fine;
  no_start.start_time = absl::InfinitePast();
  EXPECT_THAT(statistics_.ImportHistory(PlatformAdmin(), {no_start}).status().message(),
              HasSubstr("reservations[0].start_time"));
  s = statistics_.Summary(OwnerAdmin(), february);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->groups[0].reservations_completed, 1);
}

LP_BOOKING_BACKENDS(StatisticsTest);

}  // namespace
}  // namespace leerpool::booking::testing
