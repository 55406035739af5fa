// Routing and binding features on the test-only API of testdata/transcoding_test.proto.
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/gateway/transcoding/transcoder.h"
#include "tests/services/gateway/transcoding/test_util.h"

namespace leerpool::gateway {
namespace {

using ::leerpool::gateway::testing::Message;
using ::leerpool::gateway::testing::TestTranscoder;
using json = nlohmann::json;

constexpr char kPackage[] = "leerpool.transcoding_test.v1.";

class BindingsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { transcoder_ = TestTranscoder().release(); }
  static void TearDownTestSuite() {
    delete transcoder_;
    transcoder_ = nullptr;
  }

  static absl::StatusOr<GrpcRequest> Call(std::string_view method, std::string_view target,
                                          std::string_view body = "",
                                          std::string_view content_type = "application/json") {
    return transcoder_->ToGrpc(method, target, body, content_type);
  }

  // The request payload as JSON with proto field names (only set fields).
  static json Decode(const GrpcRequest& request) {
    google::protobuf::DynamicMessageFactory factory;
    std::unique_ptr<google::protobuf::Message> message(
        factory.GetPrototype(request.route->method->input_type())->New());
    EXPECT_TRUE(message->ParseFromString(request.payload));
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    std::string text;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(*message, &text, options).ok());
    return json::parse(text);
  }

  // Serialized message of `type` (a name in the test package) from JSON.
  static std::string Encode(const std::string& type, const json& value) {
    const google::protobuf::Descriptor* descriptor =
        transcoder_->pool().FindMessageTypeByName(type);
    EXPECT_NE(descriptor, nullptr) << type;
    google::protobuf::DynamicMessageFactory factory;
    std::unique_ptr<google::protobuf::Message> message(factory.GetPrototype(descriptor)->New());
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(value.dump(), message.get()).ok());
    return message->SerializeAsString();
  }

  static std::string MethodOf(const absl::StatusOr<GrpcRequest>& r) {
    return r.ok() ? r->grpc_method : std::string(r.status().ToString());
  }

  static void ExpectInvalid(const absl::StatusOr<GrpcRequest>& r, std::string_view mentions) {
    ASSERT_FALSE(r.ok()) << "expected an error mentioning " << mentions;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << r.status();
    EXPECT_NE(Message(r.status()).find(mentions), std::string::npos) << r.status();
  }

  static const Transcoder* transcoder_;
};
const Transcoder* BindingsTest::transcoder_ = nullptr;

std::string Rpc(const std::string& name) {
  return absl::StrCat("/", kPackage, "TestService/", name);
}

TEST_F(BindingsTest, RoutesIncludeBindingsAndSkipUnannotated) {
  int get_thing = 0;
  for (const Route& route : transcoder_->routes()) {
    EXPECT_NE(route.method->name(), "Internal");
    if (route.method->name() == "GetThing") {
      EXPECT_EQ(route.binding, get_thing++);
    }
  }
  EXPECT_EQ(get_thing, 2);
  EXPECT_EQ(transcoder_->routes().size(), 16u);
}

TEST_F(BindingsTest, LiteralsBeatVariables) {
  EXPECT_EQ(MethodOf(Call("GET", "/v1/things/special")), Rpc("GetSpecialThing"));
  EXPECT_EQ(MethodOf(Call("GET", "/v1/things/specials")), Rpc("GetThing"));

  absl::StatusOr<GrpcRequest> r = Call("GET", "/v1/shelves/s1/things/t1");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->route->binding, 1);
  EXPECT_EQ(Decode(*r), json({{"thing_id", "t1"}, {"shelf_id", "s1"}}));

  r = Call("GET", "/v1/shelves/s1/books/b%201");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->grpc_method, Rpc("GetBook"));
  EXPECT_EQ(Decode(*r)["name"], "shelves/s1/books/b 1");
  // Multi-segment variables keep an escaped slash escaped (google/api/http.proto).
  r = Call("GET", "/v1/shelves/s%2F1/books/b1");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Decode(*r)["name"], "shelves/s%2F1/books/b1");
}

