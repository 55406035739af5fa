#include "services/booking/postgres/pg_booking_store.h"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "services/booking/store/row_json.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

using storage::pg::Connection;
using storage::pg::Params;
using storage::pg::Result;

// The store whose unit of work this thread is running: a nested Transact or Read would take a
// second connection and see none of the first one's writes, so it is refused as on SQLite.
thread_local const PgBookingStore* active_store = nullptr;

struct ActiveScope {
  explicit ActiveScope(const PgBookingStore* store) { active_store = store; }
  ~ActiveScope() { active_store = nullptr; }
};

absl::Status NestedError() {
  return absl::InternalError("booking store: a transaction was started inside another");
}

// Taken (for the rest of the transaction) before a notice is numbered; see 0004.
constexpr int64_t kInboxLockKey = 0x6c70696e626f78;  // "lpinbox"
// With hashtext(listing_id), the advisory lock a unit of work holds from its first write to a
// listing's reservations or occupancy until it ends; see PgBookingStore::Transact.
constexpr int kListingLockSpace = 0x6c706c73;  // "lpls"

int64_t Micros(absl::Time time) { return absl::ToUnixMicros(time); }
absl::Time FromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }
std::optional<int64_t> OptionalMicros(const std::optional<absl::Time>& time) {
  if (!time) return std::nullopt;
  return Micros(*time);
}

std::string Rfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

std::string_view View(const absl::Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

// The exclusion constraint of 0002 refused a row.
bool IsExclusionViolation(const absl::Status& status) {
  return status.code() == absl::StatusCode::kFailedPrecondition &&
         View(status).find("occupancy_no_overlap") != std::string_view::npos;
}

#define LP_RESERVATION_COLUMNS                                                                 \
  "id, listing_id, owner_organization_id, organization_id, responsible_person_id, "            \
  "created_by_person_id, kind, status, start_us, end_us, occupied_start_us, occupied_end_us, " \
  "hold_expire_us, basket_id, handover_from_reservation_id, handover_to_reservation_id, "      \
  "details, create_us, update_us"

absl::StatusOr<Reservation> ReadReservation(const Result& rows, int i) {
  Reservation r;
  r.id = rows.Text(i, 0);
  r.listing_id = rows.Text(i, 1);
  r.owner_organization_id = rows.Text(i, 2);
  r.organization_id = rows.Text(i, 3);
  r.responsible_person_id = rows.Text(i, 4);
  r.created_by_person_id = rows.Text(i, 5);
  r.kind = static_cast<ReservationKind>(rows.Int(i, 6));
  r.status = static_cast<ReservationStatus>(rows.Int(i, 7));
  r.start_time = FromMicros(rows.Int(i, 8));
  r.end_time = FromMicros(rows.Int(i, 9));
  r.occupied_start_time = FromMicros(rows.Int(i, 10));
  r.occupied_end_time = FromMicros(rows.Int(i, 11));
  if (!rows.IsNull(i, 12)) r.hold_expire_time = FromMicros(rows.Int(i, 12));
  r.basket_id = rows.Text(i, 13);
  r.handover_from_reservation_id = rows.Text(i, 14);
  r.handover_to_reservation_id = rows.Text(i, 15);
  LP_RETURN_IF_ERROR(row_json::ReadReservationDetails(rows.Text(i, 16), r));
  r.create_time = FromMicros(rows.Int(i, 17));
  r.update_time = FromMicros(rows.Int(i, 18));
  return r;
}

absl::StatusOr<std::vector<Reservation>> Reservations(const Result& rows) {
  std::vector<Reservation> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    LP_ASSIGN_OR_RETURN(Reservation r, ReadReservation(rows, i));
    out.push_back(std::move(r));
  }
  return out;
}

Params ReservationParams(const Reservation& r) {
  return Params::Of(r.id, r.listing_id, r.owner_organization_id, r.organization_id,
                    r.responsible_person_id, r.created_by_person_id, static_cast<int>(r.kind),
                    static_cast<int>(r.status), Micros(r.start_time), Micros(r.end_time),
                    Micros(r.occupied_start_time), Micros(r.occupied_end_time),
                    OptionalMicros(r.hold_expire_time), r.basket_id, r.handover_from_reservation_id,
                    r.handover_to_reservation_id, row_json::ReservationDetails(r),
                    Micros(r.create_time), Micros(r.update_time));
}

std::string StatusList(const std::vector<ReservationStatus>& statuses) {
  return absl::StrJoin(statuses, ",", [](std::string* out, ReservationStatus status) {
    absl::StrAppend(out, static_cast<int>(status));
  });
}

#define LP_ENTRY_COLUMNS "id, state, reservation_id, offer_expire_us, draft, create_us, update_us"

absl::StatusOr<WaitlistEntry> ReadEntry(const Result& rows, int i) {
  WaitlistEntry e;
  e.id = rows.Text(i, 0);
  e.state = static_cast<WaitlistState>(rows.Int(i, 1));
  e.reservation_id = rows.Text(i, 2);
  if (!rows.IsNull(i, 3)) e.offer_expire_time = FromMicros(rows.Int(i, 3));
  LP_RETURN_IF_ERROR(row_json::ReadWaitlistDraft(rows.Text(i, 4), e));
  e.create_time = FromMicros(rows.Int(i, 5));
  e.update_time = FromMicros(rows.Int(i, 6));
  return e;
}

