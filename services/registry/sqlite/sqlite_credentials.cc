// Sessions, refresh tokens, revocations, API keys, signing keys, failed sign-ins and the audit
// trail.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/registry/sqlite/sqlite_registry_transaction.h"

namespace leerpool::registry::sqlite_internal {
namespace {

constexpr char kApiKeyColumns[] =
    "id, organization_id, name, role, create_time_us, last_use_time_us, revoke_time_us, "
    "created_by_person_id";

ApiKey ReadApiKey(const storage::Statement& row) {
  ApiKey key;
  key.id = row.Text(0);
  key.organization_id = row.Text(1);
  key.name = row.Text(2);
  key.role = static_cast<Role>(row.Int(3));
  key.create_time = FromMicros(row.Int(4));
  key.last_use_time = OptionalTime(row, 5);
  key.revoke_time = OptionalTime(row, 6);
  key.created_by_person_id = row.Text(7);
  return key;
}

constexpr char kAuditColumns[] =
    "id, time_us, actor_person_id, actor_api_key_id, organization_id, action, resource_id, "
    "details";

AuditEvent ReadAuditEvent(const storage::Statement& row) {
  AuditEvent event;
  event.id = row.Text(0);
  event.time = FromMicros(row.Int(1));
  event.actor_person_id = row.Text(2);
  event.actor_api_key_id = row.Text(3);
  event.organization_id = row.Text(4);
  event.action = row.Text(5);
  event.resource_id = row.Text(6);
  event.details = row.Text(7);
  return event;
}

absl::Time ReadTime(const storage::Statement& row) { return FromMicros(row.Int(0)); }

}  // namespace

// ---- Sessions and refresh tokens

absl::Status SqliteRegistryTransaction::InsertSession(const SessionRecord& session) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change("INSERT INTO sessions (id, person_id, create_time_us, "
                             "revoke_time_us) VALUES (?1, ?2, ?3, ?4)"));
  insert.BindAll(session.id, session.person_id, Micros(session.create_time),
                 OptionalMicros(session.revoke_time));
  return insert.Run();
}

absl::StatusOr<SessionRecord> SqliteRegistryTransaction::GetSession(const std::string& id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      Query("SELECT id, person_id, create_time_us, revoke_time_us FROM sessions WHERE id = ?1"));
  select.Bind(1, id);
  LP_ASSIGN_OR_RETURN(std::optional<SessionRecord> found,
                      First<SessionRecord>(select, [](const storage::Statement& row) {
                        return SessionRecord{row.Text(0), row.Text(1), FromMicros(row.Int(2)),
                                             OptionalTime(row, 3)};
                      }));
  if (!found) return absl::NotFoundError(absl::StrCat("session ", id, " not found"));
  return *std::move(found);
}

absl::Status SqliteRegistryTransaction::MarkSessionRevoked(const std::string& id,
                                                           absl::Time revoke_time) {
  LP_ASSIGN_OR_RETURN(storage::Statement update,
                      Change("UPDATE sessions SET revoke_time_us = ?2 WHERE id = ?1"));
  update.BindAll(id, Micros(revoke_time));
  return RunChangingOne(update, absl::StrCat("session ", id));
}

absl::Status SqliteRegistryTransaction::InsertRefreshToken(const RefreshTokenRecord& token) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change("INSERT INTO refresh_tokens (token_hash, session_id, issue_time_us, "
                             "expire_time_us, use_time_us) VALUES (?1, ?2, ?3, ?4, ?5)"));
  insert.BindAll(token.token_hash, token.session_id, Micros(token.issue_time),
                 Micros(token.expire_time), OptionalMicros(token.use_time));
  return insert.Run();
}

absl::StatusOr<std::optional<RefreshTokenRecord>> SqliteRegistryTransaction::FindRefreshToken(
    const std::string& token_hash) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query("SELECT token_hash, session_id, issue_time_us, expire_time_us, "
                            "use_time_us FROM refresh_tokens WHERE token_hash = ?1"));
  select.Bind(1, token_hash);
  return First<RefreshTokenRecord>(select, [](const storage::Statement& row) {
    return RefreshTokenRecord{row.Text(0), row.Text(1), FromMicros(row.Int(2)),
                              FromMicros(row.Int(3)), OptionalTime(row, 4)};
  });
}

absl::Status SqliteRegistryTransaction::MarkRefreshTokenUsed(const std::string& token_hash,
                                                             absl::Time use_time) {
  LP_ASSIGN_OR_RETURN(storage::Statement update,
                      Change("UPDATE refresh_tokens SET use_time_us = ?2 WHERE token_hash = ?1"));
  update.BindAll(token_hash, Micros(use_time));
  return RunChangingOne(update, "refresh token");
}

