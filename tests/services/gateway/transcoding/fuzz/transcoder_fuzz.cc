// libFuzzer target: request-path matching, path templates, query and JSON transcoding, and
// response rendering, on the real descriptor set and on the test-only one.
//
// Input: [selector byte] target '\n' content-type '\n' body
//   selector bits 0-2: HTTP method; bit 7: use the test descriptor set (when available).
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "google/protobuf/dynamic_message.h"
#include "nlohmann/json.hpp"
#include "proto/descriptor_set.h"
#include "services/gateway/transcoding/path_template.h"
#include "services/gateway/transcoding/transcoder.h"

namespace {

using leerpool::gateway::GrpcRequest;
using leerpool::gateway::HttpResponseBody;
using leerpool::gateway::Transcoder;

std::unique_ptr<Transcoder> Load(const std::string& descriptor_set) {
  absl::StatusOr<std::unique_ptr<Transcoder>> t = Transcoder::Create(descriptor_set);
  if (!t.ok()) return nullptr;
  return *std::move(t);
}

struct Fixture {
  Fixture() {
    real = Load(std::string(leerpool::proto::DescriptorSetBytes()));
    if (real == nullptr) __builtin_trap();
#ifdef TRANSCODING_TEST_DESCRIPTOR_SET
    std::ifstream in(TRANSCODING_TEST_DESCRIPTOR_SET, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    test = Load(buffer.str());
#endif
  }
  std::unique_ptr<Transcoder> real;
  std::unique_ptr<Transcoder> test;  // null when the file is not there
  google::protobuf::DynamicMessageFactory factory;
};

std::string_view NextLine(std::string_view& rest) {
  size_t newline = rest.find('\n');
  std::string_view line = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  return line;
}

void CheckErrorJson(const absl::Status& status) {
  std::string body = leerpool::gateway::ErrorJson(status.code(), std::string(status.message()));
  if (nlohmann::json::parse(body, nullptr, false).is_discarded()) __builtin_trap();
  int http = leerpool::gateway::HttpStatusFromStatus(status);
  if (http < 400 || http > 599) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = new Fixture();
  if (size == 0) return 0;
  static constexpr const char* kMethods[] = {"GET",    "POST", "PUT",     "PATCH",
                                             "DELETE", "HEAD", "OPTIONS", "get"};
  const uint8_t selector = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string_view target = NextLine(rest);
  const std::string_view content_type = NextLine(rest);
  const std::string_view body = rest;
  const Transcoder& transcoder =
      (selector & 0x80) && fixture->test ? *fixture->test : *fixture->real;

  // The template parser and a one-route matcher, on the target as a template.
  {
    absl::StatusOr<leerpool::gateway::PathTemplate> t =
        leerpool::gateway::PathTemplate::Parse(absl::string_view(target.data(), target.size()));
    if (t.ok()) {
      leerpool::gateway::PathMatcher matcher;
      if (!matcher.Insert(*t, "GET", 0).ok()) __builtin_trap();
      (void)matcher.Match("GET", absl::string_view(target.data(), target.size()));
    }
  }

  (void)transcoder.AllowedMethods(target);
  absl::StatusOr<GrpcRequest> request =
      transcoder.ToGrpc(kMethods[selector & 7], target, body, content_type);
  if (!request.ok()) {
    CheckErrorJson(request.status());
    return 0;
  }
  // Whatever was accepted must be a valid request message for the route.
  if (request->route == nullptr || request->grpc_method != request->route->grpc_method) {
    __builtin_trap();
  }
  std::unique_ptr<google::protobuf::Message> message(
      fixture->factory.GetPrototype(request->route->method->input_type())->New());
  if (!message->ParseFromString(request->payload)) __builtin_trap();

  // Responses: the fuzz body as response bytes, and the request bytes (often a valid message).
  for (std::string_view payload : {body, std::string_view(request->payload)}) {
    absl::StatusOr<HttpResponseBody> response = transcoder.FromGrpc(*request, payload);
    if (!response.ok()) {
      CheckErrorJson(response.status());
    } else if (response->content_type == "application/json" &&
               nlohmann::json::parse(response->body, nullptr, false).is_discarded()) {
      __builtin_trap();
    }
  }
  return 0;
}
