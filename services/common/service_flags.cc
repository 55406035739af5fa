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

void AddServiceFlags(CLI::App& app, ServiceFlags& flags, const std::string& env_prefix,
                     const std::string& default_listen, const std::string& default_db) {
  flags.listen = default_listen;
  flags.db_path = default_db;
  app.add_option("--listen", flags.listen, "gRPC listen address host:port (port 0: any free)")
      ->envname(env_prefix + "_LISTEN")
      ->capture_default_str();
  app.add_option("--db", flags.db_path, "SQLite database file (created when missing)")
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
