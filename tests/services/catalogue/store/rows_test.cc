// The row layout both catalogue stores share: list columns as JSON read back the same, and
// stored text that is not what a store writes never throws, whatever its shape.

#include "services/catalogue/store/rows.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace leerpool::catalogue::store_internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(RowsTest, ListColumnsReadBackWhatWasWritten) {
  EXPECT_THAT(StringsFromJson(JsonText(std::vector<std::string>{"nl", "en"})),
              ElementsAre("nl", "en"));
  EXPECT_THAT(IntsFromJson(JsonText(std::vector<int>{3, 1})), ElementsAre(3, 1));
  EXPECT_THAT(AudiencesFromJson(AudiencesJson({Audience::kTeachers, Audience::kPupils})),
              ElementsAre(Audience::kTeachers, Audience::kPupils));
  const std::vector<MediaLink> media = {{"https://example.org/a.jpg", "photo", "De opstelling"}};
  const std::vector<MediaLink> read = MediaFromJson(MediaJson(media));
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].url, media[0].url);
  EXPECT_EQ(read[0].kind, media[0].kind);
  EXPECT_EQ(read[0].caption, media[0].caption);
}

TEST(RowsTest, TextOfAnotherShapeReadsAsEmptyOrSkipsTheBadItems) {
  for (const char* text : {"", "not json", "{\"a\": 1}", "42", "null", "\"text\""}) {
    EXPECT_THAT(StringsFromJson(text), IsEmpty()) << text;
    EXPECT_THAT(IntsFromJson(text), IsEmpty()) << text;
    EXPECT_THAT(AudiencesFromJson(text), IsEmpty()) << text;
    EXPECT_THAT(MediaFromJson(text), IsEmpty()) << text;
  }
  EXPECT_THAT(StringsFromJson("[\"nl\", 3, null, \"en\"]"), ElementsAre("nl", "en"));
  EXPECT_THAT(IntsFromJson("[1, \"2\", 3.5, 4]"), ElementsAre(1, 4));
  // A key of another type must not throw (nlohmann's value() would).
  const std::vector<MediaLink> media =
      MediaFromJson("[{\"url\": 5, \"kind\": \"photo\", \"caption\": [1]}, 7, {\"url\": \"u\"}]");
  ASSERT_EQ(media.size(), 2u);
  EXPECT_EQ(media[0].url, "");
  EXPECT_EQ(media[0].kind, "photo");
  EXPECT_EQ(media[0].caption, "");
  EXPECT_EQ(media[1].url, "u");
}

// A row read by column, as storage::Statement and the PostgreSQL result row are.
struct FakeRow {
  std::map<int, std::string> text;
  std::map<int, int64_t> ints;
  std::map<int, double> doubles;
  std::string Text(int c) const { return text.count(c) ? text.at(c) : ""; }
  int64_t Int(int c) const { return ints.count(c) ? ints.at(c) : 0; }
  double Double(int c) const { return doubles.count(c) ? doubles.at(c) : 0; }
  bool IsNull(int c) const { return !text.count(c) && !ints.count(c) && !doubles.count(c); }
};

TEST(RowsTest, ASiteAndAClosureReadFromTheirValuesInColumnOrder) {
  Site site;
  site.id = "site_1";
  site.owner_organization_id = "org_1";
  site.name = "Werkplaats";
  site.address = {"Straat 1", "2400", "Mol", "BE"};
  site.location = LatLng{51.19, 5.11};
  site.time_zone = "Europe/Brussels";
  site.create_time = absl::FromUnixMicros(1'000'000);
  site.update_time = absl::FromUnixMicros(2'000'000);
  FakeRow row;
  std::apply(
      [&row](const auto&... value) {
        int column = 0;
        auto put = [&row](int c, const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string>)
            row.text[c] = v;
          else if constexpr (std::is_same_v<V, double>)
            row.doubles[c] = v;
          else
            row.ints[c] = v;
        };
        (put(column++, value), ...);
      },
      SiteValues(site));
  const Site read = ReadSite(row);
  EXPECT_EQ(read.id, site.id);
  EXPECT_EQ(read.name, site.name);
  EXPECT_EQ(read.address.locality, "Mol");
  ASSERT_TRUE(read.location.has_value());
  EXPECT_DOUBLE_EQ(read.location->latitude, 51.19);
  EXPECT_EQ(read.time_zone, site.time_zone);
  EXPECT_EQ(read.update_time, site.update_time);

  Closure whole_site;
  whole_site.id = "clo_1";
  whole_site.site_id = "site_1";
  EXPECT_FALSE(std::get<2>(ClosureValues(whole_site)).has_value()) << "NULL: the whole site";
  whole_site.listing_id = "lst_1";
  EXPECT_EQ(std::get<2>(ClosureValues(whole_site)), "lst_1");
}

}  // namespace
}  // namespace leerpool::catalogue::store_internal
