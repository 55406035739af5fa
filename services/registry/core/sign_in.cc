// Sign-in: passwords, sessions with rotating refresh tokens, API keys, signing keys and
// revocations.

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/secrets.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"
#include "services/registry/core/internal.h"
#include "services/registry/core/registry.h"

namespace leerpool::registry {
namespace {

using internal::FieldError;
using internal::JsonObject;

constexpr char kWrongCredentials[] = "email or password is wrong";
constexpr char kBadRefreshToken[] = "refresh token is not valid; sign in again";
constexpr char kBadApiKey[] = "API key is not valid";
constexpr char kApiKeyPrefix[] = "lpk_";
// Far above any real password, so a hostile request cannot make hashing expensive.
constexpr size_t kMaxPasswordBytes = 1024;

// How long until fewer than `limit` of the failures at `times` (oldest first) are inside the
// window; zero when there already are.
absl::Duration WaitFor(const std::vector<absl::Time>& times, int limit, absl::Duration window,
                       absl::Time now) {
  if (static_cast<int>(times.size()) < limit) return absl::ZeroDuration();
  // Enough failures must leave the window to get back under the limit; the last of them to
  // leave decides.
  const absl::Time leaves = times[times.size() - limit] + window;
  return std::max(leaves - now, absl::ZeroDuration());
}

// Access tokens carry whole seconds; the reported expiry must match the token's.
absl::Time WholeSeconds(absl::Time time) {
  return absl::FromUnixSeconds(absl::ToUnixSeconds(time));
}

// "lpk_<id>_<secret>" -> id, where ids look like "key_<hex>".
std::optional<std::string> ApiKeyId(const std::string& api_key) {
  if (!absl::StartsWith(api_key, kApiKeyPrefix)) return std::nullopt;
  const std::string rest = api_key.substr(sizeof(kApiKeyPrefix) - 1);
  const size_t first = rest.find('_');
  if (first == std::string::npos) return std::nullopt;
  const size_t second = rest.find('_', first + 1);
  if (second == std::string::npos || second + 1 == rest.size()) return std::nullopt;
  return rest.substr(0, second);
}

}  // namespace

absl::StatusOr<Registry::PasswordCheck> Registry::CheckPassword(const std::string& email,
                                                                const std::string& password,
                                                                const std::string& remote_address) {
  if (password.size() > kMaxPasswordBytes) return FieldError("password", "is too long");
  PasswordCheck check;
  check.attempt_id = NewId("fail");
  std::optional<Person> person;
  std::string stored_hash;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    const absl::Time now = clock_.Now();
    const absl::Time since = now - options_.failure_window;
    LP_RETURN_IF_ERROR(tx.DeleteLoginFailuresBefore(since));
    LP_ASSIGN_OR_RETURN(const std::vector<absl::Time> by_email,
                        tx.LoginFailureTimesForEmail(email, since));
    absl::Duration wait =
        WaitFor(by_email, options_.max_failures_per_email, options_.failure_window, now);
    if (!remote_address.empty()) {
      LP_ASSIGN_OR_RETURN(const std::vector<absl::Time> by_address,
                          tx.LoginFailureTimesForAddress(remote_address, since));
      wait = std::max(wait, WaitFor(by_address, options_.max_failures_per_address,
                                    options_.failure_window, now));
    }
    // Before the password is looked at: while limited, even the right one is refused, so
    // guessing gains nothing.
    if (wait > absl::ZeroDuration()) {
      const int64_t minutes = std::max<int64_t>(
          1, absl::ToInt64Minutes(wait + absl::Minutes(1) - absl::Nanoseconds(1)));
      return absl::ResourceExhaustedError(absl::StrCat("too many failed sign-ins; try again in ",
                                                       minutes,
                                                       minutes == 1 ? " minute" : " minutes"));
    }
    LP_RETURN_IF_ERROR(tx.InsertLoginFailure({check.attempt_id, email, remote_address, now}));
    LP_ASSIGN_OR_RETURN(person, tx.FindPersonByEmail(email));
    if (person) {
      LP_ASSIGN_OR_RETURN(stored_hash, tx.GetPasswordHash(person->id));
    }
    return absl::OkStatus();
  }));
  // An unknown email costs one verification too, so timing does not tell which accounts exist.
  const bool matches = auth::VerifyPassword(password, person ? stored_hash : dummy_password_hash_);
  if (!person || !matches) return absl::UnauthenticatedError(kWrongCredentials);
  check.person = std::move(person);
  return check;
}

