#include "services/booking/core/booking_engine.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "services/booking/core/rules.h"
#include "services/common/ids.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"
#include "services/common/time_zone.h"

namespace leerpool::booking {

using auth::Caller;
using auth::Role;

namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

std::string Rfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

// Borrower members see their organisation's reservations, owner members those on their
// listings, platform admins all; for anyone else the reservation does not exist, so ids
// cannot be probed.
absl::Status CheckVisible(const Caller& caller, const Reservation& r) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "see reservations"));
  if (caller.platform_admin || caller.IsMemberOf(r.organization_id) ||
      caller.IsMemberOf(r.owner_organization_id)) {
    return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrCat("reservation ", r.id, " not found"));
}

bool IsStaff(const Caller& caller, const std::string& organization_id) {
  return caller.HoldsAnyRole(organization_id,
                             {Role::kOrgAdmin, Role::kCoordinator, Role::kInstructor});
}

// The organisation a caller acts for in an event: the side they hold a role on.
std::string ActorOrganization(const Caller& caller, const Reservation& r) {
  if (caller.IsMemberOf(r.organization_id)) return r.organization_id;
  if (caller.IsMemberOf(r.owner_organization_id)) return r.owner_organization_id;
  return "";
}

ReservationEvent MakeEvent(const Caller& caller, const Reservation& r, absl::Time now,
                           const std::string& type, const std::string& details) {
  return {NewId("rev"),
          r.id,
          now,
          caller.person_id.empty() ? caller.api_key_id : caller.person_id,
          ActorOrganization(caller, r),
          type,
          r.status,
          details};
}

const std::vector<ReservationStatus>& QuotaStatuses() {
  static const auto* statuses = new std::vector<ReservationStatus>{
      ReservationStatus::kHeld,      ReservationStatus::kPendingApproval,
      ReservationStatus::kConfirmed, ReservationStatus::kCheckedOut,
      ReservationStatus::kCompleted, ReservationStatus::kNoShow};
  return *statuses;
}

absl::Status Joined(absl::StatusCode code, const std::vector<std::string>& problems) {
  return absl::Status(code, absl::StrJoin(problems, "; "));
}

absl::Status Prefixed(const absl::Status& status, const std::string& prefix) {
  return absl::Status(status.code(), absl::StrCat(prefix, std::string(status.message().data(),
                                                                      status.message().size())));
}

}  // namespace

bool IsActive(ReservationStatus status) {
  return status == ReservationStatus::kHeld || status == ReservationStatus::kPendingApproval ||
         status == ReservationStatus::kConfirmed || status == ReservationStatus::kCheckedOut;
}

const char* StatusName(ReservationStatus status) {
  switch (status) {
    case ReservationStatus::kHeld:
      return "held";
    case ReservationStatus::kPendingApproval:
      return "pending approval";
    case ReservationStatus::kConfirmed:
      return "confirmed";
    case ReservationStatus::kCheckedOut:
      return "checked out";
    case ReservationStatus::kCompleted:
      return "completed";
    case ReservationStatus::kRejected:
      return "rejected";
    case ReservationStatus::kCancelled:
      return "cancelled";
    case ReservationStatus::kNoShow:
      return "no-show";
    case ReservationStatus::kExpired:
      return "expired";
    case ReservationStatus::kUnspecified:
      break;
  }
  return "unspecified";
}

// One item, with everything the catalogue says about it fetched before the transaction (a
// slow catalogue must not hold the single writer) and the rules that need only that checked.
struct BookingEngine::Prepared {
  ReservationRequest request;
  std::string responsible_person_id;
  ListingFacts listing;
  Terms terms;
  absl::TimeZone zone;
  int units_needed = 0;
  int transport_out = 0;
  int transport_back = 0;
  absl::Time occupied_start;
  absl::Time occupied_end;
  std::optional<double> distance_km;
  // The loan this one takes over (handover), as read before the transaction.
  std::optional<Reservation> previous;
  std::vector<std::string> broken_rules;
};

BookingEngine::BookingEngine(BookingStore& store, ListingDirectory& directory, Clock& clock,
                             BookingEngineOptions options)
    : notifying_store_(store, inbox_notifier_),
      store_(notifying_store_),
      directory_(directory),
      clock_(clock),
      options_(options) {}

std::string BookingEngine::Principal(const Caller& caller) {
  return caller.api_key_id.empty() ? absl::StrCat("person:", caller.person_id)
                                   : absl::StrCat("api_key:", caller.api_key_id);
}

