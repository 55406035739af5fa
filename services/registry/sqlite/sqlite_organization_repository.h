#ifndef LEERPOOL_SERVICES_REGISTRY_SQLITE_SQLITE_ORGANIZATION_REPOSITORY_H_
#define LEERPOOL_SERVICES_REGISTRY_SQLITE_SQLITE_ORGANIZATION_REPOSITORY_H_

#include <memory>
#include <mutex>
#include <span>

#include "services/registry/core/organization_repository.h"
#include "storage/migration.h"
#include "storage/sqlite.h"

namespace leerpool::registry {

// The registry schema's history, embedded from sqlite/migrations/ at build time.
std::span<const storage::Migration> SqliteMigrations();

// Opens (creating and migrating as needed) the registry's SQLite database.
absl::StatusOr<std::unique_ptr<storage::Database>> OpenRegistryDatabase(
    const storage::Options& options);

class SqliteOrganizationRepository : public OrganizationRepository {
 public:
  // `db` must outlive the repository; the repository serialises its use of it.
  SqliteOrganizationRepository(storage::Database& db, std::mutex& db_mutex)
      : db_(db), mutex_(db_mutex) {}

  absl::Status Create(const Organization& organization) override;
  absl::StatusOr<Organization> Get(const std::string& id) override;
  absl::StatusOr<std::vector<Organization>> List(const OrganizationFilter& filter,
                                                 const std::optional<OrganizationCursor>& after,
                                                 int limit) override;
  absl::Status Update(const Organization& organization) override;

 private:
  storage::Database& db_;
  std::mutex& mutex_;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_SQLITE_SQLITE_ORGANIZATION_REPOSITORY_H_
