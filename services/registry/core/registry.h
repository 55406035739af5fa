#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_H_

// The partner registry's rules, free of any transport: who may do what, validation,
// defaults, ids, timestamps, sign-in and the audit trail. Every operation takes the Caller
// the transport authenticated; operations that need rights re-read the caller's roles and
// platform-admin flag from the store inside their transaction, so a withdrawn right stops
// working in the registry at once, not when the caller's access token expires.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"
#include "services/common/auth/secrets.h"
#include "services/common/auth/token.h"
#include "services/common/clock.h"
#include "services/registry/core/audit.h"
#include "services/registry/core/credentials.h"
#include "services/registry/core/network.h"
#include "services/registry/core/organization.h"
#include "services/registry/core/people.h"
#include "services/registry/core/qualification.h"
#include "services/registry/core/registry_store.h"

namespace leerpool::registry {

struct RegistryOptions {
  auth::PasswordCost password_cost = auth::PasswordCost::kInteractive;
  absl::Duration access_token_ttl = absl::Minutes(15);
  absl::Duration refresh_token_ttl = absl::Hours(30 * 24);
  // Brute-force limits: failed sign-ins per account and per client address in the window.
  int max_failures_per_email = 5;
  int max_failures_per_address = 20;
  absl::Duration failure_window = absl::Minutes(15);
};

struct ListOrganizationsQuery {
  OrganizationFilter filter;
  int page_size = 0;
  std::string page_token;
};

struct OrganizationPage {
  std::vector<Organization> organizations;
  std::string next_page_token;
};

struct ListNetworksQuery {
  std::string member_organization_id;
  int page_size = 0;
  std::string page_token;
};

struct NetworkPage {
  std::vector<Network> networks;
  std::string next_page_token;
};

struct NetworkMemberPage {
  std::vector<NetworkMember> members;
  std::string next_page_token;
};

struct MemberPage {
  std::vector<Member> members;
  std::string next_page_token;
};

struct QualificationTypePage {
  std::vector<QualificationType> qualification_types;
  std::string next_page_token;
};

struct AuditEventPage {
  std::vector<AuditEvent> events;
  std::string next_page_token;
};

struct CreateInvitationRequest {
  std::string organization_id;
  std::string email;
  std::set<Role> roles;
  // 0: the default (168).
  int ttl_hours = 0;
};

struct AcceptInvitationRequest {
  std::string token;
  std::string display_name;
  std::string password;
  std::string locale;
};

struct IssueQualificationRequest {
  std::string qualification_type_id;
  // One of these names the holder.
  std::string person_id;
  std::string person_email;
  std::optional<Date> issue_date;
  std::optional<Date> expiry_date;
};

struct CheckQualificationsRequest {
  std::string person_id;
  std::vector<std::string> qualification_type_ids;
  std::optional<Date> start_date;
  std::optional<Date> end_date;
};

// Who may call what ("admin of X": holds org_admin in organisation X; a platform admin may do
// everything a role allows anywhere). Anonymous callers get UNAUTHENTICATED wherever a sign-in
// is needed; signed-in callers without the right get PERMISSION_DENIED.
//   public (anonymous too)  GetOrganization, ListOrganizations, GetNetwork, ListNetworks,
//                           ListNetworkMembers, GetQualificationType, ListQualificationTypes,
//                           AcceptInvitation (the token is the right), Login, Refresh,
//                           ExchangeApiKey, GetSigningKeys, ListRevocations
//   platform admin          CreateOrganization; changing an organisation's status; the whole
//                           audit trail
//   admin of the org        UpdateOrganization (not status), CreateInvitation, AddMember,
//                           UpdateMember, RemoveMember (never the last org_admin),
//                           Create/List/RevokeApiKey, ListAuditEvents of that organisation
//   admin of the owner      CreateNetwork (the owner must be a sector body or government,
//                           else FAILED_PRECONDITION; a platform admin may pick any owner),
//                           Add/RemoveNetworkMember
//   admin of the issuer     CreateQualificationType
//   admin or instructor     IssueQualification, RevokeQualification
//     of the issuer
//   any member of the org   ListMembers
//   signed in               GetMe (a person), CheckQualifications, Logout (own session; or
//                           anyone holding the refresh token)
//   GetPerson               the person, a platform admin, or someone sharing an organisation
//                           with them; PERMISSION_DENIED otherwise, also for unknown ids
//   ListQualifications      everything: the person, platform admins, admins and coordinators of
//                           the person's organisations; only their own types: admins and
//                           instructors of issuing organisations; otherwise PERMISSION_DENIED
// API keys act with their one role in their one organisation (never org_admin) and have no
// person, so GetMe and Logout without a refresh token are refused for them.
class Registry {
 public:
  // Makes sure a token signing key exists (generating and storing the first one) and loads
  // the current one. INTERNAL when crypto cannot be initialised.
  static absl::StatusOr<std::unique_ptr<Registry>> Create(RegistryStore& store, Clock& clock,
                                                          RegistryOptions options = {});

