#include "services/gateway/transcoding/openapi.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "nlohmann/json.hpp"
#include "services/gateway/transcoding/field_values.h"
#include "services/gateway/transcoding/path_template.h"
#include "services/gateway/transcoding/transcoder.h"

namespace leerpool::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using json = nlohmann::ordered_json;

constexpr absl::string_view kSchemaPrefix = "#/components/schemas/";
constexpr absl::string_view kErrorSchema = "Error";

// Leading comment of a descriptor, with the single space protoc keeps after "//" removed.
template <typename D>
std::string Comment(const D& descriptor) {
  google::protobuf::SourceLocation location;
  if (!descriptor.GetSourceLocation(&location)) return "";
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(location.leading_comments, '\n')) {
    lines.push_back(std::string(absl::StripTrailingAsciiWhitespace(absl::StripPrefix(line, " "))));
  }
  return std::string(absl::StripAsciiWhitespace(absl::StrJoin(lines, "\n")));
}

// The first sentence of the first paragraph, on one line.
std::string Summary(absl::string_view comment) {
  absl::string_view paragraph = comment.substr(0, comment.find("\n\n"));
  std::string flat = absl::StrReplaceAll(paragraph, {{"\n", " "}});
  size_t end = flat.find(". ");
  if (end != std::string::npos) flat.resize(end + 1);
  return flat;
}

bool IsWrapper(absl::string_view name) {
  return absl::StartsWith(name, "google.protobuf.") && absl::EndsWith(name, "Value") &&
         name != "google.protobuf.Value";
}

bool IsOpenApiMethod(absl::string_view m) {
  return m == "get" || m == "put" || m == "post" || m == "delete" || m == "options" ||
         m == "head" || m == "patch" || m == "trace";
}

class Builder {
 public:
  explicit Builder(const OpenApiOptions& options) : options_(options) {}

  std::string Build(const std::vector<Route>& routes) {
    json paths = json::object();
    std::map<std::string, std::string> tags;  // service name -> description
    for (const Route& route : routes) {
      absl::StatusOr<PathTemplate> path_template = PathTemplate::Parse(route.path_template);
      const std::string verb = absl::AsciiStrToLower(route.http_method);
      if (!path_template.ok() || !IsOpenApiMethod(verb)) continue;  // nothing to document
      const auto& service = *route.method->service();
      tags.emplace(service.name(), Comment(service));
      json parameters = json::array();
      std::string path = OpenApiPath(route, *path_template, parameters);
      paths[path][verb] = Operation(route, *path_template, std::move(parameters));
    }

    json doc;
    doc["openapi"] = "3.0.3";
    doc["info"] = {{"title", options_.title}, {"version", options_.version}};
    json tag_list = json::array();
    for (const auto& [name, description] : tags) {
      json tag = {{"name", name}};
      if (!description.empty()) tag["description"] = description;
      tag_list.push_back(std::move(tag));
    }
    doc["tags"] = std::move(tag_list);
    doc["paths"] = std::move(paths);
    EmitPendingSchemas();
    schemas_[std::string(kErrorSchema)] = ErrorSchema();
    json schemas = json::object();
    for (auto& [name, schema] : schemas_) schemas[name] = std::move(schema);
    doc["components"] = {{"schemas", std::move(schemas)}};
    return doc.dump(2, ' ', false, json::error_handler_t::replace);
  }

