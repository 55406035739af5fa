#include "services/booking/sqlite/series_rows.h"

#include "absl/strings/str_cat.h"
#include "services/booking/store/row_json.h"
#include "services/common/status_macros.h"

namespace leerpool::booking::sqlite_series {
namespace {

constexpr char kColumns[] =
    "id, listing_id, owner_organization_id, organization_id, created_by_person_id, mode,"
    " recurrence, template, conflicts, create_us, update_us";

}  // namespace

absl::Status Insert(storage::Database& db, const Series& series) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("INSERT INTO series (", kColumns,
                                              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")));
  s.BindAll(series.id, series.listing_id, series.owner_organization_id, series.organization_id,
            series.created_by_person_id, static_cast<int>(series.mode),
            row_json::Recurrence(series.recurrence), row_json::Template(series.request),
            row_json::Conflicts(series.conflicts), absl::ToUnixMicros(series.create_time),
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
  LP_RETURN_IF_ERROR(row_json::ReadSeriesDocuments(s.Text(6), s.Text(7), s.Text(8), series));
  series.create_time = absl::FromUnixMicros(s.Int(9));
  series.update_time = absl::FromUnixMicros(s.Int(10));
  return series;
}

absl::Status Update(storage::Database& db, const Series& series) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare("UPDATE series SET recurrence = ?2, template = ?3, conflicts = ?4,"
                                 " update_us = ?5 WHERE id = ?1"));
  s.BindAll(series.id, row_json::Recurrence(series.recurrence), row_json::Template(series.request),
            row_json::Conflicts(series.conflicts), absl::ToUnixMicros(series.update_time));
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