absl::StatusOr<Session> Registry::Login(const auth::Caller& caller, const std::string& email,
                                        const std::string& password) {
  const std::string normalized = internal::NormalizeEmail(email);
  if (normalized.empty()) return FieldError("email", "must not be empty");
  if (password.empty()) return FieldError("password", "must not be empty");
  LP_ASSIGN_OR_RETURN(PasswordCheck check,
                      CheckPassword(normalized, password, caller.remote_address));
  Session session;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    const absl::Time now = clock_.Now();
    LP_RETURN_IF_ERROR(tx.DeleteLoginFailure(check.attempt_id));
    LP_RETURN_IF_ERROR(tx.DeleteRefreshTokensExpiredBefore(now));
    absl::StatusOr<Person> person = tx.GetPerson(check.person->id);
    if (absl::IsNotFound(person.status())) return absl::UnauthenticatedError(kWrongCredentials);
    if (!person.ok()) return person.status();
    LP_ASSIGN_OR_RETURN(session, StartSession(tx, *person, now));
    return absl::OkStatus();
  }));
  return session;
}

absl::StatusOr<Session> Registry::StartSession(RegistryTransaction& tx, const Person& person,
                                               absl::Time now) {
  SessionRecord record;
  record.id = NewId("ses");
  record.person_id = person.id;
  record.create_time = now;
  LP_RETURN_IF_ERROR(tx.InsertSession(record));
  std::string refresh_token = auth::RandomToken();
  const absl::Time refresh_expire_time = now + options_.refresh_token_ttl;
  LP_RETURN_IF_ERROR(tx.InsertRefreshToken(
      {auth::HashSecret(refresh_token), record.id, now, refresh_expire_time, std::nullopt}));
  return IssueSessionTokens(tx, person, record.id, std::move(refresh_token), refresh_expire_time,
                            now);
}

absl::StatusOr<Session> Registry::IssueSessionTokens(RegistryTransaction& tx, const Person& person,
                                                     const std::string& session_id,
                                                     std::string refresh_token,
                                                     absl::Time refresh_expire_time,
                                                     absl::Time now) {
  Session session;
  LP_ASSIGN_OR_RETURN(session.memberships, tx.ListMembershipsOfPerson(person.id));
  auth::TokenClaims claims;
  claims.person_id = person.id;
  claims.session_id = session_id;
  claims.platform_admin = person.platform_admin;
  for (const Membership& membership : session.memberships) {
    claims.roles[membership.organization_id] = membership.roles;
  }
  claims.issue_time = WholeSeconds(now);
  claims.expire_time = WholeSeconds(now + options_.access_token_ttl);
  session.access_token = signer_->Sign(claims);
  session.access_token_expire_time = claims.expire_time;
  session.refresh_token = std::move(refresh_token);
  session.refresh_token_expire_time = refresh_expire_time;
  session.person = person;
  return session;
}

absl::Status Registry::EndSession(RegistryTransaction& tx, const SessionRecord& session,
                                  const std::string& reason, absl::Time now) {
  LP_RETURN_IF_ERROR(tx.MarkSessionRevoked(session.id, now));
  LP_RETURN_IF_ERROR(tx.DeleteRevocationsExpiredBefore(now));
  // Access tokens of the session live at most one TTL from now; after that the entry is moot.
  LP_RETURN_IF_ERROR(tx.InsertRevocation({session.id, now, now + options_.access_token_ttl}));
  auth::Caller actor;
  actor.person_id = session.person_id;
  return internal::RecordAudit(tx, actor, now, "", "session.revoke", session.id,
                               JsonObject().String("reason", reason).Build());
}

