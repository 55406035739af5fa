#include "services/common/page_token.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leerpool {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

TEST(PageTokenTest, RoundTripsTheKey) {
  const std::string token = EncodePageToken({"Alfa College", "org_0123"});
  absl::StatusOr<std::vector<std::string>> key = DecodePageToken(token, 2);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_THAT(*key, ElementsAre("Alfa College", "org_0123"));
}

TEST(PageTokenTest, RoundTripsEmptyPartsAndUtf8) {
  const std::vector<std::string> parts = {"", "Überlandstraße ’s-Hertogenbosch", ""};
  absl::StatusOr<std::vector<std::string>> key = DecodePageToken(EncodePageToken(parts), 3);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, parts);
}

TEST(PageTokenTest, RoundTripsAnEmptyKey) {
  absl::StatusOr<std::vector<std::string>> key = DecodePageToken(EncodePageToken({}), 0);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_THAT(*key, IsEmpty());
}

TEST(PageTokenTest, TokenIsWebSafe) {
  // Many '\xff' bytes and high code points push base64 towards '+' and '/'.
  const std::string token = EncodePageToken({"\xc3\xbf\xc3\xbf?>>?", "~~~~"});
  EXPECT_EQ(token.find_first_of("+/="), std::string::npos) << token;
}

TEST(PageTokenTest, TokenDoesNotShowTheKeyInClearText) {
  const std::string token = EncodePageToken({"Alfa College", "org_0123"});
  EXPECT_EQ(token.find("Alfa"), std::string::npos) << token;
}

TEST(PageTokenTest, RejectsGarbage) {
  for (const std::string garbage : {"!!!", "not a token", "%%%%", "a b"}) {
    absl::StatusOr<std::vector<std::string>> key = DecodePageToken(garbage, 2);
    ASSERT_FALSE(key.ok()) << garbage;
    EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument) << garbage;
    EXPECT_THAT(Message(key.status()), HasSubstr("page_token")) << garbage;
  }
}

TEST(PageTokenTest, RejectsAnEmptyTokenWhenAKeyIsExpected) {
  absl::StatusOr<std::vector<std::string>> key = DecodePageToken("", 2);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PageTokenTest, RejectsOtherVersions) {
  for (const std::string version : {"0", "2", "", "11"}) {
    const std::string token = absl::WebSafeBase64Escape(version + "\xff" + "a" + "\xff" + "b");
    absl::StatusOr<std::vector<std::string>> key = DecodePageToken(token, 2);
    ASSERT_FALSE(key.ok()) << "version " << version;
    EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(key.status()), HasSubstr("page_token"));
  }
  // The same bytes with this code's version are accepted, so the rejection above is about
  // the version alone.
  EXPECT_TRUE(DecodePageToken(absl::WebSafeBase64Escape("1\xff"
                                                        "a\xff"
                                                        "b"),
                              2)
                  .ok());
}

TEST(PageTokenTest, RejectsTheWrongNumberOfParts) {
  const std::string one_part = EncodePageToken({"a"});
  const std::string three_parts = EncodePageToken({"a", "b", "c"});
  EXPECT_EQ(DecodePageToken(one_part, 2).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodePageToken(three_parts, 2).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PageTokenTest, RejectsValidBase64OfOtherData) {
  const std::string token = absl::WebSafeBase64Escape("hello world");
  EXPECT_EQ(DecodePageToken(token, 2).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ResolvePageSizeTest, UnsetUsesTheFallback) {
  absl::StatusOr<int> size = ResolvePageSize(0, 50, 200);
  ASSERT_TRUE(size.ok()) << size.status();
  EXPECT_EQ(*size, 50);
}

TEST(ResolvePageSizeTest, KeepsASizeWithinTheMaximum) {
  EXPECT_EQ(ResolvePageSize(1, 50, 200).value(), 1);
  EXPECT_EQ(ResolvePageSize(73, 50, 200).value(), 73);
  EXPECT_EQ(ResolvePageSize(200, 50, 200).value(), 200);
}

TEST(ResolvePageSizeTest, ClampsASizeAboveTheMaximum) {
  EXPECT_EQ(ResolvePageSize(201, 50, 200).value(), 200);
  EXPECT_EQ(ResolvePageSize(1 << 30, 50, 200).value(), 200);
}

TEST(ResolvePageSizeTest, RejectsANegativeSize) {
  for (int requested : {-1, -200, -(1 << 30)}) {
    absl::StatusOr<int> size = ResolvePageSize(requested, 50, 200);
    ASSERT_FALSE(size.ok()) << requested;
    EXPECT_EQ(size.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(size.status()), HasSubstr("page_size"));
  }
}

}  // namespace
}  // namespace leerpool
