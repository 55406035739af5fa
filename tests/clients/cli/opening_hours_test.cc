// The CLI's notation for a site's weekly opening hours, read and printed.

#include "clients/cli/opening_hours.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace leerpool::cli {
namespace {

using ::testing::HasSubstr;

// Each period as "weekday open-close" in minutes, e.g. "1 480-1020".
std::vector<std::string> Periods(const OpeningHours& hours) {
  std::vector<std::string> out;
  for (const catalogue::v1::OpeningPeriod& p : hours) {
    out.push_back(std::to_string(p.weekday()) + " " +
                  std::to_string(p.open().hours() * 60 + p.open().minutes()) + "-" +
                  std::to_string(p.close().hours() * 60 + p.close().minutes()));
  }
  return out;
}

OpeningHours Parse(const std::vector<std::string>& entries) {
  OpeningHours hours;
  for (const std::string& entry : entries) {
    const absl::Status status = ParseOpeningHours(entry, &hours);
    EXPECT_TRUE(status.ok()) << entry << ": " << status;
  }
  return hours;
}

TEST(OpeningHoursTest, ARangeOfDaysGetsEachDaysPeriods) {
  EXPECT_THAT(Periods(Parse({"mon-wed 08:00-12:00,13:00-17:30"})),
              ::testing::ElementsAre("1 480-720", "1 780-1050", "2 480-720", "2 780-1050",
                                     "3 480-720", "3 780-1050"));
}

TEST(OpeningHoursTest, DutchNamesListsAndMidnightAsTheEnd) {
  EXPECT_THAT(Periods(Parse({"ma,WO,zo 18:00-24:00", "  za   9:30-12:00 "})),
              ::testing::ElementsAre("1 1080-1440", "3 1080-1440", "7 1080-1440", "6 570-720"));
}

TEST(OpeningHoursTest, MistakesAreNamed) {
  struct Case {
    const char* text;
    const char* problem;
  };
  for (const Case& c : std::vector<Case>{
           {"mon-fri", "expected days and times"},
           {"mon-fri 08:00-17:00 extra", "expected days and times"},
           {"funday 08:00-17:00", "\"funday\" is not a day"},
           {"fri-mon 08:00-17:00", "runs backwards"},
           {"mon-tue-wed 08:00-17:00", "not a day range"},
           {"mon 8-17", "\"8-17\" is not a period"},
           {"mon 08:00-24:30", "is not a period"},
           {"mon 24:00-24:00", "is not a period"},
           {"mon 08:60-09:00", "is not a period"},
           {"mon 17:00-08:00", "closes before it opens"},
           {"mon 08:00-08:00", "closes before it opens"},
           {", 08:00-09:00", "no days"},
           {"mon ,", "no times"},
       }) {
    OpeningHours hours;
    const absl::Status status = ParseOpeningHours(c.text, &hours);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.problem)) << c.text;
    EXPECT_THAT(std::string(status.message()), HasSubstr("--hours")) << c.text;
    EXPECT_TRUE(hours.empty()) << c.text << ": nothing is added from a wrong entry";
  }
}

TEST(OpeningHoursTest, PrintingJoinsEqualDaysAndReadsBack) {
  const OpeningHours hours = Parse(
      {"sat 09:00-12:00", "mon-thu 08:00-17:00", "fri 13:00-24:00,08:00-12:00", "sun 10:00-11:00"});
  const std::string printed = FormatOpeningHours(hours);
  EXPECT_EQ(printed,
            "mon-thu 08:00-17:00; fri 08:00-12:00,13:00-24:00; sat 09:00-12:00; sun 10:00-11:00");
  OpeningHours again;
  ASSERT_TRUE(ParseOpeningHours(printed, &again).ok()) << "the printed week as one --hours";
  EXPECT_EQ(FormatOpeningHours(again), printed);
}

TEST(OpeningHoursTest, SeveralEntriesInOneAreAllOrNothing) {
  OpeningHours hours = Parse({"sun 10:00-11:00"});
  const absl::Status status = ParseOpeningHours("mon-fri 08:00-17:00; sat 9-12", &hours);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("\"9-12\" is not a period"));
  EXPECT_EQ(FormatOpeningHours(hours), "sun 10:00-11:00") << "nothing of the bad text was added";
  EXPECT_EQ(ParseOpeningHours(" ; ", &hours).code(), absl::StatusCode::kInvalidArgument);
}

TEST(OpeningHoursTest, ClosedDaysSplitRunsAndAnEmptyWeekPrintsNothing) {
  EXPECT_EQ(FormatOpeningHours(Parse({"mon-tue 08:00-12:00", "thu-fri 08:00-12:00"})),
            "mon-tue 08:00-12:00; thu-fri 08:00-12:00");
  EXPECT_EQ(FormatOpeningHours(OpeningHours()), "");
}

}  // namespace
}  // namespace leerpool::cli