absl::StatusOr<std::vector<WaitlistEntry>> Entries(const Result& rows) {
  std::vector<WaitlistEntry> out;
  for (int i = 0; i < rows.size(); ++i) {
    LP_ASSIGN_OR_RETURN(WaitlistEntry e, ReadEntry(rows, i));
    out.push_back(std::move(e));
  }
  return out;
}

#define LP_EVENT_COLUMNS \
  "sequence, id, time_us, organization_id, type, reservation_id, listing_id, summary"

std::vector<InboxEvent> InboxEvents(const Result& rows) {
  std::vector<InboxEvent> out;
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back({rows.Int(i, 0), rows.Text(i, 1), FromMicros(rows.Int(i, 2)), rows.Text(i, 3),
                   rows.Text(i, 4), rows.Text(i, 5), rows.Text(i, 6), rows.Text(i, 7)});
  }
  return out;
}

#define LP_FEED_COLUMNS                                                                \
  "id, listing_id, organization_id, manager_organization_id, secret_hash, created_by," \
  " create_us, revoke_us"

CalendarFeed ReadFeed(const Result& rows, int i) {
  CalendarFeed feed;
  feed.id = rows.Text(i, 0);
  feed.listing_id = rows.Text(i, 1);
  feed.organization_id = rows.Text(i, 2);
  feed.manager_organization_id = rows.Text(i, 3);
  feed.secret_hash = rows.Text(i, 4);
  feed.created_by = rows.Text(i, 5);
  feed.create_time = FromMicros(rows.Int(i, 6));
  if (!rows.IsNull(i, 7)) feed.revoke_time = FromMicros(rows.Int(i, 7));
  return feed;
}

#define LP_SERIES_COLUMNS                                                               \
  "id, listing_id, owner_organization_id, organization_id, created_by_person_id, mode," \
  " recurrence, template, conflicts, create_us, update_us"

// Rows of (listing_id, unit, occupied_start_us, occupied_end_us, reservation_id).
std::vector<Occupancy> OccupancyRows(const Result& rows) {
  std::vector<Occupancy> out;
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back({rows.Text(i, 0), static_cast<int>(rows.Int(i, 1)), FromMicros(rows.Int(i, 2)),
                   FromMicros(rows.Int(i, 3)), rows.Text(i, 4)});
  }
  return out;
}

// Rows of (listing_id, unit, owner_organization_id, reservation_id, report, since_us).
std::vector<OutOfService> OutOfServiceRows(const Result& rows) {
  std::vector<OutOfService> out;
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back({rows.Text(i, 0), static_cast<int>(rows.Int(i, 1)), rows.Text(i, 2),
                   rows.Text(i, 3), rows.Text(i, 4), FromMicros(rows.Int(i, 5))});
  }
  return out;
}

class PgBookingTransaction : public BookingTransaction {
 public:
  PgBookingTransaction(Connection& connection, bool read_only)
      : connection_(connection), read_only_(read_only) {}

  // Set once a statement lost a serialization conflict (or the exclusion constraint refused a
  // row committed after this transaction's snapshot): the whole unit of work must run again,
  // whatever the engine made of the error it was given.
  const std::optional<absl::Status>& retry() const { return retry_; }
  // The listings whose lock this transaction took, sorted.
  const std::set<std::string>& locked_listings() const { return locked_; }

  absl::Status Nested(absl::FunctionRef<absl::Status(BookingTransaction&)> work) override {
    if (retry_) return *retry_;
    LP_RETURN_IF_ERROR(Script("SAVEPOINT nested_unit"));
    const absl::Status status = work(*this);
    // Rolling back to the savepoint would not save a transaction that lost a conflict.
    if (retry_) return *retry_;
    if (status.ok()) return Script("RELEASE nested_unit");
    if (absl::Status undone = Script("ROLLBACK TO nested_unit"); !undone.ok()) {
      // The failed unit's writes are still there: the whole transaction must not commit.
      return absl::AbortedError(
          absl::StrCat("booking store: could not undo a failed unit: ", undone.message()));
    }
    LP_RETURN_IF_ERROR(Script("RELEASE nested_unit"));
    return status;
  }

