#include "services/gateway/transcoding/transcoder.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/api/annotations.pb.h"
#include "google/api/http.pb.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "nlohmann/json.hpp"
#include "services/gateway/transcoding/absl_view.h"
#include "services/gateway/transcoding/openapi.h"

namespace leerpool::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptorProto;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

constexpr absl::string_view kJsonContentType = "application/json";

// Client-supplied text echoed in errors is cut short: it may be arbitrarily long.
std::string Shorten(absl::string_view text) {
  constexpr size_t kMax = 200;
  if (text.size() <= kMax) return std::string(text);
  return absl::StrCat(text.substr(0, kMax), "...");
}

bool IsHttpBody(const Descriptor* type) {
  return type != nullptr &&
         (type->full_name() == kHttpBodyType || type->full_name() == "google.api.HttpBody");
}

bool IsHttpBodyField(const FieldDescriptor* field) {
  return field != nullptr && !field->is_repeated() &&
         field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && IsHttpBody(field->message_type());
}

// No CR/LF (header injection) or other control characters.
bool IsHeaderValue(absl::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return (u < 0x20 && u != '\t') || u == 0x7F;
  });
}

bool IsBlank(absl::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); });
}

// The rule from the method's options. protoc stored it as an extension; it parses as one when
// the generated google/api/annotations code is linked (we reference it, so it is), and would
// otherwise sit in the unknown fields, which we read as a fallback.
bool ReadHttpRule(const google::protobuf::MethodOptions& options, google::api::HttpRule* rule) {
  if (options.HasExtension(google::api::http)) {
    *rule = options.GetExtension(google::api::http);
    return true;
  }
  const google::protobuf::UnknownFieldSet& unknown =
      options.GetReflection()->GetUnknownFields(options);
  for (int i = 0; i < unknown.field_count(); ++i) {
    const google::protobuf::UnknownField& field = unknown.field(i);
    if (field.number() == google::api::kHttpFieldNumber &&
        field.type() == google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
      return rule->ParseFromString(field.length_delimited());
    }
  }
  return false;
}

class CollectingErrors : public DescriptorPool::ErrorCollector {
 public:
  void AddError(const std::string& filename, const std::string& element_name,
                const Message* /*descriptor*/, ErrorLocation /*location*/,
                const std::string& message) override {
    if (!text.empty()) text += "; ";
    absl::StrAppend(&text, filename, ": ", element_name, ": ", message);
  }
  std::string text;
};

// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
// BinaryToJsonString copies string fields' bytes as they are, so a backend that puts other
// bytes in a string field would otherwise make the gateway send text that is not JSON.
bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    if (byte(i + 1) < low || byte(i + 1) > high) return false;
    for (size_t k = 2; k < length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

absl::StatusOr<std::string> ToJson(google::protobuf::util::TypeResolver& resolver,
                                   const Descriptor& type, const std::string& binary) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  google::protobuf::util::Status status =
      google::protobuf::util::BinaryToJsonString(&resolver, TypeUrl(type), binary, &json, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("malformed ", type.full_name(),
                                            " from the backend: ", status.message().ToString()));
  }
  if (!IsValidUtf8(json)) {
    return absl::InternalError(absl::StrCat("malformed ", type.full_name(),
                                            " from the backend: a string is not valid UTF-8"));
  }
  return json;
}

}  // namespace

Transcoder::Transcoder() = default;
Transcoder::~Transcoder() = default;

