#include "storage/sqlite.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/status_macros.h"

namespace leerpool::storage {
namespace {

// This abseil build has its own string_view type, which std::string_view does not convert to.
absl::string_view AsAbsl(std::string_view text) { return {text.data(), text.size()}; }

// Error messages quote the statement so an INTERNAL error can be traced to its call site
// without a debugger. Most SQL is written as indented raw strings, hence the whitespace
// folding, and the cut keeps a long INSERT from drowning the actual error.
std::string AbbreviateSql(std::string_view sql) {
  constexpr size_t kMaxLength = 120;
  std::string out;
  bool pending_space = false;
  for (char c : sql) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (out.size() >= kMaxLength) {
      out += "...";
      break;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string StatementContext(sqlite3_stmt* stmt) {
  const char* sql = sqlite3_sql(stmt);
  return absl::StrCat("executing `", AbbreviateSql(sql != nullptr ? sql : ""), "`");
}

// sqlite3_db_filename() is empty for ":memory:" and for anonymous temporary databases,
// neither of which can use WAL.
bool IsFileDatabase(sqlite3* db) {
  const char* name = sqlite3_db_filename(db, "main");
  return name != nullptr && name[0] != '\0';
}

bool IsBusyOrLocked(int result_code) {
  const int primary = result_code & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

// Runs a statement that yields at most one row and returns its first column as text ("" when
// there is no row). Used for the pragmas at open time, before the cache exists.
absl::StatusOr<std::string> QueryText(sqlite3* db, const char* sql, std::string_view context) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  std::string result;
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      if (text != nullptr) result = reinterpret_cast<const char*>(text);
      rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
      rc = SQLITE_OK;
    }
  }
  absl::Status status = StatusFromSqlite(rc, db, absl::StrCat(AsAbsl(context), " (", sql, ")"));
  sqlite3_finalize(stmt);
  if (!status.ok()) return status;
  return result;
}

absl::Status ExecText(sqlite3* db, const char* sql, std::string_view context) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  return StatusFromSqlite(rc, db, absl::StrCat(AsAbsl(context), " (", sql, ")"));
}

const char* SynchronousPragma(Synchronous level) {
  switch (level) {
    case Synchronous::kOff:
      return "PRAGMA synchronous=OFF";
    case Synchronous::kNormal:
      return "PRAGMA synchronous=NORMAL";
    case Synchronous::kFull:
      return "PRAGMA synchronous=FULL";
    case Synchronous::kExtra:
      return "PRAGMA synchronous=EXTRA";
  }
  return "PRAGMA synchronous=FULL";
}

absl::StatusOr<sqlite3_stmt*> PrepareSingle(sqlite3* db, std::string_view sql, unsigned flags) {
  if (sql.size() > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError("SQL text is too long to prepare");
  }
  const std::string context = absl::StrCat("preparing `", AbbreviateSql(sql), "`");
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), flags, &stmt, &tail);
  if (rc != SQLITE_OK) return StatusFromSqlite(rc, db, context);
  if (stmt == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(context, ": no SQL statement in the text"));
  }
  // sqlite3_prepare silently ignores everything after the first statement, which would turn
  // a second statement into a no-op. Whitespace and comments compile to nothing and are fine.
  const std::string_view rest = sql.substr(static_cast<size_t>(tail - sql.data()));
  if (!rest.empty()) {
    sqlite3_stmt* extra = nullptr;
    rc = sqlite3_prepare_v2(db, rest.data(), static_cast<int>(rest.size()), &extra, nullptr);
    sqlite3_finalize(extra);
    if (rc != SQLITE_OK || extra != nullptr) {
      sqlite3_finalize(stmt);
      return absl::InvalidArgumentError(
          absl::StrCat(context, ": Prepare takes exactly one statement; use Execute for scripts"));
    }
  }
  return stmt;
}

constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

}  // namespace

