// The booking engine's waitlist and inbox. Member functions of BookingEngine kept apart from
// booking_engine.cc.
//
// How a freed slot is re-checked: the entry keeps the reservation it would have become
// (`draft`), computed when it joined, after every rule the catalogue decides had passed (a
// request joins only when the units alone were in the way). Inside the freeing transaction no
// catalogue call is possible (it must not hold the single writer), so there only what the
// store decides is re-checked -- enough free units, none out of service -- and the slot is
// taken at once: an offer is a HELD reservation whose hold is the offer's expiry (so expiry,
// the sweep and "pass to the next entry" are the holds' machinery), an auto-accepted entry a
// confirmed (or pending approval) reservation under the terms version it joined under.
// Accepting an offer re-checks, with the accepting caller's credentials, what the catalogue
// decides and can have changed since: eligibility (qualifications, networks) and closures.
// The organisation's monthly quota, which the store decides, is re-counted when the slot is
// taken (with the quota of the terms it joined under): an entry that would now exceed it is
// passed over and keeps waiting, since the organisation may have booked more meanwhile.

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/booking/core/booking_engine.h"
#include "services/booking/core/rules.h"
#include "services/common/ids.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"
#include "services/common/time_zone.h"

namespace leerpool::booking {

using auth::Caller;
using auth::Role;

namespace {

constexpr int kDefaultInboxPage = 50;
constexpr int kMaxInboxPage = 500;
// How often a watcher re-reads the store without being woken: covers notices committed by
// another process sharing the database.
constexpr absl::Duration kInboxPoll = absl::Seconds(2);

std::string Rfc3339(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

bool IsBorrowerStaff(const Caller& caller, const std::string& organization_id) {
  if (caller.platform_admin) return true;
  auto it = caller.roles.find(organization_id);
  if (it == caller.roles.end()) return false;
  for (Role role : {Role::kOrgAdmin, Role::kCoordinator, Role::kInstructor}) {
    if (it->second.contains(role)) return true;
  }
  return false;
}

std::string Summary(const Reservation& r, const std::string& what) {
  return absl::StrCat(what, ": ", r.listing_id, " ", Rfc3339(r.start_time), " - ",
                      Rfc3339(r.end_time), ", ", r.learners, " learners (reservation ", r.id, ")");
}

InboxEvent Notice(const Reservation& r, absl::Time now, const std::string& organization_id,
                  const std::string& type, const std::string& summary) {
  return {0, NewId("inb"), now, organization_id, type, r.id, r.listing_id, summary};
}

absl::Status NoticeForNewReservation(BookingTransaction& tx, const Reservation& r, absl::Time now) {
  if (r.status == ReservationStatus::kPendingApproval) {
    return tx.InsertInboxEvent(Notice(r, now, r.owner_organization_id, "request",
                                      Summary(r, "Approval requested by " + r.organization_id)));
  }
  if (r.status == ReservationStatus::kConfirmed) {
    return tx.InsertInboxEvent(Notice(r, now, r.owner_organization_id, "reserved",
                                      Summary(r, "Reserved by " + r.organization_id)));
  }
  return absl::OkStatus();
}

absl::Status CheckMember(const Caller& caller, const std::string& organization_id,
                         const std::string& what) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, what));
  if (organization_id.empty()) return absl::InvalidArgumentError("organization_id: is required");
  if (!caller.platform_admin && !caller.IsMemberOf(organization_id)) {
    return absl::PermissionDeniedError(
        absl::StrCat("only members of ", organization_id, " may ", what));
  }
  return absl::OkStatus();
}

}  // namespace

const char* WaitlistStateName(WaitlistState state) {
  switch (state) {
    case WaitlistState::kWaiting:
      return "waiting";
    case WaitlistState::kOffered:
      return "offered";
    case WaitlistState::kAccepted:
      return "accepted";
    case WaitlistState::kExpired:
      return "expired";
    case WaitlistState::kLeft:
      return "left";
  }
  return "waiting";
}

