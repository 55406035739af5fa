#include "services/booking/sqlite/sqlite_statistics_store.h"

#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/booking/store/stat_rows.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

using stat_rows::JsonList;
using stat_rows::kSums;

// The 19 sums in kSums' order, from column `first` on.
void ReadCounts(const storage::Statement& row, int first, StatCounts& c) {
  stat_rows::ReadCounts([&row](int column) { return row.Int(column); }, first, c);
}

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

absl::Status SqliteStatisticsStore::ScanDays(
    const StatRowQuery& q, const std::function<void(const storage::Statement&)>& row) {
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
  LP_ASSIGN_OR_RETURN(storage::Statement s, db_.Prepare(sql));
  s.Bind(1, q.from_day).Bind(2, q.to_day);
  if (!q.listing_ids.empty()) s.Bind(3, JsonList(q.listing_ids));
  if (filter.find("?4") != std::string::npos) s.Bind(4, JsonList(q.owner_organization_ids));
  if (filter.find("?5") != std::string::npos) s.Bind(5, q.organization_id);
  for (;;) {
    LP_ASSIGN_OR_RETURN(const bool has_row, s.Step());
    if (!has_row) return absl::OkStatus();
    row(s);
  }
}

absl::StatusOr<std::vector<StatRow>> SqliteStatisticsStore::QueryRows(const StatRowQuery& q) {
  return Run([&]() -> absl::StatusOr<std::vector<StatRow>> {
    std::vector<StatRow> rows;
    LP_RETURN_IF_ERROR(ScanDays(q, [&](const storage::Statement& row) {
      StatRow& r = rows.emplace_back();
      r.listing_id = row.Text(0);
      r.owner_organization_id = row.Text(1);
      r.organization_id = row.Text(2);
      r.day = row.Int(3);
      ReadCounts(row, 4, r.counts);
    }));
    return rows;
  });
}

absl::Status SqliteStatisticsStore::LoadKeys() {
  LP_ASSIGN_OR_RETURN(
      storage::Statement s,
      db_.Prepare("SELECT key_id, key FROM stats_keys WHERE key_id >= ?1 ORDER BY key_id"));
  s.Bind(1, static_cast<int64_t>(keys_.size()));
  for (;;) {
    LP_ASSIGN_OR_RETURN(const bool has_row, s.Step());
    if (!has_row) return absl::OkStatus();
    const int64_t id = s.Int(0);
    if (id < 0 || id > std::numeric_limits<int32_t>::max()) {
      return absl::InternalError(absl::StrCat("statistics key ", id, " is out of range"));
    }
    keys_.resize(id + 1);
    keys_[id] = s.Text(1);
    key_ids_[keys_[id]] = static_cast<int32_t>(id);
  }
}

