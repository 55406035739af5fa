#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_CATALOGUE_STORE_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_CATALOGUE_STORE_H_

// The catalogue's one way to its stored state. The core states what it needs here; sqlite/
// implements it, and a PostgreSQL implementation can follow without touching the core, so
// nothing in this file may assume a particular database: no SQL, no row ids, no
// engine-specific full-text syntax. Search is one dedicated method taking a structured query,
// so each engine can use its own full-text index.
//
// Every read and write happens inside a unit of work (CatalogueStore::Transact), so a rule
// such as "terms version N+1 follows N" is checked and acted on atomically, and a failed
// operation leaves nothing half-written -- the search index included.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/catalogue/core/model.h"
#include "services/catalogue/core/vocabulary.h"

namespace leerpool::catalogue {

// Where a page ordered by (create time, id) starts: strictly after this pair.
struct CreationCursor {
  absl::Time create_time;
  std::string id;
};

struct ListingFilter {
  // Every owner when empty.
  std::string owner_organization_id;
  // Only these statuses; every status when empty.
  std::vector<ListingStatus> statuses;
};

// One word of a user's search text, already split into its letters-and-digits parts ("e-learning"
// -> {"e", "learning"}). The parts must appear consecutively in a listing's text, the last one
// as a prefix of a word ("warmtepomp" matches "Warmtepompen"). Case and accents are ignored.
// The parts never carry query syntax: an implementation quotes or escapes them.
struct SearchWord {
  std::vector<std::string> parts;
};

// A search over published listings. Within a list any value matches (OR); different fields
// must all match (AND). Empty lists and zero values do not filter.
struct SearchQuery {
  // Every word must match somewhere in a listing's titles, descriptions (both languages), its
  // category's and vocabulary terms' labels (both languages) and codes, or its owner's name.
  std::vector<SearchWord> words;
  std::vector<Category> categories;
  std::vector<std::string> technologies;
  std::vector<std::string> sectors;
  std::vector<std::string> competences;
  std::vector<Audience> audiences;
  // The owner's country ("NL", "BE").
  std::string owner_country;
  int owner_kind = 0;
  // Whether Search ranks every hit. Ranking costs more per match than anything else, so a
  // search that needs ranks only for some matches leaves this off and asks RankHits later.
  bool rank = true;
  // capacity_per_unit >= this.
  int min_capacity_per_unit = 0;
  // Current terms' price.per_hour_cents <= this.
  std::optional<int64_t> max_price_per_hour_cents;
};

// What search needs of a published listing for every match -- to filter by distance, price,
// sort and count facets -- without decoding the whole listing; only the page's listings are
// then loaded in full (LoadSearchResults).
struct SearchFacts {
  // The store's own key of the listing, opaque to the core.
  int64_t row = 0;
  std::string listing_id;
  Category category = Category::kUnspecified;
  // The site's location; absent without a site.
  std::optional<LatLng> location;
  // Set for mobile setups.
  std::optional<double> service_radius_km;
  int capacity_per_unit = 0;
  // The current terms' price.
  Price price;
  std::string owner_country;
  int owner_kind = 0;
  std::vector<std::string> technologies;
  std::vector<std::string> sectors;
  std::vector<std::string> competences;
  std::vector<Audience> audiences;
  // The display title in lower case (ASCII), the title sort's key.
  std::string title_key;
  // Indexes into SearchMatches::facet_values of this listing's technology, sector and country
  // facet values, so counting facets over many matches compares no strings.
  std::vector<uint32_t> facet_keys;
};

// One value of the "technology", "sector" or "country" facet.
struct FacetKey {
  std::string facet;
  std::string value;
};

struct SearchHit {
  // Owned by the SearchMatches it came in.
  const SearchFacts* facts = nullptr;
  // The engine's text relevance; lower is more relevant (SQLite's bm25 convention). 0 when
  // the query has no words or was not ranked.
  double rank = 0;
};

// The matches of a search, in no particular order. The facts may be shared with other
// searches (an implementation can keep them between calls); `keep_alive` owns them.
struct SearchMatches {
  std::shared_ptr<const void> keep_alive;
  std::vector<SearchHit> hits;
  // What SearchFacts::facet_keys index; owned by keep_alive too.
  const std::vector<FacetKey>* facet_values = nullptr;
};

// A published listing of a result page, with its site filled in and its current terms.
struct SearchCandidate {
  Listing listing;
  SharingTerms terms;
};

// Reads and writes inside one transaction. Reads see a consistent snapshot that includes the
// transaction's own writes. Methods fail with:
//   NOT_FOUND       Get*/Update*/Delete* when the row does not exist;
//   ALREADY_EXISTS  Insert* when the key is taken;
//   UNAVAILABLE     the database is busy; INTERNAL anything else.
// After any failed call the caller must abandon the transaction (return the error).
class CatalogueTransaction {
 public:
  virtual ~CatalogueTransaction() = default;