Reservation MakeWaitlistDraft(const ReservationRequest& request,
                              const std::string& responsible_person_id,
                              const std::string& created_by, const ListingFacts& listing,
                              const Terms& terms, const std::string& time_zone, int transport_out,
                              int transport_back, absl::Time occupied_start,
                              absl::Time occupied_end, std::optional<double> distance_km) {
  Reservation r;
  r.listing_id = request.listing_id;
  r.owner_organization_id = listing.owner_organization_id;
  r.organization_id = request.organization_id;
  r.responsible_person_id = responsible_person_id;
  r.created_by_person_id = created_by;
  r.kind = request.kind;
  r.approval_required = terms.approval_required;
  r.start_time = request.start_time;
  r.end_time = request.end_time;
  r.occupied_start_time = occupied_start;
  r.occupied_end_time = occupied_end;
  r.time_zone = time_zone;
  r.learners = request.learners;
  r.planned_learners = request.planned_learners;
  r.destination = request.destination;
  r.transport_minutes_out = transport_out;
  r.transport_minutes_back = transport_back;
  r.teardown_minutes = listing.mobile ? listing.mobile->teardown_minutes : 0;
  r.return_to_base_minutes = transport_back;
  r.terms_version = terms.version;
  r.quote = Quote(terms, request.end_time - request.start_time, request.learners, distance_km);
  r.cancellation_deadline_hours = terms.cancellation_deadline_hours;
  r.cancellation_fee_terms_cents = terms.cancellation_fee_cents;
  r.notes = request.notes;
  return r;
}

void InboxNotifier::Notify() {
  {
    std::lock_guard lock(mutex_);
    ++generation_;
  }
  changed_.notify_all();
}

uint64_t InboxNotifier::Wait(uint64_t seen, absl::Time deadline) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, absl::ToChronoTime(deadline),
                      [&] { return generation_ != seen || shut_down_; });
  return generation_;
}

uint64_t InboxNotifier::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

void InboxNotifier::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
  }
  changed_.notify_all();
}

bool InboxNotifier::shut_down() const {
  std::lock_guard lock(mutex_);
  return shut_down_;
}

absl::Status BookingEngine::RecordEvent(BookingTransaction& tx, const Reservation& r,
                                        const ReservationEvent& event) {
  LP_RETURN_IF_ERROR(tx.InsertEvent(event));
  const absl::Time now = event.time;
  const std::string& type = event.type;
  auto to_borrower = [&](const std::string& kind, const std::string& what) {
    return tx.InsertInboxEvent(Notice(r, now, r.organization_id, kind, Summary(r, what)));
  };
  auto to_owner = [&](const std::string& kind, const std::string& what) {
    return tx.InsertInboxEvent(Notice(r, now, r.owner_organization_id, kind, Summary(r, what)));
  };
  if (type == "created" || type == "hold_confirmed" || type == "offer_accepted") {
    return NoticeForNewReservation(tx, r, now);
  }
  if (type == "approved") return to_borrower("approved", "Approved");
  if (type == "rejected") return to_borrower("rejected", "Rejected: " + r.reason);
  if (type == "cancelled") {
    // Whoever did not cancel is told; a platform admin acts for neither side.
    const std::string& by = event.actor_organization_id;
    if (by != r.organization_id) {
      LP_RETURN_IF_ERROR(to_borrower("cancelled", "Cancelled by the owner: " + r.reason));
    }
    if (by != r.owner_organization_id) {
      LP_RETURN_IF_ERROR(to_owner("cancelled", "Cancelled by " + r.organization_id));
    }
    return absl::OkStatus();
  }
  if (type == "hold_expired") {
    // An offer's expiry is told as such by OfferFreedSlot.
    LP_ASSIGN_OR_RETURN(std::optional<WaitlistEntry> entry, tx.FindWaitlistByReservation(r.id));
    if (entry) return absl::OkStatus();
    return to_borrower("hold_expired", "Hold expired");
  }
  if (type == "checked_out") return to_borrower("checked_out", "Checked out");
  if (type == "checked_in") {
    return to_borrower("checked_in", r.condition == Condition::kDamaged
                                         ? "Checked in, damaged: " + r.damage_report
                                         : "Checked in");
  }
  if (type == "no_show") return to_borrower("no_show", "Marked as no-show");
  if (type == "waitlist_offer") {
    return to_borrower(
        "offer", absl::StrCat("Waitlist offer until ", Rfc3339(r.hold_expire_time.value_or(now))));
  }
  if (type == "waitlist_confirmed") {
    LP_RETURN_IF_ERROR(to_borrower("waitlist_reserved", "Reserved from the waitlist"));
    return NoticeForNewReservation(tx, r, now);
  }
  return absl::OkStatus();
}

