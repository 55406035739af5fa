#include "storage/wal_checkpointer.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "storage/sqlite.h"
#include "tests/storage/test_util.h"

namespace leerpool::storage {
namespace {

using ::leerpool::storage::testing::TempDir;
using namespace std::chrono_literals;

constexpr int64_t kPageSize = 4096;

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.path = (dir_.path() / "wal.db").string();
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options_);
    ASSERT_TRUE(db.ok()) << db.status();
    writer_ = std::move(*db);
    ASSERT_OK(writer_->Execute("PRAGMA page_size=4096; CREATE TABLE t (v BLOB)"));
  }

  // One commit of about one page of new data per call.
  void Commit(int commits) {
    for (int i = 0; i < commits; ++i) {
      absl::StatusOr<Statement> insert = writer_->Prepare("INSERT INTO t VALUES (zeroblob(3500))");
      ASSERT_TRUE(insert.ok()) << insert.status();
      ASSERT_OK(insert->Run());
    }
  }

  int64_t WalPages() const {
    std::error_code error;
    const auto size = std::filesystem::file_size(options_.path + "-wal", error);
    return error ? 0 : static_cast<int64_t>(size) / kPageSize;
  }

  int64_t Rows(Database& db) {
    absl::StatusOr<Statement> count = db.Prepare("SELECT count(*) FROM t");
    if (!count.ok() || !count->Step().value_or(false)) return -1;
    return count->Int(0);
  }

  TempDir dir_;
  Options options_;
  std::unique_ptr<Database> writer_;
};

TEST_F(WalCheckpointerTest, CheckpointsOnItsOwnThreadAndTheWalStartsOver) {
  absl::StatusOr<std::unique_ptr<WalCheckpointer>> checkpointer = WalCheckpointer::Start(
      *writer_,
      {.background_frames = 50, .inline_frames = 1000000, .idle_interval = absl::Milliseconds(10)});
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
  // 2,000 commits of a page or more each, in rounds with a pause between them. Without
  // checkpoints (the hook replaced the writer's autocheckpoint) the WAL would grow past 2,000
  // pages. A passive checkpoint beside a steady stream of commits never finishes the whole WAL;
  // the one after a pause does, and the next commit starts the WAL over.
  for (int round = 0; round < 40; ++round) {
    Commit(50);
    int64_t seen = -1;
    for (int wait = 0; wait < 40 && (*checkpointer)->background_checkpoints() != seen; ++wait) {
      seen = (*checkpointer)->background_checkpoints();
      std::this_thread::sleep_for(50ms);
    }
  }
  EXPECT_GE((*checkpointer)->background_checkpoints(), 10);
  EXPECT_EQ((*checkpointer)->inline_checkpoints(), 0);
  EXPECT_LT(WalPages(), 1000);
  checkpointer->reset();

  // Everything committed is there, read through a new connection.
  absl::StatusOr<std::unique_ptr<Database>> reader = Database::Open(options_);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(Rows(**reader), 2000);
}

TEST_F(WalCheckpointerTest, TheWriterCheckpointsItselfPastTheInlineLimit) {
  absl::StatusOr<std::unique_ptr<WalCheckpointer>> checkpointer =
      WalCheckpointer::Start(*writer_, {.background_frames = 50, .inline_frames = 50});
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
  Commit(500);
  EXPECT_GE((*checkpointer)->inline_checkpoints(), 5);
  EXPECT_EQ((*checkpointer)->background_checkpoints(), 0);
  EXPECT_LT(WalPages(), 200);
}

TEST_F(WalCheckpointerTest, StoppingGivesTheWriterItsAutocheckpointBack) {
  {
    absl::StatusOr<std::unique_ptr<WalCheckpointer>> checkpointer =
        WalCheckpointer::Start(*writer_);
    ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
    Commit(10);
  }
  // SQLite's own autocheckpoint (every 1,000 frames) keeps the WAL from growing to 3,000 pages.
  Commit(3000);
  EXPECT_LT(WalPages(), 2000);
  EXPECT_EQ(Rows(*writer_), 3010);
}

TEST_F(WalCheckpointerTest, RefusesAnInMemoryDatabase) {
  absl::StatusOr<std::unique_ptr<Database>> memory = Database::Open(Options{});
  ASSERT_TRUE(memory.ok()) << memory.status();
  absl::StatusOr<std::unique_ptr<WalCheckpointer>> checkpointer = WalCheckpointer::Start(**memory);
  EXPECT_EQ(checkpointer.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace leerpool::storage
