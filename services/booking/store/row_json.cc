#include "services/booking/store/row_json.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/status_macros.h"

namespace leerpool::booking::row_json {
namespace {

using nlohmann::json;

// The document's reading code throws on a missing or mistyped field (json::at, get<T>), which
// keeps it as short as the document; the public readers turn that into the status.
absl::Status Unreadable(const char* row, const std::string& id, const char* document,
                        absl::string_view why) {
  return absl::DataLossError(absl::StrCat(row, " ", id, ": bad ", document, ": ", why));
}

// [[audience, count], ...]: the statistics triggers (migration 0007 of both backends) unpack
// this shape from the details, so it must not change.
json CountsToJson(const std::vector<AudienceCount>& counts) {
  json out = json::array();
  for (const AudienceCount& count : counts) out.push_back({count.audience, count.count});
  return out;
}

std::vector<AudienceCount> CountsFromJson(const json& in) {
  std::vector<AudienceCount> counts;
  for (const json& item : in) counts.push_back({item.at(0).get<int>(), item.at(1).get<int>()});
  return counts;
}

json PlaceToJson(const Place& place) {
  json out = {{"name", place.name},
              {"street", place.address.street},
              {"postal_code", place.address.postal_code},
              {"locality", place.address.locality},
              {"country", place.address.country}};
  if (place.location) {
    out["lat"] = place.location->latitude;
    out["lng"] = place.location->longitude;
  }
  return out;
}

Place PlaceFromJson(const json& in) {
  Place place;
  place.name = in.at("name").get<std::string>();
  place.address = {in.at("street").get<std::string>(), in.at("postal_code").get<std::string>(),
                   in.at("locality").get<std::string>(), in.at("country").get<std::string>()};
  if (in.contains("lat")) {
    place.location = LatLng{in.at("lat").get<double>(), in.at("lng").get<double>()};
  }
  return place;
}

json QuoteToJson(const PriceQuote& quote) {
  json lines = json::array();
  for (const PriceLine& line : quote.lines) lines.push_back({line.description, line.amount_cents});
  return {{"total", quote.total_cents},
          {"lines", lines},
          {"deposit", quote.deposit_cents},
          {"version", quote.terms_version}};
}

void ReadQuote(const json& in, PriceQuote& quote) {
  quote.total_cents = in.at("total").get<int64_t>();
  quote.deposit_cents = in.at("deposit").get<int64_t>();
  quote.terms_version = in.at("version").get<int>();
  for (const json& line : in.at("lines")) {
    quote.lines.push_back({line.at(0).get<std::string>(), line.at(1).get<int64_t>()});
  }
}

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::StatusOr<absl::CivilDay> ParseDay(const std::string& text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::DataLossError(absl::StrCat("stored date \"", text, "\" is unreadable"));
  }
  return day;
}

// The keys a reservation's details and a waitlist entry's draft (the reservation it would
// become) share: how the equipment is to be used and on which terms. return_to_base and
// approval_required are written by both too, but read by each its own way (the details of
// older rows may lack them, a draft may not).
json TermsOfUseToJson(const Reservation& r) {
  json out = {
      {"time_zone", r.time_zone},
      {"learners", r.learners},
      {"planned_learners", CountsToJson(r.planned_learners)},
      {"transport_out", r.transport_minutes_out},
      {"transport_back", r.transport_minutes_back},
      {"teardown", r.teardown_minutes},
      {"return_to_base", r.return_to_base_minutes},
      {"terms_version", r.terms_version},
      {"cancel_deadline_h", r.cancellation_deadline_hours},
      {"cancel_fee_terms", r.cancellation_fee_terms_cents},
      {"notes", r.notes},
      {"approval_required", r.approval_required},
      {"quote", QuoteToJson(r.quote)},
  };
  if (r.destination) out["destination"] = PlaceToJson(*r.destination);
  return out;
}

void ReadTermsOfUse(const json& in, Reservation& r) {
  r.time_zone = in.at("time_zone").get<std::string>();
  r.learners = in.at("learners").get<int>();
  r.planned_learners = CountsFromJson(in.at("planned_learners"));
  r.transport_minutes_out = in.at("transport_out").get<int>();
  r.transport_minutes_back = in.at("transport_back").get<int>();
  r.teardown_minutes = in.at("teardown").get<int>();
  r.terms_version = in.at("terms_version").get<int>();
  r.cancellation_deadline_hours = in.at("cancel_deadline_h").get<int>();
  r.cancellation_fee_terms_cents = in.at("cancel_fee_terms").get<int64_t>();
  r.notes = in.at("notes").get<std::string>();
  ReadQuote(in.at("quote"), r.quote);
  if (in.contains("destination")) r.destination = PlaceFromJson(in.at("destination"));
}

void ReadDetails(const std::string& text, Reservation& r) {
  const json details = json::parse(text);
  ReadTermsOfUse(details, r);
  r.units = details.at("units").get<std::vector<int>>();
  // Rows written before the field: right unless a handover had already zeroed the leg.
  r.return_to_base_minutes = details.value("return_to_base", r.transport_minutes_back);
  r.learners_present = CountsFromJson(details.at("learners_present"));
  r.condition = static_cast<Condition>(details.at("condition").get<int>());
  r.damage_report = details.at("damage_report").get<std::string>();
  r.cancellation_fee_cents = details.at("cancel_fee").get<int64_t>();
  r.reason = details.at("reason").get<std::string>();
  r.approval_required = details.value("approval_required", false);
  r.series_id = details.value("series_id", std::string());
  r.occurrence_index = details.value("occurrence_index", 0);
  if (details.contains("check_out_us")) {
    r.check_out_time = absl::FromUnixMicros(details.at("check_out_us").get<int64_t>());
  }
  if (details.contains("check_in_us")) {
    r.check_in_time = absl::FromUnixMicros(details.at("check_in_us").get<int64_t>());
  }
}

void ReadDraft(const std::string& text, WaitlistEntry& e) {
  const json d = json::parse(text);
  Reservation& r = e.draft;
  e.units_needed = d.at("units_needed").get<int>();
  e.listing_units = d.at("listing_units").get<int>();
  e.auto_accept = d.at("auto_accept").get<bool>();
  // Entries stored before quotas were re-counted have none.
  e.quota_hours_per_month = d.value("quota_h", 0);
  e.requested_responsible_person_id = d.at("requested_responsible").get<std::string>();
  r.listing_id = d.at("listing_id").get<std::string>();
  r.owner_organization_id = d.at("owner").get<std::string>();
  r.organization_id = d.at("organization_id").get<std::string>();
  r.responsible_person_id = d.at("responsible").get<std::string>();
  r.created_by_person_id = d.at("created_by").get<std::string>();
  r.kind = static_cast<ReservationKind>(d.at("kind").get<int>());
  r.start_time = absl::FromUnixMicros(d.at("start_us").get<int64_t>());
  r.end_time = absl::FromUnixMicros(d.at("end_us").get<int64_t>());
  r.occupied_start_time = absl::FromUnixMicros(d.at("occupied_start_us").get<int64_t>());
  r.occupied_end_time = absl::FromUnixMicros(d.at("occupied_end_us").get<int64_t>());
  ReadTermsOfUse(d, r);
  r.return_to_base_minutes = d.at("return_to_base").get<int>();
  r.approval_required = d.at("approval_required").get<bool>();
}

// A date is only a string to json, so an unreadable one is caught here, not by json.
absl::StatusOr<WeeklyRecurrence> ReadRecurrence(const std::string& text) {
  const json in = json::parse(text);
  WeeklyRecurrence r;
  r.time_zone = in.at("time_zone").get<std::string>();
  LP_ASSIGN_OR_RETURN(r.first_date, ParseDay(in.at("first_date").get<std::string>()));
  r.start_time_of_day =
      absl::CivilMinute(2000, 1, 1, in.at("hour").get<int>(), in.at("minute").get<int>());
  r.duration = absl::Seconds(in.at("duration_s").get<int64_t>());
  r.weekdays = in.at("weekdays").get<std::vector<int>>();
  r.interval_weeks = in.at("interval_weeks").get<int>();
  r.count = in.at("count").get<int>();
  if (in.contains("until_date")) {
    LP_ASSIGN_OR_RETURN(r.until_date, ParseDay(in.at("until_date").get<std::string>()));
  }
  return r;
}

SeriesTemplate ReadTemplate(const std::string& text) {
  const json in = json::parse(text);
  SeriesTemplate t;
  t.kind = static_cast<ReservationKind>(in.at("kind").get<int>());
  t.responsible_person_id = in.at("responsible_person_id").get<std::string>();
  t.learners = in.at("learners").get<int>();
  t.planned_learners = CountsFromJson(in.at("planned_learners"));
  t.notes = in.at("notes").get<std::string>();
  if (in.contains("destination")) t.destination = PlaceFromJson(in.at("destination"));
  return t;
}

std::vector<OccurrenceConflict> ReadConflicts(const std::string& text) {
  std::vector<OccurrenceConflict> out;
  for (const json& c : json::parse(text)) {
    out.push_back({c.at("index").get<int>(), absl::FromUnixMicros(c.at("start_us").get<int64_t>()),
                   absl::FromUnixMicros(c.at("end_us").get<int64_t>()),
                   c.at("reasons").get<std::vector<std::string>>()});
  }
  return out;
}

}  // namespace

