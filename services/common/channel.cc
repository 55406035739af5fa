#include "services/common/channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/server.h"

namespace leerpool {
namespace {

bool IsIpv4Literal(absl::string_view host) {
  std::vector<absl::string_view> parts = absl::StrSplit(host, '.');
  if (parts.size() != 4) return false;
  for (absl::string_view part : parts) {
    if (part.empty() || part.size() > 3) return false;
    for (char c : part) {
      if (!absl::ascii_isdigit(c)) return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> ChannelTarget(std::string_view flag) {
  // Debian's absl::string_view is not std::string_view.
  absl::string_view value = absl::StripAsciiWhitespace(absl::string_view(flag.data(), flag.size()));
  if (value.empty()) return absl::InvalidArgumentError("target: is empty");
  if (absl::StrContains(value, ":/") || absl::StartsWith(value, "ipv4:") ||
      absl::StartsWith(value, "ipv6:") || absl::StartsWith(value, "unix:")) {
    return std::string(value);  // Already a gRPC target URI.
  }
  std::vector<absl::string_view> replicas = absl::StrSplit(value, ',', absl::SkipWhitespace());
  if (replicas.size() == 1) return std::string(absl::StripAsciiWhitespace(replicas[0]));
  // gRPC names a static list of addresses only for IP literals ("ipv4:a:1,b:2"); names that
  // resolve to several addresses are given as one dns:/// target instead.
  std::vector<std::string> addresses;
  for (absl::string_view replica : replicas) {
    replica = absl::StripAsciiWhitespace(replica);
    size_t colon = replica.rfind(':');
    if (colon == absl::string_view::npos || colon + 1 == replica.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("target: replica '", replica, "' has no port"));
    }
    absl::string_view host = replica.substr(0, colon);
    if (host == "localhost") host = "127.0.0.1";
    if (!IsIpv4Literal(host)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "target: a list of replicas takes IPv4 addresses ('", replica,
          "' is not one); for a name that resolves to several addresses use dns:///name:port"));
    }
    addresses.push_back(absl::StrCat(host, replica.substr(colon)));
  }
  return absl::StrCat("ipv4:", absl::StrJoin(addresses, ","));
}

std::string ReplicaServiceConfigJson() {
  // The empty service name asks each server's overall health, which a service turns to
  // NOT_SERVING as it begins to shut down, so new calls move to the other replicas first.
  return R"({"loadBalancingConfig":[{"round_robin":{}}],"healthCheckConfig":{"serviceName":""}})";
}

std::shared_ptr<grpc::Channel> CreateServiceChannel(std::string_view flag) {
  // The gateway and the services make callback calls on these channels; a channel released in
  // its own callback must not be the last holder of gRPC's shared queue.
  PinSharedCallbackQueue();
  absl::StatusOr<std::string> target = ChannelTarget(flag);
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(ReplicaServiceConfigJson());
  // Services start together and replicas restart: reconnect within a fraction of a second
  // rather than gRPC's default backoff, which grows past 10 s and kept a service started
  // beside the registry waiting for its keys that long.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(target.ok() ? *target : std::string("invalid-target"),
                                   grpc::InsecureChannelCredentials(), args);
}

}  // namespace leerpool
