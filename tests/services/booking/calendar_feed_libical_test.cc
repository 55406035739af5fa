// An independent parser's verdict on the feeds: libical (what Evolution and many servers
// use) reads them without a single error, and every value round-trips exactly, including
// folded multi-byte text and escaped punctuation.

#include <libical/ical.h>

#include <map>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/secrets.h"
#include "tests/services/booking/booking_fixture.h"

namespace leerpool::booking::testing {
namespace {

using ::testing::HasSubstr;

struct IcalFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Component = std::unique_ptr<icalcomponent, IcalFree>;

// Long enough to fold several times, with 2-, 3- and 4-octet characters and every character
// TEXT must escape.
constexpr char kTitle[] =
    "Warmtepomp-opstelling “Zuid”; lokaal 2, Brussel \\ Écoles réunies – 😀 "
    "Ωmega-proefopstelling voor koeltechniek, warmtepompen en ventilatie";

class CalendarFeedLibicalTest : public BookingFixture {
 protected:
  CalendarFeedLibicalTest() {
    EXPECT_TRUE(auth::InitializeCrypto().ok());
    ListingFacts rig = RigFacts();
    rig.title = kTitle;
    directory_.Put(rig, BasicTerms());
    ListingFacts van = VanFacts();
    van.title = kTitle;
    directory_.Put(van, BasicTerms());
  }

  Component ParseFeed(const CalendarFeed& feed) {
    absl::StatusOr<std::string> text =
        engine_->GetCalendar(feed.url.substr(std::string("/v1/calendars/").size()));
    EXPECT_TRUE(text.ok()) << text.status();
    if (!text.ok()) return nullptr;
    Component calendar(icalparser_parse_string(text->c_str()));
    EXPECT_NE(calendar, nullptr) << *text;
    if (calendar != nullptr) {
      EXPECT_EQ(icalcomponent_count_errors(calendar.get()), 0) << *text;
      EXPECT_EQ(icalcomponent_isa(calendar.get()), ICAL_VCALENDAR_COMPONENT);
    }
    return calendar;
  }

  // UID -> the VEVENT, owned by `calendar`.
  static std::map<std::string, icalcomponent*> Events(icalcomponent* calendar) {
    std::map<std::string, icalcomponent*> events;
    for (icalcomponent* e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
         e != nullptr; e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
      events[icalcomponent_get_uid(e)] = e;
    }
    return events;
  }
};

TEST_F(CalendarFeedLibicalTest, ListingFeedParsesWithoutErrorsAndRoundTrips) {
  absl::StatusOr<Reservation> confirmed =
      Reserve(Session(kRig, Brussels(2026, 3, 10, 9), Brussels(2026, 3, 10, 12), 10));
  absl::StatusOr<Reservation> cancelled =
      Reserve(Session(kRig, Brussels(2026, 3, 11, 9), Brussels(2026, 3, 11, 12)));
  ASSERT_TRUE(confirmed.ok() && cancelled.ok());
  ASSERT_TRUE(engine_->CancelReservation(Coordinator(), cancelled->id, "").ok());
  absl::StatusOr<CalendarFeed> feed = engine_->CreateCalendarFeed(OwnerAdmin(), kRig, "");
  ASSERT_TRUE(feed.ok()) << feed.status();

  Component calendar = ParseFeed(*feed);
  ASSERT_NE(calendar, nullptr);
  EXPECT_EQ(icalcomponent_get_method(calendar.get()), ICAL_METHOD_PUBLISH);
  std::map<std::string, icalcomponent*> events = Events(calendar.get());
  ASSERT_EQ(events.size(), 2u);

  icalcomponent* event = events[confirmed->id + "@leerpool"];
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(std::string(icalcomponent_get_summary(event)),
            std::string(kTitle) + ": reservation (confirmed)");
  EXPECT_EQ(icalcomponent_get_status(event), ICAL_STATUS_CONFIRMED);
  icaltimetype start = icalcomponent_get_dtstart(event);
  EXPECT_TRUE(icaltime_is_utc(start));
  EXPECT_EQ(icaltime_as_timet(start), absl::ToTimeT(confirmed->start_time));
  EXPECT_EQ(icaltime_as_timet(icalcomponent_get_dtend(event)), absl::ToTimeT(confirmed->end_time));
  EXPECT_THAT(std::string(icalcomponent_get_description(event)),
              HasSubstr("10 learners\nUnits 1, 2"));

  icalcomponent* gone = events[cancelled->id + "@leerpool"];
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(icalcomponent_get_status(gone), ICAL_STATUS_CANCELLED);
}

TEST_F(CalendarFeedLibicalTest, BorrowerFeedWithALoanParsesWithoutErrors) {
  ReservationRequest loan = Loan(Utc(2026, 3, 12, 9), Utc(2026, 3, 12, 15), NorthOfBase(10));
  loan.destination->name = "Campus “Noord”; gebouw B,\nachteringang";
  loan.destination->address = {"Schoolstraat 1", "9000", "Gent", "BE"};
  absl::StatusOr<Reservation> r = Reserve(loan);
  ASSERT_TRUE(r.ok()) << r.status();
  absl::StatusOr<CalendarFeed> feed = engine_->CreateCalendarFeed(Coordinator(), "", kSchool);
  ASSERT_TRUE(feed.ok()) << feed.status();

  Component calendar = ParseFeed(*feed);
  ASSERT_NE(calendar, nullptr);
  std::map<std::string, icalcomponent*> events = Events(calendar.get());
  ASSERT_EQ(events.size(), 1u);
  icalcomponent* event = events.begin()->second;
  EXPECT_EQ(std::string(icalcomponent_get_location(event)),
            "Campus “Noord”; gebouw B,\nachteringang, Schoolstraat 1, 9000, Gent, BE");
  EXPECT_EQ(std::string(icalcomponent_get_summary(event)),
            std::string(kTitle) + ": loan (confirmed)");
}

}  // namespace
}  // namespace leerpool::booking::testing