absl::Status SqliteRegistryTransaction::DeleteRefreshTokensExpiredBefore(absl::Time time) {
  LP_ASSIGN_OR_RETURN(storage::Statement remove,
                      Change("DELETE FROM refresh_tokens WHERE expire_time_us < ?1"));
  remove.Bind(1, Micros(time));
  return remove.Run();
}

// ---- Revocations

absl::Status SqliteRegistryTransaction::InsertRevocation(const Revocation& revocation) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change("INSERT INTO revocations (id, revoke_time_us, expire_time_us) "
                             "VALUES (?1, ?2, ?3)"));
  insert.BindAll(revocation.id, Micros(revocation.revoke_time), Micros(revocation.expire_time));
  return insert.Run();
}

absl::StatusOr<std::vector<Revocation>> SqliteRegistryTransaction::ListRevocationsSince(
    absl::Time since) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query("SELECT id, revoke_time_us, expire_time_us FROM revocations"
                            " WHERE revoke_time_us >= ?1 ORDER BY revoke_time_us, id"));
  // InfinitePast does not fit in microseconds; the epoch is early enough for any revocation.
  select.Bind(1, since == absl::InfinitePast() ? int64_t{0} : Micros(since));
  return Collect<Revocation>(select, [](const storage::Statement& row) {
    return Revocation{row.Text(0), FromMicros(row.Int(1)), FromMicros(row.Int(2))};
  });
}

absl::Status SqliteRegistryTransaction::DeleteRevocationsExpiredBefore(absl::Time time) {
  LP_ASSIGN_OR_RETURN(storage::Statement remove,
                      Change("DELETE FROM revocations WHERE expire_time_us < ?1"));
  remove.Bind(1, Micros(time));
  return remove.Run();
}

// ---- API keys

absl::Status SqliteRegistryTransaction::InsertApiKey(const ApiKey& key,
                                                     const std::string& secret_hash) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change(absl::StrCat("INSERT INTO api_keys (", kApiKeyColumns,
                                          ", secret_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                                          "?8, ?9)")));
  insert.BindAll(key.id, key.organization_id, key.name, static_cast<int>(key.role),
                 Micros(key.create_time), OptionalMicros(key.last_use_time),
                 OptionalMicros(key.revoke_time), key.created_by_person_id, secret_hash);
  return insert.Run();
}

absl::StatusOr<ApiKey> SqliteRegistryTransaction::GetApiKey(const std::string& id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      Query(absl::StrCat("SELECT ", kApiKeyColumns, " FROM api_keys WHERE id = ?1")));
  select.Bind(1, id);
  LP_ASSIGN_OR_RETURN(std::optional<ApiKey> found, First<ApiKey>(select, ReadApiKey));
  if (!found) return absl::NotFoundError(absl::StrCat("API key ", id, " not found"));
  return *std::move(found);
}

absl::StatusOr<std::string> SqliteRegistryTransaction::GetApiKeySecretHash(const std::string& id) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query("SELECT secret_hash FROM api_keys WHERE id = ?1"));
  select.Bind(1, id);
  LP_ASSIGN_OR_RETURN(std::optional<std::string> hash,
                      First<std::string>(select, [](auto& row) { return row.Text(0); }));
  if (!hash) return absl::NotFoundError(absl::StrCat("API key ", id, " not found"));
  return *std::move(hash);
}

absl::StatusOr<std::vector<ApiKey>> SqliteRegistryTransaction::ListApiKeys(
    const std::string& organization_id) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query(absl::StrCat("SELECT ", kApiKeyColumns,
                                         " FROM api_keys WHERE organization_id = ?1"
                                         " ORDER BY create_time_us, id")));
  select.Bind(1, organization_id);
  return Collect<ApiKey>(select, ReadApiKey);
}

absl::Status SqliteRegistryTransaction::MarkApiKeyRevoked(const std::string& id,
                                                          absl::Time revoke_time) {
  LP_ASSIGN_OR_RETURN(storage::Statement update,
                      Change("UPDATE api_keys SET revoke_time_us = ?2 WHERE id = ?1"));
  update.BindAll(id, Micros(revoke_time));
  return RunChangingOne(update, absl::StrCat("API key ", id));
}

absl::Status SqliteRegistryTransaction::RecordApiKeyUse(const std::string& id,
                                                        absl::Time use_time) {
  LP_ASSIGN_OR_RETURN(storage::Statement update,
                      Change("UPDATE api_keys SET last_use_time_us = ?2 WHERE id = ?1"));
  update.BindAll(id, Micros(use_time));
  return RunChangingOne(update, absl::StrCat("API key ", id));
}

