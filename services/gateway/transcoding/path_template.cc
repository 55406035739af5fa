#include "services/gateway/transcoding/path_template.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace leerpool::gateway {
namespace {

absl::Status TemplateError(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("invalid path template \"", text, "\": ", why));
}

bool IsIdentifier(absl::string_view s) {
  if (s.empty() || absl::ascii_isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

bool IsFieldPath(absl::string_view s) {
  for (absl::string_view part : absl::StrSplit(s, '.')) {
    if (!IsIdentifier(part)) return false;
  }
  return true;
}

// Appends the segment that `token` spells ("*", "**" or a literal).
absl::Status AppendSegment(absl::string_view text, absl::string_view token,
                           std::vector<PathTemplate::Segment>& out) {
  PathTemplate::Segment segment;
  if (token == "*") {
    segment.kind = PathTemplate::SegmentKind::kWildcard;
  } else if (token == "**") {
    segment.kind = PathTemplate::SegmentKind::kDoubleWildcard;
  } else if (token.empty()) {
    return TemplateError(text, "empty segment");
  } else if (token.find_first_of("*{}=") != absl::string_view::npos) {
    return TemplateError(text, absl::StrCat("bad literal segment \"", token, "\""));
  } else {
    segment.literal = std::string(token);
  }
  out.push_back(std::move(segment));
  return absl::OkStatus();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<PathTemplate> PathTemplate::Parse(absl::string_view text) {
  if (text.empty() || text[0] != '/') return TemplateError(text, "must start with '/'");

  // The verb is the last ':' outside braces after the last '/' outside braces; a ':' in an
  // earlier segment is part of a literal.
  int depth = 0;
  size_t colon = absl::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '{') {
      if (++depth > 1) return TemplateError(text, "nested variables");
    } else if (c == '}') {
      if (--depth < 0) return TemplateError(text, "unbalanced '}'");
    } else if (depth == 0 && c == '/') {
      colon = absl::string_view::npos;
    } else if (depth == 0 && c == ':') {
      colon = i;
    }
  }
  if (depth != 0) return TemplateError(text, "unbalanced '{'");

  PathTemplate result;
  absl::string_view body = text.substr(1);
  if (colon != absl::string_view::npos) {
    body = text.substr(1, colon - 1);
    absl::string_view verb = text.substr(colon + 1);
    if (verb.empty() || verb.find_first_of("*{}/") != absl::string_view::npos) {
      return TemplateError(text, "bad verb");
    }
    result.verb = std::string(verb);
  }

  size_t pos = 0;
  while (true) {
    if (pos < body.size() && body[pos] == '{') {
      size_t close = body.find('}', pos);  // balanced and unnested: checked above
      absl::string_view inner = body.substr(pos + 1, close - pos - 1);
      absl::string_view field_path = inner;
      absl::string_view pattern = "*";
      if (size_t eq = inner.find('='); eq != absl::string_view::npos) {
        field_path = inner.substr(0, eq);
        pattern = inner.substr(eq + 1);
      }
      if (!IsFieldPath(field_path)) {
        return TemplateError(text, absl::StrCat("bad field path \"", field_path, "\""));
      }
      Variable variable;
      variable.field_path = std::string(field_path);
      variable.begin = result.segments.size();
      for (absl::string_view token : absl::StrSplit(pattern, '/')) {
        if (absl::Status s = AppendSegment(text, token, result.segments); !s.ok()) return s;
        if (token == "**") variable.multi_segment = true;
      }
      variable.end = result.segments.size();
      if (variable.end - variable.begin > 1) variable.multi_segment = true;
      for (const Variable& other : result.variables) {
        if (other.field_path == variable.field_path) {
          return TemplateError(text, absl::StrCat("field \"", field_path, "\" bound twice"));
        }
      }
      result.variables.push_back(std::move(variable));
      pos = close + 1;
      if (pos < body.size() && body[pos] != '/') {
        return TemplateError(text, "a variable must span whole segments");
      }
    } else {
      size_t slash = body.find('/', pos);
      absl::string_view token = body.substr(
          pos, slash == absl::string_view::npos ? absl::string_view::npos : slash - pos);
      if (absl::Status s = AppendSegment(text, token, result.segments); !s.ok()) return s;
      pos += token.size();
    }
    if (pos >= body.size()) break;
    ++pos;  // the '/'
    if (pos == body.size()) return TemplateError(text, "trailing '/'");
  }

  for (size_t i = 0; i + 1 < result.segments.size(); ++i) {
    if (result.segments[i].kind == SegmentKind::kDoubleWildcard) {
      return TemplateError(text, "'**' must be the last segment");
    }
  }
  return result;
}

absl::StatusOr<std::string> PercentDecode(absl::string_view in, bool keep_escaped_slash,
                                          bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+' && plus_as_space) {
      out.push_back(' ');
      continue;
    }
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    int hi = i + 2 < in.size() ? HexValue(in[i + 1]) : -1;
    int lo = i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return absl::InvalidArgumentError("invalid percent-encoding");
    }
    char decoded = static_cast<char>(hi * 16 + lo);
    if (decoded == '/' && keep_escaped_slash) {
      out.append(in.data() + i, 3);
    } else {
      out.push_back(decoded);
    }
    i += 2;
  }
  return out;
}

