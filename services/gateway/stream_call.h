#ifndef LEERPOOL_SERVICES_GATEWAY_STREAM_CALL_H_
#define LEERPOOL_SERVICES_GATEWAY_STREAM_CALL_H_

#include <grpcpp/generic/generic_stub.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "services/gateway/gateway.h"
#include "services/gateway/transcoding/transcoder.h"

namespace leerpool::gateway {

struct StreamCallSetup {
  grpc::GenericStub* stub = nullptr;
  const Transcoder* transcoder = nullptr;
  GrpcRequest request;
  std::string authorization;  // forwarded when not empty
  std::string remote_address;
  std::chrono::milliseconds deadline{0};
  // Runs once on a gRPC thread when the call is over and the callbacks below have been let
  // go (with what they hold); after it returns the call touches nothing of its caller's.
  std::function<void()> on_finished;
};

// Starts a server-streaming call through the generic stub (callback API, never blocking an
// I/O thread). Exactly one of the two runs, on a gRPC thread: `started` once the backend sent
// its response headers (the call is accepted; messages follow through the ResponseStream),
// `failed` when the call ends before that (its status, e.g. PERMISSION_DENIED).
// Returns the call, whose Cancel() also works before it has started.
std::shared_ptr<ResponseStream> StartStreamCall(
    StreamCallSetup setup, std::function<void(std::shared_ptr<ResponseStream>)> started,
    std::function<void(absl::Status)> failed);

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_STREAM_CALL_H_