absl::StatusOr<BookingEngine::Prepared> BookingEngine::Prepare(const Caller& caller,
                                                               const ReservationRequest& request,
                                                               absl::Time now) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "reserve equipment"));
  Prepared p;
  p.request = request;
  std::vector<std::string> invalid;
  if (request.listing_id.empty()) invalid.push_back("listing_id: is required");
  if (request.organization_id.empty()) invalid.push_back("organization_id: is required");
  if (request.kind != ReservationKind::kSession && request.kind != ReservationKind::kLoan) {
    invalid.push_back("kind: must be RESERVATION_KIND_SESSION or RESERVATION_KIND_LOAN");
  }
  const bool times_set =
      request.start_time != absl::InfinitePast() && request.end_time != absl::InfinitePast();
  if (!times_set) {
    invalid.push_back("start_time, end_time: are required");
  } else if (request.end_time <= request.start_time) {
    invalid.push_back("end_time: must be after start_time");
  } else if (request.end_time - request.start_time > options_.max_reservation) {
    invalid.push_back(absl::StrCat("end_time: a reservation lasts at most ",
                                   absl::ToInt64Hours(options_.max_reservation), " hours"));
  }
  if (times_set && request.start_time < now) {
    invalid.push_back("start_time: must not be in the past");
  }
  if (request.learners < 1) invalid.push_back("learners: must be at least 1");
  for (const AudienceCount& count : request.planned_learners) {
    if (count.count < 0) invalid.push_back("planned_learners: counts must not be negative");
  }
  if (!request.handover_from_reservation_id.empty() && request.kind != ReservationKind::kLoan) {
    invalid.push_back("handover_from_reservation_id: only for loans");
  }
  if (!invalid.empty()) return Joined(absl::StatusCode::kInvalidArgument, invalid);

  LP_RETURN_IF_ERROR(auth::RequireRole(caller, request.organization_id,
                                       {Role::kOrgAdmin, Role::kCoordinator, Role::kInstructor},
                                       "reserve for this organization"));
  p.responsible_person_id =
      request.responsible_person_id.empty() ? caller.person_id : request.responsible_person_id;
  if (p.responsible_person_id.empty()) {
    return absl::InvalidArgumentError(
        "responsible_person_id: is required when an API key reserves");
  }

  // ---- What the catalogue knows. Any failure here stores nothing.
  LP_ASSIGN_OR_RETURN(p.listing, directory_.GetListing(request.listing_id));
  if (p.listing.terms_version > 0) {
    LP_ASSIGN_OR_RETURN(p.terms, directory_.GetTerms(request.listing_id, p.listing.terms_version));
  }
  p.zone = IanaTimeZoneOrUtc(p.listing.site.time_zone);

  const int capacity = std::max(1, p.listing.capacity_per_unit);
  p.units_needed = (request.learners + capacity - 1) / capacity;
  if (p.units_needed > p.listing.unit_count) {
    invalid.push_back(absl::StrCat("learners: at most ", capacity, " per unit x ",
                                   p.listing.unit_count,
                                   " units = ", capacity * p.listing.unit_count));
  }
  const bool loan = request.kind == ReservationKind::kLoan;
  if (loan && !p.listing.mobile) invalid.push_back("kind: loans are only for mobile setups");
  if (!loan && request.destination) invalid.push_back("destination: only for loans");
  if (loan && p.listing.mobile) {
    if (!request.destination || !request.destination->location) {
      invalid.push_back("destination.location: is required for a loan");
    } else if (!p.listing.site.location) {
      return absl::FailedPreconditionError("the listing's site has no location to leave from");
    } else {
      p.distance_km = HaversineKm(*p.listing.site.location, *request.destination->location);
      if (*p.distance_km > p.listing.mobile->service_radius_km) {
        invalid.push_back(absl::StrFormat(
            "destination.location: %.1f km from the base, outside the service radius of %.1f km",
            *p.distance_km, p.listing.mobile->service_radius_km));
      }
    }
  }
  if (!invalid.empty()) return Joined(absl::StatusCode::kInvalidArgument, invalid);

  // ---- The unit's whole occupation.
  p.occupied_start = request.start_time;
  p.occupied_end = request.end_time;
  if (loan) {
    const MobileFacts& mobile = *p.listing.mobile;
    const int minutes = TravelMinutes(*p.distance_km, mobile.travel_speed_kmh);
    p.transport_out = minutes;
    p.transport_back = minutes;
    if (!request.handover_from_reservation_id.empty()) {
      absl::StatusOr<Reservation> previous;
      LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
        previous = tx.GetReservation(request.handover_from_reservation_id);
        return absl::OkStatus();
      }));
      if (!previous.ok() || previous->listing_id != request.listing_id ||
          previous->kind != ReservationKind::kLoan || !previous->destination ||
          !previous->destination->location) {
        return absl::InvalidArgumentError(
            "handover_from_reservation_id: not a loan of this listing");
      }
      p.previous = *previous;
      p.transport_out = TravelMinutes(
          HaversineKm(*previous->destination->location, *request.destination->location),
          mobile.travel_speed_kmh);
    }
    p.occupied_start = request.start_time - absl::Minutes(mobile.setup_minutes + p.transport_out);
    p.occupied_end = request.end_time + absl::Minutes(mobile.teardown_minutes + p.transport_back);
  }

  // ---- Every rule the catalogue's facts decide, all named at once.
  EligibilityQuery query{request.listing_id,
                         request.organization_id,
                         p.responsible_person_id,
                         request.start_time,
                         request.end_time,
                         request.learners,
                         request.destination ? request.destination->location : std::nullopt};
  LP_ASSIGN_OR_RETURN(EligibilityAnswer eligibility, directory_.CheckEligibility(caller, query));
  if (!eligibility.may_book) {
    for (const std::string& reason : eligibility.reasons) {
      p.broken_rules.push_back(absl::StrCat("eligibility: ", reason));
    }
    if (eligibility.reasons.empty()) p.broken_rules.push_back("eligibility: may not book");
  }
  if (p.listing.terms_version == 0) {
    p.broken_rules.push_back("terms: the listing has no sharing terms yet");
  }
  const Terms& terms = p.terms;
  if (terms.min_lead_time_hours > 0 &&
      request.start_time - now < absl::Hours(terms.min_lead_time_hours)) {
    p.broken_rules.push_back(absl::StrCat("min_lead_time: reserve at least ",
                                          terms.min_lead_time_hours, " hours ahead"));
  }
  if (terms.max_duration_hours > 0 &&
      request.end_time - request.start_time > absl::Hours(terms.max_duration_hours)) {
    p.broken_rules.push_back(
        absl::StrCat("max_duration: at most ", terms.max_duration_hours, " hours per reservation"));
  }
  // Opening hours bind sessions at the site; e-learning seats and loans are used elsewhere.
  if (!loan && p.listing.category != Category::kELearning &&
      !p.listing.site.opening_hours.empty() &&
      !WithinOpeningHours(p.listing.site.opening_hours, p.zone, request.start_time,
                          request.end_time)) {
    p.broken_rules.push_back(absl::StrCat(
        "opening_hours: ", absl::FormatTime("%Y-%m-%d %H:%M", request.start_time, p.zone), " - ",
        absl::FormatTime("%Y-%m-%d %H:%M", request.end_time, p.zone), " (", p.zone.name(),
        ") is outside the site's opening hours"));
  }
  if (!p.listing.site.id.empty()) {
    LP_ASSIGN_OR_RETURN(std::vector<Closure> closures,
                        directory_.ListClosures(p.listing.site.id, p.occupied_start));
    for (const Closure& closure : closures) {
      if (!closure.listing_id.empty() && closure.listing_id != p.listing.id) continue;
      bool hits;
      if (!loan || !closure.listing_id.empty()) {
        hits = closure.start < p.occupied_end && p.occupied_start < closure.end;
      } else {
        // A closed home base matters to a loan only when it must leave or come back.
        auto inside = [&closure](absl::Time t) { return closure.start <= t && t < closure.end; };
        hits = (!p.previous && inside(p.occupied_start)) || inside(p.occupied_end);
      }
      if (hits) {
        p.broken_rules.push_back(absl::StrCat(
            "closed: ", Rfc3339(closure.start), "/", Rfc3339(closure.end),
            closure.reason.empty() ? "" : " (", closure.reason, closure.reason.empty() ? "" : ")"));
      }
    }
  }
  return p;
}

