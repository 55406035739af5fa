#ifndef LEERPOOL_SERVICES_COMMON_GRPC_STATUS_H_
#define LEERPOOL_SERVICES_COMMON_GRPC_STATUS_H_

// The one place where domain statuses cross into gRPC and back.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace leerpool {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_GRPC_STATUS_H_
