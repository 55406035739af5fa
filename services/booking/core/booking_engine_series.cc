// Recurring series: every occurrence is an ordinary reservation made with Prepare/Commit, so a
// series obeys exactly the rules a single reservation does, and all of a series' writes run in
// one store transaction.

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "services/booking/core/booking_engine.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"
#include "services/common/time_zone.h"

namespace leerpool::booking {

using auth::Caller;
using auth::Role;

namespace {

std::string Rfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

std::string Text(absl::string_view view) { return std::string(view.data(), view.size()); }

// Like a reservation: the borrower's and the owner's members and platform admins see it; for
// anyone else it does not exist, so ids cannot be probed.
absl::Status CheckVisible(const Caller& caller, const Series& series) {
  if (caller.platform_admin || caller.IsMemberOf(series.organization_id) ||
      caller.IsMemberOf(series.owner_organization_id)) {
    return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrCat("series ", series.id, " not found"));
}

// Moving or cancelling occurrences cancels reservations, so it takes what cancelling one
// reservation takes (CancelReservation): the borrower's admins and coordinators. Instructors
// may reserve but not cancel; the owner only sees the series.
absl::Status CheckMayEdit(const Caller& caller, const Series& series) {
  if (caller.platform_admin ||
      caller.HoldsAnyRole(series.organization_id, {Role::kOrgAdmin, Role::kCoordinator})) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only the borrowing organization's admins or coordinators may change or cancel a series");
}

absl::StatusOr<Series> LoadSeries(BookingTransaction& tx, const Caller& caller,
                                  const std::string& id) {
  LP_ASSIGN_OR_RETURN(Series series, tx.GetSeries(id));
  LP_RETURN_IF_ERROR(CheckVisible(caller, series));
  LP_ASSIGN_OR_RETURN(series.reservations, tx.ListSeriesReservations(id));
  return series;
}

bool IsConflict(const absl::Status& status) {
  return status.code() == absl::StatusCode::kFailedPrecondition ||
         status.code() == absl::StatusCode::kAlreadyExists;
}

// Commit joins the rules it found broken with "; "; a refusal of the units is one reason.
std::vector<std::string> Reasons(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kFailedPrecondition) {
    return absl::StrSplit(Text(status.message()), "; ", absl::SkipEmpty());
  }
  return {Text(status.message())};
}

// Every occurrence that does not fit, with its index, times and reasons. ALREADY_EXISTS when
// only taken units are in the way, FAILED_PRECONDITION when a rule is broken.
absl::Status ConflictError(const std::vector<OccurrenceConflict>& conflicts, bool only_taken,
                           const std::string& what) {
  std::vector<std::string> parts;
  for (const OccurrenceConflict& c : conflicts) {
    parts.push_back(absl::StrCat("occurrence ", c.index, " ", Rfc3339(c.start), "/", Rfc3339(c.end),
                                 ": ", absl::StrJoin(c.reasons, "; ")));
  }
  return absl::Status(
      only_taken ? absl::StatusCode::kAlreadyExists : absl::StatusCode::kFailedPrecondition,
      absl::StrCat(conflicts.size(), " occurrence", conflicts.size() == 1 ? "" : "s", " ", what,
                   ": ", absl::StrJoin(parts, " | ")));
}

// Prepare names the fields of one reservation; a series' caller sent other ones.
absl::Status RenameFields(const absl::Status& status,
                          const std::map<std::string, std::string>& renamed,
                          const std::string& prefix) {
  std::vector<std::string> parts = absl::StrSplit(Text(status.message()), "; ");
  for (std::string& part : parts) {
    bool done = false;
    for (const auto& [from, to] : renamed) {
      if (part.rfind(from + ":", 0) == 0) {
        part = to + part.substr(from.size());
        done = true;
        break;
      }
    }
    if (!done) part = prefix + part;
  }
  return absl::Status(status.code(), absl::StrJoin(parts, "; "));
}

ReservationEvent Event(const Caller& caller, const Series& series, const Reservation& r,
                       absl::Time now, const std::string& type, const std::string& details) {
  std::string actor_org;
  if (caller.IsMemberOf(series.organization_id)) {
    actor_org = series.organization_id;
  } else if (caller.IsMemberOf(series.owner_organization_id)) {
    actor_org = series.owner_organization_id;
  }
  return {
      NewId("rev"), r.id, now,      caller.person_id.empty() ? caller.api_key_id : caller.person_id,
      actor_org,    type, r.status, details};
}

bool InScope(SeriesScope scope, int from, int index) {
  switch (scope) {
    case SeriesScope::kOne:
      return index == from;
    case SeriesScope::kThisAndFollowing:
      return index >= from;
    case SeriesScope::kAll:
      return true;
    case SeriesScope::kUnspecified:
      break;
  }
  return false;
}

absl::Status ValidateScope(SeriesScope scope, int occurrence_index) {
  if (scope != SeriesScope::kOne && scope != SeriesScope::kThisAndFollowing &&
      scope != SeriesScope::kAll) {
    return absl::InvalidArgumentError(
        "scope: must be SERIES_SCOPE_ONE, SERIES_SCOPE_THIS_AND_FOLLOWING or SERIES_SCOPE_ALL");
  }
  if (occurrence_index < 0) {
    return absl::InvalidArgumentError("occurrence_index: must not be negative");
  }
  return absl::OkStatus();
}

// The occurrences the series' rule has, for their local dates and the index range.
absl::StatusOr<std::vector<Occurrence>> Occurrences(const Series& series, SeriesScope scope,
                                                    int occurrence_index) {
  absl::StatusOr<std::vector<Occurrence>> occurrences = ExpandWeekly(series.recurrence);
  if (!occurrences.ok()) {
    return absl::DataLossError(absl::StrCat(
        "series ", series.id, ": stored recurrence: ", Text(occurrences.status().message())));
  }
  if (scope != SeriesScope::kAll && occurrence_index >= static_cast<int>(occurrences->size())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "occurrence_index: the series has occurrences 0 to ", occurrences->size() - 1));
  }
  return occurrences;
}

