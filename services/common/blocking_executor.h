#ifndef LEERPOOL_SERVICES_COMMON_BLOCKING_EXECUTOR_H_
#define LEERPOOL_SERVICES_COMMON_BLOCKING_EXECUTOR_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

namespace leerpool {

struct BlockingExecutorOptions {
  // Most threads at once; tasks posted beyond them wait in order.
  int max_threads = 256;
  // A thread with nothing to do for this long ends, so a burst leaves no crowd behind.
  std::chrono::milliseconds idle_timeout{30000};
};

// Runs posted tasks on threads of its own, for work that blocks: a gRPC callback handler posts
// here whatever waits (a store's group commit, a call to another service), because gRPC runs
// callbacks on a few threads of its own, where a wait holds up every other call. Unlike gRPC's
// synchronous server, which starts and ends a thread around nearly every call whose handler
// waits, the threads here are kept while work keeps coming: a new thread starts only when a
// task finds every thread busy. Thread-safe. The destructor runs every task already posted and
// waits for the threads to end.
class BlockingExecutor {
 public:
  explicit BlockingExecutor(BlockingExecutorOptions options = {});
  ~BlockingExecutor();
  BlockingExecutor(const BlockingExecutor&) = delete;
  BlockingExecutor& operator=(const BlockingExecutor&) = delete;

  void Post(std::function<void()> task);

  // Threads running now, for tests and metrics.
  int threads() const;

 private:
  void Work();

  BlockingExecutorOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable ended_;
  std::deque<std::function<void()>> tasks_;
  int threads_ = 0;
  int idle_ = 0;             // threads waiting for a task
  int wakeups_pending_ = 0;  // of those, woken for a task but not yet running
  bool stopping_ = false;
};

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_BLOCKING_EXECUTOR_H_
