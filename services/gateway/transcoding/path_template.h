#ifndef LEERPOOL_SERVICES_GATEWAY_TRANSCODING_PATH_TEMPLATE_H_
#define LEERPOOL_SERVICES_GATEWAY_TRANSCODING_PATH_TEMPLATE_H_

// google.api.http path templates (see google/api/http.proto) and the trie that matches
// request paths against them. Internal to the transcoder; public for tests and the fuzzer.

#include <cstddef>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace leerpool::gateway {

// A parsed template such as "/v1/{name=shelves/*}/books/{book.id}:publish".
//   Template = "/" Segments [ Verb ] ;  Segment = "*" | "**" | LITERAL | Variable ;
//   Variable = "{" FieldPath [ "=" Segments ] "}" ;  Verb = ":" LITERAL ;
// Variables are flattened into the segment list and remembered as segment ranges.
struct PathTemplate {
  enum class SegmentKind { kLiteral, kWildcard, kDoubleWildcard };
  struct Segment {
    SegmentKind kind = SegmentKind::kLiteral;
    std::string literal;  // kLiteral only
  };
  struct Variable {
    std::string field_path;  // "book.id", as written
    size_t begin = 0;        // first segment bound
    size_t end = 0;          // one past the last segment bound
    // True for "{x=a/*}" or "{x=**}". Such values keep "%2F" encoded when decoded, so that an
    // escaped slash stays distinguishable from a segment separator (http.proto's rule).
    bool multi_segment = false;
  };

  std::vector<Segment> segments;
  std::vector<Variable> variables;
  std::string verb;  // without the ':'; empty when none

  // Fails with INVALID_ARGUMENT on syntax errors, nested variables, a "**" that is not the
  // last segment, or a field path bound twice.
  static absl::StatusOr<PathTemplate> Parse(absl::string_view text);

  // True when the last segment is "**" (it then matches zero or more request segments).
  bool EndsWithDoubleWildcard() const {
    return !segments.empty() && segments.back().kind == SegmentKind::kDoubleWildcard;
  }
};

// Decodes %XX escapes; fails with INVALID_ARGUMENT on a '%' not followed by two hex digits.
// keep_escaped_slash leaves "%2F"/"%2f" as they are; plus_as_space decodes '+' as ' ' (query
// strings, form style).
absl::StatusOr<std::string> PercentDecode(absl::string_view in, bool keep_escaped_slash = false,
                                          bool plus_as_space = false);

// Matches request paths against many templates at once: a trie over segments, walked
// depth-first with literal children before '*' before '**', so the most specific template
// wins deterministically and the cost is bounded by the trie size, not the route count
// times the path length.
class PathMatcher {
 public:
  // Adds a template for an HTTP method. Fails with ALREADY_EXISTS when the same method and
  // template shape (variable names aside) is already present.
  absl::Status Insert(const PathTemplate& path_template, absl::string_view http_method, int route);

  struct Result {
    int route = -1;  // the value given to Insert, or -1
    // The request path split into raw (still percent-encoded) segments, verb removed, as
    // used for the match: the template's segment ranges index into it.
    std::vector<absl::string_view> segments;
    // When route == -1: the methods that would have matched this path (empty: no route).
    std::set<std::string> allowed_methods;
  };

  // `path` is the path part of the request target (starts with '/', no query). Fails only
  // on malformed paths (bad percent-encoding). The returned segments view into `path`.
  absl::StatusOr<Result> Match(absl::string_view method, absl::string_view path) const;

 private:
  static constexpr size_t kNone = std::numeric_limits<size_t>::max();
  struct Node {
    std::map<std::string, size_t, std::less<>> literals;
    size_t wildcard = kNone;
    size_t double_wildcard = kNone;
    // verb -> HTTP method -> route
    std::map<std::string, std::map<std::string, int, std::less<>>, std::less<>> routes;
  };
  struct Walk;

  std::vector<Node> nodes_ = std::vector<Node>(1);
};

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_TRANSCODING_PATH_TEMPLATE_H_
