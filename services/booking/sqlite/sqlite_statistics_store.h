#ifndef LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_STATISTICS_STORE_H_
#define LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_STATISTICS_STORE_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "services/booking/core/statistics.h"
#include "storage/sqlite.h"

namespace leerpool::booking {

// StatisticsStore over the aggregates that migrations 0007 (days) and 0008 (month rollups)
// keep in the booking database. Read-only; calls are serialised by a mutex. `db` is a
// connection to the booking database of its own (the service opens one), or, for an in-memory
// database (one connection only), the booking store's writer together with `serialize_with`,
// that store: every query then runs inside its Read, on the writer's thread, never beside a
// write.
class SqliteStatisticsStore : public StatisticsStore {
 public:
  // A block filtered to fewer than `rollup_min_listings` listings reads their day rows over
  // the listing index; more (or no filter), the month rollups of the whole platform.
  explicit SqliteStatisticsStore(storage::Database& db, BookingStore* serialize_with = nullptr,
                                 int rollup_min_listings = 200)
      : db_(db), serialize_with_(serialize_with), rollup_min_listings_(rollup_min_listings) {}

  absl::StatusOr<std::vector<StatRow>> QueryRows(const StatRowQuery& query) override;
  absl::StatusOr<StatBlock> QueryBlock(const StatBlockQuery& query) override;
  absl::StatusOr<std::vector<KnownListing>> ListKnownListings(
      const std::string& owner_organization_id) override;

 private:
  template <typename Work>
  auto Run(Work work) -> decltype(work());
  // Steps through QueryRows' rows (without the mutex), calling `row` on each.
  absl::Status ScanDays(const StatRowQuery& query,
                        const std::function<void(const storage::Statement&)>& row);
  // Reads the keys added to stats_keys since the last call.
  absl::Status LoadKeys();

  storage::Database& db_;
  BookingStore* serialize_with_;
  const int rollup_min_listings_;
  std::mutex mutex_;
  // stats_keys: key_id -> id ("" where no key has that number), and back.
  std::vector<std::string> keys_;
  std::unordered_map<std::string, int32_t> key_ids_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_STATISTICS_STORE_H_
