#ifndef LEERPOOL_SERVICES_GATEWAY_TRANSCODING_TRANSCODER_H_
#define LEERPOOL_SERVICES_GATEWAY_TRANSCODING_TRANSCODER_H_

// HTTP/JSON <-> gRPC transcoding driven entirely by descriptors: every RPC with a
// google.api.http annotation in the descriptor set becomes a route, so a new annotated RPC is
// reachable after a rebuild with no gateway code. No Beast and no gRPC in here: the server
// does the I/O and calls the backend with a generic stub.
//
// JSON names. Responses use protobuf's default JSON mapping: lowerCamelCase field names
// ("createTime"), enums as names, int64 as strings, and every primitive field printed even
// when zero/empty (always_print_primitive_fields) so clients see a stable shape. Requests
// accept both the lowerCamelCase and the original snake_case names, in bodies (protobuf's
// parser does) and in query parameters and path templates (we do).
//
// Binding order. The body is applied first, then path variables, then query parameters; a
// path variable therefore wins over the same field in a `body: "*"` or field body (e.g.
// PATCH /v1/organizations/{organization.id} ignores a different "id" in the body).
//
// Query strings. Keys are field paths ("page_size", "pageSize", "filter.name"); '+' is a
// space; repeat a key for a repeated field; enums by name or number; Timestamp as RFC 3339
// (escape '+' as %2B); FieldMask as "a,b.c". Unknown keys, keys for fields that the path or
// body binds, and any key on a `body: "*"` route are INVALID_ARGUMENT naming the key.
//
// HttpBody. A response of type leerpool.api.v1.HttpBody (or a response_body field of that
// type) is not JSON: HttpResponseBody carries its data verbatim with its content type and
// content disposition. A request body bound to an HttpBody (`body: "*"` on an HttpBody
// request, or a body field of that type) receives the raw bytes and the Content-Type header.
//
// Errors. ToGrpc and FromGrpc never throw; they return:
//   INVALID_ARGUMENT  malformed JSON, unknown field (named), wrong type, bad query parameter
//                     (named), bad percent-encoding, body on a route that takes none, a
//                     target that does not start with '/' (absolute-form is the server's);
//   NOT_FOUND         "no route for GET /x";
//   UNIMPLEMENTED + an "allowed methods" payload
//                     the path exists but not for this method: send 405 with an Allow header.
//                     Use AllowedMethodsFromStatus() / HttpStatusFromStatus() (http_status.h);
//                     AllowedMethods() answers the same question for OPTIONS requests.
//   INTERNAL          (FromGrpc) a response payload that does not parse as the output type.
// HEAD is not mapped to GET here; that is the server's choice.
//
// Thread safety: a Transcoder is immutable after Create(); all const methods may be called
// concurrently.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/type_resolver.h"
#include "services/gateway/transcoding/field_values.h"
#include "services/gateway/transcoding/http_status.h"
#include "services/gateway/transcoding/path_template.h"

namespace google::api {
class HttpRule;
}  // namespace google::api

namespace leerpool::gateway {

// The message type that is sent or received as a raw, non-JSON HTTP body.
inline constexpr std::string_view kHttpBodyType = "leerpool.api.v1.HttpBody";

// One HTTP route derived from a google.api.http rule (or one of its additional_bindings).
struct Route {
  std::string http_method;    // "GET", "POST", "PUT", "PATCH", "DELETE" or a custom kind
  std::string path_template;  // as annotated, e.g. "/v1/organizations/{organization.id}"
  std::string body;           // "" (no body), "*" (whole request) or a top-level field name
  std::string response_body;  // "" (whole response) or a top-level field name
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string grpc_method;        // "/leerpool.registry.v1.RegistryService/GetOrganization"
  std::string service_full_name;  // "leerpool.registry.v1.RegistryService"
  int binding = 0;                // 0 for the main rule, i for additional_bindings[i - 1]
};

// What the server sends to the backend.
struct GrpcRequest {
  const Route* route = nullptr;  // points into Transcoder::routes(); lives as long as it
  std::string grpc_method;       // == route->grpc_method
  std::string service_full_name;
  std::string payload;  // the serialized request message
};

// What the server sends back to the HTTP client on success.
struct HttpResponseBody {
  std::string content_type;         // "application/json" unless the response is an HttpBody
  std::string body;                 // JSON text, or HttpBody.data verbatim
  std::string content_disposition;  // HttpBody.content_disposition; empty: send no header
};

class Transcoder {
 public:
  // Builds the descriptor pool and routing table from a serialized FileDescriptorSet (with
  // imports, e.g. leerpool::proto::DescriptorSetBytes()). Fails with INVALID_ARGUMENT on a
  // bad set or a bad annotation (unknown field in a template or body, '**' not last,
  // conflicting routes, ...), naming the RPC: a broken annotation must fail at startup.
  static absl::StatusOr<std::unique_ptr<Transcoder>> Create(std::string_view descriptor_set);