absl::StatusOr<std::shared_ptr<BookingEngine::Prepared>> BookingEngine::PrepareShared(
    const Caller& caller, const ReservationRequest& request, absl::Time now) {
  LP_ASSIGN_OR_RETURN(Prepared prepared, Prepare(caller, request, now));
  return std::make_shared<Prepared>(std::move(prepared));
}

absl::Status BookingEngine::ExpireHolds(BookingTransaction& tx, const std::string& listing_id,
                                        absl::Time now) {
  LP_ASSIGN_OR_RETURN(std::vector<Reservation> expired, tx.ListExpiredHolds(listing_id, now));
  for (Reservation& r : expired) {
    r.status = ReservationStatus::kExpired;
    r.update_time = now;
    LP_RETURN_IF_ERROR(tx.UpdateReservation(r));
    LP_RETURN_IF_ERROR(tx.DeleteOccupancy(r.id));
    LP_RETURN_IF_ERROR(
        RecordEvent(tx, r, {NewId("rev"), r.id, now, "system", "", "hold_expired", r.status, ""}));
    Caller system;
    system.person_id = "system";
    LP_RETURN_IF_ERROR(UndoHandover(tx, system, r, now));
    LP_RETURN_IF_ERROR(OfferFreedSlot(tx, r, now));
  }
  return absl::OkStatus();
}

absl::Status BookingEngine::UndoHandover(BookingTransaction& tx, const Caller& caller,
                                         const Reservation& r, absl::Time now) {
  // A completed or no-show loan did take the setup on; only one that never happened gives it
  // back.
  if (r.handover_from_reservation_id.empty() ||
      (r.status != ReservationStatus::kCancelled && r.status != ReservationStatus::kRejected &&
       r.status != ReservationStatus::kExpired)) {
    return absl::OkStatus();
  }
  LP_ASSIGN_OR_RETURN(Reservation previous, tx.GetReservation(r.handover_from_reservation_id));
  if (previous.handover_to_reservation_id != r.id) return absl::OkStatus();
  previous.handover_to_reservation_id.clear();
  if (IsActive(previous.status)) {
    // The setup goes home from the previous school after all. `r`'s rows are gone by now, so
    // the store checks the longer row only against everyone else's: if someone took the
    // freed gap meanwhile, this refuses and the whole change is rolled back.
    previous.transport_minutes_back = previous.return_to_base_minutes;
    previous.occupied_end_time = previous.end_time + absl::Minutes(previous.teardown_minutes +
                                                                   previous.return_to_base_minutes);
    LP_RETURN_IF_ERROR(tx.UpdateOccupancyEnd(previous.id, previous.occupied_end_time));
  }
  previous.update_time = now;
  LP_RETURN_IF_ERROR(tx.UpdateReservation(previous));
  return tx.InsertEvent(
      MakeEvent(caller, previous, now, "handover_undone",
                absl::StrCat("reservation ", r.id, " is ", StatusName(r.status))));
}

absl::StatusOr<std::vector<std::string>> BookingEngine::QuotaProblems(
    BookingTransaction& tx, const std::string& listing_id, const std::string& organization_id,
    const absl::TimeZone& zone, absl::Time start, absl::Time end, int quota_hours) {
  std::vector<std::string> problems;
  if (quota_hours <= 0) return problems;
  // Calendar months of the site's zone touched by the use.
  absl::CivilMonth month(zone.At(start).cs);
  while (absl::FromCivil(month, zone) < end) {
    const absl::Time month_start = absl::FromCivil(month, zone);
    const absl::Time month_end = absl::FromCivil(month + 1, zone);
    auto overlap = [&](absl::Time s, absl::Time e) {
      return std::max(absl::ZeroDuration(), std::min(e, month_end) - std::max(s, month_start));
    };
    LP_ASSIGN_OR_RETURN(std::vector<Reservation> used,
                        tx.ListBorrowerReservations(listing_id, organization_id, QuotaStatuses(),
                                                    month_start, month_end));
    absl::Duration total = overlap(start, end);
    for (const Reservation& r : used) total += overlap(r.start_time, r.end_time);
    if (total > absl::Hours(quota_hours)) {
      problems.push_back(absl::StrCat("quota: ", quota_hours, " hours per month for ",
                                      absl::FormatCivilTime(month), " would be exceeded (",
                                      absl::ToDoubleHours(total), " hours)"));
    }
    ++month;
  }
  return problems;
}

