#include "services/common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/support/server_interceptor.h>

#include <chrono>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/log.h"

namespace leerpool {
namespace {

const char* StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK:
      return "OK";
    case grpc::CANCELLED:
      return "CANCELLED";
    case grpc::UNKNOWN:
      return "UNKNOWN";
    case grpc::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::ABORTED:
      return "ABORTED";
    case grpc::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::INTERNAL:
      return "INTERNAL";
    case grpc::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

// Writes one structured line per call when its status is sent. gRPC creates one interceptor
// per call, so construction time is the call's start.
class RequestLogInterceptor : public grpc::experimental::Interceptor {
 public:
  RequestLogInterceptor(std::string service, grpc::experimental::ServerRpcInfo* info)
      : service_(std::move(service)),
        method_(info->method()),
        start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      const double millis =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
              .count();
      LogLineBuffered({{"service", service_},
                       {"method", method_},
                       {"status", StatusCodeName(status.error_code())},
                       {"duration_ms", millis}});
    }
    methods->Proceed();
  }

 private:
  std::string service_;
  std::string method_;
  std::chrono::steady_clock::time_point start_;
};

class RequestLogInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RequestLogInterceptorFactory(std::string service) : service_(std::move(service)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    // Health probes arrive every few seconds; logging them would drown the real traffic.
    if (std::string_view(info->method()).starts_with("/grpc.health.v1.Health/")) return nullptr;
    return new RequestLogInterceptor(service_, info);
  }

 private:
  std::string service_;
};

}  // namespace

// Debian's gRPC (1.51, iomgr poller) runs every callback-API call of the process on one shared
// completion queue with threads of its own. It is reference-counted: each server with a callback
// method (the health service is one) and each channel that made a callback call holds it, and
// when the last lets go gRPC shuts it down, joins its threads and deletes it. If that last holder
// is a channel released inside a call's callback (its context holds the channel), the teardown
// runs on one of those very threads: it cannot join itself, deletes the queue anyway and then
// polls it again (AddressSanitizer: double free in grpc_cq_internal_unref; one run of the booking
// benchmark in seven, which stops its server before its clients' last callbacks have returned).
// A server that is never stopped, with only a callback generic service and no port, keeps one
// reference until the process exits, so no channel or server is ever the last holder.
void PinSharedCallbackQueue() {
  struct Pin {
    grpc::CallbackGenericService service;
    std::unique_ptr<grpc::Server> server;
  };
  // Never deleted: the pin has to last until exit, and its destructor would run the teardown.
  static Pin* const pin = [] {
    auto* made = new Pin();
    grpc::ServerBuilder builder;
    builder.RegisterCallbackGenericService(&made->service);
    made->server = builder.BuildAndStart();
    return made;
  }();
  (void)pin;
}

void PrepareServingProcess() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

absl::StatusOr<std::unique_ptr<GrpcServer>> GrpcServer::Start(
    const ServerOptions& options, const std::vector<grpc::Service*>& services) {
  // Before the process-wide builder settings below, so the pin gets no health or reflection
  // service of its own.
  PinSharedCallbackQueue();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen_address, grpc::InsecureServerCredentials(), &port);
  // gRPC sets SO_REUSEPORT by default, which would let a second process bind a port that is
  // already serving (and silently share its traffic) instead of failing below.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<RequestLogInterceptorFactory>(options.name));
  builder.experimental().SetInterceptorCreators(std::move(factories));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address, " (address in use?)"));
  }
  server->GetHealthCheckService()->SetServingStatus(true);
  return std::unique_ptr<GrpcServer>(new GrpcServer(options, std::move(server), port));
}

GrpcServer::GrpcServer(ServerOptions options, std::unique_ptr<grpc::Server> server, int port)
    : options_(std::move(options)), server_(std::move(server)), port_(port) {}

GrpcServer::~GrpcServer() { Shutdown(); }

std::string GrpcServer::address() const {
  const std::string& listen = options_.listen_address;
  return absl::StrCat(listen.substr(0, listen.rfind(':')), ":", port_);
}

void GrpcServer::Shutdown() {
  if (stopped_) return;
  stopped_ = true;
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() + options_.shutdown_grace);
  server_->Wait();
}

}  // namespace leerpool
