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
                                        const grpc::ServerContextBase& context);

// Copies the caller's credentials onto an outgoing call made on their behalf.
void ForwardCredentials(const grpc::ServerContextBase& incoming, grpc::ClientContext& outgoing);

// Marks the incoming call this thread is serving, so code below the adapter (a directory of
// another service) can forward the caller's credentials without seeing gRPC types. An
// adapter opens one at the top of a handler; a synchronous gRPC handler runs on one thread
// from start to end, so the scope covers exactly the core's work for that call.
class IncomingCallScope {
 public:
  explicit IncomingCallScope(const grpc::ServerContextBase& context);
  ~IncomingCallScope();
  IncomingCallScope(const IncomingCallScope&) = delete;
  IncomingCallScope& operator=(const IncomingCallScope&) = delete;

  // The innermost open scope's call on this thread, or null.
  static const grpc::ServerContextBase* Current();

 private:
  const grpc::ServerContextBase* previous_;
};

// AuthSource backed by the registry's RPCs (GetSigningKeys, ListRevocations, ExchangeApiKey),
// for every service but the registry itself. Each call has `deadline`.
std::unique_ptr<AuthSource> MakeRegistryAuthSource(std::shared_ptr<grpc::Channel> registry,
                                                   absl::Duration deadline = absl::Seconds(5));

}  // namespace leerpool::auth

#endif  // LEERPOOL_SERVICES_COMMON_AUTH_GRPC_AUTH_H_
