// The CLI's config file and output helpers, without any service.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "clients/cli/config.h"
#include "clients/cli/output.h"

namespace leerpool::cli {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lp-cli-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(ConfigTest, MissingFileIsTheLocalDefaults) {
  TempDir dir;
  absl::StatusOr<Config> config = LoadConfig(dir.path() / "none.json");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->registry, "127.0.0.1:50051");
  EXPECT_EQ(config->booking, "127.0.0.1:50053");
  EXPECT_TRUE(config->token.empty());
}

TEST(ConfigTest, SavedConfigReadsBackAndIsPrivate) {
  TempDir dir;
  const std::filesystem::path path = dir.path() / "sub" / "config.json";
  Config config;
  config.token = "secret-token";
  config.organization_id = "org_1";
  config.catalogue = "catalogue.example:443";
  // A leftover temporary file from an interrupted save, readable by everyone.
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path.string() + ".tmp") << "old";
  std::filesystem::permissions(path.string() + ".tmp", std::filesystem::perms(0644));
  ASSERT_TRUE(SaveConfig(path, config).ok());
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  absl::StatusOr<Config> read = LoadConfig(path);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->token, "secret-token");
  EXPECT_EQ(read->organization_id, "org_1");
  EXPECT_EQ(read->catalogue, "catalogue.example:443");
}

TEST(ConfigTest, MalformedFileIsAnErrorNamingIt) {
  TempDir dir;
  const std::filesystem::path path = dir.path() / "config.json";
  std::ofstream(path) << "{not json";
  absl::StatusOr<Config> config = LoadConfig(path);
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), ::testing::HasSubstr(path.string()));
}

TEST(ConfigTest, EnvironmentOverridesTheFile) {
  Config config;
  setenv("LEERPOOL_BOOKING_ADDR", "booking.example:50053", 1);
  setenv("LEERPOOL_TOKEN", "from-env", 1);
  ApplyEnvironment(config);
  unsetenv("LEERPOOL_BOOKING_ADDR");
  unsetenv("LEERPOOL_TOKEN");
  EXPECT_EQ(config.booking, "booking.example:50053");
  EXPECT_EQ(config.token, "from-env");
  EXPECT_EQ(config.registry, "127.0.0.1:50051");
}

TEST(OutputTest, TableAlignsColumnsByCharactersNotBytes) {
  Table table({"id", "title", "km"});
  table.Add({"lst_1", "Zonnepanelen", "12"});
  table.Add({"lst_22", "Éénpersoons", "3"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "id      title         km\n"
            "lst_1   Zonnepanelen  12\n"
            "lst_22  Éénpersoons   3\n");
}

TEST(OutputTest, LabelsAndAmounts) {
  EXPECT_EQ(EnumLabel("RESERVATION_STATUS_PENDING_APPROVAL", "RESERVATION_STATUS_"),
            "pending approval");
  EXPECT_EQ(FormatEuros(1250), "EUR 12.50");
  EXPECT_EQ(FormatEuros(-5), "EUR -0.05");
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::ALREADY_EXISTS), kExitConflict);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::PERMISSION_DENIED), kExitNotAllowed);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::UNAVAILABLE), kExitUnavailable);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::INTERNAL), kExitError);
}

}  // namespace
}  // namespace leerpool::cli
