#ifndef LEERPOOL_SERVICES_COMMON_SERVICE_MAIN_H_
#define LEERPOOL_SERVICES_COMMON_SERVICE_MAIN_H_

// The life of a service process, shared by every main(): flags, start-up, serve until
// SIGINT/SIGTERM, graceful stop, then the service's objects (and its database) are destroyed
// in order.

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/service_flags.h"

namespace leerpool {

// A service's object graph, built after flags are parsed.
class ServiceInstance {
 public:
  virtual ~ServiceInstance() = default;
  virtual std::vector<grpc::Service*> GrpcServices() = 0;
  // Called when shutdown begins, before the server waits for calls in flight: long-lived
  // calls (streams) end here instead of holding shutdown for its whole grace period.
  virtual void BeginShutdown() {}
};

struct ServiceMainSpec {
  std::string name;         // "registry": log name, env prefix LEERPOOL_REGISTRY
  std::string description;  // --help text
  std::string default_listen;
  std::function<absl::StatusOr<std::unique_ptr<ServiceInstance>>(const ServiceFlags&)> build;
  // Registers service-specific flags (e.g. addresses of other services); may be empty.
  std::function<void(CLI::App&)> add_flags = nullptr;
};

int RunServiceMain(int argc, char** argv, const ServiceMainSpec& spec);

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_SERVICE_MAIN_H_
