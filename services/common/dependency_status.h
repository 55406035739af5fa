#ifndef LEERPOOL_SERVICES_COMMON_DEPENDENCY_STATUS_H_
#define LEERPOOL_SERVICES_COMMON_DEPENDENCY_STATUS_H_

// How a service reports a failed call to another Leerpool service it depends on.

#include <grpcpp/grpcpp.h>

#include <string_view>

#include "absl/status/status.h"

namespace leerpool {

// `service` is how the dependency is named to a caller ("partner registry", "equipment
// catalogue"); `what` is what was asked ("organization org_1"). An answer about the thing
// asked for passes on: NOT_FOUND (an id the other service cannot even parse, INVALID_ARGUMENT,
// is one it does not know either), UNAUTHENTICATED, PERMISSION_DENIED. Anything else means the
// dependency could not answer, which the caller did not cause and may retry: UNAVAILABLE.
absl::Status StatusFromDependency(const grpc::Status& status, std::string_view service,
                                  std::string_view what);

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_DEPENDENCY_STATUS_H_
