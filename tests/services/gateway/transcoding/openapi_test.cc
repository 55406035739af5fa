#include "services/gateway/transcoding/openapi.h"

#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/gateway/transcoding/transcoder.h"
#include "tests/services/gateway/transcoding/test_util.h"

namespace leerpool::gateway {
namespace {

using json = nlohmann::json;

json Parse(const Transcoder& transcoder) {
  json doc = json::parse(transcoder.OpenApiJson(), nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded());
  return doc;
}

// The parameter named `name` of an operation, or null.
json Param(const json& operation, const std::string& name) {
  for (const json& p : operation.value("parameters", json::array())) {
    if (p["name"] == name) return p;
  }
  return nullptr;
}

// Every "$ref" in the document points at a schema that exists.
void ExpectRefsResolve(const json& doc, const json& node) {
  if (node.is_object()) {
    if (node.contains("$ref")) {
      std::string ref = node["$ref"];
      ASSERT_EQ(ref.rfind("#/components/schemas/", 0), 0u) << ref;
      EXPECT_TRUE(doc["components"]["schemas"].contains(ref.substr(21))) << ref;
    }
    for (const auto& [key, value] : node.items()) ExpectRefsResolve(doc, value);
  } else if (node.is_array()) {
    for (const json& value : node) ExpectRefsResolve(doc, value);
  }
}

TEST(OpenApiTest, RealApiDocument) {
  std::unique_ptr<Transcoder> transcoder = testing::RealTranscoder();
  ASSERT_NE(transcoder, nullptr);
  json doc = Parse(*transcoder);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_EQ(doc["info"]["title"], "Leerpool API");
  ExpectRefsResolve(doc, doc);

  const json& paths = doc["paths"];
  // Every route is documented.
  for (const Route& route : transcoder->routes()) {
    bool found = false;
    for (const auto& [path, item] : paths.items()) {
      std::string method = route.http_method;
      for (char& c : method) c = static_cast<char>(std::tolower(c));
      if (item.contains(method) && item[method]["operationId"].get<std::string>().find(
                                       route.method->name()) != std::string::npos) {
        found = true;
      }
    }
    EXPECT_TRUE(found) << route.http_method << " " << route.path_template;
  }

  // {organization.id} becomes a plain parameter name; both templates share the path item.
  ASSERT_TRUE(paths.contains("/v1/organizations/{organization_id}"));
  const json& item = paths["/v1/organizations/{organization_id}"];
  ASSERT_TRUE(item.contains("get"));
  ASSERT_TRUE(item.contains("patch"));
  const json& patch = item["patch"];
  EXPECT_EQ(patch["operationId"], "RegistryService_UpdateOrganization");
  EXPECT_EQ(patch["summary"],
            "Changes the fields named in update_mask (all settable fields when "
            "it is empty).");
  EXPECT_EQ(patch["tags"], json({"RegistryService"}));
  json id = Param(patch, "organization_id");
  ASSERT_FALSE(id.is_null());
  EXPECT_EQ(id["in"], "path");
  EXPECT_EQ(id["required"], true);
  EXPECT_EQ(id["schema"]["type"], "string");
  json mask = Param(patch, "updateMask");
  ASSERT_FALSE(mask.is_null()) << patch.dump();
  EXPECT_EQ(mask["in"], "query");
  EXPECT_EQ(mask["schema"]["type"], "string");
  EXPECT_TRUE(Param(patch, "organization.name").is_null());  // in the body
  EXPECT_EQ(patch["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/leerpool.registry.v1.Organization");
  EXPECT_EQ(patch["responses"]["default"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error");

  // Query parameters with types and comments.
  const json& list = paths["/v1/organizations"]["get"];
  json page_size = Param(list, "pageSize");
  EXPECT_EQ(page_size["schema"], json({{"type", "integer"}, {"format", "int32"}}));
  EXPECT_EQ(page_size["description"], "At most 200; 50 when unset.");
  EXPECT_EQ(Param(list, "kind")["schema"]["$ref"],
            "#/components/schemas/leerpool.registry.v1.OrganizationKind");
  EXPECT_EQ(list["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/leerpool.registry.v1.ListOrganizationsResponse");

  // Custom verbs stay literal; body "*" documents the request message.
  ASSERT_TRUE(paths.contains("/v1/series:preview"));
  const json& preview = paths["/v1/series:preview"]["post"];
  EXPECT_EQ(preview["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/leerpool.booking.v1.PreviewSeriesRequest");
  EXPECT_FALSE(preview.contains("parameters"));

  const json& schemas = doc["components"]["schemas"];
  const json& org = schemas["leerpool.registry.v1.Organization"];
  EXPECT_EQ(org["type"], "object");
  EXPECT_EQ(org["properties"]["createTime"], json({{"type", "string"}, {"format", "date-time"}}));
  EXPECT_EQ(org["properties"]["educationTracks"]["type"], "array");
  EXPECT_EQ(org["properties"]["educationTracks"]["items"]["type"], "string");
  EXPECT_NE(org["properties"]["id"]["description"].get<std::string>().find("Server-assigned"),
            std::string::npos);
  const json& kind = schemas["leerpool.registry.v1.OrganizationKind"];
  EXPECT_EQ(kind["type"], "string");
  EXPECT_EQ(kind["enum"][1], "ORGANIZATION_KIND_SCHOOL");
  EXPECT_EQ(
      schemas["leerpool.booking.v1.WeeklyRecurrence"]["properties"]["weekdays"]["items"]["$ref"],
      "#/components/schemas/leerpool.type.v1.Weekday");

  const json& error = schemas["Error"];
  for (const char* field : {"code", "status", "message", "details"}) {
    EXPECT_TRUE(error["properties"].contains(field)) << field;
  }
}

TEST(OpenApiTest, TestApiDocument) {
  std::unique_ptr<Transcoder> transcoder = testing::TestTranscoder();
  ASSERT_NE(transcoder, nullptr);
  json doc = Parse(*transcoder);
  ExpectRefsResolve(doc, doc);
  const json& paths = doc["paths"];
  const json& schemas = doc["components"]["schemas"];

  const json& get = paths["/v1/things/{thing_id}"]["get"];
  EXPECT_EQ(get["summary"], "Gets a thing.");
  EXPECT_NE(get["description"].get<std::string>().find("Second paragraph."), std::string::npos);
  EXPECT_EQ(paths["/v1/shelves/{shelf_id}/things/{thing_id}"]["get"]["operationId"],
            "TestService_GetThing_1");
  EXPECT_TRUE(paths["/v1/things/{thing_id}"].contains("head"));
  EXPECT_TRUE(paths.contains("/v1/things/{thing_id}:cancel"));
  EXPECT_TRUE(paths.contains("/v1/{name}"));
  EXPECT_TRUE(paths.contains("/v1/files/{path}"));

  // Query parameter kinds.
  const json& list = paths["/v1/things"]["get"];
  EXPECT_EQ(Param(list, "minSize")["schema"], json({{"type", "string"}, {"format", "int64"}}));
  json colors = Param(list, "colors");
  EXPECT_EQ(colors["schema"]["type"], "array");
  EXPECT_EQ(colors["explode"], true);
  EXPECT_EQ(Param(list, "filter.name")["schema"]["type"], "string");
  EXPECT_TRUE(Param(list, "filter.next.name").is_null());  // recursion stops at the first repeat
  EXPECT_EQ(Param(list, "since")["schema"]["format"], "date-time");
  EXPECT_EQ(Param(list, "limit")["schema"]["nullable"], true);
  EXPECT_EQ(Param(list, "customName")["schema"]["type"], "string");
  EXPECT_EQ(Param(list, "text")["description"], "Free text.");
  EXPECT_TRUE(Param(list, "labels").is_null());   // maps cannot be query parameters
  EXPECT_TRUE(Param(list, "filters").is_null());  // nor repeated messages

  // Bodies and responses.
  EXPECT_EQ(paths["/v1/folders/{folder_id}/files"]["post"]["requestBody"]["content"]["*/*"]
                 ["schema"]["format"],
            "binary");
  EXPECT_EQ(
      paths["/v1/files/{path}"]["get"]["responses"]["200"]["content"]["*/*"]["schema"]["format"],
      "binary");
  EXPECT_EQ(paths["/v1/things/{thing_id}/tags"]["put"]["requestBody"]["content"]["application/json"]
                 ["schema"]["type"],
            "array");
  // A body "*" with path variables documents the message without them.
  const json& cancel = paths["/v1/things/{thing_id}:cancel"]["post"];
  const json& cancel_schema = cancel["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_FALSE(cancel_schema["properties"].contains("thingId"));
  EXPECT_TRUE(cancel_schema["properties"].contains("verbose"));

  const json& thing = schemas["leerpool.transcoding_test.v1.Thing"];
  EXPECT_EQ(thing["properties"]["size"], json({{"type", "string"}, {"format", "int64"}}));
  EXPECT_EQ(thing["properties"]["counts"]["type"], "object");
  EXPECT_EQ(thing["properties"]["counts"]["additionalProperties"]["format"], "int32");
  EXPECT_EQ(thing["properties"]["parent"]["$ref"],
            "#/components/schemas/leerpool.transcoding_test.v1.Thing");
}

}  // namespace
}  // namespace leerpool::gateway
