#include "services/gateway/transcoding/path_template.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace leerpool::gateway {
namespace {

using Kind = PathTemplate::SegmentKind;

TEST(PathTemplateTest, ParsesLiteralsVariablesAndVerb) {
  absl::StatusOr<PathTemplate> t = PathTemplate::Parse("/v1/reservations/{reservation_id}:cancel");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->segments.size(), 3u);
  EXPECT_EQ(t->segments[0].literal, "v1");
  EXPECT_EQ(t->segments[1].literal, "reservations");
  EXPECT_EQ(t->segments[2].kind, Kind::kWildcard);
  ASSERT_EQ(t->variables.size(), 1u);
  EXPECT_EQ(t->variables[0].field_path, "reservation_id");
  EXPECT_EQ(t->variables[0].begin, 2u);
  EXPECT_EQ(t->variables[0].end, 3u);
  EXPECT_FALSE(t->variables[0].multi_segment);
  EXPECT_EQ(t->verb, "cancel");
}

TEST(PathTemplateTest, VerbOnLiteral) {
  absl::StatusOr<PathTemplate> t = PathTemplate::Parse("/v1/listings:search");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->segments.size(), 2u);
  EXPECT_EQ(t->segments[1].literal, "listings");
  EXPECT_EQ(t->verb, "search");
}

TEST(PathTemplateTest, ColonInEarlierSegmentIsLiteral) {
  absl::StatusOr<PathTemplate> t = PathTemplate::Parse("/v1/a:b/c");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->segments[1].literal, "a:b");
  EXPECT_EQ(t->verb, "");
}

TEST(PathTemplateTest, NestedFieldAndPatterns) {
  absl::StatusOr<PathTemplate> t =
      PathTemplate::Parse("/v1/{name=shelves/*/books/*}/x/{organization.id}");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->variables.size(), 2u);
  EXPECT_EQ(t->variables[0].field_path, "name");
  EXPECT_EQ(t->variables[0].begin, 1u);
  EXPECT_EQ(t->variables[0].end, 5u);
  EXPECT_TRUE(t->variables[0].multi_segment);
  EXPECT_EQ(t->segments[1].literal, "shelves");
  EXPECT_EQ(t->variables[1].field_path, "organization.id");
  EXPECT_EQ(t->variables[1].begin, 6u);
}

TEST(PathTemplateTest, DoubleWildcard) {
  absl::StatusOr<PathTemplate> t = PathTemplate::Parse("/v1/files/{path=**}");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->EndsWithDoubleWildcard());
  EXPECT_TRUE(t->variables[0].multi_segment);
}

TEST(PathTemplateTest, RejectsMalformedTemplates) {
  for (const char* bad :
       {"", "v1/x", "/v1/", "/v1//x", "/v1/{x", "/v1/x}", "/v1/{a{b}}", "/v1/{1x}", "/v1/{a..b}",
        "/v1/**/x", "/v1/x:", "/v1/{a}b", "/v1/{a}/{a}", "/v1/a*b", "/v1/x:a*"}) {
    EXPECT_FALSE(PathTemplate::Parse(bad).ok()) << bad;
  }
}

