#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_STORE_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_STORE_H_

// The registry's one way to its stored state. The core states what it needs here; sqlite/ and
// postgres/ implement it, so nothing in this file may assume a particular database: no SQL, no
// row ids, no engine-specific error texts.
//
// Every read and write happens inside a unit of work (RegistryStore::Transact), so a rule such
// as "not the last organisation admin" is checked and acted on atomically, and a failure
// anywhere in an operation leaves nothing half-written -- including its audit event.

#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/registry/core/audit.h"
#include "services/registry/core/credentials.h"
#include "services/registry/core/network.h"
#include "services/registry/core/organization.h"
#include "services/registry/core/people.h"
#include "services/registry/core/qualification.h"

namespace leerpool::registry {

// Where a page of a listing ordered by (sort_key, id) starts: strictly after this pair. The
// sort key is the listing's natural order (a name, an email, a code).
struct KeysetCursor {
  std::string sort_key;
  std::string id;
};
using OrganizationCursor = KeysetCursor;

// Audit events are listed newest first; a page starts strictly before this (time, id).
struct AuditCursor {
  absl::Time time;
  std::string id;
};

struct NetworkFilter {
  // Only networks this organisation belongs to; every network when empty.
  std::string member_organization_id;
};

// Reads and writes inside one transaction. Reads see a consistent snapshot that includes the
// transaction's own writes. Methods fail with:
//   NOT_FOUND       Get*/Update*/Delete*/Mark* when the row does not exist;
//   ALREADY_EXISTS  Insert* when the key (or a unique value such as an email) is taken;
//   UNAVAILABLE     the database is busy; INTERNAL anything else.
// After any failed call the caller must abandon the transaction (return the error).
class RegistryTransaction {
 public:
  virtual ~RegistryTransaction() = default;

  // ---- Organisations
  virtual absl::StatusOr<Organization> GetOrganization(const std::string& id) = 0;
  virtual absl::Status InsertOrganization(const Organization& organization) = 0;
  // Replaces every stored field of the organisation with the same id.
  virtual absl::Status UpdateOrganization(const Organization& organization) = 0;
  // Up to `limit` organisations matching `filter` (name_contains: case-insensitive literal
  // substring), ordered by (name, id), after `after`.
  virtual absl::StatusOr<std::vector<Organization>> ListOrganizations(
      const OrganizationFilter& filter, const std::optional<KeysetCursor>& after, int limit) = 0;

  // ---- Networks
  virtual absl::StatusOr<Network> GetNetwork(const std::string& id) = 0;
  virtual absl::Status InsertNetwork(const Network& network) = 0;
  virtual absl::Status UpdateNetwork(const Network& network) = 0;
  // Ordered by (name, id).
  virtual absl::StatusOr<std::vector<Network>> ListNetworks(
      const NetworkFilter& filter, const std::optional<KeysetCursor>& after, int limit) = 0;
  virtual absl::StatusOr<std::optional<NetworkMember>> FindNetworkMember(
      const std::string& network_id, const std::string& organization_id) = 0;
  virtual absl::Status InsertNetworkMember(const NetworkMember& member) = 0;
  virtual absl::Status DeleteNetworkMember(const std::string& network_id,
                                           const std::string& organization_id) = 0;
  // Ordered by (organisation name, organisation id), names and countries filled in.
  virtual absl::StatusOr<std::vector<NetworkMember>> ListNetworkMembers(
      const std::string& network_id, const std::optional<KeysetCursor>& after, int limit) = 0;

  // ---- People. The password hash travels only through InsertPerson and GetPasswordHash.
  virtual absl::StatusOr<Person> GetPerson(const std::string& id) = 0;
  // `email` is compared exactly; callers pass it normalised.
  virtual absl::StatusOr<std::optional<Person>> FindPersonByEmail(const std::string& email) = 0;
  virtual absl::Status InsertPerson(const Person& person, const std::string& password_hash) = 0;
  virtual absl::StatusOr<std::string> GetPasswordHash(const std::string& person_id) = 0;

  // ---- Memberships
  virtual absl::StatusOr<std::optional<Membership>> FindMembership(
      const std::string& organization_id, const std::string& person_id) = 0;
  virtual absl::Status InsertMembership(const Membership& membership) = 0;
  virtual absl::Status UpdateMembershipRoles(const std::string& organization_id,
                                             const std::string& person_id,
                                             const std::set<Role>& roles) = 0;
  virtual absl::Status DeleteMembership(const std::string& organization_id,
                                        const std::string& person_id) = 0;
  // Every membership of a person, organisation names filled in, ordered by organisation id.
  virtual absl::StatusOr<std::vector<Membership>> ListMembershipsOfPerson(
      const std::string& person_id) = 0;
  // Ordered by (email, person id).
  virtual absl::StatusOr<std::vector<Member>> ListMembers(const std::string& organization_id,
                                                          const std::optional<KeysetCursor>& after,
                                                          int limit) = 0;
  virtual absl::StatusOr<int> CountMembersWithRole(const std::string& organization_id,
                                                   Role role) = 0;

  // ---- Invitations (found by the hash of their token, never by the token)
  virtual absl::Status InsertInvitation(const Invitation& invitation) = 0;
  virtual absl::StatusOr<std::optional<Invitation>> FindInvitationByTokenHash(
      const std::string& token_hash) = 0;
  virtual absl::Status MarkInvitationAccepted(const std::string& id, const std::string& person_id,
                                              absl::Time accept_time) = 0;

