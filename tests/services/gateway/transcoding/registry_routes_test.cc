// The transcoder on the real, embedded Leerpool descriptor set.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "google/api/annotations.pb.h"
#include "google/protobuf/descriptor.pb.h"
#include "gtest/gtest.h"
#include "leerpool/booking/v1/booking.pb.h"
#include "leerpool/catalogue/v1/catalogue.pb.h"
#include "leerpool/registry/v1/registry.pb.h"
#include "nlohmann/json.hpp"
#include "proto/descriptor_set.h"
#include "services/gateway/transcoding/transcoder.h"
#include "tests/services/gateway/transcoding/test_util.h"

namespace leerpool::gateway {
namespace {

using ::leerpool::gateway::testing::Message;
using ::leerpool::gateway::testing::RealTranscoder;
namespace registry = ::leerpool::registry::v1;

class RegistryRoutesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { transcoder_ = RealTranscoder().release(); }
  static void TearDownTestSuite() {
    delete transcoder_;
    transcoder_ = nullptr;
  }

  static absl::StatusOr<GrpcRequest> Call(std::string_view method, std::string_view target,
                                          std::string_view body = "") {
    return transcoder_->ToGrpc(method, target, body, "application/json");
  }

  template <typename M>
  static M Decode(const GrpcRequest& request) {
    M message;
    EXPECT_TRUE(message.ParseFromString(request.payload));
    return message;
  }

  static const Transcoder* transcoder_;
};
const Transcoder* RegistryRoutesTest::transcoder_ = nullptr;

// Every (method, HTTP method, template) annotated in the descriptor set, read independently of
// the transcoder with the generated extension.
std::set<std::tuple<std::string, std::string, std::string>> AnnotatedBindings() {
  google::protobuf::FileDescriptorSet set;
  EXPECT_TRUE(set.ParseFromString(std::string(leerpool::proto::DescriptorSetBytes())));
  std::set<std::tuple<std::string, std::string, std::string>> out;
  auto add = [&](const std::string& method, const google::api::HttpRule& rule) {
    std::string verb, path;
    if (rule.has_get()) verb = "GET", path = rule.get();
    if (rule.has_post()) verb = "POST", path = rule.post();
    if (rule.has_put()) verb = "PUT", path = rule.put();
    if (rule.has_patch()) verb = "PATCH", path = rule.patch();
    if (rule.has_delete_()) verb = "DELETE", path = rule.delete_();
    if (rule.has_custom()) verb = rule.custom().kind(), path = rule.custom().path();
    out.emplace(method, verb, path);
  };
  for (const auto& file : set.file()) {
    for (const auto& service : file.service()) {
      for (const auto& method : service.method()) {
        if (!method.options().HasExtension(google::api::http)) continue;
        const google::api::HttpRule& rule = method.options().GetExtension(google::api::http);
        std::string name =
            absl::StrCat("/", file.package(), ".", service.name(), "/", method.name());
        add(name, rule);
        for (const auto& binding : rule.additional_bindings()) add(name, binding);
      }
    }
  }
  return out;
}

TEST_F(RegistryRoutesTest, EveryAnnotatedRpcIsRouted) {
  auto expected = AnnotatedBindings();
  ASSERT_FALSE(expected.empty());
  std::set<std::tuple<std::string, std::string, std::string>> actual;
  for (const Route& route : transcoder_->routes()) {
    actual.emplace(route.grpc_method, route.http_method, route.path_template);
    EXPECT_EQ(route.grpc_method,
              absl::StrCat("/", route.method->service()->full_name(), "/", route.method->name()));
    EXPECT_EQ(route.service_full_name, route.method->service()->full_name());
  }
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(transcoder_->routes().size(), expected.size());
}

TEST_F(RegistryRoutesTest, KnownRoutes) {
  auto find = [&](std::string_view grpc_method) -> const Route* {
    for (const Route& r : transcoder_->routes()) {
      if (r.grpc_method == grpc_method) return &r;
    }
    return nullptr;
  };
  const Route* update = find("/leerpool.registry.v1.RegistryService/UpdateOrganization");
  ASSERT_NE(update, nullptr);
  EXPECT_EQ(update->http_method, "PATCH");
  EXPECT_EQ(update->path_template, "/v1/organizations/{organization.id}");
  EXPECT_EQ(update->body, "organization");
  const Route* preview = find("/leerpool.booking.v1.BookingService/PreviewSeries");
  ASSERT_NE(preview, nullptr);
  EXPECT_EQ(preview->http_method, "POST");
  EXPECT_EQ(preview->path_template, "/v1/series:preview");
  EXPECT_EQ(preview->body, "*");
  EXPECT_NE(find("/leerpool.catalogue.v1.CatalogueService/ListVocabulary"), nullptr);
}

TEST_F(RegistryRoutesTest, GetWithPathVariable) {
  absl::StatusOr<GrpcRequest> r = Call("GET", "/v1/organizations/org_42");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->grpc_method, "/leerpool.registry.v1.RegistryService/GetOrganization");
  EXPECT_EQ(r->service_full_name, "leerpool.registry.v1.RegistryService");
  ASSERT_NE(r->route, nullptr);
  EXPECT_EQ(r->route->path_template, "/v1/organizations/{organization_id}");
  EXPECT_EQ(Decode<registry::GetOrganizationRequest>(*r).organization_id(), "org_42");
}

