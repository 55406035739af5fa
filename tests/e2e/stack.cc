#include "tests/e2e/stack.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

extern char** environ;

namespace leerpool::testing {
namespace {

// Set by CMake to the built binaries.
const std::map<std::string, std::string>& Binaries() {
  static const std::map<std::string, std::string> binaries = {
      {"registry", LEERPOOL_REGISTRY_BIN},
      {"catalogue", LEERPOOL_CATALOGUE_BIN},
      {"booking", LEERPOOL_BOOKING_BIN},
      {"gateway", LEERPOOL_GATEWAY_BIN},
  };
  return binaries;
}

std::filesystem::path MakeTempDirectory() {
  std::random_device random;
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              absl::StrCat("leerpool-e2e-", getpid(), "-", random());
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

ChildProcess::ChildProcess(std::string name, std::vector<std::string> argv,
                           std::filesystem::path log, std::vector<std::string> extra_env)
    : name_(std::move(name)),
      argv_(std::move(argv)),
      log_(std::move(log)),
      extra_env_(std::move(extra_env)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) (void)Stop(SIGKILL, std::chrono::seconds(5));
}

absl::Status ChildProcess::Start() {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  // The test runner may have blocked signals; the child must start with a clean mask.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attributes, &empty);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
  std::vector<char*> args;
  for (std::string& arg : argv_) args.push_back(arg.data());
  args.push_back(nullptr);
  std::vector<char*> env;
  for (char** variable = environ; *variable != nullptr; ++variable) env.push_back(*variable);
  for (std::string& variable : extra_env_) env.push_back(variable.data());
  env.push_back(nullptr);
  const int error = posix_spawn(&pid_, args[0], &actions, &attributes, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (error != 0) {
    pid_ = -1;
    return absl::InternalError(absl::StrCat("cannot start ", argv_[0], ": ", strerror(error)));
  }
  return absl::OkStatus();
}

std::string ChildProcess::ReadLog() const {
  std::ifstream in(log_);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

absl::StatusOr<std::string> ChildProcess::WaitListening(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::istringstream lines(ReadLog());
    std::string line;
    while (std::getline(lines, line)) {
      nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
      if (entry.is_discarded() || entry.value("event", "") != "listening") continue;
      if (entry.contains("address")) return entry["address"].get<std::string>();
      if (entry.contains("url")) return entry["url"].get<std::string>();
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return absl::InternalError(absl::StrCat(name_, " exited during start-up:\n", ReadLog()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return absl::DeadlineExceededError(absl::StrCat(name_, " did not start:\n", ReadLog()));
}

absl::StatusOr<int> ChildProcess::Stop(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return absl::FailedPreconditionError(absl::StrCat(name_, " is not running"));
  kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return 128 + WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      pid_ = -1;
      return absl::DeadlineExceededError(absl::StrCat(name_, " did not stop in time"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

namespace {

// A loopback port that was free a moment ago (the kernel's pick for port 0), as "127.0.0.1:N".
absl::StatusOr<std::string> ReserveLoopbackAddress() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  if (!ok) return absl::InternalError("could not find a free loopback port");
  return absl::StrCat("127.0.0.1:", ntohs(address.sin_port));
}

}  // namespace

std::string BinaryPath(const std::string& name) { return Binaries().at(name); }

Stack::Stack(StackOptions options)
    : options_(std::move(options)), directory_(MakeTempDirectory()) {}

Stack::~Stack() {
  StopAll();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::vector<std::string> Stack::ServiceArgv(const std::string& name,
                                            const std::string& listen) const {
  const auto database = options_.databases.find(name);
  std::vector<std::string> argv = {Binaries().at(name),
                                   "--listen",
                                   listen,
                                   "--db",
                                   database != options_.databases.end()
                                       ? database->second
                                       : (directory_ / (name + ".db")).string(),
                                   "--synchronous",
                                   "normal"};
  if (name == "registry") {
    // Minimum Argon2 cost: the tests sign in often, and the cost is not what they test.
    argv.insert(argv.end(), {"--bootstrap-admin-email", kAdminEmail, "--password-cost", "minimum"});
  } else {
    argv.insert(argv.end(), {"--registry", addresses_.at("registry")});
  }
  if (name == "booking") argv.insert(argv.end(), {"--catalogue", addresses_.at("catalogue")});
  if (name == "catalogue") argv.insert(argv.end(), {"--booking", addresses_.at("booking")});
  if (auto extra = options_.extra_flags.find(name); extra != options_.extra_flags.end()) {
    argv.insert(argv.end(), extra->second.begin(), extra->second.end());
  }
  return argv;
}

std::vector<std::string> Stack::EnvFor(const std::string& name) const {
  if (name != "registry") return {};
  return {absl::StrCat("LEERPOOL_BOOTSTRAP_ADMIN_PASSWORD=", kAdminPassword)};
}

std::vector<std::string> Stack::GatewayArgv(const std::string& listen) const {
  std::vector<std::string> argv = {Binaries().at("gateway"),
                                   "--listen",
                                   listen,
                                   "--registry",
                                   addresses_.at("registry"),
                                   "--catalogue",
                                   addresses_.at("catalogue"),
                                   "--booking",
                                   addresses_.at("booking"),
                                   "--allowed-origin",
                                   "http://app.example",
                                   "--backend-deadline-ms",
                                   "5000"};
  if (auto extra = options_.extra_flags.find("gateway"); extra != options_.extra_flags.end()) {
    argv.insert(argv.end(), extra->second.begin(), extra->second.end());
  }
  return argv;
}

std::string Stack::ReplicaName(const std::string& service, int replica) {
  return replica == 1 ? service : absl::StrCat(service, "-", replica);
}

int Stack::Replicas(const std::string& service) const {
  auto it = options_.replicas.find(service);
  return it == options_.replicas.end() ? 1 : std::max(1, it->second);
}

// Starts every replica of `service` and records their addresses. Replicas start one after the
// other, so only the first applies the database's migrations.
absl::Status Stack::StartService(const std::string& service) {
  std::vector<std::string> addresses;
  for (int replica = 1; replica <= Replicas(service); ++replica) {
    const std::string name = ReplicaName(service, replica);
    const std::string listen = listen_.contains(name) ? listen_.at(name) : "127.0.0.1:0";
    auto process = std::make_unique<ChildProcess>(name, ServiceArgv(service, listen),
                                                  directory_ / (name + ".log"), EnvFor(service));
    if (absl::Status started = process->Start(); !started.ok()) return started;
    absl::StatusOr<std::string> address = process->WaitListening(std::chrono::seconds(20));
    if (!address.ok()) return address.status();
    listen_[name] = *address;
    addresses.push_back(*address);
    processes_[name] = std::move(process);
  }
  addresses_[service] = absl::StrJoin(addresses, ",");
  return absl::OkStatus();
}

absl::Status Stack::Start() {
  // The catalogue (started first: booking needs it) asks the booking engine about
  // availability, so booking's ports are chosen before either starts. The catalogue's channel
  // connects lazily, so booking listening later is fine.
  std::vector<std::string> booking_addresses;
  for (int replica = 1; replica <= Replicas("booking"); ++replica) {
    absl::StatusOr<std::string> address = ReserveLoopbackAddress();
    if (!address.ok()) return address.status();
    listen_[ReplicaName("booking", replica)] = *address;
    booking_addresses.push_back(*address);
  }
  addresses_["booking"] = absl::StrJoin(booking_addresses, ",");
  for (const std::string service : {"registry", "catalogue", "booking"}) {
    if (absl::Status started = StartService(service); !started.ok()) return started;
  }
  auto gateway = std::make_unique<ChildProcess>("gateway", GatewayArgv("127.0.0.1:0"),
                                                directory_ / "gateway.log");
  if (absl::Status started = gateway->Start(); !started.ok()) return started;
  absl::StatusOr<std::string> url = gateway->WaitListening(std::chrono::seconds(20));
  if (!url.ok()) return url.status();
  uint32_t port = 0;
  if (!absl::SimpleAtoi(url->substr(url->rfind(':') + 1), &port)) {
    return absl::InternalError(absl::StrCat("gateway reported a strange url: ", *url));
  }
  gateway_port_ = static_cast<unsigned short>(port);
  processes_["gateway"] = std::move(gateway);
  return absl::OkStatus();
}

absl::StatusOr<int> Stack::StopProcess(const std::string& name, int signal) {
  auto it = processes_.find(name);
  if (it == processes_.end()) return absl::NotFoundError(name);
  return it->second->Stop(signal, std::chrono::seconds(20));
}

absl::Status Stack::RestartProcess(const std::string& name) {
  auto it = processes_.find(name);
  if (it == processes_.end()) return absl::NotFoundError(name);
  if (it->second->running()) return absl::FailedPreconditionError(name + " is running");
  const std::string service = name.substr(0, name.find('-'));
  const std::string listen =
      name == "gateway" ? absl::StrCat("127.0.0.1:", gateway_port_) : listen_.at(name);
  auto process = std::make_unique<ChildProcess>(
      name, name == "gateway" ? GatewayArgv(listen) : ServiceArgv(service, listen),
      directory_ / (name + ".log"), EnvFor(service));
  if (absl::Status started = process->Start(); !started.ok()) return started;
  absl::StatusOr<std::string> address = process->WaitListening(std::chrono::seconds(20));
  if (!address.ok()) return address.status();
  it->second = std::move(process);
  return absl::OkStatus();
}

std::map<std::string, int> Stack::StopAll() {
  std::map<std::string, int> codes;
  for (const std::string service : {"gateway", "booking", "catalogue", "registry"}) {
    for (int replica = 1; replica <= Replicas(service); ++replica) {
      const std::string name = ReplicaName(service, replica);
      auto it = processes_.find(name);
      if (it == processes_.end() || !it->second->running()) continue;
      absl::StatusOr<int> code = it->second->Stop(SIGTERM, std::chrono::seconds(20));
      codes[name] = code.ok() ? *code : -1;
    }
  }
  return codes;
}

std::string Stack::Log(const std::string& process) const {
  auto it = processes_.find(process);
  return it == processes_.end() ? "" : it->second->ReadLog();
}

std::string Stack::Logs() const {
  std::string logs;
  for (const auto& [name, process] : processes_) {
    absl::StrAppend(&logs, "---- ", name, " ----\n", process->ReadLog());
  }
  return logs;
}

}  // namespace leerpool::testing
