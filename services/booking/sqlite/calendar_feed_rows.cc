#include "services/booking/sqlite/calendar_feed_rows.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace leerpool::booking::sqlite_feeds {
namespace {

constexpr char kColumns[] =
    "id, listing_id, organization_id, manager_organization_id, secret_hash, created_by,"
    " create_us, revoke_us";

CalendarFeed ReadFeed(const storage::Statement& row) {
  CalendarFeed feed;
  feed.id = row.Text(0);
  feed.listing_id = row.Text(1);
  feed.organization_id = row.Text(2);
  feed.manager_organization_id = row.Text(3);
  feed.secret_hash = row.Text(4);
  feed.created_by = row.Text(5);
  feed.create_time = absl::FromUnixMicros(row.Int(6));
  if (!row.IsNull(7)) feed.revoke_time = absl::FromUnixMicros(row.Int(7));
  return feed;
}

absl::StatusOr<CalendarFeed> One(storage::Database& db, const char* where,
                                 const std::string& value) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement s,
      db.Prepare(absl::StrCat("SELECT ", kColumns, " FROM calendar_feeds WHERE ", where, " = ?")));
  s.Bind(1, value);
  LP_ASSIGN_OR_RETURN(bool row, s.Step());
  // Never names the secret hash: the message may travel to a caller.
  if (!row) return absl::NotFoundError("calendar feed not found");
  return ReadFeed(s);
}

}  // namespace

absl::Status Insert(storage::Database& db, const CalendarFeed& feed) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("INSERT INTO calendar_feeds (", kColumns,
                                              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")));
  std::optional<int64_t> revoke_us;
  if (feed.revoke_time) revoke_us = absl::ToUnixMicros(*feed.revoke_time);
  s.BindAll(feed.id, feed.listing_id, feed.organization_id, feed.manager_organization_id,
            feed.secret_hash, feed.created_by, absl::ToUnixMicros(feed.create_time), revoke_us);
  return s.Run();
}

absl::StatusOr<CalendarFeed> Get(storage::Database& db, const std::string& id) {
  return One(db, "id", id);
}

absl::StatusOr<CalendarFeed> FindBySecretHash(storage::Database& db,
                                              const std::string& secret_hash) {
  return One(db, "secret_hash", secret_hash);
}

absl::StatusOr<std::vector<CalendarFeed>> ListByManager(
    storage::Database& db, const std::string& manager_organization_id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement s,
      db.Prepare(absl::StrCat("SELECT ", kColumns,
                              " FROM calendar_feeds WHERE manager_organization_id = ?"
                              " ORDER BY create_us, id")));
  s.Bind(1, manager_organization_id);
  std::vector<CalendarFeed> out;
  while (true) {
    LP_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadFeed(s));
  }
  return out;
}

absl::Status Revoke(storage::Database& db, const std::string& id, absl::Time time) {
  // The first revocation's time stays.
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare("UPDATE calendar_feeds SET revoke_us = COALESCE(revoke_us, ?)"
                                 " WHERE id = ?"));
  s.BindAll(absl::ToUnixMicros(time), id);
  LP_RETURN_IF_ERROR(s.Run());
  if (db.Changes() == 0) return absl::NotFoundError("calendar feed not found");
  return absl::OkStatus();
}

}  // namespace leerpool::booking::sqlite_feeds
