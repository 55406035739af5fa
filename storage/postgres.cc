#include "storage/postgres.h"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <thread>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "services/common/status_macros.h"

namespace leerpool::storage::pg {
namespace {

absl::string_view AsAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// Marks statuses worth running the unit of work again for (serialization failure, deadlock),
// so the runner never retries an ABORTED that a repository chose for its own reasons.
constexpr char kRetryPayload[] = "leerpool.storage.pg/retry";

// The key of the advisory lock held while migrating; any constant shared by every binary.
constexpr int64_t kMigrationLockKey = 0x6c656572706f6f6c;  // "leerpool"

constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

std::string Trimmed(const char* text) {
  return text == nullptr ? std::string() : std::string(absl::StripTrailingAsciiWhitespace(text));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool IsPostgresUrl(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

std::string WithDatabase(const std::string& url, const std::string& name) {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const size_t query = url.find('?', slash == std::string::npos ? 0 : slash);
  const std::string base = slash == std::string::npos ? url : url.substr(0, slash);
  const std::string rest = query == std::string::npos ? "" : url.substr(query);
  return absl::StrCat(base, "/", name, rest);
}

absl::Status StatusFromSqlState(std::string_view sqlstate, std::string_view message,
                                std::string_view context) {
  const std::string text = absl::StrCat(AsAbsl(context), ": ", AsAbsl(message));
  if (sqlstate == "23505") return absl::AlreadyExistsError(text);
  if (sqlstate.starts_with("23") || sqlstate == "P0001") return absl::FailedPreconditionError(text);
  if (sqlstate == "40001" || sqlstate == "40P01") {
    absl::Status status = absl::AbortedError(text);
    status.SetPayload(kRetryPayload, absl::Cord("1"));
    return status;
  }
  // Connection exceptions, operator intervention (shutdown), insufficient resources, and a
  // lock or statement timeout: the call may work when tried again later.
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57") || sqlstate.starts_with("53") ||
      sqlstate == "55P03") {
    return absl::UnavailableError(text);
  }
  return absl::InternalError(text);
}

// ---- Params

Params& Params::Add(int64_t value) {
  values_.emplace_back(absl::StrCat(value));
  formats_.push_back(0);
  return *this;
}

Params& Params::Add(bool value) {
  values_.emplace_back(value ? "true" : "false");
  formats_.push_back(0);
  return *this;
}

Params& Params::Add(double value) {
  // Round-trip precision: what is read back is the same double.
  values_.emplace_back(absl::StrFormat("%.17g", value));
  formats_.push_back(0);
  return *this;
}

Params& Params::Add(std::string_view value) {
  values_.emplace_back(std::string(value));
  formats_.push_back(0);
  return *this;
}

Params& Params::AddNull() {
  values_.emplace_back(std::nullopt);
  formats_.push_back(0);
  return *this;
}

Params& Params::AddBytes(std::string_view bytes) {
  values_.emplace_back(std::string(bytes));
  formats_.push_back(1);
  return *this;
}

// ---- Result

Result::Result(Result&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    if (result_ != nullptr) PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

Result::~Result() {
  if (result_ != nullptr) PQclear(result_);
}

int Result::size() const { return result_ == nullptr ? 0 : PQntuples(result_); }

int64_t Result::affected_rows() const {
  if (result_ == nullptr) return 0;
  int64_t rows = 0;
  return absl::SimpleAtoi(PQcmdTuples(result_), &rows) ? rows : 0;
}

bool Result::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

int64_t Result::Int(int row, int column) const {
  int64_t value = 0;
  if (IsNull(row, column)) return 0;
  // A BOOLEAN read as a number.
  const char* text = PQgetvalue(result_, row, column);
  if (text[0] == 't' && text[1] == '\0') return 1;
  if (text[0] == 'f' && text[1] == '\0') return 0;
  return absl::SimpleAtoi(text, &value) ? value : 0;
}

double Result::Double(int row, int column) const {
  double value = 0;
  if (IsNull(row, column)) return 0;
  return absl::SimpleAtod(PQgetvalue(result_, row, column), &value) ? value : 0;
}

bool Result::Bool(int row, int column) const { return Int(row, column) != 0; }

std::string Result::Text(int row, int column) const {
  if (IsNull(row, column)) return "";
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<size_t>(PQgetlength(result_, row, column)));
}

std::optional<std::string> Result::OptionalText(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Text(row, column);
}

std::string Result::Bytes(int row, int column) const {
  // BYTEA in text format is "\x" followed by two hex digits per byte.
  const std::string text = Text(row, column);
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x') return text;
  std::string bytes;
  bytes.reserve((text.size() - 2) / 2);
  for (size_t i = 2; i + 1 < text.size(); i += 2) {
    const int high = HexValue(text[i]), low = HexValue(text[i + 1]);
    if (high < 0 || low < 0) break;
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

// ---- Connection

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const Options& options) {
  const std::string timeout = absl::StrCat(options.connect_timeout.count());
  // Keywords before "dbname" are defaults the URL may override.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "leerpool", options.url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return absl::ResourceExhaustedError("libpq could not allocate a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    // libpq's message names host and port; the password is never part of it.
    absl::Status status = absl::UnavailableError(
        absl::StrCat("cannot connect to PostgreSQL: ", Trimmed(PQerrorMessage(conn))));
    PQfinish(conn);
    return status;
  }
  auto connection = std::unique_ptr<Connection>(new Connection(conn, options));
  // Quiet NOTICEs (e.g. "relation already exists, skipping") would otherwise go to stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  LP_RETURN_IF_ERROR(connection->Execute("SET TIME ZONE 'UTC'"));
  return connection;
}

Connection::~Connection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

bool Connection::healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

bool Connection::transaction_failed() const {
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

bool Connection::in_transaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

absl::Status Connection::Reconnect() {
  PQreset(conn_);
  prepared_.clear();
  if (!healthy()) {
    return absl::UnavailableError(
        absl::StrCat("PostgreSQL is unreachable: ", Trimmed(PQerrorMessage(conn_))));
  }
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  return Execute("SET TIME ZONE 'UTC'");
}

absl::Status Connection::StatusOf(const pg_result* result, std::string_view context) const {
  if (result == nullptr || !healthy()) {
    return absl::UnavailableError(absl::StrCat(AsAbsl(context), ": the connection to PostgreSQL ",
                                               "was lost: ", Trimmed(PQerrorMessage(conn_))));
  }
  const ExecStatusType status = PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    return absl::OkStatus();
  }
  const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  return StatusFromSqlState(sqlstate == nullptr ? "" : sqlstate,
                            primary == nullptr ? Trimmed(PQresultErrorMessage(result)) : primary,
                            context);
}

absl::StatusOr<Result> Connection::Exec(std::string_view sql, const Params& params) {
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it == prepared_.end()) {
    std::string name = absl::StrCat("lp", prepared_.size() + 1);
    Result prepared(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
    LP_RETURN_IF_ERROR(StatusOf(prepared.result_, absl::StrCat("preparing `", AsAbsl(sql), "`")));
    it = prepared_.emplace(std::move(key), std::move(name)).first;
  }
  std::vector<const char*> values(params.values_.size());
  std::vector<int> lengths(params.values_.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const std::optional<std::string>& value = params.values_[i];
    values[i] = value ? value->data() : nullptr;
    lengths[i] = value ? static_cast<int>(value->size()) : 0;
  }
  Result result(PQexecPrepared(conn_, it->second.c_str(), params.size(), values.data(),
                               lengths.data(), params.formats_.data(), /*resultFormat=*/0));
  LP_RETURN_IF_ERROR(StatusOf(result.result_, sql.substr(0, 120)));
  return result;
}

absl::Status Connection::Execute(std::string_view sql) {
  const std::string text(sql);
  Result result(PQexec(conn_, text.c_str()));
  return StatusOf(result.result_, sql.substr(0, 120));
}

absl::StatusOr<int> Connection::SchemaVersion() {
  LP_ASSIGN_OR_RETURN(Result exists, Exec("SELECT to_regclass('schema_migrations') IS NOT NULL"));
  if (!exists.Bool(0, 0)) return 0;
  LP_ASSIGN_OR_RETURN(Result max, Exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return static_cast<int>(max.Int(0, 0));
}

absl::Status Connection::Migrate(std::span<const Migration> migrations) {
  LP_RETURN_IF_ERROR(ValidateMigrations(migrations));
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  LP_ASSIGN_OR_RETURN(const int initial, SchemaVersion());
  LP_RETURN_IF_ERROR(CheckNotNewer(initial, latest));
  if (initial == latest) return absl::OkStatus();
  for (const Migration& migration : migrations.subspan(static_cast<size_t>(initial))) {
    LP_ASSIGN_OR_RETURN(Transaction transaction,
                        Transaction::Begin(*this, Transaction::Isolation::kReadCommitted));
    // Replicas starting together wait here; the one that got the lock first migrates, the
    // others then find the version recorded.
    LP_RETURN_IF_ERROR(Query("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey).status());
    LP_RETURN_IF_ERROR(Execute(kCreateMigrationsTable));
    LP_ASSIGN_OR_RETURN(const int current, SchemaVersion());
    LP_RETURN_IF_ERROR(CheckNotNewer(current, latest));
    if (current >= migration.version) continue;
    const std::string context =
        absl::StrCat("applying migration ", migration.version, " (", migration.name, ")");
    if (absl::Status applied = Execute(migration.sql); !applied.ok()) {
      return absl::Status(applied.code(), absl::StrCat(context, ": ", applied.message()));
    }
    if (PQtransactionStatus(conn_) != PQTRANS_INTRANS) {
      return absl::InternalError(
          absl::StrCat(context,
                       ": the migration ended the enclosing transaction; migrations must not "
                       "contain BEGIN, COMMIT or ROLLBACK"));
    }
    LP_RETURN_IF_ERROR(Query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                             migration.version, migration.name)
                           .status());
    LP_RETURN_IF_ERROR(transaction.Commit());
  }
  return absl::OkStatus();
}

// ---- Transaction

absl::StatusOr<Transaction> Transaction::Begin(Connection& connection, Isolation isolation,
                                               bool read_only) {
  const char* begin = "BEGIN ISOLATION LEVEL SERIALIZABLE";
  if (isolation == Isolation::kReadCommitted) begin = "BEGIN ISOLATION LEVEL READ COMMITTED";
  if (isolation == Isolation::kRepeatableRead) begin = "BEGIN ISOLATION LEVEL REPEATABLE READ";
  LP_RETURN_IF_ERROR(connection.Execute(begin));
  if (read_only) LP_RETURN_IF_ERROR(connection.Execute("SET TRANSACTION READ ONLY"));
  return Transaction(&connection);
}

Transaction::Transaction(Transaction&& other) noexcept
    : connection_(other.connection_), open_(std::exchange(other.open_, false)) {}

Transaction::~Transaction() {
  if (open_) (void)Rollback();
}

absl::Status Transaction::Commit() {
  if (!open_) return absl::FailedPreconditionError("transaction is not open");
  open_ = false;
  // COMMIT of a transaction in which a statement failed rolls back and reports success, so
  // that case is caught here.
  if (connection_->transaction_failed()) {
    (void)connection_->Execute("ROLLBACK");
    return absl::AbortedError("a statement in the transaction failed; nothing was committed");
  }
  return connection_->Execute("COMMIT");
}

absl::Status Transaction::Rollback() {
  if (!open_) return absl::OkStatus();
  open_ = false;
  if (!connection_->healthy()) return absl::OkStatus();  // The server rolled it back.
  return connection_->Execute("ROLLBACK");
}

// ---- Pool

absl::StatusOr<std::unique_ptr<Pool>> Pool::Open(const Options& options) {
  if (options.connections < 1) return absl::InvalidArgumentError("connections: at least 1");
  auto pool = std::unique_ptr<Pool>(new Pool(options));
  for (int i = 0; i < options.connections; ++i) {
    LP_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Connection::Open(options));
    pool->idle_.push_back(std::move(connection));
  }
  return pool;
}

Pool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->Return(std::move(connection_));
}

void Pool::Return(std::unique_ptr<Connection> connection) {
  // A unit of work that ended without COMMIT or ROLLBACK must not leak into the next one.
  if (connection->healthy() && connection->in_transaction()) (void)connection->Execute("ROLLBACK");
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

absl::StatusOr<Pool::Lease> Pool::Acquire() {
  std::unique_ptr<Connection> connection;
  {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !idle_.empty(); });
    connection = std::move(idle_.back());
    idle_.pop_back();
  }
  Lease lease(this, std::move(connection));
  if (!lease->healthy()) LP_RETURN_IF_ERROR(lease->Reconnect());
  return lease;
}

// ---- TransactionRunner

namespace {

// Before a rerun: a random wait up to a cap that doubles with each attempt (200 µs, 400 µs,
// ... at most 20 ms). Rerunning at once let the same writers collide again: four writers of
// one row sometimes used up 50 attempts.
void WaitBeforeRerun(int attempt) {
  thread_local std::minstd_rand random{std::random_device{}()};
  const int64_t cap_us = std::min<int64_t>(int64_t{200} << std::min(attempt, 10), 20000);
  std::uniform_int_distribution<int64_t> wait_us(0, cap_us);
  std::this_thread::sleep_for(std::chrono::microseconds(wait_us(random)));
}

}  // namespace

absl::Status TransactionRunner::Run(bool read_only,
                                    absl::FunctionRef<absl::Status(Connection&)> work) {
  absl::Status status;
  for (int attempt = 0; attempt < attempts_; ++attempt) {
    if (attempt > 0) WaitBeforeRerun(attempt - 1);
    LP_ASSIGN_OR_RETURN(Pool::Lease lease, pool_.Acquire());
    status = [&]() -> absl::Status {
      LP_ASSIGN_OR_RETURN(
          Transaction transaction,
          Transaction::Begin(*lease, Transaction::Isolation::kSerializable, read_only));
      LP_RETURN_IF_ERROR(work(*lease));
      return transaction.Commit();
    }();
    if (!status.GetPayload(kRetryPayload).has_value()) return status;
  }
  return status;
}

}  // namespace leerpool::storage::pg