  // ---- Vocabulary
  // Terms of `kind` (every kind when unspecified), ordered by kind then code.
  virtual absl::StatusOr<std::vector<VocabularyTerm>> ListVocabulary(VocabularyKind kind) = 0;
  virtual absl::Status InsertVocabularyTerm(const VocabularyTerm& term) = 0;

  // ---- Owners (copied from the registry). Inserts or replaces; when the name changes, the
  // search index of the owner's listings follows in the same transaction.
  virtual absl::Status UpsertOwner(const OrganizationSummary& owner) = 0;

  // ---- Sites
  virtual absl::StatusOr<Site> GetSite(const std::string& id) = 0;
  virtual absl::Status InsertSite(const Site& site) = 0;
  // Replaces every stored field of the site with the same id (opening hours included).
  virtual absl::Status UpdateSite(const Site& site) = 0;
  // Up to `limit` sites of the owner (every owner when empty) after `after`, ordered by
  // (create time, id).
  virtual absl::StatusOr<std::vector<Site>> ListSites(const std::string& owner_organization_id,
                                                      const std::optional<CreationCursor>& after,
                                                      int limit) = 0;

  // ---- Closures
  virtual absl::Status InsertClosure(const Closure& closure) = 0;
  virtual absl::StatusOr<Closure> GetClosure(const std::string& id) = 0;
  virtual absl::Status DeleteClosure(const std::string& id) = 0;
  // The site's closures (its listings' too) that end after `end_after` (all when unset),
  // ordered by (start time, id).
  virtual absl::StatusOr<std::vector<Closure>> ListClosures(
      const std::string& site_id, const std::optional<absl::Time>& end_after) = 0;

  // ---- Listings. Reads fill in owner_name, owner_country and owner_kind (not `site`).
  // Inserting or updating a listing updates its search index entry in the same transaction.
  virtual absl::StatusOr<Listing> GetListing(const std::string& id) = 0;
  virtual absl::Status InsertListing(const Listing& listing) = 0;
  // Replaces every stored field of the listing with the same id.
  virtual absl::Status UpdateListing(const Listing& listing) = 0;
  // Ordered by (create time, id).
  virtual absl::StatusOr<std::vector<Listing>> ListListings(
      const ListingFilter& filter, const std::optional<CreationCursor>& after, int limit) = 0;

  // ---- Sharing terms: version rows are written once and never changed.
  virtual absl::Status InsertSharingTerms(const SharingTerms& terms) = 0;
  virtual absl::StatusOr<SharingTerms> GetSharingTerms(const std::string& listing_id,
                                                       int version) = 0;

  // ---- Search: every published listing with current terms matching `query`.
  virtual absl::StatusOr<SearchMatches> Search(const SearchQuery& query) = 0;
  // Sets the rank of each of `hits` (from a Search with these words), as Search would with
  // `rank` on.
  virtual absl::Status RankHits(const std::vector<SearchWord>& words,
                                std::vector<SearchHit*>& hits) = 0;
  // The published listings (with current terms) among `ids`, in the order of `ids`; ids that
  // are not (or no longer) published are left out.
  virtual absl::StatusOr<std::vector<SearchCandidate>> LoadSearchResults(
      const std::vector<std::string>& ids) = 0;
};

class CatalogueStore {
 public:
  virtual ~CatalogueStore() = default;

  // Runs `work` in one read-write transaction and commits when it returns OK; when it returns
  // an error (or a store call fails) everything it wrote is rolled back and that error is
  // returned. Transactions are serialisable. Must not be called from inside `work`.
  virtual absl::Status Transact(absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) = 0;

  // Runs `work` on a consistent read-only snapshot; writes inside it fail with INTERNAL.
  virtual absl::Status Read(absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) = 0;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_CATALOGUE_STORE_H_
