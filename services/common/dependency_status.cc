#include "services/common/dependency_status.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace leerpool {

absl::Status StatusFromDependency(const grpc::Status& status, std::string_view service,
                                  std::string_view what) {
  const std::string detail = absl::StrCat(std::string(what), ": ", status.error_message());
  switch (status.error_code()) {
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::INVALID_ARGUMENT:
      return absl::NotFoundError(absl::StrCat(std::string(service), " ", detail));
    case grpc::StatusCode::UNAUTHENTICATED:
      return absl::UnauthenticatedError(absl::StrCat(std::string(service), " ", detail));
    case grpc::StatusCode::PERMISSION_DENIED:
      return absl::PermissionDeniedError(absl::StrCat(std::string(service), " ", detail));
    default:
      return absl::UnavailableError(
          absl::StrCat("the ", std::string(service), " is unavailable (", detail, ")"));
  }
}

}  // namespace leerpool
