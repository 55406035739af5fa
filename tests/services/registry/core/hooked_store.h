#ifndef LEERPOOL_TESTS_SERVICES_REGISTRY_CORE_HOOKED_STORE_H_
#define LEERPOOL_TESTS_SERVICES_REGISTRY_CORE_HOOKED_STORE_H_

// A RegistryStore that forwards to another one and calls a hook before every transaction
// method, named: tests use it to fail a chosen store call (is anything left half-written?) or
// to run something between an operation's read and its write (is the read-modify-write
// atomic?). One forwarding method per RegistryTransaction method: a method added there and not
// here makes HookedTransaction abstract, so the tests stop compiling until it is added.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "services/common/status_macros.h"
#include "services/registry/core/registry_store.h"

namespace leerpool::registry::testing {

using StoreHook = std::function<absl::Status(std::string_view method)>;

class HookedTransaction : public RegistryTransaction {
 public:
  HookedTransaction(RegistryTransaction& inner, const StoreHook& hook)
      : inner_(inner), hook_(hook) {}

  absl::StatusOr<Organization> GetOrganization(const std::string& id) override {
    LP_RETURN_IF_ERROR(Before("GetOrganization"));
    return inner_.GetOrganization(id);
  }

  absl::Status InsertOrganization(const Organization& organization) override {
    LP_RETURN_IF_ERROR(Before("InsertOrganization"));
    return inner_.InsertOrganization(organization);
  }

  absl::Status UpdateOrganization(const Organization& organization) override {
    LP_RETURN_IF_ERROR(Before("UpdateOrganization"));
    return inner_.UpdateOrganization(organization);
  }

  absl::StatusOr<std::vector<Organization>> ListOrganizations(
      const OrganizationFilter& filter, const std::optional<KeysetCursor>& after,
      int limit) override {
    LP_RETURN_IF_ERROR(Before("ListOrganizations"));
    return inner_.ListOrganizations(filter, after, limit);
  }

  absl::StatusOr<Network> GetNetwork(const std::string& id) override {
    LP_RETURN_IF_ERROR(Before("GetNetwork"));
    return inner_.GetNetwork(id);
  }

  absl::Status InsertNetwork(const Network& network) override {
    LP_RETURN_IF_ERROR(Before("InsertNetwork"));
    return inner_.InsertNetwork(network);
  }

  absl::Status UpdateNetwork(const Network& network) override {
    LP_RETURN_IF_ERROR(Before("UpdateNetwork"));
    return inner_.UpdateNetwork(network);
  }

  absl::StatusOr<std::vector<Network>> ListNetworks(const NetworkFilter& filter,
                                                    const std::optional<KeysetCursor>& after,
                                                    int limit) override {
    LP_RETURN_IF_ERROR(Before("ListNetworks"));
    return inner_.ListNetworks(filter, after, limit);
  }

  absl::StatusOr<std::optional<NetworkMember>> FindNetworkMember(
      const std::string& network_id, const std::string& organization_id) override {
    LP_RETURN_IF_ERROR(Before("FindNetworkMember"));
    return inner_.FindNetworkMember(network_id, organization_id);
  }

  absl::Status InsertNetworkMember(const NetworkMember& member) override {
    LP_RETURN_IF_ERROR(Before("InsertNetworkMember"));
    return inner_.InsertNetworkMember(member);
  }

  absl::Status DeleteNetworkMember(const std::string& network_id,
                                   const std::string& organization_id) override {
    LP_RETURN_IF_ERROR(Before("DeleteNetworkMember"));
    return inner_.DeleteNetworkMember(network_id, organization_id);
  }

  absl::StatusOr<std::vector<NetworkMember>> ListNetworkMembers(
      const std::string& network_id, const std::optional<KeysetCursor>& after, int limit) override {
    LP_RETURN_IF_ERROR(Before("ListNetworkMembers"));
    return inner_.ListNetworkMembers(network_id, after, limit);
  }

  absl::StatusOr<Person> GetPerson(const std::string& id) override {
    LP_RETURN_IF_ERROR(Before("GetPerson"));
    return inner_.GetPerson(id);
  }

