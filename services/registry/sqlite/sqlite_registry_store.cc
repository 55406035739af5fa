#include "services/registry/sqlite/sqlite_registry_store.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "services/common/status_macros.h"
#include "services/registry/sqlite/sqlite_registry_transaction.h"

namespace leerpool::registry {
absl::StatusOr<std::unique_ptr<storage::Database>> OpenRegistryDatabase(
    const storage::Options& options) {
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> db, storage::Database::Open(options));
  LP_RETURN_IF_ERROR(db->Migrate(SqliteMigrations()));
  return db;
}

absl::Status SqliteRegistryStore::Transact(
    absl::FunctionRef<absl::Status(RegistryTransaction&)> work) {
  return Run(/*read_only=*/false, work);
}

absl::Status SqliteRegistryStore::Read(absl::FunctionRef<absl::Status(RegistryTransaction&)> work) {
  return Run(/*read_only=*/true, work);
}

absl::Status SqliteRegistryStore::Run(bool read_only,
                                      absl::FunctionRef<absl::Status(RegistryTransaction&)> work) {
  return runner_.Run(read_only, [&] {
    sqlite_internal::SqliteRegistryTransaction tx(db_, read_only);
    return work(tx);
  });
}

namespace sqlite_internal {
namespace {

constexpr char kOrganizationColumns[] =
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
  organization.create_time = FromMicros(row.Int(14));
  organization.update_time = FromMicros(row.Int(15));
  return organization;
}

// Binds the 15 stored fields after the id, starting at parameter `first`.
void BindOrganizationFields(storage::Statement& statement, int first,
                            const Organization& organization) {
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
      .Bind(first + 13, Micros(organization.create_time))
      .Bind(first + 14, Micros(organization.update_time));
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

constexpr char kNetworkColumns[] =
    "id, name, description, kind, owner_organization_id, member_count, create_time_us";

Network ReadNetwork(const storage::Statement& row) {
  Network network;
  network.id = row.Text(0);
  network.name = row.Text(1);
  network.description = row.Text(2);
  network.kind = static_cast<NetworkKind>(row.Int(3));
  network.owner_organization_id = row.Text(4);
  network.member_count = static_cast<int>(row.Int(5));
  network.create_time = FromMicros(row.Int(6));
  return network;
}

constexpr char kNetworkMemberSelect[] =
    "SELECT m.network_id, m.organization_id, o.name, o.country, m.add_time_us"
    " FROM network_members m JOIN organizations o ON o.id = m.organization_id";

NetworkMember ReadNetworkMember(const storage::Statement& row) {
  NetworkMember member;
  member.network_id = row.Text(0);
  member.organization_id = row.Text(1);
  member.organization_name = row.Text(2);
  member.country = row.Text(3);
  member.add_time = FromMicros(row.Int(4));
  return member;
}

}  // namespace

void BindCursor(storage::Statement& statement, int first,
                const std::optional<KeysetCursor>& after) {
  if (after) {
    statement.Bind(first, after->sort_key).Bind(first + 1, after->id);
  } else {
    statement.BindNull(first).BindNull(first + 1);
  }
}

std::optional<int64_t> OptionalMicros(const std::optional<absl::Time>& time) {
  if (!time) return std::nullopt;
  return Micros(*time);
}

std::optional<absl::Time> OptionalTime(const storage::Statement& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return FromMicros(row.Int(column));
}

int64_t RolesMask(const std::set<Role>& roles) {
  int64_t mask = 0;
  for (Role role : roles) mask |= int64_t{1} << static_cast<int>(role);
  return mask;
}

std::set<Role> RolesFromMask(int64_t mask) {
  std::set<Role> roles;
  for (Role role : {Role::kOrgAdmin, Role::kCoordinator, Role::kInstructor, Role::kAnalyst}) {
    if (mask & (int64_t{1} << static_cast<int>(role))) roles.insert(role);
  }
  return roles;
}

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay DayFromText(const std::string& text) {
  absl::CivilDay day;
  // The schema's CHECK admits only this shape, so parsing cannot fail on stored rows.
  (void)absl::ParseCivilTime(text, &day);
  return day;
}

absl::StatusOr<storage::Statement> SqliteRegistryTransaction::Change(std::string_view sql) {
  if (read_only_) {
    return absl::InternalError("registry store: a write inside a read-only transaction");
  }
  return db_.Prepare(sql);
}

absl::Status SqliteRegistryTransaction::RunChangingOne(storage::Statement& statement,
                                                       std::string_view what) {
  LP_RETURN_IF_ERROR(statement.Run());
  if (db_.Changes() == 0) {
    return absl::NotFoundError(
        absl::StrCat(absl::string_view(what.data(), what.size()), " not found"));
  }
  return absl::OkStatus();
}

// ---- Organisations

absl::StatusOr<Organization> SqliteRegistryTransaction::GetOrganization(const std::string& id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      Query(absl::StrCat("SELECT ", kOrganizationColumns, " FROM organizations WHERE id = ?1")));
  select.Bind(1, id);
  LP_ASSIGN_OR_RETURN(std::optional<Organization> found,
                      First<Organization>(select, ReadOrganization));
  if (!found) return absl::NotFoundError(absl::StrCat("organization ", id, " not found"));
  return *std::move(found);
}

