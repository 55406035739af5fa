#ifndef LEERPOOL_SERVICES_CATALOGUE_SQLITE_SQLITE_CATALOGUE_STORE_H_
#define LEERPOOL_SERVICES_CATALOGUE_SQLITE_SQLITE_CATALOGUE_STORE_H_

#include <memory>
#include <mutex>
#include <span>

#include "absl/status/statusor.h"
#include "services/catalogue/core/catalogue_store.h"
#include "services/catalogue/sqlite/search_facts.h"
#include "storage/migration.h"
#include "storage/read_pool.h"
#include "storage/sqlite.h"

namespace leerpool::catalogue {

// The catalogue schema's history, embedded from sqlite/migrations/ at build time.
std::span<const storage::Migration> SqliteMigrations();

// Opens (creating and migrating as needed) the catalogue's SQLite database.
absl::StatusOr<std::unique_ptr<storage::Database>> OpenCatalogueDatabase(
    const storage::Options& options);

// CatalogueStore on SQLite. Read-write transactions run on one connection, serialised by a
// mutex (one connection cannot run two at once) and by SQLite's write lock (BEGIN IMMEDIATE)
// against other processes on the same file, so every transaction is serialisable. Read-only
// units of work run on the read pool when there is one (each its own WAL snapshot, in
// parallel), else on that connection too. Full text uses an FTS5 table kept in step with
// listings inside the same transactions; search keeps the facts of published listings in
// memory between calls (sqlite/search_facts.h).
class SqliteCatalogueStore : public CatalogueStore {
 public:
  // `db` must be migrated (OpenCatalogueDatabase) and outlive the store, and so must `reads`
  // (read-only connections to the same file) when given.
  explicit SqliteCatalogueStore(storage::Database& db, storage::ReadPool* reads = nullptr)
      : db_(db), reads_(reads) {}

  absl::Status Transact(absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) override;
  absl::Status Read(absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) override;

 private:
  absl::Status Run(bool read_only, absl::FunctionRef<absl::Status(CatalogueTransaction&)> work);

  storage::Database& db_;
  storage::ReadPool* reads_;
  storage::TransactionRunner runner_{db_};
  sqlite_internal::SearchFactsCache facts_;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_SQLITE_SQLITE_CATALOGUE_STORE_H_