 private:
  // Rewrites the template into an OpenAPI path and adds its path parameters.
  std::string OpenApiPath(const Route& route, const PathTemplate& path_template, json& parameters) {
    const Descriptor& input = *route.method->input_type();
    std::set<std::string> used;
    auto unique = [&](std::string name) {
      std::string candidate = name;
      for (int i = 2; !used.insert(candidate).second; ++i) candidate = absl::StrCat(name, i);
      return candidate;
    };
    std::string path;
    size_t i = 0;
    int wildcards = 0;
    while (i < path_template.segments.size()) {
      path += "/";
      const PathTemplate::Variable* variable = nullptr;
      for (const PathTemplate::Variable& v : path_template.variables) {
        if (v.begin == i) variable = &v;
      }
      if (variable != nullptr) {
        std::string name = unique(absl::StrReplaceAll(variable->field_path, {{".", "_"}}));
        absl::StrAppend(&path, "{", name, "}");
        json schema = {{"type", "string"}};
        std::string description;
        absl::StatusOr<FieldPath> fields = ResolveFieldPath(input, variable->field_path);
        if (fields.ok()) {
          schema = ScalarSchema(*fields->back());
          description = Comment(*fields->back());
        }
        if (variable->multi_segment || variable->end - variable->begin > 1) {
          std::vector<std::string> pattern;
          for (size_t k = variable->begin; k < variable->end; ++k) {
            pattern.push_back(SegmentText(path_template.segments[k]));
          }
          absl::StrAppend(&description, description.empty() ? "" : "\n\n",
                          "Pattern: ", absl::StrJoin(pattern, "/"), " (may contain '/').");
        }
        parameters.push_back(Parameter(name, "path", std::move(schema), description, true));
        i = std::max(variable->end, i + 1);
        continue;
      }
      const PathTemplate::Segment& segment = path_template.segments[i];
      if (segment.kind == PathTemplate::SegmentKind::kLiteral) {
        path += segment.literal;
      } else {
        // An unnamed '*' or '**' still needs a parameter in OpenAPI.
        std::string name = unique(absl::StrCat("wildcard", ++wildcards));
        absl::StrAppend(&path, "{", name, "}");
        parameters.push_back(Parameter(name, "path", {{"type", "string"}}, "", true));
      }
      ++i;
    }
    if (!path_template.verb.empty()) absl::StrAppend(&path, ":", path_template.verb);
    return path;
  }

  static std::string SegmentText(const PathTemplate::Segment& segment) {
    switch (segment.kind) {
      case PathTemplate::SegmentKind::kLiteral:
        return segment.literal;
      case PathTemplate::SegmentKind::kWildcard:
        return "*";
      case PathTemplate::SegmentKind::kDoubleWildcard:
        return "**";
    }
    return "";
  }

  static json Parameter(std::string name, absl::string_view in, json schema,
                        absl::string_view description, bool required) {
    json p = {{"name", std::move(name)}, {"in", in}};
    if (!description.empty()) p["description"] = description;
    if (required) p["required"] = true;
    if (schema.value("type", "") == "array") {
      p["style"] = "form";
      p["explode"] = true;  // ?weekdays=MONDAY&weekdays=FRIDAY
    }
    p["schema"] = std::move(schema);
    return p;
  }

  json Operation(const Route& route, const PathTemplate& path_template, json parameters) {
    const auto& method = *route.method;
    const Descriptor& input = *method.input_type();
    json op;
    op["operationId"] = absl::StrCat(method.service()->name(), "_", method.name(),
                                     route.binding > 0 ? absl::StrCat("_", route.binding) : "");
    const std::string comment = Comment(method);
    op["summary"] = comment.empty() ? method.name() : Summary(comment);
    if (!comment.empty()) op["description"] = comment;
    op["tags"] = json::array({method.service()->name()});

    std::vector<FieldPath> bound;
    for (const PathTemplate::Variable& v : path_template.variables) {
      absl::StatusOr<FieldPath> fields = ResolveFieldPath(input, v.field_path);
      if (fields.ok()) bound.push_back(*std::move(fields));
    }
    const FieldDescriptor* body_field =
        route.body.empty() || route.body == "*" ? nullptr : input.FindFieldByName(route.body);
    if (route.body != "*") {
      std::set<const Descriptor*> visiting;
      AddQueryParameters(input, "", {}, bound, body_field, visiting, parameters);
    }
    if (!parameters.empty()) op["parameters"] = std::move(parameters);

    if (!route.body.empty()) {
      json content;
      if (route.body == "*") {
        if (IsHttpBodyType(input)) {
          content = BinaryContent();
        } else {
          std::set<const FieldDescriptor*> exclude;  // top-level fields the path sets
          for (const FieldPath& b : bound) {
            if (b.size() == 1) exclude.insert(b.front());
          }
          content = JsonContent(exclude.empty() ? Ref(input) : MessageSchema(input, exclude));
        }
      } else if (body_field != nullptr) {
        content =
            IsHttpBodyField(*body_field) ? BinaryContent() : JsonContent(FieldSchema(*body_field));
      }
      op["requestBody"] = {{"content", std::move(content)}};
    }

    const Descriptor& output = *method.output_type();
    json ok_content;
    const FieldDescriptor* response_field =
        route.response_body.empty() ? nullptr : output.FindFieldByName(route.response_body);
    if (response_field != nullptr) {
      ok_content = IsHttpBodyField(*response_field) ? BinaryContent()
                                                    : JsonContent(FieldSchema(*response_field));
    } else {
      ok_content = IsHttpBodyType(output) ? BinaryContent() : JsonContent(Ref(output));
    }
    std::string ok_description = Comment(output);
    op["responses"] = {
        {"200",
         {{"description", ok_description.empty() ? "OK" : ok_description},
          {"content", std::move(ok_content)}}},
        {"default",
         {{"description", "An error, with the gRPC status code and its HTTP mapping."},
          {"content", JsonContent({{"$ref", absl::StrCat(kSchemaPrefix, kErrorSchema)}})}}}};
    return op;
  }