absl::StatusOr<Reservation> BookingEngine::JoinWaitlist(
    const Caller& caller, const ReservationRequest& request, Reservation draft, int units_needed,
    int listing_units, int quota_hours_per_month, const absl::Status& conflict) {
  const absl::Time now = clock_.Now();
  WaitlistEntry entry;
  entry.id = NewId("wle");
  entry.draft = std::move(draft);
  entry.units_needed = units_needed;
  entry.listing_units = listing_units;
  entry.auto_accept = request.auto_accept_offer;
  entry.quota_hours_per_month = quota_hours_per_month;
  entry.requested_responsible_person_id = request.responsible_person_id;
  entry.create_time = now;
  entry.update_time = now;
  // A retried request (same idempotency key) must not wait twice: the key is kept for the
  // entry under its own name, so it cannot be mistaken for a reservation's.
  const std::string principal = Principal(caller);
  const std::string key =
      request.idempotency_key.empty() ? "" : absl::StrCat("waitlist:", request.idempotency_key);
  std::string entry_id = entry.id;
  LP_RETURN_IF_ERROR(store_.Transact([&](BookingTransaction& tx) -> absl::Status {
    if (!key.empty()) {
      LP_ASSIGN_OR_RETURN(std::optional<std::string> first, tx.FindIdempotencyKey(principal, key));
      if (first) {
        entry_id = *first;
        return absl::OkStatus();
      }
      LP_RETURN_IF_ERROR(tx.InsertIdempotencyKey(principal, key, entry.id, now));
    }
    LP_RETURN_IF_ERROR(tx.InsertWaitlistEntry(entry));
    // The units may have been freed between the failed attempt and this transaction, with
    // nobody waiting yet to be offered them: look at the window now, as a freed slot would
    // (earlier entries keep the first pick).
    Reservation window = entry.draft;
    window.id.clear();
    return OfferFreedSlot(tx, window, now);
  }));
  // The error stays ALREADY_EXISTS (the reservation was not made); the entry is named so the
  // client can follow, accept or leave it (it may already hold an offer).
  return absl::AlreadyExistsError(
      absl::StrCat(std::string(conflict.message().data(), conflict.message().size()),
                   "; joined the waitlist as entry ", entry_id));
}

