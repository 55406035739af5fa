#include "services/booking/sqlite/series_rows.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/status_macros.h"

namespace leerpool::booking::sqlite_series {
namespace {

using nlohmann::json;

constexpr char kColumns[] =
    "id, listing_id, owner_organization_id, organization_id, created_by_person_id, mode,"
    " recurrence, template, conflicts, create_us, update_us";

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::StatusOr<absl::CivilDay> ParseDay(const std::string& text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::DataLossError(absl::StrCat("series: stored date \"", text, "\" is unreadable"));
  }
  return day;
}

std::string RecurrenceJson(const WeeklyRecurrence& r) {
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

std::string TemplateJson(const SeriesTemplate& t) {
  json counts = json::array();
  for (const AudienceCount& count : t.planned_learners)
    counts.push_back({count.audience, count.count});
  json out = {{"kind", static_cast<int>(t.kind)},
              {"responsible_person_id", t.responsible_person_id},
              {"learners", t.learners},
              {"planned_learners", counts},
              {"notes", t.notes}};
  if (t.destination) {
    const Place& place = *t.destination;
    json destination = {{"name", place.name},
                        {"street", place.address.street},
                        {"postal_code", place.address.postal_code},
                        {"locality", place.address.locality},
                        {"country", place.address.country}};
    if (place.location) {
      destination["lat"] = place.location->latitude;
      destination["lng"] = place.location->longitude;
    }
    out["destination"] = destination;
  }
  return out.dump();
}

SeriesTemplate ReadTemplate(const std::string& text) {
  const json in = json::parse(text);
  SeriesTemplate t;
  t.kind = static_cast<ReservationKind>(in.at("kind").get<int>());
  t.responsible_person_id = in.at("responsible_person_id").get<std::string>();
  t.learners = in.at("learners").get<int>();
  for (const json& count : in.at("planned_learners")) {
    t.planned_learners.push_back({count.at(0).get<int>(), count.at(1).get<int>()});
  }
  t.notes = in.at("notes").get<std::string>();
  if (in.contains("destination")) {
    const json& place = in.at("destination");
    Place destination;
    destination.name = place.at("name").get<std::string>();
    destination.address = {
        place.at("street").get<std::string>(), place.at("postal_code").get<std::string>(),
        place.at("locality").get<std::string>(), place.at("country").get<std::string>()};
    if (place.contains("lat")) {
      destination.location = LatLng{place.at("lat").get<double>(), place.at("lng").get<double>()};
    }
    t.destination = destination;
  }
  return t;
}

std::string ConflictsJson(const std::vector<OccurrenceConflict>& conflicts) {
  json out = json::array();
  for (const OccurrenceConflict& c : conflicts) {
    out.push_back({{"index", c.index},
                   {"start_us", absl::ToUnixMicros(c.start)},
                   {"end_us", absl::ToUnixMicros(c.end)},
                   {"reasons", c.reasons}});
  }
  return out.dump();
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

absl::Status Insert(storage::Database& db, const Series& series) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("INSERT INTO series (", kColumns,
                                              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")));
  s.BindAll(series.id, series.listing_id, series.owner_organization_id, series.organization_id,
            series.created_by_person_id, static_cast<int>(series.mode),
            RecurrenceJson(series.recurrence), TemplateJson(series.request),
            ConflictsJson(series.conflicts), absl::ToUnixMicros(series.create_time),
            absl::ToUnixMicros(series.update_time));
  return s.Run();
}

absl::StatusOr<Series> Get(storage::Database& db, const std::string& id) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("SELECT ", kColumns, " FROM series WHERE id = ?")));
  s.Bind(1, id);
  LP_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return absl::NotFoundError(absl::StrCat("series ", id, " not found"));
  Series series;
  series.id = s.Text(0);
  series.listing_id = s.Text(1);
  series.owner_organization_id = s.Text(2);
  series.organization_id = s.Text(3);
  series.created_by_person_id = s.Text(4);
  series.mode = static_cast<SeriesMode>(s.Int(5));
  try {
    LP_ASSIGN_OR_RETURN(series.recurrence, ReadRecurrence(s.Text(6)));
    series.request = ReadTemplate(s.Text(7));
    series.conflicts = ReadConflicts(s.Text(8));
  } catch (const json::exception& e) {
    return absl::DataLossError(absl::StrCat("series ", id, ": ", e.what()));
  }
  series.create_time = absl::FromUnixMicros(s.Int(9));
  series.update_time = absl::FromUnixMicros(s.Int(10));
  return series;
}

absl::Status Update(storage::Database& db, const Series& series) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare("UPDATE series SET recurrence = ?2, template = ?3, conflicts = ?4,"
                                 " update_us = ?5 WHERE id = ?1"));
  s.BindAll(series.id, RecurrenceJson(series.recurrence), TemplateJson(series.request),
            ConflictsJson(series.conflicts), absl::ToUnixMicros(series.update_time));
  LP_RETURN_IF_ERROR(s.Run());
  if (db.Changes() == 0)
    return absl::NotFoundError(absl::StrCat("series ", series.id, " not found"));
  return absl::OkStatus();
}

absl::Status SetOccurrence(storage::Database& db, const std::string& series_id, int index,
                           const std::string& reservation_id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement s,
      db.Prepare("INSERT INTO series_occurrences (series_id, occurrence_index, reservation_id)"
                 " VALUES (?, ?, ?) ON CONFLICT (series_id, occurrence_index) DO UPDATE SET"
                 " reservation_id = excluded.reservation_id"));
  s.BindAll(series_id, index, reservation_id);
  return s.Run();
}

}  // namespace leerpool::booking::sqlite_series
