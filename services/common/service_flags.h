#ifndef LEERPOOL_SERVICES_COMMON_SERVICE_FLAGS_H_
#define LEERPOOL_SERVICES_COMMON_SERVICE_FLAGS_H_

// Command-line flags every service process shares; each also reads LEERPOOL_<NAME>_<FLAG>
// from the environment, so deployments can configure without editing command lines.

#include <CLI/CLI.hpp>
#include <string>

#include "absl/status/statusor.h"
#include "storage/sqlite.h"

namespace leerpool {

struct ServiceFlags {
  std::string listen;
  std::string db_path;
  std::string synchronous = "full";
  int busy_timeout_ms = 5000;

  absl::StatusOr<storage::Options> StorageOptions() const;
  // --db as it may be written to logs: a PostgreSQL URL's password replaced by ***.
  std::string DbForLogs() const;
};

// `env_prefix` is e.g. "LEERPOOL_REGISTRY"; `default_listen` e.g. "127.0.0.1:50051".
void AddServiceFlags(CLI::App& app, ServiceFlags& flags, const std::string& env_prefix,
                     const std::string& default_listen, const std::string& default_db);

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_SERVICE_FLAGS_H_