  // Every scalar-like field that neither the path nor the body binds, recursing into
  // singular messages with dotted names.
  void AddQueryParameters(const Descriptor& message, const std::string& prefix,
                          const FieldPath& chain, const std::vector<FieldPath>& bound,
                          const FieldDescriptor* body_field, std::set<const Descriptor*>& visiting,
                          json& parameters) {
    // Recursive types stop at their first repetition; anything deeper is not a query API.
    if (chain.size() >= 8 || !visiting.insert(&message).second) return;
    for (int i = 0; i < message.field_count(); ++i) {
      const FieldDescriptor& field = *message.field(i);
      if (chain.empty() && &field == body_field) continue;
      FieldPath path = chain;
      path.push_back(&field);
      bool is_bound = false;
      for (const FieldPath& b : bound) {
        size_t n = std::min(b.size(), path.size());
        if (std::equal(b.begin(), b.begin() + n, path.begin()) && n == b.size()) is_bound = true;
      }
      if (is_bound) continue;
      const std::string name = absl::StrCat(prefix, field.json_name());
      if (IsTextField(field)) {
        json schema = FieldSchema(field);
        parameters.push_back(Parameter(name, "query", std::move(schema), Comment(field), false));
      } else if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field.is_repeated()) {
        AddQueryParameters(*field.message_type(), absl::StrCat(name, "."), path, bound, body_field,
                           visiting, parameters);
      }
    }
    visiting.erase(&message);
  }

  static bool IsHttpBodyType(const Descriptor& type) {
    return type.full_name() == kHttpBodyType || type.full_name() == "google.api.HttpBody";
  }
  static bool IsHttpBodyField(const FieldDescriptor& field) {
    return !field.is_repeated() && field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
           IsHttpBodyType(*field.message_type());
  }

  static json JsonContent(json schema) {
    return {{"application/json", {{"schema", std::move(schema)}}}};
  }
  static json BinaryContent() {
    return {{"*/*", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
  }

  json FieldSchema(const FieldDescriptor& field) {
    if (field.is_map()) {
      return {{"type", "object"},
              {"additionalProperties", FieldSchema(*field.message_type()->map_value())}};
    }
    json element = ScalarSchema(field);
    if (field.is_repeated()) return {{"type", "array"}, {"items", std::move(element)}};
    return element;
  }

  // The schema of one element of the field (ignoring repeated).
  json ScalarSchema(const FieldDescriptor& field) {
    switch (field.type()) {
      case FieldDescriptor::TYPE_INT32:
      case FieldDescriptor::TYPE_SINT32:
      case FieldDescriptor::TYPE_SFIXED32:
        return {{"type", "integer"}, {"format", "int32"}};
      case FieldDescriptor::TYPE_UINT32:
      case FieldDescriptor::TYPE_FIXED32:
        return {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}};
      case FieldDescriptor::TYPE_INT64:
      case FieldDescriptor::TYPE_SINT64:
      case FieldDescriptor::TYPE_SFIXED64:
        return {{"type", "string"}, {"format", "int64"}};
      case FieldDescriptor::TYPE_UINT64:
      case FieldDescriptor::TYPE_FIXED64:
        return {{"type", "string"}, {"format", "uint64"}};
      case FieldDescriptor::TYPE_DOUBLE:
        return {{"type", "number"}, {"format", "double"}};
      case FieldDescriptor::TYPE_FLOAT:
        return {{"type", "number"}, {"format", "float"}};
      case FieldDescriptor::TYPE_BOOL:
        return {{"type", "boolean"}};
      case FieldDescriptor::TYPE_STRING:
        return {{"type", "string"}};
      case FieldDescriptor::TYPE_BYTES:
        return {{"type", "string"}, {"format", "byte"}};
      case FieldDescriptor::TYPE_ENUM:
        return EnumRef(*field.enum_type());
      case FieldDescriptor::TYPE_MESSAGE:
      case FieldDescriptor::TYPE_GROUP:
        return Ref(*field.message_type());
    }
    return json::object();
  }

  // A $ref to the message's schema, or the inline schema of a well-known type.
  json Ref(const Descriptor& message) {
    const std::string& name = message.full_name();
    if (name == "google.protobuf.Timestamp") return {{"type", "string"}, {"format", "date-time"}};
    if (name == "google.protobuf.Duration") {
      return {{"type", "string"}, {"description", "Seconds with an 's' suffix, e.g. \"1.5s\"."}};
    }
    if (name == "google.protobuf.FieldMask") {
      return {{"type", "string"},
              {"description", "Comma-separated field paths, e.g. \"name,address.locality\"."}};
    }
    if (name == "google.protobuf.Struct") {
      return {{"type", "object"}, {"additionalProperties", true}};
    }
    if (name == "google.protobuf.Value") return {{"description", "Any JSON value."}};
    if (name == "google.protobuf.ListValue") return {{"type", "array"}, {"items", json::object()}};
    if (name == "google.protobuf.Empty") return {{"type", "object"}};
    if (name == "google.protobuf.Any") {
      return {{"type", "object"},
              {"properties", {{"@type", {{"type", "string"}}}}},
              {"additionalProperties", true}};
    }
    if (IsWrapper(name) && message.field_count() == 1) {
      json schema = ScalarSchema(*message.field(0));
      schema["nullable"] = true;
      return schema;
    }
    if (!schemas_.count(name)) {
      schemas_[name] = json::object();  // placeholder: emitted later, also ends recursion
      pending_.push_back(&message);
    }
    return {{"$ref", absl::StrCat(kSchemaPrefix, name)}};
  }

  json EnumRef(const EnumDescriptor& type) {
    const std::string& name = type.full_name();
    if (!schemas_.count(name)) {
      json values = json::array();
      for (int i = 0; i < type.value_count(); ++i) values.push_back(type.value(i)->name());
      json schema = {{"type", "string"}, {"enum", std::move(values)}};
      if (std::string c = Comment(type); !c.empty()) schema["description"] = c;
      schemas_[name] = std::move(schema);
    }
    return {{"$ref", absl::StrCat(kSchemaPrefix, name)}};
  }

  json MessageSchema(const Descriptor& message, const std::set<const FieldDescriptor*>& exclude) {
    json properties = json::object();
    for (int i = 0; i < message.field_count(); ++i) {
      const FieldDescriptor& field = *message.field(i);
      if (exclude.count(&field)) continue;
      json schema = FieldSchema(field);
      if (std::string c = Comment(field); !c.empty()) {
        // Siblings of $ref are ignored in OpenAPI 3.0; wrap to keep the description.
        if (schema.contains("$ref")) schema = {{"allOf", json::array({std::move(schema)})}};
        schema["description"] = c;
      }
      properties[field.json_name()] = std::move(schema);
    }
    json schema = {{"type", "object"}, {"properties", std::move(properties)}};
    if (std::string c = Comment(message); !c.empty()) schema["description"] = c;
    return schema;
  }

  void EmitPendingSchemas() {
    while (!pending_.empty()) {
      const Descriptor* message = pending_.back();
      pending_.pop_back();
      schemas_[message->full_name()] = MessageSchema(*message, {});
    }
  }

  static json ErrorSchema() {
    return {{"type", "object"},
            {"description", "The body of every error response."},
            {"required", json::array({"code", "status", "message"})},
            {"properties",
             {{"code", {{"type", "integer"}, {"format", "int32"}, {"description", "gRPC code"}}},
              {"status", {{"type", "string"}, {"description", "gRPC code name, e.g. NOT_FOUND"}}},
              {"message", {{"type", "string"}}},
              {"details", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  }

  const OpenApiOptions& options_;
  std::map<std::string, json> schemas_;
  std::vector<const Descriptor*> pending_;
};

}  // namespace

std::string BuildOpenApiJson(const std::vector<Route>& routes, const OpenApiOptions& options) {
  return Builder(options).Build(routes);
}

}  // namespace leerpool::gateway