  absl::StatusOr<std::optional<Person>> FindPersonByEmail(const std::string& email) override {
    LP_RETURN_IF_ERROR(Before("FindPersonByEmail"));
    return inner_.FindPersonByEmail(email);
  }

  absl::Status InsertPerson(const Person& person, const std::string& password_hash) override {
    LP_RETURN_IF_ERROR(Before("InsertPerson"));
    return inner_.InsertPerson(person, password_hash);
  }

  absl::StatusOr<std::string> GetPasswordHash(const std::string& person_id) override {
    LP_RETURN_IF_ERROR(Before("GetPasswordHash"));
    return inner_.GetPasswordHash(person_id);
  }

  absl::StatusOr<std::optional<Membership>> FindMembership(const std::string& organization_id,
                                                           const std::string& person_id) override {
    LP_RETURN_IF_ERROR(Before("FindMembership"));
    return inner_.FindMembership(organization_id, person_id);
  }

  absl::Status InsertMembership(const Membership& membership) override {
    LP_RETURN_IF_ERROR(Before("InsertMembership"));
    return inner_.InsertMembership(membership);
  }

  absl::Status UpdateMembershipRoles(const std::string& organization_id,
                                     const std::string& person_id,
                                     const std::set<Role>& roles) override {
    LP_RETURN_IF_ERROR(Before("UpdateMembershipRoles"));
    return inner_.UpdateMembershipRoles(organization_id, person_id, roles);
  }

  absl::Status DeleteMembership(const std::string& organization_id,
                                const std::string& person_id) override {
    LP_RETURN_IF_ERROR(Before("DeleteMembership"));
    return inner_.DeleteMembership(organization_id, person_id);
  }

  absl::StatusOr<std::vector<Membership>> ListMembershipsOfPerson(
      const std::string& person_id) override {
    LP_RETURN_IF_ERROR(Before("ListMembershipsOfPerson"));
    return inner_.ListMembershipsOfPerson(person_id);
  }

  absl::StatusOr<std::vector<Member>> ListMembers(const std::string& organization_id,
                                                  const std::optional<KeysetCursor>& after,
                                                  int limit) override {
    LP_RETURN_IF_ERROR(Before("ListMembers"));
    return inner_.ListMembers(organization_id, after, limit);
  }

  absl::StatusOr<int> CountMembersWithRole(const std::string& organization_id, Role role) override {
    LP_RETURN_IF_ERROR(Before("CountMembersWithRole"));
    return inner_.CountMembersWithRole(organization_id, role);
  }

  absl::Status InsertInvitation(const Invitation& invitation) override {
    LP_RETURN_IF_ERROR(Before("InsertInvitation"));
    return inner_.InsertInvitation(invitation);
  }

  absl::StatusOr<std::optional<Invitation>> FindInvitationByTokenHash(
      const std::string& token_hash) override {
    LP_RETURN_IF_ERROR(Before("FindInvitationByTokenHash"));
    return inner_.FindInvitationByTokenHash(token_hash);
  }

  absl::Status MarkInvitationAccepted(const std::string& id, const std::string& person_id,
                                      absl::Time accept_time) override {
    LP_RETURN_IF_ERROR(Before("MarkInvitationAccepted"));
    return inner_.MarkInvitationAccepted(id, person_id, accept_time);
  }

  absl::StatusOr<QualificationType> GetQualificationType(const std::string& id) override {
    LP_RETURN_IF_ERROR(Before("GetQualificationType"));
    return inner_.GetQualificationType(id);
  }

  absl::StatusOr<std::optional<QualificationType>> FindQualificationTypeByCode(
      const std::string& issuer_organization_id, const std::string& code) override {
    LP_RETURN_IF_ERROR(Before("FindQualificationTypeByCode"));
    return inner_.FindQualificationTypeByCode(issuer_organization_id, code);
  }

  absl::Status InsertQualificationType(const QualificationType& type) override {
    LP_RETURN_IF_ERROR(Before("InsertQualificationType"));
    return inner_.InsertQualificationType(type);
  }