absl::Status SqliteRegistryTransaction::InsertOrganization(const Organization& organization) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement insert,
      Change(absl::StrCat("INSERT INTO organizations (", kOrganizationColumns,
                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                          "?15, ?16)")));
  insert.Bind(1, organization.id);
  BindOrganizationFields(insert, 2, organization);
  return insert.Run();
}

absl::Status SqliteRegistryTransaction::UpdateOrganization(const Organization& organization) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement update,
      Change("UPDATE organizations SET name = ?2, kind = ?3, country = ?4, region = ?5, "
             "street = ?6, postal_code = ?7, locality = ?8, address_country = ?9, "
             "latitude = ?10, longitude = ?11, education_tracks = ?12, status = ?13, "
             "time_zone = ?14, create_time_us = ?15, update_time_us = ?16 WHERE id = ?1"));
  update.Bind(1, organization.id);
  BindOrganizationFields(update, 2, organization);
  return RunChangingOne(update, absl::StrCat("organization ", organization.id));
}

absl::StatusOr<std::vector<Organization>> SqliteRegistryTransaction::ListOrganizations(
    const OrganizationFilter& filter, const std::optional<KeysetCursor>& after, int limit) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      Query(absl::StrCat("SELECT ", kOrganizationColumns,
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
  BindCursor(select, 5, after);
  return Collect<Organization>(select, ReadOrganization);
}

// ---- Networks

absl::StatusOr<Network> SqliteRegistryTransaction::GetNetwork(const std::string& id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      Query(absl::StrCat("SELECT ", kNetworkColumns, " FROM networks WHERE id = ?1")));
  select.Bind(1, id);
  LP_ASSIGN_OR_RETURN(std::optional<Network> found, First<Network>(select, ReadNetwork));
  if (!found) return absl::NotFoundError(absl::StrCat("network ", id, " not found"));
  return *std::move(found);
}

absl::Status SqliteRegistryTransaction::InsertNetwork(const Network& network) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change(absl::StrCat("INSERT INTO networks (", kNetworkColumns,
                                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")));
  insert.BindAll(network.id, network.name, network.description, static_cast<int>(network.kind),
                 network.owner_organization_id, network.member_count, Micros(network.create_time));
  return insert.Run();
}

absl::Status SqliteRegistryTransaction::UpdateNetwork(const Network& network) {
  LP_ASSIGN_OR_RETURN(storage::Statement update,
                      Change("UPDATE networks SET name = ?2, description = ?3, kind = ?4, "
                             "owner_organization_id = ?5, member_count = ?6, create_time_us = ?7 "
                             "WHERE id = ?1"));
  update.BindAll(network.id, network.name, network.description, static_cast<int>(network.kind),
                 network.owner_organization_id, network.member_count, Micros(network.create_time));
  return RunChangingOne(update, absl::StrCat("network ", network.id));
}

absl::StatusOr<std::vector<Network>> SqliteRegistryTransaction::ListNetworks(
    const NetworkFilter& filter, const std::optional<KeysetCursor>& after, int limit) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      Query(absl::StrCat("SELECT ", kNetworkColumns,
                         " FROM networks n"
                         " WHERE (?1 = '' OR EXISTS (SELECT 1 FROM network_members m"
                         "        WHERE m.network_id = n.id AND m.organization_id = ?1))"
                         "   AND (?2 IS NULL OR (name, id) > (?2, ?3))"
                         " ORDER BY name, id LIMIT ?4")));
  select.Bind(1, filter.member_organization_id).Bind(4, limit);
  BindCursor(select, 2, after);
  return Collect<Network>(select, ReadNetwork);
}

absl::StatusOr<std::optional<NetworkMember>> SqliteRegistryTransaction::FindNetworkMember(
    const std::string& network_id, const std::string& organization_id) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query(absl::StrCat(kNetworkMemberSelect,
                                         " WHERE m.network_id = ?1 AND m.organization_id = ?2")));
  select.BindAll(network_id, organization_id);
  return First<NetworkMember>(select, ReadNetworkMember);
}

absl::Status SqliteRegistryTransaction::InsertNetworkMember(const NetworkMember& member) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change("INSERT INTO network_members (network_id, organization_id, "
                             "add_time_us) VALUES (?1, ?2, ?3)"));
  insert.BindAll(member.network_id, member.organization_id, Micros(member.add_time));
  return insert.Run();
}

absl::Status SqliteRegistryTransaction::DeleteNetworkMember(const std::string& network_id,
                                                            const std::string& organization_id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement remove,
      Change("DELETE FROM network_members WHERE network_id = ?1 AND organization_id = ?2"));
  remove.BindAll(network_id, organization_id);
  return RunChangingOne(remove,
                        absl::StrCat("member ", organization_id, " of network ", network_id));
}

absl::StatusOr<std::vector<NetworkMember>> SqliteRegistryTransaction::ListNetworkMembers(
    const std::string& network_id, const std::optional<KeysetCursor>& after, int limit) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query(absl::StrCat(kNetworkMemberSelect,
                                         " WHERE m.network_id = ?1"
                                         "   AND (?2 IS NULL OR (o.name, o.id) > (?2, ?3))"
                                         " ORDER BY o.name, o.id LIMIT ?4")));
  select.Bind(1, network_id).Bind(4, limit);
  BindCursor(select, 2, after);
  return Collect<NetworkMember>(select, ReadNetworkMember);
}

}  // namespace sqlite_internal
}  // namespace leerpool::registry
