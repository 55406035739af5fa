#include "services/registry/postgres/pg_registry_store.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "services/common/status_macros.h"
#include "services/registry/postgres/pg_registry_transaction.h"

namespace leerpool::registry {

using storage::pg::Params;
using storage::pg::Result;

absl::StatusOr<std::unique_ptr<storage::pg::Pool>> OpenRegistryPostgres(
    const storage::pg::Options& options) {
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::pg::Pool> pool, storage::pg::Pool::Open(options));
  {
    LP_ASSIGN_OR_RETURN(storage::pg::Pool::Lease connection, pool->Acquire());
    LP_RETURN_IF_ERROR(connection->Migrate(PostgresMigrations()));
  }
  return pool;
}

absl::Status PgRegistryStore::Transact(absl::FunctionRef<absl::Status(RegistryTransaction&)> work) {
  return Run(/*read_only=*/false, work);
}

absl::Status PgRegistryStore::Read(absl::FunctionRef<absl::Status(RegistryTransaction&)> work) {
  return Run(/*read_only=*/true, work);
}

absl::Status PgRegistryStore::Run(bool read_only,
                                  absl::FunctionRef<absl::Status(RegistryTransaction&)> work) {
  // A unit of work that starts another would take a second pooled connection and see none of
  // its caller's writes (or wait forever for a connection when the pool has one): refuse it, as
  // the SQLite store does.
  thread_local const PgRegistryStore* active = nullptr;
  if (active == this) {
    return absl::InternalError("a store transaction was started inside another");
  }
  active = this;
  struct Reset {
    ~Reset() { active = nullptr; }
  } reset;
  return runner_.Run(read_only, [&](storage::pg::Connection& connection) {
    pg_internal::PgRegistryTransaction tx(connection, read_only);
    return work(tx);
  });
}

