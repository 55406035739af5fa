#include "services/registry/core/registry_auth_source.h"

#include "services/common/status_macros.h"

namespace leerpool::registry {

absl::StatusOr<std::map<std::string, std::string>> RegistryAuthSource::SigningKeys() {
  return registry_.GetSigningKeys();
}

absl::StatusOr<std::pair<std::vector<auth::RevokedCredential>, absl::Time>>
RegistryAuthSource::RevocationsSince(absl::Time since) {
  LP_ASSIGN_OR_RETURN(const RevocationList list, registry_.ListRevocations(since));
  std::vector<auth::RevokedCredential> revoked;
  revoked.reserve(list.revocations.size());
  for (const Revocation& revocation : list.revocations) {
    revoked.push_back({revocation.id, revocation.expire_time});
  }
  return std::make_pair(std::move(revoked), list.as_of);
}

absl::StatusOr<std::string> RegistryAuthSource::ExchangeApiKey(const std::string& api_key) {
  LP_ASSIGN_OR_RETURN(Session session,
                      registry_.ExchangeApiKey(auth::Caller::Anonymous(), api_key));
  return std::move(session.access_token);
}

}  // namespace leerpool::registry
