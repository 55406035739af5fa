// Sessions, refresh tokens, revocations, API keys, signing keys, failed sign-ins and the audit
// trail.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/registry/postgres/pg_registry_transaction.h"

namespace leerpool::registry::pg_internal {
namespace {

using storage::pg::Params;
using storage::pg::Result;

constexpr char kApiKeyColumns[] =
    "id, organization_id, name, role, create_time_us, last_use_time_us, revoke_time_us, "
    "created_by_person_id";

ApiKey ReadApiKey(const Result& rows, int row) {
  ApiKey key;
  key.id = rows.Text(row, 0);
  key.organization_id = rows.Text(row, 1);
  key.name = rows.Text(row, 2);
  key.role = static_cast<Role>(rows.Int(row, 3));
  key.create_time = FromMicros(rows.Int(row, 4));
  key.last_use_time = OptionalTime(rows, row, 5);
  key.revoke_time = OptionalTime(rows, row, 6);
  key.created_by_person_id = rows.Text(row, 7);
  return key;
}

constexpr char kAuditColumns[] =
    "id, time_us, actor_person_id, actor_api_key_id, organization_id, action, resource_id, "
    "details";

AuditEvent ReadAuditEvent(const Result& rows, int row) {
  AuditEvent event;
  event.id = rows.Text(row, 0);
  event.time = FromMicros(rows.Int(row, 1));
  event.actor_person_id = rows.Text(row, 2);
  event.actor_api_key_id = rows.Text(row, 3);
  event.organization_id = rows.Text(row, 4);
  event.action = rows.Text(row, 5);
  event.resource_id = rows.Text(row, 6);
  event.details = rows.Text(row, 7);
  return event;
}

absl::Time ReadTime(const Result& rows, int row) { return FromMicros(rows.Int(row, 0)); }

}  // namespace

// ---- Sessions and refresh tokens

absl::Status PgRegistryTransaction::InsertSession(const SessionRecord& session) {
  return Change(
             "INSERT INTO sessions (id, person_id, create_time_us, revoke_time_us) "
             "VALUES ($1, $2, $3, $4)",
             Params::Of(session.id, session.person_id, Micros(session.create_time),
                        OptionalMicros(session.revoke_time)))
      .status();
}

absl::StatusOr<SessionRecord> PgRegistryTransaction::GetSession(const std::string& id) {
  LP_ASSIGN_OR_RETURN(
      Result rows,
      Query("SELECT id, person_id, create_time_us, revoke_time_us FROM sessions WHERE id = $1",
            Params::Of(id)));
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("session ", id, " not found"));
  return SessionRecord{rows.Text(0, 0), rows.Text(0, 1), FromMicros(rows.Int(0, 2)),
                       OptionalTime(rows, 0, 3)};
}

absl::Status PgRegistryTransaction::MarkSessionRevoked(const std::string& id,
                                                       absl::Time revoke_time) {
  return ChangeOne("UPDATE sessions SET revoke_time_us = $2 WHERE id = $1",
                   Params::Of(id, Micros(revoke_time)), absl::StrCat("session ", id));
}

absl::Status PgRegistryTransaction::InsertRefreshToken(const RefreshTokenRecord& token) {
  return Change(
             "INSERT INTO refresh_tokens (token_hash, session_id, issue_time_us, "
             "expire_time_us, use_time_us) VALUES ($1, $2, $3, $4, $5)",
             Params::Of(token.token_hash, token.session_id, Micros(token.issue_time),
                        Micros(token.expire_time), OptionalMicros(token.use_time)))
      .status();
}

absl::StatusOr<std::optional<RefreshTokenRecord>> PgRegistryTransaction::FindRefreshToken(
    const std::string& token_hash) {
  LP_ASSIGN_OR_RETURN(Result rows, Query("SELECT token_hash, session_id, issue_time_us, "
                                         "expire_time_us, use_time_us FROM refresh_tokens"
                                         " WHERE token_hash = $1",
                                         Params::Of(token_hash)));
  return First<RefreshTokenRecord>(rows, [](const Result& rows, int row) {
    return RefreshTokenRecord{rows.Text(row, 0), rows.Text(row, 1), FromMicros(rows.Int(row, 2)),
                              FromMicros(rows.Int(row, 3)), OptionalTime(rows, row, 4)};
  });
}

