#ifndef LEERPOOL_SERVICES_REGISTRY_POSTGRES_PG_REGISTRY_TRANSACTION_H_
#define LEERPOOL_SERVICES_REGISTRY_POSTGRES_PG_REGISTRY_TRANSACTION_H_

// The RegistryTransaction of PgRegistryStore; internal to postgres/. Its methods are split over
// pg_*.cc by area, as on the SQLite side. Every statement is constant SQL with bound parameters
// ($1, $2, ...); the rows read are the ones SQLite's store reads, converted the same way.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/status_macros.h"
#include "services/registry/core/registry_store.h"
#include "storage/postgres.h"

namespace leerpool::registry::pg_internal {

// Times are stored as microseconds since the Unix epoch (UTC), as on SQLite.
inline int64_t Micros(absl::Time time) { return absl::ToUnixMicros(time); }
inline absl::Time FromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }
std::optional<int64_t> OptionalMicros(const std::optional<absl::Time>& time);
std::optional<absl::Time> OptionalTime(const storage::pg::Result& rows, int row, int column);

int64_t RolesMask(const std::set<Role>& roles);
std::set<Role> RolesFromMask(int64_t mask);

// Calendar days as ISO text, "2026-01-31".
std::string DayText(absl::CivilDay day);
absl::CivilDay DayFromText(const std::string& text);

// Adds a keyset cursor as two parameters, NULL when there is none.
void AddCursor(storage::pg::Params& params, const std::optional<KeysetCursor>& after);

// Every row, each turned into a T with `read(rows, row)`.
template <typename T, typename ReadRow>
std::vector<T> Collect(const storage::pg::Result& rows, ReadRow read) {
  std::vector<T> all;
  all.reserve(static_cast<size_t>(rows.size()));
  for (int row = 0; row < rows.size(); ++row) all.push_back(read(rows, row));
  return all;
}

// The first row as a T, or nothing.
template <typename T, typename ReadRow>
std::optional<T> First(const storage::pg::Result& rows, ReadRow read) {
  if (rows.empty()) return std::nullopt;
  return std::optional<T>(read(rows, 0));
}

class PgRegistryTransaction : public RegistryTransaction {
 public:
  PgRegistryTransaction(storage::pg::Connection& connection, bool read_only)
      : connection_(connection), read_only_(read_only) {}

  absl::StatusOr<Organization> GetOrganization(const std::string& id) override;
  absl::Status InsertOrganization(const Organization& organization) override;
  absl::Status UpdateOrganization(const Organization& organization) override;
  absl::StatusOr<std::vector<Organization>> ListOrganizations(
      const OrganizationFilter& filter, const std::optional<KeysetCursor>& after,
      int limit) override;

  absl::StatusOr<Network> GetNetwork(const std::string& id) override;
  absl::Status InsertNetwork(const Network& network) override;
  absl::Status UpdateNetwork(const Network& network) override;
  absl::StatusOr<std::vector<Network>> ListNetworks(const NetworkFilter& filter,
                                                    const std::optional<KeysetCursor>& after,
                                                    int limit) override;
  absl::StatusOr<std::optional<NetworkMember>> FindNetworkMember(
      const std::string& network_id, const std::string& organization_id) override;
  absl::Status InsertNetworkMember(const NetworkMember& member) override;
  absl::Status DeleteNetworkMember(const std::string& network_id,
                                   const std::string& organization_id) override;
  absl::StatusOr<std::vector<NetworkMember>> ListNetworkMembers(
      const std::string& network_id, const std::optional<KeysetCursor>& after, int limit) override;

  absl::StatusOr<Person> GetPerson(const std::string& id) override;
  absl::StatusOr<std::optional<Person>> FindPersonByEmail(const std::string& email) override;
  absl::Status InsertPerson(const Person& person, const std::string& password_hash) override;
  absl::StatusOr<std::string> GetPasswordHash(const std::string& person_id) override;

  absl::StatusOr<std::optional<Membership>> FindMembership(const std::string& organization_id,
                                                           const std::string& person_id) override;
  absl::Status InsertMembership(const Membership& membership) override;
  absl::Status UpdateMembershipRoles(const std::string& organization_id,
                                     const std::string& person_id,
                                     const std::set<Role>& roles) override;
  absl::Status DeleteMembership(const std::string& organization_id,
                                const std::string& person_id) override;
  absl::StatusOr<std::vector<Membership>> ListMembershipsOfPerson(
      const std::string& person_id) override;
  absl::StatusOr<std::vector<Member>> ListMembers(const std::string& organization_id,
                                                  const std::optional<KeysetCursor>& after,
                                                  int limit) override;
  absl::StatusOr<int> CountMembersWithRole(const std::string& organization_id, Role role) override;