absl::StatusOr<Reservation> BookingEngine::Commit(BookingTransaction& tx, const Caller& caller,
                                                  Prepared& p, absl::Time now,
                                                  const std::string& basket_id) {
  const ReservationRequest& request = p.request;
  LP_RETURN_IF_ERROR(ExpireHolds(tx, request.listing_id, now));
  std::vector<std::string> broken = p.broken_rules;
  const Terms& terms = p.terms;

  // ---- Rules that need the stored state.
  LP_ASSIGN_OR_RETURN(
      std::vector<std::string> over_quota,
      QuotaProblems(tx, request.listing_id, request.organization_id, p.zone, request.start_time,
                    request.end_time, terms.quota_hours_per_month));
  broken.insert(broken.end(), over_quota.begin(), over_quota.end());
  if (terms.intake_required) {
    LP_ASSIGN_OR_RETURN(bool had_intake, tx.HasIntake(request.listing_id, request.organization_id));
    if (!had_intake) {
      broken.push_back(
          "intake_required: the owner must record an intake with the organization "
          "before its first reservation");
    }
  }
  LP_ASSIGN_OR_RETURN(std::vector<OutOfService> out_of_service,
                      tx.ListOutOfService(request.listing_id));
  std::set<int> broken_units;
  for (const OutOfService& unit : out_of_service) broken_units.insert(unit.unit);
  if (p.listing.unit_count - static_cast<int>(broken_units.size()) < p.units_needed) {
    broken.push_back(absl::StrCat("out_of_service: units ", absl::StrJoin(broken_units, ", "),
                                  " are out of service"));
  }
  std::optional<Reservation> previous;
  if (p.previous) {
    LP_ASSIGN_OR_RETURN(previous, tx.GetReservation(p.previous->id));
    if (!IsActive(previous->status) || previous->status == ReservationStatus::kHeld) {
      broken.push_back("handover: the previous loan is not active");
    } else if (!previous->handover_to_reservation_id.empty()) {
      broken.push_back("handover: the previous loan is already handed over");
    } else if (previous->end_time > request.start_time) {
      broken.push_back("handover: the previous loan ends after this one starts");
    } else if (static_cast<int>(previous->units.size()) != p.units_needed) {
      broken.push_back("handover: the previous loan has a different number of units");
    }
  }
  if (!broken.empty()) return Joined(absl::StatusCode::kFailedPrecondition, broken);

  Reservation r;
  r.id = NewId("rsv");
  if (previous) {
    // The setup goes on from the previous school: its return leg is dropped, its units taken
    // over. The store re-checks both rows against the invariant.
    previous->handover_to_reservation_id = r.id;
    previous->transport_minutes_back = 0;
    previous->occupied_end_time = previous->end_time + absl::Minutes(previous->teardown_minutes);
    previous->update_time = now;
    LP_RETURN_IF_ERROR(tx.UpdateOccupancyEnd(previous->id, previous->occupied_end_time));
    LP_RETURN_IF_ERROR(tx.UpdateReservation(*previous));
    LP_RETURN_IF_ERROR(tx.InsertEvent(
        MakeEvent(caller, *previous, now, "handed_on", absl::StrCat("to reservation ", r.id))));
  }

  // ---- Units: the first free ones (the previous loan's for a handover).
  LP_ASSIGN_OR_RETURN(std::vector<Occupancy> taken,
                      tx.ListOccupancy(request.listing_id, p.occupied_start, p.occupied_end));
  std::map<int, std::vector<std::string>> busy;
  for (const Occupancy& o : taken) {
    busy[o.unit].push_back(absl::StrCat(Rfc3339(o.start), "/", Rfc3339(o.end)));
  }
  std::vector<int> units;
  if (previous) {
    for (int unit : previous->units) {
      if (!busy.contains(unit)) units.push_back(unit);
    }
    if (units.size() != previous->units.size()) units.clear();
  } else {
    for (int unit = 1;
         unit <= p.listing.unit_count && static_cast<int>(units.size()) < p.units_needed; ++unit) {
      if (!busy.contains(unit) && !broken_units.contains(unit)) units.push_back(unit);
    }
  }
  if (static_cast<int>(units.size()) < p.units_needed) {
    std::vector<std::string> in_the_way;
    for (const auto& [unit, intervals] : busy) {
      in_the_way.push_back(absl::StrCat("unit ", unit, " ", absl::StrJoin(intervals, ", ")));
    }
    return absl::AlreadyExistsError(absl::StrCat(
        "not enough free units from ", Rfc3339(p.occupied_start), " to ", Rfc3339(p.occupied_end),
        " (setup, teardown and transport included): ", absl::StrJoin(in_the_way, "; ")));
  }

  r.listing_id = request.listing_id;
  r.owner_organization_id = p.listing.owner_organization_id;
  r.units = units;
  r.organization_id = request.organization_id;
  r.responsible_person_id = p.responsible_person_id;
  r.created_by_person_id = caller.person_id.empty() ? caller.api_key_id : caller.person_id;
  r.kind = request.kind;
  r.approval_required = terms.approval_required;
  if (request.hold) {
    r.status = ReservationStatus::kHeld;
    r.hold_expire_time = now + options_.hold_duration;
  } else {
    r.status = terms.approval_required ? ReservationStatus::kPendingApproval
                                       : ReservationStatus::kConfirmed;
  }
  r.start_time = request.start_time;
  r.end_time = request.end_time;
  r.occupied_start_time = p.occupied_start;
  r.occupied_end_time = p.occupied_end;
  r.time_zone = p.zone.name();
  r.learners = request.learners;
  r.planned_learners = request.planned_learners;
  r.destination = request.destination;
  r.transport_minutes_out = p.transport_out;
  r.transport_minutes_back = p.transport_back;
  r.teardown_minutes = p.listing.mobile ? p.listing.mobile->teardown_minutes : 0;
  r.return_to_base_minutes = p.transport_back;
  r.handover_from_reservation_id = request.handover_from_reservation_id;
  r.terms_version = terms.version;
  r.quote = Quote(terms, request.end_time - request.start_time, request.learners, p.distance_km);
  r.cancellation_deadline_hours = terms.cancellation_deadline_hours;
  r.cancellation_fee_terms_cents = terms.cancellation_fee_cents;
  r.basket_id = basket_id;
  r.notes = request.notes;
  r.create_time = now;
  r.update_time = now;
  LP_RETURN_IF_ERROR(tx.InsertReservation(r));
  for (int unit : units) {
    LP_RETURN_IF_ERROR(
        tx.InsertOccupancy({r.listing_id, unit, r.occupied_start_time, r.occupied_end_time, r.id}));
  }
  LP_RETURN_IF_ERROR(RecordEvent(tx, r,
                                 MakeEvent(caller, r, now, request.hold ? "held" : "created",
                                           absl::StrCat("units ", absl::StrJoin(units, ",")))));
  return r;
}

// One CreateReservation between its checks and its answer; the asynchronous form keeps it
// alive until the commit is done.
struct BookingEngine::NewReservation {
  Caller caller;
  ReservationRequest request;
  absl::Time now;
  std::string principal;
  // Set by StartReservation when the answer is already known (an idempotent retry).
  bool answered = false;
  std::optional<Prepared> prepared;
  Reservation result;
};

absl::StatusOr<std::shared_ptr<BookingEngine::NewReservation>> BookingEngine::StartReservation(
    const Caller& caller, const ReservationRequest& request) {
  auto state = std::make_shared<NewReservation>();
  state->caller = caller;
  state->request = request;
  state->now = clock_.Now();
  state->principal = Principal(caller);
  if (!request.idempotency_key.empty() && !caller.anonymous()) {
    // A retry is answered without asking the catalogue again.
    std::optional<Reservation> first;
    LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
      LP_ASSIGN_OR_RETURN(std::optional<std::string> id,
                          tx.FindIdempotencyKey(state->principal, request.idempotency_key));
      if (id) {
        LP_ASSIGN_OR_RETURN(first, tx.GetReservation(*id));
      }
      return absl::OkStatus();
    }));
    if (first) {
      state->answered = true;
      state->result = *std::move(first);
      return state;
    }
  }
  LP_ASSIGN_OR_RETURN(state->prepared, Prepare(caller, request, state->now));
  return state;
}

