#ifndef LEERPOOL_SERVICES_COMMON_SERVER_H_
#define LEERPOOL_SERVICES_COMMON_SERVER_H_

// The gRPC server shell every Leerpool service runs in: health service, reflection, one log
// line per call, and a graceful stop.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace leerpool {

struct ServerOptions {
  // The service name written in every log line, e.g. "registry".
  std::string name;
  // "host:port"; port 0 picks a free port (tests).
  std::string listen_address = "127.0.0.1:0";
  // How long in-flight calls may run on after a stop is requested.
  std::chrono::milliseconds shutdown_grace{10000};
};

// Process-wide settings of a serving process (a service, the gateway, a benchmark), called
// first thing in main(). Turns off absl::Mutex's deadlock detection: Debian's absl is built
// without NDEBUG, so it is on and records every lock gRPC takes in a global graph, about 5% of
// a busy server's CPU. Tests, which start servers without this, keep the detection.
void PrepareServingProcess();

// Keeps gRPC's process-wide callback completion queue alive until the process exits (see
// server.cc for why its teardown must never run). GrpcServer::Start and CreateServiceChannel
// call it; so should anything else that uses gRPC's callback API. Thread-safe, idempotent.
void PinSharedCallbackQueue();

class GrpcServer {
 public:
  // Starts serving `services` (not owned; they must outlive the server).
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(
      const ServerOptions& options, const std::vector<grpc::Service*>& services);
  ~GrpcServer();

  int port() const { return port_; }
  std::string address() const;

  // Marks the server NOT_SERVING, lets in-flight calls finish within the grace period, and
  // stops. Safe to call more than once.
  void Shutdown();

 private:
  GrpcServer(ServerOptions options, std::unique_ptr<grpc::Server> server, int port);
  ServerOptions options_;
  std::unique_ptr<grpc::Server> server_;
  int port_;
  bool stopped_ = false;
};

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_SERVER_H_
