#include "services/registry/sqlite/sqlite_organization_repository.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "services/common/status_macros.h"

namespace leerpool::registry {
namespace {

constexpr char kColumns[] =
    "id, name, kind, country, region, street, postal_code, locality, address_country, "
    "latitude, longitude, education_tracks, status, time_zone, create_time_us, update_time_us";

Organization ReadOrganization(const storage::Statement& row) {
  Organization organization;
  organization.id = row.Text(0);
  organization.name = row.Text(1);
  organization.kind = static_cast<OrganizationKind>(row.Int(2));
  organization.country = row.Text(3);
  organization.region = row.Text(4);
  organization.address = {row.Text(5), row.Text(6), row.Text(7), row.Text(8)};
  if (!row.IsNull(9)) organization.location = LatLng{row.Double(9), row.Double(10)};
  const std::string tracks = row.Text(11);
  if (!tracks.empty()) organization.education_tracks = absl::StrSplit(tracks, ',');
  organization.status = static_cast<OrganizationStatus>(row.Int(12));
  organization.time_zone = row.Text(13);
  organization.create_time = absl::FromUnixMicros(row.Int(14));
  organization.update_time = absl::FromUnixMicros(row.Int(15));
  return organization;
}

// Binds the 15 stored fields after the id, starting at parameter `first`.
void BindFields(storage::Statement& statement, int first, const Organization& organization) {
  statement.Bind(first, organization.name)
      .Bind(first + 1, static_cast<int>(organization.kind))
      .Bind(first + 2, organization.country)
      .Bind(first + 3, organization.region)
      .Bind(first + 4, organization.address.street)
      .Bind(first + 5, organization.address.postal_code)
      .Bind(first + 6, organization.address.locality)
      .Bind(first + 7, organization.address.country)
      .Bind(first + 10, absl::StrJoin(organization.education_tracks, ","))
      .Bind(first + 11, static_cast<int>(organization.status))
      .Bind(first + 12, organization.time_zone)
      .Bind(first + 13, absl::ToUnixMicros(organization.create_time))
      .Bind(first + 14, absl::ToUnixMicros(organization.update_time));
  if (organization.location) {
    statement.Bind(first + 8, organization.location->latitude)
        .Bind(first + 9, organization.location->longitude);
  } else {
    statement.BindNull(first + 8).BindNull(first + 9);
  }
}

// LIKE treats % and _ as wildcards; a user's search text must match literally.
std::string LikePattern(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

}  // namespace

absl::StatusOr<std::unique_ptr<storage::Database>> OpenRegistryDatabase(
    const storage::Options& options) {
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> db, storage::Database::Open(options));
  LP_RETURN_IF_ERROR(db->Migrate(SqliteMigrations()));
  return db;
}

absl::Status SqliteOrganizationRepository::Create(const Organization& organization) {
  std::lock_guard lock(mutex_);
  LP_ASSIGN_OR_RETURN(
      storage::Statement insert,
      db_.Prepare(absl::StrCat("INSERT INTO organizations (", kColumns,
                               ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                               "?13, ?14, ?15, ?16)")));
  insert.Bind(1, organization.id);
  BindFields(insert, 2, organization);
  return insert.Run();
}

absl::StatusOr<Organization> SqliteOrganizationRepository::Get(const std::string& id) {
  std::lock_guard lock(mutex_);
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      db_.Prepare(absl::StrCat("SELECT ", kColumns, " FROM organizations WHERE id = ?1")));
  select.Bind(1, id);
  LP_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return absl::NotFoundError(absl::StrCat("organization ", id, " not found"));
  return ReadOrganization(select);
}

absl::StatusOr<std::vector<Organization>> SqliteOrganizationRepository::List(
    const OrganizationFilter& filter, const std::optional<OrganizationCursor>& after, int limit) {
  std::lock_guard lock(mutex_);
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      db_.Prepare(absl::StrCat(
          "SELECT ", kColumns,
          " FROM organizations"
          " WHERE (?1 = 0 OR kind = ?1) AND (?2 = '' OR country = ?2)"
          "   AND (?3 = '' OR region = ?3)"
          "   AND (?4 = '' OR name LIKE ?4 ESCAPE '\\')"
          "   AND (?5 IS NULL OR (name, id) > (?5, ?6))"
          " ORDER BY name, id LIMIT ?7")));
  select.Bind(1, static_cast<int>(filter.kind))
      .Bind(2, filter.country)
      .Bind(3, filter.region)
      .Bind(4, filter.name_contains.empty() ? std::string() : LikePattern(filter.name_contains))
      .Bind(7, limit);
  if (after) {
    select.Bind(5, after->name).Bind(6, after->id);
  } else {
    select.BindNull(5).BindNull(6);
  }
  std::vector<Organization> organizations;
  while (true) {
    LP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) break;
    organizations.push_back(ReadOrganization(select));
  }
  return organizations;
}

absl::Status SqliteOrganizationRepository::Update(const Organization& organization) {
  std::lock_guard lock(mutex_);
  LP_ASSIGN_OR_RETURN(
      storage::Statement update,
      db_.Prepare("UPDATE organizations SET name = ?2, kind = ?3, country = ?4, region = ?5, "
                  "street = ?6, postal_code = ?7, locality = ?8, address_country = ?9, "
                  "latitude = ?10, longitude = ?11, education_tracks = ?12, status = ?13, "
                  "time_zone = ?14, create_time_us = ?15, update_time_us = ?16 WHERE id = ?1"));
  update.Bind(1, organization.id);
  BindFields(update, 2, organization);
  LP_RETURN_IF_ERROR(update.Run());
  if (db_.Changes() == 0) {
    return absl::NotFoundError(absl::StrCat("organization ", organization.id, " not found"));
  }
  return absl::OkStatus();
}

}  // namespace leerpool::registry