absl::Status BookingEngine::CommitReservation(BookingTransaction& tx, NewReservation& r) {
  const std::string& key = r.request.idempotency_key;
  if (!key.empty()) {
    // Two concurrent first tries: the second to commit returns the first's result.
    LP_ASSIGN_OR_RETURN(std::optional<std::string> id, tx.FindIdempotencyKey(r.principal, key));
    if (id) {
      LP_ASSIGN_OR_RETURN(r.result, tx.GetReservation(*id));
      return absl::OkStatus();
    }
  }
  LP_ASSIGN_OR_RETURN(r.result, Commit(tx, r.caller, *r.prepared, r.now, ""));
  if (!key.empty())
    LP_RETURN_IF_ERROR(tx.InsertIdempotencyKey(r.principal, key, r.result.id, r.now));
  return absl::OkStatus();
}

absl::StatusOr<Reservation> BookingEngine::CreateReservation(const Caller& caller,
                                                             const ReservationRequest& request) {
  LP_ASSIGN_OR_RETURN(std::shared_ptr<NewReservation> state, StartReservation(caller, request));
  if (state->answered) return std::move(state->result);
  const absl::Status committed =
      store_.Transact([&](BookingTransaction& tx) { return CommitReservation(tx, *state); });
  if (committed.code() == absl::StatusCode::kAlreadyExists && request.join_waitlist) {
    const Prepared& prepared = *state->prepared;
    return JoinWaitlist(
        caller, request,
        MakeWaitlistDraft(request, prepared.responsible_person_id,
                          caller.person_id.empty() ? caller.api_key_id : caller.person_id,
                          prepared.listing, prepared.terms, prepared.zone.name(),
                          prepared.transport_out, prepared.transport_back, prepared.occupied_start,
                          prepared.occupied_end, prepared.distance_km),
        prepared.units_needed, prepared.listing.unit_count, prepared.terms.quota_hours_per_month,
        committed);
  }
  LP_RETURN_IF_ERROR(committed);
  return std::move(state->result);
}

void BookingEngine::CreateReservation(
    const Caller& caller, const ReservationRequest& request,
    absl::AnyInvocable<void(absl::StatusOr<Reservation>) &&> done) {
  if (request.join_waitlist) {
    // A conflict leads to another transaction (joining the waitlist), which is not for the
    // store's thread; this caller's thread may wait.
    std::move(done)(CreateReservation(caller, request));
    return;
  }
  absl::StatusOr<std::shared_ptr<NewReservation>> state = StartReservation(caller, request);
  if (!state.ok()) return std::move(done)(state.status());
  if ((*state)->answered) return std::move(done)(std::move((*state)->result));
  store_.TransactAsync(
      [this, state = *state](BookingTransaction& tx) { return CommitReservation(tx, *state); },
      [state = *state, done = std::move(done)](absl::Status committed) mutable {
        if (!committed.ok()) return std::move(done)(std::move(committed));
        std::move(done)(std::move(state->result));
      });
}

absl::StatusOr<Basket> BookingEngine::CreateBasket(const Caller& caller,
                                                   const std::vector<ReservationRequest>& items,
                                                   const std::string& idempotency_key) {
  const absl::Time now = clock_.Now();
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "reserve equipment"));
  if (items.empty()) return absl::InvalidArgumentError("items: at least one is required");
  if (items.size() > 100) return absl::InvalidArgumentError("items: at most 100");
  const std::string principal = Principal(caller);
  auto load_basket = [](BookingTransaction& tx, const std::string& basket_id,
                        Basket& basket) -> absl::Status {
    basket.id = basket_id;
    ReservationFilter filter;
    LP_ASSIGN_OR_RETURN(std::vector<Reservation> all,
                        tx.ListReservations(filter, std::nullopt, 1 << 30));
    for (Reservation& r : all) {
      if (r.basket_id == basket_id) basket.reservations.push_back(std::move(r));
    }
    return absl::OkStatus();
  };
  std::vector<Prepared> prepared;
  for (size_t i = 0; i < items.size(); ++i) {
    ReservationRequest item = items[i];
    item.hold = false;
    item.idempotency_key.clear();
    absl::StatusOr<Prepared> p = Prepare(caller, item, now);
    if (!p.ok()) return Prefixed(p.status(), absl::StrCat("items[", i, "]: "));
    prepared.push_back(std::move(*p));
  }
  Basket basket;
  LP_RETURN_IF_ERROR(store_.Transact([&](BookingTransaction& tx) -> absl::Status {
    // A store may run the unit of work more than once (after a serialization conflict).
    basket = Basket{};
    if (!idempotency_key.empty()) {
      LP_ASSIGN_OR_RETURN(std::optional<std::string> id,
                          tx.FindIdempotencyKey(principal, idempotency_key));
      if (id) return load_basket(tx, *id, basket);
    }
    basket.id = NewId("bsk");
    for (size_t i = 0; i < prepared.size(); ++i) {
      absl::StatusOr<Reservation> r = Commit(tx, caller, prepared[i], now, basket.id);
      if (!r.ok()) return Prefixed(r.status(), absl::StrCat("items[", i, "]: "));
      basket.reservations.push_back(std::move(*r));
    }
    if (!idempotency_key.empty()) {
      LP_RETURN_IF_ERROR(tx.InsertIdempotencyKey(principal, idempotency_key, basket.id, now));
    }
    return absl::OkStatus();
  }));
  return basket;
}

absl::StatusOr<Reservation> BookingEngine::GetReservation(const Caller& caller,
                                                          const std::string& id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "see reservations"));
  Reservation r;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(r, tx.GetReservation(id));
    return absl::OkStatus();
  }));
  LP_RETURN_IF_ERROR(CheckVisible(caller, r));
  return r;
}

