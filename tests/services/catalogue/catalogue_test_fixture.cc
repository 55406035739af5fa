#include "tests/services/catalogue/catalogue_test_fixture.h"

#include <utility>

#include "services/catalogue/postgres/pg_catalogue_store.h"
#include "services/catalogue/sqlite/sqlite_catalogue_store.h"

namespace leerpool::catalogue::testing {

using ::testing::_;
using ::testing::Invoke;

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kPostgres ? "Postgres" : "Sqlite";
}

void CatalogueTest::SetUp() {
  if (backend() == Backend::kPostgres) {
    LP_PG_TEST_SCHEMA_OR_SKIP(database);
    pg_database_ = std::move(database);
    absl::StatusOr<std::unique_ptr<storage::pg::Pool>> pool =
        storage::pg::Pool::Open({.url = pg_database_->url(), .connections = 2});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pg_pool_ = std::move(*pool);
    absl::StatusOr<storage::pg::Pool::Lease> connection = pg_pool_->Acquire();
    ASSERT_TRUE(connection.ok()) << connection.status();
    const absl::Status migrated = (*connection)->Migrate(PostgresMigrations());
    ASSERT_TRUE(migrated.ok()) << migrated;
    store_ = std::make_unique<PgCatalogueStore>(*pg_pool_);
  } else {
    absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenCatalogueDatabase({});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    store_ = std::make_unique<SqliteCatalogueStore>(*db_);
  }
  catalogue_ = std::make_unique<Catalogue>(*store_, directory_, clock_);
}

CatalogueTest::CatalogueTest() {
  organizations_[kOwner] = {kOwner, "Censes Education", 4, "NL", LatLng{51.589, 4.776}};
  organizations_[kOtherOwner] = {kOtherOwner, "Kwartier Z", 7, "BE", LatLng{51.219, 4.402}};
  organizations_[kSchool] = {kSchool, "Curio", 1, "NL", LatLng{51.0, 4.0}};
  organizations_[kCompany] = {kCompany, "TruckAcademy", 3, "NL", std::nullopt};
  networks_ = {kNetwork};
  memberships_[kSchool] = {};
  qualification_types_ = {kQualification, "qt_vca"};

  ON_CALL(directory_, GetOrganization(_))
      .WillByDefault(Invoke([this](const std::string& id) -> absl::StatusOr<OrganizationSummary> {
        if (!registry_down_.ok()) return registry_down_;
        auto it = organizations_.find(id);
        if (it == organizations_.end()) return absl::NotFoundError("organization not found");
        return it->second;
      }));
  ON_CALL(directory_, NetworksOf(_))
      .WillByDefault(
          Invoke([this](const std::string& id) -> absl::StatusOr<std::vector<std::string>> {
            if (!registry_down_.ok()) return registry_down_;
            return memberships_[id];
          }));
  ON_CALL(directory_, CheckNetworkExists(_))
      .WillByDefault(Invoke([this](const std::string& id) -> absl::Status {
        if (!registry_down_.ok()) return registry_down_;
        return networks_.contains(id) ? absl::OkStatus() : absl::NotFoundError("network not found");
      }));
  ON_CALL(directory_, CheckQualificationTypeExists(_))
      .WillByDefault(Invoke([this](const std::string& id) -> absl::Status {
        if (!registry_down_.ok()) return registry_down_;
        return qualification_types_.contains(id) ? absl::OkStatus()
                                                 : absl::NotFoundError("type not found");
      }));
  ON_CALL(directory_, CheckQualifications(_, _, _, _, _))
      .WillByDefault(Invoke([this](const auth::Caller&, const std::string& person,
                                   const std::vector<std::string>& types, absl::CivilDay,
                                   absl::CivilDay) -> absl::StatusOr<std::map<std::string, bool>> {
        if (!registry_down_.ok()) return registry_down_;
        std::map<std::string, bool> result;
        for (const std::string& type : types) result[type] = held_[person].contains(type);
        return result;
      }));
}

