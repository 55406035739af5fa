#ifndef LEERPOOL_STORAGE_MIGRATION_H_
#define LEERPOOL_STORAGE_MIGRATION_H_

#include <span>

#include "absl/status/status.h"

namespace leerpool::storage {

// One step of a service's schema history. Versions start at 1 and increase by one; a
// migration is applied exactly once, in its own transaction, at start-up.
struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// Shared by every backend's migration runner.
// INVALID_ARGUMENT unless versions run 1, 2, 3, ... and each has a name and SQL.
absl::Status ValidateMigrations(std::span<const Migration> migrations);
// FAILED_PRECONDITION when the database was migrated by a newer binary (`current` > `latest`).
absl::Status CheckNotNewer(int current, int latest);

}  // namespace leerpool::storage

#endif  // LEERPOOL_STORAGE_MIGRATION_H_