  // ---- Organisations. Get/List are public: they are the partner directory.
  absl::StatusOr<Organization> CreateOrganization(const auth::Caller& caller,
                                                  Organization organization);
  absl::StatusOr<Organization> GetOrganization(const auth::Caller& caller, const std::string& id);
  absl::StatusOr<OrganizationPage> ListOrganizations(const auth::Caller& caller,
                                                     const ListOrganizationsQuery& query);
  // Copies the fields named in `field_mask` (snake_case proto field names; all settable
  // fields when empty) from `changes` onto the stored organisation with changes.id, in one
  // atomic read-modify-write.
  absl::StatusOr<Organization> UpdateOrganization(const auth::Caller& caller,
                                                  const Organization& changes,
                                                  const std::vector<std::string>& field_mask);

  // ---- Networks
  absl::StatusOr<Network> CreateNetwork(const auth::Caller& caller, Network network);
  absl::StatusOr<Network> GetNetwork(const auth::Caller& caller, const std::string& id);
  absl::StatusOr<NetworkPage> ListNetworks(const auth::Caller& caller,
                                           const ListNetworksQuery& query);
  absl::StatusOr<NetworkMember> AddNetworkMember(const auth::Caller& caller,
                                                 const std::string& network_id,
                                                 const std::string& organization_id);
  absl::Status RemoveNetworkMember(const auth::Caller& caller, const std::string& network_id,
                                   const std::string& organization_id);
  absl::StatusOr<NetworkMemberPage> ListNetworkMembers(const auth::Caller& caller,
                                                       const std::string& network_id, int page_size,
                                                       const std::string& page_token);

  // ---- People and roles
  absl::StatusOr<Me> GetMe(const auth::Caller& caller);
  absl::StatusOr<Person> GetPerson(const auth::Caller& caller, const std::string& person_id);
  // The result carries the invitation token; it is not stored and never shown again.
  absl::StatusOr<Invitation> CreateInvitation(const auth::Caller& caller,
                                              const CreateInvitationRequest& request);
  absl::StatusOr<Session> AcceptInvitation(const auth::Caller& caller,
                                           const AcceptInvitationRequest& request);
  absl::StatusOr<Member> AddMember(const auth::Caller& caller, const std::string& organization_id,
                                   const std::string& email, const std::set<Role>& roles);
  absl::StatusOr<MemberPage> ListMembers(const auth::Caller& caller,
                                         const std::string& organization_id, int page_size,
                                         const std::string& page_token);
  absl::StatusOr<Member> UpdateMember(const auth::Caller& caller,
                                      const std::string& organization_id,
                                      const std::string& person_id, const std::set<Role>& roles);
  absl::Status RemoveMember(const auth::Caller& caller, const std::string& organization_id,
                            const std::string& person_id);

