// Each store's search as the service runs it -- SQLite on a database file with a read pool,
// PostgreSQL on a pool (/Postgres; skipped without a server) -- with the same expectations:
// the in-memory search facts follow every change that matters to search, never serve a state
// a rolled-back transaction saw, and the page's listings load in full.

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/catalogue_store.h"
#include "services/catalogue/postgres/pg_catalogue_store.h"
#include "services/catalogue/sqlite/sqlite_catalogue_store.h"
#include "storage/postgres.h"
#include "storage/read_pool.h"
#include "storage/sqlite.h"
#include "tests/storage/pg_test_database.h"

namespace leerpool::catalogue {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr absl::Time kNow = absl::FromUnixSeconds(1772445600);

SearchQuery Words(const std::string& word) {
  SearchQuery query;
  query.words = {SearchWord{{word}}};
  return query;
}

enum class Backend { kSqlite, kPostgres };
void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::kPostgres ? "Postgres" : "Sqlite");
}

class SearchStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      LP_PG_TEST_SCHEMA_OR_SKIP(database);
      pg_database_ = std::move(database);
      absl::StatusOr<std::unique_ptr<storage::pg::Pool>> pool =
          storage::pg::Pool::Open({.url = pg_database_->url(), .connections = 3});
      ASSERT_TRUE(pool.ok()) << pool.status();
      pg_pool_ = std::move(*pool);
      absl::StatusOr<storage::pg::Pool::Lease> connection = pg_pool_->Acquire();
      ASSERT_TRUE(connection.ok()) << connection.status();
      const absl::Status migrated = (*connection)->Migrate(PostgresMigrations());
      ASSERT_TRUE(migrated.ok()) << migrated;
      store_ = std::make_unique<PgCatalogueStore>(*pg_pool_);
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             ("leerpool_search_store_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
      // Parameterized names hold a slash.
      std::string name = dir_.filename().string();
      std::replace(name.begin(), name.end(), '/', '_');
      dir_ = dir_.parent_path() / name;
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      storage::Options options;
      options.path = (dir_ / "catalogue.db").string();
      absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenCatalogueDatabase(options);
      ASSERT_TRUE(db.ok()) << db.status();
      db_ = std::move(*db);
      absl::StatusOr<std::unique_ptr<storage::ReadPool>> reads =
          storage::ReadPool::Open(options, 2);
      ASSERT_TRUE(reads.ok()) << reads.status();
      reads_ = std::move(*reads);
      store_ = std::make_unique<SqliteCatalogueStore>(*db_, reads_.get());
    }
    ASSERT_TRUE(store_
                    ->Transact([&](CatalogueTransaction& tx) -> absl::Status {
                      if (absl::Status s = tx.UpsertOwner(owner_); !s.ok()) return s;
                      Site site;
                      site.id = "sit_1";
                      site.owner_organization_id = owner_.id;
                      site.name = "Breda";
                      site.location = LatLng{51.5, 4.7};
                      site.time_zone = "Europe/Amsterdam";
                      return tx.InsertSite(site);
                    })
                    .ok());
  }

  void TearDown() override {
    store_.reset();
    reads_.reset();
    db_.reset();
    pg_pool_.reset();
    pg_database_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  Listing Published(const std::string& id, const std::string& title) {
    Listing listing;
    listing.id = id;
    listing.owner_organization_id = owner_.id;
    listing.title_nl = title;
    listing.category = Category::kFixedInstallation;
    listing.technologies = {"heat-pump"};
    listing.unit_count = 1;
    listing.capacity_per_unit = 8;
    listing.audiences = {Audience::kPupils};
    listing.status = ListingStatus::kPublished;
    listing.site_id = "sit_1";
    listing.terms_version = 1;
    listing.create_time = listing.update_time = kNow;
    return listing;
  }

  static SharingTerms Terms(const std::string& listing_id, int version, int64_t per_hour) {
    SharingTerms terms;
    terms.listing_id = listing_id;
    terms.version = version;
    terms.who_may_book.everyone = true;
    terms.price.per_hour_cents = per_hour;
    terms.create_time = kNow;
    return terms;
  }

  absl::Status Add(const Listing& listing, int64_t per_hour) {
    return store_->Transact([&](CatalogueTransaction& tx) -> absl::Status {
      if (absl::Status s = tx.InsertListing(listing); !s.ok()) return s;
      return tx.InsertSharingTerms(Terms(listing.id, listing.terms_version, per_hour));
    });
  }

  // listing id -> (hourly price, owner country, latitude) of every match, read through the pool.
  struct Seen {
    std::string id;
    int64_t per_hour = 0;
    std::string country;
    double latitude = 0;
    double rank = 0;
  };
  std::vector<Seen> Search(const SearchQuery& query = SearchQuery()) {
    std::vector<Seen> seen;
    EXPECT_TRUE(store_
                    ->Read([&](CatalogueTransaction& tx) -> absl::Status {
                      absl::StatusOr<SearchMatches> matches = tx.Search(query);
                      if (!matches.ok()) return matches.status();
                      for (const SearchHit& hit : matches->hits) {
                        seen.push_back({hit.facts->listing_id, hit.facts->price.per_hour_cents,
                                        hit.facts->owner_country,
                                        hit.facts->location ? hit.facts->location->latitude : 0,
                                        hit.rank});
                      }
                      return absl::OkStatus();
                    })
                    .ok());
    return seen;
  }

  std::vector<std::string> Ids(const SearchQuery& query = SearchQuery()) {
    std::vector<std::string> ids;
    for (const Seen& seen : Search(query)) ids.push_back(seen.id);
    return ids;
  }

  std::filesystem::path dir_;
  OrganizationSummary owner_{"org_censes", "Censes", 4, "NL", std::nullopt};
  std::unique_ptr<leerpool::testing::PgTestDatabase> pg_database_;
  std::unique_ptr<storage::pg::Pool> pg_pool_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::ReadPool> reads_;
  std::unique_ptr<CatalogueStore> store_;
};

