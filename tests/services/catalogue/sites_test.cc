// Sites: coordinates, time zones, weekly opening hours, closures.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/catalogue.h"
#include "tests/services/catalogue/catalogue_test_fixture.h"

namespace leerpool::catalogue::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class SitesTest : public CatalogueBackendTest {
 protected:
  absl::Status Create(const Site& site) {
    return catalogue_->CreateSite(Admin(site.owner_organization_id), site).status();
  }
  static absl::Time At(int day, int hour) {
    return absl::FromCivil(absl::CivilSecond(2026, 7, day, hour, 0, 0), absl::UTCTimeZone());
  }
  static Closure Between(absl::Time start, absl::Time end) {
    Closure closure;
    closure.start_time = start;
    closure.end_time = end;
    closure.reason = "Zomervakantie";
    return closure;
  }
};

TEST_P(SitesTest, CreatesAndReadsBackASite) {
  const Site created = MustCreateSite(SiteAt(kOwner, 51.589, 4.776));
  EXPECT_THAT(created.id, ::testing::StartsWith("site_"));
  absl::StatusOr<Site> read = catalogue_->GetSite(Anonymous(), created.id);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, created);
  EXPECT_EQ(read->opening_hours.size(), 3u);
}

TEST_P(SitesTest, CoordinatesMustBeOnEarth) {
  for (auto [latitude, longitude] : std::vector<std::pair<double, double>>{
           {90.0001, 4}, {-91, 4}, {51, 180.5}, {51, -181}, {NAN, 4}, {51, INFINITY}}) {
    EXPECT_THAT(Create(SiteAt(kOwner, latitude, longitude)),
                StatusIs(absl::StatusCode::kInvalidArgument, "site.location"))
        << latitude << "," << longitude;
  }
  EXPECT_TRUE(Create(SiteAt(kOwner, 90, 180)).ok());
  EXPECT_TRUE(Create(SiteAt(kOwner, -90, -180)).ok());
  Site nowhere = SiteAt(kOwner, 0, 0);
  nowhere.location.reset();
  EXPECT_THAT(Create(nowhere), StatusIs(absl::StatusCode::kInvalidArgument, "site.location"));
}

TEST_P(SitesTest, TheZoneMustBeAnIanaName) {
  for (const char* zone : {"", "Europe/Atlantis", "localtime", "/etc/localtime", "../UTC", "CET ",
                           "europe/brussels"}) {
    Site site = SiteAt(kOwner, 51, 4);
    site.time_zone = zone;
    EXPECT_THAT(Create(site), StatusIs(absl::StatusCode::kInvalidArgument, "site.time_zone"))
        << zone;
  }
  Site site = SiteAt(kOwner, 51, 4);
  site.time_zone = "Europe/Brussels";
  EXPECT_TRUE(Create(site).ok());
}

TEST_P(SitesTest, OpeningHoursAreValidatedPerDay) {
  const std::vector<std::vector<OpeningPeriod>> bad = {
      {{0, {8, 0}, {12, 0}}},                          // weekday 0
      {{8, {8, 0}, {12, 0}}},                          // weekday 8
      {{1, {8, 0}, {24, 30}}},                         // past 24:00
      {{1, {8, 60}, {12, 0}}},                         // minute 60
      {{1, {-1, 0}, {12, 0}}},                         // negative
      {{1, {12, 0}, {8, 0}}},                          // closes before it opens
      {{1, {12, 0}, {12, 0}}},                         // empty
      {{1, {8, 0}, {12, 0}}, {1, {11, 59}, {17, 0}}},  // overlap
      {{3, {0, 0}, {24, 0}}, {3, {6, 0}, {7, 0}}},     // inside another
  };
  for (const std::vector<OpeningPeriod>& hours : bad) {
    Site site = SiteAt(kOwner, 51, 4);
    site.opening_hours = hours;
    EXPECT_THAT(Create(site), StatusIs(absl::StatusCode::kInvalidArgument, "site.opening_hours"))
        << hours.front().weekday << " " << hours.front().open.hours;
  }
  Site site = SiteAt(kOwner, 51, 4);
  // Touching periods, the same times on other days, and a whole day up to 24:00 are fine.
  site.opening_hours = {
      {1, {8, 0}, {12, 0}}, {1, {12, 0}, {17, 0}}, {2, {8, 0}, {12, 0}}, {7, {0, 0}, {24, 0}}};
  EXPECT_TRUE(Create(site).ok());
}

