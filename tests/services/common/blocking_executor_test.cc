#include "services/common/blocking_executor.h"

#include <atomic>
#include <chrono>
#include <latch>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace leerpool {
namespace {

using std::chrono::milliseconds;

TEST(BlockingExecutorTest, RunsEveryPostedTaskBeforeItIsDestroyed) {
  std::atomic<int> ran{0};
  {
    BlockingExecutor executor({.max_threads = 3});
    for (int i = 0; i < 1000; ++i) {
      executor.Post([&ran] {
        std::this_thread::sleep_for(std::chrono::microseconds(10));
        ++ran;
      });
    }
  }
  EXPECT_EQ(ran.load(), 1000);
}

TEST(BlockingExecutorTest, TasksThatWaitForEachOtherAllRunAtOnce) {
  // Eight tasks that each wait until all eight have started: they finish only if each got a
  // thread of its own, as callers waiting for one group commit must.
  constexpr int kTasks = 8;
  BlockingExecutor executor({.max_threads = kTasks});
  std::latch all_started(kTasks);
  std::latch all_done(kTasks);
  for (int i = 0; i < kTasks; ++i) {
    executor.Post([&] {
      all_started.arrive_and_wait();
      all_done.count_down();
    });
  }
  all_done.wait();
  EXPECT_EQ(executor.threads(), kTasks);
}

TEST(BlockingExecutorTest, IdleThreadsStillTakeWaitingTasksAfterManyRacingPosts) {
  // Many tiny tasks posted from several threads make busy threads take tasks an idle thread
  // was woken for. Afterwards, tasks that need every thread at once must still all start;
  // when the executor lost count of its idle threads they sat in the queue instead.
  constexpr int kThreads = 8;
  BlockingExecutor executor({.max_threads = kThreads});
  std::atomic<int> ran{0};
  std::vector<std::thread> posters;
  for (int p = 0; p < 4; ++p) {
    posters.emplace_back([&] {
      for (int i = 0; i < 5000; ++i) executor.Post([&ran] { ++ran; });
    });
  }
  for (std::thread& poster : posters) poster.join();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (ran.load() < 20000 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(1));
  }
  ASSERT_EQ(ran.load(), 20000);
  for (int round = 0; round < 20; ++round) {
    std::latch all_started(kThreads);
    std::atomic<int> done{0};
    for (int i = 0; i < kThreads; ++i) {
      executor.Post([&] {
        all_started.arrive_and_wait();
        ++done;
      });
    }
    while (done.load() < kThreads && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(1));
    }
    ASSERT_EQ(done.load(), kThreads) << "round " << round;
  }
}

TEST(BlockingExecutorTest, NeverRunsMoreThreadsThanItsLimit) {
  constexpr int kLimit = 3;
  BlockingExecutor executor({.max_threads = kLimit});
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::latch done(50);
  for (int i = 0; i < 50; ++i) {
    executor.Post([&] {
      const int now = ++running;
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(milliseconds(1));
      --running;
      done.count_down();
    });
  }
  done.wait();
  EXPECT_LE(most.load(), kLimit);
  EXPECT_LE(executor.threads(), kLimit);
}

TEST(BlockingExecutorTest, ReusesIdleThreadsInsteadOfStartingNewOnes) {
  BlockingExecutor executor({.max_threads = 64});
  for (int i = 0; i < 200; ++i) {
    std::latch done(1);
    executor.Post([&done] { done.count_down(); });
    done.wait();
  }
  // One task at a time: the first thread serves them all (a second may have started while
  // the first was between tasks).
  EXPECT_LE(executor.threads(), 2);
}

TEST(BlockingExecutorTest, IdleThreadsEnd) {
  BlockingExecutor executor({.max_threads = 4, .idle_timeout = milliseconds(20)});
  std::latch done(4);
  for (int i = 0; i < 4; ++i) {
    executor.Post([&done] {
      done.count_down();
      done.wait();
    });
  }
  done.wait();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (executor.threads() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  EXPECT_EQ(executor.threads(), 0);
  // And it starts again.
  std::latch again(1);
  executor.Post([&again] { again.count_down(); });
  again.wait();
}

}  // namespace
}  // namespace leerpool