  absl::StatusOr<Reservation> GetReservation(const std::string& id) override {
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT " LP_RESERVATION_COLUMNS " FROM reservations WHERE id = $1", Params::Of(id)));
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("reservation ", id, " not found"));
    return ReadReservation(rows, 0);
  }

  absl::Status InsertReservation(const Reservation& r) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_RETURN_IF_ERROR(LockListing(r.listing_id));
    return Exec("INSERT INTO reservations (" LP_RESERVATION_COLUMNS
                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
                " $17, $18, $19)",
                ReservationParams(r))
        .status();
  }

  absl::Status UpdateReservation(const Reservation& r) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_RETURN_IF_ERROR(LockListing(r.listing_id));
    LP_ASSIGN_OR_RETURN(
        Result result,
        Exec("UPDATE reservations SET listing_id = $2, owner_organization_id = $3, "
             "organization_id = $4, responsible_person_id = $5, created_by_person_id = $6, "
             "kind = $7, status = $8, start_us = $9, end_us = $10, occupied_start_us = $11, "
             "occupied_end_us = $12, hold_expire_us = $13, basket_id = $14, "
             "handover_from_reservation_id = $15, handover_to_reservation_id = $16, "
             "details = $17, create_us = $18, update_us = $19 WHERE id = $1",
             ReservationParams(r)));
    if (result.affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("reservation ", r.id, " not found"));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<Reservation>> ListReservations(
      const ReservationFilter& filter, const std::optional<ReservationCursor>& after,
      int limit) override {
    // One statement: every optional filter is bound and switched off with NULL/''.
    std::optional<int64_t> end_after, start_before, after_start;
    if (filter.end_after) end_after = Micros(*filter.end_after);
    if (filter.start_before) start_before = Micros(*filter.start_before);
    if (after) after_start = Micros(after->start);
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT " LP_RESERVATION_COLUMNS
             " FROM reservations WHERE ($1::text = '' OR organization_id = $1::text)"
             " AND ($2::text = '' OR owner_organization_id = $2::text)"
             " AND ($3::text = '' OR listing_id = $3::text)"
             " AND ($4::text = '' OR status = ANY (string_to_array($4::text, ',')::integer[]))"
             " AND ($5::bigint IS NULL OR end_us > $5::bigint)"
             " AND ($6::bigint IS NULL OR start_us < $6::bigint)"
             " AND ($7::bigint IS NULL OR start_us > $7::bigint"
             " OR (start_us = $7::bigint AND id > $8::text))"
             " ORDER BY start_us, id LIMIT $9",
             Params::Of(filter.organization_id, filter.owner_organization_id, filter.listing_id,
                        StatusList(filter.statuses), end_after, start_before, after_start,
                        after ? after->id : std::string(), limit)));
    return Reservations(rows);
  }

  absl::StatusOr<std::vector<Reservation>> ListBorrowerReservations(
      const std::string& listing_id, const std::string& organization_id,
      const std::vector<ReservationStatus>& statuses, absl::Time from, absl::Time to) override {
    LP_ASSIGN_OR_RETURN(Result rows,
                        Exec("SELECT " LP_RESERVATION_COLUMNS
                             " FROM reservations WHERE organization_id = $1 AND listing_id = $2"
                             " AND status = ANY (string_to_array($3::text, ',')::integer[])"
                             " AND start_us < $5 AND end_us > $4 ORDER BY start_us, id",
                             Params::Of(organization_id, listing_id, StatusList(statuses),
                                        Micros(from), Micros(to))));
    return Reservations(rows);
  }

  absl::StatusOr<std::vector<Reservation>> ListExpiredHolds(const std::string& listing_id,
                                                            absl::Time now) override {
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT " LP_RESERVATION_COLUMNS
             " FROM reservations WHERE status = 1 AND hold_expire_us <= $1"
             " AND ($2::text = '' OR listing_id = $2::text) ORDER BY hold_expire_us, id",
             Params::Of(Micros(now), listing_id)));
    return Reservations(rows);
  }

  absl::Status InsertOccupancy(const Occupancy& o) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_RETURN_IF_ERROR(LockListing(o.listing_id));
    // A row this transaction can see is refused here, so that the error can name it; the
    // exclusion constraint catches one committed since the snapshot (see Exec).
    LP_ASSIGN_OR_RETURN(
        Result result,
        Exec("INSERT INTO occupancy (listing_id, unit, occupied_start_us, occupied_end_us,"
             " reservation_id) SELECT $1::text, $2::integer, $3::bigint, $4::bigint, $5::text"
             " WHERE NOT EXISTS (SELECT 1 FROM occupancy WHERE listing_id = $1::text"
             " AND unit = $2::integer AND int8range(occupied_start_us, occupied_end_us)"
             " && int8range($3::bigint, GREATEST($3::bigint, $4::bigint)))",
             Params::Of(o.listing_id, o.unit, Micros(o.start), Micros(o.end), o.reservation_id)));
    if (result.affected_rows() == 0) return Conflict(o.listing_id, o.unit, o.start, o.end);
    return absl::OkStatus();
  }

  absl::Status UpdateOccupancyEnd(const std::string& reservation_id, absl::Time end) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(Result listings,
                        Exec("SELECT DISTINCT listing_id FROM occupancy WHERE reservation_id = $1",
                             Params::Of(reservation_id)));
    for (int i = 0; i < listings.size(); ++i) LP_RETURN_IF_ERROR(LockListing(listings.Text(i, 0)));
    LP_ASSIGN_OR_RETURN(
        Result in_the_way,
        Exec("SELECT 1 FROM occupancy mine JOIN occupancy other"
             " ON other.listing_id = mine.listing_id AND other.unit = mine.unit"
             " AND other.reservation_id <> mine.reservation_id"
             " AND int8range(other.occupied_start_us, other.occupied_end_us)"
             " && int8range(mine.occupied_start_us, GREATEST(mine.occupied_start_us, $2::bigint))"
             " WHERE mine.reservation_id = $1::text LIMIT 1",
             Params::Of(reservation_id, Micros(end))));
    if (!in_the_way.empty()) return MoveConflict(reservation_id, end);
    return Exec("UPDATE occupancy SET occupied_end_us = $1 WHERE reservation_id = $2",
                Params::Of(Micros(end), reservation_id))
        .status();
  }

  absl::Status DeleteOccupancy(const std::string& reservation_id) override {
    LP_RETURN_IF_ERROR(Writable());
    return Exec("DELETE FROM occupancy WHERE reservation_id = $1", Params::Of(reservation_id))
        .status();
  }

  absl::StatusOr<std::vector<Occupancy>> ListOccupancy(const std::string& listing_id,
                                                       absl::Time from, absl::Time to) override {
    // The range condition lets the exclusion constraint's GiST index find the rows; it is
    // never narrower than the exact condition after it (also when `to` is before `from`).
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT listing_id, unit, occupied_start_us, occupied_end_us, reservation_id"
             " FROM occupancy WHERE listing_id = $1::text"
             " AND int8range(occupied_start_us, occupied_end_us)"
             " && int8range(LEAST($2::bigint, $3::bigint), GREATEST($2::bigint, $3::bigint) + 1)"
             " AND occupied_start_us < $3::bigint AND occupied_end_us > $2::bigint"
             " ORDER BY unit, occupied_start_us",
             Params::Of(listing_id, Micros(from), Micros(to))));
    return OccupancyRows(rows);
  }

  absl::StatusOr<std::vector<Occupancy>> ListOccupancyOfListings(
      const std::vector<ListingWindow>& windows) override {
    if (windows.empty()) return std::vector<Occupancy>();
    // One round trip: the windows go as one JSON parameter (bound, never spliced into the
    // SQL), and each is joined to its listing's rows through the exclusion constraint's
    // GiST index, with ListOccupancy's conditions.
    nlohmann::json list = nlohmann::json::array();
    for (const ListingWindow& w : windows) {
      list.push_back(
          {{"listing_id", w.listing_id}, {"from_us", Micros(w.from)}, {"to_us", Micros(w.to)}});
    }
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT o.listing_id, o.unit, o.occupied_start_us, o.occupied_end_us,"
             " o.reservation_id"
             " FROM json_to_recordset($1::json) AS w(listing_id text, from_us bigint, to_us bigint)"
             " JOIN occupancy o ON o.listing_id = w.listing_id"
             " AND int8range(o.occupied_start_us, o.occupied_end_us)"
             " && int8range(LEAST(w.from_us, w.to_us), GREATEST(w.from_us, w.to_us) + 1)"
             " AND o.occupied_start_us < w.to_us AND o.occupied_end_us > w.from_us",
             Params::Of(list.dump())));
    return OccupancyRows(rows);
  }

  absl::StatusOr<std::vector<OutOfService>> ListOutOfServiceOfListings(
      const std::vector<std::string>& listing_ids) override {
    if (listing_ids.empty()) return std::vector<OutOfService>();
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT listing_id, unit, owner_organization_id, reservation_id, report, since_us"
             " FROM units_out_of_service WHERE listing_id IN"
             " (SELECT json_array_elements_text($1::json))",
             Params::Of(nlohmann::json(listing_ids).dump())));
    return OutOfServiceRows(rows);
  }

  absl::StatusOr<std::optional<std::string>> FindIdempotencyKey(const std::string& principal,
                                                                const std::string& key) override {
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT result_id FROM idempotency_keys WHERE principal = $1 AND key = $2",
             Params::Of(principal, key)));
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows.Text(0, 0));
  }

  absl::Status InsertIdempotencyKey(const std::string& principal, const std::string& key,
                                    const std::string& result_id, absl::Time time) override {
    LP_RETURN_IF_ERROR(Writable());
    return Exec(
               "INSERT INTO idempotency_keys (principal, key, result_id, create_us)"
               " VALUES ($1, $2, $3, $4)",
               Params::Of(principal, key, result_id, Micros(time)))
        .status();
  }

  absl::Status InsertEvent(const ReservationEvent& e) override {
    LP_RETURN_IF_ERROR(Writable());
    // seq orders events of the same microsecond in the order they were written.
    return Exec(
               "INSERT INTO reservation_events (id, reservation_id, time_us, actor_person_id,"
               " actor_organization_id, type, status, details, seq) VALUES ($1, $2, $3, $4, $5,"
               " $6, $7, $8, (SELECT COALESCE(MAX(seq), 0) + 1 FROM reservation_events"
               " WHERE reservation_id = $2))",
               Params::Of(e.id, e.reservation_id, Micros(e.time), e.actor_person_id,
                          e.actor_organization_id, e.type, static_cast<int>(e.status), e.details))
        .status();
  }

  absl::StatusOr<std::vector<ReservationEvent>> ListEvents(
      const std::string& reservation_id) override {
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT id, reservation_id, time_us, actor_person_id, actor_organization_id, type,"
             " status, details FROM reservation_events WHERE reservation_id = $1 ORDER BY seq",
             Params::Of(reservation_id)));
    std::vector<ReservationEvent> out;
    for (int i = 0; i < rows.size(); ++i) {
      out.push_back({rows.Text(i, 0), rows.Text(i, 1), FromMicros(rows.Int(i, 2)), rows.Text(i, 3),
                     rows.Text(i, 4), rows.Text(i, 5),
                     static_cast<ReservationStatus>(rows.Int(i, 6)), rows.Text(i, 7)});
    }
    return out;
  }

  absl::Status UpsertIntake(const Intake& intake) override {
    LP_RETURN_IF_ERROR(Writable());
    return Exec(
               "INSERT INTO intakes (listing_id, organization_id, date, recorded_by_person_id)"
               " VALUES ($1, $2, $3, $4) ON CONFLICT (listing_id, organization_id) DO UPDATE SET"
               " date = excluded.date, recorded_by_person_id = excluded.recorded_by_person_id",
               Params::Of(intake.listing_id, intake.organization_id, intake.date,
                          intake.recorded_by_person_id))
        .status();
  }

  absl::StatusOr<bool> HasIntake(const std::string& listing_id,
                                 const std::string& organization_id) override {
    LP_ASSIGN_OR_RETURN(Result rows,
                        Exec("SELECT 1 FROM intakes WHERE listing_id = $1 AND organization_id = $2",
                             Params::Of(listing_id, organization_id)));
    return !rows.empty();
  }

  absl::StatusOr<std::vector<Intake>> ListIntakes(const std::string& listing_id) override {
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT listing_id, organization_id, date, recorded_by_person_id FROM intakes"
             " WHERE listing_id = $1 ORDER BY organization_id",
             Params::Of(listing_id)));
    std::vector<Intake> out;
    for (int i = 0; i < rows.size(); ++i) {
      out.push_back({rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2), rows.Text(i, 3)});
    }
    return out;
  }

  absl::Status InsertOutOfService(const OutOfService& unit) override {
    LP_RETURN_IF_ERROR(Writable());
    return Exec(
               "INSERT INTO units_out_of_service (listing_id, unit, owner_organization_id,"
               " reservation_id, report, since_us) VALUES ($1, $2, $3, $4, $5, $6)"
               " ON CONFLICT (listing_id, unit) DO NOTHING",
               Params::Of(unit.listing_id, unit.unit, unit.owner_organization_id,
                          unit.reservation_id, unit.report, Micros(unit.since)))
        .status();
  }

  absl::Status DeleteOutOfService(const std::string& listing_id, int unit) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(Result result,
                        Exec("DELETE FROM units_out_of_service WHERE listing_id = $1 AND unit = $2",
                             Params::Of(listing_id, unit)));
    if (result.affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("unit ", unit, " of ", listing_id, " is in service"));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<OutOfService>> ListOutOfService(
      const std::string& listing_id) override {
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT listing_id, unit, owner_organization_id, reservation_id, report, since_us"
             " FROM units_out_of_service WHERE listing_id = $1 ORDER BY unit",
             Params::Of(listing_id)));
    return OutOfServiceRows(rows);
  }

  // ---- Calendar feeds

  absl::Status InsertCalendarFeed(const CalendarFeed& feed) override {
    LP_RETURN_IF_ERROR(Writable());
    return Exec("INSERT INTO calendar_feeds (" LP_FEED_COLUMNS
                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                Params::Of(feed.id, feed.listing_id, feed.organization_id,
                           feed.manager_organization_id, feed.secret_hash, feed.created_by,
                           Micros(feed.create_time), OptionalMicros(feed.revoke_time)))
        .status();
  }

  absl::StatusOr<CalendarFeed> GetCalendarFeed(const std::string& id) override {
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT " LP_FEED_COLUMNS " FROM calendar_feeds WHERE id = $1", Params::Of(id)));
    // Never names the secret hash: the message may travel to a caller.
    if (rows.empty()) return absl::NotFoundError("calendar feed not found");
    return ReadFeed(rows, 0);
  }

  absl::StatusOr<CalendarFeed> FindCalendarFeed(const std::string& secret_hash) override {
    LP_ASSIGN_OR_RETURN(
        Result rows, Exec("SELECT " LP_FEED_COLUMNS " FROM calendar_feeds WHERE secret_hash = $1",
                          Params::Of(secret_hash)));
    if (rows.empty()) return absl::NotFoundError("calendar feed not found");
    return ReadFeed(rows, 0);
  }

  absl::StatusOr<std::vector<CalendarFeed>> ListCalendarFeeds(
      const std::string& manager_organization_id) override {
    LP_ASSIGN_OR_RETURN(Result rows, Exec("SELECT " LP_FEED_COLUMNS
                                          " FROM calendar_feeds WHERE manager_organization_id = $1"
                                          " ORDER BY create_us, id",
                                          Params::Of(manager_organization_id)));
    std::vector<CalendarFeed> out;
    for (int i = 0; i < rows.size(); ++i) out.push_back(ReadFeed(rows, i));
    return out;
  }

  absl::Status RevokeCalendarFeed(const std::string& id, absl::Time time) override {
    LP_RETURN_IF_ERROR(Writable());
    // The first revocation's time stays.
    LP_ASSIGN_OR_RETURN(
        Result result,
        Exec("UPDATE calendar_feeds SET revoke_us = COALESCE(revoke_us, $1) WHERE id = $2",
             Params::Of(Micros(time), id)));
    if (result.affected_rows() == 0) return absl::NotFoundError("calendar feed not found");
    return absl::OkStatus();
  }

  // ---- Waitlist and inbox

  absl::Status InsertWaitlistEntry(const WaitlistEntry& e) override {
    LP_RETURN_IF_ERROR(Writable());
    return Exec("INSERT INTO waitlist_entries (" LP_ENTRY_COLUMNS
                ", listing_id, organization_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                Params::Of(e.id, static_cast<int>(e.state), e.reservation_id,
                           OptionalMicros(e.offer_expire_time), row_json::WaitlistDraft(e),
                           Micros(e.create_time), Micros(e.update_time), e.draft.listing_id,
                           e.draft.organization_id))
        .status();
  }

  absl::StatusOr<WaitlistEntry> GetWaitlistEntry(const std::string& id) override {
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec("SELECT " LP_ENTRY_COLUMNS " FROM waitlist_entries WHERE id = $1", Params::Of(id)));
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("waitlist entry ", id, " not found"));
    return ReadEntry(rows, 0);
  }

  absl::Status UpdateWaitlistEntry(const WaitlistEntry& e) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(
        Result result,
        Exec("UPDATE waitlist_entries SET state = $2, reservation_id = $3,"
             " offer_expire_us = $4, update_us = $5 WHERE id = $1",
             Params::Of(e.id, static_cast<int>(e.state), e.reservation_id,
                        OptionalMicros(e.offer_expire_time), Micros(e.update_time))));
    if (result.affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("waitlist entry ", e.id, " not found"));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<WaitlistEntry>> ListWaitlistByListing(const std::string& listing_id,
                                                                   WaitlistState state) override {
    LP_ASSIGN_OR_RETURN(Result rows, Exec("SELECT " LP_ENTRY_COLUMNS
                                          " FROM waitlist_entries WHERE listing_id = $1 AND"
                                          " state = $2 ORDER BY create_us, seq",
                                          Params::Of(listing_id, static_cast<int>(state))));
    return Entries(rows);
  }

  absl::StatusOr<std::optional<WaitlistEntry>> FindWaitlistByReservation(
      const std::string& reservation_id) override {
    LP_ASSIGN_OR_RETURN(Result rows, Exec("SELECT " LP_ENTRY_COLUMNS
                                          " FROM waitlist_entries WHERE reservation_id = $1"
                                          " AND reservation_id <> ''",
                                          Params::Of(reservation_id)));
    if (rows.empty()) return std::optional<WaitlistEntry>();
    LP_ASSIGN_OR_RETURN(WaitlistEntry entry, ReadEntry(rows, 0));
    return std::optional<WaitlistEntry>(std::move(entry));
  }

  absl::StatusOr<std::vector<WaitlistEntry>> ListWaitlistByOrganization(
      const std::string& organization_id) override {
    LP_ASSIGN_OR_RETURN(Result rows, Exec("SELECT " LP_ENTRY_COLUMNS
                                          " FROM waitlist_entries WHERE organization_id = $1"
                                          " ORDER BY create_us DESC, seq DESC LIMIT 1000",
                                          Params::Of(organization_id)));
    return Entries(rows);
  }

  absl::Status InsertInboxEvent(const InboxEvent& e) override {
    LP_RETURN_IF_ERROR(Writable());
    if (!inbox_locked_) {
      LP_RETURN_IF_ERROR(
          Exec("SELECT pg_advisory_xact_lock($1)", Params::Of(kInboxLockKey)).status());
      inbox_locked_ = true;
    }
    return Exec(
               "INSERT INTO inbox_events (id, time_us, organization_id, type, reservation_id,"
               " listing_id, summary) VALUES ($1, $2, $3, $4, $5, $6, $7)",
               Params::Of(e.id, Micros(e.time), e.organization_id, e.type, e.reservation_id,
                          e.listing_id, e.summary))
        .status();
  }

  absl::StatusOr<std::vector<InboxEvent>> ListInbox(const std::string& organization_id,
                                                    int64_t before, int limit) override {
    LP_ASSIGN_OR_RETURN(Result rows,
                        Exec("SELECT " LP_EVENT_COLUMNS
                             " FROM inbox_events WHERE organization_id = $1 AND sequence < $2"
                             " ORDER BY sequence DESC LIMIT $3",
                             Params::Of(organization_id, before > 0 ? before : INT64_MAX, limit)));
    return InboxEvents(rows);
  }

  absl::StatusOr<std::vector<InboxEvent>> ListInboxAfter(const std::string& organization_id,
                                                         int64_t after, int limit) override {
    LP_ASSIGN_OR_RETURN(Result rows,
                        Exec("SELECT " LP_EVENT_COLUMNS
                             " FROM inbox_events WHERE organization_id = $1 AND sequence > $2"
                             " ORDER BY sequence LIMIT $3",
                             Params::Of(organization_id, after, limit)));
    return InboxEvents(rows);
  }

  absl::StatusOr<int64_t> LastInboxSequence() override {
    LP_ASSIGN_OR_RETURN(Result rows, Exec("SELECT COALESCE(MAX(sequence), 0) FROM inbox_events"));
    return rows.empty() ? 0 : rows.Int(0, 0);
  }

  // ---- Series

  absl::Status InsertSeries(const Series& series) override {
    LP_RETURN_IF_ERROR(Writable());
    return Exec(
               "INSERT INTO series (" LP_SERIES_COLUMNS
               ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
               Params::Of(series.id, series.listing_id, series.owner_organization_id,
                          series.organization_id, series.created_by_person_id,
                          static_cast<int>(series.mode), row_json::Recurrence(series.recurrence),
                          row_json::Template(series.request), row_json::Conflicts(series.conflicts),
                          Micros(series.create_time), Micros(series.update_time)))
        .status();
  }

  absl::StatusOr<Series> GetSeries(const std::string& id) override {
    LP_ASSIGN_OR_RETURN(Result rows, Exec("SELECT " LP_SERIES_COLUMNS " FROM series WHERE id = $1",
                                          Params::Of(id)));
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("series ", id, " not found"));
    Series series;
    series.id = rows.Text(0, 0);
    series.listing_id = rows.Text(0, 1);
    series.owner_organization_id = rows.Text(0, 2);
    series.organization_id = rows.Text(0, 3);
    series.created_by_person_id = rows.Text(0, 4);
    series.mode = static_cast<SeriesMode>(rows.Int(0, 5));
    LP_RETURN_IF_ERROR(
        row_json::ReadSeriesDocuments(rows.Text(0, 6), rows.Text(0, 7), rows.Text(0, 8), series));
    series.create_time = FromMicros(rows.Int(0, 9));
    series.update_time = FromMicros(rows.Int(0, 10));
    return series;
  }

  absl::Status UpdateSeries(const Series& series) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(
        Result result,
        Exec("UPDATE series SET recurrence = $2, template = $3, conflicts = $4, update_us = $5"
             " WHERE id = $1",
             Params::Of(series.id, row_json::Recurrence(series.recurrence),
                        row_json::Template(series.request), row_json::Conflicts(series.conflicts),
                        Micros(series.update_time))));
    if (result.affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("series ", series.id, " not found"));
    }
    return absl::OkStatus();
  }

  absl::Status SetSeriesOccurrence(const std::string& series_id, int index,
                                   const std::string& reservation_id) override {
    LP_RETURN_IF_ERROR(Writable());
    return Exec(
               "INSERT INTO series_occurrences (series_id, occurrence_index, reservation_id)"
               " VALUES ($1, $2, $3) ON CONFLICT (series_id, occurrence_index) DO UPDATE SET"
               " reservation_id = excluded.reservation_id",
               Params::Of(series_id, index, reservation_id))
        .status();
  }

  absl::StatusOr<std::vector<Reservation>> ListSeriesReservations(
      const std::string& series_id) override {
    LP_ASSIGN_OR_RETURN(
        Result rows,
        Exec(
            "SELECT " LP_RESERVATION_COLUMNS " FROM series_occurrences JOIN reservations"
            " ON reservations.id = series_occurrences.reservation_id"
            " WHERE series_occurrences.series_id = $1 ORDER BY series_occurrences.occurrence_index",
            Params::Of(series_id)));
    return Reservations(rows);
  }

 private:
  // Every statement goes through here, so that a lost serialization conflict is remembered
  // (retry_) even when the engine treats the error as a refusal and goes on.
  absl::StatusOr<Result> Exec(std::string_view sql, const Params& params = {}) {
    absl::StatusOr<Result> result = connection_.Exec(sql, params);
    if (result.ok()) return result;
    absl::Status status = result.status();
    Observe(status);
    return status;
  }

  // Savepoint commands, which are not prepared.
  absl::Status Script(std::string_view sql) {
    absl::Status status = connection_.Execute(sql);
    Observe(status);
    return status;
  }

  void Observe(absl::Status& status) {
    if (status.ok() || retry_) return;
    if (IsExclusionViolation(status)) {
      // Occupancy rows are inserted only after checking, in the same statement, that no
      // visible row overlaps: the one in the way was committed after this transaction's
      // snapshot. Serially, this unit of work would have run after that one and seen it, so
      // it runs again (as after a serialization failure) and then refuses with the intervals.
      status = storage::pg::StatusFromSqlState(
          "40001", "an overlapping occupancy row was committed concurrently", "booking store");
    }
    if (status.code() == absl::StatusCode::kAborted) retry_ = status;
  }

  // Writers of one listing's reservations and occupancy take turns from their first such
  // write to their end. Without it, two transactions inserting overlapping occupancy rows each
  // wait in the exclusion constraint for the other -- a deadlock PostgreSQL only breaks after
  // deadlock_timeout -- and the aggregates the statistics triggers update per listing would
  // be fought over row by row.
  absl::Status LockListing(const std::string& listing_id) {
    if (locked_.contains(listing_id)) return absl::OkStatus();
    LP_RETURN_IF_ERROR(Exec("SELECT pg_advisory_xact_lock($1, hashtext($2))",
                            Params::Of(kListingLockSpace, listing_id))
                           .status());
    locked_.insert(listing_id);
    return absl::OkStatus();
  }

  absl::Status Writable() const {
    if (read_only_) return absl::InternalError("booking store: a write inside Read");
    return absl::OkStatus();
  }

  // Names the intervals in the way, never whose they are: they may belong to another
  // organisation. Word for word the SQLite store's message.
  absl::Status Conflict(const std::string& listing_id, int unit, absl::Time start, absl::Time end) {
    absl::StatusOr<std::vector<Occupancy>> rows = ListOccupancy(listing_id, start, end);
    std::vector<std::string> taken;
    if (rows.ok()) {
      for (const Occupancy& row : *rows) {
        if (row.unit != unit) continue;
        taken.push_back(absl::StrCat(Rfc3339(row.start), "/", Rfc3339(row.end)));
      }
    }
    return absl::AlreadyExistsError(
        absl::StrCat("unit ", unit, " is already occupied ", absl::StrJoin(taken, ", ")));
  }

  // Like Conflict, for a row of `reservation_id` that could not be stretched to `end`: names
  // the intervals in the way but never the reservation.
  absl::Status MoveConflict(const std::string& reservation_id, absl::Time end) {
    std::vector<std::string> taken;
    absl::StatusOr<Result> own =
        Exec("SELECT listing_id, unit, occupied_start_us FROM occupancy WHERE reservation_id = $1",
             Params::Of(reservation_id));
    if (own.ok()) {
      for (int i = 0; i < own->size(); ++i) {
        const int unit = static_cast<int>(own->Int(i, 1));
        absl::StatusOr<std::vector<Occupancy>> rows =
            ListOccupancy(own->Text(i, 0), FromMicros(own->Int(i, 2)), end);
        if (!rows.ok()) continue;
        for (const Occupancy& o : *rows) {
          if (o.unit != unit || o.reservation_id == reservation_id) continue;
          taken.push_back(
              absl::StrCat("unit ", o.unit, " ", Rfc3339(o.start), "/", Rfc3339(o.end)));
        }
      }
    }
    return absl::AlreadyExistsError(absl::StrCat("occupied until ", Rfc3339(end),
                                                 " would overlap: ", absl::StrJoin(taken, ", ")));
  }

  Connection& connection_;
  bool read_only_;
  bool inbox_locked_ = false;
  std::set<std::string> locked_;
  std::optional<absl::Status> retry_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<storage::pg::Pool>> OpenBookingPostgres(
    const storage::pg::Options& options) {
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::pg::Pool> pool, storage::pg::Pool::Open(options));
  {
    LP_ASSIGN_OR_RETURN(storage::pg::Pool::Lease connection, pool->Acquire());
    auto owned = [&connection]() -> absl::StatusOr<bool> {
      LP_ASSIGN_OR_RETURN(Result exists,
                          connection->Exec("SELECT to_regclass('database_owner') IS NOT NULL"));
      if (!exists.Bool(0, 0)) return false;
      LP_ASSIGN_OR_RETURN(Result owner, connection->Exec("SELECT service FROM database_owner"));
      return !owner.empty() && owner.Text(0, 0) == "booking";
    };
    const absl::Status refused =
        absl::FailedPreconditionError("the --db database is not a booking engine database");
    // Another service's schema must not receive the booking migrations.
    LP_ASSIGN_OR_RETURN(const int version, connection->SchemaVersion());
    if (version > 0) {
      LP_ASSIGN_OR_RETURN(const bool ours, owned());
      if (!ours) return refused;
    }
    LP_RETURN_IF_ERROR(connection->Migrate(PostgresMigrations()));
    LP_ASSIGN_OR_RETURN(const bool ours, owned());
    if (!ours) return refused;
  }
  return pool;
}