absl::StatusOr<std::unique_ptr<Transcoder>> Transcoder::Create(std::string_view descriptor_set) {
  google::protobuf::FileDescriptorSet set;
  if (!set.ParseFromArray(descriptor_set.data(), static_cast<int>(descriptor_set.size()))) {
    return absl::InvalidArgumentError("descriptor set does not parse");
  }
  std::unique_ptr<Transcoder> t(new Transcoder());
  t->pool_ = std::make_unique<DescriptorPool>();

  // protoc writes files in dependency order, but a hand-made set need not be: build whatever
  // has all its dependencies until nothing more can be built.
  std::vector<const FileDescriptorProto*> pending;
  for (const FileDescriptorProto& file : set.file()) pending.push_back(&file);
  while (!pending.empty()) {
    std::vector<const FileDescriptorProto*> blocked;
    for (const FileDescriptorProto* file : pending) {
      bool ready = std::all_of(
          file->dependency().begin(), file->dependency().end(),
          [&](const std::string& dep) { return t->pool_->FindFileByName(dep) != nullptr; });
      if (!ready) {
        blocked.push_back(file);
        continue;
      }
      CollectingErrors errors;
      if (t->pool_->BuildFileCollectingErrors(*file, &errors) == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("descriptor set: cannot build ", file->name(), ": ", errors.text));
      }
    }
    if (blocked.size() == pending.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("descriptor set: missing dependencies of ", blocked.front()->name()));
    }
    pending = std::move(blocked);
  }

  t->factory_ = std::make_unique<google::protobuf::DynamicMessageFactory>();
  t->resolver_.reset(google::protobuf::util::NewTypeResolverForDescriptorPool("type.googleapis.com",
                                                                              t->pool_.get()));

  for (const FileDescriptorProto& file_proto : set.file()) {
    const google::protobuf::FileDescriptor* file = t->pool_->FindFileByName(file_proto.name());
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        if (absl::Status status = t->AddRoutes(*file->service(s)->method(m)); !status.ok()) {
          return status;
        }
      }
    }
  }
  return t;
}

absl::Status Transcoder::AddRoutes(const MethodDescriptor& method) {
  google::api::HttpRule rule;
  if (!ReadHttpRule(method.options(), &rule)) return absl::OkStatus();  // gRPC only
  if (absl::Status s = AddRoute(method, rule, 0); !s.ok()) return s;
  for (int i = 0; i < rule.additional_bindings_size(); ++i) {
    const google::api::HttpRule& binding = rule.additional_bindings(i);
    if (binding.additional_bindings_size() > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(method.full_name(), ": additional_bindings must not nest"));
    }
    if (absl::Status s = AddRoute(method, binding, i + 1); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status Transcoder::AddRoute(const MethodDescriptor& method, const google::api::HttpRule& rule,
                                  int binding) {
  Route route;
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      route.http_method = "GET";
      route.path_template = rule.get();
      break;
    case google::api::HttpRule::kPut:
      route.http_method = "PUT";
      route.path_template = rule.put();
      break;
    case google::api::HttpRule::kPost:
      route.http_method = "POST";
      route.path_template = rule.post();
      break;
    case google::api::HttpRule::kDelete:
      route.http_method = "DELETE";
      route.path_template = rule.delete_();
      break;
    case google::api::HttpRule::kPatch:
      route.http_method = "PATCH";
      route.path_template = rule.patch();
      break;
    case google::api::HttpRule::kCustom:
      route.http_method = rule.custom().kind();
      route.path_template = rule.custom().path();
      break;
    case google::api::HttpRule::PATTERN_NOT_SET:
      break;
  }
  const std::string where =
      absl::StrCat(method.full_name(), " (", route.http_method, " ", route.path_template, ")");
  auto error = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("google.api.http of ", where, ": ", why));
  };
  if (route.http_method.empty() || route.path_template.empty()) {
    return error("no HTTP method or path");
  }
  route.body = rule.body();
  route.response_body = rule.response_body();
  route.method = &method;
  route.service_full_name = method.service()->full_name();
  route.grpc_method = absl::StrCat("/", route.service_full_name, "/", method.name());
  route.binding = binding;

  RouteInfo info;
  absl::StatusOr<PathTemplate> path_template = PathTemplate::Parse(route.path_template);
  if (!path_template.ok()) return error(path_template.status().message());
  info.path_template = *std::move(path_template);

  const Descriptor& input = *method.input_type();
  for (const PathTemplate::Variable& variable : info.path_template.variables) {
    absl::StatusOr<FieldPath> path = ResolveFieldPath(input, variable.field_path);
    if (!path.ok()) return error(path.status().message());
    if (path->back()->is_repeated() || !IsTextField(*path->back())) {
      return error(
          absl::StrCat("path variable ", variable.field_path, " must be a singular scalar field"));
    }
    info.variable_fields.push_back(*std::move(path));
  }

  if (route.body == "*") {
    info.body_is_http_body = IsHttpBody(&input);
  } else if (!route.body.empty()) {
    info.body_field = input.FindFieldByName(route.body);
    if (info.body_field == nullptr) {
      return error(absl::StrCat("body field ", route.body, " not in ", input.full_name()));
    }
    info.body_is_http_body = IsHttpBodyField(info.body_field);
  }

  const Descriptor& output = *method.output_type();
  if (!route.response_body.empty()) {
    info.response_field = output.FindFieldByName(route.response_body);
    if (info.response_field == nullptr) {
      return error(absl::StrCat("response_body field ", route.response_body, " not in ",
                                output.full_name()));
    }
    info.response_is_http_body = IsHttpBodyField(info.response_field);
  } else {
    info.response_is_http_body = IsHttpBody(&output);
  }
  info.request_prototype = factory_->GetPrototype(&input);

  absl::Status inserted =
      matcher_.Insert(info.path_template, route.http_method, static_cast<int>(routes_.size()));
  if (!inserted.ok()) return error(inserted.message());
  routes_.push_back(std::move(route));
  infos_.push_back(std::move(info));
  return absl::OkStatus();
}

