#ifndef LEERPOOL_SERVICES_CATALOGUE_SQLITE_SQLITE_VOCABULARY_REPOSITORY_H_
#define LEERPOOL_SERVICES_CATALOGUE_SQLITE_SQLITE_VOCABULARY_REPOSITORY_H_

#include <memory>
#include <mutex>
#include <span>

#include "services/catalogue/core/vocabulary.h"
#include "storage/migration.h"
#include "storage/sqlite.h"

namespace leerpool::catalogue {

std::span<const storage::Migration> SqliteMigrations();

absl::StatusOr<std::unique_ptr<storage::Database>> OpenCatalogueDatabase(
    const storage::Options& options);

class SqliteVocabularyRepository : public VocabularyRepository {
 public:
  SqliteVocabularyRepository(storage::Database& db, std::mutex& db_mutex)
      : db_(db), mutex_(db_mutex) {}
  absl::StatusOr<std::vector<VocabularyTerm>> List(VocabularyKind kind) override;

 private:
  storage::Database& db_;
  std::mutex& mutex_;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_SQLITE_SQLITE_VOCABULARY_REPOSITORY_H_
