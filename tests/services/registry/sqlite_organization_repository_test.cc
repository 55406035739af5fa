// The SQLite repository on its own: what the core relies on it for.

#include "services/registry/sqlite/sqlite_organization_repository.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/sqlite.h"

namespace leerpool::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Organization Make(std::string id, std::string name) {
  Organization organization;
  organization.id = std::move(id);
  organization.name = std::move(name);
  organization.kind = OrganizationKind::kCompany;
  organization.country = "BE";
  organization.status = OrganizationStatus::kActive;
  organization.time_zone = "Europe/Brussels";
  organization.create_time = absl::FromUnixMicros(1700000000000001);
  organization.update_time = absl::FromUnixMicros(1700000000000002);
  return organization;
}

std::vector<std::string> Ids(const std::vector<Organization>& organizations) {
  std::vector<std::string> ids;
  for (const Organization& organization : organizations) ids.push_back(organization.id);
  return ids;
}

class SqliteOrganizationRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenRegistryDatabase({});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    repository_ = std::make_unique<SqliteOrganizationRepository>(*db_, mutex_);
  }

  std::vector<Organization> List(const OrganizationFilter& filter = {},
                                 const std::optional<OrganizationCursor>& after = std::nullopt,
                                 int limit = 100) {
    absl::StatusOr<std::vector<Organization>> listed = repository_->List(filter, after, limit);
    EXPECT_TRUE(listed.ok()) << listed.status();
    return listed.ok() ? *listed : std::vector<Organization>{};
  }

  std::unique_ptr<storage::Database> db_;
  std::mutex mutex_;
  std::unique_ptr<SqliteOrganizationRepository> repository_;
};

TEST_F(SqliteOrganizationRepositoryTest, MigratesToTheLatestSchema) {
  absl::StatusOr<int> version = db_->SchemaVersion();
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, static_cast<int>(SqliteMigrations().size()));
}

TEST_F(SqliteOrganizationRepositoryTest, RoundTripsEveryField) {
  Organization organization = Make("org_1", "Volta Laadtechniek");
  organization.region = "Limburg";
  organization.address = {"Kempische Steenweg 293", "3500", "Hasselt", "BE"};
  organization.location = LatLng{50.9307, 5.3325};
  organization.education_tracks = {"DUAL", "TSO", "ADULT"};
  organization.status = OrganizationStatus::kArchived;
  ASSERT_TRUE(repository_->Create(organization).ok());
  absl::StatusOr<Organization> fetched = repository_->Get("org_1");
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  EXPECT_EQ(*fetched, organization);
}

TEST_F(SqliteOrganizationRepositoryTest, RoundTripsASingleEducationTrack) {
  Organization organization = Make("org_1", "Volta");
  organization.education_tracks = {"BSO"};
  ASSERT_TRUE(repository_->Create(organization).ok());
  EXPECT_THAT(repository_->Get("org_1")->education_tracks, ElementsAre("BSO"));
}

TEST_F(SqliteOrganizationRepositoryTest, CreateWithATakenIdIsAlreadyExists) {
  ASSERT_TRUE(repository_->Create(Make("org_1", "First")).ok());
  absl::Status second = repository_->Create(Make("org_1", "Second"));
  EXPECT_EQ(second.code(), absl::StatusCode::kAlreadyExists) << second;
  EXPECT_EQ(repository_->Get("org_1")->name, "First");
}

TEST_F(SqliteOrganizationRepositoryTest, GetUnknownIsNotFound) {
  EXPECT_EQ(repository_->Get("org_nope").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(SqliteOrganizationRepositoryTest, UpdateReplacesTheRow) {
  ASSERT_TRUE(repository_->Create(Make("org_1", "Before")).ok());
  Organization changed = Make("org_1", "After");
  changed.location = LatLng{1, 2};
  changed.education_tracks = {"KSO"};
  changed.update_time = absl::FromUnixMicros(1800000000000000);
  ASSERT_TRUE(repository_->Update(changed).ok());
  EXPECT_EQ(*repository_->Get("org_1"), changed);

  // And back: a location can be removed and tracks emptied.
  const Organization cleared = Make("org_1", "After");
  ASSERT_TRUE(repository_->Update(cleared).ok());
  EXPECT_EQ(*repository_->Get("org_1"), cleared);
}

TEST_F(SqliteOrganizationRepositoryTest, UpdateUnknownIsNotFoundAndInsertsNothing) {
  ASSERT_TRUE(repository_->Create(Make("org_1", "One")).ok());
  EXPECT_EQ(repository_->Update(Make("org_2", "Two")).code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Ids(List()), ElementsAre("org_1"));
}

TEST_F(SqliteOrganizationRepositoryTest, UpdateOfAnUnchangedRowIsNotNotFound) {
  // SQLite counts a row as changed even when the values are the same.
  ASSERT_TRUE(repository_->Create(Make("org_1", "One")).ok());
  EXPECT_TRUE(repository_->Update(Make("org_1", "One")).ok());
}

TEST_F(SqliteOrganizationRepositoryTest, SchemaRejectsWhatTheCoreWouldNot) {
  // The schema's CHECKs are a second line of defence behind ValidateOrganization.
  Organization no_status = Make("org_1", "One");
  no_status.status = OrganizationStatus::kUnspecified;
  EXPECT_FALSE(repository_->Create(no_status).ok());
  Organization no_kind = Make("org_2", "Two");
  no_kind.kind = OrganizationKind::kUnspecified;
  EXPECT_FALSE(repository_->Create(no_kind).ok());
  EXPECT_THAT(List(), IsEmpty());
}

TEST_F(SqliteOrganizationRepositoryTest, ListIsOrderedByNameThenIdAndStartsAfterTheCursor) {
  for (const auto& [id, name] : std::vector<std::pair<std::string, std::string>>{
           {"org_b", "Same"}, {"org_a", "Same"}, {"org_c", "Other"}, {"org_d", "Zed"}}) {
    ASSERT_TRUE(repository_->Create(Make(id, name)).ok());
  }
  EXPECT_THAT(Ids(List()), ElementsAre("org_c", "org_a", "org_b", "org_d"));
  EXPECT_THAT(Ids(List({}, OrganizationCursor{"Same", "org_a"})), ElementsAre("org_b", "org_d"));
  EXPECT_THAT(Ids(List({}, OrganizationCursor{"Same", "org_b"})), ElementsAre("org_d"));
  // A cursor need not name a stored row.
  EXPECT_THAT(Ids(List({}, OrganizationCursor{"P", ""})), ElementsAre("org_a", "org_b", "org_d"));
  EXPECT_THAT(Ids(List({}, std::nullopt, 2)), ElementsAre("org_c", "org_a"));
}

}  // namespace
}  // namespace leerpool::registry
