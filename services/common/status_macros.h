#ifndef LEERPOOL_SERVICES_COMMON_STATUS_MACROS_H_
#define LEERPOOL_SERVICES_COMMON_STATUS_MACROS_H_

// Early-return helpers for absl::Status / absl::StatusOr, as used throughout the cores.

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define LP_STATUS_CONCAT_INNER(a, b) a##b
#define LP_STATUS_CONCAT(a, b) LP_STATUS_CONCAT_INNER(a, b)

#define LP_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::absl::Status lp_status_ = (expr);      \
    if (!lp_status_.ok()) return lp_status_; \
  } while (false)

#define LP_ASSIGN_OR_RETURN(lhs, expr) \
  LP_ASSIGN_OR_RETURN_IMPL(LP_STATUS_CONCAT(lp_statusor_, __LINE__), lhs, expr)

#define LP_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                             \
  if (!statusor.ok()) return statusor.status();       \
  lhs = std::move(statusor).value()

#endif  // LEERPOOL_SERVICES_COMMON_STATUS_MACROS_H_
