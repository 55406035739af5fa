#ifndef LEERPOOL_SERVICES_CATALOGUE_SQLITE_SEARCH_FACTS_H_
#define LEERPOOL_SERVICES_CATALOGUE_SQLITE_SEARCH_FACTS_H_

// The SQLite side of the search facts kept in memory between searches
// (services/catalogue/store/search_facts.h): reading the generation and the rows.

#include <memory>

#include "absl/status/statusor.h"
#include "services/catalogue/store/search_facts.h"
#include "storage/sqlite.h"

namespace leerpool::catalogue::sqlite_internal {

using store_internal::FactsSnapshot;
using store_internal::MatchesFilters;

// Thread-safe; shared by every connection of one store.
class SearchFactsCache {
 public:
  // The facts as of the snapshot of the transaction open on `db`. Facts built inside a
  // transaction that may still write (`remember` false) are not kept: its generation could be
  // rolled back and later name another committed state.
  absl::StatusOr<std::shared_ptr<const FactsSnapshot>> Get(storage::Database& db, bool remember);

 private:
  store_internal::SearchFactsCache cache_;
};

}  // namespace leerpool::catalogue::sqlite_internal

#endif  // LEERPOOL_SERVICES_CATALOGUE_SQLITE_SEARCH_FACTS_H_