TEST_F(RegistryRoutesTest, PercentDecodesPathVariables) {
  absl::StatusOr<GrpcRequest> r = Call("GET", "/v1/organizations/org%2F1%20caf%C3%A9");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Decode<registry::GetOrganizationRequest>(*r).organization_id(), "org/1 café");

  for (const char* bad :
       {"/v1/organizations/org%zz", "/v1/organizations/org%4", "/v1/organizations/org%"}) {
    absl::StatusOr<GrpcRequest> e = Call("GET", bad);
    EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  absl::StatusOr<GrpcRequest> e = Call("GET", "/v1/organizations/%FF%FE");
  EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(Message(e.status()).find("organization_id"), std::string::npos) << e.status();
}

TEST_F(RegistryRoutesTest, PatchWithNestedVariableFieldBodyAndFieldMask) {
  absl::StatusOr<GrpcRequest> r =
      Call("PATCH", "/v1/organizations/org_7?update_mask=name,kind,timeZone",
           R"({"id": "ignored", "name": "ROC Tilburg", "kind": "ORGANIZATION_KIND_SCHOOL",
               "time_zone": "Europe/Amsterdam", "educationTracks": ["MBO-BOL"]})");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->grpc_method, "/leerpool.registry.v1.RegistryService/UpdateOrganization");
  auto request = Decode<registry::UpdateOrganizationRequest>(*r);
  EXPECT_EQ(request.organization().id(), "org_7");  // the path wins over the body
  EXPECT_EQ(request.organization().name(), "ROC Tilburg");
  EXPECT_EQ(request.organization().kind(), registry::ORGANIZATION_KIND_SCHOOL);
  EXPECT_EQ(request.organization().time_zone(), "Europe/Amsterdam");
  ASSERT_EQ(request.organization().education_tracks_size(), 1);
  ASSERT_EQ(request.update_mask().paths_size(), 3);
  EXPECT_EQ(request.update_mask().paths(0), "name");
  EXPECT_EQ(request.update_mask().paths(2), "time_zone");
}

TEST_F(RegistryRoutesTest, PostWithFieldBody) {
  absl::StatusOr<GrpcRequest> r = Call("POST", "/v1/organizations",
                                       R"({"name": "Volvo Gent", "country": "BE",
                                           "location": {"latitude": 51.1, "longitude": 3.7}})");
  ASSERT_TRUE(r.ok()) << r.status();
  auto request = Decode<registry::CreateOrganizationRequest>(*r);
  EXPECT_EQ(request.organization().name(), "Volvo Gent");
  EXPECT_DOUBLE_EQ(request.organization().location().latitude(), 51.1);

  // An empty body is an empty organization, not an error.
  r = Call("POST", "/v1/organizations", "");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(Decode<registry::CreateOrganizationRequest>(*r).has_organization() == false);
}

TEST_F(RegistryRoutesTest, BodyStarWithCustomVerb) {
  absl::StatusOr<GrpcRequest> r = Call("POST", "/v1/series:preview", R"({
      "recurrence": {"timeZone": "Europe/Brussels", "firstDate": {"year": 2026, "month": 3,
                     "day": 30}, "weekdays": ["MONDAY", "FRIDAY"], "count": 4}})");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->grpc_method, "/leerpool.booking.v1.BookingService/PreviewSeries");
  booking::v1::PreviewSeriesRequest request;
  ASSERT_TRUE(request.ParseFromString(r->payload));
  EXPECT_EQ(request.recurrence().time_zone(), "Europe/Brussels");
  EXPECT_EQ(request.recurrence().first_date().day(), 30);
  ASSERT_EQ(request.recurrence().weekdays_size(), 2);
  EXPECT_EQ(request.recurrence().weekdays(1), leerpool::type::v1::FRIDAY);

  // body "*" leaves nothing for the query string.
  r = Call("POST", "/v1/series:preview?count=3", "{}");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(Message(r.status()).find("count"), std::string::npos) << r.status();
}