auth::Caller CatalogueTest::Admin(const std::string& organization) {
  auth::Caller caller;
  caller.person_id = "per_admin_" + organization;
  caller.roles[organization] = {auth::Role::kOrgAdmin};
  return caller;
}

auth::Caller CatalogueTest::Coordinator(const std::string& organization) {
  auth::Caller caller;
  caller.person_id = "per_coordinator_" + organization;
  caller.roles[organization] = {auth::Role::kCoordinator, auth::Role::kInstructor};
  return caller;
}

auth::Caller CatalogueTest::PlatformAdmin() {
  auth::Caller caller;
  caller.person_id = "per_platform";
  caller.platform_admin = true;
  return caller;
}

Site CatalogueTest::SiteAt(const std::string& owner, double latitude, double longitude) {
  Site site;
  site.owner_organization_id = owner;
  site.name = "Campus";
  site.address = {"Stationsstraat 1", "4811 AA", "Breda", "NL"};
  site.location = LatLng{latitude, longitude};
  site.time_zone = "Europe/Amsterdam";
  site.opening_hours = {{1, {8, 0}, {12, 0}}, {1, {13, 0}, {17, 30}}, {2, {8, 0}, {24, 0}}};
  return site;
}

Listing CatalogueTest::Fixed(const std::string& owner, const std::string& title_nl) {
  Listing listing;
  listing.owner_organization_id = owner;
  listing.title_nl = title_nl;
  listing.category = Category::kFixedInstallation;
  listing.unit_count = 2;
  listing.capacity_per_unit = 8;
  listing.audiences = {Audience::kPupils};
  listing.languages = {"nl"};
  return listing;
}

Listing CatalogueTest::Mobile(const std::string& owner, const std::string& title_nl,
                              double radius_km) {
  Listing listing = Fixed(owner, title_nl);
  listing.category = Category::kMobileSetup;
  listing.unit_count = 1;
  listing.mobile = MobileSetup{radius_km, 60, 45, 60};
  return listing;
}

SharingTerms CatalogueTest::OpenTerms(int64_t per_hour_cents) {
  SharingTerms terms;
  terms.who_may_book.everyone = true;
  terms.price.per_hour_cents = per_hour_cents;
  return terms;
}

Site CatalogueTest::MustCreateSite(const Site& site) {
  absl::StatusOr<Site> created = catalogue_->CreateSite(Admin(site.owner_organization_id), site);
  EXPECT_TRUE(created.ok()) << created.status();
  return created.ok() ? *created : Site{};
}

Listing CatalogueTest::MustCreate(const Listing& listing) {
  absl::StatusOr<Listing> created =
      catalogue_->CreateListing(Admin(listing.owner_organization_id), listing);
  EXPECT_TRUE(created.ok()) << created.status();
  return created.ok() ? *created : Listing{};
}

SharingTerms CatalogueTest::MustSetTerms(const std::string& listing_id, const SharingTerms& terms) {
  absl::StatusOr<SharingTerms> stored =
      catalogue_->UpdateSharingTerms(PlatformAdmin(), listing_id, terms);
  EXPECT_TRUE(stored.ok()) << stored.status();
  return stored.ok() ? *stored : SharingTerms{};
}

Listing CatalogueTest::MustPublish(const std::string& listing_id) {
  absl::StatusOr<Listing> published = catalogue_->PublishListing(PlatformAdmin(), listing_id);
  EXPECT_TRUE(published.ok()) << published.status();
  return published.ok() ? *published : Listing{};
}

Listing CatalogueTest::MustPublishAt(Listing listing, double latitude, double longitude,
                                     const SharingTerms& terms) {
  listing.site_id = MustCreateSite(SiteAt(listing.owner_organization_id, latitude, longitude)).id;
  const Listing created = MustCreate(listing);
  MustSetTerms(created.id, terms);
  return MustPublish(created.id);
}

}  // namespace leerpool::catalogue::testing