absl::StatusOr<Synchronous> ParseSynchronous(std::string_view text) {
  const std::string lower = absl::AsciiStrToLower(AsAbsl(text));
  if (lower == "off") return Synchronous::kOff;
  if (lower == "normal") return Synchronous::kNormal;
  if (lower == "full") return Synchronous::kFull;
  if (lower == "extra") return Synchronous::kExtra;
  return absl::InvalidArgumentError(absl::StrCat("invalid synchronous level \"", AsAbsl(text),
                                                 "\"; expected off, normal, full or extra"));
}

absl::Status StatusFromSqlite(int result_code, sqlite3* db, std::string_view context) {
  if (result_code == SQLITE_OK) return absl::OkStatus();
  // The connection's message describes its most recent error; when that is not this one
  // (the caller got the code from elsewhere, e.g. a backup step), the generic text is better
  // than "not an error".
  const char* detail = (db != nullptr && sqlite3_errcode(db) != SQLITE_OK)
                           ? sqlite3_errmsg(db)
                           : sqlite3_errstr(result_code);
  const std::string message = absl::StrCat(AsAbsl(context), ": ", detail);
  switch (result_code & 0xff) {
    case SQLITE_CONSTRAINT:
      if (result_code == SQLITE_CONSTRAINT_UNIQUE || result_code == SQLITE_CONSTRAINT_PRIMARYKEY ||
          result_code == SQLITE_CONSTRAINT_ROWID) {
        return absl::AlreadyExistsError(message);
      }
      return absl::FailedPreconditionError(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(message);
    default:
      return absl::InternalError(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Statement

Statement::Statement(Database* db, sqlite3_stmt* stmt, bool owned)
    : db_(db), stmt_(stmt), owned_(owned) {}

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      owned_(other.owned_),
      bind_status_(std::move(other.bind_status_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    // Hands our current statement back (to the cache, or finalizes it) at the end of this
    // block, through the same path as the destructor.
    Statement previous(std::move(*this));
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    owned_ = other.owned_;
    bind_status_ = std::move(other.bind_status_);
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (owned_) {
    sqlite3_finalize(stmt_);
    return;
  }
  // Resetting also ends the implicit read transaction of a half-read SELECT, which would
  // otherwise pin the WAL snapshot and stop checkpoints.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  db_->Release(stmt_);
}

namespace {

// Bind errors are kept rather than returned so call sites can chain Bind(); only the first
// one matters because the statement cannot run either way.
void RecordBindResult(int rc, sqlite3_stmt* stmt, int index, absl::Status& status) {
  if (rc == SQLITE_OK || !status.ok()) return;
  const char* sql = sqlite3_sql(stmt);
  status = StatusFromSqlite(rc, sqlite3_db_handle(stmt),
                            absl::StrCat("binding parameter ", index, " of `",
                                         AbbreviateSql(sql != nullptr ? sql : ""), "`"));
}

absl::Status MovedFromError() {
  return absl::FailedPreconditionError("use of a moved-from Statement");
}

}  // namespace

Statement& Statement::Bind(int index, int64_t value) {
  if (stmt_ == nullptr) return *this;
  RecordBindResult(sqlite3_bind_int64(stmt_, index, value), stmt_, index, bind_status_);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  if (stmt_ == nullptr) return *this;
  RecordBindResult(sqlite3_bind_double(stmt_, index, value), stmt_, index, bind_status_);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  if (stmt_ == nullptr) return *this;
  // A null pointer would bind SQL NULL; an empty view must bind the empty string.
  const char* data = value.data() != nullptr ? value.data() : "";
  RecordBindResult(
      sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), stmt_,
      index, bind_status_);
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (stmt_ == nullptr) return *this;
  RecordBindResult(sqlite3_bind_null(stmt_, index), stmt_, index, bind_status_);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  if (stmt_ == nullptr) return *this;
  // As for text: a null pointer would bind NULL instead of an empty blob.
  const char* data = bytes.data() != nullptr ? bytes.data() : "";
  RecordBindResult(sqlite3_bind_blob64(stmt_, index, data, bytes.size(), SQLITE_TRANSIENT), stmt_,
                   index, bind_status_);
  return *this;
}

absl::StatusOr<bool> Statement::Step() {
  if (stmt_ == nullptr) return MovedFromError();
  if (!bind_status_.ok()) return bind_status_;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return StatusFromSqlite(rc, sqlite3_db_handle(stmt_), StatementContext(stmt_));
}

absl::Status Statement::Run() {
  if (stmt_ == nullptr) return MovedFromError();
  if (!bind_status_.ok()) return bind_status_;
  int rc;
  do {
    rc = sqlite3_step(stmt_);
  } while (rc == SQLITE_ROW);
  absl::Status status =
      rc == SQLITE_DONE ? absl::OkStatus()
                        : StatusFromSqlite(rc, sqlite3_db_handle(stmt_), StatementContext(stmt_));
  // Resetting (but keeping the bindings) lets a caller run the same Statement again, and
  // drops any lock the statement still holds right away rather than at destruction.
  sqlite3_reset(stmt_);
  return status;
}

bool Statement::IsNull(int column) const {
  return stmt_ == nullptr || sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::Int(int column) const {
  return stmt_ == nullptr ? 0 : sqlite3_column_int64(stmt_, column);
}

double Statement::Double(int column) const {
  return stmt_ == nullptr ? 0.0 : sqlite3_column_double(stmt_, column);
}

std::string Statement::Text(int column) const {
  if (stmt_ == nullptr) return {};
  // column_text must come before column_bytes: the former may convert the value, and the
  // byte count refers to the converted form.
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string Statement::Blob(int column) const {
  if (stmt_ == nullptr) return {};
  const void* blob = sqlite3_column_blob(stmt_, column);
  if (blob == nullptr) return {};
  return std::string(static_cast<const char*>(blob),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

// ---------------------------------------------------------------------------------------------
// Database

namespace {

// Process-wide settings, which SQLite accepts only before its first use.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Inside a transaction SQLite keeps, for each statement that might fail halfway, the pages
    // it changes in a statement journal, and empties it when the statement ends. The default
    // spills a journal over 64 KiB to a temporary file, and one reservation's INSERT with its
    // statistics triggers often went over: a file created, written and read back per
    // statement. Kept in memory, a journal is as large as the pages one statement changes.
    // (SQLite 3.40 fails with SQLITE_FULL when a journal outgrows an in-memory threshold above
    // 128 KiB, so "in memory up to N MiB" is not an option.) Savepoints that span many
    // statements make the journal grow with all of them: the booking store's group commit
    // uses them only after a unit of work failed.
    // SQLITE_MISUSE when SQLite was initialised already (by other code in the process): it
    // then keeps its default, which is slower but equally correct.
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
    // SQLite counts every allocation under one process-wide mutex, for sqlite3_memory_used and
    // the soft heap limit, neither of which is used here; every connection on every thread
    // (the group-commit writer, readers, checkpoints) took that mutex per allocation.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

}  // namespace

Database::Database(sqlite3* db, Options options) : db_(db), options_(std::move(options)) {}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const Options& options) {
  ConfigureSqliteOnce();
  const std::string context = absl::StrCat("opening database '", options.path, "'");
  // NOMUTEX: a connection is only ever used by one thread at a time, so SQLite's per-
  // connection mutex would be pure overhead.
  int flags =
      SQLITE_OPEN_NOMUTEX |
      (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
#ifdef SQLITE_OPEN_EXRESCODE
  flags |= SQLITE_OPEN_EXRESCODE;
#endif
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(options.path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = StatusFromSqlite(rc, raw, context);
    sqlite3_close(raw);
    return status;
  }
  // From here on the Database owns the handle, so every early return closes it.
  std::unique_ptr<Database> db(new Database(raw, options));
  sqlite3_extended_result_codes(raw, 1);
  // Set before the journal-mode change, which itself may have to wait for other connections.
  const auto timeout_ms = std::clamp<int64_t>(options.busy_timeout.count(), 0, INT_MAX);
  sqlite3_busy_timeout(raw, static_cast<int>(timeout_ms));

  // A read-only connection cannot change the journal mode; it follows whatever the writers
  // chose. In-memory databases cannot use WAL at all.
  if (!options.read_only && IsFileDatabase(raw)) {
    LP_ASSIGN_OR_RETURN(const std::string mode, QueryText(raw, "PRAGMA journal_mode=WAL", context));
    // SQLite reports the mode it ended up in rather than failing, e.g. on file systems
    // without shared-memory support; without WAL, readers would block the writer.
    if (absl::AsciiStrToLower(mode) != "wal") {
      return absl::InternalError(
          absl::StrCat(context, ": could not enable WAL, journal_mode is \"", mode, "\""));
    }
  }
  LP_RETURN_IF_ERROR(ExecText(raw, "PRAGMA foreign_keys=ON", context));
  // The pragma is silently ignored by builds without foreign-key support, and the schemas
  // rely on it, so check it took.
  LP_ASSIGN_OR_RETURN(const std::string foreign_keys,
                      QueryText(raw, "PRAGMA foreign_keys", context));
  if (foreign_keys != "1") {
    return absl::InternalError(absl::StrCat(context, ": could not enable foreign keys"));
  }
  LP_RETURN_IF_ERROR(ExecText(raw, SynchronousPragma(options.synchronous), context));
  return db;
}

Database::~Database() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  cache_.clear();
  if (sqlite3_close(db_) != SQLITE_OK) {
    // Only an owned Statement that outlived its Database (a caller bug) can get here.
    // close_v2 closes the connection once that statement is finalized instead of leaking it.
    sqlite3_close_v2(db_);
  }
}

void Database::Release(sqlite3_stmt* stmt) {
  // Linear, but the cache holds one entry per distinct SQL text of a service (dozens), and a
  // pointer scan is cheap next to executing the statement.
  for (auto& [sql, cached] : cache_) {
    if (cached.stmt == stmt) {
      cached.in_use = false;
      return;
    }
  }
}

absl::StatusOr<Statement> Database::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(this, it->second.stmt, /*owned=*/false);
  }
  if (it != cache_.end()) {
    // The cached statement is being stepped by an enclosing caller (the same query nested in
    // itself); this use gets its own statement, finalized when it is done.
    LP_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, PrepareSingle(db_, sql, 0));
    return Statement(this, stmt, /*owned=*/true);
  }
  LP_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, PrepareSingle(db_, sql, SQLITE_PREPARE_PERSISTENT));
  cache_.emplace(std::move(key), CachedStatement{stmt, /*in_use=*/true});
  return Statement(this, stmt, /*owned=*/false);
}

absl::Status Database::Execute(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  return StatusFromSqlite(rc, db_, absl::StrCat("executing `", AbbreviateSql(sql), "`"));
}

absl::StatusOr<int> Database::SchemaVersion() {
  // Checked first so that a read-only connection can ask without creating the table.
  LP_ASSIGN_OR_RETURN(
      Statement exists,
      Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"));
  LP_ASSIGN_OR_RETURN(const bool has_table, exists.Step());
  if (!has_table) return 0;
  LP_ASSIGN_OR_RETURN(Statement max_version,
                      Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  LP_ASSIGN_OR_RETURN(const bool has_row, max_version.Step());
  const int64_t version = has_row ? max_version.Int(0) : 0;
  if (version < 0 || version > INT_MAX) {
    return absl::InternalError(absl::StrCat("schema_migrations holds invalid version ", version));
  }
  return static_cast<int>(version);
}

absl::Status Database::Migrate(std::span<const Migration> migrations) {
  LP_RETURN_IF_ERROR(ValidateMigrations(migrations));
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  LP_ASSIGN_OR_RETURN(const int initial, SchemaVersion());
  LP_RETURN_IF_ERROR(CheckNotNewer(initial, latest));
  // Up to date: return without taking the write lock, so starting a service next to a busy
  // one costs nothing.
  if (initial == latest) return absl::OkStatus();
  if (options_.read_only) {
    return absl::FailedPreconditionError(absl::StrCat("database schema version ", initial,
                                                      " is older than this binary's ", latest,
                                                      " and the connection is read-only"));
  }
  for (const Migration& migration : migrations.subspan(static_cast<size_t>(initial))) {
    LP_ASSIGN_OR_RETURN(Transaction transaction,
                        Transaction::Begin(*this, Transaction::Mode::kImmediate));
    // Created inside the first migration's transaction so that a failing first migration
    // leaves the database exactly as it was.
    LP_RETURN_IF_ERROR(Execute(kCreateMigrationsTable));
    // Another process may have migrated between the check above and taking the write lock.
    LP_ASSIGN_OR_RETURN(const int current, SchemaVersion());
    LP_RETURN_IF_ERROR(CheckNotNewer(current, latest));
    if (current >= migration.version) continue;

    const std::string context =
        absl::StrCat("applying migration ", migration.version, " (", migration.name, ")");
    const int rc = sqlite3_exec(db_, migration.sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return StatusFromSqlite(rc, db_, context);
    // A COMMIT or ROLLBACK inside the migration would have ended our transaction, leaving
    // part of the history applied without its version row.
    if (sqlite3_get_autocommit(db_)) {
      return absl::InternalError(
          absl::StrCat(context,
                       ": the migration ended the enclosing transaction; migrations must not "
                       "contain BEGIN, COMMIT or ROLLBACK"));
    }
    LP_ASSIGN_OR_RETURN(Statement record,
                        Prepare("INSERT INTO schema_migrations (version, name, applied_at) "
                                "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"));
    LP_RETURN_IF_ERROR(record.BindAll(migration.version, migration.name).Run());
    LP_RETURN_IF_ERROR(transaction.Commit());
  }
  return absl::OkStatus();
}

absl::Status Database::BackupTo(const std::string& path) {
  namespace fs = std::filesystem;
  const std::string context = absl::StrCat("backing up to '", path, "'");
  if (path.empty()) return absl::InvalidArgumentError(absl::StrCat(context, ": empty path"));
  std::error_code ec;
  if (IsFileDatabase(db_) && fs::equivalent(path, sqlite3_db_filename(db_, "main"), ec)) {
    return absl::InvalidArgumentError(absl::StrCat(context, ": that is the database itself"));
  }

  // The copy is written next to the target and renamed into place, so `path` never holds a
  // half-written backup, even if this process dies mid-copy.
  const std::string temp_path = path + ".backup-tmp";
  const auto remove_temp = [&temp_path] {
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      fs::remove(temp_path + suffix, ignored);
    }
  };
  remove_temp();

  sqlite3* dest = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
#ifdef SQLITE_OPEN_EXRESCODE
  flags |= SQLITE_OPEN_EXRESCODE;
#endif
  int rc = sqlite3_open_v2(temp_path.c_str(), &dest, flags, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_extended_result_codes(dest, 1);
    sqlite3_backup* backup = sqlite3_backup_init(dest, "main", db_, "main");
    if (backup == nullptr) {
      rc = sqlite3_extended_errcode(dest);
    } else {
      // All pages in one step: that copies a single consistent snapshot under one read
      // transaction, which in WAL mode does not block writers. Copying in chunks would
      // restart from scratch whenever another connection commits in between, and so might
      // never finish under steady write load. BUSY/LOCKED (e.g. a rollback-journal writer
      // mid-commit) are retried until the connection's busy timeout has passed.
      const auto deadline = std::chrono::steady_clock::now() + options_.busy_timeout;
      constexpr int kRetrySleepMs = 10;
      while (true) {
        rc = sqlite3_backup_step(backup, -1);
        if (!IsBusyOrLocked(rc) || std::chrono::steady_clock::now() >= deadline) break;
        sqlite3_sleep(kRetrySleepMs);
      }
      const int finish_rc = sqlite3_backup_finish(backup);
      // finish() reports I/O and memory errors of earlier steps, but not BUSY/LOCKED.
      if (rc == SQLITE_DONE) rc = finish_rc;
    }
  }
  absl::Status status = StatusFromSqlite(rc, dest, context);
  const int close_rc = sqlite3_close(dest);
  if (status.ok() && close_rc != SQLITE_OK) {
    status = StatusFromSqlite(close_rc, nullptr, absl::StrCat(context, " (closing the copy)"));
  }
  if (status.ok()) {
    fs::rename(temp_path, path, ec);
    if (ec) {
      status =
          absl::InternalError(absl::StrCat(context, ": renaming ", temp_path, ": ", ec.message()));
    }
  }
  if (!status.ok()) remove_temp();
  return status;
}

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int Database::Changes() const { return sqlite3_changes(db_); }

// ---------------------------------------------------------------------------------------------
// Transaction

absl::StatusOr<Transaction> Transaction::Begin(Database& db, Mode mode) {
  LP_ASSIGN_OR_RETURN(Statement begin,
                      db.Prepare(mode == Mode::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"));
  LP_RETURN_IF_ERROR(begin.Run());
  return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), open_(std::exchange(other.open_, false)) {}

Transaction::~Transaction() {
  if (!open_ || db_ == nullptr) return;
  sqlite3* handle = db_->handle();
  // After some errors SQLite has already rolled back, and a second ROLLBACK would only fail.
  if (sqlite3_get_autocommit(handle)) return;
  sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr);
}

absl::Status Transaction::Commit() {
  if (!open_ || db_ == nullptr) {
    return absl::FailedPreconditionError("Commit on a transaction that is no longer open");
  }
  sqlite3* handle = db_->handle();
  if (sqlite3_get_autocommit(handle)) {
    // SQLite rolled back on its own (I/O error, RAISE(ROLLBACK), OR ROLLBACK conflict), so
    // issuing COMMIT would commit nothing of what the caller did.
    open_ = false;
    return absl::AbortedError(
        "transaction was already rolled back by SQLite after an earlier error; nothing was "
        "committed");
  }
  LP_ASSIGN_OR_RETURN(Statement commit, db_->Prepare("COMMIT"));
  absl::Status status = commit.Run();
  // A COMMIT that failed with BUSY leaves the transaction open (Commit may be retried, or the
  // destructor rolls back); other failures may have rolled it back already. Only the
  // connection's autocommit flag says which.
  if (status.ok() || sqlite3_get_autocommit(handle)) open_ = false;
  return status;
}

absl::Status Transaction::Rollback() {
  if (!open_ || db_ == nullptr) {
    return absl::FailedPreconditionError("Rollback on a transaction that is no longer open");
  }
  sqlite3* handle = db_->handle();
  if (sqlite3_get_autocommit(handle)) {
    open_ = false;
    return absl::OkStatus();
  }
  const int rc = sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr);
  open_ = !sqlite3_get_autocommit(handle);
  return StatusFromSqlite(rc, handle, "executing `ROLLBACK`");
}

absl::Status TransactionRunner::Run(bool read_only, absl::FunctionRef<absl::Status()> work) {
  thread_local const TransactionRunner* active = nullptr;
  if (active == this) {
    return absl::InternalError("a store transaction was started inside another");
  }
  std::lock_guard lock(mutex_);
  active = this;
  struct Reset {
    ~Reset() { active = nullptr; }
  } reset;
  LP_ASSIGN_OR_RETURN(Transaction transaction,
                      Transaction::Begin(db_, read_only ? Transaction::Mode::kDeferred
                                                        : Transaction::Mode::kImmediate));
  // On error the Transaction's destructor rolls everything back.
  LP_RETURN_IF_ERROR(work());
  return transaction.Commit();
}

}  // namespace leerpool::storage
