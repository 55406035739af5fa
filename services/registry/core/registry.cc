// The Registry's life cycle (signing keys, bootstrap) and the audit trail.

#include "services/registry/core/registry.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/secrets.h"
#include "services/common/ids.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"
#include "services/registry/core/internal.h"

namespace leerpool::registry {

using internal::JsonObject;

absl::StatusOr<std::unique_ptr<Registry>> Registry::Create(RegistryStore& store, Clock& clock,
                                                           RegistryOptions options) {
  LP_RETURN_IF_ERROR(auth::InitializeCrypto());
  std::unique_ptr<Registry> registry(new Registry(store, clock, options));
  LP_ASSIGN_OR_RETURN(registry->dummy_password_hash_,
                      auth::HashPassword(auth::RandomToken(), options.password_cost));
  auth::SigningKeyPair current;
  LP_RETURN_IF_ERROR(store.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const std::vector<StoredSigningKey> keys, tx.ListActiveSigningKeys());
    if (!keys.empty()) {
      current = keys.back().key;
      return absl::OkStatus();
    }
    // First start: inside the transaction, so replicas starting together agree on one key.
    LP_ASSIGN_OR_RETURN(current, auth::GenerateSigningKeyPair());
    const absl::Time now = clock.Now();
    LP_RETURN_IF_ERROR(tx.InsertSigningKey({current, now, std::nullopt}));
    return internal::RecordAudit(tx, auth::Caller::Anonymous(), now, "", "signing_key.create",
                                 current.key_id, "{}");
  }));
  registry->signer_ = std::make_unique<auth::TokenSigner>(std::move(current));
  return registry;
}

absl::Status Registry::BootstrapPlatformAdmin(const std::string& email,
                                              const std::string& password) {
  const std::string normalized = internal::NormalizeEmail(email);
  LP_RETURN_IF_ERROR(internal::CheckEmail("bootstrap admin email", normalized));
  bool exists = false;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const std::optional<Person> person, tx.FindPersonByEmail(normalized));
    exists = person.has_value();
    return absl::OkStatus();
  }));
  // An existing account is left alone: the variable may linger in an environment long after
  // the admin changed their password.
  if (exists) return absl::OkStatus();
  LP_RETURN_IF_ERROR(internal::CheckNewPassword(password));
  LP_ASSIGN_OR_RETURN(const std::string password_hash,
                      auth::HashPassword(password, options_.password_cost));
  return store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const std::optional<Person> raced, tx.FindPersonByEmail(normalized));
    if (raced) return absl::OkStatus();
    Person person;
    person.id = NewId("person");
    person.email = normalized;
    person.display_name = "Platform admin";
    person.locale = "en";
    person.platform_admin = true;
    person.create_time = clock_.Now();
    LP_RETURN_IF_ERROR(tx.InsertPerson(person, password_hash));
    return internal::RecordAudit(
        tx, auth::Caller::Anonymous(), person.create_time, "", "person.create", person.id,
        JsonObject().String("email", normalized).Bool("platform_admin", true).Build());
  });
}

absl::StatusOr<AuditEventPage> Registry::ListAuditEvents(const auth::Caller& caller,
                                                         const std::string& organization_id,
                                                         int page_size,
                                                         const std::string& page_token) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "read the audit trail"));
  LP_RETURN_IF_ERROR(
      internal::CheckLength("organization_id", organization_id, internal::kMaxIdBytes));
  LP_ASSIGN_OR_RETURN(const int limit, ResolvePageSize(page_size, internal::kDefaultPageSize,
                                                       internal::kMaxPageSize));
  std::optional<AuditCursor> before;
  if (!page_token.empty()) {
    LP_ASSIGN_OR_RETURN(const std::vector<std::string> key, DecodePageToken(page_token, 2));
    int64_t micros = 0;
    if (!absl::SimpleAtoi(key[0], &micros)) {
      return absl::InvalidArgumentError("page_token: not a token returned by this service");
    }
    before = AuditCursor{absl::FromUnixMicros(micros), key[1]};
  }
  AuditEventPage page;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    if (organization_id.empty()) {
      LP_RETURN_IF_ERROR(auth::RequirePlatformAdmin(actor, "read the whole audit trail"));
    } else {
      LP_RETURN_IF_ERROR(
          auth::RequireRole(actor, organization_id, {Role::kOrgAdmin}, "read the audit trail"));
    }
    LP_ASSIGN_OR_RETURN(page.events, tx.ListAuditEvents(organization_id, before, limit + 1));
    return absl::OkStatus();
  }));
  if (static_cast<int>(page.events.size()) > limit) {
    page.events.resize(limit);
    const AuditEvent& last = page.events.back();
    page.next_page_token = EncodePageToken({absl::StrCat(absl::ToUnixMicros(last.time)), last.id});
  }
  return page;
}

}  // namespace leerpool::registry
