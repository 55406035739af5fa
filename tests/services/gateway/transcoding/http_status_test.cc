#include "services/gateway/transcoding/http_status.h"

#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace leerpool::gateway {
namespace {

TEST(HttpStatusTest, MapsEveryCode) {
  const std::pair<absl::StatusCode, int> table[] = {
      {absl::StatusCode::kOk, 200},
      {absl::StatusCode::kInvalidArgument, 400},
      {absl::StatusCode::kFailedPrecondition, 400},
      {absl::StatusCode::kOutOfRange, 400},
      {absl::StatusCode::kUnauthenticated, 401},
      {absl::StatusCode::kPermissionDenied, 403},
      {absl::StatusCode::kNotFound, 404},
      {absl::StatusCode::kAlreadyExists, 409},
      {absl::StatusCode::kAborted, 409},
      {absl::StatusCode::kResourceExhausted, 429},
      {absl::StatusCode::kCancelled, 499},
      {absl::StatusCode::kUnimplemented, 501},
      {absl::StatusCode::kUnavailable, 503},
      {absl::StatusCode::kDeadlineExceeded, 504},
      {absl::StatusCode::kInternal, 500},
      {absl::StatusCode::kUnknown, 500},
      {absl::StatusCode::kDataLoss, 500},
      {static_cast<absl::StatusCode>(99), 500},
  };
  for (const auto& [code, http] : table) {
    EXPECT_EQ(HttpStatusFromGrpcCode(code), http) << static_cast<int>(code);
  }
}

TEST(HttpStatusTest, ErrorJsonShape) {
  nlohmann::json j = nlohmann::json::parse(
      ErrorJson(absl::StatusCode::kInvalidArgument, "unknown query parameter 'x'"));
  EXPECT_EQ(j["code"], 3);
  EXPECT_EQ(j["status"], "INVALID_ARGUMENT");
  EXPECT_EQ(j["message"], "unknown query parameter 'x'");
  EXPECT_TRUE(j["details"].is_array());
  EXPECT_TRUE(j["details"].empty());

  nlohmann::json details = nlohmann::json::array({{{"@type", "x"}, {"field", "name"}}});
  j = nlohmann::json::parse(ErrorJson(absl::StatusCode::kNotFound, "gone", details));
  EXPECT_EQ(j["status"], "NOT_FOUND");
  EXPECT_EQ(j["details"], details);
}

TEST(HttpStatusTest, ErrorJsonSurvivesInvalidUtf8) {
  std::string json = ErrorJson(absl::StatusCode::kInvalidArgument, "bad \xff\xfe value");
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["message"], "bad \xEF\xBF\xBD\xEF\xBF\xBD value");
}

TEST(HttpStatusTest, MethodNotAllowedSignal) {
  absl::Status status = MethodNotAllowedError("nope", "GET, PATCH");
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(AllowedMethodsFromStatus(status), "GET, PATCH");
  EXPECT_EQ(HttpStatusFromStatus(status), 405);
  EXPECT_EQ(AllowedMethodsFromStatus(absl::UnimplementedError("x")), std::nullopt);
  EXPECT_EQ(HttpStatusFromStatus(absl::UnimplementedError("x")), 501);
  EXPECT_EQ(HttpStatusFromStatus(absl::NotFoundError("x")), 404);
}

}  // namespace
}  // namespace leerpool::gateway
