#include "services/booking/postgres/pg_statistics_store.h"

#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
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

using storage::pg::Connection;
using storage::pg::Params;
using storage::pg::Result;

using stat_rows::JsonList;
using stat_rows::kSums;

// The 19 sums in kSums' order, from column `first` of row `i` on.
void ReadCounts(const Result& rows, int i, int first, StatCounts& c) {
  stat_rows::ReadCounts([&rows, i](int column) { return rows.Int(i, column); }, first, c);
}

// Runs `work` on one snapshot that only reads.
template <typename Work>
auto InSnapshot(storage::pg::Pool& pool, Work work) -> decltype(work(std::declval<Connection&>())) {
  LP_ASSIGN_OR_RETURN(storage::pg::Pool::Lease lease, pool.Acquire());
  LP_ASSIGN_OR_RETURN(
      storage::pg::Transaction transaction,
      storage::pg::Transaction::Begin(*lease, storage::pg::Transaction::Isolation::kRepeatableRead,
                                      /*read_only=*/true));
  auto result = work(*lease);
  if (!result.ok()) return result;
  LP_RETURN_IF_ERROR(transaction.Commit());
  return result;
}

// QueryRows' rows of reservation_stats, one Result.
absl::StatusOr<Result> ScanDays(Connection& connection, const StatRowQuery& q) {
  // One constant statement per kind of filter, so each can use its own index; ids come in
  // bound, as a JSON array.
  std::string filter;
  Params params = Params::Of(q.from_day, q.to_day);
  if (!q.listing_ids.empty()) {
    filter = " AND listing_id IN (SELECT json_array_elements_text($3::json))";
    params.Add(JsonList(q.listing_ids));
  } else if (!q.owner_organization_ids.empty()) {
    filter = " AND owner_organization_id IN (SELECT json_array_elements_text($3::json))";
    params.Add(JsonList(q.owner_organization_ids));
  } else if (!q.organization_id.empty()) {
    filter = " AND organization_id = $3";
    params.Add(q.organization_id);
  }
  const std::string day = q.per_day ? "day" : "-1";
  const std::string sql = absl::StrCat(
      "SELECT listing_id, owner_organization_id, organization_id, ", day, ", ", kSums,
      " FROM reservation_stats WHERE day >= $1 AND day < $2", filter,
      " GROUP BY listing_id, owner_organization_id, organization_id", q.per_day ? ", day" : "");
  return connection.Exec(sql, params);
}

}  // namespace

absl::StatusOr<std::vector<StatRow>> PgStatisticsStore::QueryRows(const StatRowQuery& q) {
  return InSnapshot(pool_, [&](Connection& connection) -> absl::StatusOr<std::vector<StatRow>> {
    LP_ASSIGN_OR_RETURN(Result rows, ScanDays(connection, q));
    std::vector<StatRow> out;
    out.reserve(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
      StatRow& r = out.emplace_back();
      r.listing_id = rows.Text(i, 0);
      r.owner_organization_id = rows.Text(i, 1);
      r.organization_id = rows.Text(i, 2);
      r.day = rows.Int(i, 3);
      ReadCounts(rows, i, 4, r.counts);
    }
    return out;
  });
}

absl::StatusOr<PgStatisticsStore::Keys> PgStatisticsStore::LoadKeys(Connection& connection) {
  std::lock_guard lock(mutex_);
  // Numbers come from a sequence: one below the highest read may commit later, and a rolled
  // back one never does; both are asked for again until they turn up.
  std::vector<int64_t> missing;
  for (size_t id = 0; id < keys_.ids.size(); ++id) {
    if (keys_.ids[id].empty()) missing.push_back(static_cast<int64_t>(id));
  }
  LP_ASSIGN_OR_RETURN(
      Result rows,
      connection.Exec(
          "SELECT key_id, key FROM stats_keys WHERE key_id >= $1"
          " OR key_id IN (SELECT json_array_elements_text($2::json)::bigint)"
          " ORDER BY key_id",
          Params::Of(static_cast<int64_t>(keys_.ids.size()), nlohmann::json(missing).dump())));
  for (int i = 0; i < rows.size(); ++i) {
    const int64_t id = rows.Int(i, 0);
    if (id < 0 || id > std::numeric_limits<int32_t>::max()) {
      return absl::InternalError(absl::StrCat("statistics key ", id, " is out of range"));
    }
    if (static_cast<size_t>(id) >= keys_.ids.size()) keys_.ids.resize(id + 1);
    keys_.ids[id] = rows.Text(i, 1);
    keys_.numbers[keys_.ids[id]] = static_cast<int32_t>(id);
  }
  return keys_;
}

