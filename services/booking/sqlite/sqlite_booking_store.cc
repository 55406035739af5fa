#include "services/booking/sqlite/sqlite_booking_store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <time.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "services/booking/sqlite/calendar_feed_rows.h"
#include "services/booking/sqlite/series_rows.h"
#include "services/booking/sqlite/sqlite_waitlist_inbox.h"
#include "services/booking/store/row_json.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

// The store whose unit of work this thread is running: a nested Transact or Read would wait
// for itself forever, so it is refused instead.
thread_local const SqliteBookingStore* active_store = nullptr;

struct ActiveScope {
  // Restores what was there: a leader may be inside another store's unit of work.
  explicit ActiveScope(const SqliteBookingStore* store) : previous(active_store) {
    active_store = store;
  }
  ~ActiveScope() { active_store = previous; }
  const SqliteBookingStore* previous;
};

int64_t Micros(absl::Time time) { return absl::ToUnixMicros(time); }

// Savepoint statements go through the connection's statement cache: a batch opens and
// releases one per unit of work, and Execute (sqlite3_exec) would compile each afresh.
absl::Status RunCached(storage::Database& db, std::string_view sql) {
  LP_ASSIGN_OR_RETURN(storage::Statement statement, db.Prepare(sql));
  return statement.Run();
}

absl::Status RollBackTo(storage::Database& db, std::string_view rollback_to,
                        std::string_view release) {
  LP_RETURN_IF_ERROR(RunCached(db, rollback_to));
  return RunCached(db, release);
}
absl::Time FromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }

std::string Rfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

constexpr char kReservationColumns[] =
    "id, listing_id, owner_organization_id, organization_id, responsible_person_id, "
    "created_by_person_id, kind, status, start_us, end_us, occupied_start_us, occupied_end_us, "
    "hold_expire_us, basket_id, handover_from_reservation_id, handover_to_reservation_id, "
    "details, create_us, update_us";

absl::StatusOr<Reservation> ReadReservation(const storage::Statement& row) {
  Reservation r;
  r.id = row.Text(0);
  r.listing_id = row.Text(1);
  r.owner_organization_id = row.Text(2);
  r.organization_id = row.Text(3);
  r.responsible_person_id = row.Text(4);
  r.created_by_person_id = row.Text(5);
  r.kind = static_cast<ReservationKind>(row.Int(6));
  r.status = static_cast<ReservationStatus>(row.Int(7));
  r.start_time = FromMicros(row.Int(8));
  r.end_time = FromMicros(row.Int(9));
  r.occupied_start_time = FromMicros(row.Int(10));
  r.occupied_end_time = FromMicros(row.Int(11));
  if (!row.IsNull(12)) r.hold_expire_time = FromMicros(row.Int(12));
  r.basket_id = row.Text(13);
  r.handover_from_reservation_id = row.Text(14);
  r.handover_to_reservation_id = row.Text(15);
  LP_RETURN_IF_ERROR(row_json::ReadReservationDetails(row.Text(16), r));
  r.create_time = FromMicros(row.Int(17));
  r.update_time = FromMicros(row.Int(18));
  return r;
}

void BindReservation(storage::Statement& s, const Reservation& r) {
  std::optional<int64_t> hold;
  if (r.hold_expire_time) hold = Micros(*r.hold_expire_time);
  s.BindAll(r.id, r.listing_id, r.owner_organization_id, r.organization_id, r.responsible_person_id,
            r.created_by_person_id, static_cast<int>(r.kind), static_cast<int>(r.status),
            Micros(r.start_time), Micros(r.end_time), Micros(r.occupied_start_time),
            Micros(r.occupied_end_time), hold, r.basket_id, r.handover_from_reservation_id,
            r.handover_to_reservation_id, row_json::ReservationDetails(r), Micros(r.create_time),
            Micros(r.update_time));
}

absl::StatusOr<std::vector<Reservation>> CollectReservations(storage::Statement& statement) {
  std::vector<Reservation> out;
  while (true) {
    LP_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) break;
    LP_ASSIGN_OR_RETURN(Reservation r, ReadReservation(statement));
    out.push_back(std::move(r));
  }
  return out;
}

std::string StatusList(const std::vector<ReservationStatus>& statuses) {
  return absl::StrJoin(statuses, ",", [](std::string* out, ReservationStatus status) {
    absl::StrAppend(out, static_cast<int>(status));
  });
}

class SqliteBookingTransaction : public BookingTransaction {
 public:
  SqliteBookingTransaction(storage::Database& db, bool read_only)
      : db_(db), read_only_(read_only) {}