absl::Status PgRegistryTransaction::MarkRefreshTokenUsed(const std::string& token_hash,
                                                         absl::Time use_time) {
  return ChangeOne("UPDATE refresh_tokens SET use_time_us = $2 WHERE token_hash = $1",
                   Params::Of(token_hash, Micros(use_time)), "refresh token");
}

absl::Status PgRegistryTransaction::DeleteRefreshTokensExpiredBefore(absl::Time time) {
  return Change("DELETE FROM refresh_tokens WHERE expire_time_us < $1", Params::Of(Micros(time)))
      .status();
}

// ---- Revocations

absl::Status PgRegistryTransaction::InsertRevocation(const Revocation& revocation) {
  return Change("INSERT INTO revocations (id, revoke_time_us, expire_time_us) VALUES ($1, $2, $3)",
                Params::Of(revocation.id, Micros(revocation.revoke_time),
                           Micros(revocation.expire_time)))
      .status();
}

absl::StatusOr<std::vector<Revocation>> PgRegistryTransaction::ListRevocationsSince(
    absl::Time since) {
  // InfinitePast does not fit in microseconds; the epoch is early enough for any revocation.
  const int64_t since_us = since == absl::InfinitePast() ? int64_t{0} : Micros(since);
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query("SELECT id, revoke_time_us, expire_time_us FROM revocations"
                            " WHERE revoke_time_us >= $1 ORDER BY revoke_time_us, id",
                            Params::Of(since_us)));
  return Collect<Revocation>(rows, [](const Result& rows, int row) {
    return Revocation{rows.Text(row, 0), FromMicros(rows.Int(row, 1)),
                      FromMicros(rows.Int(row, 2))};
  });
}

absl::Status PgRegistryTransaction::DeleteRevocationsExpiredBefore(absl::Time time) {
  return Change("DELETE FROM revocations WHERE expire_time_us < $1", Params::Of(Micros(time)))
      .status();
}

// ---- API keys

absl::Status PgRegistryTransaction::InsertApiKey(const ApiKey& key,
                                                 const std::string& secret_hash) {
  return Change(absl::StrCat("INSERT INTO api_keys (", kApiKeyColumns,
                             ", secret_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"),
                Params::Of(key.id, key.organization_id, key.name, static_cast<int>(key.role),
                           Micros(key.create_time), OptionalMicros(key.last_use_time),
                           OptionalMicros(key.revoke_time), key.created_by_person_id, secret_hash))
      .status();
}

absl::StatusOr<ApiKey> PgRegistryTransaction::GetApiKey(const std::string& id) {
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query(absl::StrCat("SELECT ", kApiKeyColumns, " FROM api_keys WHERE id = $1"),
                            Params::Of(id)));
  std::optional<ApiKey> found = First<ApiKey>(rows, ReadApiKey);
  if (!found) return absl::NotFoundError(absl::StrCat("API key ", id, " not found"));
  return *std::move(found);
}

absl::StatusOr<std::string> PgRegistryTransaction::GetApiKeySecretHash(const std::string& id) {
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query("SELECT secret_hash FROM api_keys WHERE id = $1", Params::Of(id)));
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("API key ", id, " not found"));
  return rows.Text(0, 0);
}

absl::StatusOr<std::vector<ApiKey>> PgRegistryTransaction::ListApiKeys(
    const std::string& organization_id) {
  LP_ASSIGN_OR_RETURN(Result rows, Query(absl::StrCat("SELECT ", kApiKeyColumns,
                                                      " FROM api_keys WHERE organization_id = $1"
                                                      " ORDER BY create_time_us, id"),
                                         Params::Of(organization_id)));
  return Collect<ApiKey>(rows, ReadApiKey);
}

absl::Status PgRegistryTransaction::MarkApiKeyRevoked(const std::string& id,
                                                      absl::Time revoke_time) {
  return ChangeOne("UPDATE api_keys SET revoke_time_us = $2 WHERE id = $1",
                   Params::Of(id, Micros(revoke_time)), absl::StrCat("API key ", id));
}

absl::Status PgRegistryTransaction::RecordApiKeyUse(const std::string& id, absl::Time use_time) {
  return ChangeOne("UPDATE api_keys SET last_use_time_us = $2 WHERE id = $1",
                   Params::Of(id, Micros(use_time)), absl::StrCat("API key ", id));
}