absl::StatusOr<StatBlock> PgStatisticsStore::QueryBlock(const StatBlockQuery& q) {
  if (q.bounds.size() < 2) return StatBlock{};
  return InSnapshot(pool_, [&](Connection& connection) -> absl::StatusOr<StatBlock> {
    const bool rollups =
        q.month_rollups && !q.sums_per_borrower && q.organization_id.empty() &&
        q.owner_organization_ids.empty() &&
        (q.listing_ids.empty() || static_cast<int>(q.listing_ids.size()) >= rollup_min_listings_);
    StatBlock block;
    Keys keys;
    if (rollups) {
      LP_ASSIGN_OR_RETURN(keys, LoadKeys(connection));
      block.ids = keys.ids;
    }
    // Ids of day rows numbered here: all of them for a few listings' rows, else those that
    // stats_keys does not hold.
    std::unordered_map<std::string, int32_t> more;
    auto id_of = [&](std::string text) -> int32_t {
      if (rollups) {
        auto it = keys.numbers.find(text);
        if (it != keys.numbers.end()) return it->second;
      }
      auto [extra, added] = more.emplace(std::move(text), static_cast<int32_t>(block.ids.size()));
      if (added) block.ids.push_back(extra->first);
      return extra->second;
    };
    // With a listing filter, the rollups of the whole platform are read and filtered here.
    std::vector<char> wanted;
    if (rollups && !q.listing_ids.empty()) {
      wanted.assign(keys.ids.size(), 0);
      for (const std::string& id : q.listing_ids) {
        auto it = keys.numbers.find(id);
        if (it != keys.numbers.end()) wanted[it->second] = 1;
      }
    }
    auto key = [&](int64_t id) -> absl::StatusOr<int32_t> {
      if (id < 0 || id >= static_cast<int64_t>(keys.ids.size()) || keys.ids[id].empty()) {
        return absl::InternalError(absl::StrCat("statistics key ", id, " is unknown"));
      }
      return static_cast<int32_t>(id);
    };

    auto days = [&](int32_t bucket, int64_t from, int64_t to) -> absl::Status {
      if (from >= to) return absl::OkStatus();
      StatRowQuery query;
      query.from_day = from;
      query.to_day = to;
      query.listing_ids = q.listing_ids;
      query.owner_organization_ids = q.owner_organization_ids;
      query.organization_id = q.organization_id;
      LP_ASSIGN_OR_RETURN(Result rows, ScanDays(connection, query));
      for (int i = 0; i < rows.size(); ++i) {
        StatBlock::Sums& sums = block.sums.emplace_back();
        sums.bucket = bucket;
        sums.listing = id_of(rows.Text(i, 0));
        sums.owner = id_of(rows.Text(i, 1));
        sums.borrower = id_of(rows.Text(i, 2));
        ReadCounts(rows, i, 4, sums.counts);
        if (sums.counts.completed != 0 || sums.counts.used_minutes != 0) {
          block.uses.push_back({bucket, sums.listing, sums.owner, sums.borrower,
                                sums.counts.completed, sums.counts.used_minutes});
        }
        if (!q.sums_per_borrower) sums.borrower = -1;
      }
      return absl::OkStatus();
    };
    auto months = [&](int32_t bucket, int64_t from, int64_t to) -> absl::Status {
      LP_ASSIGN_OR_RETURN(
          Result totals,
          connection.Exec(
              "SELECT listing_key, owner_key, active_count, completed_count, cancelled_count,"
              " no_show_count, reserved_minutes, used_minutes, learners_total, learners_1,"
              " learners_2, learners_3, learners_4, learners_5, learner_minutes_total,"
              " learner_minutes_1, learner_minutes_2, learner_minutes_3, learner_minutes_4,"
              " learner_minutes_5, revenue_cents FROM stats_month_totals"
              " WHERE month >= $1 AND month < $2",
              Params::Of(from, to)));
      for (int i = 0; i < totals.size(); ++i) {
        LP_ASSIGN_OR_RETURN(const int32_t listing, key(totals.Int(i, 0)));
        if (!wanted.empty() && !wanted[listing]) continue;
        StatBlock::Sums& sums = block.sums.emplace_back();
        sums.bucket = bucket;
        sums.listing = listing;
        LP_ASSIGN_OR_RETURN(sums.owner, key(totals.Int(i, 1)));
        ReadCounts(totals, i, 2, sums.counts);
      }
      LP_ASSIGN_OR_RETURN(
          Result uses,
          connection.Exec("SELECT listing_key, owner_key, borrower_key, completed_count,"
                          " used_minutes FROM stats_month_use WHERE month >= $1 AND month < $2",
                          Params::Of(from, to)));
      for (int i = 0; i < uses.size(); ++i) {
        const int64_t completed = uses.Int(i, 3);
        const int64_t used = uses.Int(i, 4);
        if (completed == 0 && used == 0) continue;
        LP_ASSIGN_OR_RETURN(const int32_t listing, key(uses.Int(i, 0)));
        if (!wanted.empty() && !wanted[listing]) continue;
        LP_ASSIGN_OR_RETURN(const int32_t owner, key(uses.Int(i, 1)));
        LP_ASSIGN_OR_RETURN(const int32_t borrower, key(uses.Int(i, 2)));
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
    return block;
  });
}

absl::StatusOr<std::vector<StatisticsStore::KnownListing>> PgStatisticsStore::ListKnownListings(
    const std::string& owner_organization_id) {
  return InSnapshot(
      pool_, [&](Connection& connection) -> absl::StatusOr<std::vector<KnownListing>> {
        LP_ASSIGN_OR_RETURN(
            Result rows,
            connection.Exec("SELECT listing_id, owner_organization_id FROM stats_listings"
                            " WHERE $1::text = '' OR owner_organization_id = $1::text"
                            " ORDER BY listing_id",
                            Params::Of(owner_organization_id)));
        std::vector<KnownListing> out;
        for (int i = 0; i < rows.size(); ++i) out.push_back({rows.Text(i, 0), rows.Text(i, 1)});
        return out;
      });
}

}  // namespace leerpool::booking