  absl::Status Nested(absl::FunctionRef<absl::Status(BookingTransaction&)> work) override {
    LP_RETURN_IF_ERROR(RunCached(db_, "SAVEPOINT nested_unit"));
    const absl::Status status = work(*this);
    if (status.ok()) return RunCached(db_, "RELEASE nested_unit");
    if (absl::Status undone = RollBackTo(db_, "ROLLBACK TO nested_unit", "RELEASE nested_unit");
        !undone.ok()) {
      // The failed unit's writes are still there: the whole transaction must not commit.
      return absl::AbortedError(
          absl::StrCat("booking store: could not undo a failed unit: ", undone.message()));
    }
    return status;
  }

  absl::StatusOr<Reservation> GetReservation(const std::string& id) override {
    LP_ASSIGN_OR_RETURN(storage::Statement s,
                        db_.Prepare(absl::StrCat("SELECT ", kReservationColumns,
                                                 " FROM reservations WHERE id = ?")));
    s.Bind(1, id);
    LP_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return absl::NotFoundError(absl::StrCat("reservation ", id, " not found"));
    return ReadReservation(s);
  }

  absl::Status InsertReservation(const Reservation& r) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare(absl::StrCat("INSERT INTO reservations (", kReservationColumns,
                                 ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")));
    BindReservation(s, r);
    return s.Run();
  }

  absl::Status UpdateReservation(const Reservation& r) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("UPDATE reservations SET listing_id = ?2, owner_organization_id = ?3, "
                    "organization_id = ?4, responsible_person_id = ?5, created_by_person_id = ?6, "
                    "kind = ?7, status = ?8, start_us = ?9, end_us = ?10, occupied_start_us = ?11, "
                    "occupied_end_us = ?12, hold_expire_us = ?13, basket_id = ?14, "
                    "handover_from_reservation_id = ?15, handover_to_reservation_id = ?16, "
                    "details = ?17, create_us = ?18, update_us = ?19 WHERE id = ?1"));
    BindReservation(s, r);
    LP_RETURN_IF_ERROR(s.Run());
    if (db_.Changes() == 0)
      return absl::NotFoundError(absl::StrCat("reservation ", r.id, " not found"));
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<Reservation>> ListReservations(
      const ReservationFilter& filter, const std::optional<ReservationCursor>& after,
      int limit) override {
    // One statement: every optional filter is bound and switched off with NULL/''.
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare(absl::StrCat(
            "SELECT ", kReservationColumns,
            " FROM reservations WHERE (?1 = '' OR organization_id = ?1)"
            " AND (?2 = '' OR owner_organization_id = ?2) AND (?3 = '' OR listing_id = ?3)"
            " AND (?4 = '' OR instr(',' || ?4 || ',', ',' || status || ',') > 0)"
            " AND (?5 IS NULL OR end_us > ?5) AND (?6 IS NULL OR start_us < ?6)"
            " AND (?7 IS NULL OR start_us > ?7 OR (start_us = ?7 AND id > ?8))"
            " ORDER BY start_us, id LIMIT ?9")));
    std::optional<int64_t> end_after, start_before, after_start;
    if (filter.end_after) end_after = Micros(*filter.end_after);
    if (filter.start_before) start_before = Micros(*filter.start_before);
    if (after) after_start = Micros(after->start);
    s.BindAll(filter.organization_id, filter.owner_organization_id, filter.listing_id,
              StatusList(filter.statuses), end_after, start_before, after_start,
              after ? after->id : std::string(), limit);
    return CollectReservations(s);
  }

  absl::StatusOr<std::vector<Reservation>> ListBorrowerReservations(
      const std::string& listing_id, const std::string& organization_id,
      const std::vector<ReservationStatus>& statuses, absl::Time from, absl::Time to) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare(absl::StrCat("SELECT ", kReservationColumns,
                                 " FROM reservations WHERE organization_id = ?1 AND listing_id = ?2"
                                 " AND instr(',' || ?3 || ',', ',' || status || ',') > 0"
                                 " AND start_us < ?5 AND end_us > ?4 ORDER BY start_us, id")));
    s.BindAll(organization_id, listing_id, StatusList(statuses), Micros(from), Micros(to));
    return CollectReservations(s);
  }

  absl::StatusOr<std::vector<Reservation>> ListExpiredHolds(const std::string& listing_id,
                                                            absl::Time now) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare(absl::StrCat("SELECT ", kReservationColumns,
                                 " FROM reservations WHERE status = 1 AND hold_expire_us <= ?1"
                                 " AND (?2 = '' OR listing_id = ?2) ORDER BY hold_expire_us, id")));
    s.BindAll(Micros(now), listing_id);
    return CollectReservations(s);
  }

  absl::Status InsertOccupancy(const Occupancy& o) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("INSERT INTO occupancy (listing_id, unit, occupied_start_us, occupied_end_us,"
                    " reservation_id) VALUES (?, ?, ?, ?, ?)"));
    s.BindAll(o.listing_id, o.unit, Micros(o.start), Micros(o.end), o.reservation_id);
    absl::Status status = s.Run();
    if (IsOverlap(status)) return Conflict(o.listing_id, o.unit, o.start, o.end);
    return status;
  }

  absl::Status UpdateOccupancyEnd(const std::string& reservation_id, absl::Time end) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("UPDATE occupancy SET occupied_end_us = ? WHERE reservation_id = ?"));
    s.BindAll(Micros(end), reservation_id);
    absl::Status status = s.Run();
    if (IsOverlap(status)) return MoveConflict(reservation_id, end);
    return status;
  }

  absl::Status DeleteOccupancy(const std::string& reservation_id) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(storage::Statement s,
                        db_.Prepare("DELETE FROM occupancy WHERE reservation_id = ?"));
    s.Bind(1, reservation_id);
    return s.Run();
  }

  absl::StatusOr<std::vector<Occupancy>> ListOccupancy(const std::string& listing_id,
                                                       absl::Time from, absl::Time to) override {
    // The listing's longest stored occupation (occupancy_extent, see 0006) bounds how early
    // an overlapping row can start, which keeps this a short index range scan.
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("SELECT listing_id, unit, occupied_start_us, occupied_end_us, reservation_id"
                    " FROM occupancy WHERE listing_id = ?1 AND occupied_start_us < ?3"
                    " AND occupied_start_us > ?2 - coalesce((SELECT max_length_us FROM"
                    " occupancy_extent WHERE listing_id = ?1), 0) AND occupied_end_us > ?2"
                    " ORDER BY unit, occupied_start_us"));
    s.BindAll(listing_id, Micros(from), Micros(to));
    std::vector<Occupancy> out;
    while (true) {
      LP_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back({s.Text(0), static_cast<int>(s.Int(1)), FromMicros(s.Int(2)),
                     FromMicros(s.Int(3)), s.Text(4)});
    }
    return out;
  }

  absl::StatusOr<std::optional<std::string>> FindIdempotencyKey(const std::string& principal,
                                                                const std::string& key) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("SELECT result_id FROM idempotency_keys WHERE principal = ? AND key = ?"));
    s.BindAll(principal, key);
    LP_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(s.Text(0));
  }

  absl::Status InsertIdempotencyKey(const std::string& principal, const std::string& key,
                                    const std::string& result_id, absl::Time time) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(storage::Statement s,
                        db_.Prepare("INSERT INTO idempotency_keys (principal, key, result_id,"
                                    " create_us) VALUES (?, ?, ?, ?)"));
    s.BindAll(principal, key, result_id, Micros(time));
    return s.Run();
  }

  absl::Status InsertEvent(const ReservationEvent& e) override {
    LP_RETURN_IF_ERROR(Writable());
    // seq orders events of the same microsecond in the order they were written.
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("INSERT INTO reservation_events (id, reservation_id, time_us, actor_person_id,"
                    " actor_organization_id, type, status, details, seq) VALUES (?, ?, ?, ?, ?, ?,"
                    " ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM reservation_events"
                    " WHERE reservation_id = ?2))"));
    s.BindAll(e.id, e.reservation_id, Micros(e.time), e.actor_person_id, e.actor_organization_id,
              e.type, static_cast<int>(e.status), e.details);
    return s.Run();
  }

  absl::StatusOr<std::vector<ReservationEvent>> ListEvents(
      const std::string& reservation_id) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("SELECT id, reservation_id, time_us, actor_person_id, actor_organization_id,"
                    " type, status, details FROM reservation_events WHERE reservation_id = ?"
                    " ORDER BY seq"));
    s.Bind(1, reservation_id);
    std::vector<ReservationEvent> out;
    while (true) {
      LP_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back({s.Text(0), s.Text(1), FromMicros(s.Int(2)), s.Text(3), s.Text(4), s.Text(5),
                     static_cast<ReservationStatus>(s.Int(6)), s.Text(7)});
    }
    return out;
  }

  absl::Status UpsertIntake(const Intake& intake) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare(
            "INSERT INTO intakes (listing_id, organization_id, date, recorded_by_person_id)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (listing_id, organization_id) DO UPDATE SET"
            " date = excluded.date, recorded_by_person_id = excluded.recorded_by_person_id"));
    s.BindAll(intake.listing_id, intake.organization_id, intake.date, intake.recorded_by_person_id);
    return s.Run();
  }

  absl::StatusOr<bool> HasIntake(const std::string& listing_id,
                                 const std::string& organization_id) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("SELECT 1 FROM intakes WHERE listing_id = ? AND organization_id = ?"));
    s.BindAll(listing_id, organization_id);
    return s.Step();
  }

  absl::StatusOr<std::vector<Intake>> ListIntakes(const std::string& listing_id) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("SELECT listing_id, organization_id, date, recorded_by_person_id FROM intakes"
                    " WHERE listing_id = ? ORDER BY organization_id"));
    s.Bind(1, listing_id);
    std::vector<Intake> out;
    while (true) {
      LP_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
    }
    return out;
  }

  absl::Status InsertOutOfService(const OutOfService& unit) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("INSERT INTO units_out_of_service (listing_id, unit, owner_organization_id,"
                    " reservation_id, report, since_us) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (listing_id, unit) DO NOTHING"));
    s.BindAll(unit.listing_id, unit.unit, unit.owner_organization_id, unit.reservation_id,
              unit.report, Micros(unit.since));
    return s.Run();
  }

  absl::Status DeleteOutOfService(const std::string& listing_id, int unit) override {
    LP_RETURN_IF_ERROR(Writable());
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("DELETE FROM units_out_of_service WHERE listing_id = ? AND unit = ?"));
    s.BindAll(listing_id, unit);
    LP_RETURN_IF_ERROR(s.Run());
    if (db_.Changes() == 0) {
      return absl::NotFoundError(absl::StrCat("unit ", unit, " of ", listing_id, " is in service"));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<OutOfService>> ListOutOfService(
      const std::string& listing_id) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare("SELECT listing_id, unit, owner_organization_id, reservation_id, report,"
                    " since_us FROM units_out_of_service WHERE listing_id = ? ORDER BY unit"));
    s.Bind(1, listing_id);
    std::vector<OutOfService> out;
    while (true) {
      LP_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back({s.Text(0), static_cast<int>(s.Int(1)), s.Text(2), s.Text(3), s.Text(4),
                     FromMicros(s.Int(5))});
    }
    return out;
  }

  absl::Status InsertCalendarFeed(const CalendarFeed& feed) override {
    LP_RETURN_IF_ERROR(Writable());
    return sqlite_feeds::Insert(db_, feed);
  }
  absl::StatusOr<CalendarFeed> GetCalendarFeed(const std::string& id) override {
    return sqlite_feeds::Get(db_, id);
  }
  absl::StatusOr<CalendarFeed> FindCalendarFeed(const std::string& secret_hash) override {
    return sqlite_feeds::FindBySecretHash(db_, secret_hash);
  }
  absl::StatusOr<std::vector<CalendarFeed>> ListCalendarFeeds(
      const std::string& manager_organization_id) override {
    return sqlite_feeds::ListByManager(db_, manager_organization_id);
  }
  absl::Status RevokeCalendarFeed(const std::string& id, absl::Time time) override {
    LP_RETURN_IF_ERROR(Writable());
    return sqlite_feeds::Revoke(db_, id, time);
  }

  absl::Status InsertWaitlistEntry(const WaitlistEntry& entry) override {
    LP_RETURN_IF_ERROR(Writable());
    return sqlite_waitlist::InsertEntry(db_, entry);
  }
  absl::StatusOr<WaitlistEntry> GetWaitlistEntry(const std::string& id) override {
    return sqlite_waitlist::GetEntry(db_, id);
  }
  absl::Status UpdateWaitlistEntry(const WaitlistEntry& entry) override {
    LP_RETURN_IF_ERROR(Writable());
    return sqlite_waitlist::UpdateEntry(db_, entry);
  }
  absl::StatusOr<std::vector<WaitlistEntry>> ListWaitlistByListing(const std::string& listing_id,
                                                                   WaitlistState state) override {
    return sqlite_waitlist::ListByListing(db_, listing_id, state);
  }
  absl::StatusOr<std::optional<WaitlistEntry>> FindWaitlistByReservation(
      const std::string& reservation_id) override {
    return sqlite_waitlist::FindByReservation(db_, reservation_id);
  }
  absl::StatusOr<std::vector<WaitlistEntry>> ListWaitlistByOrganization(
      const std::string& organization_id) override {
    return sqlite_waitlist::ListByOrganization(db_, organization_id);
  }
  absl::Status InsertInboxEvent(const InboxEvent& event) override {
    LP_RETURN_IF_ERROR(Writable());
    return sqlite_waitlist::InsertInboxEvent(db_, event);
  }
  absl::StatusOr<std::vector<InboxEvent>> ListInbox(const std::string& organization_id,
                                                    int64_t before, int limit) override {
    return sqlite_waitlist::ListInbox(db_, organization_id, before, limit);
  }
  absl::StatusOr<std::vector<InboxEvent>> ListInboxAfter(const std::string& organization_id,
                                                         int64_t after, int limit) override {
    return sqlite_waitlist::ListInboxAfter(db_, organization_id, after, limit);
  }
  absl::StatusOr<int64_t> LastInboxSequence() override {
    return sqlite_waitlist::LastInboxSequence(db_);
  }

  absl::Status InsertSeries(const Series& series) override {
    LP_RETURN_IF_ERROR(Writable());
    return sqlite_series::Insert(db_, series);
  }
  absl::StatusOr<Series> GetSeries(const std::string& id) override {
    return sqlite_series::Get(db_, id);
  }
  absl::Status UpdateSeries(const Series& series) override {
    LP_RETURN_IF_ERROR(Writable());
    return sqlite_series::Update(db_, series);
  }
  absl::Status SetSeriesOccurrence(const std::string& series_id, int index,
                                   const std::string& reservation_id) override {
    LP_RETURN_IF_ERROR(Writable());
    return sqlite_series::SetOccurrence(db_, series_id, index, reservation_id);
  }
  absl::StatusOr<std::vector<Reservation>> ListSeriesReservations(
      const std::string& series_id) override {
    // No column of reservations is named like one of series_occurrences.
    LP_ASSIGN_OR_RETURN(
        storage::Statement s,
        db_.Prepare(absl::StrCat("SELECT ", kReservationColumns,
                                 " FROM series_occurrences JOIN reservations"
                                 " ON reservations.id = series_occurrences.reservation_id"
                                 " WHERE series_occurrences.series_id = ?"
                                 " ORDER BY series_occurrences.occurrence_index")));
    s.Bind(1, series_id);
    return CollectReservations(s);
  }

 private:
  absl::Status Writable() const {
    if (read_only_) return absl::InternalError("booking store: a write inside Read");
    return absl::OkStatus();
  }

  static bool IsOverlap(const absl::Status& status) {
    return !status.ok() && std::string_view(status.message().data(), status.message().size())
                                   .find("occupancy overlap") != std::string_view::npos;
  }

  // Names the intervals in the way, never whose they are: they may belong to another
  // organisation.
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
  // the intervals in the way but never the reservation, which may be another
  // organisation's (the caller may be undoing their own loan's handover).
  absl::Status MoveConflict(const std::string& reservation_id, absl::Time end) {
    struct Row {
      std::string listing_id;
      int unit;
      absl::Time start;
    };
    std::vector<Row> own;
    absl::StatusOr<storage::Statement> s = db_.Prepare(
        "SELECT listing_id, unit, occupied_start_us FROM occupancy WHERE reservation_id = ?");
    if (s.ok()) {
      s->BindAll(reservation_id);
      for (absl::StatusOr<bool> row = s->Step(); row.ok() && *row; row = s->Step()) {
        own.push_back({s->Text(0), static_cast<int>(s->Int(1)), FromMicros(s->Int(2))});
      }
    }
    std::vector<std::string> taken;
    for (const Row& row : own) {
      absl::StatusOr<std::vector<Occupancy>> rows = ListOccupancy(row.listing_id, row.start, end);
      if (!rows.ok()) continue;
      for (const Occupancy& o : *rows) {
        if (o.unit != row.unit || o.reservation_id == reservation_id) continue;
        taken.push_back(absl::StrCat("unit ", o.unit, " ", Rfc3339(o.start), "/", Rfc3339(o.end)));
      }
    }
    return absl::AlreadyExistsError(absl::StrCat("occupied until ", Rfc3339(end),
                                                 " would overlap: ", absl::StrJoin(taken, ", ")));
  }

  storage::Database& db_;
  bool read_only_;
};

}  // namespace

