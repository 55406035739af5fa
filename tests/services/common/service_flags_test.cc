#include "services/common/service_flags.h"

#include <gtest/gtest.h>

namespace leerpool {
namespace {

std::string Logged(const std::string& db) {
  ServiceFlags flags;
  flags.db_path = db;
  return flags.DbForLogs();
}

TEST(ServiceFlagsTest, APostgresPasswordNeverReachesTheLogs) {
  EXPECT_EQ(Logged("postgresql://leerpool:s3cr%40t@db.internal:5432/booking"),
            "postgresql://leerpool:***@db.internal:5432/booking");
  EXPECT_EQ(Logged("postgresql://leerpool@db/booking?password=s3cret&sslmode=require"),
            "postgresql://leerpool@db/booking?password=***&sslmode=require");
}

TEST(ServiceFlagsTest, PathsAndUrlsWithoutPasswordsAreLoggedAsGiven) {
  EXPECT_EQ(Logged("/var/lib/leerpool-booking/booking.db"), "/var/lib/leerpool-booking/booking.db");
  EXPECT_EQ(Logged("postgresql://leerpool@db.internal:5432/booking"),
            "postgresql://leerpool@db.internal:5432/booking");
}

}  // namespace
}  // namespace leerpool