TEST_P(SearchStoreTest, FactsFollowEveryChangeThatMattersToSearch) {
  ASSERT_TRUE(Add(Published("lst_a", "Warmtepomp A"), 1000).ok());
  ASSERT_TRUE(Add(Published("lst_b", "Zorgbed B"), 2000).ok());
  EXPECT_THAT(Ids(), UnorderedElementsAre("lst_a", "lst_b"));

  // A new terms version.
  ASSERT_TRUE(store_
                  ->Transact([&](CatalogueTransaction& tx) -> absl::Status {
                    if (absl::Status s = tx.InsertSharingTerms(Terms("lst_a", 2, 1500)); !s.ok()) {
                      return s;
                    }
                    Listing listing = Published("lst_a", "Warmtepomp A");
                    listing.terms_version = 2;
                    return tx.UpdateListing(listing);
                  })
                  .ok());
  // The owner's country, and the site's location.
  owner_.country = "BE";
  ASSERT_TRUE(
      store_->Transact([&](CatalogueTransaction& tx) { return tx.UpsertOwner(owner_); }).ok());
  ASSERT_TRUE(store_
                  ->Transact([&](CatalogueTransaction& tx) -> absl::Status {
                    absl::StatusOr<Site> site = tx.GetSite("sit_1");
                    if (!site.ok()) return site.status();
                    site->location = LatLng{50.9, 4.7};
                    return tx.UpdateSite(*site);
                  })
                  .ok());
  SearchQuery cheap;
  cheap.max_price_per_hour_cents = 1500;
  const std::vector<Seen> seen = Search(cheap);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].id, "lst_a");
  EXPECT_EQ(seen[0].per_hour, 1500);
  EXPECT_EQ(seen[0].country, "BE");
  EXPECT_DOUBLE_EQ(seen[0].latitude, 50.9);

  // Retiring takes a listing out.
  ASSERT_TRUE(store_
                  ->Transact([&](CatalogueTransaction& tx) {
                    Listing listing = Published("lst_b", "Zorgbed B");
                    listing.status = ListingStatus::kRetired;
                    return tx.UpdateListing(listing);
                  })
                  .ok());
  EXPECT_THAT(Ids(), ElementsAre("lst_a"));
}