TEST_F(RegistryRoutesTest, QueryParameters) {
  absl::StatusOr<GrpcRequest> r = Call(
      "GET",
      "/v1/organizations?kind=ORGANIZATION_KIND_COMPANY&pageSize=20&page_token=abc%3D&country=NL"
      "&name_contains=caf%C3%A9+bar");
  ASSERT_TRUE(r.ok()) << r.status();
  auto request = Decode<registry::ListOrganizationsRequest>(*r);
  EXPECT_EQ(request.kind(), registry::ORGANIZATION_KIND_COMPANY);
  EXPECT_EQ(request.page_size(), 20);
  EXPECT_EQ(request.page_token(), "abc=");
  EXPECT_EQ(request.country(), "NL");
  EXPECT_EQ(request.name_contains(), "café bar");

  r = Call("GET", "/v1/vocabulary?kind=2");  // an enum by number
  ASSERT_TRUE(r.ok()) << r.status();
  catalogue::v1::ListVocabularyRequest vocabulary;
  ASSERT_TRUE(vocabulary.ParseFromString(r->payload));
  EXPECT_EQ(vocabulary.kind(), catalogue::v1::VOCABULARY_KIND_SECTOR);
}

TEST_F(RegistryRoutesTest, QueryParameterErrorsNameTheParameter) {
  struct Case {
    const char* target;
    const char* mentions;
  } cases[] = {
      {"/v1/organizations?bogus=1", "bogus"},
      {"/v1/organizations?page_size=abc", "page_size"},
      {"/v1/organizations?page_size=99999999999", "page_size"},
      {"/v1/organizations?kind=ORGANIZATION_KIND_NOPE", "kind"},
      {"/v1/organizations?page_size=1&page_size=2", "page_size"},
      {"/v1/organizations?country=%ZZ", "percent"},
      {"/v1/organizations/org_1?organization_id=x", "organization_id"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<GrpcRequest> r = Call("GET", c.target);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.target;
    EXPECT_NE(Message(r.status()).find(c.mentions), std::string::npos)
        << c.target << ": " << r.status();
  }
  // Query parameters may not reach into the body field either.
  absl::StatusOr<GrpcRequest> r = Call("PATCH", "/v1/organizations/o?organization.name=x", "{}");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RegistryRoutesTest, JsonBodyErrors) {
  struct Case {
    const char* body;
    const char* mentions;
  } cases[] = {
      {R"({"name": "x", "bogus": 1})", "bogus"},
      {R"({"name": )", "JSON"},
      {R"({"name": 12)", "JSON"},
      {R"({"kind": "ORGANIZATION_KIND_NOPE"})", "kind"},
      {R"({"location": "north"})", "location"},
      {R"({"educationTracks": [{}]})", "JSON"},
      {R"({"createTime": "yesterday"})", "JSON"},
      {"[1, 2]", "JSON"},
      {"{\"name\": \"\xff\"}", "UTF-8"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<GrpcRequest> r = Call("POST", "/v1/organizations", c.body);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.body;
    EXPECT_NE(Message(r.status()).find(c.mentions), std::string::npos)
        << c.body << ": " << r.status();
  }
}

TEST_F(RegistryRoutesTest, BodyOnRouteWithoutBody) {
  absl::StatusOr<GrpcRequest> r = Call("GET", "/v1/organizations/o1", R"({"x": 1})");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(Message(r.status()).find("does not take a request body"), std::string::npos);
  EXPECT_TRUE(Call("GET", "/v1/organizations/o1", " \r\n").ok());  // blank is no body
}

TEST_F(RegistryRoutesTest, UnknownRouteIsNotFound) {
  absl::StatusOr<GrpcRequest> r = Call("GET", "/v1/nothing/here?x=1");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Message(r.status()), "no route for GET /v1/nothing/here");
  EXPECT_EQ(HttpStatusFromStatus(r.status()), 404);
  EXPECT_EQ(Call("GET", "/v1/organizations/").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Call("GET", "/").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RegistryRoutesTest, WrongMethodIs405) {
  absl::StatusOr<GrpcRequest> r = Call("TRACE", "/v1/organizations/o1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnimplemented);
  std::optional<std::string> allow = AllowedMethodsFromStatus(r.status());
  ASSERT_TRUE(allow.has_value()) << r.status();
  EXPECT_NE(allow->find("GET"), std::string::npos) << *allow;
  EXPECT_NE(allow->find("PATCH"), std::string::npos) << *allow;
  EXPECT_EQ(HttpStatusFromStatus(r.status()), 405);
  EXPECT_NE(Message(r.status()).find("TRACE"), std::string::npos);

  r = Call("GET", "/v1/series:preview");
  EXPECT_EQ(AllowedMethodsFromStatus(r.status()), "POST");
  std::vector<std::string> methods = transcoder_->AllowedMethods("/v1/organizations?x=1");
  EXPECT_NE(std::find(methods.begin(), methods.end(), "GET"), methods.end());
  EXPECT_NE(std::find(methods.begin(), methods.end(), "POST"), methods.end());
  EXPECT_TRUE(transcoder_->AllowedMethods("/v1/none").empty());
}

TEST_F(RegistryRoutesTest, ResponseJson) {
  absl::StatusOr<GrpcRequest> r = Call("GET", "/v1/organizations/org_1");
  ASSERT_TRUE(r.ok()) << r.status();
  registry::Organization org;
  org.set_id("org_1");
  org.set_name("Techniek College");
  org.set_kind(registry::ORGANIZATION_KIND_SCHOOL);
  org.mutable_create_time()->set_seconds(1774854000);  // 2026-03-30T07:00:00Z
  absl::StatusOr<HttpResponseBody> body = transcoder_->FromGrpc(*r, org.SerializeAsString());
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(body->content_type, "application/json");
  EXPECT_TRUE(body->content_disposition.empty());
  nlohmann::json j = nlohmann::json::parse(body->body);
  EXPECT_EQ(j["id"], "org_1");
  EXPECT_EQ(j["kind"], "ORGANIZATION_KIND_SCHOOL");
  EXPECT_EQ(j["createTime"], "2026-03-30T07:00:00Z");
  // Zeros and empties are printed so clients see a stable shape.
  EXPECT_EQ(j["country"], "");
  EXPECT_EQ(j["status"], "ORGANIZATION_STATUS_UNSPECIFIED");
  EXPECT_EQ(j["educationTracks"], nlohmann::json::array());
  EXPECT_FALSE(j.contains("time_zone"));
  EXPECT_EQ(j["timeZone"], "");

  absl::StatusOr<HttpResponseBody> bad = transcoder_->FromGrpc(*r, "\xff\xff\xff");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInternal);
  GrpcRequest foreign = *r;
  Route other;
  foreign.route = &other;
  EXPECT_FALSE(transcoder_->FromGrpc(foreign, "").ok());
}

google::api::HttpRule* MutableRule(google::protobuf::FileDescriptorProto& file,
                                   std::string_view method_name) {
  for (auto& service : *file.mutable_service()) {
    for (auto& method : *service.mutable_method()) {
      if (method.name() == method_name) {
        return method.mutable_options()->MutableExtension(google::api::http);
      }
    }
  }
  ADD_FAILURE() << "no method " << method_name;
  static google::api::HttpRule dummy;
  return &dummy;
}

TEST_F(RegistryRoutesTest, CreateRejectsBadDescriptorSets) {
  EXPECT_EQ(Transcoder::Create("not a descriptor set \xff").status().code(),
            absl::StatusCode::kInvalidArgument);

  google::protobuf::FileDescriptorSet set;
  ASSERT_TRUE(set.ParseFromString(std::string(leerpool::proto::DescriptorSetBytes())));
  for (auto& file : *set.mutable_file()) {
    if (file.package() != "leerpool.registry.v1") continue;
    MutableRule(file, "GetOrganization")->set_get("/v1/organizations/{no_such_field}");
  }
  absl::StatusOr<std::unique_ptr<Transcoder>> t = Transcoder::Create(set.SerializeAsString());
  ASSERT_FALSE(t.ok());
  EXPECT_NE(Message(t.status()).find("GetOrganization"), std::string::npos) << t.status();
  EXPECT_NE(Message(t.status()).find("no_such_field"), std::string::npos) << t.status();

  // Two RPCs on the same method and path shape.
  ASSERT_TRUE(set.ParseFromString(std::string(leerpool::proto::DescriptorSetBytes())));
  for (auto& file : *set.mutable_file()) {
    if (file.package() != "leerpool.registry.v1") continue;
    MutableRule(file, "ListOrganizations")->set_get("/v1/organizations/{page_token}");
  }
  t = Transcoder::Create(set.SerializeAsString());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument) << t.status();
}

}  // namespace
}  // namespace leerpool::gateway