  absl::Status InsertInvitation(const Invitation& invitation) override;
  absl::StatusOr<std::optional<Invitation>> FindInvitationByTokenHash(
      const std::string& token_hash) override;
  absl::Status MarkInvitationAccepted(const std::string& id, const std::string& person_id,
                                      absl::Time accept_time) override;

  absl::StatusOr<QualificationType> GetQualificationType(const std::string& id) override;
  absl::StatusOr<std::optional<QualificationType>> FindQualificationTypeByCode(
      const std::string& issuer_organization_id, const std::string& code) override;
  absl::Status InsertQualificationType(const QualificationType& type) override;
  absl::StatusOr<std::vector<QualificationType>> ListQualificationTypes(
      const std::string& issuer_organization_id, const std::optional<KeysetCursor>& after,
      int limit) override;
  absl::StatusOr<Qualification> GetQualification(const std::string& id) override;
  absl::Status InsertQualification(const Qualification& qualification) override;
  absl::Status MarkQualificationRevoked(const std::string& id, const std::string& reason,
                                        absl::Time revoke_time) override;
  absl::StatusOr<std::vector<Qualification>> ListQualificationsOfPerson(
      const std::string& person_id) override;

  absl::Status InsertSession(const SessionRecord& session) override;
  absl::StatusOr<SessionRecord> GetSession(const std::string& id) override;
  absl::Status MarkSessionRevoked(const std::string& id, absl::Time revoke_time) override;
  absl::Status InsertRefreshToken(const RefreshTokenRecord& token) override;
  absl::StatusOr<std::optional<RefreshTokenRecord>> FindRefreshToken(
      const std::string& token_hash) override;
  absl::Status MarkRefreshTokenUsed(const std::string& token_hash, absl::Time use_time) override;
  absl::Status DeleteRefreshTokensExpiredBefore(absl::Time time) override;

  absl::Status InsertRevocation(const Revocation& revocation) override;
  absl::StatusOr<std::vector<Revocation>> ListRevocationsSince(absl::Time since) override;
  absl::Status DeleteRevocationsExpiredBefore(absl::Time time) override;

  absl::Status InsertApiKey(const ApiKey& key, const std::string& secret_hash) override;
  absl::StatusOr<ApiKey> GetApiKey(const std::string& id) override;
  absl::StatusOr<std::string> GetApiKeySecretHash(const std::string& id) override;
  absl::StatusOr<std::vector<ApiKey>> ListApiKeys(const std::string& organization_id) override;
  absl::Status MarkApiKeyRevoked(const std::string& id, absl::Time revoke_time) override;
  absl::Status RecordApiKeyUse(const std::string& id, absl::Time use_time) override;

  absl::Status InsertSigningKey(const StoredSigningKey& key) override;
  absl::StatusOr<std::vector<StoredSigningKey>> ListActiveSigningKeys() override;

  absl::Status InsertLoginFailure(const LoginFailure& failure) override;
  absl::Status DeleteLoginFailure(const std::string& id) override;
  absl::StatusOr<std::vector<absl::Time>> LoginFailureTimesForEmail(const std::string& email,
                                                                    absl::Time since) override;
  absl::StatusOr<std::vector<absl::Time>> LoginFailureTimesForAddress(
      const std::string& remote_address, absl::Time since) override;
  absl::Status DeleteLoginFailuresBefore(absl::Time time) override;

  absl::Status InsertAuditEvent(const AuditEvent& event) override;
  absl::StatusOr<std::vector<AuditEvent>> ListAuditEvents(const std::string& organization_id,
                                                          const std::optional<AuditCursor>& before,
                                                          int limit) override;

 private:
  // A statement that reads.
  absl::StatusOr<storage::pg::Result> Query(std::string_view sql,
                                            const storage::pg::Params& params = {}) {
    return connection_.Exec(sql, params);
  }
  // A statement that writes; INTERNAL inside a read-only transaction (before PostgreSQL would
  // say so itself, with the same code SQLite's store gives).
  absl::StatusOr<storage::pg::Result> Change(std::string_view sql,
                                             const storage::pg::Params& params);
  // Runs an UPDATE/DELETE and turns "no row changed" into NOT_FOUND naming `what`.
  absl::Status ChangeOne(std::string_view sql, const storage::pg::Params& params,
                         std::string_view what);

  storage::pg::Connection& connection_;
  const bool read_only_;
};

}  // namespace leerpool::registry::pg_internal

#endif  // LEERPOOL_SERVICES_REGISTRY_POSTGRES_PG_REGISTRY_TRANSACTION_H_
