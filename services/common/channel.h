#ifndef LEERPOOL_SERVICES_COMMON_CHANNEL_H_
#define LEERPOOL_SERVICES_COMMON_CHANNEL_H_

// Channels from one service to another, including to several replicas of it. A flag such as
// --booking takes "host:port", a comma-separated list of replicas "10.0.0.5:50053,10.0.0.6:50053",
// or any gRPC target URI ("dns:///booking.leerpool.svc:50053", whose name may resolve to many
// addresses). Calls are spread round robin over the addresses that pass gRPC health checks, so a
// replica that stops serving is left out until it serves again.

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace leerpool {

// The gRPC target for a flag value; INVALID_ARGUMENT names what is wrong with it.
absl::StatusOr<std::string> ChannelTarget(std::string_view flag);

// The service config every inter-service channel uses: round robin plus health checking.
std::string ReplicaServiceConfigJson();

// A channel for a flag value already accepted by ChannelTarget (the value is checked again; an
// invalid one yields a channel whose calls fail with UNAVAILABLE, never a crash).
std::shared_ptr<grpc::Channel> CreateServiceChannel(std::string_view flag);

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_CHANNEL_H_
