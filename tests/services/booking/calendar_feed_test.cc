// iCalendar feeds: secret URLs (created, listed without the secret, revoked), who may manage
// them, and what a listing's and a borrower's calendar contain.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/secrets.h"
#include "tests/services/booking/booking_fixture.h"

namespace leerpool::booking::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

constexpr char kRigTitle[] = "Warmtepomp; zaal 2, Brussel";

std::string Message(const absl::Status& status) {
  return std::string(status.message().data(), status.message().size());
}

// Property name (without parameters) -> value, of one component, after unfolding.
using Properties = std::map<std::string, std::string>;

struct ParsedCalendar {
  Properties calendar;
  // By UID.
  std::map<std::string, Properties> events;
};

// A small RFC 5545 reader for what the feed writes: checks the framing (CRLF everywhere, no
// physical line over 75 octets) and collects properties.
ParsedCalendar Parse(const std::string& text) {
  ParsedCalendar parsed;
  EXPECT_TRUE(absl::EndsWith(text, "\r\n"));
  std::vector<std::string> physical = absl::StrSplit(text, "\r\n");
  physical.pop_back();  // after the last CRLF
  std::vector<std::string> lines;
  for (const std::string& line : physical) {
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
    if (!line.empty() && line[0] == ' ') {
      EXPECT_FALSE(lines.empty());
      if (!lines.empty()) lines.back() += line.substr(1);
    } else {
      lines.push_back(line);
    }
  }
  EXPECT_FALSE(lines.empty());
  if (lines.empty()) return parsed;
  EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
  EXPECT_EQ(lines.back(), "END:VCALENDAR");
  Properties* current = &parsed.calendar;
  Properties event;
  for (const std::string& line : lines) {
    const size_t colon = line.find(':');
    EXPECT_NE(colon, std::string::npos) << line;
    std::string name = line.substr(0, std::min(colon, line.find(';')));
    const std::string value = line.substr(colon + 1);
    if (line == "BEGIN:VEVENT") {
      event.clear();
      current = &event;
    } else if (line == "END:VEVENT") {
      EXPECT_TRUE(event.contains("UID"));
      parsed.events[event["UID"]] = event;
      current = &parsed.calendar;
    } else if (name != "BEGIN" && name != "END") {
      (*current)[name] = value;
    }
  }
  return parsed;
}

std::string Secret(const CalendarFeed& feed) {
  EXPECT_THAT(feed.url, StartsWith("/v1/calendars/"));
  return feed.url.substr(std::string("/v1/calendars/").size());
}

class CalendarFeedTest : public BackendTest {
 protected:
  CalendarFeedTest() {
    EXPECT_TRUE(auth::InitializeCrypto().ok());
    ListingFacts rig = RigFacts();
    rig.title = kRigTitle;
    directory_.Put(rig, BasicTerms());
    ListingFacts van = VanFacts();
    van.title = "Mobiele zonnepanelen-opstelling";
    directory_.Put(van, BasicTerms());
  }

  std::string Uid(const Reservation& r) { return r.id + "@leerpool"; }

  ParsedCalendar Calendar(const CalendarFeed& feed) {
    absl::StatusOr<std::string> text = engine_->GetCalendar(Secret(feed));
    EXPECT_TRUE(text.ok()) << text.status();
    return text.ok() ? Parse(*text) : ParsedCalendar{};
  }

  auth::Caller OtherCoordinator() { return Coordinator(kOtherSchool, "per_other"); }

  absl::StatusOr<Reservation> ReserveForOther(ReservationRequest request) {
    request.organization_id = kOtherSchool;
    return Reserve(request, OtherCoordinator());
  }
};

TEST_P(CalendarFeedTest, ShowsTheSecretOnceAndStoresOnlyItsHash) {
  absl::StatusOr<CalendarFeed> feed = engine_->CreateCalendarFeed(OwnerAdmin(), kRig, "");
  ASSERT_TRUE(feed.ok()) << feed.status();
  const std::string secret = Secret(*feed);
  EXPECT_GE(secret.size(), 40u);  // 32 random bytes
  EXPECT_EQ(feed->listing_id, kRig);
  EXPECT_EQ(feed->manager_organization_id, kOwner);
  EXPECT_FALSE(feed->revoke_time);

  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM calendar_feeds WHERE secret_hash = '" +
                      auth::HashSecret(secret) + "'"),
            1);
  // replace() as a portable "contains".
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM calendar_feeds WHERE replace(secret_hash, '" + secret +
                      "', '') <> secret_hash OR replace(id, '" + secret + "', '') <> id"),
            0);

  absl::StatusOr<std::vector<CalendarFeed>> listed =
      engine_->ListCalendarFeeds(Member(kOwner, auth::Role::kInstructor, "per_i"), kOwner);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, feed->id);
  EXPECT_THAT((*listed)[0].url, IsEmpty());

  // A second feed has its own secret.
  absl::StatusOr<CalendarFeed> second = engine_->CreateCalendarFeed(OwnerAdmin(), kRig, "");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(Secret(*second), secret);
}

