// The PostgreSQL statistics' own checks, beside statistics_test.cc (which runs on both
// backends): migration 0008 starts its month rollups from the day rows already stored and its
// trigger keeps them from there on, and blocks read through the rollups -- of the platform or
// filtered to listings -- give the figures of the day rows. Skipped without a server.

#include <map>
#include <random>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "services/booking/postgres/pg_booking_store.h"
#include "services/booking/postgres/pg_statistics_store.h"
#include "services/common/status_macros.h"
#include "storage/postgres.h"
#include "tests/services/booking/booking_fixture.h"
#include "tests/storage/pg_test_database.h"

namespace leerpool::booking::testing {
namespace {

using SumKey = std::tuple<int32_t, std::string, std::string>;
using UseKey = std::tuple<int32_t, std::string, std::string, std::string>;

std::map<SumKey, StatCounts> Sums(const StatBlock& block) {
  std::map<SumKey, StatCounts> out;
  for (const StatBlock::Sums& row : block.sums) {
    out[{row.bucket, block.ids[row.listing], block.ids[row.owner]}].Add(row.counts);
  }
  return out;
}

std::map<UseKey, std::pair<int64_t, int64_t>> Uses(const StatBlock& block) {
  std::map<UseKey, std::pair<int64_t, int64_t>> out;
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
}

TEST(StatisticsPostgresTest, MonthRollupsStartFromTheAggregatesAlreadyStoredAndMatchTheDays) {
  LP_PG_TEST_DATABASE_OR_SKIP(database);
  const storage::pg::Options options{.url = database->url(), .connections = 2};
  std::unique_ptr<storage::pg::Pool> pool = storage::pg::Pool::Open(options).value();
  const std::span<const storage::Migration> migrations = PostgresMigrations();
  size_t before = 0;
  while (before < migrations.size() && migrations[before].version < 8) ++before;
  {
    storage::pg::Pool::Lease connection = pool->Acquire().value();
    ASSERT_TRUE(connection->Migrate(migrations.first(before)).ok());
  }

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
  // The unit of work only appends to `stored` once: nothing here conflicts, so it runs once.
  PgBookingStore store(*pool);
  ASSERT_TRUE(store.Transact([&](BookingTransaction& tx) { return add(tx, 150); }).ok());
  {
    storage::pg::Pool::Lease connection = pool->Acquire().value();
    ASSERT_TRUE(connection->Migrate(migrations).ok());
  }
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

  StatBlockQuery query;
  // Buckets that start and end mid-month, so days and months are mixed.
  query.bounds.push_back(StatDay(Utc(2025, 12, 20, 0)));
  for (absl::CivilMonth m(2026, 2); m <= absl::CivilMonth(2026, 6); ++m) {
    query.bounds.push_back(StatDay(absl::FromCivil(m, absl::UTCTimeZone())));
  }
  query.bounds.push_back(StatDay(Utc(2026, 7, 9, 0)));
  PgStatisticsStore stats(*pool);
  absl::StatusOr<StatBlock> from_months = stats.QueryBlock(query);
  ASSERT_TRUE(from_months.ok()) << from_months.status();
  query.month_rollups = false;
  absl::StatusOr<StatBlock> from_days = stats.QueryBlock(query);
  ASSERT_TRUE(from_days.ok()) << from_days.status();
  EXPECT_EQ(Sums(*from_months), Sums(*from_days));
  EXPECT_EQ(Uses(*from_months), Uses(*from_days));
  EXPECT_GE(Uses(*from_days).size(), 20u);
  int64_t completed = 0;
  for (const Reservation& r : stored) completed += r.status == ReservationStatus::kCompleted;
  int64_t counted = 0;
  for (const auto& [key, counts] : Sums(*from_months)) counted += counts.completed;
  EXPECT_EQ(counted, completed);

  // Filtered to listings: read through the rollups (rollup_min_listings 1) and filtered.
  PgStatisticsStore rollups(*pool, /*rollup_min_listings=*/1);
  query.listing_ids = {"lst_a", "lst_c"};
  query.month_rollups = true;
  absl::StatusOr<StatBlock> filtered_months = rollups.QueryBlock(query);
  ASSERT_TRUE(filtered_months.ok()) << filtered_months.status();
  query.month_rollups = false;
  absl::StatusOr<StatBlock> filtered_days = rollups.QueryBlock(query);
  ASSERT_TRUE(filtered_days.ok()) << filtered_days.status();
  EXPECT_EQ(Sums(*filtered_months), Sums(*filtered_days));
  EXPECT_EQ(Uses(*filtered_months), Uses(*filtered_days));
  for (const auto& [key, counts] : Sums(*filtered_months)) {
    EXPECT_NE(std::get<1>(key), "lst_b");
  }
  EXPECT_FALSE(Sums(*filtered_days).empty());
}

}  // namespace
}  // namespace leerpool::booking::testing
