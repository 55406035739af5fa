// The booking engine through the gateway against the real processes (registry, catalogue,
// booking, gateway): a school borrows a mobile heat-pump setup, the owner approves it, it is
// checked out and in, and the engine's rules hold over HTTP.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/e2e/platform_fixture.h"

namespace leerpool::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

class BookingE2eTest : public PlatformE2eTest {
 protected:
  void SetUp() override {
    PlatformE2eTest::SetUp();
    if (HasFatalFailure()) return;
    coordinator_ = Invite(school_, "planning@avant.test", "ROLE_COORDINATOR");
    other_school_ = CreateOrganization("Summa College Eindhoven", "SCHOOL", "NL");
    other_coordinator_ = Invite(other_school_, "rooster@summa.test", "ROLE_COORDINATOR");
    listing_ = PublishedMobileHeatPump();
    // Well past the 48-hour lead time, at whole hours.
    const absl::Time base = absl::Now() + absl::Hours(24 * 10);
    start_ = absl::FromUnixSeconds(absl::ToUnixSeconds(base) / 3600 * 3600);
  }

  // A loan of the heat-pump setup to the school in Antwerpen from start_ + `offset_hours`
  // for six hours, for `learners` learners.
  json LoanRequest(const std::string& organization, int offset_hours, int learners = 12) {
    const absl::Time start = start_ + absl::Hours(offset_hours);
    return json({{"listingId", listing_},
                 {"organizationId", organization},
                 {"kind", "RESERVATION_KIND_LOAN"},
                 {"startTime", Rfc3339(start)},
                 {"endTime", Rfc3339(start + absl::Hours(6))},
                 {"learners", learners},
                 {"plannedLearners", {{{"audience", 1}, {"count", learners}}}},
                 {"destination",
                  {{"name", "avAnt campus Antwerpen"},
                   {"location", {{"latitude", 51.2194}, {"longitude", 4.4025}}}}}});
  }

  std::string coordinator_, other_school_, other_coordinator_, listing_;
  absl::Time start_;
};

TEST_F(BookingE2eTest, SchoolBorrowsMobileSetupOwnerApprovesAndItIsCheckedOutAndIn) {
  // Which listings are free for 12 learners at our site in that window?
  const std::string window =
      absl::StrCat("startTime=", Rfc3339(start_), "&endTime=", Rfc3339(start_ + absl::Hours(6)));
  json free = Ok(Call("GET",
                      absl::StrCat("/v1/availability:search?listingIds=", listing_, "&", window,
                                   "&learners=12&destination.latitude=51.2194"
                                   "&destination.longitude=4.4025"),
                      coordinator_));
  ASSERT_EQ(free["listings"].size(), 1u) << free.dump();
  EXPECT_EQ(free["listings"][0].value("freeUnits", 0), 2);

  json reservation =
      Ok(Call("POST", "/v1/reservations", coordinator_, LoanRequest(school_, 0).dump()));
  const std::string id = reservation.value("id", "");
  EXPECT_EQ(reservation.value("status", ""), "RESERVATION_STATUS_PENDING_APPROVAL");
  // 12 learners on units of 8 take both units; Boxtel to Antwerpen is about 75 km.
  EXPECT_EQ(reservation["units"].size(), 2u);
  EXPECT_GT(reservation.value("transportMinutesOut", 0), 60);
  EXPECT_GT(std::stoll(reservation["quote"].value("totalCents", "0")), 6 * 2500);

  // Both units are now away for the window plus transport, setup and teardown.
  free = Ok(Call("GET",
                 absl::StrCat("/v1/availability:search?listingIds=", listing_, "&", window,
                              "&learners=1&destination.latitude=51.2194"
                              "&destination.longitude=4.4025"),
                 coordinator_));
  EXPECT_TRUE(free["listings"].empty()) << free.dump();
  json week =
      Ok(Call("GET", absl::StrCat("/v1/listings/", listing_,
                                  "/availability?startTime=", Rfc3339(start_ - absl::Hours(24)),
                                  "&endTime=", Rfc3339(start_ + absl::Hours(48)),
                                  "&destination.latitude=51.2194&destination.longitude=4.4025")));
  ASSERT_EQ(week["units"].size(), 2u) << week.dump();
  for (const json& unit : week["units"]) EXPECT_EQ(unit["free"].size(), 2u) << unit.dump();

  // Only the owner approves.
  clients::HttpResult refused =
      Call("POST", absl::StrCat("/v1/reservations/", id, ":approve"), coordinator_, "{}");
  EXPECT_EQ(refused.status, 403) << refused.body;
  json approved = Ok(Call("POST", absl::StrCat("/v1/reservations/", id, ":approve"),
                          maker_coordinator_, json({{"reason", "see you then"}}).dump()));
  EXPECT_EQ(approved.value("status", ""), "RESERVATION_STATUS_CONFIRMED");

  json out = Ok(Call("POST", absl::StrCat("/v1/reservations/", id, ":checkOut"), coordinator_,
                     json({{"notes", "picked up at the gate"}}).dump()));
  EXPECT_EQ(out.value("status", ""), "RESERVATION_STATUS_CHECKED_OUT");
  json in = Ok(Call("POST", absl::StrCat("/v1/reservations/", id, ":checkIn"), coordinator_,
                    json({{"learnersPresent", {{{"audience", 1}, {"count", 12}}}},
                          {"condition", "CONDITION_GOOD"}})
                        .dump()));
  EXPECT_EQ(in.value("status", ""), "RESERVATION_STATUS_COMPLETED");
  EXPECT_EQ(in["learnersPresent"][0].value("count", 0), 12);

  json events = Ok(Call("GET", absl::StrCat("/v1/reservations/", id, "/events"), coordinator_));
  std::vector<std::string> types;
  for (const json& event : events["events"]) types.push_back(event.value("type", ""));
  EXPECT_THAT(types, ::testing::ElementsAre("created", "approved", "checked_out", "checked_in"));

  // The owner sees it among its listings' reservations; the school among its own.
  json owned = Ok(Call("GET", absl::StrCat("/v1/reservations?ownerOrganizationId=", maker_),
                       maker_coordinator_));
  ASSERT_EQ(owned["reservations"].size(), 1u);
  json mine =
      Ok(Call("GET", absl::StrCat("/v1/reservations?organizationId=", school_), coordinator_));
  ASSERT_EQ(mine["reservations"].size(), 1u);
}

