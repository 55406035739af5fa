#ifndef LEERPOOL_SERVICES_COMMON_PAGE_TOKEN_H_
#define LEERPOOL_SERVICES_COMMON_PAGE_TOKEN_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace leerpool {

// Opaque cursor tokens for keyset pagination: the sort key of the last item returned,
// encoded so clients cannot depend on its shape. A keyset (not an offset) keeps pages stable
// while items are inserted or removed between requests.
std::string EncodePageToken(const std::vector<std::string>& key);
// INVALID_ARGUMENT ("page_token: ...") for a token this code did not produce.
absl::StatusOr<std::vector<std::string>> DecodePageToken(std::string_view token,
                                                         size_t expected_parts);

// Clamps a requested page size: `fallback` when unset (0), INVALID_ARGUMENT when negative.
absl::StatusOr<int> ResolvePageSize(int requested, int fallback, int maximum);

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_PAGE_TOKEN_H_