  absl::StatusOr<std::vector<QualificationType>> ListQualificationTypes(
      const std::string& issuer_organization_id, const std::optional<KeysetCursor>& after,
      int limit) override {
    LP_RETURN_IF_ERROR(Before("ListQualificationTypes"));
    return inner_.ListQualificationTypes(issuer_organization_id, after, limit);
  }

  absl::StatusOr<Qualification> GetQualification(const std::string& id) override {
    LP_RETURN_IF_ERROR(Before("GetQualification"));
    return inner_.GetQualification(id);
  }

  absl::Status InsertQualification(const Qualification& qualification) override {
    LP_RETURN_IF_ERROR(Before("InsertQualification"));
    return inner_.InsertQualification(qualification);
  }

  absl::Status MarkQualificationRevoked(const std::string& id, const std::string& reason,
                                        absl::Time revoke_time) override {
    LP_RETURN_IF_ERROR(Before("MarkQualificationRevoked"));
    return inner_.MarkQualificationRevoked(id, reason, revoke_time);
  }

  absl::StatusOr<std::vector<Qualification>> ListQualificationsOfPerson(
      const std::string& person_id) override {
    LP_RETURN_IF_ERROR(Before("ListQualificationsOfPerson"));
    return inner_.ListQualificationsOfPerson(person_id);
  }

  absl::Status InsertSession(const SessionRecord& session) override {
    LP_RETURN_IF_ERROR(Before("InsertSession"));
    return inner_.InsertSession(session);
  }

  absl::StatusOr<SessionRecord> GetSession(const std::string& id) override {
    LP_RETURN_IF_ERROR(Before("GetSession"));
    return inner_.GetSession(id);
  }

  absl::Status MarkSessionRevoked(const std::string& id, absl::Time revoke_time) override {
    LP_RETURN_IF_ERROR(Before("MarkSessionRevoked"));
    return inner_.MarkSessionRevoked(id, revoke_time);
  }

  absl::Status InsertRefreshToken(const RefreshTokenRecord& token) override {
    LP_RETURN_IF_ERROR(Before("InsertRefreshToken"));
    return inner_.InsertRefreshToken(token);
  }

  absl::StatusOr<std::optional<RefreshTokenRecord>> FindRefreshToken(
      const std::string& token_hash) override {
    LP_RETURN_IF_ERROR(Before("FindRefreshToken"));
    return inner_.FindRefreshToken(token_hash);
  }

  absl::Status MarkRefreshTokenUsed(const std::string& token_hash, absl::Time use_time) override {
    LP_RETURN_IF_ERROR(Before("MarkRefreshTokenUsed"));
    return inner_.MarkRefreshTokenUsed(token_hash, use_time);
  }

  absl::Status DeleteRefreshTokensExpiredBefore(absl::Time time) override {
    LP_RETURN_IF_ERROR(Before("DeleteRefreshTokensExpiredBefore"));
    return inner_.DeleteRefreshTokensExpiredBefore(time);
  }

  absl::Status InsertRevocation(const Revocation& revocation) override {
    LP_RETURN_IF_ERROR(Before("InsertRevocation"));
    return inner_.InsertRevocation(revocation);
  }

  absl::StatusOr<std::vector<Revocation>> ListRevocationsSince(absl::Time since) override {
    LP_RETURN_IF_ERROR(Before("ListRevocationsSince"));
    return inner_.ListRevocationsSince(since);
  }

  absl::Status DeleteRevocationsExpiredBefore(absl::Time time) override {
    LP_RETURN_IF_ERROR(Before("DeleteRevocationsExpiredBefore"));
    return inner_.DeleteRevocationsExpiredBefore(time);
  }

  absl::Status InsertApiKey(const ApiKey& key, const std::string& secret_hash) override {
    LP_RETURN_IF_ERROR(Before("InsertApiKey"));
    return inner_.InsertApiKey(key, secret_hash);
  }

  absl::StatusOr<ApiKey> GetApiKey(const std::string& id) override {
    LP_RETURN_IF_ERROR(Before("GetApiKey"));
    return inner_.GetApiKey(id);
  }

  absl::StatusOr<std::string> GetApiKeySecretHash(const std::string& id) override {
    LP_RETURN_IF_ERROR(Before("GetApiKeySecretHash"));
    return inner_.GetApiKeySecretHash(id);
  }