TEST(PercentDecodeTest, DecodesAndRejects) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc").value(), "a b/c");
  EXPECT_EQ(PercentDecode("a%2fb%41", /*keep_escaped_slash=*/true).value(), "a%2fbA");
  EXPECT_EQ(PercentDecode("a+b", false, /*plus_as_space=*/true).value(), "a b");
  EXPECT_EQ(PercentDecode("a+b").value(), "a+b");
  for (const char* bad : {"%", "%4", "%zz", "a%g1", "%%"}) {
    EXPECT_EQ(PercentDecode(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

class PathMatcherTest : public ::testing::Test {
 protected:
  void Add(const char* method, const char* path_template, int route) {
    absl::StatusOr<PathTemplate> t = PathTemplate::Parse(path_template);
    ASSERT_TRUE(t.ok()) << t.status();
    ASSERT_TRUE(matcher_.Insert(*t, method, route).ok()) << path_template;
  }
  int Match(const char* method, const char* path) {
    absl::StatusOr<PathMatcher::Result> r = matcher_.Match(method, path);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->route : -2;
  }
  PathMatcher matcher_;
};

TEST_F(PathMatcherTest, MostSpecificWins) {
  Add("GET", "/v1/things/{id}", 1);
  Add("GET", "/v1/things/special", 2);
  Add("GET", "/v1/{a}/x", 3);
  Add("GET", "/v1/y/{b}", 4);
  Add("GET", "/v1/files/**", 5);
  Add("GET", "/v1/files/readme", 6);
  EXPECT_EQ(Match("GET", "/v1/things/abc"), 1);
  EXPECT_EQ(Match("GET", "/v1/things/special"), 2);
  EXPECT_EQ(Match("GET", "/v1/y/x"), 4);  // the earlier literal decides
  EXPECT_EQ(Match("GET", "/v1/z/x"), 3);
  EXPECT_EQ(Match("GET", "/v1/files/readme"), 6);
  EXPECT_EQ(Match("GET", "/v1/files/a/b/c"), 5);
  EXPECT_EQ(Match("GET", "/v1/files"), 5);  // '**' matches zero segments
  EXPECT_EQ(Match("GET", "/v1/things"), -1);
  EXPECT_EQ(Match("GET", "/v1/things/"), -1);  // '*' needs a non-empty segment
}

TEST_F(PathMatcherTest, BacktracksWhenLiteralBranchFails) {
  Add("GET", "/v1/things/special/parts", 1);
  Add("GET", "/v1/things/{id}/owner", 2);
  EXPECT_EQ(Match("GET", "/v1/things/special/owner"), 2);
}

TEST_F(PathMatcherTest, MethodsAndAllowed) {
  Add("GET", "/v1/things/{id}", 1);
  Add("PATCH", "/v1/things/{id}", 2);
  Add("POST", "/v1/things/special", 3);
  EXPECT_EQ(Match("PATCH", "/v1/things/a"), 2);
  // A method that only a less specific template has still matches through it.
  EXPECT_EQ(Match("GET", "/v1/things/special"), 1);
  absl::StatusOr<PathMatcher::Result> r = matcher_.Match("DELETE", "/v1/things/special");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->route, -1);
  EXPECT_EQ(r->allowed_methods, (std::set<std::string>{"GET", "PATCH", "POST"}));
}

TEST_F(PathMatcherTest, CustomVerbs) {
  Add("GET", "/v1/things/{id}", 1);
  Add("POST", "/v1/things/{id}:cancel", 2);
  Add("POST", "/v1/things:search", 3);
  EXPECT_EQ(Match("POST", "/v1/things/a:cancel"), 2);
  EXPECT_EQ(Match("POST", "/v1/things:search"), 3);
  EXPECT_EQ(Match("GET", "/v1/things/a:cancel"), 1);      // ':' is part of the id then
  EXPECT_EQ(Match("POST", "/v1/things/a%3Acancel"), -1);  // an escaped ':' is no verb
  absl::StatusOr<PathMatcher::Result> r = matcher_.Match("POST", "/v1/things/a:b:cancel");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->route, 2);
  EXPECT_EQ(r->segments.back(), "a:b");
}

TEST_F(PathMatcherTest, RejectsDuplicateShapes) {
  Add("GET", "/v1/things/{id}", 1);
  absl::StatusOr<PathTemplate> t = PathTemplate::Parse("/v1/things/{other}");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(matcher_.Insert(*t, "GET", 2).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(matcher_.Insert(*t, "PUT", 2).ok());
}

TEST_F(PathMatcherTest, MalformedPaths) {
  Add("GET", "/v1/things/{id}", 1);
  EXPECT_EQ(matcher_.Match("GET", "v1/things/a").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(matcher_.Match("GET", "/v1/things/a%zz").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Match("GET", "/v1/things/a/b/c/d/e/f/g"), -1);
  EXPECT_EQ(Match("GET", "/"), -1);
}

}  // namespace
}  // namespace leerpool::gateway
