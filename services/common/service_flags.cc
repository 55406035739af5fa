#include "services/common/service_flags.h"

#include <chrono>

#include "services/common/status_macros.h"

namespace leerpool {

absl::StatusOr<storage::Options> ServiceFlags::StorageOptions() const {
  storage::Options options;
  options.path = db_path;
  LP_ASSIGN_OR_RETURN(options.synchronous, storage::ParseSynchronous(synchronous));
  options.busy_timeout = std::chrono::milliseconds(busy_timeout_ms);
  return options;
}

std::string ServiceFlags::DbForLogs() const {
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  const size_t scheme = db_path.find("://");
  if (scheme == std::string::npos) return db_path;
  const size_t at = db_path.find('@', scheme + 3);
  const size_t colon = db_path.find(':', scheme + 3);
  std::string redacted = db_path;
  if (at != std::string::npos && colon != std::string::npos && colon < at) {
    redacted.replace(colon + 1, at - colon - 1, "***");
  }
  // A password given as a query parameter (?password=...).
  const size_t password = redacted.find("password=");
  if (password != std::string::npos) {
    const size_t end = redacted.find('&', password);
    redacted.replace(password + 9,
                     (end == std::string::npos ? redacted.size() : end) - password - 9, "***");
  }
  return redacted;
}

void AddServiceFlags(CLI::App& app, ServiceFlags& flags, const std::string& env_prefix,
                     const std::string& default_listen, const std::string& default_db) {
  flags.listen = default_listen;
  flags.db_path = default_db;
  app.add_option("--listen", flags.listen, "gRPC listen address host:port (port 0: any free)")
      ->envname(env_prefix + "_LISTEN")
      ->capture_default_str();
  app.add_option("--db", flags.db_path,
                 "SQLite database file (created when missing), or a PostgreSQL URL "
                 "postgresql://user@host:port/dbname (password from PGPASSWORD or ~/.pgpass)")
      ->envname(env_prefix + "_DB")
      ->capture_default_str();
  app.add_option("--synchronous", flags.synchronous,
                 "SQLite synchronous level: full (survives power loss), normal, off")
      ->envname(env_prefix + "_SYNCHRONOUS")
      ->capture_default_str();
  app.add_option("--busy-timeout-ms", flags.busy_timeout_ms,
                 "How long a write waits for the database lock before UNAVAILABLE")
      ->envname(env_prefix + "_BUSY_TIMEOUT_MS")
      ->capture_default_str();
}

}  // namespace leerpool