namespace pg_internal {
namespace {

constexpr char kOrganizationColumns[] =
    "id, name, kind, country, region, street, postal_code, locality, address_country, "
    "latitude, longitude, education_tracks, status, time_zone, create_time_us, update_time_us";

Organization ReadOrganization(const Result& rows, int row) {
  Organization organization;
  organization.id = rows.Text(row, 0);
  organization.name = rows.Text(row, 1);
  organization.kind = static_cast<OrganizationKind>(rows.Int(row, 2));
  organization.country = rows.Text(row, 3);
  organization.region = rows.Text(row, 4);
  organization.address = {rows.Text(row, 5), rows.Text(row, 6), rows.Text(row, 7),
                          rows.Text(row, 8)};
  if (!rows.IsNull(row, 9)) {
    organization.location = LatLng{rows.Double(row, 9), rows.Double(row, 10)};
  }
  const std::string tracks = rows.Text(row, 11);
  if (!tracks.empty()) organization.education_tracks = absl::StrSplit(tracks, ',');
  organization.status = static_cast<OrganizationStatus>(rows.Int(row, 12));
  organization.time_zone = rows.Text(row, 13);
  organization.create_time = FromMicros(rows.Int(row, 14));
  organization.update_time = FromMicros(rows.Int(row, 15));
  return organization;
}

// The 15 stored fields after the id, in kOrganizationColumns order.
void AddOrganizationFields(Params& params, const Organization& organization) {
  params.Add(organization.name)
      .Add(static_cast<int>(organization.kind))
      .Add(organization.country)
      .Add(organization.region)
      .Add(organization.address.street)
      .Add(organization.address.postal_code)
      .Add(organization.address.locality)
      .Add(organization.address.country);
  if (organization.location) {
    params.Add(organization.location->latitude).Add(organization.location->longitude);
  } else {
    params.AddNull().AddNull();
  }
  params.Add(absl::StrJoin(organization.education_tracks, ","))
      .Add(static_cast<int>(organization.status))
      .Add(organization.time_zone)
      .Add(Micros(organization.create_time))
      .Add(Micros(organization.update_time));
}

// ILIKE treats % and _ as wildcards; a user's search text must match literally.
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

Network ReadNetwork(const Result& rows, int row) {
  Network network;
  network.id = rows.Text(row, 0);
  network.name = rows.Text(row, 1);
  network.description = rows.Text(row, 2);
  network.kind = static_cast<NetworkKind>(rows.Int(row, 3));
  network.owner_organization_id = rows.Text(row, 4);
  network.member_count = static_cast<int>(rows.Int(row, 5));
  network.create_time = FromMicros(rows.Int(row, 6));
  return network;
}

Params NetworkParams(const Network& network) {
  return Params::Of(network.id, network.name, network.description, static_cast<int>(network.kind),
                    network.owner_organization_id, network.member_count,
                    Micros(network.create_time));
}

constexpr char kNetworkMemberSelect[] =
    "SELECT m.network_id, m.organization_id, o.name, o.country, m.add_time_us"
    " FROM network_members m JOIN organizations o ON o.id = m.organization_id";

NetworkMember ReadNetworkMember(const Result& rows, int row) {
  NetworkMember member;
  member.network_id = rows.Text(row, 0);
  member.organization_id = rows.Text(row, 1);
  member.organization_name = rows.Text(row, 2);
  member.country = rows.Text(row, 3);
  member.add_time = FromMicros(rows.Int(row, 4));
  return member;
}

}  // namespace

void AddCursor(Params& params, const std::optional<KeysetCursor>& after) {
  if (after) {
    params.Add(after->sort_key).Add(after->id);
  } else {
    params.AddNull().AddNull();
  }
}

std::optional<int64_t> OptionalMicros(const std::optional<absl::Time>& time) {
  if (!time) return std::nullopt;
  return Micros(*time);
}

std::optional<absl::Time> OptionalTime(const Result& rows, int row, int column) {
  if (rows.IsNull(row, column)) return std::nullopt;
  return FromMicros(rows.Int(row, column));
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

absl::StatusOr<Result> PgRegistryTransaction::Change(std::string_view sql, const Params& params) {
  if (read_only_) {
    return absl::InternalError("registry store: a write inside a read-only transaction");
  }
  return connection_.Exec(sql, params);
}

absl::Status PgRegistryTransaction::ChangeOne(std::string_view sql, const Params& params,
                                              std::string_view what) {
  LP_ASSIGN_OR_RETURN(Result changed, Change(sql, params));
  if (changed.affected_rows() == 0) {
    return absl::NotFoundError(
        absl::StrCat(absl::string_view(what.data(), what.size()), " not found"));
  }
  return absl::OkStatus();
}

// ---- Organisations

absl::StatusOr<Organization> PgRegistryTransaction::GetOrganization(const std::string& id) {
  LP_ASSIGN_OR_RETURN(Result rows, Query(absl::StrCat("SELECT ", kOrganizationColumns,
                                                      " FROM organizations WHERE id = $1"),
                                         Params::Of(id)));
  std::optional<Organization> found = First<Organization>(rows, ReadOrganization);
  if (!found) return absl::NotFoundError(absl::StrCat("organization ", id, " not found"));
  return *std::move(found);
}

absl::Status PgRegistryTransaction::InsertOrganization(const Organization& organization) {
  Params params = Params::Of(organization.id);
  AddOrganizationFields(params, organization);
  return Change(absl::StrCat("INSERT INTO organizations (", kOrganizationColumns,
                             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                             "$14, $15, $16)"),
                params)
      .status();
}

absl::Status PgRegistryTransaction::UpdateOrganization(const Organization& organization) {
  Params params = Params::Of(organization.id);
  AddOrganizationFields(params, organization);
  return ChangeOne(
      "UPDATE organizations SET name = $2, kind = $3, country = $4, region = $5, "
      "street = $6, postal_code = $7, locality = $8, address_country = $9, "
      "latitude = $10, longitude = $11, education_tracks = $12, status = $13, "
      "time_zone = $14, create_time_us = $15, update_time_us = $16 WHERE id = $1",
      params, absl::StrCat("organization ", organization.id));
}

absl::StatusOr<std::vector<Organization>> PgRegistryTransaction::ListOrganizations(
    const OrganizationFilter& filter, const std::optional<KeysetCursor>& after, int limit) {
  Params params;
  params.Add(static_cast<int>(filter.kind))
      .Add(filter.country)
      .Add(filter.region)
      .Add(filter.name_contains.empty() ? std::string() : LikePattern(filter.name_contains));
  AddCursor(params, after);
  params.Add(limit);
  // ILIKE under the column's COLLATE "C" folds ASCII letters only, as SQLite's LIKE does.
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query(absl::StrCat("SELECT ", kOrganizationColumns,
                                         " FROM organizations"
                                         " WHERE ($1::integer = 0 OR kind = $1)"
                                         "   AND ($2::text = '' OR country = $2)"
                                         "   AND ($3::text = '' OR region = $3)"
                                         "   AND ($4::text = '' OR name ILIKE $4 ESCAPE '\\')"
                                         "   AND ($5::text IS NULL OR (name, id) > ($5, $6::text))"
                                         " ORDER BY name, id LIMIT $7"),
                            params));
  return Collect<Organization>(rows, ReadOrganization);
}

// ---- Networks

absl::StatusOr<Network> PgRegistryTransaction::GetNetwork(const std::string& id) {
  LP_ASSIGN_OR_RETURN(
      Result rows, Query(absl::StrCat("SELECT ", kNetworkColumns, " FROM networks WHERE id = $1"),
                         Params::Of(id)));
  std::optional<Network> found = First<Network>(rows, ReadNetwork);
  if (!found) return absl::NotFoundError(absl::StrCat("network ", id, " not found"));
  return *std::move(found);
}

absl::Status PgRegistryTransaction::InsertNetwork(const Network& network) {
  return Change(absl::StrCat("INSERT INTO networks (", kNetworkColumns,
                             ") VALUES ($1, $2, $3, $4, $5, $6, $7)"),
                NetworkParams(network))
      .status();
}

absl::Status PgRegistryTransaction::UpdateNetwork(const Network& network) {
  return ChangeOne(
      "UPDATE networks SET name = $2, description = $3, kind = $4, "
      "owner_organization_id = $5, member_count = $6, create_time_us = $7 WHERE id = $1",
      NetworkParams(network), absl::StrCat("network ", network.id));
}

absl::StatusOr<std::vector<Network>> PgRegistryTransaction::ListNetworks(
    const NetworkFilter& filter, const std::optional<KeysetCursor>& after, int limit) {
  Params params = Params::Of(filter.member_organization_id);
  AddCursor(params, after);
  params.Add(limit);
  LP_ASSIGN_OR_RETURN(
      Result rows,
      Query(absl::StrCat("SELECT ", kNetworkColumns,
                         " FROM networks n"
                         " WHERE ($1::text = '' OR EXISTS (SELECT 1 FROM network_members m"
                         "        WHERE m.network_id = n.id AND m.organization_id = $1))"
                         "   AND ($2::text IS NULL OR (name, id) > ($2, $3::text))"
                         " ORDER BY name, id LIMIT $4"),
            params));
  return Collect<Network>(rows, ReadNetwork);
}

absl::StatusOr<std::optional<NetworkMember>> PgRegistryTransaction::FindNetworkMember(
    const std::string& network_id, const std::string& organization_id) {
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query(absl::StrCat(kNetworkMemberSelect,
                                         " WHERE m.network_id = $1 AND m.organization_id = $2"),
                            Params::Of(network_id, organization_id)));
  return First<NetworkMember>(rows, ReadNetworkMember);
}