absl::StatusOr<ReservationPage> BookingEngine::ListReservations(
    const Caller& caller, const ListReservationsQuery& query) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "list reservations"));
  const ReservationFilter& filter = query.filter;
  if (!filter.organization_id.empty() && !filter.owner_organization_id.empty()) {
    return absl::InvalidArgumentError("organization_id, owner_organization_id: give at most one");
  }
  if (filter.organization_id.empty() && filter.owner_organization_id.empty() &&
      !caller.platform_admin) {
    return absl::InvalidArgumentError("organization_id or owner_organization_id: is required");
  }
  const std::string& org =
      filter.organization_id.empty() ? filter.owner_organization_id : filter.organization_id;
  if (!org.empty() && !caller.platform_admin && !caller.IsMemberOf(org)) {
    return absl::PermissionDeniedError(
        absl::StrCat("only members of ", org, " may list its reservations"));
  }
  LP_ASSIGN_OR_RETURN(int page_size,
                      ResolvePageSize(query.page_size, kDefaultPageSize, kMaxPageSize));
  std::optional<ReservationCursor> after;
  if (!query.page_token.empty()) {
    LP_ASSIGN_OR_RETURN(std::vector<std::string> key, DecodePageToken(query.page_token, 2));
    int64_t micros = 0;
    if (!absl::SimpleAtoi(key[0], &micros)) {
      return absl::InvalidArgumentError("page_token: is not valid");
    }
    after = ReservationCursor{absl::FromUnixMicros(micros), key[1]};
  }
  ReservationPage page;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(page.reservations, tx.ListReservations(filter, after, page_size + 1));
    return absl::OkStatus();
  }));
  if (static_cast<int>(page.reservations.size()) > page_size) {
    page.reservations.resize(page_size);
    const Reservation& last = page.reservations.back();
    page.next_page_token =
        EncodePageToken({absl::StrCat(absl::ToUnixMicros(last.start_time)), last.id});
  }
  return page;
}

absl::StatusOr<std::vector<ReservationEvent>> BookingEngine::ListReservationEvents(
    const Caller& caller, const std::string& id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "see reservations"));
  std::vector<ReservationEvent> events;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(Reservation r, tx.GetReservation(id));
    LP_RETURN_IF_ERROR(CheckVisible(caller, r));
    LP_ASSIGN_OR_RETURN(events, tx.ListEvents(id));
    return absl::OkStatus();
  }));
  return events;
}

template <typename Change>
absl::StatusOr<Reservation> BookingEngine::Mutate(const Caller& caller, const std::string& id,
                                                  const std::string& type, Change change) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "change reservations"));
  const absl::Time now = clock_.Now();
  Reservation result;
  LP_RETURN_IF_ERROR(store_.Transact([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(Reservation r, tx.GetReservation(id));
    LP_RETURN_IF_ERROR(CheckVisible(caller, r));
    // A hold past its expiry is expired whatever is asked of it.
    if (r.status == ReservationStatus::kHeld && r.hold_expire_time && *r.hold_expire_time <= now) {
      LP_RETURN_IF_ERROR(ExpireHolds(tx, r.listing_id, now));
      LP_ASSIGN_OR_RETURN(r, tx.GetReservation(id));
    }
    const bool was_active = IsActive(r.status);
    std::string details;
    LP_RETURN_IF_ERROR(change(tx, r, now, details));
    r.update_time = now;
    LP_RETURN_IF_ERROR(tx.UpdateReservation(r));
    if (was_active && !IsActive(r.status)) {
      LP_RETURN_IF_ERROR(tx.DeleteOccupancy(r.id));
      LP_RETURN_IF_ERROR(UndoHandover(tx, caller, r, now));
    }
    LP_RETURN_IF_ERROR(RecordEvent(tx, r, MakeEvent(caller, r, now, type, details)));
    // After the event, so the freed slot's offer follows the change that freed it.
    if (was_active && !IsActive(r.status)) LP_RETURN_IF_ERROR(OfferFreedSlot(tx, r, now));
    result = r;
    return absl::OkStatus();
  }));
  return result;
}

namespace {

absl::Status RequireStatus(const Reservation& r, std::initializer_list<ReservationStatus> any,
                           const std::string& what) {
  for (ReservationStatus status : any) {
    if (r.status == status) return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", what, " a reservation that is ", StatusName(r.status)));
}

absl::Status RequireBorrower(const Caller& caller, const Reservation& r, const std::string& what,
                             std::initializer_list<Role> roles = {Role::kOrgAdmin,
                                                                  Role::kCoordinator}) {
  if (caller.platform_admin || caller.HoldsAnyRole(r.organization_id, roles))
    return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("only the borrowing organization's admins or coordinators may ", what));
}

absl::Status RequireOwner(const Caller& caller, const Reservation& r, const std::string& what,
                          std::initializer_list<Role> roles = {Role::kOrgAdmin,
                                                               Role::kCoordinator}) {
  if (caller.platform_admin || caller.HoldsAnyRole(r.owner_organization_id, roles)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("only the owner's admins or coordinators may ", what));
}

}  // namespace

absl::StatusOr<Reservation> BookingEngine::ConfirmHold(const Caller& caller,
                                                       const std::string& id) {
  return Mutate(
      caller, id, "hold_confirmed",
      [&](BookingTransaction&, Reservation& r, absl::Time, std::string&) {
        LP_RETURN_IF_ERROR(RequireBorrower(
            caller, r, "confirm a hold", {Role::kOrgAdmin, Role::kCoordinator, Role::kInstructor}));
        LP_RETURN_IF_ERROR(RequireStatus(r, {ReservationStatus::kHeld}, "confirm"));
        r.hold_expire_time.reset();
        r.status = r.approval_required ? ReservationStatus::kPendingApproval
                                       : ReservationStatus::kConfirmed;
        return absl::OkStatus();
      });
}

absl::StatusOr<Reservation> BookingEngine::ApproveReservation(const Caller& caller,
                                                              const std::string& id,
                                                              const std::string& reason) {
  return Mutate(
      caller, id, "approved",
      [&](BookingTransaction&, Reservation& r, absl::Time, std::string& details) {
        LP_RETURN_IF_ERROR(RequireOwner(caller, r, "approve reservations"));
        LP_RETURN_IF_ERROR(RequireStatus(r, {ReservationStatus::kPendingApproval}, "approve"));
        r.status = ReservationStatus::kConfirmed;
        r.reason = reason;
        details = reason;
        return absl::OkStatus();
      });
}

absl::StatusOr<Reservation> BookingEngine::RejectReservation(const Caller& caller,
                                                             const std::string& id,
                                                             const std::string& reason) {
  if (reason.empty()) return absl::InvalidArgumentError("reason: is required");
  return Mutate(
      caller, id, "rejected",
      [&](BookingTransaction&, Reservation& r, absl::Time, std::string& details) {
        LP_RETURN_IF_ERROR(RequireOwner(caller, r, "reject reservations"));
        LP_RETURN_IF_ERROR(RequireStatus(r, {ReservationStatus::kPendingApproval}, "reject"));
        r.status = ReservationStatus::kRejected;
        r.reason = reason;
        details = reason;
        return absl::OkStatus();
      });
}

