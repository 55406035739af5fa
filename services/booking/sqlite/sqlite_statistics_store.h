#ifndef LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_STATISTICS_STORE_H_
#define LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_STATISTICS_STORE_H_

#include <mutex>

#include "services/booking/core/statistics.h"
#include "storage/sqlite.h"

namespace leerpool::booking {

// StatisticsStore over the aggregates that migration 0007's triggers keep in the booking
// database. Read-only; calls are serialised by a mutex. `db` is a connection to the booking
// database of its own (the service opens one), or, for an in-memory database (one
// connection only), the booking store's writer together with `serialize_with`, that store:
// every query then runs inside its Read, on the writer's thread, never beside a write.
class SqliteStatisticsStore : public StatisticsStore {
 public:
  explicit SqliteStatisticsStore(storage::Database& db, BookingStore* serialize_with = nullptr)
      : db_(db), serialize_with_(serialize_with) {}

  absl::StatusOr<std::vector<StatRow>> QueryRows(const StatRowQuery& query) override;
  absl::StatusOr<std::vector<KnownListing>> ListKnownListings(
      const std::string& owner_organization_id) override;

 private:
  template <typename Work>
  auto Run(Work work) -> decltype(work());

  storage::Database& db_;
  BookingStore* serialize_with_;
  std::mutex mutex_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_SQLITE_SQLITE_STATISTICS_STORE_H_
