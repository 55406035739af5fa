#ifndef LEERPOOL_SERVICES_CATALOGUE_STORE_SEARCH_FACTS_H_
#define LEERPOOL_SERVICES_CATALOGUE_STORE_SEARCH_FACTS_H_

// The search facts of every published listing, kept in memory between searches, shared by the
// SQLite and PostgreSQL stores (neither SQL nor a database here: each store reads the rows its
// own way and hands them to a FactsBuilder). Decoding a listing row (its joins, JSON columns
// and tags) cost more than everything else a search does per match, and it grew with every
// match; with the facts in memory a search costs the full-text lookup plus a few comparisons
// per match. The facts are rebuilt whenever the database's search generation (migration 0003
// on both backends) moved, so they are never those of another state than the reader's own
// snapshot.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "services/catalogue/core/catalogue_store.h"

namespace leerpool::catalogue::store_internal {

struct FactsSnapshot {
  int64_t generation = -1;
  // Published listings with current terms.
  std::vector<SearchFacts> facts;
  // SearchFacts::row (the full-text index's key) -> index into `facts`.
  std::unordered_map<int64_t, uint32_t> index_by_row;
  // Every distinct technology, sector and country value (SearchFacts::facet_keys).
  std::vector<FacetKey> facet_values;
};

// Assembles a snapshot from a store's rows: first every published listing, then the tags.
class FactsBuilder {
 public:
  explicit FactsBuilder(int64_t generation);

  // `facts` without tags, facet keys and title key; `title_nl`/`title_en` give the title key.
  void AddListing(SearchFacts facts, const std::string& title_nl, const std::string& title_en);
  // One tag of the listing with that row, in the owner's order; ignored for other rows.
  void AddTag(int64_t row, const std::string& code, VocabularyKind kind);
  std::shared_ptr<const FactsSnapshot> Finish();

 private:
  uint32_t Key(const char* facet, const std::string& value);

  std::shared_ptr<FactsSnapshot> snapshot_;
  std::map<std::pair<std::string, std::string>, uint32_t> keys_;
};

// Thread-safe; shared by every connection of one store.
class SearchFactsCache {
 public:
  // The facts of `generation` (read in the caller's transaction), built by `build` unless
  // they are at hand. Facts built inside a transaction that may still write (`remember`
  // false) are not kept: its generation could be rolled back and later name another
  // committed state.
  absl::StatusOr<std::shared_ptr<const FactsSnapshot>> Get(
      int64_t generation, bool remember,
      absl::FunctionRef<absl::StatusOr<std::shared_ptr<const FactsSnapshot>>()> build);

 private:
  std::mutex mutex_;
  std::shared_ptr<const FactsSnapshot> latest_;
};

// The query's filters other than its words (SearchQuery's AND-of-ORs).
bool MatchesFilters(const SearchFacts& facts, const SearchQuery& query);

}  // namespace leerpool::catalogue::store_internal

#endif  // LEERPOOL_SERVICES_CATALOGUE_STORE_SEARCH_FACTS_H_