absl::StatusOr<StatBlock> SqliteStatisticsStore::QueryBlock(const StatBlockQuery& q) {
  if (q.bounds.size() < 2) return StatBlock{};
  return Run([&]() -> absl::StatusOr<StatBlock> {
    // Every statement below reads the same snapshot (through the booking store, its Read
    // already holds one).
    std::optional<storage::Transaction> snapshot;
    if (serialize_with_ == nullptr) {
      LP_ASSIGN_OR_RETURN(storage::Transaction begun,
                          storage::Transaction::Begin(db_, storage::Transaction::Mode::kDeferred));
      snapshot.emplace(std::move(begun));
    }
    const bool rollups =
        q.month_rollups && !q.sums_per_borrower && q.organization_id.empty() &&
        q.owner_organization_ids.empty() &&
        (q.listing_ids.empty() || static_cast<int>(q.listing_ids.size()) >= rollup_min_listings_);
    StatBlock block;
    if (rollups) {
      LP_RETURN_IF_ERROR(LoadKeys());
      block.ids = keys_;
    }
    // Ids of day rows numbered here: all of them for a few listings' rows, else those that
    // stats_keys does not hold (it holds every one since migration 0008).
    std::unordered_map<std::string, int32_t> more;
    auto id_of = [&](std::string text) -> int32_t {
      if (rollups) {
        auto it = key_ids_.find(text);
        if (it != key_ids_.end()) return it->second;
      }
      auto [extra, added] = more.emplace(std::move(text), static_cast<int32_t>(block.ids.size()));
      if (added) block.ids.push_back(extra->first);
      return extra->second;
    };
    // With a listing filter, the rollups of the whole platform are read and filtered here.
    std::vector<char> wanted;
    if (rollups && !q.listing_ids.empty()) {
      wanted.assign(keys_.size(), 0);
      for (const std::string& id : q.listing_ids) {
        auto it = key_ids_.find(id);
        if (it != key_ids_.end()) wanted[it->second] = 1;
      }
    }
    auto key = [&](int64_t id) -> absl::StatusOr<int32_t> {
      if (id < 0 || id >= static_cast<int64_t>(keys_.size()) || keys_[id].empty()) {
        return absl::InternalError(absl::StrCat("statistics key ", id, " is unknown"));
      }
      return static_cast<int32_t>(id);
    };

    auto days = [&](int32_t bucket, int64_t from, int64_t to) -> absl::Status {
      if (from >= to) return absl::OkStatus();
      StatRowQuery rows;
      rows.from_day = from;
      rows.to_day = to;
      rows.listing_ids = q.listing_ids;
      rows.owner_organization_ids = q.owner_organization_ids;
      rows.organization_id = q.organization_id;
      return ScanDays(rows, [&](const storage::Statement& row) {
        StatBlock::Sums& sums = block.sums.emplace_back();
        sums.bucket = bucket;
        sums.listing = id_of(row.Text(0));
        sums.owner = id_of(row.Text(1));
        sums.borrower = id_of(row.Text(2));
        ReadCounts(row, 4, sums.counts);
        if (sums.counts.completed != 0 || sums.counts.used_minutes != 0) {
          block.uses.push_back({bucket, sums.listing, sums.owner, sums.borrower,
                                sums.counts.completed, sums.counts.used_minutes});
        }
        if (!q.sums_per_borrower) sums.borrower = -1;
      });
    };
    auto months = [&](int32_t bucket, int64_t from, int64_t to) -> absl::Status {
      LP_ASSIGN_OR_RETURN(
          storage::Statement totals,
          db_.Prepare("SELECT listing_key, owner_key, active_count, completed_count, "
                      "cancelled_count, no_show_count, reserved_minutes, used_minutes, "
                      "learners_total, learners_1, learners_2, learners_3, learners_4, "
                      "learners_5, learner_minutes_total, learner_minutes_1, learner_minutes_2, "
                      "learner_minutes_3, learner_minutes_4, learner_minutes_5, revenue_cents "
                      "FROM stats_month_totals WHERE month >= ?1 AND month < ?2"));
      totals.Bind(1, from).Bind(2, to);
      for (;;) {
        LP_ASSIGN_OR_RETURN(const bool has_row, totals.Step());
        if (!has_row) break;
        LP_ASSIGN_OR_RETURN(const int32_t listing, key(totals.Int(0)));
        if (!wanted.empty() && !wanted[listing]) continue;
        StatBlock::Sums& sums = block.sums.emplace_back();
        sums.bucket = bucket;
        sums.listing = listing;
        LP_ASSIGN_OR_RETURN(sums.owner, key(totals.Int(1)));
        ReadCounts(totals, 2, sums.counts);
      }
      LP_ASSIGN_OR_RETURN(
          storage::Statement uses,
          db_.Prepare("SELECT listing_key, owner_key, borrower_key, completed_count, "
                      "used_minutes FROM stats_month_use WHERE month >= ?1 AND month < ?2"));
      uses.Bind(1, from).Bind(2, to);
      for (;;) {
        LP_ASSIGN_OR_RETURN(const bool has_row, uses.Step());
        if (!has_row) break;
        const int64_t completed = uses.Int(3);
        const int64_t used = uses.Int(4);
        if (completed == 0 && used == 0) continue;
        LP_ASSIGN_OR_RETURN(const int32_t listing, key(uses.Int(0)));
        if (!wanted.empty() && !wanted[listing]) continue;
        LP_ASSIGN_OR_RETURN(const int32_t owner, key(uses.Int(1)));
        LP_ASSIGN_OR_RETURN(const int32_t borrower, key(uses.Int(2)));
        block.uses.push_back({bucket, listing, owner, borrower, completed, used});
      }
      return absl::OkStatus();
    };

    for (size_t b = 0; b + 1 < q.bounds.size(); ++b) {
      const int32_t bucket = static_cast<int32_t>(b);
      const int64_t from = q.bounds[b];
      const int64_t to = q.bounds[b + 1];
      // With rollups, the whole UTC months from them and the days around them from
      // reservation_stats.
      LP_RETURN_IF_ERROR(stat_rows::ScanBucket(
          from, to, rollups, [&](int64_t f, int64_t t) { return days(bucket, f, t); },
          [&](int64_t f, int64_t t) { return months(bucket, f, t); }));
    }
    if (snapshot) LP_RETURN_IF_ERROR(snapshot->Commit());
    return block;
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