// ---- Signing keys

absl::Status PgRegistryTransaction::InsertSigningKey(const StoredSigningKey& key) {
  Params params;
  params.Add(key.key.key_id)
      .AddBytes(key.key.public_key)
      .AddBytes(key.key.secret_key)
      .Add(Micros(key.create_time))
      .Add(OptionalMicros(key.retire_time));
  return Change(
             "INSERT INTO signing_keys (key_id, public_key, secret_key, create_time_us, "
             "retire_time_us) VALUES ($1, $2, $3, $4, $5)",
             params)
      .status();
}

absl::StatusOr<std::vector<StoredSigningKey>> PgRegistryTransaction::ListActiveSigningKeys() {
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query("SELECT key_id, public_key, secret_key, create_time_us, "
                            "retire_time_us FROM signing_keys WHERE retire_time_us IS NULL"
                            " ORDER BY create_time_us, key_id"));
  return Collect<StoredSigningKey>(rows, [](const Result& rows, int row) {
    StoredSigningKey key;
    key.key.key_id = rows.Text(row, 0);
    key.key.public_key = rows.Bytes(row, 1);
    key.key.secret_key = rows.Bytes(row, 2);
    key.create_time = FromMicros(rows.Int(row, 3));
    key.retire_time = OptionalTime(rows, row, 4);
    return key;
  });
}

// ---- Failed sign-ins

absl::Status PgRegistryTransaction::InsertLoginFailure(const LoginFailure& failure) {
  return Change(
             "INSERT INTO login_failures (id, email, remote_address, time_us) "
             "VALUES ($1, $2, $3, $4)",
             Params::Of(failure.id, failure.email, failure.remote_address, Micros(failure.time)))
      .status();
}

absl::Status PgRegistryTransaction::DeleteLoginFailure(const std::string& id) {
  return Change("DELETE FROM login_failures WHERE id = $1", Params::Of(id)).status();
}

absl::StatusOr<std::vector<absl::Time>> PgRegistryTransaction::LoginFailureTimesForEmail(
    const std::string& email, absl::Time since) {
  LP_ASSIGN_OR_RETURN(Result rows, Query("SELECT time_us FROM login_failures"
                                         " WHERE email = $1 AND time_us >= $2 ORDER BY time_us",
                                         Params::Of(email, Micros(since))));
  return Collect<absl::Time>(rows, ReadTime);
}

absl::StatusOr<std::vector<absl::Time>> PgRegistryTransaction::LoginFailureTimesForAddress(
    const std::string& remote_address, absl::Time since) {
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query("SELECT time_us FROM login_failures"
                            " WHERE remote_address = $1 AND time_us >= $2 ORDER BY time_us",
                            Params::Of(remote_address, Micros(since))));
  return Collect<absl::Time>(rows, ReadTime);
}

absl::Status PgRegistryTransaction::DeleteLoginFailuresBefore(absl::Time time) {
  return Change("DELETE FROM login_failures WHERE time_us < $1", Params::Of(Micros(time))).status();
}

// ---- Audit trail

absl::Status PgRegistryTransaction::InsertAuditEvent(const AuditEvent& event) {
  return Change(
             absl::StrCat("INSERT INTO audit_events (", kAuditColumns,
                          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"),
             Params::Of(event.id, Micros(event.time), event.actor_person_id, event.actor_api_key_id,
                        event.organization_id, event.action, event.resource_id, event.details))
      .status();
}

absl::StatusOr<std::vector<AuditEvent>> PgRegistryTransaction::ListAuditEvents(
    const std::string& organization_id, const std::optional<AuditCursor>& before, int limit) {
  Params params = Params::Of(organization_id);
  if (before) {
    params.Add(Micros(before->time)).Add(before->id);
  } else {
    params.AddNull().AddNull();
  }
  params.Add(limit);
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query(absl::StrCat("SELECT ", kAuditColumns,
                                         " FROM audit_events"
                                         " WHERE ($1::text = '' OR organization_id = $1)"
                                         "   AND ($2::bigint IS NULL OR (time_us, id) < ($2, "
                                         "$3::text))"
                                         " ORDER BY time_us DESC, id DESC LIMIT $4"),
                            params));
  return Collect<AuditEvent>(rows, ReadAuditEvent);
}

}  // namespace leerpool::registry::pg_internal