TEST_P(CalendarFeedTest, OnlyMembersOfTheManagingOrganizationCreateListAndRevoke) {
  EXPECT_EQ(engine_->CreateCalendarFeed(OwnerAdmin(), "", "").status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::Status both = engine_->CreateCalendarFeed(OwnerAdmin(), kRig, kOwner).status();
  EXPECT_EQ(both.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(both), HasSubstr("listing_id, organization_id"));
  EXPECT_EQ(engine_->CreateCalendarFeed(auth::Caller::Anonymous(), kRig, "").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(engine_->CreateCalendarFeed(OwnerAdmin(), "lst_nope", "").status().code(),
            absl::StatusCode::kNotFound);
  // A borrower cannot subscribe to the owner's listing, nor to another organisation.
  EXPECT_EQ(engine_->CreateCalendarFeed(Coordinator(), kRig, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(engine_->CreateCalendarFeed(Coordinator(), "", kOtherSchool).status().code(),
            absl::StatusCode::kPermissionDenied);

  absl::StatusOr<CalendarFeed> school =
      engine_->CreateCalendarFeed(Member(kSchool, auth::Role::kInstructor, "per_i"), "", kSchool);
  ASSERT_TRUE(school.ok()) << school.status();
  EXPECT_EQ(school->manager_organization_id, kSchool);
  absl::StatusOr<CalendarFeed> by_admin =
      engine_->CreateCalendarFeed(PlatformAdmin(), "", kOtherSchool);
  ASSERT_TRUE(by_admin.ok()) << by_admin.status();

  EXPECT_EQ(engine_->ListCalendarFeeds(Coordinator(), "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(engine_->ListCalendarFeeds(Coordinator(), kOtherSchool).status().code(),
            absl::StatusCode::kPermissionDenied);
  absl::StatusOr<std::vector<CalendarFeed>> other =
      engine_->ListCalendarFeeds(OtherCoordinator(), kOtherSchool);
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ((*other)[0].id, by_admin->id);

  // Someone else's feed does not exist for the caller; the owner cannot revoke the school's.
  absl::Status foreign = engine_->RevokeCalendarFeed(OwnerAdmin(), school->id).status();
  EXPECT_EQ(foreign.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(engine_->RevokeCalendarFeed(Coordinator(), "cal_nope").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(engine_->RevokeCalendarFeed(Coordinator(), "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(engine_->GetCalendar(Secret(*school)).ok());
}

TEST_P(CalendarFeedTest, RevokedOrUnknownSecretsAreNotFound) {
  absl::StatusOr<CalendarFeed> feed = engine_->CreateCalendarFeed(OwnerAdmin(), kRig, "");
  ASSERT_TRUE(feed.ok()) << feed.status();
  ASSERT_TRUE(engine_->GetCalendar(Secret(*feed)).ok());

  clock_.Advance(absl::Hours(1));
  const absl::Time revoked_at = clock_.Now();
  absl::StatusOr<CalendarFeed> revoked = engine_->RevokeCalendarFeed(OwnerAdmin(), feed->id);
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->revoke_time, revoked_at);
  EXPECT_THAT(revoked->url, IsEmpty());

  absl::StatusOr<std::string> after = engine_->GetCalendar(Secret(*feed));
  EXPECT_EQ(after.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(after.status()), Not(HasSubstr(Secret(*feed))));

  // Revoking again changes nothing; the list still shows it, as revoked.
  clock_.Advance(absl::Hours(1));
  absl::StatusOr<CalendarFeed> again = engine_->RevokeCalendarFeed(OwnerAdmin(), feed->id);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->revoke_time, revoked_at);
  absl::StatusOr<std::vector<CalendarFeed>> listed =
      engine_->ListCalendarFeeds(OwnerAdmin(), kOwner);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].revoke_time);

  EXPECT_EQ(engine_->GetCalendar("not-a-secret").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(engine_->GetCalendar("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(CalendarFeedTest, ListingFeedIsAValidCalendarOfThatListingsReservations) {
  absl::StatusOr<Reservation> mine =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 10));
  ASSERT_TRUE(mine.ok()) << mine.status();
  absl::StatusOr<Reservation> theirs =
      ReserveForOther(Session(kRig, Brussels(2026, 3, 11, 9), Brussels(2026, 3, 11, 12)));
  ASSERT_TRUE(theirs.ok()) << theirs.status();
  absl::StatusOr<Reservation> elsewhere =
      Reserve(Session(kSeats, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12)));
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.status();
  absl::StatusOr<CalendarFeed> feed = engine_->CreateCalendarFeed(OwnerAdmin(), kRig, "");
  ASSERT_TRUE(feed.ok()) << feed.status();

  absl::StatusOr<std::string> text = engine_->GetCalendar(Secret(*feed));
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_THAT(*text, StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
  // The borrowers stay anonymous even to the owner's feed: the URL is a bearer secret.
  EXPECT_THAT(*text, Not(HasSubstr(kSchool)));
  EXPECT_THAT(*text, Not(HasSubstr(kOtherSchool)));
  EXPECT_THAT(*text, Not(HasSubstr("per_coord")));

  ParsedCalendar calendar = Parse(*text);
  EXPECT_EQ(calendar.calendar["VERSION"], "2.0");
  EXPECT_EQ(calendar.calendar["CALSCALE"], "GREGORIAN");
  EXPECT_EQ(calendar.calendar["METHOD"], "PUBLISH");
  EXPECT_EQ(calendar.calendar["X-WR-CALNAME"], "Leerpool: Warmtepomp\\; zaal 2\\, Brussel");
  ASSERT_EQ(calendar.events.size(), 2u);
  const Properties& event = calendar.events[Uid(*mine)];
  // 09:00 in Brussels is 08:00Z in March.
  EXPECT_EQ(event.at("DTSTART"), "20260310T080000Z");
  EXPECT_EQ(event.at("DTEND"), "20260310T110000Z");
  EXPECT_EQ(event.at("DTSTAMP"), "20260301T000000Z");
  EXPECT_EQ(event.at("STATUS"), "CONFIRMED");
  EXPECT_EQ(event.at("SEQUENCE"), "0");
  EXPECT_EQ(event.at("SUMMARY"), "Warmtepomp\\; zaal 2\\, Brussel: reservation (confirmed)");
  EXPECT_THAT(event.at("DESCRIPTION"), HasSubstr("10 learners\\nUnits 1\\, 2"));
  EXPECT_TRUE(calendar.events.contains(Uid(*theirs)));
  EXPECT_FALSE(calendar.events.contains(Uid(*elsewhere)));
}

TEST_P(CalendarFeedTest, StatusAndSequenceFollowTheReservation) {
  Terms approval = BasicTerms();
  approval.approval_required = true;
  ListingFacts rig = RigFacts();
  rig.title = kRigTitle;
  directory_.Put(rig, approval);
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12)));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->status, ReservationStatus::kPendingApproval);
  absl::StatusOr<CalendarFeed> feed = engine_->CreateCalendarFeed(OwnerAdmin(), kRig, "");
  ASSERT_TRUE(feed.ok()) << feed.status();

  Properties pending = Calendar(*feed).events[Uid(*r)];
  EXPECT_EQ(pending["STATUS"], "TENTATIVE");
  EXPECT_THAT(pending["SUMMARY"], HasSubstr("(pending approval)"));

  clock_.Advance(absl::Minutes(5));
  ASSERT_TRUE(engine_->ApproveReservation(OwnerAdmin(), r->id, "welcome").ok());
  Properties approved = Calendar(*feed).events[Uid(*r)];
  EXPECT_EQ(approved["STATUS"], "CONFIRMED");
  EXPECT_GT(std::stoll(approved["SEQUENCE"]), std::stoll(pending["SEQUENCE"]));
  EXPECT_EQ(approved["DTSTAMP"], "20260301T000500Z");

  clock_.Advance(absl::Minutes(5));
  ASSERT_TRUE(engine_->CancelReservation(Coordinator(), r->id, "").ok());
  Properties cancelled = Calendar(*feed).events[Uid(*r)];
  EXPECT_EQ(cancelled["STATUS"], "CANCELLED");
  EXPECT_GT(std::stoll(cancelled["SEQUENCE"]), std::stoll(approved["SEQUENCE"]));
}

TEST_P(CalendarFeedTest, OldHistoryAndLongCancelledReservationsDropOut) {
  // Used and completed in March; cancelled early on, for June; cancelled late, for June.
  absl::StatusOr<Reservation> used =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12)));
  absl::StatusOr<Reservation> cancelled_early =
      Reserve(Session(kRig, Brussels(2026, 6, 1, 9), Brussels(2026, 6, 1, 12)));
  absl::StatusOr<Reservation> cancelled_late =
      Reserve(Session(kRig, Brussels(2026, 6, 2, 9), Brussels(2026, 6, 2, 12)));
  absl::StatusOr<Reservation> next_year =
      Reserve(Session(kRig, Brussels(2027, 5, 2, 9), Brussels(2027, 5, 2, 12)));
  ASSERT_TRUE(used.ok() && cancelled_early.ok() && cancelled_late.ok() && next_year.ok());
  ASSERT_TRUE(engine_->CancelReservation(Coordinator(), cancelled_early->id, "").ok());
  clock_.Set(Utc(2026, 3, 10, 13));
  ASSERT_TRUE(
      engine_->CheckInReservation(OwnerAdmin(), used->id, std::nullopt, {}, Condition::kGood, "")
          .ok());
  absl::StatusOr<CalendarFeed> feed = engine_->CreateCalendarFeed(OwnerAdmin(), kRig, "");
  ASSERT_TRUE(feed.ok()) << feed.status();

  ParsedCalendar now = Calendar(*feed);
  EXPECT_EQ(now.events[Uid(*used)]["STATUS"], "CONFIRMED");
  EXPECT_THAT(now.events[Uid(*used)]["SUMMARY"], HasSubstr("(completed)"));
  EXPECT_EQ(now.events[Uid(*cancelled_early)]["STATUS"], "CANCELLED");
  EXPECT_FALSE(now.events.contains(Uid(*next_year)));  // more than a year ahead

  // Six weeks on: the March session is past the month of history, the early cancellation past
  // the month it is shown as cancelled; the late one was cancelled just now.
  clock_.Set(Utc(2026, 4, 25, 0));
  ASSERT_TRUE(engine_->CancelReservation(Coordinator(), cancelled_late->id, "").ok());
  ParsedCalendar later = Calendar(*feed);
  std::vector<std::string> uids;
  for (const auto& [uid, event] : later.events) uids.push_back(uid);
  EXPECT_THAT(uids, ElementsAre(Uid(*cancelled_late)));
  EXPECT_EQ(later.events[Uid(*cancelled_late)]["STATUS"], "CANCELLED");
}