absl::Status PgRegistryTransaction::InsertNetworkMember(const NetworkMember& member) {
  return Change(
             "INSERT INTO network_members (network_id, organization_id, add_time_us) "
             "VALUES ($1, $2, $3)",
             Params::Of(member.network_id, member.organization_id, Micros(member.add_time)))
      .status();
}

absl::Status PgRegistryTransaction::DeleteNetworkMember(const std::string& network_id,
                                                        const std::string& organization_id) {
  return ChangeOne("DELETE FROM network_members WHERE network_id = $1 AND organization_id = $2",
                   Params::Of(network_id, organization_id),
                   absl::StrCat("member ", organization_id, " of network ", network_id));
}

absl::StatusOr<std::vector<NetworkMember>> PgRegistryTransaction::ListNetworkMembers(
    const std::string& network_id, const std::optional<KeysetCursor>& after, int limit) {
  Params params = Params::Of(network_id);
  AddCursor(params, after);
  params.Add(limit);
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query(absl::StrCat(kNetworkMemberSelect,
                                         " WHERE m.network_id = $1"
                                         "   AND ($2::text IS NULL OR (o.name, o.id) > ($2, "
                                         "$3::text))"
                                         " ORDER BY o.name, o.id LIMIT $4"),
                            params));
  return Collect<NetworkMember>(rows, ReadNetworkMember);
}

}  // namespace pg_internal
}  // namespace leerpool::registry