namespace {

// Wakes one waiting thread once. libstdc++'s std::binary_semaphore spins with sched_yield
// before it sleeps; with dozens of callers waiting on a batch that spinning took about a tenth
// of the machine's CPU away from the leader. A condition variable sleeps at once.
class OneShot {
 public:
  // Notifies under the lock: the waiter owns this object and may destroy it as soon as it
  // can see `signalled_`.
  void Signal() {
    std::lock_guard lock(mutex_);
    signalled_ = true;
    signal_.notify_one();
  }
  void Wait() {
    std::unique_lock lock(mutex_);
    signal_.wait(lock, [this] { return signalled_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable signal_;
  bool signalled_ = false;
};

}  // namespace

struct SqliteBookingStore::Request {
  // A caller that waits for its result (Transact, and Read without a reader connection).
  Request(bool read_only, absl::FunctionRef<absl::Status(BookingTransaction&)> work)
      : read_only(read_only), work(work) {}
  // TransactAsync: the request owns its work and is deleted once `done` has run.
  Request(std::function<absl::Status(BookingTransaction&)> work_to_own,
          absl::AnyInvocable<void(absl::Status) &&> done)
      : read_only(false),
        owned_work(std::move(work_to_own)),
        work(owned_work),
        done(std::move(done)) {}
  bool read_only;
  std::function<absl::Status(BookingTransaction&)> owned_work;
  absl::FunctionRef<absl::Status(BookingTransaction&)> work;
  absl::AnyInvocable<void(absl::Status) &&> done;  // empty for a caller that waits
  absl::Status status;
  // Released once `status` is set. One per request, so finishing a batch wakes exactly its
  // own callers rather than every thread that waits.
  OneShot finished;
};

namespace {

int64_t ThreadCpuNanos() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
}

}  // namespace

SqliteBookingStore::SqliteBookingStore(storage::Database& writer, storage::Database* reader,
                                       SqliteBookingStoreOptions options)
    : writer_(writer), reader_(reader), options_(options) {
  if (options_.max_batch < 1) options_.max_batch = 1;
  // temp_store=MEMORY would keep the savepoints' statement journals off disk (a gain for
  // small units of work) but made a unit of 20,000 reservations (a history import) spend most
  // of its time in savepoint handling, so the journals stay in temporary files.
  // In-memory databases have no WAL to checkpoint, and nothing else depends on this.
  if (absl::StatusOr<std::unique_ptr<storage::WalCheckpointer>> checkpointer =
          storage::WalCheckpointer::Start(writer_, options_.wal_checkpoint);
      checkpointer.ok()) {
    checkpointer_ = *std::move(checkpointer);
  }
  writer_thread_ = std::thread([this] { WriterLoop(); });
  answer_thread_ = std::thread([this] { AnswerLoop(); });
}

SqliteBookingStore::~SqliteBookingStore() {
  {
    // Calls already waiting still run; new ones are refused.
    std::unique_lock lock(mutex_);
    stopping_ = true;
    no_leader_.wait(lock, [this] { return !leading_ && queue_.empty(); });
    writer_stopping_ = true;
  }
  writer_wanted_.notify_one();
  writer_thread_.join();
  {
    std::lock_guard lock(answer_mutex_);
    answer_stopping_ = true;
  }
  answer_wanted_.notify_one();
  answer_thread_.join();
  // Only now: it hands the write connection its autocheckpoint back.
  checkpointer_.reset();
}

int64_t SqliteBookingStore::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

double SqliteBookingStore::batch_cpu_seconds() const {
  std::lock_guard lock(mutex_);
  return static_cast<double>(batch_cpu_nanos_) / 1e9;
}

absl::Status SqliteBookingStore::Transact(
    absl::FunctionRef<absl::Status(BookingTransaction&)> work) {
  return Enqueue(/*read_only=*/false, work);
}

absl::Status SqliteBookingStore::Read(absl::FunctionRef<absl::Status(BookingTransaction&)> work) {
  if (reader_ == nullptr) return Enqueue(/*read_only=*/true, work);
  if (active_store == this) {
    return absl::InternalError("booking store: a transaction was started inside another");
  }
  std::lock_guard lock(reader_mutex_);
  ActiveScope scope(this);
  LP_ASSIGN_OR_RETURN(storage::Transaction transaction,
                      storage::Transaction::Begin(*reader_, storage::Transaction::Mode::kDeferred));
  SqliteBookingTransaction tx(*reader_, /*read_only=*/true);
  LP_RETURN_IF_ERROR(work(tx));
  return transaction.Commit();
}

void SqliteBookingStore::TransactAsync(std::function<absl::Status(BookingTransaction&)> work,
                                       absl::AnyInvocable<void(absl::Status) &&> done) {
  if (active_store == this) {
    std::move(done)(absl::InternalError("booking store: a transaction was started inside another"));
    return;
  }
  auto request = std::make_unique<Request>(std::move(work), std::move(done));
  Request* queued = nullptr;
  bool lead = false;
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(queued = request.release());
      // As in Enqueue: an idle store runs the unit on this thread, without waking another.
      if (!leading_) leading_ = lead = true;
    }
  }
  if (queued == nullptr) {
    std::move(request->done)(absl::UnavailableError("booking store: shutting down"));
    return;
  }
  if (lead) Lead(queued);
}