TEST_F(BindingsTest, MethodsAndCustomVerbs) {
  EXPECT_EQ(MethodOf(Call("DELETE", "/v1/things/t1")), Rpc("DeleteThing"));
  EXPECT_EQ(MethodOf(Call("HEAD", "/v1/things/t1")), Rpc("HeadThing"));
  absl::StatusOr<GrpcRequest> r = Call("POST", "/v1/things/t1:cancel");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->grpc_method, Rpc("CancelThing"));
  EXPECT_EQ(Decode(*r)["thing_id"], "t1");

  // Without a route for the verb the ':' is just part of the id.
  r = Call("GET", "/v1/things/t1:cancel");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->grpc_method, Rpc("GetThing"));
  EXPECT_EQ(Decode(*r)["thing_id"], "t1:cancel");

  EXPECT_EQ(MethodOf(Call("POST", "/v1/things:search", R"({"text": "pump"})")),
            Rpc("SearchThings"));
  EXPECT_EQ(MethodOf(Call("GET", "/v1/things?text=pump")), Rpc("ListThings"));

  r = Call("PUT", "/v1/things/t1");
  EXPECT_EQ(AllowedMethodsFromStatus(r.status()), "DELETE, GET, HEAD, PATCH");
  r = Call("DELETE", "/v1/things:search");
  EXPECT_EQ(AllowedMethodsFromStatus(r.status()), "POST");
  EXPECT_EQ(transcoder_->AllowedMethods("/v1/things/t1:cancel"),
            (std::vector<std::string>{"DELETE", "GET", "HEAD", "PATCH", "POST"}));
}

TEST_F(BindingsTest, DoubleWildcard) {
  absl::StatusOr<GrpcRequest> r = Call("GET", "/v1/files/a/b%2Fc/d%20e.txt");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->grpc_method, Rpc("GetFile"));
  EXPECT_EQ(Decode(*r)["path"], "a/b%2Fc/d e.txt");
  r = Call("GET", "/v1/files");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Decode(*r), json::object());
}

TEST_F(BindingsTest, PathVariableTypes) {
  absl::StatusOr<GrpcRequest> r = Call("GET", "/v1/numbers/-42/true/GREEN");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Decode(*r), json({{"number", "-42"}, {"flag", true}, {"color", "GREEN"}}));
  ExpectInvalid(Call("GET", "/v1/numbers/4x2/true/GREEN"), "number");
  ExpectInvalid(Call("GET", "/v1/numbers/99999999999999999999/true/GREEN"), "number");
  ExpectInvalid(Call("GET", "/v1/numbers/1/maybe/GREEN"), "flag");
  ExpectInvalid(Call("GET", "/v1/numbers/1/true/BLUE"), "color");
}

TEST_F(BindingsTest, QueryScalars) {
  absl::StatusOr<GrpcRequest> r =
      Call("GET",
           "/v1/things?text=heat+pump&page_size=5&minSize=-9000000000&u32=7"
           "&u64=18446744073709551615&score=1.5&ratio=0.25&active=true&token=aGk%3D&color=GREEN"
           "&customName=c");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Decode(*r), json({{"text", "heat pump"},
                              {"page_size", 5},
                              {"min_size", "-9000000000"},
                              {"u32", 7},
                              {"u64", "18446744073709551615"},
                              {"score", 1.5},
                              {"ratio", 0.25},
                              {"active", true},
                              {"token", "aGk="},
                              {"color", "GREEN"},
                              {"custom", "c"}}));
  r = Call("GET", "/v1/things?custom=by-proto-name&active=0&token=_-8");  // URL-safe base64
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Decode(*r)["custom"], "by-proto-name");
  EXPECT_EQ(Decode(*r)["token"], "/+8=");
}

TEST_F(BindingsTest, QueryRepeatedNestedAndWellKnownTypes) {
  absl::StatusOr<GrpcRequest> r = Call(
      "GET",
      "/v1/things?colors=RED&colors=2&tags=a&tags=b&sizes=1&sizes=-2"
      "&filter.name=x&filter.color=RED&filter.next.name=y"
      "&since=2026-03-30T09:00:00%2B02:00&times=2026-01-01T00:00:00Z&times=2026-01-02T00:00:00Z"
      "&read_mask=text,filter.name,pageSize&limit=0&timeout=1.5s");
  ASSERT_TRUE(r.ok()) << r.status();
  json j = Decode(*r);
  EXPECT_EQ(j["colors"], json({"RED", "GREEN"}));
  EXPECT_EQ(j["tags"], json({"a", "b"}));
  EXPECT_EQ(j["sizes"], json({1, -2}));
  EXPECT_EQ(j["filter"], json({{"name", "x"}, {"color", "RED"}, {"next", {{"name", "y"}}}}));
  EXPECT_EQ(j["since"], "2026-03-30T07:00:00Z");
  EXPECT_EQ(j["times"], json({"2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"}));
  EXPECT_EQ(j["read_mask"], "text,filter.name,pageSize");  // FieldMask JSON is camelCase
  EXPECT_EQ(j["limit"], 0);                                // a wrapper is set even to zero
  EXPECT_EQ(j["timeout"], "1.500s");
}