std::string ReservationDetails(const Reservation& r) {
  json details = TermsOfUseToJson(r);
  details.update({
      {"units", r.units},
      {"learners_present", CountsToJson(r.learners_present)},
      {"condition", static_cast<int>(r.condition)},
      {"damage_report", r.damage_report},
      {"cancel_fee", r.cancellation_fee_cents},
      {"reason", r.reason},
      {"series_id", r.series_id},
      {"occurrence_index", r.occurrence_index},
  });
  if (r.check_out_time) details["check_out_us"] = absl::ToUnixMicros(*r.check_out_time);
  if (r.check_in_time) details["check_in_us"] = absl::ToUnixMicros(*r.check_in_time);
  return details.dump();
}

absl::Status ReadReservationDetails(const std::string& text, Reservation& r) {
  try {
    ReadDetails(text, r);
  } catch (const json::exception& e) {
    return Unreadable("reservation", r.id, "details", e.what());
  }
  return absl::OkStatus();
}

// Only what a reservation made from the entry needs; nothing filters on it.
std::string WaitlistDraft(const WaitlistEntry& e) {
  const Reservation& r = e.draft;
  json d = TermsOfUseToJson(r);
  d.update({
      {"units_needed", e.units_needed},
      {"listing_units", e.listing_units},
      {"auto_accept", e.auto_accept},
      {"quota_h", e.quota_hours_per_month},
      {"requested_responsible", e.requested_responsible_person_id},
      {"listing_id", r.listing_id},
      {"owner", r.owner_organization_id},
      {"organization_id", r.organization_id},
      {"responsible", r.responsible_person_id},
      {"created_by", r.created_by_person_id},
      {"kind", static_cast<int>(r.kind)},
      {"start_us", absl::ToUnixMicros(r.start_time)},
      {"end_us", absl::ToUnixMicros(r.end_time)},
      {"occupied_start_us", absl::ToUnixMicros(r.occupied_start_time)},
      {"occupied_end_us", absl::ToUnixMicros(r.occupied_end_time)},
  });
  return d.dump();
}

