// The stores' JSON documents on their own: what each holds (the statistics triggers of both
// backends read the details by key), that every field comes back, and that a malformed stored
// document is DATA_LOSS naming the row rather than an exception.

#include "services/booking/store/row_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace leerpool::booking {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::Time At(int64_t seconds) { return absl::FromUnixSeconds(seconds); }

Place SomePlace() {
  return Place{"Gym", {"Main St 1", "1000", "Brussels", "BE"}, LatLng{50.85, 4.35}};
}

Reservation FullReservation() {
  Reservation r;
  r.id = "res-1";
  r.units = {2, 5};
  r.time_zone = "Europe/Brussels";
  r.learners = 24;
  r.planned_learners = {{1, 20}, {3, 4}};
  r.destination = SomePlace();
  r.transport_minutes_out = 30;
  r.transport_minutes_back = 0;
  r.teardown_minutes = 15;
  r.return_to_base_minutes = 35;
  r.terms_version = 3;
  r.approval_required = true;
  r.quote = {12500, {{"rental", 10000}, {"transport", 2500}}, 5000, 3};
  r.cancellation_deadline_hours = 48;
  r.cancellation_fee_terms_cents = 2000;
  r.series_id = "ser-1";
  r.occurrence_index = 4;
  r.check_out_time = At(1'700'000'000);
  r.check_in_time = At(1'700'003'600);
  r.learners_present = {{1, 18}};
  r.condition = Condition::kDamaged;
  r.damage_report = "cracked lens";
  r.cancellation_fee_cents = 700;
  r.reason = "rain";
  r.notes = "bring cables";
  return r;
}

std::vector<std::string> Keys(const json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

TEST(RowJsonTest, DetailsKeepTheKeysTheStatisticsTriggersRead) {
  json details = json::parse(row_json::ReservationDetails(FullReservation()));
  EXPECT_THAT(
      Keys(details),
      ElementsAre("approval_required", "cancel_deadline_h", "cancel_fee", "cancel_fee_terms",
                  "check_in_us", "check_out_us", "condition", "damage_report", "destination",
                  "learners", "learners_present", "notes", "occurrence_index", "planned_learners",
                  "quote", "reason", "return_to_base", "series_id", "teardown", "terms_version",
                  "time_zone", "transport_back", "transport_out", "units"));
  EXPECT_EQ(details["learners_present"], json::parse("[[1,18]]"));
  EXPECT_EQ(details["planned_learners"], json::parse("[[1,20],[3,4]]"));
  EXPECT_EQ(details["quote"]["total"], 12500);
  EXPECT_EQ(details["quote"]["lines"], json::parse(R"([["rental",10000],["transport",2500]])"));
  EXPECT_EQ(details["cancel_fee"], 700);
  EXPECT_EQ(details["check_out_us"], int64_t{1'700'000'000'000'000});
  EXPECT_EQ(details["check_in_us"], int64_t{1'700'003'600'000'000});
  EXPECT_EQ(details["destination"]["lat"], 50.85);
}

TEST(RowJsonTest, DetailsReadBackEveryField) {
  const Reservation in = FullReservation();
  Reservation out;
  out.id = in.id;
  ASSERT_TRUE(row_json::ReadReservationDetails(row_json::ReservationDetails(in), out).ok());
  EXPECT_EQ(out.units, in.units);
  EXPECT_EQ(out.time_zone, in.time_zone);
  EXPECT_EQ(out.learners, in.learners);
  EXPECT_EQ(out.planned_learners, in.planned_learners);
  EXPECT_EQ(out.destination, in.destination);
  EXPECT_EQ(out.transport_minutes_out, in.transport_minutes_out);
  EXPECT_EQ(out.transport_minutes_back, in.transport_minutes_back);
  EXPECT_EQ(out.teardown_minutes, in.teardown_minutes);
  EXPECT_EQ(out.return_to_base_minutes, in.return_to_base_minutes);
  EXPECT_EQ(out.terms_version, in.terms_version);
  EXPECT_EQ(out.approval_required, in.approval_required);
  EXPECT_EQ(out.quote, in.quote);
  EXPECT_EQ(out.cancellation_deadline_hours, in.cancellation_deadline_hours);
  EXPECT_EQ(out.cancellation_fee_terms_cents, in.cancellation_fee_terms_cents);
  EXPECT_EQ(out.series_id, in.series_id);
  EXPECT_EQ(out.occurrence_index, in.occurrence_index);
  EXPECT_EQ(out.check_out_time, in.check_out_time);
  EXPECT_EQ(out.check_in_time, in.check_in_time);
  EXPECT_EQ(out.learners_present, in.learners_present);
  EXPECT_EQ(out.condition, in.condition);
  EXPECT_EQ(out.damage_report, in.damage_report);
  EXPECT_EQ(out.cancellation_fee_cents, in.cancellation_fee_cents);
  EXPECT_EQ(out.reason, in.reason);
  EXPECT_EQ(out.notes, in.notes);
}

TEST(RowJsonTest, DetailsWithoutTheLaterFieldsTakeTheirDefaults) {
  json details = json::parse(row_json::ReservationDetails(FullReservation()));
  for (const char* key : {"return_to_base", "approval_required", "series_id", "occurrence_index",
                          "destination", "check_out_us", "check_in_us"}) {
    details.erase(key);
  }
  details["transport_back"] = 25;
  Reservation out;
  ASSERT_TRUE(row_json::ReadReservationDetails(details.dump(), out).ok());
  EXPECT_EQ(out.return_to_base_minutes, 25);
  EXPECT_FALSE(out.approval_required);
  EXPECT_EQ(out.series_id, "");
  EXPECT_EQ(out.occurrence_index, 0);
  EXPECT_FALSE(out.destination.has_value());
  EXPECT_FALSE(out.check_out_time.has_value());
  EXPECT_FALSE(out.check_in_time.has_value());
}

TEST(RowJsonTest, MalformedDetailsAreDataLossNamingTheReservation) {
  json missing = json::parse(row_json::ReservationDetails(FullReservation()));
  missing.erase("units");
  json mistyped = json::parse(row_json::ReservationDetails(FullReservation()));
  mistyped["learners"] = "many";
  for (const std::string& text :
       {std::string("{not json"), std::string("[]"), missing.dump(), mistyped.dump()}) {
    Reservation r;
    r.id = "res-9";
    const absl::Status status = row_json::ReadReservationDetails(text, r);
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << text << ": " << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr("reservation res-9: bad details")) << text;
  }
}

WaitlistEntry FullEntry() {
  WaitlistEntry e;
  e.id = "wl-1";
  e.units_needed = 2;
  e.listing_units = 6;
  e.auto_accept = true;
  e.quota_hours_per_month = 6;
  e.requested_responsible_person_id = "person-2";
  Reservation& r = e.draft;
  r.listing_id = "listing-1";
  r.owner_organization_id = "org-owner";
  r.organization_id = "org-1";
  r.responsible_person_id = "person-2";
  r.created_by_person_id = "person-1";
  r.kind = ReservationKind::kLoan;
  r.start_time = At(1'800'000'000);
  r.end_time = At(1'800'007'200);
  r.occupied_start_time = At(1'799'998'000);
  r.occupied_end_time = At(1'800'009'000);
  r.time_zone = "Europe/Brussels";
  r.learners = 12;
  r.planned_learners = {{2, 12}};
  r.destination = SomePlace();
  r.transport_minutes_out = 20;
  r.transport_minutes_back = 20;
  r.teardown_minutes = 10;
  r.return_to_base_minutes = 20;
  r.terms_version = 2;
  r.approval_required = true;
  r.quote = {9000, {{"rental", 9000}}, 1000, 2};
  r.cancellation_deadline_hours = 24;
  r.cancellation_fee_terms_cents = 1500;
  r.notes = "ground floor";
  return e;
}

TEST(RowJsonTest, WaitlistDraftReadsBackEveryField) {
  const WaitlistEntry in = FullEntry();
  EXPECT_THAT(
      Keys(json::parse(row_json::WaitlistDraft(in))),
      ElementsAre("approval_required", "auto_accept", "cancel_deadline_h", "cancel_fee_terms",
                  "created_by", "destination", "end_us", "kind", "learners", "listing_id",
                  "listing_units", "notes", "occupied_end_us", "occupied_start_us",
                  "organization_id", "owner", "planned_learners", "quota_h", "quote",
                  "requested_responsible", "responsible", "return_to_base", "start_us", "teardown",
                  "terms_version", "time_zone", "transport_back", "transport_out", "units_needed"));
  WaitlistEntry out;
  out.id = in.id;
  ASSERT_TRUE(row_json::ReadWaitlistDraft(row_json::WaitlistDraft(in), out).ok());
  EXPECT_EQ(out.units_needed, in.units_needed);
  EXPECT_EQ(out.listing_units, in.listing_units);
  EXPECT_EQ(out.auto_accept, in.auto_accept);
  EXPECT_EQ(out.quota_hours_per_month, in.quota_hours_per_month);
  EXPECT_EQ(out.requested_responsible_person_id, in.requested_responsible_person_id);
  const Reservation& a = out.draft;
  const Reservation& b = in.draft;
  EXPECT_EQ(a.listing_id, b.listing_id);
  EXPECT_EQ(a.owner_organization_id, b.owner_organization_id);
  EXPECT_EQ(a.organization_id, b.organization_id);
  EXPECT_EQ(a.responsible_person_id, b.responsible_person_id);
  EXPECT_EQ(a.created_by_person_id, b.created_by_person_id);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.start_time, b.start_time);
  EXPECT_EQ(a.end_time, b.end_time);
  EXPECT_EQ(a.occupied_start_time, b.occupied_start_time);
  EXPECT_EQ(a.occupied_end_time, b.occupied_end_time);
  EXPECT_EQ(a.time_zone, b.time_zone);
  EXPECT_EQ(a.learners, b.learners);
  EXPECT_EQ(a.planned_learners, b.planned_learners);
  EXPECT_EQ(a.destination, b.destination);
  EXPECT_EQ(a.transport_minutes_out, b.transport_minutes_out);
  EXPECT_EQ(a.transport_minutes_back, b.transport_minutes_back);
  EXPECT_EQ(a.teardown_minutes, b.teardown_minutes);
  EXPECT_EQ(a.return_to_base_minutes, b.return_to_base_minutes);
  EXPECT_EQ(a.terms_version, b.terms_version);
  EXPECT_EQ(a.approval_required, b.approval_required);
  EXPECT_EQ(a.quote, b.quote);
  EXPECT_EQ(a.cancellation_deadline_hours, b.cancellation_deadline_hours);
  EXPECT_EQ(a.cancellation_fee_terms_cents, b.cancellation_fee_terms_cents);
  EXPECT_EQ(a.notes, b.notes);
}

TEST(RowJsonTest, MalformedDraftIsDataLossNamingTheEntry) {
  json missing = json::parse(row_json::WaitlistDraft(FullEntry()));
  missing.erase("return_to_base");
  for (const std::string& text : {std::string(""), missing.dump()}) {
    WaitlistEntry e;
    e.id = "wl-9";
    const absl::Status status = row_json::ReadWaitlistDraft(text, e);
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << text << ": " << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr("waitlist entry wl-9: bad draft")) << text;
  }
}

Series FullSeries() {
  Series s;
  s.id = "ser-1";
  s.recurrence.time_zone = "Europe/Brussels";
  s.recurrence.first_date = absl::CivilDay(2026, 3, 2);
  s.recurrence.start_time_of_day = absl::CivilMinute(2000, 1, 1, 9, 30);
  s.recurrence.duration = absl::Minutes(90);
  s.recurrence.weekdays = {1, 3};
  s.recurrence.interval_weeks = 2;
  s.recurrence.until_date = absl::CivilDay(2026, 6, 30);
  s.recurrence.count = 0;
  s.request.kind = ReservationKind::kSession;
  s.request.responsible_person_id = "person-1";
  s.request.learners = 20;
  s.request.planned_learners = {{1, 20}};
  s.request.destination = SomePlace();
  s.request.notes = "weekly lab";
  s.conflicts = {{3, At(1'780'000'000), At(1'780'005'400), {"unit 2 taken", "closed"}}};
  return s;
}

absl::Status ReadBack(const Series& in, Series& out) {
  return row_json::ReadSeriesDocuments(row_json::Recurrence(in.recurrence),
                                       row_json::Template(in.request),
                                       row_json::Conflicts(in.conflicts), out);
}

TEST(RowJsonTest, SeriesDocumentsReadBackEveryField) {
  const Series in = FullSeries();
  EXPECT_EQ(json::parse(row_json::Recurrence(in.recurrence)),
            json::parse(R"({"time_zone":"Europe/Brussels","first_date":"2026-03-02","hour":9,
                "minute":30,"duration_s":5400,"weekdays":[1,3],"interval_weeks":2,"count":0,
                "until_date":"2026-06-30"})"));
  EXPECT_EQ(json::parse(row_json::Conflicts(in.conflicts)),
            json::parse(R"([{"index":3,"start_us":1780000000000000,"end_us":1780005400000000,
                "reasons":["unit 2 taken","closed"]}])"));
  Series out;
  out.id = in.id;
  ASSERT_TRUE(ReadBack(in, out).ok());
  EXPECT_EQ(out.recurrence.time_zone, in.recurrence.time_zone);
  EXPECT_EQ(out.recurrence.first_date, in.recurrence.first_date);
  EXPECT_EQ(out.recurrence.start_time_of_day.hour(), 9);
  EXPECT_EQ(out.recurrence.start_time_of_day.minute(), 30);
  EXPECT_EQ(out.recurrence.duration, in.recurrence.duration);
  EXPECT_EQ(out.recurrence.weekdays, in.recurrence.weekdays);
  EXPECT_EQ(out.recurrence.interval_weeks, in.recurrence.interval_weeks);
  EXPECT_EQ(out.recurrence.until_date, in.recurrence.until_date);
  EXPECT_EQ(out.recurrence.count, in.recurrence.count);
  EXPECT_EQ(out.request.kind, in.request.kind);
  EXPECT_EQ(out.request.responsible_person_id, in.request.responsible_person_id);
  EXPECT_EQ(out.request.learners, in.request.learners);
  EXPECT_EQ(out.request.planned_learners, in.request.planned_learners);
  EXPECT_EQ(out.request.destination, in.request.destination);
  EXPECT_EQ(out.request.notes, in.request.notes);
  EXPECT_EQ(out.conflicts, in.conflicts);
}

TEST(RowJsonTest, MalformedSeriesDocumentIsDataLossNamingIt) {
  const Series in = FullSeries();
  const std::string recurrence = row_json::Recurrence(in.recurrence);
  const std::string request = row_json::Template(in.request);
  const std::string conflicts = row_json::Conflicts(in.conflicts);
  json bad_date = json::parse(recurrence);
  bad_date["first_date"] = "someday";
  struct Case {
    std::string recurrence, request, conflicts, document;
  };
  for (const Case& c : std::vector<Case>{{bad_date.dump(), request, conflicts, "recurrence"},
                                         {"{}", request, conflicts, "recurrence"},
                                         {recurrence, "[", conflicts, "template"},
                                         {recurrence, request, R"([{"index":1}])", "conflicts"}}) {
    Series out;
    out.id = "ser-9";
    const absl::Status status =
        row_json::ReadSeriesDocuments(c.recurrence, c.request, c.conflicts, out);
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << c.document << ": " << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr("series ser-9: bad " + c.document))
        << status;
  }
}

}  // namespace
}  // namespace leerpool::booking
