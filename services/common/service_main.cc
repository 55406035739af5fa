#include "services/common/service_main.h"

#include <cstdio>

#include "absl/strings/ascii.h"
#include "services/common/log.h"
#include "services/common/server.h"
#include "services/common/signals.h"

namespace leerpool {

int RunServiceMain(int argc, char** argv, const ServiceMainSpec& spec) {
  // Before any thread exists, so every gRPC thread inherits the mask and the signal reaches
  // only WaitForTerminationSignal().
  BlockTerminationSignals();
  PrepareServingProcess();
  const std::string binary = "leerpool-" + spec.name;
  CLI::App app{spec.description, binary};
  ServiceFlags flags;
  const std::string env_prefix = "LEERPOOL_" + absl::AsciiStrToUpper(spec.name);
  AddServiceFlags(app, flags, env_prefix, spec.default_listen, spec.name + ".db");
  if (spec.add_flags) spec.add_flags(app);
  CLI11_PARSE(app, argc, argv);

  absl::StatusOr<std::unique_ptr<ServiceInstance>> instance = spec.build(flags);
  if (!instance.ok()) {
    std::fprintf(stderr, "%s: cannot start: %s\n", binary.c_str(),
                 std::string(instance.status().message()).c_str());
    return 1;
  }
  absl::StatusOr<std::unique_ptr<GrpcServer>> server = GrpcServer::Start(
      {.name = spec.name, .listen_address = flags.listen}, (*instance)->GrpcServices());
  if (!server.ok()) {
    std::fprintf(stderr, "%s: cannot start: %s\n", binary.c_str(),
                 std::string(server.status().message()).c_str());
    return 1;
  }
  LogLine({{"service", spec.name},
           {"event", "listening"},
           {"address", (*server)->address()},
           {"db", flags.DbForLogs()}});
  const int signal_number = WaitForTerminationSignal();
  LogLine({{"service", spec.name}, {"event", "stopping"}, {"signal", signal_number}});
  (*instance)->BeginShutdown();
  (*server)->Shutdown();
  server->reset();
  instance->reset();
  LogLine({{"service", spec.name}, {"event", "stopped"}});
  return 0;
}

}  // namespace leerpool
