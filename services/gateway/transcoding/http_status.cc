#include "services/gateway/transcoding/http_status.h"

#include <string>

#include "absl/strings/cord.h"
#include "services/gateway/transcoding/absl_view.h"

namespace leerpool::gateway {

int HttpStatusFromGrpcCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kCancelled:
      // Not a standard HTTP status, but the de-facto "client closed request".
      return 499;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
    default:
      return 500;
  }
}

std::string_view GrpcCodeName(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return "OK";
    case absl::StatusCode::kCancelled:
      return "CANCELLED";
    case absl::StatusCode::kUnknown:
      return "UNKNOWN";
    case absl::StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case absl::StatusCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case absl::StatusCode::kNotFound:
      return "NOT_FOUND";
    case absl::StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case absl::StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case absl::StatusCode::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case absl::StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case absl::StatusCode::kAborted:
      return "ABORTED";
    case absl::StatusCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case absl::StatusCode::kUnimplemented:
      return "UNIMPLEMENTED";
    case absl::StatusCode::kInternal:
      return "INTERNAL";
    case absl::StatusCode::kUnavailable:
      return "UNAVAILABLE";
    case absl::StatusCode::kDataLoss:
      return "DATA_LOSS";
    case absl::StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

std::string ErrorJson(absl::StatusCode code, std::string_view message,
                      const nlohmann::json& details) {
  nlohmann::ordered_json body;
  body["code"] = static_cast<int>(code);
  body["status"] = std::string(GrpcCodeName(code));
  body["message"] = std::string(message);
  body["details"] = details.is_array() ? details : nlohmann::json::array();
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::Status MethodNotAllowedError(std::string_view message, std::string_view allow_header) {
  absl::Status status(absl::StatusCode::kUnimplemented, AbslView(message));
  status.SetPayload(kAllowPayloadTypeUrl, absl::Cord(AbslView(allow_header)));
  return status;
}

std::optional<std::string> AllowedMethodsFromStatus(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kUnimplemented) return std::nullopt;
  auto allow = status.GetPayload(kAllowPayloadTypeUrl);
  if (!allow.has_value()) return std::nullopt;
  return std::string(*allow);
}

int HttpStatusFromStatus(const absl::Status& status) {
  if (AllowedMethodsFromStatus(status).has_value()) return 405;
  return HttpStatusFromGrpcCode(status.code());
}

}  // namespace leerpool::gateway