absl::Status BookingEngine::OfferFreedSlot(BookingTransaction& tx, const Reservation& r,
                                           absl::Time now) {
  std::optional<WaitlistEntry> own;
  if (!r.id.empty()) {
    LP_ASSIGN_OR_RETURN(own, tx.FindWaitlistByReservation(r.id));
  }
  if (own && own->state == WaitlistState::kOffered) {
    own->state =
        r.status == ReservationStatus::kExpired ? WaitlistState::kExpired : WaitlistState::kLeft;
    own->update_time = now;
    LP_RETURN_IF_ERROR(tx.UpdateWaitlistEntry(*own));
    if (own->state == WaitlistState::kExpired) {
      LP_RETURN_IF_ERROR(tx.InsertInboxEvent(Notice(r, now, r.organization_id, "offer_expired",
                                                    Summary(r, "Waitlist offer expired"))));
    }
  }
  // A no-show or a check-in frees nothing that is already past.
  if (r.occupied_end_time <= now) return absl::OkStatus();
  LP_ASSIGN_OR_RETURN(std::vector<WaitlistEntry> waiting,
                      tx.ListWaitlistByListing(r.listing_id, WaitlistState::kWaiting));
  if (waiting.empty()) return absl::OkStatus();
  LP_ASSIGN_OR_RETURN(std::vector<OutOfService> out_of_service, tx.ListOutOfService(r.listing_id));
  std::set<int> broken_units;
  for (const OutOfService& unit : out_of_service) broken_units.insert(unit.unit);
  // Oldest first; every entry that fits is served in turn, so an earlier entry always has the
  // first pick of the freed units.
  for (WaitlistEntry& entry : waiting) {
    const Reservation& d = entry.draft;
    if (d.start_time <= now) {
      entry.state = WaitlistState::kExpired;
      entry.update_time = now;
      LP_RETURN_IF_ERROR(tx.UpdateWaitlistEntry(entry));
      continue;
    }
    if (!(d.occupied_start_time < r.occupied_end_time &&
          r.occupied_start_time < d.occupied_end_time)) {
      continue;
    }
    LP_ASSIGN_OR_RETURN(std::vector<Occupancy> taken,
                        tx.ListOccupancy(d.listing_id, d.occupied_start_time, d.occupied_end_time));
    std::set<int> busy;
    for (const Occupancy& o : taken) busy.insert(o.unit);
    std::vector<int> units;
    for (int unit = 1;
         unit <= entry.listing_units && static_cast<int>(units.size()) < entry.units_needed;
         ++unit) {
      if (!busy.contains(unit) && !broken_units.contains(unit)) units.push_back(unit);
    }
    if (static_cast<int>(units.size()) < entry.units_needed) continue;
    if (entry.quota_hours_per_month > 0) {
      const absl::TimeZone zone = IanaTimeZoneOrUtc(d.time_zone);
      LP_ASSIGN_OR_RETURN(std::vector<std::string> over_quota,
                          QuotaProblems(tx, d.listing_id, d.organization_id, zone, d.start_time,
                                        d.end_time, entry.quota_hours_per_month));
      if (!over_quota.empty()) continue;
    }

    Reservation made = d;
    made.id = NewId("rsv");
    made.units = units;
    made.create_time = now;
    made.update_time = now;
    if (entry.auto_accept) {
      made.status =
          d.approval_required ? ReservationStatus::kPendingApproval : ReservationStatus::kConfirmed;
    } else {
      made.status = ReservationStatus::kHeld;
      made.hold_expire_time = std::min(now + options_.waitlist_offer_duration, d.start_time);
    }
    LP_RETURN_IF_ERROR(tx.InsertReservation(made));
    for (int unit : units) {
      LP_RETURN_IF_ERROR(tx.InsertOccupancy(
          {made.listing_id, unit, made.occupied_start_time, made.occupied_end_time, made.id}));
    }
    entry.state = entry.auto_accept ? WaitlistState::kAccepted : WaitlistState::kOffered;
    entry.reservation_id = made.id;
    entry.offer_expire_time = made.hold_expire_time;
    entry.update_time = now;
    LP_RETURN_IF_ERROR(tx.UpdateWaitlistEntry(entry));
    LP_RETURN_IF_ERROR(RecordEvent(
        tx, made,
        {NewId("rev"), made.id, now, "system", "",
         entry.auto_accept ? "waitlist_confirmed" : "waitlist_offer", made.status,
         absl::StrCat("waitlist entry ", entry.id, ", units ", absl::StrJoin(units, ","))}));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<WaitlistEntry>> BookingEngine::ListWaitlistEntries(
    const Caller& caller, const std::string& organization_id) {
  LP_RETURN_IF_ERROR(CheckMember(caller, organization_id, "list its waitlist entries"));
  std::vector<WaitlistEntry> entries;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(entries, tx.ListWaitlistByOrganization(organization_id));
    return absl::OkStatus();
  }));
  return entries;
}