absl::Status SqliteBookingStore::Enqueue(
    bool read_only, absl::FunctionRef<absl::Status(BookingTransaction&)> work) {
  if (active_store == this) {
    return absl::InternalError("booking store: a transaction was started inside another");
  }
  Request request(read_only, work);
  bool lead = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return absl::UnavailableError("booking store: shutting down");
    queue_.push_back(&request);
    // Nobody leads only when the queue was empty: this request is the oldest.
    if (!leading_) leading_ = lead = true;
  }
  if (lead) {
    Lead(&request);
  } else {
    request.finished.Wait();
  }
  return request.status;
}

void SqliteBookingStore::WriterLoop() {
  pthread_setname_np(pthread_self(), "booking-writer");
  std::unique_lock lock(mutex_);
  while (true) {
    writer_wanted_.wait(lock, [this] { return writer_leads_ || writer_stopping_; });
    if (!writer_leads_) return;
    writer_leads_ = false;
    lock.unlock();
    Lead(nullptr);
    lock.lock();
  }
}

void SqliteBookingStore::Lead(Request* own) {
  // A caller that leads waits for its own result until the lead is passed on, so it runs at
  // most a few batches before the writer thread takes over; the writer thread leads for as
  // long as work keeps waiting.
  constexpr int kMaxBatchesPerCaller = 4;
  const bool caller_leads = own != nullptr;
  for (int led = 1;; ++led) {
    std::deque<Request*> batch;
    {
      std::lock_guard lock(mutex_);
      // FIFO, and only the leader takes from the queue: `own`, the oldest, is in the first.
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    const int64_t cpu_start = ThreadCpuNanos();
    RunBatch(batch);
    const int64_t cpu = ThreadCpuNanos() - cpu_start;
    // Before the lead is given up: the destructor waits for the lead, not for this.
    Finish(batch, own);
    if (own != nullptr && own->done) {
      // TransactAsync's caller leading: its answer needs no other thread.
      ActiveScope scope(this);
      std::move(own->done)(std::move(own->status));
      delete own;
    }
    own = nullptr;  // it was in the first batch
    bool again = false;
    bool hand_over = false;
    {
      std::lock_guard lock(mutex_);
      batch_cpu_nanos_ += cpu;
      if (queue_.empty()) {
        leading_ = false;
        if (stopping_) no_leader_.notify_all();
      } else if (!caller_leads || led < kMaxBatchesPerCaller) {
        again = true;
      } else {
        hand_over = writer_leads_ = true;
      }
    }
    // After the last use of the write connection: the writer thread may start on it at once.
    if (hand_over) writer_wanted_.notify_one();
    if (!again) return;
  }
}

void SqliteBookingStore::Finish(const std::deque<Request*>& batch, const Request* own) {
  std::vector<Request*> answers;
  for (Request* request : batch) {
    if (request == own) continue;
    if (request->done) {
      answers.push_back(request);
    } else {
      request->finished.Signal();
    }
  }
  if (answers.empty()) return;
  bool wake = false;
  {
    std::lock_guard lock(answer_mutex_);
    wake = answer_queue_.empty();
    answer_queue_.insert(answer_queue_.end(), answers.begin(), answers.end());
  }
  if (wake) answer_wanted_.notify_one();
}

void SqliteBookingStore::AnswerLoop() {
  pthread_setname_np(pthread_self(), "booking-answer");
  // A `done` that used the store from here would hold up every answer after it.
  ActiveScope scope(this);
  std::unique_lock lock(answer_mutex_);
  while (true) {
    answer_wanted_.wait(lock, [this] { return !answer_queue_.empty() || answer_stopping_; });
    if (answer_queue_.empty()) return;
    std::vector<Request*> answers;
    answers.swap(answer_queue_);
    lock.unlock();
    for (Request* request : answers) {
      std::move(request->done)(std::move(request->status));
      delete request;
    }
    lock.lock();
  }
}

void SqliteBookingStore::RunBatch(const std::deque<Request*>& batch) {
  absl::StatusOr<storage::Transaction> transaction =
      storage::Transaction::Begin(writer_, storage::Transaction::Mode::kImmediate);
  if (!transaction.ok()) {
    for (Request* request : batch) request->status = transaction.status();
    return;
  }
  // Every unit straight in the transaction first: a savepoint per unit costs two statements,
  // and while it is open SQLite keeps every page the unit changes in a statement journal,
  // which outgrew its 64 KiB in memory and went to a temporary file in nearly every batch.
  // Units rarely fail; when one does, the whole transaction is rolled back, that unit keeps
  // its error (it saw the state the units before it left, as it would again), and the others
  // run again, each in a savepoint of its own. Units of work may run more than once (see
  // BookingStore::Transact).
  size_t failed = batch.size();
  absl::Status failure;
  for (size_t i = 0; i < batch.size() && failed == batch.size(); ++i) {
    absl::Status status;
    {
      ActiveScope scope(this);
      SqliteBookingTransaction tx(writer_, batch[i]->read_only);
      status = batch[i]->work(tx);
    }
    if (!status.ok() || sqlite3_get_autocommit(writer_.handle())) {
      failed = i;
      failure = status.ok() ? absl::AbortedError("booking store: the batch was rolled back; retry")
                            : status;
    }
  }
  if (failed == batch.size()) {
    const absl::Status commit = transaction->Commit();
    for (Request* request : batch) request->status = commit;
    if (commit.ok()) {
      std::lock_guard lock(mutex_);
      ++commits_;
    }
    return;
  }
  if (!sqlite3_get_autocommit(writer_.handle())) {
    if (absl::Status undone = transaction->Rollback(); !undone.ok()) {
      for (Request* request : batch) request->status = undone;
      return;
    }
  }
  std::deque<Request*> others;
  for (size_t i = 0; i < batch.size(); ++i) {
    if (i == failed) {
      batch[i]->status = failure;
    } else {
      others.push_back(batch[i]);
    }
  }
  if (!others.empty()) RunBatchInSavepoints(others);
}

void SqliteBookingStore::RunBatchInSavepoints(const std::deque<Request*>& batch) {
  auto fail_all = [&batch](const absl::Status& status) {
    for (Request* request : batch) request->status = status;
  };
  absl::StatusOr<storage::Transaction> transaction =
      storage::Transaction::Begin(writer_, storage::Transaction::Mode::kImmediate);
  if (!transaction.ok()) return fail_all(transaction.status());
  for (size_t i = 0; i < batch.size(); ++i) {
    Request* request = batch[i];
    absl::Status status = RunCached(writer_, "SAVEPOINT unit_of_work");
    if (status.ok()) {
      ActiveScope scope(this);
      SqliteBookingTransaction tx(writer_, request->read_only);
      status = request->work(tx);
    }
    if (sqlite3_get_autocommit(writer_.handle())) {
      // SQLite rolled the whole transaction back (e.g. disk full): the batch so far is lost,
      // and what has not run yet is told to retry.
      const absl::Status lost =
          absl::AbortedError("booking store: the batch was rolled back; retry");
      for (size_t j = 0; j < batch.size(); ++j) {
        if (j < i) {
          if (batch[j]->status.ok()) batch[j]->status = lost;
        } else if (j == i) {
          batch[j]->status = status.ok() ? lost : status;
        } else {
          batch[j]->status = lost;
        }
      }
      return;
    }
    if (status.ok()) {
      status = RunCached(writer_, "RELEASE unit_of_work");
    } else {
      absl::Status undone = RollBackTo(writer_, "ROLLBACK TO unit_of_work", "RELEASE unit_of_work");
      if (!undone.ok()) {
        // Without the savepoint undone, committing would keep a failed unit's writes.
        for (size_t j = 0; j < batch.size(); ++j) {
          batch[j]->status = j == i ? status : absl::AbortedError("booking store: batch abandoned");
        }
        return;  // the Transaction's destructor rolls back
      }
    }
    request->status = status;
  }
  absl::Status commit = transaction->Commit();
  if (!commit.ok()) {
    for (Request* request : batch) {
      if (request->status.ok()) request->status = commit;
    }
    return;
  }
  std::lock_guard lock(mutex_);
  ++commits_;
}

}  // namespace leerpool::booking