  Transcoder(const Transcoder&) = delete;
  Transcoder& operator=(const Transcoder&) = delete;
  ~Transcoder();

  // method: "GET", ...; target: the request-target "path?query", percent-encoded; body: the
  // raw body; content_type: the Content-Type header (used only for HttpBody request fields).
  // A blank body counts as "{}" on routes with a body and as no body elsewhere. The
  // Content-Type of JSON bodies is not checked (curl -d sends form-urlencoded).
  absl::StatusOr<GrpcRequest> ToGrpc(std::string_view method, std::string_view target,
                                     std::string_view body, std::string_view content_type) const;

  // Turns the backend's response bytes for request.route into the HTTP body: JSON, or the
  // raw data of a leerpool.api.v1.HttpBody response (or response_body field) with its
  // content type (application/octet-stream when empty) and content disposition.
  absl::StatusOr<HttpResponseBody> FromGrpc(const GrpcRequest& request,
                                            std::string_view payload) const;

  // The methods that have a route for this target's path (sorted, e.g. {"GET", "PATCH"});
  // empty when no route matches the path or the target is malformed.
  std::vector<std::string> AllowedMethods(std::string_view target) const;

  // Every route, in descriptor order (file, service, method, binding).
  const std::vector<Route>& routes() const { return routes_; }

  // An OpenAPI 3.0.3 document of all routes, with schemas derived from the descriptors and
  // descriptions from the proto comments. See openapi.h.
  std::string OpenApiJson() const;

  const google::protobuf::DescriptorPool& pool() const { return *pool_; }

 private:
  // What ToGrpc/FromGrpc need per route, resolved once at Create().
  struct RouteInfo {
    PathTemplate path_template;
    std::vector<FieldPath> variable_fields;  // parallel to path_template.variables
    const google::protobuf::FieldDescriptor* body_field = nullptr;  // body names a field
    bool body_is_http_body = false;  // the body target (request or body_field) is an HttpBody
    const google::protobuf::FieldDescriptor* response_field = nullptr;
    bool response_is_http_body = false;
    const google::protobuf::Message* request_prototype = nullptr;
  };

  Transcoder();
  absl::Status AddRoutes(const google::protobuf::MethodDescriptor& method);
  absl::Status AddRoute(const google::protobuf::MethodDescriptor& method,
                        const google::api::HttpRule& rule, int binding);
  absl::Status ApplyBody(const Route& route, const RouteInfo& info, absl::string_view body,
                         absl::string_view content_type, google::protobuf::Message& request) const;
  absl::Status ApplyQuery(const Route& route, const RouteInfo& info, absl::string_view query,
                          google::protobuf::Message& request) const;

  std::unique_ptr<google::protobuf::DescriptorPool> pool_;
  // Mutable state is internal to the factory and guarded by its own mutex.
  std::unique_ptr<google::protobuf::DynamicMessageFactory> factory_;
  std::unique_ptr<google::protobuf::util::TypeResolver> resolver_;
  std::vector<Route> routes_;
  std::vector<RouteInfo> infos_;  // parallel to routes_
  PathMatcher matcher_;
};

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_TRANSCODING_TRANSCODER_H_
