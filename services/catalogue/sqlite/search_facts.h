#ifndef LEERPOOL_SERVICES_CATALOGUE_SQLITE_SEARCH_FACTS_H_
#define LEERPOOL_SERVICES_CATALOGUE_SQLITE_SEARCH_FACTS_H_

// The search facts of every published listing, kept in memory between searches. Decoding a
// listing row (its joins, JSON columns and tags) cost more than everything else a search does
// per match, and it grew with every match; with the facts in memory a search costs the
// full-text lookup plus a few comparisons per match. The facts are rebuilt from the database
// whenever its search generation (migration 0003) moved, so they are never those of another
// state than the reader's own snapshot.

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "services/catalogue/core/catalogue_store.h"
#include "storage/sqlite.h"

namespace leerpool::catalogue::sqlite_internal {

struct FactsSnapshot {
  int64_t generation = -1;
  // Published listings with current terms.
  std::vector<SearchFacts> facts;
  // listings.seq (the full-text index's rowid) -> index into `facts`.
  std::unordered_map<int64_t, uint32_t> index_by_seq;
  // Every distinct technology, sector and country value (SearchFacts::facet_keys).
  std::vector<FacetKey> facet_values;
};

// Thread-safe; shared by every connection of one store.
class SearchFactsCache {
 public:
  // The facts as of the snapshot of the transaction open on `db`. Facts built inside a
  // transaction that may still write (`remember` false) are not kept: its generation could be
  // rolled back and later name another committed state.
  absl::StatusOr<std::shared_ptr<const FactsSnapshot>> Get(storage::Database& db, bool remember);

 private:
  std::mutex mutex_;
  std::shared_ptr<const FactsSnapshot> latest_;
};

// The query's filters other than its words (SearchQuery's AND-of-ORs).
bool MatchesFilters(const SearchFacts& facts, const SearchQuery& query);

}  // namespace leerpool::catalogue::sqlite_internal

#endif  // LEERPOOL_SERVICES_CATALOGUE_SQLITE_SEARCH_FACTS_H_
