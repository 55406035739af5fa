// Which zone names the services accept from clients and stored rows.

#include "services/common/time_zone.h"

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace leerpool {
namespace {

TEST(TimeZoneTest, LoadsIanaNames) {
  absl::TimeZone zone;
  ASSERT_TRUE(LoadIanaTimeZone("Europe/Brussels", &zone));
  EXPECT_EQ(zone.name(), "Europe/Brussels");
  EXPECT_TRUE(LoadIanaTimeZone("UTC", &zone));
}

TEST(TimeZoneTest, RefusesPathsTheServersOwnZoneAndOddNames) {
  absl::TimeZone zone;
  for (const char* name : {"", "localtime", "/etc/localtime", "Europe/", "../Europe/Brussels",
                           "Europe//Brussels", "europe/brussels", "Europe/Brussels;"}) {
    EXPECT_FALSE(LoadIanaTimeZone(name, &zone)) << name;
  }
}

TEST(TimeZoneTest, OrUtcFallsBackToUtcForWhatItRefuses) {
  const absl::TimeZone brussels = IanaTimeZoneOrUtc("Europe/Brussels");
  // 2026-03-29 is the spring change: 01:00 UTC is 03:00 in Brussels.
  const absl::Time change =
      absl::FromCivil(absl::CivilSecond(2026, 3, 29, 1, 0, 0), absl::UTCTimeZone());
  EXPECT_EQ(absl::ToCivilHour(change, brussels), absl::CivilHour(2026, 3, 29, 3));
  EXPECT_EQ(IanaTimeZoneOrUtc("localtime"), absl::UTCTimeZone());
  EXPECT_EQ(IanaTimeZoneOrUtc("No/Such_Zone"), absl::UTCTimeZone());
}

}  // namespace
}  // namespace leerpool
