#ifndef LEERPOOL_SERVICES_REGISTRY_SQLITE_SQLITE_REGISTRY_STORE_H_
#define LEERPOOL_SERVICES_REGISTRY_SQLITE_SQLITE_REGISTRY_STORE_H_

#include <memory>
#include <mutex>
#include <span>

#include "absl/status/statusor.h"
#include "services/registry/core/registry_store.h"
#include "storage/migration.h"
#include "storage/sqlite.h"

namespace leerpool::registry {

// The registry schema's history, embedded from sqlite/migrations/ at build time.
std::span<const storage::Migration> SqliteMigrations();

// Opens (creating and migrating as needed) the registry's SQLite database.
absl::StatusOr<std::unique_ptr<storage::Database>> OpenRegistryDatabase(
    const storage::Options& options);

// RegistryStore on one SQLite connection. Transactions are serialised by a mutex (one
// connection cannot run two at once) and by SQLite's write lock (BEGIN IMMEDIATE) against
// other processes on the same file, so every transaction is serialisable.
class SqliteRegistryStore : public RegistryStore {
 public:
  // `db` must be migrated (OpenRegistryDatabase) and outlive the store.
  explicit SqliteRegistryStore(storage::Database& db) : db_(db) {}

  absl::Status Transact(absl::FunctionRef<absl::Status(RegistryTransaction&)> work) override;
  absl::Status Read(absl::FunctionRef<absl::Status(RegistryTransaction&)> work) override;

 private:
  absl::Status Run(bool read_only, absl::FunctionRef<absl::Status(RegistryTransaction&)> work);

  storage::Database& db_;
  storage::TransactionRunner runner_{db_};
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_SQLITE_SQLITE_REGISTRY_STORE_H_
