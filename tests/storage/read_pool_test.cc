#include "storage/read_pool.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "storage/sqlite.h"
#include "tests/storage/test_util.h"

namespace leerpool::storage {
namespace {

using ::leerpool::storage::testing::TempDir;
using namespace std::chrono_literals;

class ReadPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.path = (dir_.path() / "pool.db").string();
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options_);
    ASSERT_TRUE(db.ok()) << db.status();
    writer_ = std::move(*db);
    ASSERT_TRUE(writer_->Execute("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);").ok());
  }

  static int64_t Count(Database& db) {
    absl::StatusOr<Statement> select = db.Prepare("SELECT count(*) FROM t");
    if (!select.ok()) return -1;
    absl::StatusOr<bool> row = select->Step();
    return row.ok() && *row ? select->Int(0) : -1;
  }

  TempDir dir_;
  Options options_;
  std::unique_ptr<Database> writer_;
};

TEST_F(ReadPoolTest, NeedsAFileAndAtLeastOneConnection) {
  EXPECT_EQ(ReadPool::Open(Options{}, 2).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadPool::Open(options_, 0).status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::unique_ptr<ReadPool>> pool = ReadPool::Open(options_, 3);
  ASSERT_TRUE(pool.ok()) << pool.status();
  EXPECT_EQ((*pool)->size(), 3);
}

TEST_F(ReadPoolTest, ReadsWhatWasCommittedAndCannotWrite) {
  absl::StatusOr<std::unique_ptr<ReadPool>> pool = ReadPool::Open(options_, 2);
  ASSERT_TRUE(pool.ok()) << pool.status();
  ASSERT_TRUE(writer_->Execute("INSERT INTO t VALUES (2)").ok());
  int64_t count = 0;
  ASSERT_TRUE((*pool)
                  ->Run([&](Database& db) {
                    count = Count(db);
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(count, 2);
  const absl::Status write =
      (*pool)->Run([](Database& db) { return db.Execute("INSERT INTO t VALUES (3)"); });
  EXPECT_FALSE(write.ok());
  EXPECT_EQ(Count(*writer_), 2);
}

TEST_F(ReadPoolTest, ARunSeesOneSnapshotWhileTheWriterCommits) {
  absl::StatusOr<std::unique_ptr<ReadPool>> pool = ReadPool::Open(options_, 1);
  ASSERT_TRUE(pool.ok()) << pool.status();
  int64_t before = 0, after = 0;
  ASSERT_TRUE((*pool)
                  ->Run([&](Database& db) {
                    before = Count(db);
                    // Not blocked by the reader (WAL), and not seen by it.
                    EXPECT_TRUE(writer_->Execute("INSERT INTO t VALUES (2)").ok());
                    after = Count(db);
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(before, 1);
  EXPECT_EQ(after, 1);
  ASSERT_TRUE((*pool)
                  ->Run([&](Database& db) {
                    after = Count(db);
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(after, 2);
}

TEST_F(ReadPoolTest, RunsUpToItsSizeAtOnceAndQueuesTheRest) {
  constexpr int kSize = 3;
  constexpr int kThreads = 6;
  absl::StatusOr<std::unique_ptr<ReadPool>> pool = ReadPool::Open(options_, kSize);
  ASSERT_TRUE(pool.ok()) << pool.status();
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      const absl::Status status = (*pool)->Run([&](Database& db) {
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        // Long enough for the other threads to arrive while this one holds its connection.
        std::this_thread::sleep_for(100ms);
        if (Count(db) != 1) ++failures;
        --inside;
        return absl::OkStatus();
      });
      if (!status.ok()) ++failures;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  // Parallel (one connection would give 1), never more than the pool has.
  EXPECT_GT(most.load(), 1);
  EXPECT_LE(most.load(), kSize);
}

TEST_F(ReadPoolTest, ARunInsideARunOfTheSamePoolIsAnError) {
  absl::StatusOr<std::unique_ptr<ReadPool>> pool = ReadPool::Open(options_, 2);
  ASSERT_TRUE(pool.ok()) << pool.status();
  absl::Status inner;
  ASSERT_TRUE((*pool)
                  ->Run([&](Database&) {
                    inner = (*pool)->Run([](Database&) { return absl::OkStatus(); });
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(inner.code(), absl::StatusCode::kInternal);
  // The connection went back: the pool still serves.
  EXPECT_TRUE((*pool)->Run([](Database&) { return absl::OkStatus(); }).ok());
}

TEST_F(ReadPoolTest, AFailedRunReturnsItsErrorAndItsConnection) {
  absl::StatusOr<std::unique_ptr<ReadPool>> pool = ReadPool::Open(options_, 1);
  ASSERT_TRUE(pool.ok()) << pool.status();
  EXPECT_EQ((*pool)->Run([](Database&) { return absl::NotFoundError("x"); }).code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE((*pool)->Run([](Database&) { return absl::OkStatus(); }).ok());
}

}  // namespace
}  // namespace leerpool::storage
