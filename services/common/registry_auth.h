#ifndef LEERPOOL_SERVICES_COMMON_REGISTRY_AUTH_H_
#define LEERPOOL_SERVICES_COMMON_REGISTRY_AUTH_H_

// What a service other than the registry needs to know its callers: a channel to the
// registry, an AuthSource over it, and the Authenticator (keys fetched at start-up).

#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth/authenticator.h"
#include "services/common/clock.h"

namespace leerpool {

struct RegistryConnection {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<auth::AuthSource> source;
  std::unique_ptr<auth::Authenticator> authenticator;
};

// --registry host:port (env LEERPOOL_REGISTRY_ADDR).
void AddRegistryFlag(CLI::App& app, std::string& target);

// Waits (bounded) for the registry's signing keys and starts the revocation poller.
absl::StatusOr<std::unique_ptr<RegistryConnection>> ConnectToRegistry(const std::string& target,
                                                                      Clock& clock);

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_REGISTRY_AUTH_H_
