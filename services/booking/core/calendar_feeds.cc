// BookingEngine's iCalendar feeds: secret URLs, and the calendar they serve.

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/booking/core/booking_engine.h"
#include "services/booking/core/icalendar.h"
#include "services/common/auth/secrets.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"
#include "services/common/time_zone.h"

namespace leerpool::booking {

using auth::Caller;

namespace {

constexpr char kCalendarPathPrefix[] = "/v1/calendars/";
// What a feed shows: from a month back (recent history stays visible) to a year ahead.
constexpr absl::Duration kFeedPast = absl::Hours(24 * 30);
constexpr absl::Duration kFeedFuture = absl::Hours(24 * 365);
// A cancelled or rejected reservation stays this long as STATUS:CANCELLED, so subscribers that
// already had it see it cancelled instead of it silently vanishing; then it drops out.
constexpr absl::Duration kCancelledShownFor = absl::Hours(24 * 30);
// The most events one feed carries (the earliest in the window win).
constexpr int kMaxEvents = 2000;

bool MayManage(const Caller& caller, const std::string& organization_id) {
  return caller.platform_admin || caller.IsMemberOf(organization_id);
}

// Unknown and someone else's feed look the same, so ids cannot be probed.
absl::Status FeedNotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("calendar feed ", id, " not found"));
}

const char* EventStatus(ReservationStatus status) {
  switch (status) {
    case ReservationStatus::kHeld:
    case ReservationStatus::kPendingApproval:
      return "TENTATIVE";
    case ReservationStatus::kCancelled:
    case ReservationStatus::kRejected:
    case ReservationStatus::kExpired:
      return "CANCELLED";
    default:
      return "CONFIRMED";
  }
}

bool IsCancelled(ReservationStatus status) {
  return status == ReservationStatus::kCancelled || status == ReservationStatus::kRejected;
}

std::string PlaceText(const Place& place) {
  std::vector<std::string> parts;
  for (const std::string* part : {&place.name, &place.address.street, &place.address.postal_code,
                                  &place.address.locality, &place.address.country}) {
    if (!part->empty()) parts.push_back(*part);
  }
  return absl::StrJoin(parts, ", ");
}

// One VEVENT. A listing feed belongs to the owner, a borrower feed to the borrower; neither
// names the other side's organisation or people (the URL is a bearer secret and calendars
// get shared), only what the reservation is, when, and where a loan goes.
void WriteEvent(ical::Writer& out, const Reservation& r, const std::string& title, bool owner_view,
                absl::Time now) {
  const bool loan = r.kind == ReservationKind::kLoan;
  out.Begin("VEVENT");
  out.Raw("UID", absl::StrCat(r.id, "@leerpool"));
  out.Utc("DTSTAMP", now);
  out.Utc("DTSTART", r.start_time);
  out.Utc("DTEND", r.end_time);
  out.Utc("CREATED", r.create_time);
  out.Utc("LAST-MODIFIED", r.update_time);
  // Grows with every change (seconds since creation), as RFC 5545 wants of a revision count.
  out.Integer("SEQUENCE",
              std::max<int64_t>(0, absl::ToInt64Seconds(r.update_time - r.create_time)));
  out.Raw("STATUS", EventStatus(r.status));
  out.Text("SUMMARY", absl::StrCat(title, loan ? ": loan" : (owner_view ? ": reservation" : ""),
                                   " (", StatusName(r.status), ")"));
  std::vector<std::string> description = {
      absl::StrCat("Reservation ", r.id),
      absl::StrCat(r.learners, r.learners == 1 ? " learner" : " learners")};
  if (owner_view) {
    description.push_back(
        absl::StrCat(r.units.size() == 1 ? "Unit " : "Units ", absl::StrJoin(r.units, ", ")));
    if (loan) {
      const absl::TimeZone zone = IanaTimeZoneOrUtc(r.time_zone);
      description.push_back(absl::StrCat(
          "Leaves base ", absl::FormatTime("%Y-%m-%d %H:%M", r.occupied_start_time, zone),
          ", back ", absl::FormatTime("%Y-%m-%d %H:%M", r.occupied_end_time, zone), " (",
          zone.name(), ")"));
    }
  }
  out.Text("DESCRIPTION", absl::StrJoin(description, "\n"));
  if (loan && r.destination) {
    const std::string place = PlaceText(*r.destination);
    if (!place.empty()) out.Text("LOCATION", place);
    if (r.destination->location) {
      out.Raw("GEO", absl::StrFormat("%.6f;%.6f", r.destination->location->latitude,
                                     r.destination->location->longitude));
    }
  }
  out.End("VEVENT");
}

}  // namespace

absl::StatusOr<CalendarFeed> BookingEngine::CreateCalendarFeed(const Caller& caller,
                                                               const std::string& listing_id,
                                                               const std::string& organization_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "create calendar feeds"));
  if (listing_id.empty() == organization_id.empty()) {
    return absl::InvalidArgumentError(
        "listing_id, organization_id: exactly one of the two is required");
  }
  CalendarFeed feed;
  feed.id = NewId("cal");
  feed.listing_id = listing_id;
  feed.organization_id = organization_id;
  if (!listing_id.empty()) {
    LP_ASSIGN_OR_RETURN(ListingFacts listing, directory_.GetListing(listing_id));
    feed.manager_organization_id = listing.owner_organization_id;
  } else {
    feed.manager_organization_id = organization_id;
  }
  if (!MayManage(caller, feed.manager_organization_id)) {
    return absl::PermissionDeniedError(
        listing_id.empty() ? "only the organization's members may create its calendar feed"
                           : "only the listing owner's members may create its calendar feed");
  }
  const std::string secret = auth::RandomToken(32);
  feed.secret_hash = auth::HashSecret(secret);
  feed.created_by = caller.person_id.empty() ? caller.api_key_id : caller.person_id;
  feed.create_time = clock_.Now();
  LP_RETURN_IF_ERROR(store_.Transact(
      [&](BookingTransaction& tx) -> absl::Status { return tx.InsertCalendarFeed(feed); }));
  feed.url = absl::StrCat(kCalendarPathPrefix, secret);
  return feed;
}