absl::StatusOr<GrpcRequest> Transcoder::ToGrpc(std::string_view method_in,
                                               std::string_view target_in, std::string_view body_in,
                                               std::string_view content_type_in) const {
  const absl::string_view method = AbslView(method_in), target = AbslView(target_in),
                          body = AbslView(body_in), content_type = AbslView(content_type_in);
  const size_t question = target.find('?');
  const absl::string_view path = target.substr(0, question);
  const absl::string_view query =
      question == absl::string_view::npos ? absl::string_view() : target.substr(question + 1);

  absl::StatusOr<PathMatcher::Result> match = matcher_.Match(method, path);
  if (!match.ok()) return match.status();
  if (match->route < 0) {
    if (match->allowed_methods.empty()) {
      return absl::NotFoundError(
          absl::StrCat("no route for ", Shorten(method), " ", Shorten(path)));
    }
    std::string allow = absl::StrJoin(match->allowed_methods, ", ");
    return MethodNotAllowedError(absl::StrCat("method ", Shorten(method), " is not allowed for ",
                                              Shorten(path), " (allowed: ", allow, ")"),
                                 allow);
  }
  const Route& route = routes_[match->route];
  const RouteInfo& info = infos_[match->route];

  std::unique_ptr<Message> request(info.request_prototype->New());
  if (absl::Status s = ApplyBody(route, info, body, content_type, *request); !s.ok()) return s;

  const PathTemplate& path_template = info.path_template;
  for (size_t i = 0; i < path_template.variables.size(); ++i) {
    const PathTemplate::Variable& variable = path_template.variables[i];
    // A trailing '**' takes all the remaining request segments (possibly none).
    size_t end = variable.end;
    if (variable.end == path_template.segments.size() && path_template.EndsWithDoubleWildcard()) {
      end = match->segments.size();
    }
    std::string raw =
        absl::StrJoin(match->segments.begin() + variable.begin, match->segments.begin() + end, "/");
    std::string name = absl::StrCat("path variable '", variable.field_path, "'");
    absl::StatusOr<std::string> value = PercentDecode(raw, variable.multi_segment);
    if (!value.ok()) return absl::InvalidArgumentError(absl::StrCat("invalid ", name));
    if (absl::Status s =
            SetFieldFromText(*request, info.variable_fields[i], *value, name, *resolver_);
        !s.ok()) {
      return s;
    }
  }

  if (absl::Status s = ApplyQuery(route, info, query, *request); !s.ok()) return s;

  GrpcRequest out;
  out.route = &route;
  out.grpc_method = route.grpc_method;
  out.service_full_name = route.service_full_name;
  if (!request->SerializeToString(&out.payload)) {
    return absl::InternalError(absl::StrCat("cannot serialize ", request->GetTypeName()));
  }
  return out;
}