TEST_F(BindingsTest, QueryErrors) {
  ExpectInvalid(Call("GET", "/v1/things?nope=1"), "nope");
  ExpectInvalid(Call("GET", "/v1/things?filter.nope=1"), "filter.nope");
  ExpectInvalid(Call("GET", "/v1/things?filter=x"), "filter");
  ExpectInvalid(Call("GET", "/v1/things?labels=x"), "labels");
  ExpectInvalid(Call("GET", "/v1/things?filters.name=x"), "filters");
  ExpectInvalid(Call("GET", "/v1/things?page_size=1.5"), "page_size");
  ExpectInvalid(Call("GET", "/v1/things?page_size=%205"), "page_size");
  ExpectInvalid(Call("GET", "/v1/things?u32=-1"), "u32");
  ExpectInvalid(Call("GET", "/v1/things?active=maybe"), "active");
  ExpectInvalid(Call("GET", "/v1/things?score=high"), "score");
  ExpectInvalid(Call("GET", "/v1/things?token=***"), "token");
  ExpectInvalid(Call("GET", "/v1/things?colors=RED&colors=BLUE"), "colors");
  ExpectInvalid(Call("GET", "/v1/things?since=yesterday"), "since");
  ExpectInvalid(Call("GET", "/v1/things?timeout=soon"), "timeout");
  ExpectInvalid(Call("GET", "/v1/things?limit=x"), "limit");
  ExpectInvalid(Call("GET", "/v1/things?text=a&text=b"), "more than once");
  ExpectInvalid(Call("GET", "/v1/things?text=%C3"), "text");  // invalid UTF-8
  ExpectInvalid(Call("GET", "/v1/things?=x"), "query parameter");
  ExpectInvalid(Call("GET", "/v1/things/t1?thing_id=t2"), "thing_id");  // bound by the path
  ExpectInvalid(Call("PATCH", "/v1/things/t1?thing.name=x", "{}"), "thing.name");  // by the body
  ExpectInvalid(Call("POST", "/v1/things:search?text=x", "{}"), "text");           // body "*"
  std::string deep = "/v1/things?filter";
  for (int i = 0; i < 100; ++i) deep += ".next";
  ExpectInvalid(Call("GET", deep + ".name=x"), "too deep");
  // Empty pairs and a trailing '&' are harmless; a key without '=' is an empty value.
  absl::StatusOr<GrpcRequest> r = Call("GET", "/v1/things?&&text&");
  ASSERT_TRUE(r.ok()) << r.status();
}

TEST_F(BindingsTest, FieldBodyWithPathAndQuery) {
  absl::StatusOr<GrpcRequest> r = Call("PATCH", "/v1/things/t9?updateMask=name,size",
                                       R"({"name": "Lathe", "size": "12", "id": "other"})");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Decode(*r), json({{"thing", {{"id", "t9"}, {"name", "Lathe"}, {"size", "12"}}},
                              {"update_mask", "name,size"}}));
  ExpectInvalid(Call("PATCH", "/v1/things/t9", R"({"name": 5})"), "name");
  ExpectInvalid(Call("PATCH", "/v1/things/t9", R"({"size": "big"})"), "size");
  ExpectInvalid(Call("PATCH", "/v1/things/t9", R"({"thing": {}})"), "thing");
}

TEST_F(BindingsTest, RepeatedFieldBodyAndResponseBody) {
  absl::StatusOr<GrpcRequest> r = Call("PUT", "/v1/things/t1/tags", R"(["a", "b"])");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Decode(*r), json({{"thing_id", "t1"}, {"tags", {"a", "b"}}}));
  // The body is one JSON value; it cannot smuggle in other fields.
  ExpectInvalid(Call("PUT", "/v1/things/t1/tags", R"(["a"], "thingId": "t2")"), "JSON");
  ExpectInvalid(Call("PUT", "/v1/things/t1/tags", R"([{}])"), "JSON");

  absl::StatusOr<HttpResponseBody> body = transcoder_->FromGrpc(
      *r, Encode(absl::StrCat(kPackage, "SetTagsResponse"), {{"tags", {"x", "y"}}, {"count", 2}}));
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(body->content_type, "application/json");
  EXPECT_EQ(json::parse(body->body), json({"x", "y"}));
}