absl::StatusOr<Session> Registry::Refresh(const auth::Caller&, const std::string& refresh_token) {
  if (refresh_token.empty()) return FieldError("refresh_token", "must not be empty");
  const std::string token_hash = auth::HashSecret(refresh_token);
  Session session;
  bool reused = false;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    reused = false;  // The store may run this more than once.
    const absl::Time now = clock_.Now();
    LP_ASSIGN_OR_RETURN(const std::optional<RefreshTokenRecord> token,
                        tx.FindRefreshToken(token_hash));
    if (!token) return absl::UnauthenticatedError(kBadRefreshToken);
    LP_ASSIGN_OR_RETURN(const SessionRecord record, tx.GetSession(token->session_id));
    if (record.revoke_time) return absl::UnauthenticatedError("session ended; sign in again");
    if (token->use_time) {
      // A rotated token is presented again: either its owner or a thief has the newer one,
      // and there is no telling which, so the whole session ends. Committed, not rolled back.
      reused = true;
      return EndSession(tx, record, "refresh token reused", now);
    }
    if (token->expire_time <= now) return absl::UnauthenticatedError(kBadRefreshToken);
    LP_RETURN_IF_ERROR(tx.MarkRefreshTokenUsed(token_hash, now));
    std::string next = auth::RandomToken();
    const absl::Time expire_time = now + options_.refresh_token_ttl;
    LP_RETURN_IF_ERROR(
        tx.InsertRefreshToken({auth::HashSecret(next), record.id, now, expire_time, std::nullopt}));
    absl::StatusOr<Person> person = tx.GetPerson(record.person_id);
    if (absl::IsNotFound(person.status())) return absl::UnauthenticatedError(kBadRefreshToken);
    if (!person.ok()) return person.status();
    LP_ASSIGN_OR_RETURN(
        session, IssueSessionTokens(tx, *person, record.id, std::move(next), expire_time, now));
    return absl::OkStatus();
  }));
  if (reused) {
    return absl::UnauthenticatedError(
        "refresh token was already used; the session has been ended, sign in again");
  }
  return session;
}

absl::Status Registry::Logout(const auth::Caller& caller, const std::string& refresh_token) {
  if (refresh_token.empty()) {
    LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "sign out"));
    if (caller.session_id.empty()) {
      return absl::FailedPreconditionError(
          "API key tokens have no session to end; revoke the API key instead");
    }
  }
  return store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    const absl::Time now = clock_.Now();
    std::string session_id = caller.session_id;
    if (!refresh_token.empty()) {
      // Holding the refresh token is the right to end its session.
      LP_ASSIGN_OR_RETURN(const std::optional<RefreshTokenRecord> token,
                          tx.FindRefreshToken(auth::HashSecret(refresh_token)));
      if (!token) return absl::UnauthenticatedError(kBadRefreshToken);
      session_id = token->session_id;
    }
    absl::StatusOr<SessionRecord> record = tx.GetSession(session_id);
    if (absl::IsNotFound(record.status())) {
      return absl::UnauthenticatedError("session ended; sign in again");
    }
    if (!record.ok()) return record.status();
    if (record->revoke_time) return absl::OkStatus();  // Signing out twice is harmless.
    return EndSession(tx, *record, "sign-out", now);
  });
}

absl::StatusOr<std::map<std::string, std::string>> Registry::GetSigningKeys() {
  std::map<std::string, std::string> keys;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    keys.clear();  // The store may run this more than once.
    LP_ASSIGN_OR_RETURN(const std::vector<StoredSigningKey> stored, tx.ListActiveSigningKeys());
    for (const StoredSigningKey& key : stored) keys[key.key.key_id] = key.key.public_key;
    return absl::OkStatus();
  }));
  return keys;
}

absl::StatusOr<RevocationList> Registry::ListRevocations(absl::Time since) {
  RevocationList list;
  // A write transaction, though it only reads: it waits for any revocation being written, so
  // `as_of` can never be later than a revocation this answer missed.
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    list.as_of = clock_.Now();
    LP_ASSIGN_OR_RETURN(list.revocations, tx.ListRevocationsSince(since));
    return absl::OkStatus();
  }));
  return list;
}

absl::StatusOr<ApiKey> Registry::CreateApiKey(const auth::Caller& caller,
                                              const std::string& organization_id,
                                              const std::string& name, Role role) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "manage API keys"));
  LP_RETURN_IF_ERROR(internal::CheckId("organization_id", organization_id));
  ApiKey key;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_RETURN_IF_ERROR(tx.GetOrganization(organization_id).status());
    LP_RETURN_IF_ERROR(
        auth::RequireRole(actor, organization_id, {Role::kOrgAdmin}, "manage API keys"));
    LP_RETURN_IF_ERROR(internal::CheckRequiredText("name", name, internal::kMaxNameBytes));
    if (role == Role::kOrgAdmin) {
      return FieldError("role",
                        "an API key cannot be org_admin (machine clients do not manage people); "
                        "use coordinator, instructor or analyst");
    }
    if (!internal::IsKnownRole(role)) {
      return FieldError("role", "must be coordinator, instructor or analyst");
    }
    key.id = NewId("key");
    key.organization_id = organization_id;
    key.name = name;
    key.role = role;
    key.secret = absl::StrCat(kApiKeyPrefix, key.id, "_", auth::RandomToken());
    key.create_time = clock_.Now();
    key.created_by_person_id = actor.person_id;
    LP_RETURN_IF_ERROR(tx.InsertApiKey(key, auth::HashSecret(key.secret)));
    return internal::RecordAudit(
        tx, actor, key.create_time, organization_id, "api_key.create", key.id,
        JsonObject().String("name", name).String("role", auth::RoleName(role)).Build());
  }));
  return key;
}

