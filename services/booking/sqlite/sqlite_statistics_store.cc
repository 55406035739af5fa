#include "services/booking/sqlite/sqlite_statistics_store.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

constexpr char kSums[] =
    "sum(active_count), sum(completed_count), sum(cancelled_count), sum(no_show_count), "
    "sum(reserved_minutes), sum(used_minutes), sum(learners_total), sum(learners_1), "
    "sum(learners_2), sum(learners_3), sum(learners_4), sum(learners_5), "
    "sum(learner_minutes_total), sum(learner_minutes_1), sum(learner_minutes_2), "
    "sum(learner_minutes_3), sum(learner_minutes_4), sum(learner_minutes_5), "
    "sum(revenue_cents)";

std::string JsonList(const std::vector<std::string>& ids) { return nlohmann::json(ids).dump(); }

}  // namespace

template <typename Work>
auto SqliteStatisticsStore::Run(Work work) -> decltype(work()) {
  std::lock_guard lock(mutex_);
  if (serialize_with_ == nullptr) return work();
  std::optional<decltype(work())> result;
  absl::Status status = serialize_with_->Read([&](BookingTransaction&) -> absl::Status {
    result.emplace(work());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *std::move(result);
}

absl::StatusOr<std::vector<StatRow>> SqliteStatisticsStore::QueryRows(const StatRowQuery& q) {
  // One constant statement per kind of filter, so each can use its own index (a scope's
  // rows for a year are then a range of (listing|owner|borrower, day)); ids come in bound, as
  // a JSON array.
  std::string filter;
  if (!q.listing_ids.empty()) {
    filter = " AND listing_id IN (SELECT value FROM json_each(?3))";
  } else if (!q.owner_organization_ids.empty()) {
    filter = " AND owner_organization_id IN (SELECT value FROM json_each(?4))";
  } else if (!q.organization_id.empty()) {
    filter = " AND organization_id = ?5";
  }
  const std::string day = q.per_day ? "day" : "-1";
  const std::string sql = absl::StrCat(
      "SELECT listing_id, owner_organization_id, organization_id, ", day, ", ", kSums,
      " FROM reservation_stats WHERE day >= ?1 AND day < ?2", filter,
      " GROUP BY listing_id, owner_organization_id, organization_id", q.per_day ? ", day" : "");
  return Run([&]() -> absl::StatusOr<std::vector<StatRow>> {
    LP_ASSIGN_OR_RETURN(storage::Statement s, db_.Prepare(sql));
    s.Bind(1, q.from_day).Bind(2, q.to_day);
    if (!q.listing_ids.empty()) s.Bind(3, JsonList(q.listing_ids));
    if (filter.find("?4") != std::string::npos) s.Bind(4, JsonList(q.owner_organization_ids));
    if (filter.find("?5") != std::string::npos) s.Bind(5, q.organization_id);
    return storage::CollectRows<StatRow>(s, [](const storage::Statement& row) {
      StatRow r;
      r.listing_id = row.Text(0);
      r.owner_organization_id = row.Text(1);
      r.organization_id = row.Text(2);
      r.day = row.Int(3);
      StatCounts& c = r.counts;
      c.active = row.Int(4);
      c.completed = row.Int(5);
      c.cancelled = row.Int(6);
      c.no_shows = row.Int(7);
      c.reserved_minutes = row.Int(8);
      c.used_minutes = row.Int(9);
      for (int i = 0; i <= kAudienceCount; ++i) {
        c.learners[i] = row.Int(10 + i);
        c.learner_minutes[i] = row.Int(16 + i);
      }
      c.revenue_cents = row.Int(22);
      return r;
    });
  });
}

absl::StatusOr<std::vector<StatisticsStore::KnownListing>> SqliteStatisticsStore::ListKnownListings(
    const std::string& owner_organization_id) {
  return Run([&]() -> absl::StatusOr<std::vector<KnownListing>> {
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("SELECT listing_id, owner_organization_id FROM stats_listings "
                    "WHERE ?1 = '' OR owner_organization_id = ?1 ORDER BY listing_id"));
    s.Bind(1, owner_organization_id);
    return storage::CollectRows<KnownListing>(s, [](const storage::Statement& row) {
      return KnownListing{row.Text(0), row.Text(1)};
    });
  });
}

}  // namespace leerpool::booking
