#ifndef LEERPOOL_TESTS_SERVICES_BOOKING_STATISTICS_FIXTURE_H_
#define LEERPOOL_TESTS_SERVICES_BOOKING_STATISTICS_FIXTURE_H_

// The booking fixture plus statistics over the same database, with a fake
// catalogue-and-registry directory: the owner in Belgium, kSchool in Belgium, kOtherSchool in
// the Netherlands (so its use is cross-border), a sector body running a network.
//
// The backend is the constructor's: in-memory SQLite, or a fresh PostgreSQL database, so the
// same tests (statistics_test.cc, parameterised over both) check the same expectations on both.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/booking/core/statistics.h"
#include "services/booking/postgres/pg_statistics_store.h"
#include "services/booking/sqlite/sqlite_statistics_store.h"
#include "tests/services/booking/booking_fixture.h"

namespace leerpool::booking::testing {

inline constexpr char kSectorBody[] = "org_sector";
inline constexpr char kGovernment[] = "org_gov";
inline constexpr char kNetwork[] = "net_energy";
// A second fixed installation, like the rig, whose terms ask for approval.
inline constexpr char kSim[] = "lst_sim";

class FakeStatisticsDirectory : public StatisticsDirectory {
 public:
  absl::StatusOr<std::vector<ListingDimensions>> GetListings(const std::vector<std::string>& ids,
                                                             absl::Time from,
                                                             absl::Time to) override {
    std::lock_guard lock(mutex_);
    std::vector<ListingDimensions> out;
    for (const std::string& id : ids) {
      auto it = listings_.find(id);
      if (it == listings_.end()) continue;
      ListingDimensions d = it->second;
      d.closures.clear();
      for (const Closure& c : it->second.closures) {
        if (c.start < to && c.end > from) d.closures.push_back(c);
      }
      out.push_back(d);
    }
    return out;
  }
  absl::StatusOr<std::optional<OrganizationDimensions>> GetOrganization(
      const std::string& id) override {
    std::lock_guard lock(mutex_);
    auto it = orgs_.find(id);
    if (it == orgs_.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<std::optional<NetworkDimensions>> GetNetwork(const std::string& id) override {
    std::lock_guard lock(mutex_);
    auto it = networks_.find(id);
    if (it == networks_.end()) return std::nullopt;
    return it->second;
  }

  void PutListing(const ListingDimensions& d) {
    std::lock_guard lock(mutex_);
    listings_[d.id] = d;
  }
  ListingDimensions& Listing(const std::string& id) { return listings_.at(id); }
  void PutOrganization(const OrganizationDimensions& o) {
    std::lock_guard lock(mutex_);
    orgs_[o.id] = o;
  }
  void PutNetwork(const NetworkDimensions& n) {
    std::lock_guard lock(mutex_);
    networks_[n.id] = n;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, ListingDimensions> listings_;
  std::map<std::string, OrganizationDimensions> orgs_;
  std::map<std::string, NetworkDimensions> networks_;
};

// Dimensions of a fixture listing as the catalogue would give them.
inline ListingDimensions DimensionsOf(const ListingFacts& facts,
                                      std::vector<std::string> technologies,
                                      std::vector<std::string> sectors) {
  ListingDimensions d;
  d.id = facts.id;
  d.owner_organization_id = facts.owner_organization_id;
  d.title = facts.id;
  d.category = facts.category;
  d.technologies = std::move(technologies);
  d.sectors = std::move(sectors);
  d.owner_country = "BE";
  d.unit_count = facts.unit_count;
  d.mobile = facts.mobile.has_value();
  d.time_zone = facts.site.time_zone;
  d.opening_hours = facts.site.opening_hours;
  return d;
}

// The statistics store of the fixture's backend under one name, so tests call it alike.
class FixtureStatisticsStore : public StatisticsStore {
 public:
  explicit FixtureStatisticsStore(std::unique_ptr<StatisticsStore> store)
      : store_(std::move(store)) {}
  absl::StatusOr<std::vector<StatRow>> QueryRows(const StatRowQuery& query) override {
    return store_->QueryRows(query);
  }
  absl::StatusOr<StatBlock> QueryBlock(const StatBlockQuery& query) override {
    return store_->QueryBlock(query);
  }
  absl::StatusOr<std::vector<KnownListing>> ListKnownListings(
      const std::string& owner_organization_id) override {
    return store_->ListKnownListings(owner_organization_id);
  }

 private:
  std::unique_ptr<StatisticsStore> store_;
};

class StatisticsFixture : public BookingFixture {
 protected:
  explicit StatisticsFixture(Backend backend = Backend::kSqlite) : BookingFixture(backend) {
    ListingFacts sim = RigFacts();
    sim.id = kSim;
    Terms approval = BasicTerms();
    approval.approval_required = true;
    directory_.Put(sim, approval);

    ListingDimensions rig = DimensionsOf(RigFacts(), {"heat-pump"}, {"installation"});
    rig.acquisition_cost_cents = 1'000'000;
    rig.expected_lifetime_years = 10;
    stats_directory_.PutListing(rig);
    stats_directory_.PutListing(DimensionsOf(sim, {"welding", "heat-pump"}, {"metal"}));
    stats_directory_.PutListing(DimensionsOf(VanFacts(), {"ev"}, {"automotive"}));
    stats_directory_.PutListing(DimensionsOf(SeatFacts(), {"safety"}, {"installation"}));
    stats_directory_.PutOrganization(
        {kOwner, "Owner NV", OrganizationKind::kCompany, "BE", "Antwerpen"});
    stats_directory_.PutOrganization(
        {kSchool, "School BE", OrganizationKind::kSchool, "BE", "Oost-Vlaanderen"});
    stats_directory_.PutOrganization(
        {kOtherSchool, "School NL", OrganizationKind::kTrainingCentre, "NL", "Zeeland"});
    stats_directory_.PutOrganization(
        {kSectorBody, "Sector body", OrganizationKind::kSectorBody, "BE", "Antwerpen"});
    stats_directory_.PutOrganization(
        {kGovernment, "Province", OrganizationKind::kGovernment, "NL", "Zeeland"});
    stats_directory_.PutNetwork({kNetwork, kSectorBody, {kOwner, kSectorBody}});
  }

  // A session of kSchool (or `org`) that is completed: checked out at its start and in
  // `used` later with `present` learners.
  Reservation Completed(const std::string& listing, absl::Time start, absl::Time end,
                        absl::Duration used, std::vector<AudienceCount> present,
                        const std::string& org = kSchool) {
    ReservationRequest request = Session(listing, start, end);
    request.organization_id = org;
    absl::StatusOr<Reservation> r = Reserve(request, Coordinator(org));
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return {};
    if (r->status == ReservationStatus::kPendingApproval) {
      EXPECT_TRUE(engine_->ApproveReservation(OwnerAdmin(), r->id, "").ok());
    }
    EXPECT_TRUE(engine_->CheckOutReservation(Coordinator(org), r->id, start, "").ok());
    absl::StatusOr<Reservation> in = engine_->CheckInReservation(
        Coordinator(org), r->id, start + used, present, Condition::kGood, "");
    EXPECT_TRUE(in.ok()) << in.status();
    return in.ok() ? *in : Reservation{};
  }

  void SetUp() override {
    BookingFixture::SetUp();
    if (IsSkipped() || HasFatalFailure() || backend_ != Backend::kPostgres) return;
    // It builds a SqliteStatisticsStore on the SQLite database by name.
    if (std::string_view(::testing::UnitTest::GetInstance()->current_test_info()->name())
            .starts_with("MonthRollupsGiveTheFiguresOfTheDayRows")) {
      GTEST_SKIP() << "SQLite only; on PostgreSQL: StatisticsPostgresTest";
    }
  }

  // The statistics store on the fixture's database.
  std::unique_ptr<StatisticsStore> MakeStatisticsStore(int rollup_min_listings = 200) {
    if (pg_pool_ != nullptr)
      return std::make_unique<PgStatisticsStore>(*pg_pool_, rollup_min_listings);
    return std::make_unique<SqliteStatisticsStore>(*db_, store_.get(), rollup_min_listings);
  }

  FakeStatisticsDirectory stats_directory_;
  FixtureStatisticsStore stats_store_{MakeStatisticsStore()};
  Statistics statistics_{stats_store_, stats_directory_, *store_, clock_};
};

inline auth::Caller Analyst() { return Member(kOtherSchool, auth::Role::kAnalyst, "per_analyst"); }
inline auth::Caller SectorBodyMember() {
  return Member(kSectorBody, auth::Role::kCoordinator, "per_sector");
}
inline auth::Caller GovernmentMember() {
  return Member(kGovernment, auth::Role::kCoordinator, "per_gov");
}

}  // namespace leerpool::booking::testing

#endif  // LEERPOOL_TESTS_SERVICES_BOOKING_STATISTICS_FIXTURE_H_