TEST_P(CalendarFeedTest, BorrowerFeedHasOnlyItsOwnReservationsWithLoanLocations) {
  absl::StatusOr<Reservation> session =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12)));
  ReservationRequest loan = Loan(Utc(2026, 3, 12, 9), Utc(2026, 3, 12, 15), NorthOfBase(10));
  loan.destination->name = "Campus Noord, gebouw B";
  loan.destination->address = {"Schoolstraat 1", "9000", "Gent", "BE"};
  absl::StatusOr<Reservation> van = Reserve(loan);
  absl::StatusOr<Reservation> theirs =
      ReserveForOther(Session(kRig, Brussels(2026, 3, 11, 9), Brussels(2026, 3, 11, 12)));
  ASSERT_TRUE(session.ok() && van.ok() && theirs.ok());
  absl::StatusOr<CalendarFeed> feed = engine_->CreateCalendarFeed(Coordinator(), "", kSchool);
  ASSERT_TRUE(feed.ok()) << feed.status();

  ParsedCalendar calendar = Calendar(*feed);
  std::vector<std::string> uids;
  for (const auto& [uid, event] : calendar.events) uids.push_back(uid);
  EXPECT_THAT(uids, UnorderedElementsAre(Uid(*session), Uid(*van)));
  EXPECT_EQ(calendar.calendar["X-WR-CALNAME"], "Leerpool: our reservations");
  const Properties& on_loan = calendar.events[Uid(*van)];
  EXPECT_EQ(on_loan.at("SUMMARY"), "Mobiele zonnepanelen-opstelling: loan (confirmed)");
  EXPECT_EQ(on_loan.at("LOCATION"),
            "Campus Noord\\, gebouw B\\, Schoolstraat 1\\, 9000\\, Gent\\, BE");
  EXPECT_THAT(on_loan.at("GEO"), StartsWith("51.13"));
  EXPECT_EQ(calendar.events[Uid(*session)]["SUMMARY"],
            "Warmtepomp\\; zaal 2\\, Brussel (confirmed)");
  // The borrower's feed does not show the owner's unit allocation and logistics.
  EXPECT_THAT(on_loan.at("DESCRIPTION"), Not(HasSubstr("Leaves base")));
}

TEST_P(CalendarFeedTest, ListingTitleFallsBackToTheIdWhenTheCatalogueIsDown) {
  absl::StatusOr<Reservation> r =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12)));
  ASSERT_TRUE(r.ok()) << r.status();
  absl::StatusOr<CalendarFeed> feed = engine_->CreateCalendarFeed(OwnerAdmin(), kRig, "");
  ASSERT_TRUE(feed.ok()) << feed.status();
  directory_.SetDown(true);
  ParsedCalendar calendar = Calendar(*feed);
  EXPECT_EQ(calendar.events[Uid(*r)]["SUMMARY"], "Listing lst_rig: reservation (confirmed)");
}

LP_BOOKING_BACKENDS(CalendarFeedTest);

}  // namespace
}  // namespace leerpool::booking::testing
