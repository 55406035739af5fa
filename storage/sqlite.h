#ifndef LEERPOOL_STORAGE_SQLITE_H_
#define LEERPOOL_STORAGE_SQLITE_H_

// A small RAII layer over SQLite shared by every service's SQLite repositories.
// Nothing here knows about gRPC or any service's schema.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/status_macros.h"
#include "storage/migration.h"

struct sqlite3;
struct sqlite3_stmt;

namespace leerpool::storage {

enum class Synchronous { kOff, kNormal, kFull, kExtra };

struct Options {
  // A file path, or ":memory:" for a private in-memory database (tests).
  std::string path = ":memory:";
  // FULL by default: a committed transaction survives a power cut.
  Synchronous synchronous = Synchronous::kFull;
  std::chrono::milliseconds busy_timeout{5000};
  bool read_only = false;
};

// Parses "off", "normal", "full" or "extra" (any case).
absl::StatusOr<Synchronous> ParseSynchronous(std::string_view text);

// Maps an SQLite result code to a status: constraint violations of UNIQUE/PRIMARY KEY become
// ALREADY_EXISTS, other constraint violations (FOREIGN KEY, CHECK, NOT NULL, RAISE(ABORT) in a
// trigger) FAILED_PRECONDITION, BUSY/LOCKED UNAVAILABLE, anything else INTERNAL. The message
// carries `context` and SQLite's own message (for RAISE(ABORT, 'text') in a trigger, that is
// 'text'). SQLITE_OK gives an OK status, so a call's result can be passed straight through.
absl::Status StatusFromSqlite(int result_code, sqlite3* db, std::string_view context);

class Database;

// A prepared statement borrowed from the connection's cache. Bind parameters by 1-based
// index, then Step() through rows or Run() for statements that return none. On destruction
// the statement is reset and its bindings cleared so the cache can hand it out again.
// Every Statement must be destroyed before the Database it came from.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& BindNull(int index);
  Statement& BindBlob(int index, std::string_view bytes);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }
  // Binds every argument in order, starting at index 1.
  template <typename... Args>
  Statement& BindAll(const Args&... args) {
    int index = 0;
    (Bind(++index, args), ...);
    return *this;
  }

  // Advances to the next row: true when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Runs the statement to completion, ignoring any rows, then resets it (keeping the
  // bindings) so it can be bound and run again.
  absl::Status Run();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  std::string Blob(int column) const;
  std::optional<std::string> OptionalText(int column) const;

 private:
  friend class Database;
  Statement(Database* db, sqlite3_stmt* stmt, bool owned);

  Database* db_;
  sqlite3_stmt* stmt_;
  // False when the statement is in the connection's cache; true when it was prepared for
  // this use only (the cached copy was busy) and must be finalized.
  bool owned_;
  // The first binding error, reported by Step()/Run() so call sites can chain Bind().
  absl::Status bind_status_;
};

// One SQLite connection: WAL journal, foreign keys on, busy timeout, chosen synchronous
// level. Not thread-safe: a service gives each thread its own connection or guards one with a
// mutex.
class Database {
 public:
  static absl::StatusOr<std::unique_ptr<Database>> Open(const Options& options);
  // Finalizes the cached statements and closes the connection. Statements and Transactions
  // must not outlive it; that is a bug in the caller.
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Applies, in order and each in its own transaction, every migration whose version is
  // above the recorded schema version. Fails (changing nothing further) when the list skips
  // a version, or when the database was migrated by a newer binary than this one.
  // Migration SQL runs inside that transaction with foreign keys on, so it must not contain
  // BEGIN/COMMIT/ROLLBACK, and cannot switch foreign keys off (use PRAGMA defer_foreign_keys).
  absl::Status Migrate(std::span<const Migration> migrations);
  // The highest applied migration version, 0 for a new database.
  absl::StatusOr<int> SchemaVersion();

  // Returns a prepared statement for `sql`, from the cache when possible. `sql` must hold
  // exactly one statement (INVALID_ARGUMENT otherwise). The cache is keyed by the exact text
  // and never shrinks, so pass constant SQL and bind the data.
  absl::StatusOr<Statement> Prepare(std::string_view sql);
  // Runs one or more statements without parameters (DDL, pragmas). Never pass user input.
  absl::Status Execute(std::string_view sql);

  // Copies the whole database to `path` with SQLite's online backup API while it stays in
  // use. The copy is written to `path` + ".backup-tmp" and renamed over `path` when complete.
  absl::Status BackupTo(const std::string& path);

  int64_t LastInsertRowId() const;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int Changes() const;

  sqlite3* handle() const { return db_; }
  const Options& options() const { return options_; }

 private:
  friend class Statement;
  Database(sqlite3* db, Options options);
  void Release(sqlite3_stmt* stmt);

  sqlite3* db_;
  Options options_;
  struct CachedStatement {
    sqlite3_stmt* stmt;
    bool in_use;
  };
  std::unordered_map<std::string, CachedStatement> cache_;
};

// RAII transaction: rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  enum class Mode { kDeferred, kImmediate };
  // IMMEDIATE takes the write lock at once, so a read-then-write transaction cannot fail
  // halfway with SQLITE_BUSY; use it for every transaction that writes.
  static absl::StatusOr<Transaction> Begin(Database& db, Mode mode = Mode::kImmediate);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  // On UNAVAILABLE (COMMIT was busy) the transaction stays open: Commit may be retried, or
  // destruction rolls it back. ABORTED means SQLite had already rolled it back after an
  // earlier error, so nothing was committed.
  absl::Status Commit();
  absl::Status Rollback();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
  bool open_ = true;
};

// Steps through every row of `statement`, turning each into a T with `read`.
template <typename T, typename ReadRow>
absl::StatusOr<std::vector<T>> CollectRows(Statement& statement, ReadRow read) {
  std::vector<T> rows;
  for (;;) {
    LP_ASSIGN_OR_RETURN(const bool has_row, statement.Step());
    if (!has_row) return rows;
    rows.push_back(read(statement));
  }
}

// Runs a service store's units of work on one connection: one at a time, each in its own
// transaction (IMMEDIATE for writers, so a read-modify-write cannot interleave with another
// process's; DEFERRED for readers, a WAL snapshot that does not block writers), committed when
// the work succeeds and rolled back otherwise. A unit of work started inside another on the
// same thread is an error rather than a deadlock.
class TransactionRunner {
 public:
  explicit TransactionRunner(Database& db) : db_(db) {}
  absl::Status Run(bool read_only, absl::FunctionRef<absl::Status()> work);

 private:
  Database& db_;
  std::mutex mutex_;
};

}  // namespace leerpool::storage

#endif  // LEERPOOL_STORAGE_SQLITE_H_