absl::StatusOr<std::vector<CalendarFeed>> BookingEngine::ListCalendarFeeds(
    const Caller& caller, const std::string& organization_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "list calendar feeds"));
  if (organization_id.empty()) return absl::InvalidArgumentError("organization_id: is required");
  if (!MayManage(caller, organization_id)) {
    return absl::PermissionDeniedError("only the organization's members may list its feeds");
  }
  std::vector<CalendarFeed> feeds;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(feeds, tx.ListCalendarFeeds(organization_id));
    return absl::OkStatus();
  }));
  return feeds;
}

absl::StatusOr<CalendarFeed> BookingEngine::RevokeCalendarFeed(const Caller& caller,
                                                               const std::string& feed_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "revoke calendar feeds"));
  if (feed_id.empty()) return absl::InvalidArgumentError("feed_id: is required");
  CalendarFeed feed;
  LP_RETURN_IF_ERROR(store_.Transact([&](BookingTransaction& tx) -> absl::Status {
    absl::StatusOr<CalendarFeed> found = tx.GetCalendarFeed(feed_id);
    if (absl::IsNotFound(found.status())) return FeedNotFound(feed_id);
    LP_RETURN_IF_ERROR(found.status());
    if (!caller.platform_admin && !caller.IsMemberOf(found->manager_organization_id)) {
      return FeedNotFound(feed_id);
    }
    // Revoking twice is harmless: the first time stays.
    LP_RETURN_IF_ERROR(tx.RevokeCalendarFeed(feed_id, clock_.Now()));
    LP_ASSIGN_OR_RETURN(feed, tx.GetCalendarFeed(feed_id));
    return absl::OkStatus();
  }));
  return feed;
}

absl::StatusOr<std::string> BookingEngine::GetCalendar(const std::string& secret) {
  if (secret.empty()) return absl::InvalidArgumentError("secret: is required");
  const absl::Time now = clock_.Now();
  CalendarFeed feed;
  std::vector<Reservation> reservations;
  LP_RETURN_IF_ERROR(store_.Read([&](BookingTransaction& tx) -> absl::Status {
    absl::StatusOr<CalendarFeed> found = tx.FindCalendarFeed(auth::HashSecret(secret));
    // Never echoes the secret: error messages end up in logs.
    if (absl::IsNotFound(found.status()) || (found.ok() && found->revoke_time)) {
      return absl::NotFoundError("calendar feed not found (unknown or revoked)");
    }
    LP_RETURN_IF_ERROR(found.status());
    feed = *found;
    ReservationFilter filter;
    filter.listing_id = feed.listing_id;
    filter.organization_id = feed.organization_id;
    filter.statuses = {ReservationStatus::kPendingApproval, ReservationStatus::kConfirmed,
                       ReservationStatus::kCheckedOut,      ReservationStatus::kCompleted,
                       ReservationStatus::kNoShow,          ReservationStatus::kCancelled,
                       ReservationStatus::kRejected};
    filter.end_after = now - kFeedPast;
    filter.start_before = now + kFeedFuture;
    LP_ASSIGN_OR_RETURN(reservations, tx.ListReservations(filter, std::nullopt, kMaxEvents));
    return absl::OkStatus();
  }));

  // Titles come from the catalogue (cached there); a listing it will not describe to an
  // anonymous caller, or a catalogue that is down, still yields a usable feed.
  std::map<std::string, std::string> titles;
  auto title_of = [&](const std::string& listing_id) -> const std::string& {
    auto it = titles.find(listing_id);
    if (it != titles.end()) return it->second;
    absl::StatusOr<ListingFacts> listing = directory_.GetListing(listing_id);
    std::string title = listing.ok() && !listing->title.empty()
                            ? listing->title
                            : absl::StrCat("Listing ", listing_id);
    return titles.emplace(listing_id, std::move(title)).first->second;
  };

  const bool owner_view = !feed.listing_id.empty();
  ical::Writer out;
  out.Begin("VCALENDAR");
  out.Raw("VERSION", "2.0");
  out.Raw("PRODID", "-//Leerpool//Booking engine//EN");
  out.Raw("CALSCALE", "GREGORIAN");
  out.Raw("METHOD", "PUBLISH");
  out.Text("X-WR-CALNAME", owner_view ? absl::StrCat("Leerpool: ", title_of(feed.listing_id))
                                      : std::string("Leerpool: our reservations"));
  // Polling hints (RFC 7986 and its common predecessor).
  out.Raw("REFRESH-INTERVAL;VALUE=DURATION", "PT15M");
  out.Raw("X-PUBLISHED-TTL", "PT15M");
  for (const Reservation& r : reservations) {
    if (IsCancelled(r.status) && r.update_time < now - kCancelledShownFor) continue;
    WriteEvent(out, r, title_of(r.listing_id), owner_view, now);
  }
  out.End("VCALENDAR");
  return out.text();
}

}  // namespace leerpool::booking
