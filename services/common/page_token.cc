#include "services/common/page_token.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace leerpool {
namespace {
// Separates key parts; never valid inside UTF-8 text, so no escaping is needed.
constexpr char kSeparator = '\xff';
constexpr std::string_view kVersion = "1";
}  // namespace

std::string EncodePageToken(const std::vector<std::string>& key) {
  std::string raw(kVersion);
  for (const std::string& part : key) {
    raw += kSeparator;
    raw += part;
  }
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(std::string_view token,
                                                         size_t expected_parts) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(absl::string_view(token.data(), token.size()), &raw)) {
    return absl::InvalidArgumentError("page_token: not a token returned by this service");
  }
  std::vector<std::string> parts = absl::StrSplit(raw, kSeparator);
  if (parts.size() != expected_parts + 1 || parts[0] != kVersion) {
    return absl::InvalidArgumentError("page_token: not a token returned by this service");
  }
  parts.erase(parts.begin());
  return parts;
}

absl::StatusOr<int> ResolvePageSize(int requested, int fallback, int maximum) {
  if (requested < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  if (requested == 0) return fallback;
  return std::min(requested, maximum);
}

}  // namespace leerpool