TEST_F(BookingE2eTest, ConflictNamesIntervalsButNotTheOtherSchool) {
  Ok(Call("POST", "/v1/reservations", coordinator_, LoanRequest(school_, 0, 16).dump()));
  clients::HttpResult conflict =
      Call("POST", "/v1/reservations", other_coordinator_, LoanRequest(other_school_, 2, 4).dump());
  EXPECT_EQ(conflict.status, 409) << conflict.body;
  EXPECT_THAT(conflict.body, HasSubstr("not enough free units"));
  EXPECT_THAT(conflict.body, Not(HasSubstr(school_)));
  EXPECT_THAT(conflict.body, Not(HasSubstr("avAnt")));
  // Another school may not see or cancel the first school's reservation.
  json mine =
      Ok(Call("GET", absl::StrCat("/v1/reservations?organizationId=", school_), coordinator_));
  ASSERT_EQ(mine["reservations"].size(), 1u);
  const std::string id = mine["reservations"][0].value("id", "");
  EXPECT_EQ(Call("GET", "/v1/reservations/" + id, other_coordinator_).status, 404);
  EXPECT_EQ(Call("POST", absl::StrCat("/v1/reservations/", id, ":cancel"), other_coordinator_, "{}")
                .status,
            404);
  // Cancelled by the school, the slot is free for the other school.
  json cancelled = Ok(Call("POST", absl::StrCat("/v1/reservations/", id, ":cancel"), coordinator_,
                           json({{"reason", "exam week moved"}}).dump()));
  EXPECT_EQ(cancelled.value("status", ""), "RESERVATION_STATUS_CANCELLED");
  json retried = Ok(Call("POST", "/v1/reservations", other_coordinator_,
                         LoanRequest(other_school_, 2, 4).dump()));
  EXPECT_EQ(retried.value("status", ""), "RESERVATION_STATUS_PENDING_APPROVAL");
}

TEST_F(BookingE2eTest, IdempotentRetryAndBadInputOverHttp) {
  json request = LoanRequest(school_, 0, 4);
  request["idempotencyKey"] = "retry-me-1";
  json first = Ok(Call("POST", "/v1/reservations", coordinator_, request.dump()));
  json second = Ok(Call("POST", "/v1/reservations", coordinator_, request.dump()));
  EXPECT_EQ(first.value("id", "a"), second.value("id", "b"));

  json backwards = LoanRequest(school_, 30);
  backwards["endTime"] = Rfc3339(start_ + absl::Hours(29));
  clients::HttpResult bad = Call("POST", "/v1/reservations", coordinator_, backwards.dump());
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(bad.body, HasSubstr("end_time"));

  json far = LoanRequest(school_, 30);
  far["destination"]["location"] = {{"latitude", 49.6}, {"longitude", 6.1}};  // Luxembourg
  bad = Call("POST", "/v1/reservations", coordinator_, far.dump());
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(bad.body, HasSubstr("service radius"));

  clients::HttpResult anonymous = Call("POST", "/v1/reservations", "", request.dump());
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;

  bad = Call("GET", absl::StrCat("/v1/availability:search?listingIds=", listing_, "&startTime=",
                                 Rfc3339(start_), "&endTime=", Rfc3339(start_ - absl::Hours(1))));
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(bad.body, HasSubstr("end_time"));
}

}  // namespace
}  // namespace leerpool::testing
