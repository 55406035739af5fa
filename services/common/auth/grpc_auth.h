#ifndef LEERPOOL_SERVICES_COMMON_AUTH_GRPC_AUTH_H_
#define LEERPOOL_SERVICES_COMMON_AUTH_GRPC_AUTH_H_

// The gRPC side of authentication, for adapters and mains only.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/auth/authenticator.h"

namespace leerpool::auth {

// The caller of an incoming call: reads the "authorization" and "x-forwarded-for" metadata
// (x-forwarded-for is set by the gateway from the TCP peer; direct gRPC callers get the peer).
absl::StatusOr<Caller> AuthenticateCall(Authenticator& authenticator,
                                        const grpc::ServerContext& context);

// Copies the caller's credentials onto an outgoing call made on their behalf.
void ForwardCredentials(const grpc::ServerContext& incoming, grpc::ClientContext& outgoing);

// AuthSource backed by the registry's RPCs (GetSigningKeys, ListRevocations, ExchangeApiKey),
// for every service but the registry itself. Each call has `deadline`.
std::unique_ptr<AuthSource> MakeRegistryAuthSource(std::shared_ptr<grpc::Channel> registry,
                                                   absl::Duration deadline = absl::Seconds(5));

}  // namespace leerpool::auth

#endif  // LEERPOOL_SERVICES_COMMON_AUTH_GRPC_AUTH_H_