absl::StatusOr<Reservation> BookingEngine::CancelReservation(const Caller& caller,
                                                             const std::string& id,
                                                             const std::string& reason) {
  return Mutate(
      caller, id, "cancelled",
      [&](BookingTransaction&, Reservation& r, absl::Time now, std::string& details) {
        LP_RETURN_IF_ERROR(
            RequireStatus(r,
                          {ReservationStatus::kHeld, ReservationStatus::kPendingApproval,
                           ReservationStatus::kConfirmed},
                          "cancel"));
        if (caller.HoldsAnyRole(r.organization_id, {Role::kOrgAdmin, Role::kCoordinator})) {
          // Free until the deadline itself; from the instant after, the terms' fee.
          const absl::Time deadline = r.start_time - absl::Hours(r.cancellation_deadline_hours);
          r.cancellation_fee_cents = r.status != ReservationStatus::kHeld && now > deadline
                                         ? r.cancellation_fee_terms_cents
                                         : 0;
        } else if (caller.platform_admin ||
                   caller.HoldsAnyRole(r.owner_organization_id,
                                       {Role::kOrgAdmin, Role::kCoordinator})) {
          if (reason.empty()) {
            return absl::InvalidArgumentError("reason: is required when the owner cancels");
          }
          r.cancellation_fee_cents = 0;
        } else {
          return absl::PermissionDeniedError(
              "only the borrower's or the owner's admins or coordinators may cancel");
        }
        r.status = ReservationStatus::kCancelled;
        r.reason = reason;
        details = absl::StrCat(
            reason, r.cancellation_fee_cents > 0 ? " (fee " : "",
            r.cancellation_fee_cents > 0 ? absl::StrCat(r.cancellation_fee_cents, " cents)") : "");
        return absl::OkStatus();
      });
}

absl::StatusOr<Reservation> BookingEngine::HandOverReservation(
    const Caller& caller, const std::string& id, const std::string& responsible_person_id) {
  if (responsible_person_id.empty()) {
    return absl::InvalidArgumentError("responsible_person_id: is required");
  }
  return Mutate(caller, id, "handed_over",
                [&](BookingTransaction&, Reservation& r, absl::Time, std::string& details) {
                  const bool responsible = caller.person_id == r.responsible_person_id &&
                                           caller.IsMemberOf(r.organization_id);
                  if (!responsible)
                    LP_RETURN_IF_ERROR(RequireBorrower(caller, r, "hand reservations over"));
                  LP_RETURN_IF_ERROR(
                      RequireStatus(r,
                                    {ReservationStatus::kHeld, ReservationStatus::kPendingApproval,
                                     ReservationStatus::kConfirmed, ReservationStatus::kCheckedOut},
                                    "hand over"));
                  details =
                      absl::StrCat("from ", r.responsible_person_id, " to ", responsible_person_id);
                  r.responsible_person_id = responsible_person_id;
                  return absl::OkStatus();
                });
}

absl::StatusOr<Reservation> BookingEngine::CheckOutReservation(const Caller& caller,
                                                               const std::string& id,
                                                               std::optional<absl::Time> time,
                                                               const std::string& notes) {
  return Mutate(
      caller, id, "checked_out",
      [&](BookingTransaction&, Reservation& r, absl::Time now, std::string& details) {
        if (!caller.platform_admin && !IsStaff(caller, r.organization_id) &&
            !IsStaff(caller, r.owner_organization_id)) {
          return absl::PermissionDeniedError(
              "only staff of the borrower or the owner may check out");
        }
        LP_RETURN_IF_ERROR(RequireStatus(r, {ReservationStatus::kConfirmed}, "check out"));
        // Still active (the units stay occupied), but no longer cancellable or a no-show.
        r.status = ReservationStatus::kCheckedOut;
        r.check_out_time = time.value_or(now);
        if (!notes.empty()) r.notes = notes;
        details = notes;
        return absl::OkStatus();
      });
}

absl::StatusOr<Reservation> BookingEngine::CheckInReservation(
    const Caller& caller, const std::string& id, std::optional<absl::Time> time,
    const std::vector<AudienceCount>& present, Condition condition,
    const std::string& damage_report) {
  if (condition == Condition::kDamaged && damage_report.empty()) {
    return absl::InvalidArgumentError("damage_report: is required when the condition is DAMAGED");
  }
  for (const AudienceCount& count : present) {
    if (count.count < 0) {
      return absl::InvalidArgumentError("learners_present: counts must not be negative");
    }
  }
  return Mutate(
      caller, id, "checked_in",
      [&](BookingTransaction& tx, Reservation& r, absl::Time now, std::string& details) {
        if (!caller.platform_admin && !IsStaff(caller, r.organization_id) &&
            !IsStaff(caller, r.owner_organization_id)) {
          return absl::PermissionDeniedError(
              "only staff of the borrower or the owner may check in");
        }
        LP_RETURN_IF_ERROR(RequireStatus(
            r, {ReservationStatus::kConfirmed, ReservationStatus::kCheckedOut}, "check in"));
        if (!r.check_out_time) r.check_out_time = r.start_time;
        r.check_in_time = time.value_or(now);
        // Used hours (statistics) run from check-out to check-in, so they must not be negative.
        if (*r.check_in_time < *r.check_out_time) {
          return absl::InvalidArgumentError(absl::StrCat(
              "check_in_time: is before the check-out at ",
              absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", *r.check_out_time, absl::UTCTimeZone())));
        }
        r.learners_present = present;
        r.condition = condition == Condition::kUnspecified ? Condition::kGood : condition;
        r.damage_report = damage_report;
        r.status = ReservationStatus::kCompleted;
        if (r.condition == Condition::kDamaged) {
          for (int unit : r.units) {
            LP_RETURN_IF_ERROR(tx.InsertOutOfService(
                {r.listing_id, unit, r.owner_organization_id, r.id, damage_report, now}));
          }
          details = absl::StrCat("damaged: ", damage_report);
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<Reservation> BookingEngine::MarkNoShow(const Caller& caller, const std::string& id) {
  return Mutate(
      caller, id, "no_show",
      [&](BookingTransaction&, Reservation& r, absl::Time now, std::string&) {
        LP_RETURN_IF_ERROR(RequireOwner(caller, r, "mark no-shows"));
        LP_RETURN_IF_ERROR(RequireStatus(r, {ReservationStatus::kConfirmed}, "mark as no-show"));
        if (now < r.start_time) {
          return absl::FailedPreconditionError("a no-show can only be recorded after the start");
        }
        r.status = ReservationStatus::kNoShow;
        return absl::OkStatus();
      });
}

absl::Status BookingEngine::ClearDamage(const Caller& caller, const std::string& listing_id,
                                        int unit) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "clear damage"));
  return store_.Transact([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(std::vector<OutOfService> units, tx.ListOutOfService(listing_id));
    for (const OutOfService& broken : units) {
      if (broken.unit != unit) continue;
      if (!caller.platform_admin && !caller.HoldsAnyRole(broken.owner_organization_id,
                                                         {Role::kOrgAdmin, Role::kCoordinator})) {
        return absl::PermissionDeniedError("only the owner's admins or coordinators may do this");
      }
      return tx.DeleteOutOfService(listing_id, unit);
    }
    return absl::NotFoundError(absl::StrCat("unit ", unit, " of ", listing_id, " is in service"));
  });
}

absl::StatusOr<Intake> BookingEngine::RecordIntake(const Caller& caller,
                                                   const std::string& listing_id,
                                                   const std::string& organization_id,
                                                   const std::string& date) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "record intakes"));
  if (organization_id.empty()) return absl::InvalidArgumentError("organization_id: is required");
  LP_ASSIGN_OR_RETURN(ListingFacts listing, directory_.GetListing(listing_id));
  LP_RETURN_IF_ERROR(auth::RequireRole(caller, listing.owner_organization_id,
                                       {Role::kOrgAdmin, Role::kCoordinator},
                                       "record intakes for this listing"));
  Intake intake{listing_id, organization_id,
                date.empty() ? absl::FormatCivilTime(absl::CivilDay(
                                   absl::ToCivilDay(clock_.Now(), absl::UTCTimeZone())))
                             : date,
                caller.person_id};
  LP_RETURN_IF_ERROR(store_.Transact(
      [&](BookingTransaction& tx) -> absl::Status { return tx.UpsertIntake(intake); }));
  return intake;
}

