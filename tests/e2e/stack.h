#ifndef LEERPOOL_TESTS_E2E_STACK_H_
#define LEERPOOL_TESTS_E2E_STACK_H_

// The real Leerpool processes, started on free ports with temporary databases, for
// end-to-end tests through the gateway.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace leerpool::testing {

// One child process whose stderr goes to a log file.
class ChildProcess {
 public:
  ChildProcess(std::string name, std::vector<std::string> argv, std::filesystem::path log,
               std::vector<std::string> extra_env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  absl::Status Start();
  // Waits for the log line {"event":"listening", ...} and returns its "address" or "url".
  absl::StatusOr<std::string> WaitListening(std::chrono::milliseconds timeout);
  // Sends `signal` and waits for exit; returns the exit code (or 128+signal if killed).
  absl::StatusOr<int> Stop(int signal, std::chrono::milliseconds timeout);
  bool running() const { return pid_ > 0; }
  // The exit code once the process exited during WaitListening (-1 until then).
  int exit_code() const { return exit_code_; }
  std::string ReadLog() const;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::vector<std::string> argv_;
  std::filesystem::path log_;
  std::vector<std::string> extra_env_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

// The path of a Leerpool binary of this build: "registry", "catalogue", "booking", "gateway".
std::string BinaryPath(const std::string& name);

// The platform administrator every stack starts with.
inline constexpr char kAdminEmail[] = "admin@leerpool.test";
inline constexpr char kAdminPassword[] = "e2e-admin-password";

struct StackOptions {
  // Extra flags per process name ("registry", "catalogue", "booking", "gateway").
  std::map<std::string, std::vector<std::string>> extra_flags;
  // Processes per service ("catalogue", "booking"; 1 when absent). Replicas share the
  // service's database, and every client of the service gets all their addresses.
  std::map<std::string, int> replicas;
  // A --db per service ("registry", "catalogue", "booking"), e.g. a postgresql:// URL; the
  // default is a SQLite file in the stack's temporary directory.
  std::map<std::string, std::string> databases;
};

// registry, catalogue and booking on port 0 with databases in a fresh temporary directory,
// then the gateway on port 0 pointed at them.
class Stack {
 public:
  explicit Stack(StackOptions options = {});
  ~Stack();

  absl::Status Start();
  // SIGTERM to every process, gateway first; returns each exit code.
  std::map<std::string, int> StopAll();
  absl::StatusOr<int> StopProcess(const std::string& name, int signal);
  // Starts a stopped service again on the same port and database.
  absl::Status RestartProcess(const std::string& name);

  unsigned short gateway_port() const { return gateway_port_; }
  // "host:port" of "registry", "catalogue" or "booking" (for gRPC clients such as the CLI);
  // with replicas, their addresses separated by commas.
  std::string address(const std::string& name) const { return addresses_.at(name); }
  // The process names: "booking" for the first replica, "booking-2" for the second, ...
  static std::string ReplicaName(const std::string& service, int replica);
  std::string Log(const std::string& process) const;
  const std::filesystem::path& directory() const { return directory_; }
  std::string Logs() const;

 private:
  std::vector<std::string> ServiceArgv(const std::string& name, const std::string& listen) const;
  int Replicas(const std::string& service) const;
  absl::Status StartService(const std::string& service);
  std::vector<std::string> GatewayArgv(const std::string& listen) const;
  std::vector<std::string> EnvFor(const std::string& name) const;

  StackOptions options_;
  std::filesystem::path directory_;
  std::map<std::string, std::string> addresses_;
  // Listen address per process name (one per replica).
  std::map<std::string, std::string> listen_;
  std::map<std::string, std::unique_ptr<ChildProcess>> processes_;
  unsigned short gateway_port_ = 0;
};

}  // namespace leerpool::testing

#endif  // LEERPOOL_TESTS_E2E_STACK_H_