// ---- Signing keys

absl::Status SqliteRegistryTransaction::InsertSigningKey(const StoredSigningKey& key) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change("INSERT INTO signing_keys (key_id, public_key, secret_key, "
                             "create_time_us, retire_time_us) VALUES (?1, ?2, ?3, ?4, ?5)"));
  insert.Bind(1, key.key.key_id)
      .BindBlob(2, key.key.public_key)
      .BindBlob(3, key.key.secret_key)
      .Bind(4, Micros(key.create_time))
      .Bind(5, OptionalMicros(key.retire_time));
  return insert.Run();
}

absl::StatusOr<std::vector<StoredSigningKey>> SqliteRegistryTransaction::ListActiveSigningKeys() {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query("SELECT key_id, public_key, secret_key, create_time_us, "
                            "retire_time_us FROM signing_keys WHERE retire_time_us IS NULL"
                            " ORDER BY create_time_us, key_id"));
  return Collect<StoredSigningKey>(select, [](const storage::Statement& row) {
    StoredSigningKey key;
    key.key.key_id = row.Text(0);
    key.key.public_key = row.Blob(1);
    key.key.secret_key = row.Blob(2);
    key.create_time = FromMicros(row.Int(3));
    key.retire_time = OptionalTime(row, 4);
    return key;
  });
}

// ---- Failed sign-ins

absl::Status SqliteRegistryTransaction::InsertLoginFailure(const LoginFailure& failure) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change("INSERT INTO login_failures (id, email, remote_address, time_us) "
                             "VALUES (?1, ?2, ?3, ?4)"));
  insert.BindAll(failure.id, failure.email, failure.remote_address, Micros(failure.time));
  return insert.Run();
}

absl::Status SqliteRegistryTransaction::DeleteLoginFailure(const std::string& id) {
  LP_ASSIGN_OR_RETURN(storage::Statement remove,
                      Change("DELETE FROM login_failures WHERE id = ?1"));
  remove.Bind(1, id);
  return remove.Run();
}

absl::StatusOr<std::vector<absl::Time>> SqliteRegistryTransaction::LoginFailureTimesForEmail(
    const std::string& email, absl::Time since) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query("SELECT time_us FROM login_failures"
                            " WHERE email = ?1 AND time_us >= ?2 ORDER BY time_us"));
  select.BindAll(email, Micros(since));
  return Collect<absl::Time>(select, ReadTime);
}

absl::StatusOr<std::vector<absl::Time>> SqliteRegistryTransaction::LoginFailureTimesForAddress(
    const std::string& remote_address, absl::Time since) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query("SELECT time_us FROM login_failures"
                            " WHERE remote_address = ?1 AND time_us >= ?2 ORDER BY time_us"));
  select.BindAll(remote_address, Micros(since));
  return Collect<absl::Time>(select, ReadTime);
}

absl::Status SqliteRegistryTransaction::DeleteLoginFailuresBefore(absl::Time time) {
  LP_ASSIGN_OR_RETURN(storage::Statement remove,
                      Change("DELETE FROM login_failures WHERE time_us < ?1"));
  remove.Bind(1, Micros(time));
  return remove.Run();
}

// ---- Audit trail

absl::Status SqliteRegistryTransaction::InsertAuditEvent(const AuditEvent& event) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change(absl::StrCat("INSERT INTO audit_events (", kAuditColumns,
                                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")));
  insert.BindAll(event.id, Micros(event.time), event.actor_person_id, event.actor_api_key_id,
                 event.organization_id, event.action, event.resource_id, event.details);
  return insert.Run();
}

absl::StatusOr<std::vector<AuditEvent>> SqliteRegistryTransaction::ListAuditEvents(
    const std::string& organization_id, const std::optional<AuditCursor>& before, int limit) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query(absl::StrCat("SELECT ", kAuditColumns,
                                         " FROM audit_events"
                                         " WHERE (?1 = '' OR organization_id = ?1)"
                                         "   AND (?2 IS NULL OR (time_us, id) < (?2, ?3))"
                                         " ORDER BY time_us DESC, id DESC LIMIT ?4")));
  select.Bind(1, organization_id).Bind(4, limit);
  if (before) {
    select.Bind(2, Micros(before->time)).Bind(3, before->id);
  } else {
    select.BindNull(2).BindNull(3);
  }
  return Collect<AuditEvent>(select, ReadAuditEvent);
}

}  // namespace leerpool::registry::sqlite_internal