absl::Status Transcoder::ApplyBody(const Route& route, const RouteInfo& info,
                                   absl::string_view body, absl::string_view content_type,
                                   Message& request) const {
  if (route.body.empty()) {
    if (IsBlank(body)) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat(route.http_method, " ", route.path_template, " does not take a request body"));
  }

  const google::protobuf::Reflection& reflection = *request.GetReflection();
  if (info.body_is_http_body) {
    Message* http_body =
        info.body_field ? reflection.MutableMessage(&request, info.body_field) : &request;
    const Descriptor& type = *http_body->GetDescriptor();
    if (!IsValidUtf8(content_type)) {
      return absl::InvalidArgumentError("Content-Type is not valid UTF-8");
    }
    const google::protobuf::Reflection& r = *http_body->GetReflection();
    if (const FieldDescriptor* f = type.FindFieldByName("content_type")) {
      r.SetString(http_body, f, std::string(content_type));
    }
    if (const FieldDescriptor* f = type.FindFieldByName("data")) {
      r.SetString(http_body, f, std::string(body));
    }
    return absl::OkStatus();
  }

  if (IsBlank(body)) return absl::OkStatus();  // same as "{}"
  // RFC 8259: JSON text is UTF-8. Checking up front gives a clear error.
  if (!IsValidUtf8(body)) return absl::InvalidArgumentError("request body is not valid UTF-8");

  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto parse = [&](const Descriptor& type, absl::string_view json,
                   Message& target) -> absl::Status {
    std::string binary;
    google::protobuf::util::Status status = google::protobuf::util::JsonToBinaryString(
        resolver_.get(), TypeUrl(type), google::protobuf::StringPiece(json.data(), json.size()),
        &binary, options);
    if (!status.ok()) {
      // The parser appends the offending input and a caret on further lines; the first line
      // names the problem and the field.
      std::string message = status.message().ToString();
      message.resize(std::min(message.find('\n'), message.size()));
      return absl::InvalidArgumentError(absl::StrCat("invalid JSON body: ", Shorten(message)));
    }
    // Parsing the converter's output validates it (UTF-8 of strings, nesting depth) here
    // rather than in the backend.
    if (!target.MergeFromString(binary)) {
      return absl::InvalidArgumentError(
          "invalid JSON body: a string is not valid UTF-8 or the value is nested too deeply");
    }
    return absl::OkStatus();
  };

  if (route.body == "*") return parse(*request.GetDescriptor(), body, request);
  const FieldDescriptor& field = *info.body_field;
  if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field.is_repeated()) {
    return parse(*field.message_type(), body, *reflection.MutableMessage(&request, &field));
  }
  // A scalar, repeated or map body field: parse {"<field>": <body>} as the request type and
  // insist that nothing but that field came out, so the body cannot smuggle in other fields.
  std::unique_ptr<Message> scratch(request.New());
  std::string wrapped = absl::StrCat("{", JsonQuote(field.json_name()), ":", body, "}");
  if (absl::Status s = parse(*request.GetDescriptor(), wrapped, *scratch); !s.ok()) return s;
  std::vector<const FieldDescriptor*> set_fields;
  scratch->GetReflection()->ListFields(*scratch, &set_fields);
  for (const FieldDescriptor* f : set_fields) {
    if (f != &field) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid JSON body: expected a single value for field ", field.name()));
    }
  }
  request.MergeFrom(*scratch);
  return absl::OkStatus();
}

