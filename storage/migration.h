#ifndef LEERPOOL_STORAGE_MIGRATION_H_
#define LEERPOOL_STORAGE_MIGRATION_H_

namespace leerpool::storage {

// One step of a service's schema history. Versions start at 1 and increase by one; a
// migration is applied exactly once, in its own transaction, at start-up.
struct Migration {
  int version;
  const char* name;
  const char* sql;
};

}  // namespace leerpool::storage

#endif  // LEERPOOL_STORAGE_MIGRATION_H_
