#ifndef LEERPOOL_TESTS_STORAGE_TEST_UTIL_H_
#define LEERPOOL_TESTS_STORAGE_TEST_UTIL_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "storage/sqlite.h"

#define LP_TEST_CONCAT_INNER(a, b) a##b
#define LP_TEST_CONCAT(a, b) LP_TEST_CONCAT_INNER(a, b)

#define ASSERT_OK(expr)                                   \
  do {                                                    \
    const ::absl::Status lp_test_status_ = (expr);        \
    ASSERT_TRUE(lp_test_status_.ok()) << lp_test_status_; \
  } while (false)

#define EXPECT_OK(expr)                                   \
  do {                                                    \
    const ::absl::Status lp_test_status_ = (expr);        \
    EXPECT_TRUE(lp_test_status_.ok()) << lp_test_status_; \
  } while (false)

#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(LP_TEST_CONCAT(lp_test_statusor_, __LINE__), lhs, expr)

#define ASSERT_OK_AND_ASSIGN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                              \
  ASSERT_TRUE(statusor.ok()) << statusor.status();     \
  lhs = std::move(statusor).value()

namespace leerpool::storage::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
// The pid and a counter keep parallel ctest processes and repeated fixtures apart.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ =
        std::filesystem::temp_directory_path() /
        ("leerpool_storage_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
    std::filesystem::create_directories(path_, ec);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(std::string_view name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline bool MessageContains(const absl::Status& status, std::string_view needle) {
  return std::string(status.message()).find(needle) != std::string::npos;
}

inline std::unique_ptr<Database> OpenOrDie(const Options& options) {
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? std::move(*db) : nullptr;
}

inline std::unique_ptr<Database> OpenOrDie(const std::string& path) {
  Options options;
  options.path = path;
  return OpenOrDie(options);
}

// Runs a query that yields one integer (COUNT(*), a pragma, ...).
inline int64_t QueryInt(Database& db, std::string_view sql) {
  absl::StatusOr<Statement> stmt = db.Prepare(sql);
  EXPECT_TRUE(stmt.ok()) << stmt.status();
  if (!stmt.ok()) return -1;
  absl::StatusOr<bool> row = stmt->Step();
  EXPECT_TRUE(row.ok()) << row.status();
  EXPECT_TRUE(row.ok() && *row) << sql << " returned no row";
  return row.ok() && *row ? stmt->Int(0) : -1;
}

inline std::string QueryText(Database& db, std::string_view sql) {
  absl::StatusOr<Statement> stmt = db.Prepare(sql);
  EXPECT_TRUE(stmt.ok()) << stmt.status();
  if (!stmt.ok()) return "";
  absl::StatusOr<bool> row = stmt->Step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return row.ok() && *row ? stmt->Text(0) : "";
}

inline bool TableExists(Database& db, std::string_view table) {
  absl::StatusOr<Statement> stmt =
      db.Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  EXPECT_TRUE(stmt.ok()) << stmt.status();
  if (!stmt.ok()) return false;
  absl::StatusOr<bool> row = stmt->Bind(1, table).Step();
  EXPECT_TRUE(row.ok()) << row.status();
  return row.ok() && *row;
}

}  // namespace leerpool::storage::testing

#endif  // LEERPOOL_TESTS_STORAGE_TEST_UTIL_H_