absl::StatusOr<std::vector<Intake>> BookingEngine::ListIntakes(const Caller& caller,
                                                               const std::string& listing_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "list intakes"));
  LP_ASSIGN_OR_RETURN(ListingFacts listing, directory_.GetListing(listing_id));
  if (!caller.platform_admin && !caller.IsMemberOf(listing.owner_organization_id)) {
    return absl::PermissionDeniedError("only the owner's members may list intakes");
  }
  std::vector<Intake> intakes;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(intakes, tx.ListIntakes(listing_id));
    return absl::OkStatus();
  }));
  return intakes;
}

absl::StatusOr<Availability> BookingEngine::GetAvailability(
    const std::string& listing_id, absl::Time start, absl::Time end,
    const std::optional<LatLng>& destination) {
  if (listing_id.empty()) return absl::InvalidArgumentError("listing_id: is required");
  if (end <= start) return absl::InvalidArgumentError("end_time: must be after start_time");
  if (end - start > options_.max_availability_window) {
    return absl::InvalidArgumentError(
        absl::StrCat("end_time: the window is at most ",
                     absl::ToInt64Hours(options_.max_availability_window) / 24, " days"));
  }
  LP_ASSIGN_OR_RETURN(ListingFacts listing, directory_.GetListing(listing_id));
  const absl::TimeZone zone = IanaTimeZoneOrUtc(listing.site.time_zone);
  // A loan's use needs its buffers free around it: before = setup + transport out, after =
  // teardown + transport back.
  absl::Duration before = absl::ZeroDuration(), after = absl::ZeroDuration();
  const bool loan = listing.mobile && destination && listing.site.location;
  if (loan) {
    const int travel = TravelMinutes(HaversineKm(*listing.site.location, *destination),
                                     listing.mobile->travel_speed_kmh);
    before = absl::Minutes(listing.mobile->setup_minutes + travel);
    after = absl::Minutes(listing.mobile->teardown_minutes + travel);
  }
  std::vector<Interval> base;
  if (!loan && listing.category != Category::kELearning && !listing.site.opening_hours.empty()) {
    base = OpenIntervals(listing.site.opening_hours, zone, start, end);
  } else {
    base = {{start, end}};
  }
  std::vector<Interval> closed;
  if (!listing.site.id.empty()) {
    LP_ASSIGN_OR_RETURN(std::vector<Closure> closures,
                        directory_.ListClosures(listing.site.id, start - before));
    for (const Closure& closure : closures) {
      if (closure.listing_id.empty() || closure.listing_id == listing_id) {
        closed.push_back({closure.start, closure.end});
      }
    }
  }
  base = Subtract(std::move(base), closed);
  std::vector<Occupancy> occupancy;
  std::vector<OutOfService> out_of_service;
  const absl::Time now = clock_.Now();
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(occupancy, tx.ListOccupancy(listing_id, start - before, end + after));
    LP_ASSIGN_OR_RETURN(out_of_service, tx.ListOutOfService(listing_id));
    return absl::OkStatus();
  }));
  // Holds past their expiry are free, whether or not a write has released them yet.
  std::set<std::string> expired;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(std::vector<Reservation> holds, tx.ListExpiredHolds(listing_id, now));
    for (const Reservation& r : holds) expired.insert(r.id);
    return absl::OkStatus();
  }));
  Availability availability;
  availability.listing_id = listing_id;
  availability.time_zone = zone.name();
  for (int unit = 1; unit <= listing.unit_count; ++unit) {
    UnitAvailability u;
    u.unit = unit;
    u.out_of_service = std::any_of(out_of_service.begin(), out_of_service.end(),
                                   [unit](const OutOfService& o) { return o.unit == unit; });
    if (!u.out_of_service) {
      // An occupation blocks the use from `before` ahead of its start to `after` past its end.
      std::vector<Interval> taken;
      for (const Occupancy& o : occupancy) {
        if (o.unit == unit && !expired.contains(o.reservation_id)) {
          taken.push_back({o.start - after, o.end + before});
        }
      }
      for (const Interval& free : Subtract(base, taken)) u.free.push_back({free.start, free.end});
    }
    availability.units.push_back(std::move(u));
  }
  return availability;
}

absl::StatusOr<int> BookingEngine::SweepExpiredHolds() {
  const absl::Time now = clock_.Now();
  int count = 0;
  LP_RETURN_IF_ERROR(store_.Transact([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(std::vector<Reservation> expired, tx.ListExpiredHolds("", now));
    count = static_cast<int>(expired.size());
    return ExpireHolds(tx, "", now);
  }));
  return count;
}

}  // namespace leerpool::booking