  absl::StatusOr<std::vector<ApiKey>> ListApiKeys(const std::string& organization_id) override {
    LP_RETURN_IF_ERROR(Before("ListApiKeys"));
    return inner_.ListApiKeys(organization_id);
  }

  absl::Status MarkApiKeyRevoked(const std::string& id, absl::Time revoke_time) override {
    LP_RETURN_IF_ERROR(Before("MarkApiKeyRevoked"));
    return inner_.MarkApiKeyRevoked(id, revoke_time);
  }

  absl::Status RecordApiKeyUse(const std::string& id, absl::Time use_time) override {
    LP_RETURN_IF_ERROR(Before("RecordApiKeyUse"));
    return inner_.RecordApiKeyUse(id, use_time);
  }

  absl::Status InsertSigningKey(const StoredSigningKey& key) override {
    LP_RETURN_IF_ERROR(Before("InsertSigningKey"));
    return inner_.InsertSigningKey(key);
  }

  absl::StatusOr<std::vector<StoredSigningKey>> ListActiveSigningKeys() override {
    LP_RETURN_IF_ERROR(Before("ListActiveSigningKeys"));
    return inner_.ListActiveSigningKeys();
  }

  absl::Status InsertLoginFailure(const LoginFailure& failure) override {
    LP_RETURN_IF_ERROR(Before("InsertLoginFailure"));
    return inner_.InsertLoginFailure(failure);
  }

  absl::Status DeleteLoginFailure(const std::string& id) override {
    LP_RETURN_IF_ERROR(Before("DeleteLoginFailure"));
    return inner_.DeleteLoginFailure(id);
  }

  absl::StatusOr<std::vector<absl::Time>> LoginFailureTimesForEmail(const std::string& email,
                                                                    absl::Time since) override {
    LP_RETURN_IF_ERROR(Before("LoginFailureTimesForEmail"));
    return inner_.LoginFailureTimesForEmail(email, since);
  }

  absl::StatusOr<std::vector<absl::Time>> LoginFailureTimesForAddress(
      const std::string& remote_address, absl::Time since) override {
    LP_RETURN_IF_ERROR(Before("LoginFailureTimesForAddress"));
    return inner_.LoginFailureTimesForAddress(remote_address, since);
  }

  absl::Status DeleteLoginFailuresBefore(absl::Time time) override {
    LP_RETURN_IF_ERROR(Before("DeleteLoginFailuresBefore"));
    return inner_.DeleteLoginFailuresBefore(time);
  }

  absl::Status InsertAuditEvent(const AuditEvent& event) override {
    LP_RETURN_IF_ERROR(Before("InsertAuditEvent"));
    return inner_.InsertAuditEvent(event);
  }

  absl::StatusOr<std::vector<AuditEvent>> ListAuditEvents(const std::string& organization_id,
                                                          const std::optional<AuditCursor>& before,
                                                          int limit) override {
    LP_RETURN_IF_ERROR(Before("ListAuditEvents"));
    return inner_.ListAuditEvents(organization_id, before, limit);
  }

 private:
  absl::Status Before(std::string_view method) { return hook_ ? hook_(method) : absl::OkStatus(); }

  RegistryTransaction& inner_;
  const StoreHook& hook_;
};

class HookedStore : public RegistryStore {
 public:
  explicit HookedStore(RegistryStore& inner) : inner_(inner) {}

  absl::Status Transact(absl::FunctionRef<absl::Status(RegistryTransaction&)> work) override {
    return inner_.Transact([&](RegistryTransaction& tx) {
      HookedTransaction hooked(tx, hook);
      return work(hooked);
    });
  }
  absl::Status Read(absl::FunctionRef<absl::Status(RegistryTransaction&)> work) override {
    return inner_.Read([&](RegistryTransaction& tx) {
      HookedTransaction hooked(tx, hook);
      return work(hooked);
    });
  }

  // Called before every transaction method; an error is returned in place of the call.
  StoreHook hook;

 private:
  RegistryStore& inner_;
};

}  // namespace leerpool::registry::testing

#endif  // LEERPOOL_TESTS_SERVICES_REGISTRY_CORE_HOOKED_STORE_H_