  // ---- Qualifications
  virtual absl::StatusOr<QualificationType> GetQualificationType(const std::string& id) = 0;
  virtual absl::StatusOr<std::optional<QualificationType>> FindQualificationTypeByCode(
      const std::string& issuer_organization_id, const std::string& code) = 0;
  virtual absl::Status InsertQualificationType(const QualificationType& type) = 0;
  // Ordered by (code, id); every issuer when `issuer_organization_id` is empty.
  virtual absl::StatusOr<std::vector<QualificationType>> ListQualificationTypes(
      const std::string& issuer_organization_id, const std::optional<KeysetCursor>& after,
      int limit) = 0;
  virtual absl::StatusOr<Qualification> GetQualification(const std::string& id) = 0;
  virtual absl::Status InsertQualification(const Qualification& qualification) = 0;
  virtual absl::Status MarkQualificationRevoked(const std::string& id, const std::string& reason,
                                                absl::Time revoke_time) = 0;
  // Every qualification of the person (revoked ones too), ordered by (issue date, id).
  virtual absl::StatusOr<std::vector<Qualification>> ListQualificationsOfPerson(
      const std::string& person_id) = 0;

  // ---- Sessions and refresh tokens
  virtual absl::Status InsertSession(const SessionRecord& session) = 0;
  virtual absl::StatusOr<SessionRecord> GetSession(const std::string& id) = 0;
  virtual absl::Status MarkSessionRevoked(const std::string& id, absl::Time revoke_time) = 0;
  virtual absl::Status InsertRefreshToken(const RefreshTokenRecord& token) = 0;
  virtual absl::StatusOr<std::optional<RefreshTokenRecord>> FindRefreshToken(
      const std::string& token_hash) = 0;
  virtual absl::Status MarkRefreshTokenUsed(const std::string& token_hash, absl::Time use_time) = 0;
  virtual absl::Status DeleteRefreshTokensExpiredBefore(absl::Time time) = 0;

  // ---- Revocations
  virtual absl::Status InsertRevocation(const Revocation& revocation) = 0;
  // Revocations with revoke_time >= since, oldest first.
  virtual absl::StatusOr<std::vector<Revocation>> ListRevocationsSince(absl::Time since) = 0;
  virtual absl::Status DeleteRevocationsExpiredBefore(absl::Time time) = 0;

  // ---- API keys. The secret hash travels only through InsertApiKey and GetApiKeySecretHash.
  virtual absl::Status InsertApiKey(const ApiKey& key, const std::string& secret_hash) = 0;
  virtual absl::StatusOr<ApiKey> GetApiKey(const std::string& id) = 0;
  virtual absl::StatusOr<std::string> GetApiKeySecretHash(const std::string& id) = 0;
  // Ordered by (create time, id).
  virtual absl::StatusOr<std::vector<ApiKey>> ListApiKeys(const std::string& organization_id) = 0;
  virtual absl::Status MarkApiKeyRevoked(const std::string& id, absl::Time revoke_time) = 0;
  virtual absl::Status RecordApiKeyUse(const std::string& id, absl::Time use_time) = 0;

  // ---- Token signing keys
  virtual absl::Status InsertSigningKey(const StoredSigningKey& key) = 0;
  // Keys that are not retired, oldest first.
  virtual absl::StatusOr<std::vector<StoredSigningKey>> ListActiveSigningKeys() = 0;

  // ---- Failed sign-ins
  virtual absl::Status InsertLoginFailure(const LoginFailure& failure) = 0;
  virtual absl::Status DeleteLoginFailure(const std::string& id) = 0;
  // Times of failures at or after `since` for the email (or address), oldest first.
  virtual absl::StatusOr<std::vector<absl::Time>> LoginFailureTimesForEmail(
      const std::string& email, absl::Time since) = 0;
  virtual absl::StatusOr<std::vector<absl::Time>> LoginFailureTimesForAddress(
      const std::string& remote_address, absl::Time since) = 0;
  virtual absl::Status DeleteLoginFailuresBefore(absl::Time time) = 0;

  // ---- Audit trail
  virtual absl::Status InsertAuditEvent(const AuditEvent& event) = 0;
  // Newest first ((time, id) descending), before `before`; every organisation when
  // `organization_id` is empty.
  virtual absl::StatusOr<std::vector<AuditEvent>> ListAuditEvents(
      const std::string& organization_id, const std::optional<AuditCursor>& before, int limit) = 0;
};

class RegistryStore {
 public:
  virtual ~RegistryStore() = default;

  // Runs `work` in one read-write transaction and commits when it returns OK; when it returns
  // an error (or a store call fails) everything it wrote is rolled back and that error is
  // returned. Transactions are serialisable: a read-modify-write inside one is atomic with
  // respect to every other transaction. Must not be called from inside `work`. A store may run
  // `work` again from the start when its transaction lost a serialisation conflict (PostgreSQL
  // does), so `work` must set, not accumulate, whatever it leaves outside the transaction.
  virtual absl::Status Transact(absl::FunctionRef<absl::Status(RegistryTransaction&)> work) = 0;

  // Runs `work` on a consistent read-only snapshot; writes inside it fail with INTERNAL.
  virtual absl::Status Read(absl::FunctionRef<absl::Status(RegistryTransaction&)> work) = 0;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_STORE_H_