// Only what has not started and still holds its units can move or be cancelled.
bool Changeable(const Reservation& r, absl::Time now) {
  return (r.status == ReservationStatus::kHeld || r.status == ReservationStatus::kPendingApproval ||
          r.status == ReservationStatus::kConfirmed) &&
         r.start_time > now;
}

absl::Status NotChangeable(const Reservation& r, absl::Time now, const std::string& what) {
  return absl::FailedPreconditionError(absl::StrCat(
      "occurrence_index: occurrence ", r.occurrence_index,
      r.start_time <= now && IsActive(r.status) ? " has started"
                                                : absl::StrCat(" is ", StatusName(r.status)),
      " and cannot be ", what));
}

}  // namespace

absl::StatusOr<Series> BookingEngine::CreateSeries(const Caller& caller,
                                                   const ReservationRequest& request,
                                                   const WeeklyRecurrence& recurrence,
                                                   SeriesMode mode,
                                                   const std::string& idempotency_key) {
  const absl::Time now = clock_.Now();
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "reserve equipment"));
  // A series' idempotency keys share the table with reservations'; the prefix keeps a key used
  // for both from answering one with the other.
  const std::string principal = absl::StrCat("series:", Principal(caller));
  auto find_first = [&](BookingTransaction& tx, std::optional<Series>& first) -> absl::Status {
    LP_ASSIGN_OR_RETURN(std::optional<std::string> id,
                        tx.FindIdempotencyKey(principal, idempotency_key));
    if (id) {
      LP_ASSIGN_OR_RETURN(first, LoadSeries(tx, caller, *id));
    }
    return absl::OkStatus();
  };
  if (!idempotency_key.empty()) {
    // A retry is answered without asking the catalogue again.
    std::optional<Series> first;
    LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) { return find_first(tx, first); }));
    if (first) return *first;
  }

  std::vector<std::string> invalid;
  if (mode != SeriesMode::kAllOrNothing && mode != SeriesMode::kBestEffort) {
    invalid.push_back("mode: must be SERIES_MODE_ALL_OR_NOTHING or SERIES_MODE_BEST_EFFORT");
  }
  if (!request.handover_from_reservation_id.empty()) {
    invalid.push_back("reservation.handover_from_reservation_id: not for a series");
  }
  if (!invalid.empty()) return absl::InvalidArgumentError(absl::StrJoin(invalid, "; "));
  LP_ASSIGN_OR_RETURN(std::vector<Occurrence> occurrences, ExpandWeekly(recurrence));
  if (occurrences.front().start < now) {
    return absl::InvalidArgumentError(absl::StrCat("recurrence.first_date: the first occurrence, ",
                                                   occurrences.front().local_start,
                                                   ", is in the past"));
  }

  // Everything the catalogue says, per occurrence (eligibility depends on the date), before the
  // transaction: a slow catalogue must not hold the single writer.
  std::vector<std::shared_ptr<Prepared>> prepared;
  for (const Occurrence& occurrence : occurrences) {
    ReservationRequest item = request;
    item.start_time = occurrence.start;
    item.end_time = occurrence.end;
    item.hold = false;
    item.idempotency_key.clear();
    absl::StatusOr<std::shared_ptr<Prepared>> p = PrepareShared(caller, item, now);
    if (!p.ok()) {
      if (p.status().code() != absl::StatusCode::kInvalidArgument) return p.status();
      return RenameFields(p.status(), {{"end_time", "recurrence.duration_minutes"}},
                          "reservation.");
    }
    prepared.push_back(std::move(*p));
  }

  Series series;
  LP_RETURN_IF_ERROR(store_.Transact([&](BookingTransaction& tx) -> absl::Status {
    if (!idempotency_key.empty()) {
      // Two concurrent first tries: the second to commit returns the first's series.
      std::optional<Series> first;
      LP_RETURN_IF_ERROR(find_first(tx, first));
      if (first) {
        series = std::move(*first);
        return absl::OkStatus();
      }
    }
    series = Series{};
    series.id = NewId("srs");
    series.listing_id = request.listing_id;
    series.organization_id = request.organization_id;
    series.created_by_person_id = caller.person_id.empty() ? caller.api_key_id : caller.person_id;
    series.mode = mode;
    series.recurrence = recurrence;
    series.request = {request.kind,        request.responsible_person_id,
                      request.learners,    request.planned_learners,
                      request.destination, request.notes};
    series.create_time = now;
    series.update_time = now;
    bool only_taken = true;
    for (size_t i = 0; i < occurrences.size(); ++i) {
      // A refused occurrence is undone on its own (whatever it had written) and the next
      // one goes on from there.
      absl::StatusOr<Reservation> r = absl::UnknownError("not run");
      const absl::Status nested = tx.Nested([&](BookingTransaction& inner) -> absl::Status {
        r = Commit(inner, caller, *prepared[i], now, "");
        return r.status();
      });
      if (!nested.ok()) {
        if (!IsConflict(nested)) return nested;
        only_taken = only_taken && r.status().code() == absl::StatusCode::kAlreadyExists;
        series.conflicts.push_back(
            {occurrences[i].index, occurrences[i].start, occurrences[i].end, Reasons(r.status())});
        continue;
      }
      r->series_id = series.id;
      r->occurrence_index = occurrences[i].index;
      LP_RETURN_IF_ERROR(tx.UpdateReservation(*r));
      series.reservations.push_back(std::move(*r));
    }
    // Best effort with nothing reserved is no series either.
    if (!series.conflicts.empty() &&
        (mode == SeriesMode::kAllOrNothing || series.reservations.empty())) {
      return ConflictError(series.conflicts, only_taken, "cannot be reserved");
    }
    series.owner_organization_id = series.reservations.front().owner_organization_id;
    // Stored as resolved (the caller, when the request named nobody).
    series.request.responsible_person_id = series.reservations.front().responsible_person_id;
    LP_RETURN_IF_ERROR(tx.InsertSeries(series));
    for (const Reservation& r : series.reservations) {
      LP_RETURN_IF_ERROR(tx.SetSeriesOccurrence(series.id, r.occurrence_index, r.id));
    }
    if (!idempotency_key.empty()) {
      LP_RETURN_IF_ERROR(tx.InsertIdempotencyKey(principal, idempotency_key, series.id, now));
    }
    return absl::OkStatus();
  }));
  return series;
}

