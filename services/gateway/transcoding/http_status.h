#ifndef LEERPOOL_SERVICES_GATEWAY_TRANSCODING_HTTP_STATUS_H_
#define LEERPOOL_SERVICES_GATEWAY_TRANSCODING_HTTP_STATUS_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"

namespace leerpool::gateway {

// The HTTP status for a gRPC status code, as grpc-gateway and google.rpc.Code document it:
// OK 200, INVALID_ARGUMENT/FAILED_PRECONDITION/OUT_OF_RANGE 400, UNAUTHENTICATED 401,
// PERMISSION_DENIED 403, NOT_FOUND 404, ALREADY_EXISTS/ABORTED 409, RESOURCE_EXHAUSTED 429,
// CANCELLED 499, UNIMPLEMENTED 501, UNAVAILABLE 503, DEADLINE_EXCEEDED 504, anything else 500.
int HttpStatusFromGrpcCode(absl::StatusCode code);

// The canonical name of a code ("INVALID_ARGUMENT"); "UNKNOWN" for values outside the enum.
std::string_view GrpcCodeName(absl::StatusCode code);

// The error body the gateway sends:
//   {"code": 3, "status": "INVALID_ARGUMENT", "message": "...", "details": [...]}
// Never throws: invalid UTF-8 in `message` (it can echo client input) is replaced by U+FFFD.
std::string ErrorJson(absl::StatusCode code, std::string_view message,
                      const nlohmann::json& details = nlohmann::json::array());

// --- The "405 Method Not Allowed" signal -------------------------------------------------
//
// When a request path matches a route but none for the request's HTTP method,
// Transcoder::ToGrpc returns an UNIMPLEMENTED status (as grpc-gateway does) that carries
// the allowed methods as a payload under this type URL (value: "GET, PATCH").
inline constexpr char kAllowPayloadTypeUrl[] =
    "type.googleapis.com/leerpool.gateway.AllowedMethods";

// Builds that status.
absl::Status MethodNotAllowedError(std::string_view message, std::string_view allow_header);

// The value for the Allow header when `status` is the method-not-allowed signal, or nullopt.
std::optional<std::string> AllowedMethodsFromStatus(const absl::Status& status);

// HttpStatusFromGrpcCode(status.code()), except 405 for the method-not-allowed signal.
// This is what the server should send for a ToGrpc/FromGrpc error.
int HttpStatusFromStatus(const absl::Status& status);

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_TRANSCODING_HTTP_STATUS_H_