absl::Status PgBookingStore::Transact(absl::FunctionRef<absl::Status(BookingTransaction&)> work) {
  if (active_store == this) return NestedError();
  ActiveScope scope(this);
  // The listings the previous run wrote to. A run that lost a conflict over a listing lost it
  // because another writer of that listing committed after its snapshot; were it merely run
  // again, the same could happen every time while that listing is busy. So the rerun takes
  // those listings' locks before its snapshot: it then sees every earlier writer's commit,
  // and later ones wait for it.
  std::set<std::string> lock_first;
  absl::Status status;
  for (int attempt = 0; attempt < attempts_; ++attempt) {
    bool retry = false;
    status = Attempt(lock_first, work, retry);
    if (!retry) return status;
  }
  return status;
}

absl::Status PgBookingStore::Attempt(std::set<std::string>& lock_first,
                                     absl::FunctionRef<absl::Status(BookingTransaction&)> work,
                                     bool& retry) {
  LP_ASSIGN_OR_RETURN(storage::pg::Pool::Lease lease, pool_.Acquire());
  // Session locks, taken outside the transaction so that its snapshot follows them; released
  // after it ended (a lost connection releases them too).
  struct Unlock {
    Connection& connection;
    bool any = false;
    ~Unlock() {
      if (any && connection.healthy()) (void)connection.Exec("SELECT pg_advisory_unlock_all()");
    }
  } unlock{*lease};
  for (const std::string& listing_id : lock_first) {
    unlock.any = true;
    LP_RETURN_IF_ERROR(
        lease->Query("SELECT pg_advisory_lock($1, hashtext($2))", kListingLockSpace, listing_id)
            .status());
  }
  LP_ASSIGN_OR_RETURN(
      storage::pg::Transaction transaction,
      storage::pg::Transaction::Begin(*lease, storage::pg::Transaction::Isolation::kSerializable));
  PgBookingTransaction tx(*lease, /*read_only=*/false);
  const absl::Status status = work(tx);
  lock_first = tx.locked_listings();
  if (tx.retry()) {
    retry = true;
    return *tx.retry();
  }
  if (!status.ok()) return status;
  const bool failed = lease->transaction_failed();
  absl::Status committed = transaction.Commit();
  // A serialization failure at COMMIT (not the refusal to commit after a failed statement).
  retry = !failed && committed.code() == absl::StatusCode::kAborted;
  return committed;
}

absl::Status PgBookingStore::Read(absl::FunctionRef<absl::Status(BookingTransaction&)> work) {
  if (active_store == this) return NestedError();
  ActiveScope scope(this);
  LP_ASSIGN_OR_RETURN(storage::pg::Pool::Lease lease, pool_.Acquire());
  // Read promises a consistent snapshot, which REPEATABLE READ gives without serialization
  // failures: `work` runs once, and a Read never makes a writer retry.
  LP_ASSIGN_OR_RETURN(
      storage::pg::Transaction transaction,
      storage::pg::Transaction::Begin(*lease, storage::pg::Transaction::Isolation::kRepeatableRead,
                                      /*read_only=*/true));
  PgBookingTransaction tx(*lease, /*read_only=*/true);
  LP_RETURN_IF_ERROR(work(tx));
  return transaction.Commit();
}

}  // namespace leerpool::booking