absl::StatusOr<Series> BookingEngine::GetSeries(const Caller& caller, const std::string& id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "see series"));
  Series series;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(series, LoadSeries(tx, caller, id));
    return absl::OkStatus();
  }));
  return series;
}

absl::StatusOr<Series> BookingEngine::UpdateSeries(const Caller& caller, const std::string& id,
                                                   const SeriesChange& change) {
  const absl::Time now = clock_.Now();
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "change series"));
  LP_RETURN_IF_ERROR(ValidateScope(change.scope, change.occurrence_index));
  std::vector<std::string> invalid;
  if (!change.start_time_of_day && !change.duration && !change.learners) {
    invalid.push_back("start_time, duration_minutes, learners: give at least one to change");
  }
  if (change.duration && *change.duration <= absl::ZeroDuration()) {
    invalid.push_back("duration_minutes: must be positive");
  }
  if (change.learners && *change.learners < 1) invalid.push_back("learners: must be at least 1");
  if (!invalid.empty()) return absl::InvalidArgumentError(absl::StrJoin(invalid, "; "));

  Series series;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(series, LoadSeries(tx, caller, id));
    return absl::OkStatus();
  }));
  LP_RETURN_IF_ERROR(CheckMayEdit(caller, series));
  LP_ASSIGN_OR_RETURN(std::vector<Occurrence> occurrences,
                      Occurrences(series, change.scope, change.occurrence_index));
  const absl::TimeZone zone = IanaTimeZoneOrUtc(series.recurrence.time_zone);

  // What moves: the current reservation of each occurrence in scope that has not started.
  struct Move {
    Reservation from;
    std::shared_ptr<Prepared> prepared;
    absl::Time start;
    absl::Time end;
  };
  std::vector<Move> moves;
  std::vector<OccurrenceConflict> too_late;
  bool found = false;
  for (const Reservation& r : series.reservations) {
    if (!InScope(change.scope, change.occurrence_index, r.occurrence_index)) continue;
    found = true;
    if (!Changeable(r, now)) {
      if (change.scope == SeriesScope::kOne) return NotChangeable(r, now, "changed");
      continue;
    }
    // The occurrence keeps its date; a new time of day is read on that date in the series'
    // zone, so 09:00 stays 09:00 local on either side of a DST change.
    absl::Time start = r.start_time;
    if (change.start_time_of_day) {
      const absl::CivilDay day(zone.At(occurrences[r.occurrence_index].start).cs);
      start = zone.At(absl::CivilSecond(day.year(), day.month(), day.day(),
                                        change.start_time_of_day->hour(),
                                        change.start_time_of_day->minute()))
                  .pre;
    }
    const absl::Time end = start + change.duration.value_or(r.end_time - r.start_time);
    if (start <= now) {
      too_late.push_back({r.occurrence_index, start, end, {"start_time: would be in the past"}});
      continue;
    }
    ReservationRequest request;
    request.listing_id = r.listing_id;
    request.organization_id = r.organization_id;
    request.responsible_person_id = r.responsible_person_id;
    request.kind = r.kind;
    request.start_time = start;
    request.end_time = end;
    request.learners = change.learners.value_or(r.learners);
    request.planned_learners = r.planned_learners;
    request.destination = r.destination;
    request.notes = r.notes;
    absl::StatusOr<std::shared_ptr<Prepared>> p = PrepareShared(caller, request, now);
    if (!p.ok()) {
      if (p.status().code() != absl::StatusCode::kInvalidArgument) return p.status();
      return RenameFields(p.status(), {{"end_time", "duration_minutes"}}, "");
    }
    moves.push_back({r, std::move(*p), start, end});
  }
  if (!too_late.empty()) return ConflictError(too_late, false, "cannot be moved");
  if (!found && change.scope == SeriesScope::kOne) {
    return absl::FailedPreconditionError(absl::StrCat(
        "occurrence_index: occurrence ", change.occurrence_index, " has no reservation"));
  }
  if (moves.empty()) {
    return absl::FailedPreconditionError("no occurrence in scope can still be changed");
  }

  Series result;
  // A store may run the unit of work more than once (PostgreSQL reruns one that lost a
  // serialization conflict); each run starts from the moves as planned.
  const std::vector<Move> planned = moves;
  LP_RETURN_IF_ERROR(store_.Transact([&](BookingTransaction& tx) -> absl::Status {
    moves = planned;
    LP_ASSIGN_OR_RETURN(std::vector<Reservation> current, tx.ListSeriesReservations(id));
    std::map<int, const Reservation*> by_index;
    for (const Reservation& r : current) by_index[r.occurrence_index] = &r;
    // First free every old slot, so occurrences may move into each other's old times and a
    // small shift does not collide with itself; then reserve every new one.
    for (Move& move : moves) {
      auto it = by_index.find(move.from.occurrence_index);
      // Any change since the read (a handover, a handover to the next school's loan, a
      // check-out) shows in update_time; the stored row, not the copy read before, is the one
      // cancelled.
      if (it == by_index.end() || it->second->id != move.from.id ||
          it->second->status != move.from.status ||
          it->second->update_time != move.from.update_time) {
        return absl::AbortedError("the series changed meanwhile; try again");
      }
      move.from = *it->second;
      move.from.status = ReservationStatus::kCancelled;
      move.from.update_time = now;
      LP_RETURN_IF_ERROR(tx.UpdateReservation(move.from));
      LP_RETURN_IF_ERROR(tx.DeleteOccupancy(move.from.id));
    }
    std::vector<OccurrenceConflict> conflicts;
    bool only_taken = true;
    std::vector<Reservation> moved;
    for (Move& move : moves) {
      absl::StatusOr<Reservation> r = Commit(tx, caller, *move.prepared, now, "");
      if (!r.ok()) {
        if (!IsConflict(r.status())) return r.status();
        only_taken = only_taken && r.status().code() == absl::StatusCode::kAlreadyExists;
        conflicts.push_back(
            {move.from.occurrence_index, move.start, move.end, Reasons(r.status())});
        continue;
      }
      moved.push_back(std::move(*r));
    }
    // All or none: the old reservations come back with the rollback.
    if (!conflicts.empty()) return ConflictError(conflicts, only_taken, "cannot be moved");
    for (size_t i = 0; i < moves.size(); ++i) {
      Reservation& from = moves[i].from;
      Reservation& to = moved[i];
      from.reason = absl::StrCat("moved to reservation ", to.id);
      LP_RETURN_IF_ERROR(tx.UpdateReservation(from));
      LP_RETURN_IF_ERROR(RecordEvent(
          tx, from,
          Event(caller, series, from, now, "moved", absl::StrCat("to reservation ", to.id))));
      to.series_id = series.id;
      to.occurrence_index = from.occurrence_index;
      LP_RETURN_IF_ERROR(tx.UpdateReservation(to));
      LP_RETURN_IF_ERROR(tx.SetSeriesOccurrence(series.id, to.occurrence_index, to.id));
      LP_RETURN_IF_ERROR(RecordEvent(
          tx, to,
          Event(caller, series, to, now, "moved", absl::StrCat("from reservation ", from.id))));
    }
    // Only now, with every occurrence in its new place, may the waitlist have the old slots.
    for (const Move& move : moves) LP_RETURN_IF_ERROR(OfferFreedSlot(tx, move.from, now));
    LP_ASSIGN_OR_RETURN(Series stored, tx.GetSeries(id));
    if (change.scope == SeriesScope::kAll) {
      // The rule states the series' time and size from now on; past occurrences keep theirs.
      if (change.start_time_of_day) {
        stored.recurrence.start_time_of_day = absl::CivilMinute(
            2000, 1, 1, change.start_time_of_day->hour(), change.start_time_of_day->minute());
      }
      if (change.duration) stored.recurrence.duration = *change.duration;
      if (change.learners) stored.request.learners = *change.learners;
    }
    stored.update_time = now;
    LP_RETURN_IF_ERROR(tx.UpdateSeries(stored));
    LP_ASSIGN_OR_RETURN(result, LoadSeries(tx, caller, id));
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<Series> BookingEngine::CancelSeries(const Caller& caller, const std::string& id,
                                                   SeriesScope scope, int occurrence_index,
                                                   const std::string& reason) {
  const absl::Time now = clock_.Now();
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "cancel series"));
  LP_RETURN_IF_ERROR(ValidateScope(scope, occurrence_index));
  Series result;
  LP_RETURN_IF_ERROR(store_.Transact([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(Series series, LoadSeries(tx, caller, id));
    LP_RETURN_IF_ERROR(CheckMayEdit(caller, series));
    LP_RETURN_IF_ERROR(Occurrences(series, scope, occurrence_index).status());
    bool found = false;
    for (Reservation& r : series.reservations) {
      if (!InScope(scope, occurrence_index, r.occurrence_index)) continue;
      found = true;
      if (!Changeable(r, now)) {
        if (scope == SeriesScope::kOne) return NotChangeable(r, now, "cancelled");
        continue;
      }
      // The borrower pays the terms' fee after the deadline, as for a single cancellation.
      const absl::Time deadline = r.start_time - absl::Hours(r.cancellation_deadline_hours);
      r.cancellation_fee_cents = caller.IsMemberOf(r.organization_id) &&
                                         r.status != ReservationStatus::kHeld && now > deadline
                                     ? r.cancellation_fee_terms_cents
                                     : 0;
      r.status = ReservationStatus::kCancelled;
      r.reason = reason;
      r.update_time = now;
      LP_RETURN_IF_ERROR(tx.UpdateReservation(r));
      LP_RETURN_IF_ERROR(tx.DeleteOccupancy(r.id));
      LP_RETURN_IF_ERROR(RecordEvent(
          tx, r,
          Event(caller, series, r, now, "cancelled",
                absl::StrCat("series ", series.id, reason.empty() ? "" : ": ", reason))));
      LP_RETURN_IF_ERROR(OfferFreedSlot(tx, r, now));
    }
    if (!found && scope == SeriesScope::kOne) {
      return absl::FailedPreconditionError(
          absl::StrCat("occurrence_index: occurrence ", occurrence_index, " has no reservation"));
    }
    LP_ASSIGN_OR_RETURN(Series stored, tx.GetSeries(id));
    stored.update_time = now;
    LP_RETURN_IF_ERROR(tx.UpdateSeries(stored));
    LP_ASSIGN_OR_RETURN(result, LoadSeries(tx, caller, id));
    return absl::OkStatus();
  }));
  return result;
}

}  // namespace leerpool::booking