absl::Status ReadWaitlistDraft(const std::string& text, WaitlistEntry& e) {
  try {
    ReadDraft(text, e);
  } catch (const json::exception& ex) {
    return Unreadable("waitlist entry", e.id, "draft", ex.what());
  }
  return absl::OkStatus();
}

std::string Recurrence(const WeeklyRecurrence& r) {
  json out = {{"time_zone", r.time_zone},
              {"first_date", Day(r.first_date)},
              {"hour", r.start_time_of_day.hour()},
              {"minute", r.start_time_of_day.minute()},
              {"duration_s", absl::ToInt64Seconds(r.duration)},
              {"weekdays", r.weekdays},
              {"interval_weeks", r.interval_weeks},
              {"count", r.count}};
  if (r.until_date) out["until_date"] = Day(*r.until_date);
  return out.dump();
}

std::string Template(const SeriesTemplate& t) {
  json out = {{"kind", static_cast<int>(t.kind)},
              {"responsible_person_id", t.responsible_person_id},
              {"learners", t.learners},
              {"planned_learners", CountsToJson(t.planned_learners)},
              {"notes", t.notes}};
  if (t.destination) out["destination"] = PlaceToJson(*t.destination);
  return out.dump();
}

std::string Conflicts(const std::vector<OccurrenceConflict>& conflicts) {
  json out = json::array();
  for (const OccurrenceConflict& c : conflicts) {
    out.push_back({{"index", c.index},
                   {"start_us", absl::ToUnixMicros(c.start)},
                   {"end_us", absl::ToUnixMicros(c.end)},
                   {"reasons", c.reasons}});
  }
  return out.dump();
}

absl::Status ReadSeriesDocuments(const std::string& recurrence, const std::string& request,
                                 const std::string& conflicts, Series& series) {
  const char* document = "recurrence";
  try {
    absl::StatusOr<WeeklyRecurrence> read = ReadRecurrence(recurrence);
    if (!read.ok()) return Unreadable("series", series.id, document, read.status().message());
    series.recurrence = *std::move(read);
    document = "template";
    series.request = ReadTemplate(request);
    document = "conflicts";
    series.conflicts = ReadConflicts(conflicts);
  } catch (const json::exception& e) {
    return Unreadable("series", series.id, document, e.what());
  }
  return absl::OkStatus();
}

}  // namespace leerpool::booking::row_json