TEST_P(SitesTest, UpdateChangesTheOpeningHours) {
  const Site created = MustCreateSite(SiteAt(kOwner, 51, 4));
  Site changes;
  changes.id = created.id;
  changes.opening_hours = {{5, {9, 0}, {15, 0}}};
  changes.name = "ignored";
  absl::StatusOr<Site> updated = catalogue_->UpdateSite(Admin(kOwner), changes, {"opening_hours"});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_THAT(updated->opening_hours, ElementsAre(OpeningPeriod{5, {9, 0}, {15, 0}}));
  EXPECT_EQ(updated->name, "Campus");
  EXPECT_EQ(catalogue_->GetSite(Anonymous(), created.id)->opening_hours, updated->opening_hours);

  changes.opening_hours = {{5, {9, 0}, {15, 0}}, {5, {14, 0}, {16, 0}}};
  EXPECT_THAT(catalogue_->UpdateSite(Admin(kOwner), changes, {"opening_hours"}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "site.opening_hours"));
  changes.time_zone = "Mars/Olympus";
  EXPECT_THAT(catalogue_->UpdateSite(Admin(kOwner), changes, {"time_zone"}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "site.time_zone"));
  EXPECT_THAT(catalogue_->UpdateSite(Admin(kOwner), changes, {"owner_organization_id"}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "update_mask"));
}

TEST_P(SitesTest, ClosuresMustEndAfterTheyStart) {
  const Site site = MustCreateSite(SiteAt(kOwner, 51, 4));
  EXPECT_THAT(
      catalogue_->AddClosure(Admin(kOwner), site.id, Between(At(10, 9), At(10, 8))).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, "closure.end_time"));
  EXPECT_THAT(
      catalogue_->AddClosure(Admin(kOwner), site.id, Between(At(10, 9), At(10, 9))).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, "closure.end_time"));
  Closure open_ended;
  open_ended.start_time = At(10, 9);
  EXPECT_THAT(catalogue_->AddClosure(Admin(kOwner), site.id, open_ended).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "closure.end_time"));
  absl::StatusOr<Closure> added =
      catalogue_->AddClosure(Admin(kOwner), site.id, Between(At(10, 0), At(24, 0)));
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->site_id, site.id);
  EXPECT_TRUE(added->listing_id.empty());
}

TEST_P(SitesTest, AClosureMayConcernOneListingAtTheSite) {
  const Site site = MustCreateSite(SiteAt(kOwner, 51, 4));
  Listing there = Fixed(kOwner, "Hier");
  there.site_id = site.id;
  const Listing listing = MustCreate(there);
  const Listing elsewhere = MustCreate(Fixed(kOwner, "Elders"));

  Closure maintenance = Between(At(3, 8), At(3, 17));
  maintenance.listing_id = elsewhere.id;
  EXPECT_THAT(catalogue_->AddClosure(Admin(kOwner), site.id, maintenance).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "closure.listing_id"));
  maintenance.listing_id = listing.id;
  absl::StatusOr<Closure> added = catalogue_->AddClosure(Admin(kOwner), site.id, maintenance);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->listing_id, listing.id);
}

TEST_P(SitesTest, ListsAndRemovesClosures) {
  const Site site = MustCreateSite(SiteAt(kOwner, 51, 4));
  const Closure early =
      *catalogue_->AddClosure(Admin(kOwner), site.id, Between(At(1, 0), At(2, 0)));
  const Closure late =
      *catalogue_->AddClosure(Admin(kOwner), site.id, Between(At(20, 0), At(21, 0)));
  absl::StatusOr<std::vector<Closure>> all = catalogue_->ListClosures(Anonymous(), site.id, {});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, early.id);
  absl::StatusOr<std::vector<Closure>> upcoming =
      catalogue_->ListClosures(Anonymous(), site.id, At(2, 0));
  ASSERT_TRUE(upcoming.ok());
  ASSERT_EQ(upcoming->size(), 1u);
  EXPECT_EQ((*upcoming)[0].id, late.id);

  const Site other = MustCreateSite(SiteAt(kOwner, 52, 5));
  EXPECT_EQ(catalogue_->RemoveClosure(Admin(kOwner), other.id, early.id).code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(catalogue_->RemoveClosure(Admin(kOwner), site.id, early.id).ok());
  EXPECT_EQ(catalogue_->RemoveClosure(Admin(kOwner), site.id, early.id).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(catalogue_->ListClosures(Anonymous(), site.id, {})->size(), 1u);
  EXPECT_EQ(catalogue_->ListClosures(Anonymous(), "site_missing", {}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(SitesTest, ListsAnOwnersSitesInPages) {
  std::vector<std::string> created;
  for (int i = 0; i < 3; ++i) {
    created.push_back(MustCreateSite(SiteAt(kOwner, 51, 4)).id);
    clock_.Advance(absl::Seconds(1));
  }
  MustCreateSite(SiteAt(kOtherOwner, 51, 4));
  absl::StatusOr<SitePage> first = catalogue_->ListSites(Anonymous(), kOwner, 2, "");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->sites.size(), 2u);
  absl::StatusOr<SitePage> second =
      catalogue_->ListSites(Anonymous(), kOwner, 2, first->next_page_token);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->sites.size(), 1u);
  EXPECT_TRUE(second->next_page_token.empty());
  EXPECT_EQ(std::vector<std::string>({first->sites[0].id, first->sites[1].id, second->sites[0].id}),
            created);
  EXPECT_THAT(catalogue_->ListSites(Anonymous(), "org_nobody", 0, "")->sites, IsEmpty());
}

LP_CATALOGUE_ON_EACH_BACKEND(SitesTest);

}  // namespace
}  // namespace leerpool::catalogue::testing
