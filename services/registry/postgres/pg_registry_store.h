#ifndef LEERPOOL_SERVICES_REGISTRY_POSTGRES_PG_REGISTRY_STORE_H_
#define LEERPOOL_SERVICES_REGISTRY_POSTGRES_PG_REGISTRY_STORE_H_

#include <memory>
#include <span>

#include "absl/status/statusor.h"
#include "services/registry/core/registry_store.h"
#include "storage/migration.h"
#include "storage/postgres.h"

namespace leerpool::registry {

// The registry schema's history for PostgreSQL, embedded from postgres/migrations/ at build
// time: the same versions and names as SqliteMigrations(), written for PostgreSQL.
std::span<const storage::Migration> PostgresMigrations();

// Connects a pool to the registry's PostgreSQL database and migrates it. UNAVAILABLE, naming
// the server, when it cannot be reached.
absl::StatusOr<std::unique_ptr<storage::pg::Pool>> OpenRegistryPostgres(
    const storage::pg::Options& options);

// RegistryStore on a pool of PostgreSQL connections. Each unit of work runs in its own
// SERIALIZABLE transaction (pg::TransactionRunner), so a rule checked inside one still holds
// when it commits; a unit that loses a serialization conflict is run again from the start,
// which the core allows (its units keep their effects inside the transaction). Unlike
// SqliteRegistryStore, units of work run concurrently, on as many connections as the pool has.
class PgRegistryStore : public RegistryStore {
 public:
  // `pool` must be migrated (OpenRegistryPostgres) and outlive the store.
  explicit PgRegistryStore(storage::pg::Pool& pool) : runner_(pool) {}

  absl::Status Transact(absl::FunctionRef<absl::Status(RegistryTransaction&)> work) override;
  absl::Status Read(absl::FunctionRef<absl::Status(RegistryTransaction&)> work) override;

 private:
  absl::Status Run(bool read_only, absl::FunctionRef<absl::Status(RegistryTransaction&)> work);

  storage::pg::TransactionRunner runner_;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_POSTGRES_PG_REGISTRY_STORE_H_