absl::Status Transcoder::ApplyQuery(const Route& route, const RouteInfo& info,
                                    absl::string_view query, Message& request) const {
  std::set<FieldPath> seen;
  for (absl::string_view pair : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    const size_t eq = pair.find('=');
    absl::StatusOr<std::string> key = PercentDecode(pair.substr(0, eq), false, true);
    absl::StatusOr<std::string> value = eq == absl::string_view::npos
                                            ? std::string()
                                            : PercentDecode(pair.substr(eq + 1), false, true);
    if (!key.ok() || !value.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid percent-encoding in query parameter \"", Shorten(pair), "\""));
    }
    const std::string name = absl::StrCat("query parameter '", Shorten(*key), "'");
    if (route.body == "*") {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown ", name, ": ", route.http_method, " ", route.path_template,
                       " takes all its fields from the request body"));
    }
    absl::StatusOr<FieldPath> path = ResolveFieldPath(*request.GetDescriptor(), *key);
    if (!path.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown ", name, ": ", path.status().message()));
    }
    if (info.body_field != nullptr && path->front() == info.body_field) {
      return absl::InvalidArgumentError(absl::StrCat(name, " is taken from the request body"));
    }
    for (const FieldPath& bound : info.variable_fields) {
      const size_t n = std::min(bound.size(), path->size());
      if (std::equal(bound.begin(), bound.begin() + n, path->begin())) {
        return absl::InvalidArgumentError(absl::StrCat(name, " is taken from the URL path"));
      }
    }
    if (!IsTextField(*path->back())) {
      return absl::InvalidArgumentError(absl::StrCat(
          name,
          " cannot be set from the query string: only scalar, enum and well-known-type "
          "fields can (use dotted names such as 'a.b' for fields of nested messages)"));
    }
    if (!path->back()->is_repeated() && !seen.insert(*path).second) {
      return absl::InvalidArgumentError(absl::StrCat(name, " is given more than once"));
    }
    if (absl::Status s = SetFieldFromText(request, *path, *value, name, *resolver_); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<HttpResponseBody> Transcoder::FromGrpc(const GrpcRequest& request,
                                                      std::string_view payload) const {
  // std::less gives a total order even for pointers into different objects.
  std::less<const Route*> before;
  if (request.route == nullptr || before(request.route, routes_.data()) ||
      !before(request.route, routes_.data() + routes_.size())) {
    return absl::InvalidArgumentError("FromGrpc: the request's route is not from this Transcoder");
  }
  const size_t index = static_cast<size_t>(request.route - routes_.data());
  const Route& route = routes_[index];
  const RouteInfo& info = infos_[index];
  const Descriptor& output = *route.method->output_type();

  if (info.response_field == nullptr && !info.response_is_http_body) {
    // The JSON converter stops quietly at a broken tag; a truncated response must not pass
    // for a complete one.
    google::protobuf::UnknownFieldSet wire;
    if (!wire.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      return absl::InternalError(
          absl::StrCat("malformed ", output.full_name(), " from the backend"));
    }
    absl::StatusOr<std::string> json = ToJson(*resolver_, output, std::string(payload));
    if (!json.ok()) return json.status();
    return HttpResponseBody{std::string(kJsonContentType), *std::move(json), ""};
  }

  std::unique_ptr<Message> response(factory_->GetPrototype(&output)->New());
  if (!response->ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return absl::InternalError(absl::StrCat("malformed ", output.full_name(), " from the backend"));
  }
  const Message* target = response.get();
  const FieldDescriptor* field = info.response_field;
  if (field != nullptr && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
      !field->is_repeated()) {
    target = &response->GetReflection()->GetMessage(*response, field);
  } else if (field != nullptr) {
    // A scalar, repeated or map response_body: render the response with only that field and
    // lift the field's JSON value out.
    std::vector<const FieldDescriptor*> set_fields;
    response->GetReflection()->ListFields(*response, &set_fields);
    for (const FieldDescriptor* f : set_fields) {
      if (f != field) response->GetReflection()->ClearField(response.get(), f);
    }
    absl::StatusOr<std::string> json = ToJson(*resolver_, output, response->SerializeAsString());
    if (!json.ok()) return json.status();
    nlohmann::json parsed = nlohmann::json::parse(*json, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object() || !parsed.contains(field->json_name())) {
      return absl::InternalError("cannot extract response_body from the JSON response");
    }
    return HttpResponseBody{
        std::string(kJsonContentType),
        parsed[field->json_name()].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
        ""};
  }

  if (info.response_is_http_body) {
    const Descriptor& type = *target->GetDescriptor();
    const google::protobuf::Reflection& r = *target->GetReflection();
    HttpResponseBody out;
    if (const FieldDescriptor* f = type.FindFieldByName("content_type")) {
      out.content_type = r.GetString(*target, f);
    }
    if (out.content_type.empty()) out.content_type = "application/octet-stream";
    if (const FieldDescriptor* f = type.FindFieldByName("data")) out.body = r.GetString(*target, f);
    if (const FieldDescriptor* f = type.FindFieldByName("content_disposition")) {
      out.content_disposition = r.GetString(*target, f);
    }
    if (!IsHeaderValue(out.content_type) || !IsHeaderValue(out.content_disposition)) {
      return absl::InternalError("the backend's HttpBody has a malformed header value");
    }
    return out;
  }
  absl::StatusOr<std::string> json =
      ToJson(*resolver_, *target->GetDescriptor(), target->SerializeAsString());
  if (!json.ok()) return json.status();
  return HttpResponseBody{std::string(kJsonContentType), *std::move(json), ""};
}

std::vector<std::string> Transcoder::AllowedMethods(std::string_view target) const {
  const absl::string_view path = AbslView(target.substr(0, target.find('?')));
  // No route has an empty method, so the walk visits every match and collects their methods.
  absl::StatusOr<PathMatcher::Result> match = matcher_.Match("", path);
  if (!match.ok()) return {};
  return {match->allowed_methods.begin(), match->allowed_methods.end()};
}

std::string Transcoder::OpenApiJson() const { return BuildOpenApiJson(routes_); }

}  // namespace leerpool::gateway
