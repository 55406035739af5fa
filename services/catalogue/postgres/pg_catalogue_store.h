#ifndef LEERPOOL_SERVICES_CATALOGUE_POSTGRES_PG_CATALOGUE_STORE_H_
#define LEERPOOL_SERVICES_CATALOGUE_POSTGRES_PG_CATALOGUE_STORE_H_

#include <span>

#include "services/catalogue/core/catalogue_store.h"
#include "services/catalogue/store/search_facts.h"
#include "storage/migration.h"
#include "storage/postgres.h"

namespace leerpool::catalogue {

// The catalogue schema's history on PostgreSQL, embedded from postgres/migrations/ (the same
// versions and names as sqlite/migrations/).
std::span<const storage::Migration> PostgresMigrations();

// CatalogueStore on PostgreSQL. Every unit of work is one SERIALIZABLE transaction on a pooled
// connection (storage::pg::TransactionRunner, which reruns it after a serialization failure),
// read-only ones as READ ONLY transactions, so many replicas can share the database with the
// same all-or-nothing meaning as SQLite's single writer. Full text gives the same matches and
// the same bm25 ranks as the SQLite store (postgres/pg_search_text.h); search keeps the facts
// of published listings in memory between calls as the SQLite store does
// (store/search_facts.h), keyed by the same trigger-maintained search generation.
class PgCatalogueStore : public CatalogueStore {
 public:
  // The schema must be migrated (PostgresMigrations); `pool` must outlive the store.
  explicit PgCatalogueStore(storage::pg::Pool& pool) : runner_(pool) {}

  absl::Status Transact(absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) override;
  absl::Status Read(absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) override;

 private:
  absl::Status Run(bool read_only, absl::FunctionRef<absl::Status(CatalogueTransaction&)> work);

  storage::pg::TransactionRunner runner_;
  store_internal::SearchFactsCache facts_;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_POSTGRES_PG_CATALOGUE_STORE_H_
