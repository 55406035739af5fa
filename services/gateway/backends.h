#ifndef LEERPOOL_SERVICES_GATEWAY_BACKENDS_H_
#define LEERPOOL_SERVICES_GATEWAY_BACKENDS_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leerpool::gateway {

struct BackendConfig {
  // Short name for logs and /readyz, e.g. "registry".
  std::string name;
  // Every gRPC service whose full name starts with this prefix is served by this backend,
  // e.g. "leerpool.registry." — so new services in a package need no gateway change.
  std::string service_prefix;
  // A gRPC target: "host:port", or any target string gRPC accepts.
  std::string target;
};

struct BackendHealth {
  std::string name;
  std::string target;
  bool serving = false;
  std::string detail;
};

// One channel and generic stub per backend service process.
class Backends {
 public:
  explicit Backends(std::vector<BackendConfig> configs);

  // The stub for a fully-qualified gRPC service name, or nullptr when no backend serves it.
  grpc::GenericStub* StubFor(std::string_view service_full_name) const;
  // Asks every backend's grpc.health.v1.Health/Check at once; `done` runs once, on a gRPC
  // thread, with every answer.
  void CheckHealth(std::chrono::milliseconds deadline,
                   std::function<void(std::vector<BackendHealth>)> done) const;

 private:
  struct Backend {
    BackendConfig config;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<grpc::GenericStub> stub;
  };
  std::vector<Backend> backends_;
};

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_BACKENDS_H_