TEST_F(BindingsTest, ResponseJsonMapping) {
  absl::StatusOr<GrpcRequest> r = Call("GET", "/v1/things/t1");
  ASSERT_TRUE(r.ok()) << r.status();
  absl::StatusOr<HttpResponseBody> body = transcoder_->FromGrpc(
      *r, Encode(absl::StrCat(kPackage, "Thing"),
                 {{"id", "t1"}, {"size", "9007199254740993"}, {"counts", {{"a", 1}}}}));
  ASSERT_TRUE(body.ok()) << body.status();
  json j = json::parse(body->body);
  EXPECT_EQ(j["size"], "9007199254740993");  // int64 as a string
  EXPECT_EQ(j["counts"], json({{"a", 1}}));
  EXPECT_EQ(j["color"], "COLOR_UNSPECIFIED");
  EXPECT_EQ(j["tags"], json::array());
  EXPECT_EQ(j["active"], false);
  EXPECT_EQ(j["name"], "");
}

TEST_F(BindingsTest, HttpBodyRequestField) {
  const std::string csv = "a,b\n1,2\n\xff";  // not JSON, not even UTF-8
  absl::StatusOr<GrpcRequest> r =
      Call("POST", "/v1/folders/f1/files?note=hi", csv, "text/csv; charset=utf-8");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(
      Decode(*r),
      json({{"folder_id", "f1"},
            {"file",
             {{"content_type", "text/csv; charset=utf-8"}, {"data", absl::Base64Escape(csv)}}},
            {"note", "hi"}}));
  r = Call("POST", "/v1/echo", "raw bytes", "application/octet-stream");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Decode(*r), json({{"content_type", "application/octet-stream"},
                              {"data", absl::Base64Escape("raw bytes")}}));
  ExpectInvalid(Call("POST", "/v1/echo", "x", "text/\xff"), "Content-Type");
}

TEST_F(BindingsTest, HttpBodyResponse) {
  absl::StatusOr<GrpcRequest> r = Call("GET", "/v1/files/cal.ics");
  ASSERT_TRUE(r.ok()) << r.status();
  const std::string ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
  absl::StatusOr<HttpResponseBody> body = transcoder_->FromGrpc(
      *r, Encode("leerpool.api.v1.HttpBody",
                 {{"contentType", "text/calendar"},
                  {"data", absl::Base64Escape(ics)},
                  {"contentDisposition", "attachment; filename=\"cal.ics\""}}));
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(body->content_type, "text/calendar");
  EXPECT_EQ(body->body, ics);
  EXPECT_EQ(body->content_disposition, "attachment; filename=\"cal.ics\"");

  body = transcoder_->FromGrpc(*r, "");
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(body->content_type, "application/octet-stream");
  EXPECT_EQ(body->body, "");

  body = transcoder_->FromGrpc(
      *r, Encode("leerpool.api.v1.HttpBody", {{"contentType", "text/plain\r\nX-Evil: 1"}}));
  EXPECT_EQ(body.status().code(), absl::StatusCode::kInternal);

  // response_body naming an HttpBody field.
  r = Call("GET", "/v1/exports/e1");
  ASSERT_TRUE(r.ok()) << r.status();
  body = transcoder_->FromGrpc(
      *r, Encode(absl::StrCat(kPackage, "ExportResponse"),
                 {{"id", "e1"}, {"file", {{"contentType", "text/csv"}, {"data", "YSxi"}}}}));
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(body->content_type, "text/csv");
  EXPECT_EQ(body->body, "a,b");
}

TEST_F(BindingsTest, HostileJson) {
  std::string deep(100000, '[');
  ExpectInvalid(Call("POST", "/v1/things:search", deep), "JSON");
  std::string deep_objects;
  for (int i = 0; i < 5000; ++i) deep_objects += R"({"filter":)";
  ExpectInvalid(Call("POST", "/v1/things:search", deep_objects), "JSON");
  ExpectInvalid(Call("POST", "/v1/things:search", R"({"pageSize": 1e400})"), "JSON");
  ExpectInvalid(Call("POST", "/v1/things:search", R"({"minSize": "99999999999999999999999"})"),
                "JSON");
  absl::StatusOr<GrpcRequest> r = Call("POST", "/v1/things:search", R"({"text": "\ud800"})");
  EXPECT_FALSE(r.ok());
}

TEST_F(BindingsTest, ConcurrentUse) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < 200; ++i) {
        absl::StatusOr<GrpcRequest> r =
            Call("PATCH", "/v1/things/t1?updateMask=name", R"({"parent": {"name": "p"}})");
        ASSERT_TRUE(r.ok());
        ASSERT_TRUE(transcoder_->FromGrpc(*r, "").ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
}

}  // namespace
}  // namespace leerpool::gateway
