#include "services/common/registry_auth.h"

#include "absl/strings/str_cat.h"
#include "services/common/auth/grpc_auth.h"
#include "services/common/channel.h"
#include "services/common/status_macros.h"

namespace leerpool {

void AddRegistryFlag(CLI::App& app, std::string& target) {
  target = "127.0.0.1:50051";
  app.add_option("--registry", target, "gRPC target of the partner registry (sign-in keys)")
      ->envname("LEERPOOL_REGISTRY_ADDR")
      ->capture_default_str();
}

absl::StatusOr<std::unique_ptr<RegistryConnection>> ConnectToRegistry(const std::string& target,
                                                                      Clock& clock) {
  auto connection = std::make_unique<RegistryConnection>();
  if (absl::Status valid = ChannelTarget(target).status(); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--registry: ", valid.message()));
  }
  connection->channel = CreateServiceChannel(target);
  connection->source = auth::MakeRegistryAuthSource(connection->channel);
  LP_ASSIGN_OR_RETURN(connection->authenticator,
                      auth::Authenticator::Create(*connection->source, clock, {}));
  return connection;
}

}  // namespace leerpool
