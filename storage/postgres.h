#ifndef LEERPOOL_STORAGE_POSTGRES_H_
#define LEERPOOL_STORAGE_POSTGRES_H_

// A small RAII layer over libpq, PostgreSQL's own client library, for the services'
// PostgreSQL repositories: the scale-out counterpart of storage/sqlite.h. It keeps the same
// rules: parameters are always bound ($1, $2, ...), never spliced into SQL; statements are
// prepared once per connection; every failure is an absl::Status, never an exception.
//
// Values travel in PostgreSQL's text format. Times are stored as BIGINT microseconds, as on
// SQLite, so both backends hold the same numbers and the repositories convert them the same way.

#include <chrono>
#include <condition_variable>
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
#include "storage/migration.h"

struct pg_conn;
struct pg_result;

namespace leerpool::storage::pg {

// True when a --db value names a PostgreSQL database ("postgresql://..." or "postgres://...").
bool IsPostgresUrl(std::string_view db);

// `url` (a postgresql:// URL) naming database `name` instead of its own.
std::string WithDatabase(const std::string& url, const std::string& name);

struct Options {
  // A libpq connection URI (postgresql://user@host:port/dbname?...) or key=value string.
  std::string url;
  // Connections kept open by a Pool.
  int connections = 4;
  std::chrono::seconds connect_timeout{5};
};

// Maps a SQLSTATE to the same status codes the SQLite layer gives, so a repository's callers
// cannot tell the backends apart: unique_violation -> ALREADY_EXISTS; exclusion, foreign key,
// check and not-null violations and RAISE EXCEPTION -> FAILED_PRECONDITION; serialization
// failure and deadlock -> ABORTED (the unit of work is retried); connection and shutdown
// errors -> UNAVAILABLE; anything else INTERNAL. The message is `context`: the server's text.
absl::Status StatusFromSqlState(std::string_view sqlstate, std::string_view message,
                                std::string_view context);

// The parameters of one statement, in order ($1, $2, ...).
class Params {
 public:
  Params& Add(int64_t value);
  Params& Add(int value) { return Add(static_cast<int64_t>(value)); }
  Params& Add(bool value);
  Params& Add(double value);
  Params& Add(std::string_view value);
  Params& Add(const std::string& value) { return Add(std::string_view(value)); }
  Params& Add(const char* value) { return Add(std::string_view(value)); }
  Params& AddNull();
  // Binary data for a BYTEA parameter.
  Params& AddBytes(std::string_view bytes);
  template <typename T>
  Params& Add(const std::optional<T>& value) {
    return value ? Add(*value) : AddNull();
  }
  template <typename... Args>
  static Params Of(const Args&... args) {
    Params params;
    (params.Add(args), ...);
    return params;
  }

  int size() const { return static_cast<int>(values_.size()); }

 private:
  friend class Connection;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> formats_;  // 0 text, 1 binary
};

// The rows of one statement (owns the libpq result).
class Result {
 public:
  Result() = default;
  Result(Result&& other) noexcept;
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result();

  int size() const;
  bool empty() const { return size() == 0; }
  // Rows changed by INSERT/UPDATE/DELETE.
  int64_t affected_rows() const;

  bool IsNull(int row, int column) const;
  int64_t Int(int row, int column) const;
  double Double(int row, int column) const;
  bool Bool(int row, int column) const;
  std::string Text(int row, int column) const;
  std::optional<std::string> OptionalText(int row, int column) const;
  // A BYTEA column.
  std::string Bytes(int row, int column) const;

 private:
  friend class Connection;
  explicit Result(pg_result* result) : result_(result) {}
  pg_result* result_ = nullptr;
};

// One connection. Not thread-safe: a Pool hands each unit of work its own.
class Connection {
 public:
  // UNAVAILABLE, naming the server (never the password), when it cannot be reached.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const Options& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement with its parameters; prepared on first use on this connection and
  // cached by its exact text, so pass constant SQL and bind the data.
  absl::StatusOr<Result> Exec(std::string_view sql, const Params& params = {});
  template <typename... Args>
  absl::StatusOr<Result> Query(std::string_view sql, const Args&... args) {
    return Exec(sql, Params::Of(args...));
  }
  // Runs a script without parameters (DDL, migrations). Never pass user input.
  absl::Status Execute(std::string_view sql);

  // Applies every migration above the recorded version, each in its own transaction, under
  // an advisory lock so replicas starting together apply each migration once.
  absl::Status Migrate(std::span<const Migration> migrations);
  absl::StatusOr<int> SchemaVersion();

  // False once the server has gone away; a Pool then reconnects before the next use.
  bool healthy() const;
  absl::Status Reconnect();
  bool in_transaction() const;
  // In a transaction in which a statement failed (only ROLLBACK is possible).
  bool transaction_failed() const;

 private:
  Connection(pg_conn* conn, Options options) : conn_(conn), options_(std::move(options)) {}
  absl::Status StatusOf(const pg_result* result, std::string_view context) const;

  pg_conn* conn_;
  Options options_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
};

// RAII transaction: rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  enum class Isolation { kReadCommitted, kRepeatableRead, kSerializable };
  static absl::StatusOr<Transaction> Begin(Connection& connection, Isolation isolation,
                                           bool read_only = false);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  absl::Status Commit();
  absl::Status Rollback();

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}
  Connection* connection_;
  bool open_ = true;
};

// A fixed set of connections shared by a store's threads.
class Pool {
 public:
  // Opens every connection now, so an unreachable server fails start-up with a clear message.
  static absl::StatusOr<std::unique_ptr<Pool>> Open(const Options& options);

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Waits for a free connection; one whose server went away is reconnected first
  // (UNAVAILABLE when that fails, so the caller's call fails cleanly and the next one retries).
  absl::StatusOr<Lease> Acquire();
  const Options& options() const { return options_; }

 private:
  explicit Pool(Options options) : options_(std::move(options)) {}
  void Return(std::unique_ptr<Connection> connection);

  Options options_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Runs a repository's units of work, each in its own SERIALIZABLE transaction on a pooled
// connection: the same all-or-nothing, one-at-a-time meaning as SQLite's single writer, so a
// rule checked in a unit of work still holds when it commits. A serialization failure or
// deadlock (ABORTED) reruns the work, up to a few times, after a short random wait that grows
// with each attempt; the work must therefore keep its effects inside the transaction (or
// overwrite them on each run).
class TransactionRunner {
 public:
  explicit TransactionRunner(Pool& pool, int attempts = 8) : pool_(pool), attempts_(attempts) {}
  absl::Status Run(bool read_only, absl::FunctionRef<absl::Status(Connection&)> work);

 private:
  Pool& pool_;
  int attempts_;
};

}  // namespace leerpool::storage::pg

#endif  // LEERPOOL_STORAGE_POSTGRES_H_
