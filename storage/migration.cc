#include "storage/migration.h"

#include <cstddef>

#include "absl/strings/str_cat.h"

namespace leerpool::storage {

absl::Status ValidateMigrations(std::span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    const Migration& migration = migrations[i];
    const int expected = static_cast<int>(i) + 1;
    if (migration.version != expected) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration versions must be 1, 2, 3, ... without gaps; entry ", i,
                       " has version ", migration.version, " where ", expected, " was expected"));
    }
    if (migration.name == nullptr || migration.name[0] == '\0' || migration.sql == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration ", migration.version, " lacks a name or SQL"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckNotNewer(int current, int latest) {
  if (current > latest) {
    return absl::FailedPreconditionError(
        absl::StrCat("database schema version ", current, " is newer than this binary's ", latest));
  }
  return absl::OkStatus();
}

}  // namespace leerpool::storage
