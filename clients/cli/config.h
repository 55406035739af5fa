#ifndef LEERPOOL_CLIENTS_CLI_CONFIG_H_
#define LEERPOOL_CLIENTS_CLI_CONFIG_H_

// Where the `leerpool` command finds the services and the caller's token: flags win over the
// environment, which wins over the config file, which wins over the defaults (a local
// `scripts/run`).

#include <filesystem>
#include <string>

#include "absl/status/statusor.h"

namespace leerpool::cli {

struct Config {
  std::string registry = "127.0.0.1:50051";
  std::string catalogue = "127.0.0.1:50052";
  std::string booking = "127.0.0.1:50053";
  std::string token;
  std::string refresh_token;
  // The organisation commands act for when none is given (set by `login`).
  std::string organization_id;
  std::string email;
};

// $XDG_CONFIG_HOME/leerpool/config.json, or ~/.config/leerpool/config.json.
std::filesystem::path DefaultConfigPath();

// A missing file is the defaults; a malformed one is an error naming the file.
absl::StatusOr<Config> LoadConfig(const std::filesystem::path& path);
// Writes atomically with mode 0600: the file holds a bearer token.
absl::Status SaveConfig(const std::filesystem::path& path, const Config& config);

// Overrides `config` with LEERPOOL_REGISTRY_ADDR, LEERPOOL_CATALOGUE_ADDR,
// LEERPOOL_BOOKING_ADDR, LEERPOOL_TOKEN and LEERPOOL_ORGANIZATION when set.
void ApplyEnvironment(Config& config);

}  // namespace leerpool::cli

#endif  // LEERPOOL_CLIENTS_CLI_CONFIG_H_
