#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_AUTH_SOURCE_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_AUTH_SOURCE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "services/common/auth/authenticator.h"
#include "services/registry/core/registry.h"

namespace leerpool::registry {

// Verification material for the registry's own Authenticator, straight from its store: the
// registry authenticates its callers exactly like every other service, minus the network.
class RegistryAuthSource : public auth::AuthSource {
 public:
  explicit RegistryAuthSource(Registry& registry) : registry_(registry) {}

  absl::StatusOr<std::map<std::string, std::string>> SigningKeys() override;
  absl::StatusOr<std::pair<std::vector<auth::RevokedCredential>, absl::Time>> RevocationsSince(
      absl::Time since) override;
  absl::StatusOr<std::string> ExchangeApiKey(const std::string& api_key) override;

 private:
  Registry& registry_;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_REGISTRY_AUTH_SOURCE_H_