absl::StatusOr<std::vector<ApiKey>> Registry::ListApiKeys(const auth::Caller& caller,
                                                          const std::string& organization_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "manage API keys"));
  LP_RETURN_IF_ERROR(internal::CheckId("organization_id", organization_id));
  std::vector<ApiKey> keys;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_RETURN_IF_ERROR(tx.GetOrganization(organization_id).status());
    LP_RETURN_IF_ERROR(
        auth::RequireRole(actor, organization_id, {Role::kOrgAdmin}, "manage API keys"));
    LP_ASSIGN_OR_RETURN(keys, tx.ListApiKeys(organization_id));
    return absl::OkStatus();
  }));
  return keys;
}

absl::StatusOr<ApiKey> Registry::RevokeApiKey(const auth::Caller& caller,
                                              const std::string& organization_id,
                                              const std::string& api_key_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "manage API keys"));
  LP_RETURN_IF_ERROR(internal::CheckId("organization_id", organization_id));
  LP_RETURN_IF_ERROR(internal::CheckId("api_key_id", api_key_id));
  ApiKey key;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_RETURN_IF_ERROR(tx.GetOrganization(organization_id).status());
    LP_RETURN_IF_ERROR(
        auth::RequireRole(actor, organization_id, {Role::kOrgAdmin}, "manage API keys"));
    absl::StatusOr<ApiKey> found = tx.GetApiKey(api_key_id);
    // Another organisation's key is as unknown here as a key that never existed.
    if (absl::IsNotFound(found.status()) ||
        (found.ok() && found->organization_id != organization_id)) {
      return absl::NotFoundError(
          absl::StrCat("API key ", api_key_id, " not found in organization ", organization_id));
    }
    if (!found.ok()) return found.status();
    key = *std::move(found);
    if (key.revoked()) return absl::OkStatus();  // Revoking twice changes nothing.
    const absl::Time now = clock_.Now();
    LP_RETURN_IF_ERROR(tx.MarkApiKeyRevoked(key.id, now));
    key.revoke_time = now;
    LP_RETURN_IF_ERROR(tx.DeleteRevocationsExpiredBefore(now));
    // Exchanged tokens live at most one access-token TTL; the key itself is refused at once.
    LP_RETURN_IF_ERROR(tx.InsertRevocation({key.id, now, now + options_.access_token_ttl}));
    return internal::RecordAudit(tx, actor, now, organization_id, "api_key.revoke", key.id,
                                 JsonObject().String("name", key.name).Build());
  }));
  return key;
}

absl::StatusOr<Session> Registry::ExchangeApiKey(const auth::Caller&, const std::string& api_key) {
  if (api_key.empty()) return FieldError("api_key", "must not be empty");
  const std::optional<std::string> key_id = ApiKeyId(api_key);
  if (!key_id || key_id->size() > internal::kMaxIdBytes) {
    return absl::UnauthenticatedError(kBadApiKey);
  }
  Session session;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    absl::StatusOr<ApiKey> key = tx.GetApiKey(*key_id);
    if (absl::IsNotFound(key.status())) return absl::UnauthenticatedError(kBadApiKey);
    if (!key.ok()) return key.status();
    LP_ASSIGN_OR_RETURN(const std::string stored_hash, tx.GetApiKeySecretHash(key->id));
    if (!auth::SecretsEqual(auth::HashSecret(api_key), stored_hash) || key->revoked()) {
      return absl::UnauthenticatedError(kBadApiKey);
    }
    const absl::Time now = clock_.Now();
    LP_RETURN_IF_ERROR(tx.RecordApiKeyUse(key->id, now));
    auth::TokenClaims claims;
    claims.api_key_id = key->id;
    claims.roles[key->organization_id] = {key->role};
    claims.issue_time = WholeSeconds(now);
    claims.expire_time = WholeSeconds(now + options_.access_token_ttl);
    session.access_token = signer_->Sign(claims);
    session.access_token_expire_time = claims.expire_time;
    return absl::OkStatus();
  }));
  return session;
}

}  // namespace leerpool::registry