absl::StatusOr<Reservation> BookingEngine::AcceptWaitlistOffer(const Caller& caller,
                                                               const std::string& entry_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "accept waitlist offers"));
  if (entry_id.empty()) return absl::InvalidArgumentError("entry_id: is required");
  WaitlistEntry entry;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(entry, tx.GetWaitlistEntry(entry_id));
    return absl::OkStatus();
  }));
  const Reservation& d = entry.draft;
  if (!caller.platform_admin && !caller.IsMemberOf(d.organization_id)) {
    return absl::NotFoundError(absl::StrCat("waitlist entry ", entry_id, " not found"));
  }
  if (!IsBorrowerStaff(caller, d.organization_id)) {
    return absl::PermissionDeniedError(
        "only the organization's admins, coordinators or instructors may accept offers");
  }
  const absl::Time now = clock_.Now();
  auto check_offer = [&](const WaitlistEntry& e) -> absl::Status {
    if (e.state != WaitlistState::kOffered) {
      return absl::FailedPreconditionError(absl::StrCat(
          "waitlist entry ", e.id, " is ", WaitlistStateName(e.state), ", not offered"));
    }
    if (e.offer_expire_time && *e.offer_expire_time <= now) {
      return absl::FailedPreconditionError(
          absl::StrCat("the offer expired at ", Rfc3339(*e.offer_expire_time)));
    }
    return absl::OkStatus();
  };
  LP_RETURN_IF_ERROR(check_offer(entry));

  // ---- What the catalogue decides and may have changed since the entry joined.
  LP_ASSIGN_OR_RETURN(ListingFacts listing, directory_.GetListing(d.listing_id));
  EligibilityQuery query{d.listing_id,
                         d.organization_id,
                         d.responsible_person_id,
                         d.start_time,
                         d.end_time,
                         d.learners,
                         d.destination ? d.destination->location : std::nullopt};
  LP_ASSIGN_OR_RETURN(EligibilityAnswer eligibility, directory_.CheckEligibility(caller, query));
  std::vector<std::string> broken;
  if (!eligibility.may_book) {
    for (const std::string& reason : eligibility.reasons) {
      broken.push_back(absl::StrCat("eligibility: ", reason));
    }
    if (eligibility.reasons.empty()) broken.push_back("eligibility: may not book");
  }
  if (!listing.site.id.empty()) {
    LP_ASSIGN_OR_RETURN(std::vector<Closure> closures,
                        directory_.ListClosures(listing.site.id, d.occupied_start_time));
    for (const Closure& closure : closures) {
      if (!closure.listing_id.empty() && closure.listing_id != d.listing_id) continue;
      if (closure.start < d.occupied_end_time && d.occupied_start_time < closure.end) {
        broken.push_back(
            absl::StrCat("closed: ", Rfc3339(closure.start), "/", Rfc3339(closure.end)));
      }
    }
  }
  if (!broken.empty()) {
    return absl::FailedPreconditionError(absl::StrJoin(broken, "; "));
  }

  Reservation result;
  LP_RETURN_IF_ERROR(store_.Transact([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(WaitlistEntry current, tx.GetWaitlistEntry(entry_id));
    LP_RETURN_IF_ERROR(check_offer(current));
    LP_ASSIGN_OR_RETURN(Reservation r, tx.GetReservation(current.reservation_id));
    if (r.status != ReservationStatus::kHeld) {
      return absl::FailedPreconditionError(
          absl::StrCat("the offered reservation is ", StatusName(r.status)));
    }
    r.hold_expire_time.reset();
    r.status =
        r.approval_required ? ReservationStatus::kPendingApproval : ReservationStatus::kConfirmed;
    r.update_time = now;
    LP_RETURN_IF_ERROR(tx.UpdateReservation(r));
    current.state = WaitlistState::kAccepted;
    current.update_time = now;
    LP_RETURN_IF_ERROR(tx.UpdateWaitlistEntry(current));
    LP_RETURN_IF_ERROR(RecordEvent(
        tx, r,
        {NewId("rev"), r.id, now, caller.person_id.empty() ? caller.api_key_id : caller.person_id,
         r.organization_id, "offer_accepted", r.status,
         absl::StrCat("waitlist entry ", entry_id)}));
    result = r;
    return absl::OkStatus();
  }));
  return result;
}