TEST_P(SearchStoreTest, ARolledBackTransactionLeavesNoFactsBehind) {
  ASSERT_TRUE(Add(Published("lst_a", "Warmtepomp A"), 1000).ok());
  EXPECT_THAT(Ids(), ElementsAre("lst_a"));
  const absl::Status failed = store_->Transact([&](CatalogueTransaction& tx) -> absl::Status {
    if (absl::Status s = tx.InsertListing(Published("lst_ghost", "Spook")); !s.ok()) return s;
    if (absl::Status s = tx.InsertSharingTerms(Terms("lst_ghost", 1, 10)); !s.ok()) return s;
    absl::StatusOr<SearchMatches> inside = tx.Search(SearchQuery());
    EXPECT_TRUE(inside.ok());
    EXPECT_EQ(inside.ok() ? inside->hits.size() : 0u, 2u) << "a transaction sees its own writes";
    return absl::AbortedError("changed my mind");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kAborted);
  EXPECT_THAT(Ids(), ElementsAre("lst_a"));
  // The next committed change reaches the same generation the rolled-back one had.
  ASSERT_TRUE(Add(Published("lst_b", "Zorgbed B"), 2000).ok());
  EXPECT_THAT(Ids(), UnorderedElementsAre("lst_a", "lst_b"));
}

TEST_P(SearchStoreTest, TextAndFiltersTogether) {
  Listing vr = Published("lst_vr", "Warmtepomp in VR");
  vr.category = Category::kVrArSet;
  vr.audiences = {Audience::kTeachers};
  ASSERT_TRUE(Add(Published("lst_a", "Warmtepomp A"), 1000).ok());
  ASSERT_TRUE(Add(vr, 1000).ok());
  Listing care = Published("lst_b", "Zorgbed B");
  care.technologies = {"care-simulation"};
  ASSERT_TRUE(Add(care, 2000).ok());
  const std::vector<Seen> seen = Search(Words("warmtepomp"));
  ASSERT_EQ(seen.size(), 2u);
  for (const Seen& match : seen) EXPECT_LT(match.rank, 0) << "bm25 ranks a text match";
  SearchQuery vr_only = Words("warmtepomp");
  vr_only.categories = {Category::kVrArSet};
  EXPECT_THAT(Ids(vr_only), ElementsAre("lst_vr"));
  SearchQuery pupils = Words("warmtepomp");
  pupils.audiences = {Audience::kPupils};
  EXPECT_THAT(Ids(pupils), ElementsAre("lst_a"));
  SearchQuery solar;
  solar.technologies = {"solar-pv"};
  EXPECT_THAT(Ids(solar), IsEmpty());
  SearchQuery big;
  big.min_capacity_per_unit = 9;
  EXPECT_THAT(Ids(big), IsEmpty());
}

TEST_P(SearchStoreTest, RanksLaterWhatItDidNotRankAtOnce) {
  ASSERT_TRUE(Add(Published("lst_a", "Warmtepomp A"), 1000).ok());
  Listing longer = Published("lst_b", "Warmtepomp B");
  longer.description_nl = "Een lange beschrijving zonder het woord, die de score verlaagt.";
  ASSERT_TRUE(Add(longer, 1000).ok());
  ASSERT_TRUE(Add(Published("lst_c", "Warmtepomp C"), 1000).ok());
  const std::vector<Seen> ranked = Search(Words("warmtepomp"));
  ASSERT_EQ(ranked.size(), 3u);
  SearchQuery unranked_query = Words("warmtepomp");
  unranked_query.rank = false;
  ASSERT_TRUE(store_
                  ->Read([&](CatalogueTransaction& tx) -> absl::Status {
                    absl::StatusOr<SearchMatches> matches = tx.Search(unranked_query);
                    if (!matches.ok()) return matches.status();
                    EXPECT_EQ(matches->hits.size(), 3u);
                    std::vector<SearchHit*> some;
                    for (SearchHit& hit : matches->hits) {
                      EXPECT_EQ(hit.rank, 0);
                      if (hit.facts->listing_id != "lst_c") some.push_back(&hit);
                    }
                    if (absl::Status s = tx.RankHits(unranked_query.words, some); !s.ok()) return s;
                    for (const SearchHit& hit : matches->hits) {
                      for (const Seen& expected : ranked) {
                        if (expected.id != hit.facts->listing_id) continue;
                        EXPECT_EQ(hit.rank, expected.id == "lst_c" ? 0.0 : expected.rank)
                            << expected.id;
                      }
                    }
                    return absl::OkStatus();
                  })
                  .ok());
}

TEST_P(SearchStoreTest, LoadsThePageInFullInTheOrderAsked) {
  ASSERT_TRUE(Add(Published("lst_a", "Warmtepomp A"), 1000).ok());
  ASSERT_TRUE(Add(Published("lst_b", "Zorgbed B"), 2000).ok());
  Listing draft = Published("lst_draft", "Concept");
  draft.status = ListingStatus::kDraft;
  ASSERT_TRUE(Add(draft, 10).ok());
  std::vector<SearchCandidate> loaded;
  ASSERT_TRUE(store_
                  ->Read([&](CatalogueTransaction& tx) -> absl::Status {
                    absl::StatusOr<std::vector<SearchCandidate>> page =
                        tx.LoadSearchResults({"lst_b", "lst_draft", "lst_missing", "lst_a"});
                    if (!page.ok()) return page.status();
                    loaded = std::move(*page);
                    return absl::OkStatus();
                  })
                  .ok());
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].listing.id, "lst_b");
  EXPECT_EQ(loaded[0].terms.price.per_hour_cents, 2000);
  ASSERT_TRUE(loaded[0].listing.site.has_value());
  EXPECT_EQ(loaded[0].listing.site->name, "Breda");
  EXPECT_THAT(loaded[0].listing.technologies, ElementsAre("heat-pump"));
  EXPECT_EQ(loaded[0].listing.owner_name, "Censes");
  EXPECT_EQ(loaded[1].listing.id, "lst_a");
}

INSTANTIATE_TEST_SUITE_P(, SearchStoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kPostgres ? "Postgres" : "Sqlite";
                         });

}  // namespace
}  // namespace leerpool::catalogue
