#ifndef LEERPOOL_SERVICES_BOOKING_POSTGRES_PG_STATISTICS_STORE_H_
#define LEERPOOL_SERVICES_BOOKING_POSTGRES_PG_STATISTICS_STORE_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "services/booking/core/statistics.h"
#include "storage/postgres.h"

namespace leerpool::booking {

// StatisticsStore over the aggregates that migrations 0007 (days) and 0008 (month rollups)
// keep in the booking engine's PostgreSQL database, read the way SqliteStatisticsStore reads
// them. Read-only; each call reads one REPEATABLE READ snapshot on a pooled connection, so
// calls run beside each other and beside the writers.
class PgStatisticsStore : public StatisticsStore {
 public:
  // A block filtered to fewer than `rollup_min_listings` listings reads their day rows over
  // the listing index; more (or no filter), the month rollups of the whole platform.
  explicit PgStatisticsStore(storage::pg::Pool& pool, int rollup_min_listings = 200)
      : pool_(pool), rollup_min_listings_(rollup_min_listings) {}

  absl::StatusOr<std::vector<StatRow>> QueryRows(const StatRowQuery& query) override;
  absl::StatusOr<StatBlock> QueryBlock(const StatBlockQuery& query) override;
  absl::StatusOr<std::vector<KnownListing>> ListKnownListings(
      const std::string& owner_organization_id) override;

 private:
  struct Keys {
    // stats_keys: key_id -> id ("" where no key has that number, yet or ever), and back.
    std::vector<std::string> ids;
    std::unordered_map<std::string, int32_t> numbers;
  };
  // Adds the keys `connection`'s snapshot holds beyond those in keys_ and returns a copy.
  absl::StatusOr<Keys> LoadKeys(storage::pg::Connection& connection);

  storage::pg::Pool& pool_;
  const int rollup_min_listings_;
  std::mutex mutex_;
  Keys keys_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_POSTGRES_PG_STATISTICS_STORE_H_