absl::Status BookingEngine::LeaveWaitlist(const Caller& caller, const std::string& entry_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "leave the waitlist"));
  if (entry_id.empty()) return absl::InvalidArgumentError("entry_id: is required");
  const absl::Time now = clock_.Now();
  return store_.Transact([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(WaitlistEntry entry, tx.GetWaitlistEntry(entry_id));
    if (!caller.platform_admin && !caller.IsMemberOf(entry.draft.organization_id)) {
      return absl::NotFoundError(absl::StrCat("waitlist entry ", entry_id, " not found"));
    }
    if (!IsBorrowerStaff(caller, entry.draft.organization_id)) {
      return absl::PermissionDeniedError(
          "only the organization's admins, coordinators or instructors may leave the waitlist");
    }
    if (entry.state == WaitlistState::kWaiting) {
      entry.state = WaitlistState::kLeft;
      entry.update_time = now;
      return tx.UpdateWaitlistEntry(entry);
    }
    if (entry.state != WaitlistState::kOffered) {
      return absl::FailedPreconditionError(
          absl::StrCat("waitlist entry ", entry_id, " is ", WaitlistStateName(entry.state)));
    }
    // Declining an open offer releases its slot to the next entry.
    LP_ASSIGN_OR_RETURN(Reservation r, tx.GetReservation(entry.reservation_id));
    if (r.status == ReservationStatus::kHeld) {
      r.status = ReservationStatus::kCancelled;
      r.hold_expire_time.reset();
      r.reason = "waitlist offer declined";
      r.update_time = now;
      LP_RETURN_IF_ERROR(tx.UpdateReservation(r));
      LP_RETURN_IF_ERROR(tx.DeleteOccupancy(r.id));
      LP_RETURN_IF_ERROR(tx.InsertEvent(
          {NewId("rev"), r.id, now, caller.person_id.empty() ? caller.api_key_id : caller.person_id,
           r.organization_id, "offer_declined", r.status, ""}));
      return OfferFreedSlot(tx, r, now);
    }
    entry.state = WaitlistState::kLeft;
    entry.update_time = now;
    return tx.UpdateWaitlistEntry(entry);
  });
}

absl::StatusOr<BookingEngine::InboxPage> BookingEngine::ListInbox(
    const Caller& caller, const std::string& organization_id, int page_size,
    const std::string& page_token) {
  LP_RETURN_IF_ERROR(CheckMember(caller, organization_id, "read its inbox"));
  LP_ASSIGN_OR_RETURN(int size, ResolvePageSize(page_size, kDefaultInboxPage, kMaxInboxPage));
  int64_t before = 0;
  if (!page_token.empty()) {
    LP_ASSIGN_OR_RETURN(std::vector<std::string> key, DecodePageToken(page_token, 1));
    if (!absl::SimpleAtoi(key[0], &before) || before <= 0) {
      return absl::InvalidArgumentError("page_token: is not valid");
    }
  }
  InboxPage page;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(page.events, tx.ListInbox(organization_id, before, size + 1));
    return absl::OkStatus();
  }));
  if (static_cast<int>(page.events.size()) > size) {
    page.events.resize(size);
    page.next_page_token = EncodePageToken({absl::StrCat(page.events.back().sequence)});
  }
  return page;
}

absl::StatusOr<int64_t> BookingEngine::InboxWatchStart(const Caller& caller,
                                                       const std::string& organization_id) {
  LP_RETURN_IF_ERROR(CheckMember(caller, organization_id, "watch its inbox"));
  int64_t last = 0;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(last, tx.LastInboxSequence());
    return absl::OkStatus();
  }));
  return last;
}

absl::StatusOr<std::vector<InboxEvent>> BookingEngine::WaitInbox(
    const Caller& caller, const std::string& organization_id, int64_t after_sequence,
    absl::Time deadline, absl::FunctionRef<bool()> cancelled) {
  LP_RETURN_IF_ERROR(CheckMember(caller, organization_id, "watch its inbox"));
  // The store is read when a commit in this process says something changed, or every
  // kInboxPoll for writes by other processes; in between, only `cancelled` is looked at
  // (cheaply, every kCancelCheck), so many open watches cost no database reads.
  constexpr absl::Duration kCancelCheck = absl::Milliseconds(200);
  for (;;) {
    // The generation is taken before reading, so a commit between the read and the wait
    // still wakes the wait.
    uint64_t seen = inbox_notifier_.generation();
    std::vector<InboxEvent> events;
    LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
      LP_ASSIGN_OR_RETURN(events, tx.ListInboxAfter(organization_id, after_sequence, 100));
      return absl::OkStatus();
    }));
    if (!events.empty()) return events;
    // Real time: this is a wait, not a rule.
    const absl::Time poll = std::min(deadline, absl::Now() + kInboxPoll);
    for (;;) {
      if (inbox_notifier_.shut_down()) return absl::CancelledError("the server is shutting down");
      if (cancelled()) return absl::CancelledError("the watcher went away");
      const absl::Time now = absl::Now();
      if (now >= deadline) return events;
      if (now >= poll) break;
      const uint64_t woke = inbox_notifier_.Wait(seen, std::min(poll, now + kCancelCheck));
      if (woke != seen) break;
    }
  }
}

}  // namespace leerpool::booking
