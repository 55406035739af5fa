#include "services/booking/sqlite/sqlite_waitlist_inbox.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/booking/store/row_json.h"
#include "services/common/status_macros.h"

namespace leerpool::booking::sqlite_waitlist {
namespace {

constexpr char kEntryColumns[] =
    "id, state, reservation_id, offer_expire_us, draft, create_us, update_us";

absl::StatusOr<WaitlistEntry> ReadEntry(storage::Statement& s) {
  WaitlistEntry e;
  e.id = s.Text(0);
  e.state = static_cast<WaitlistState>(s.Int(1));
  e.reservation_id = s.Text(2);
  if (!s.IsNull(3)) e.offer_expire_time = absl::FromUnixMicros(s.Int(3));
  LP_RETURN_IF_ERROR(row_json::ReadWaitlistDraft(s.Text(4), e));
  e.create_time = absl::FromUnixMicros(s.Int(5));
  e.update_time = absl::FromUnixMicros(s.Int(6));
  return e;
}

// storage::CollectRows takes a reader that cannot fail, and a stored draft can be unreadable.
absl::StatusOr<std::vector<WaitlistEntry>> ReadEntries(storage::Statement& s) {
  std::vector<WaitlistEntry> entries;
  for (;;) {
    LP_ASSIGN_OR_RETURN(const bool row, s.Step());
    if (!row) return entries;
    LP_ASSIGN_OR_RETURN(WaitlistEntry e, ReadEntry(s));
    entries.push_back(std::move(e));
  }
}

std::optional<int64_t> OptionalMicros(const std::optional<absl::Time>& time) {
  if (!time) return std::nullopt;
  return absl::ToUnixMicros(*time);
}

InboxEvent ReadEvent(storage::Statement& s) {
  return {s.Int(0),  s.Text(1), absl::FromUnixMicros(s.Int(2)), s.Text(3), s.Text(4), s.Text(5),
          s.Text(6), s.Text(7)};
}

constexpr char kEventColumns[] =
    "sequence, id, time_us, organization_id, type, reservation_id, listing_id, summary";

}  // namespace

absl::Status InsertEntry(storage::Database& db, const WaitlistEntry& e) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("INSERT INTO waitlist_entries (", kEntryColumns,
                                              ", listing_id, organization_id) VALUES "
                                              "(?, ?, ?, ?, ?, ?, ?, ?, ?)")));
  s.BindAll(e.id, static_cast<int>(e.state), e.reservation_id, OptionalMicros(e.offer_expire_time),
            row_json::WaitlistDraft(e), absl::ToUnixMicros(e.create_time),
            absl::ToUnixMicros(e.update_time), e.draft.listing_id, e.draft.organization_id);
  return s.Run();
}

absl::StatusOr<WaitlistEntry> GetEntry(storage::Database& db, const std::string& id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement s,
      db.Prepare(absl::StrCat("SELECT ", kEntryColumns, " FROM waitlist_entries WHERE id = ?")));
  s.Bind(1, id);
  LP_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return absl::NotFoundError(absl::StrCat("waitlist entry ", id, " not found"));
  return ReadEntry(s);
}

absl::Status UpdateEntry(storage::Database& db, const WaitlistEntry& e) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare("UPDATE waitlist_entries SET state = ?2, reservation_id = ?3, "
                                 "offer_expire_us = ?4, update_us = ?5 WHERE id = ?1"));
  s.BindAll(e.id, static_cast<int>(e.state), e.reservation_id, OptionalMicros(e.offer_expire_time),
            absl::ToUnixMicros(e.update_time));
  LP_RETURN_IF_ERROR(s.Run());
  if (db.Changes() == 0) {
    return absl::NotFoundError(absl::StrCat("waitlist entry ", e.id, " not found"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<WaitlistEntry>> ListByListing(storage::Database& db,
                                                         const std::string& listing_id,
                                                         WaitlistState state) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("SELECT ", kEntryColumns,
                                              " FROM waitlist_entries WHERE listing_id = ? AND "
                                              "state = ? ORDER BY create_us, rowid")));
  s.BindAll(listing_id, static_cast<int>(state));
  return ReadEntries(s);
}

absl::StatusOr<std::optional<WaitlistEntry>> FindByReservation(storage::Database& db,
                                                               const std::string& reservation_id) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("SELECT ", kEntryColumns,
                                              " FROM waitlist_entries WHERE reservation_id = ? "
                                              "AND reservation_id <> ''")));
  s.Bind(1, reservation_id);
  LP_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<WaitlistEntry>();
  LP_ASSIGN_OR_RETURN(WaitlistEntry e, ReadEntry(s));
  return std::optional<WaitlistEntry>(std::move(e));
}

absl::StatusOr<std::vector<WaitlistEntry>> ListByOrganization(storage::Database& db,
                                                              const std::string& organization_id) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("SELECT ", kEntryColumns,
                                              " FROM waitlist_entries WHERE organization_id = ? "
                                              "ORDER BY create_us DESC, rowid DESC LIMIT 1000")));
  s.Bind(1, organization_id);
  return ReadEntries(s);
}

absl::Status InsertInboxEvent(storage::Database& db, const InboxEvent& e) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement s,
      db.Prepare("INSERT INTO inbox_events (id, time_us, organization_id, type, reservation_id, "
                 "listing_id, summary) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s.BindAll(e.id, absl::ToUnixMicros(e.time), e.organization_id, e.type, e.reservation_id,
            e.listing_id, e.summary);
  return s.Run();
}

absl::StatusOr<std::vector<InboxEvent>> ListInbox(storage::Database& db,
                                                  const std::string& organization_id,
                                                  int64_t before, int limit) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("SELECT ", kEventColumns,
                                              " FROM inbox_events WHERE organization_id = ? AND "
                                              "sequence < ? ORDER BY sequence DESC LIMIT ?")));
  s.BindAll(organization_id, before > 0 ? before : INT64_MAX, limit);
  return storage::CollectRows<InboxEvent>(s, ReadEvent);
}

absl::StatusOr<std::vector<InboxEvent>> ListInboxAfter(storage::Database& db,
                                                       const std::string& organization_id,
                                                       int64_t after, int limit) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("SELECT ", kEventColumns,
                                              " FROM inbox_events WHERE organization_id = ? AND "
                                              "sequence > ? ORDER BY sequence LIMIT ?")));
  s.BindAll(organization_id, after, limit);
  return storage::CollectRows<InboxEvent>(s, ReadEvent);
}

absl::StatusOr<int64_t> LastInboxSequence(storage::Database& db) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare("SELECT COALESCE(MAX(sequence), 0) FROM inbox_events"));
  LP_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

}  // namespace leerpool::booking::sqlite_waitlist