absl::Status PathMatcher::Insert(const PathTemplate& path_template, absl::string_view http_method,
                                 int route) {
  size_t node = 0;
  for (const PathTemplate::Segment& segment : path_template.segments) {
    size_t next = kNone;
    switch (segment.kind) {
      case PathTemplate::SegmentKind::kLiteral: {
        auto it = nodes_[node].literals.find(segment.literal);
        if (it != nodes_[node].literals.end()) next = it->second;
        break;
      }
      case PathTemplate::SegmentKind::kWildcard:
        next = nodes_[node].wildcard;
        break;
      case PathTemplate::SegmentKind::kDoubleWildcard:
        next = nodes_[node].double_wildcard;
        break;
    }
    if (next == kNone) {
      next = nodes_.size();
      nodes_.emplace_back();  // invalidates references into nodes_: use indices only
      switch (segment.kind) {
        case PathTemplate::SegmentKind::kLiteral:
          nodes_[node].literals.emplace(segment.literal, next);
          break;
        case PathTemplate::SegmentKind::kWildcard:
          nodes_[node].wildcard = next;
          break;
        case PathTemplate::SegmentKind::kDoubleWildcard:
          nodes_[node].double_wildcard = next;
          break;
      }
    }
    node = next;
  }
  auto& by_method = nodes_[node].routes[path_template.verb];
  if (!by_method.emplace(std::string(http_method), route).second) {
    return absl::AlreadyExistsError(
        absl::StrCat("another route already has ", http_method, " with this path shape"));
  }
  return absl::OkStatus();
}

struct PathMatcher::Walk {
  const std::vector<Node>& nodes;
  absl::string_view method;
  const std::vector<std::string>& decoded;
  absl::string_view verb;
  std::set<std::string>& allowed;
  int found = -1;

  bool AtEnd(const Node& node) {
    auto by_verb = node.routes.find(verb);
    if (by_verb == node.routes.end()) return false;
    auto it = by_verb->second.find(method);
    if (it != by_verb->second.end()) {
      found = it->second;
      return true;
    }
    for (const auto& [other_method, route] : by_verb->second) allowed.insert(other_method);
    return false;
  }

  // Depth is bounded by the trie depth (the longest template), not by the request.
  bool Visit(size_t index, size_t i) {
    const Node& node = nodes[index];
    if (i == decoded.size()) {
      if (AtEnd(node)) return true;
    } else {
      auto literal = node.literals.find(decoded[i]);
      if (literal != node.literals.end() && Visit(literal->second, i + 1)) return true;
      // A '*' never matches an empty segment ("/v1/organizations/" has no id).
      if (node.wildcard != kNone && !decoded[i].empty() && Visit(node.wildcard, i + 1)) {
        return true;
      }
    }
    // '**' is always last and takes whatever remains, including nothing.
    return node.double_wildcard != kNone && AtEnd(nodes[node.double_wildcard]);
  }
};

absl::StatusOr<PathMatcher::Result> PathMatcher::Match(absl::string_view method,
                                                       absl::string_view path) const {
  if (path.empty() || path[0] != '/') {
    return absl::InvalidArgumentError("request path must start with '/'");
  }
  Result result;
  std::vector<absl::string_view> raw = absl::StrSplit(path.substr(1), '/');
  std::vector<std::string> decoded;
  decoded.reserve(raw.size());
  for (absl::string_view segment : raw) {
    absl::StatusOr<std::string> d = PercentDecode(segment);
    if (!d.ok()) return absl::InvalidArgumentError("invalid percent-encoding in request path");
    decoded.push_back(*std::move(d));
  }

  // First as "…/last:verb" (custom methods), then with the ':' as part of the last segment,
  // so "/v1/things/a:b" still reaches "/v1/things/{id}" when no route has verb "b". A ':' that
  // is percent-encoded never starts a verb.
  absl::string_view last = raw.back();
  size_t colon = last.rfind(':');
  if (colon != absl::string_view::npos && colon + 1 < last.size()) {
    std::vector<absl::string_view> verb_raw = raw;
    verb_raw.back() = last.substr(0, colon);
    std::vector<std::string> verb_decoded = decoded;
    // Cannot fail: a ':' never splits a valid %XX escape.
    verb_decoded.back() = PercentDecode(verb_raw.back()).value_or("");
    Walk walk{nodes_, method, verb_decoded, last.substr(colon + 1), result.allowed_methods};
    if (walk.Visit(0, 0)) {
      result.route = walk.found;
      result.segments = std::move(verb_raw);
      result.allowed_methods.clear();
      return result;
    }
  }
  Walk walk{nodes_, method, decoded, "", result.allowed_methods};
  if (walk.Visit(0, 0)) {
    result.route = walk.found;
    result.segments = std::move(raw);
    result.allowed_methods.clear();
  }
  return result;
}

}  // namespace leerpool::gateway
