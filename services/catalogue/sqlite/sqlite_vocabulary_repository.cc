#include "services/catalogue/sqlite/sqlite_vocabulary_repository.h"

#include "services/common/status_macros.h"

namespace leerpool::catalogue {

absl::StatusOr<std::unique_ptr<storage::Database>> OpenCatalogueDatabase(
    const storage::Options& options) {
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> db, storage::Database::Open(options));
  LP_RETURN_IF_ERROR(db->Migrate(SqliteMigrations()));
  return db;
}

absl::StatusOr<std::vector<VocabularyTerm>> SqliteVocabularyRepository::List(VocabularyKind kind) {
  std::lock_guard lock(mutex_);
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      db_.Prepare("SELECT code, kind, label_nl, label_en FROM vocabulary_terms "
                                  "WHERE ?1 = 0 OR kind = ?1 ORDER BY kind, code"));
  select.Bind(1, static_cast<int>(kind));
  std::vector<VocabularyTerm> terms;
  while (true) {
    LP_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) break;
    terms.push_back({select.Text(0), static_cast<VocabularyKind>(select.Int(1)), select.Text(2),
                     select.Text(3)});
  }
  return terms;
}

}  // namespace leerpool::catalogue