  // ---- Qualifications
  absl::StatusOr<QualificationType> CreateQualificationType(const auth::Caller& caller,
                                                            QualificationType type);
  absl::StatusOr<QualificationType> GetQualificationType(const auth::Caller& caller,
                                                         const std::string& id);
  absl::StatusOr<QualificationTypePage> ListQualificationTypes(
      const auth::Caller& caller, const std::string& issuer_organization_id, int page_size,
      const std::string& page_token);
  absl::StatusOr<Qualification> IssueQualification(const auth::Caller& caller,
                                                   const IssueQualificationRequest& request);
  absl::StatusOr<Qualification> RevokeQualification(const auth::Caller& caller,
                                                    const std::string& qualification_id,
                                                    const std::string& reason);
  absl::StatusOr<std::vector<Qualification>> ListQualifications(const auth::Caller& caller,
                                                                const std::string& person_id);
  absl::StatusOr<QualificationChecks> CheckQualifications(
      const auth::Caller& caller, const CheckQualificationsRequest& request);

  // ---- Sign-in
  absl::StatusOr<Session> Login(const auth::Caller& caller, const std::string& email,
                                const std::string& password);
  absl::StatusOr<Session> Refresh(const auth::Caller& caller, const std::string& refresh_token);
  // Ends the session of `refresh_token`, or the caller's own when it is empty.
  absl::Status Logout(const auth::Caller& caller, const std::string& refresh_token);
  // key id -> Ed25519 public key, every key that is not retired.
  absl::StatusOr<std::map<std::string, std::string>> GetSigningKeys();
  absl::StatusOr<RevocationList> ListRevocations(absl::Time since);
  // The result carries the secret; it is not stored and never shown again.
  absl::StatusOr<ApiKey> CreateApiKey(const auth::Caller& caller,
                                      const std::string& organization_id, const std::string& name,
                                      Role role);
  absl::StatusOr<std::vector<ApiKey>> ListApiKeys(const auth::Caller& caller,
                                                  const std::string& organization_id);
  absl::StatusOr<ApiKey> RevokeApiKey(const auth::Caller& caller,
                                      const std::string& organization_id,
                                      const std::string& api_key_id);
  absl::StatusOr<Session> ExchangeApiKey(const auth::Caller& caller, const std::string& api_key);

  // ---- Audit trail
  absl::StatusOr<AuditEventPage> ListAuditEvents(const auth::Caller& caller,
                                                 const std::string& organization_id, int page_size,
                                                 const std::string& page_token);

  // ---- Start-up
  // Creates a platform admin with this email and password unless a person with the email
  // exists (then nothing changes). Recorded in the audit trail as done by "system".
  absl::Status BootstrapPlatformAdmin(const std::string& email, const std::string& password);

  const RegistryOptions& options() const { return options_; }

 private:
  Registry(RegistryStore& store, Clock& clock, RegistryOptions options)
      : store_(store), clock_(clock), options_(options) {}

  // A password that matched an account, within the brute-force limits.
  struct PasswordCheck {
    std::optional<Person> person;
    // The failed-sign-in row recorded before the check; deleted once the sign-in completes,
    // so an attempt counts against the limits from its start (concurrent guesses too).
    std::string attempt_id;
  };
  // UNAUTHENTICATED for an unknown email or a wrong password (one message for both),
  // RESOURCE_EXHAUSTED when the account or address is over its limit.
  absl::StatusOr<PasswordCheck> CheckPassword(const std::string& email, const std::string& password,
                                              const std::string& remote_address);
  absl::StatusOr<Session> StartSession(RegistryTransaction& tx, const Person& person,
                                       absl::Time now);
  absl::StatusOr<Session> IssueSessionTokens(RegistryTransaction& tx, const Person& person,
                                             const std::string& session_id,
                                             std::string refresh_token,
                                             absl::Time refresh_expire_time, absl::Time now);
  absl::Status EndSession(RegistryTransaction& tx, const SessionRecord& session,
                          const std::string& reason, absl::Time now);

  RegistryStore& store_;
  Clock& clock_;
  RegistryOptions options_;
  std::unique_ptr<auth::TokenSigner> signer_;
  // Verified against when an email has no account, so a sign-in for an unknown email costs
  // as much as one for a known email.
  std::string dummy_password_hash_;
};

// INVALID_ARGUMENT naming the first offending field ("organization.name: ..."), or OK.
absl::Status ValidateOrganization(const Organization& organization);

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_H_
