// One generated catalogue loaded into both stores (in-memory SQLite and a fresh PostgreSQL
// schema), then the same searches through the core on each: the same listings, in the same
// order, with the same counts, facets, distances, costs and page tokens, page after page. Text
// covers accents, Dutch and English words, vocabulary labels and codes, owners' names and what
// PostgreSQL's own text parser would split differently (e-mail addresses, URLs, "1.5 kW",
// hyphens). Relevance must give the same set; it gives the same order and scores too, as the
// PostgreSQL store computes FTS5's bm25 from the same tokens, and this test holds it to that.

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/postgres/pg_catalogue_store.h"
#include "services/catalogue/sqlite/sqlite_catalogue_store.h"
#include "services/common/clock.h"
#include "storage/postgres.h"
#include "storage/sqlite.h"
#include "tests/services/catalogue/catalogue_test_fixture.h"
#include "tests/storage/pg_test_database.h"

namespace leerpool::catalogue::testing {
namespace {

constexpr int kListings = 240;
const absl::Time kEpoch = absl::FromUnixSeconds(1772445600);

// Words of titles and descriptions: Dutch and English, accented, and tokens a text search
// parser would treat specially.
const std::vector<std::string> kTitleWords = {
    "Warmtepomp",     "Zonnepanelen", "Laadpaal",        "Heftruck",
    "Zorgbed",        "VR-bril",      "Simulator",       "Koeltechniek",
    "Thuisbatterij",  "Vrachtwagen",  "Café-opstelling", "Coöperatie",
    "Réception",      "Één",          "Straße",          "Ærø",
    "e-learning",     "CO₂-meter",    "naïef",           "Zoë",
    "façade",         "Dürer",        "heat pump",       "solar panels",
    "charging point", "forklift",     "care bed",        "training",
    "workshop",       "mobile unit",  "München",         "İstanbul",
    "Ελλάδα",         "東京",         "Warmtepompen"};
const std::vector<std::string> kDescriptionWords = {
    "opstelling",  "leerlingen", "docenten",  "installatie",    "onderhoud",
    "veiligheid",  "praktijk",   "lokaal",    "info@censes.nl", "www.leerpool.nl/vr",
    "1.5",         "kW",         "230V",      "COVID-19",       "A+",
    "l'école",     "o'clock",    "e-mail",    "warmte",         "pomp",
    "pump",        "heat",       "solar",     "panel",          "panels",
    "care",        "zorg",       "simulatie", "simulation",     "réparation",
    "coöperatief", "één",        "een",       "hands-on",       "3D",
    "🔧",           "ß",          "straat",    "Breda",          "Antwerpen",
    "Den-Haag",    "Köln",       "naïve",     "tweeënhalf",     "financiën"};
const std::vector<std::string> kTechnologies = {
    "solar-pv",     "heat-pump",           "home-battery",       "charging-point",
    "electric-car", "electric-truck",      "cooling-technology", "vr-ar",
    "forklift",     "logistics-simulator", "care-simulation"};
const std::vector<std::string> kSectors = {
    "energy-technology", "installation", "vehicle-technology", "logistics", "care", "construction"};
const std::vector<std::string> kCompetences = {"precise-assembly", "installing",
                                               "commissioning",    "maintenance",
                                               "digital-skills",   "collaboration"};

const std::vector<OrganizationSummary> kOwners = {
    {"org_censes", "Censes Éducation", 4, "NL", LatLng{51.589, 4.776}},
    {"org_kwartierz", "Kwartier Z", 7, "BE", LatLng{51.219, 4.402}},
    {"org_curio", "Curio", 1, "NL", LatLng{51.5, 4.3}},
    {"org_truck", "TruckAcademy", 3, "NL", std::nullopt},
    {"org_zorg", "Zorgcoöperatie Zeeland", 5, "NL", LatLng{51.5, 3.6}},
    {"org_gent", "Hogeschool Gent-Brugge", 2, "BE", LatLng{51.05, 3.72}}};

// The catalogue, generated once from a fixed seed: the same rows for both stores.
struct Dataset {
  std::vector<Site> sites;
  std::vector<Listing> listings;
  std::vector<SharingTerms> terms;
};

Dataset Generate() {
  std::mt19937 random(20260303);
  auto pick = [&random](const auto& values) {
    return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(random)];
  };
  auto chance = [&random](double p) { return std::bernoulli_distribution(p)(random); };
  auto uniform = [&random](double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(random);
  };
  auto count = [&random](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  Dataset data;
  for (int i = 0; i < 40; ++i) {
    Site site;
    site.id = absl::StrFormat("sit_%03d", i);
    site.owner_organization_id = kOwners[static_cast<size_t>(i) % kOwners.size()].id;
    site.name = absl::StrCat("Campus ", i);
    site.address = {"Stationsstraat 1", "4811 AA", "Breda", "NL"};
    // The Netherlands and Flanders.
    site.location = LatLng{uniform(50.7, 53.4), uniform(3.3, 7.1)};
    site.time_zone = "Europe/Amsterdam";
    site.opening_hours = {{1, {8, 0}, {17, 0}}};
    site.create_time = site.update_time = kEpoch + absl::Seconds(i);
    data.sites.push_back(site);
  }
  for (int i = 0; i < kListings; ++i) {
    Listing listing;
    listing.id = absl::StrFormat("lst_%03d", i);
    listing.category = static_cast<Category>(count(1, kMaxCategory));
    std::vector<std::string> title;
    for (int w = count(1, 3); w > 0; --w) title.push_back(pick(kTitleWords));
    listing.title_nl = absl::StrJoin(title, " ");
    if (chance(0.5)) listing.title_en = absl::StrCat(pick(kTitleWords), " ", pick(kTitleWords));
    // Some titles differ only in case, so the title order leans on ids.
    if (i % 37 == 0) listing.title_nl = "Gedeelde Titel";
    std::vector<std::string> description;
    for (int w = count(0, 25); w > 0; --w) description.push_back(pick(kDescriptionWords));
    listing.description_nl = absl::StrJoin(description, " ");
    description.clear();
    for (int w = count(0, 10); w > 0; --w) description.push_back(pick(kDescriptionWords));
    listing.description_en = absl::StrJoin(description, ", ");
    listing.unit_count = count(1, 4);
    listing.capacity_per_unit = count(1, 30);
    listing.audiences = {static_cast<Audience>(count(1, kMaxAudience))};
    if (chance(0.4)) listing.audiences.push_back(static_cast<Audience>(count(1, kMaxAudience)));
    listing.languages = {"nl"};
    for (int t = count(0, 2); t > 0; --t) listing.technologies.push_back(pick(kTechnologies));
    for (int t = count(0, 1); t > 0; --t) listing.sectors.push_back(pick(kSectors));
    for (int t = count(0, 2); t > 0; --t) listing.competences.push_back(pick(kCompetences));
    // Tags are a set per listing.
    for (std::vector<std::string>* tags :
         {&listing.technologies, &listing.sectors, &listing.competences}) {
      std::sort(tags->begin(), tags->end());
      tags->erase(std::unique(tags->begin(), tags->end()), tags->end());
    }
    const Site& site = data.sites[static_cast<size_t>(count(0, 39))];
    listing.owner_organization_id = site.owner_organization_id;
    if (listing.category != Category::kELearning || chance(0.3)) listing.site_id = site.id;
    if (listing.category == Category::kMobileSetup) {
      listing.mobile = MobileSetup{uniform(10, 150), 60, 45, uniform(40, 90)};
    }
    const double status = uniform(0, 1);
    listing.status = status < 0.75  ? ListingStatus::kPublished
                     : status < 0.9 ? ListingStatus::kDraft
                                    : ListingStatus::kRetired;
    listing.create_time = listing.update_time = kEpoch + absl::Minutes(i);
    const int versions = listing.status == ListingStatus::kDraft ? count(0, 1) : count(1, 2);
    for (int version = 1; version <= versions; ++version) {
      SharingTerms terms;
      terms.listing_id = listing.id;
      terms.version = version;
      terms.who_may_book.everyone = true;
      // Round prices, so costs tie and the order leans on ids.
      terms.price.per_hour_cents = 500 * count(0, 20);
      terms.price.per_day_cents = 1000 * count(0, 10);
      terms.price.per_learner_cents = 100 * count(0, 5);
      terms.price.per_km_cents = 10 * count(0, 5);
      terms.create_time = listing.create_time;
      terms.created_by_person_id = "per_admin";
      data.terms.push_back(terms);
    }
    listing.terms_version = versions;
    data.listings.push_back(listing);
  }
  return data;
}

// One unit of work per row, as the core writes them.
absl::Status Load(CatalogueStore& store, const Dataset& data) {
  auto each = [&store](auto write) { return store.Transact(write); };
  for (const OrganizationSummary& owner : kOwners) {
    if (absl::Status s = each([&](CatalogueTransaction& tx) { return tx.UpsertOwner(owner); });
        !s.ok()) {
      return s;
    }
  }
  for (const Site& site : data.sites) {
    if (absl::Status s = each([&](CatalogueTransaction& tx) { return tx.InsertSite(site); });
        !s.ok()) {
      return s;
    }
  }
  for (const Listing& listing : data.listings) {
    absl::Status s = each([&](CatalogueTransaction& tx) -> absl::Status {
      if (absl::Status inserted = tx.InsertListing(listing); !inserted.ok()) return inserted;
      for (const SharingTerms& terms : data.terms) {
        if (terms.listing_id != listing.id) continue;
        if (absl::Status added = tx.InsertSharingTerms(terms); !added.ok()) return added;
      }
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
  }
  // A renamed owner: its listings are indexed again under the new name.
  OrganizationSummary renamed = kOwners[1];
  renamed.name = "Kwartier Zuid Simulatiecentrum";
  return each([&](CatalogueTransaction& tx) { return tx.UpsertOwner(renamed); });
}

// Everything a search answers, page after page (at most 40 pages).
struct Outcome {
  absl::StatusCode code = absl::StatusCode::kOk;
  std::string message;
  std::vector<std::string> ids;
  std::map<std::string, double> relevance;
  std::vector<std::string> details;  // distance, cost, travel time per result
  std::vector<std::string> tokens;
  std::vector<std::string> facets;
  int total_count = 0;
};

Outcome RunSearch(Catalogue& catalogue, SearchRequest request) {
  Outcome outcome;
  for (int page = 0; page < 40; ++page) {
    absl::StatusOr<SearchResponse> response =
        catalogue.SearchListings(auth::Caller::Anonymous(), request);
    if (!response.ok()) {
      outcome.code = response.status().code();
      outcome.message = std::string(response.status().message());
      return outcome;
    }
    if (page == 0) {
      outcome.total_count = response->total_count;
      for (const Facet& facet : response->facets) {
        for (const FacetValue& value : facet.values) {
          outcome.facets.push_back(absl::StrCat(facet.name, "=", value.value, ":", value.count));
        }
      }
    }
    for (const SearchResult& result : response->results) {
      outcome.ids.push_back(result.listing.id);
      outcome.relevance[result.listing.id] = result.relevance;
      outcome.details.push_back(
          absl::StrCat(result.listing.id, " ",
                       result.distance_km ? absl::StrFormat("%.17g", *result.distance_km) : "-",
                       " ", result.travel_minutes ? absl::StrCat(*result.travel_minutes) : "-", " ",
                       result.estimated_cost_cents));
    }
    outcome.tokens.push_back(response->next_page_token);
    if (response->next_page_token.empty()) break;
    request.page_token = response->next_page_token;
  }
  return outcome;
}

std::string Describe(const SearchRequest& request) {
  return absl::StrCat("q=\"", request.q, "\" sort=", static_cast<int>(request.sort),
                      " near=", request.near, " within_km=", request.within_km,
                      " page_size=", request.page_size);
}

class BackendEquivalenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LP_PG_TEST_SCHEMA_OR_SKIP(database);
    pg_database_ = std::move(database);
    absl::StatusOr<std::unique_ptr<storage::pg::Pool>> pool =
        storage::pg::Pool::Open({.url = pg_database_->url(), .connections = 2});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pg_pool_ = std::move(*pool);
    {
      absl::StatusOr<storage::pg::Pool::Lease> connection = pg_pool_->Acquire();
      ASSERT_TRUE(connection.ok()) << connection.status();
      const absl::Status migrated = (*connection)->Migrate(PostgresMigrations());
      ASSERT_TRUE(migrated.ok()) << migrated;
    }
    pg_store_ = std::make_unique<PgCatalogueStore>(*pg_pool_);
    absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenCatalogueDatabase({});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    sqlite_store_ = std::make_unique<SqliteCatalogueStore>(*db_);

    data_ = Generate();
    const absl::Time started = absl::Now();
    const absl::Status sqlite_loaded = Load(*sqlite_store_, data_);
    ASSERT_TRUE(sqlite_loaded.ok()) << sqlite_loaded;
    const absl::Time sqlite_done = absl::Now();
    const absl::Status pg_loaded = Load(*pg_store_, data_);
    ASSERT_TRUE(pg_loaded.ok()) << pg_loaded;
    RecordProperty("load_ms_sqlite",
                   absl::StrCat(absl::ToInt64Milliseconds(sqlite_done - started)));
    RecordProperty("load_ms_postgres",
                   absl::StrCat(absl::ToInt64Milliseconds(absl::Now() - sqlite_done)));
    sqlite_ = std::make_unique<Catalogue>(*sqlite_store_, directory_, clock_);
    pg_ = std::make_unique<Catalogue>(*pg_store_, directory_, clock_);
  }

  // The same answer from both, and the number of listings it found (so a test can make sure
  // its searches are not all empty).
  int ExpectSame(const SearchRequest& request) {
    SCOPED_TRACE(Describe(request));
    const absl::Time start = absl::Now();
    const Outcome sqlite = RunSearch(*sqlite_, request);
    const absl::Time middle = absl::Now();
    const Outcome pg = RunSearch(*pg_, request);
    sqlite_time_ += middle - start;
    pg_time_ += absl::Now() - middle;
    EXPECT_EQ(pg.code, sqlite.code) << pg.message << " / " << sqlite.message;
    EXPECT_EQ(pg.total_count, sqlite.total_count);
    EXPECT_EQ(pg.facets, sqlite.facets);
    const bool relevance = request.sort == SearchSort::kRelevance ||
                           (request.sort == SearchSort::kUnspecified && !request.q.empty());
    if (relevance) {
      // What must be equal: the set, and each listing's score.
      EXPECT_THAT(pg.ids, ::testing::UnorderedElementsAreArray(sqlite.ids));
      for (const auto& [id, score] : sqlite.relevance) {
        auto it = pg.relevance.find(id);
        if (it == pg.relevance.end()) continue;
        EXPECT_NEAR(it->second, score, 1e-12 * std::max(1.0, std::abs(score))) << id;
      }
    }
    // For every order, relevance included: the same listings in the same order, page tokens
    // and per-result numbers.
    EXPECT_EQ(pg.ids, sqlite.ids);
    EXPECT_EQ(pg.tokens, sqlite.tokens);
    EXPECT_EQ(pg.details, sqlite.details);
    return sqlite.total_count;
  }

  void TearDown() override {
    if (sqlite_time_ + pg_time_ > absl::ZeroDuration()) {
      std::cout << "searches took " << absl::FormatDuration(sqlite_time_) << " on SQLite, "
                << absl::FormatDuration(pg_time_) << " on PostgreSQL\n";
    }
  }

  absl::Duration sqlite_time_, pg_time_;
  FakeClock clock_{kEpoch + absl::Hours(24 * 30)};
  ::testing::NiceMock<MockPartnerDirectory> directory_;
  std::unique_ptr<leerpool::testing::PgTestDatabase> pg_database_;
  std::unique_ptr<storage::pg::Pool> pg_pool_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<CatalogueStore> pg_store_;
  std::unique_ptr<CatalogueStore> sqlite_store_;
  std::unique_ptr<Catalogue> sqlite_;
  std::unique_ptr<Catalogue> pg_;
  Dataset data_;
};

TEST_F(BackendEquivalenceTest, ListingsReadBackTheSame) {
  for (const Listing& generated : data_.listings) {
    Listing from_sqlite, from_pg;
    ASSERT_TRUE(sqlite_store_
                    ->Read([&](CatalogueTransaction& tx) -> absl::Status {
                      absl::StatusOr<Listing> listing = tx.GetListing(generated.id);
                      if (!listing.ok()) return listing.status();
                      from_sqlite = *listing;
                      return absl::OkStatus();
                    })
                    .ok());
    ASSERT_TRUE(pg_store_
                    ->Read([&](CatalogueTransaction& tx) -> absl::Status {
                      absl::StatusOr<Listing> listing = tx.GetListing(generated.id);
                      if (!listing.ok()) return listing.status();
                      from_pg = *listing;
                      return absl::OkStatus();
                    })
                    .ok());
    EXPECT_EQ(from_pg, from_sqlite) << generated.id;
  }
}

TEST_F(BackendEquivalenceTest, FullTextFindsTheSame) {
  const std::vector<std::string> queries = {
      // Dutch and English words, whole and as prefixes.
      "warmtepomp", "warmte", "Warmtepompen", "heat pump", "heat", "pump", "zorg", "care",
      "simulatie", "simulation", "zonnepanelen", "solar panels", "opstelling leerlingen",
      "training workshop", "w", "e", "zzzz",
      // Accents and case: folded on both sides.
      "cafe", "café", "CAFÉ", "cooperatie", "coöp", "een", "één", "reception", "réparation",
      "naief", "zoe", "facade", "durer", "munchen", "München", "koln", "tweeenhalf", "financien",
      "straße", "strasse", "ærø", "aero", "istanbul", "İstanbul", "ελλάδα", "東京", "co₂", "co2",
      // Vocabulary labels (both languages) and codes; category labels; owners' names.
      "thuisbatterijen", "home batteries", "heat-pump", "vr", "vr/ar", "vr-ar", "care-simulation",
      "elektrische vrachtwagens", "electric trucks", "koeltechniek", "cooling technology",
      "onderhoud op maat", "digital skills", "censes", "éducation", "education", "kwartier zuid",
      "simulatiecentrum", "zorgcoöperatie", "gent-brugge", "gent brugge",
      // What PostgreSQL's own parser would keep whole: addresses, URLs, numbers, hyphens.
      "info@censes.nl", "info", "censes.nl", "nl", "www.leerpool.nl/vr", "leerpool", "1.5", "1",
      "5", "5 kw", "kw", "230v", "covid-19", "covid", "19", "a+", "l'école", "ecole", "o'clock",
      "e-learning", "elearning", "e learning", "e-mail", "hands-on", "on", "3d", "den-haag",
      "den haag haag",
      // Several words: all must match.
      "warmtepomp zorg", "heat pump breda", "café opstelling", "censes warmte",
      // Words without anything the index keeps.
      "🔧", "\xcc\x81", "warmte \xcc\x81"};
  int found = 0;
  for (const std::string& q : queries) {
    found += ExpectSame({.q = q, .sort = SearchSort::kRelevance, .page_size = 20});
    found += ExpectSame({.q = q, .sort = SearchSort::kPrice, .page_size = 40});
  }
  EXPECT_GT(found, 1000) << "the searches must find something";
}

TEST_F(BackendEquivalenceTest, FiltersFacetsAndPagesAreTheSame) {
  std::vector<SearchRequest> requests = {
      {.page_size = 11},
      {.page_size = 100},
      {.categories = {Category::kMobileSetup, Category::kSimulator}, .page_size = 7},
      {.technologies = {"heat-pump"}, .page_size = 5},
      {.technologies = {"heat-pump", "vr-ar"}, .sectors = {"care", "logistics"}},
      {.competences = {"maintenance"}, .audiences = {Audience::kPupils}},
      {.audiences = {Audience::kTeachers, Audience::kTeensOrientation}, .page_size = 13},
      {.country = "be", .page_size = 6},
      {.owner_kind = 4},
      {.max_price_per_hour_cents = 2500, .sort = SearchSort::kPrice, .page_size = 8},
      {.learners = 12, .duration_hours = 6, .sort = SearchSort::kPrice, .page_size = 9},
      {.q = "warmte", .technologies = {"heat-pump"}, .sort = SearchSort::kPrice},
      {.q = "zorg care", .country = "NL", .sort = SearchSort::kRelevance, .page_size = 3},
  };
  int found = 0;
  for (const SearchRequest& request : requests) found += ExpectSame(request);
  EXPECT_GT(found, 200);
}

TEST_F(BackendEquivalenceTest, DistancesAreTheSame) {
  int found = 0;
  for (const char* near : {"51.589,4.776", "52.37,4.89", "50.85,4.35", "53.2,6.56"}) {
    for (double within : {0.0, 5.0, 25.0, 60.0, 150.0}) {
      for (SearchSort sort :
           {SearchSort::kDistance, SearchSort::kPrice, SearchSort::kUnspecified}) {
        SearchRequest request{.near = near, .within_km = within, .sort = sort, .page_size = 25};
        found += ExpectSame(request);
        request.q = "warmte";
        if (sort == SearchSort::kUnspecified) request.sort = SearchSort::kRelevance;
        found += ExpectSame(request);
      }
    }
    // Mobile setups whose service radius reaches the point.
    found += ExpectSame({.near = near, .comes_to_me = true, .page_size = 4});
    found += ExpectSame(
        {.q = "e", .near = near, .comes_to_me = true, .learners = 3, .sort = SearchSort::kPrice});
  }
  EXPECT_GT(found, 500);
}

}  // namespace
}  // namespace leerpool::catalogue::testing
