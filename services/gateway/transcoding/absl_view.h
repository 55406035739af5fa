#ifndef LEERPOOL_SERVICES_GATEWAY_TRANSCODING_ABSL_VIEW_H_
#define LEERPOOL_SERVICES_GATEWAY_TRANSCODING_ABSL_VIEW_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace leerpool::gateway {

// Debian's abseil is built with its own absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW 0)
// that does not convert to or from std::string_view. The public API speaks std::string_view;
// the internals speak absl::string_view; these adapt at the seams.
inline absl::string_view AbslView(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view StdView(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_TRANSCODING_ABSL_VIEW_H_
