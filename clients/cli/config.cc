#include "clients/cli/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace leerpool::cli {
namespace {

using nlohmann::json;

const char* Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

}  // namespace

std::filesystem::path DefaultConfigPath() {
  if (const char* xdg = Env("XDG_CONFIG_HOME")) {
    return std::filesystem::path(xdg) / "leerpool" / "config.json";
  }
  const char* home = Env("HOME");
  return std::filesystem::path(home != nullptr ? home : ".") / ".config" / "leerpool" /
         "config.json";
}

absl::StatusOr<Config> LoadConfig(const std::filesystem::path& path) {
  Config config;
  std::ifstream file(path);
  if (!file) return config;
  std::stringstream text;
  text << file.rdbuf();
  json parsed = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path.string(), ": not a JSON object; fix or delete it"));
  }
  auto read = [&parsed](const char* key, std::string& into) {
    auto it = parsed.find(key);
    if (it != parsed.end() && it->is_string()) into = it->get<std::string>();
  };
  read("registry", config.registry);
  read("catalogue", config.catalogue);
  read("booking", config.booking);
  read("token", config.token);
  read("refresh_token", config.refresh_token);
  read("organization_id", config.organization_id);
  read("email", config.email);
  return config;
}

absl::Status SaveConfig(const std::filesystem::path& path, const Config& config) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot create ", path.parent_path().string(), ": ", error.message()));
  }
  const json object = {{"registry", config.registry},
                       {"catalogue", config.catalogue},
                       {"booking", config.booking},
                       {"token", config.token},
                       {"refresh_token", config.refresh_token},
                       {"organization_id", config.organization_id},
                       {"email", config.email}};
  const std::filesystem::path temporary = path.string() + ".tmp";
  // A fresh file created 0600 (never an old one reused with its old mode, never through a
  // link), so the token is not readable by others at any moment; then renamed into place.
  std::filesystem::remove(temporary, error);
  const int fd =
      open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return absl::InternalError(absl::StrCat("cannot create ", temporary.string()));
  const std::string text = object.dump(2) + "\n";
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const bool ok = written == text.size() && fsync(fd) == 0;
  close(fd);
  if (!ok) return absl::InternalError(absl::StrCat("cannot write ", temporary.string()));
  std::filesystem::rename(temporary, path, error);
  if (error) {
    return absl::InternalError(absl::StrCat("cannot write ", path.string(), ": ", error.message()));
  }
  return absl::OkStatus();
}

void ApplyEnvironment(Config& config) {
  if (const char* value = Env("LEERPOOL_REGISTRY_ADDR")) config.registry = value;
  if (const char* value = Env("LEERPOOL_CATALOGUE_ADDR")) config.catalogue = value;
  if (const char* value = Env("LEERPOOL_BOOKING_ADDR")) config.booking = value;
  if (const char* value = Env("LEERPOOL_TOKEN")) config.token = value;
  if (const char* value = Env("LEERPOOL_ORGANIZATION")) config.organization_id = value;
}

}  // namespace leerpool::cli
