#ifndef LEERPOOL_SERVICES_COMMON_PROTO_TIME_H_
#define LEERPOOL_SERVICES_COMMON_PROTO_TIME_H_

// google.protobuf.Timestamp <-> absl::Time for the gRPC adapters. Microseconds, because that
// is what every store keeps: a time read back is the time that was written.

#include <google/protobuf/timestamp.pb.h>

#include "absl/time/time.h"

namespace leerpool {

google::protobuf::Timestamp ToTimestamp(absl::Time time);
absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp);

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_PROTO_TIME_H_
