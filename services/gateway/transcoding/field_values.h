#ifndef LEERPOOL_SERVICES_GATEWAY_TRANSCODING_FIELD_VALUES_H_
#define LEERPOOL_SERVICES_GATEWAY_TRANSCODING_FIELD_VALUES_H_

// Setting request fields from the text of path variables and query parameters, by
// reflection. Internal to the transcoder; public for tests.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/type_resolver.h"

namespace leerpool::gateway {

// Fields from a message down to a leaf, e.g. {organization, id}.
using FieldPath = std::vector<const google::protobuf::FieldDescriptor*>;

// Deeper paths are refused: no API needs them, and a hostile query must not build a
// thousand-level message that the backend then refuses to parse.
inline constexpr size_t kMaxFieldPathDepth = 32;

// Finds a field by its proto name ("page_size") or its JSON name ("pageSize").
const google::protobuf::FieldDescriptor* FindFieldByAnyName(
    const google::protobuf::Descriptor& message, absl::string_view name);

// Resolves a dotted path such as "organization.id" or "recurrence.firstDate.year" (each part
// a proto or JSON name). Every part but the last must be a singular message field. Fails with
// INVALID_ARGUMENT naming the part that does not resolve.
absl::StatusOr<FieldPath> ResolveFieldPath(const google::protobuf::Descriptor& root,
                                           absl::string_view dotted);

// "a.b" in proto names, for messages and documentation.
std::string FieldPathName(const FieldPath& path);

// True when a field can be given as text in a path variable or query parameter: scalars,
// enums, and the well-known types whose JSON form is a string or number (Timestamp, Duration,
// FieldMask and the wrappers). Repeated fields qualify if their element does.
bool IsTextField(const google::protobuf::FieldDescriptor& field);

// Sets the leaf of `path` in `message` from `text` (appends for repeated fields), creating the
// intermediate messages. Numbers are decimal, bools true/false (also 1/0, t/f, yes/no), enums
// by name or number, bytes base64 (standard or URL-safe), Timestamp RFC 3339, Duration "1.5s",
// FieldMask a comma-separated list of paths (camelCase parts are turned into snake_case).
// Errors are INVALID_ARGUMENT mentioning `name` (e.g. "query parameter 'page_size'").
absl::Status SetFieldFromText(google::protobuf::Message& message, const FieldPath& path,
                              absl::string_view text, absl::string_view name,
                              google::protobuf::util::TypeResolver& resolver);

// RFC 3629 UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool IsValidUtf8(absl::string_view s);

// `s` (valid UTF-8) as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view s);

// "type.googleapis.com/<full name>", how TypeResolver names types.
std::string TypeUrl(const google::protobuf::Descriptor& message);

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_TRANSCODING_FIELD_VALUES_H_
