#ifndef LEERPOOL_SERVICES_GATEWAY_TRANSCODING_OPENAPI_H_
#define LEERPOOL_SERVICES_GATEWAY_TRANSCODING_OPENAPI_H_

#include <string>
#include <vector>

namespace leerpool::gateway {

struct Route;

struct OpenApiOptions {
  std::string title = "Leerpool API";
  std::string version = "v1";
};

// An OpenAPI 3.0.3 document (JSON) for `routes`, derived from their descriptors:
//  - paths: "{organization.id}" becomes the parameter "{organization_id}", "{name=shelves/*}"
//    becomes "{name}", a verb stays a literal suffix (":search"); custom HTTP methods that
//    OpenAPI cannot express are left out;
//  - operations: operationId "<Service>_<Method>" ("_<n>" for additional bindings), tag = the
//    service, summary = the first sentence of the method comment, description = the comment;
//  - parameters: path variables, and every scalar-like request field that the path and body
//    do not bind as a query parameter (dotted lowerCamelCase names for nested fields);
//  - request and response bodies: schemas in components/schemas named by full message name,
//    in protobuf's JSON mapping (lowerCamelCase names, 64-bit integers as strings, enums as
//    string enums, Timestamp as date-time, repeated as arrays, maps as objects); HttpBody
//    bodies as binary of any media type;
//  - a "default" response with the Error schema {code, status, message, details}.
std::string BuildOpenApiJson(const std::vector<Route>& routes, const OpenApiOptions& options = {});

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_TRANSCODING_OPENAPI_H_
