#include "services/common/blocking_executor.h"

#include <algorithm>
#include <thread>
#include <utility>

namespace leerpool {

BlockingExecutor::BlockingExecutor(BlockingExecutorOptions options) : options_(options) {
  options_.max_threads = std::max(1, options_.max_threads);
}

BlockingExecutor::~BlockingExecutor() {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  wake_.notify_all();
  ended_.wait(lock, [this] { return threads_ == 0; });
}

void BlockingExecutor::Post(std::function<void()> task) {
  std::lock_guard lock(mutex_);
  tasks_.push_back(std::move(task));
  // Every queued task runs in any case: a waiting thread is woken, and a busy one looks at the
  // queue before it waits. The counts only decide whether the task starts now or after one.
  if (idle_ > wakeups_pending_) {
    ++wakeups_pending_;
    wake_.notify_one();
  } else if (threads_ < options_.max_threads) {
    ++threads_;
    std::thread([this] { Work(); }).detach();
  }
}

int BlockingExecutor::threads() const {
  std::lock_guard lock(mutex_);
  return threads_;
}

void BlockingExecutor::Work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!tasks_.empty()) {
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      task = nullptr;  // whatever it holds is released outside the lock
      lock.lock();
      continue;
    }
    if (stopping_) break;
    ++idle_;
    // Without a predicate: a thread woken for a task that a busy thread took first must still
    // give back its wake-up, or the count of pending ones would only grow.
    const bool timed_out = wake_.wait_for(lock, options_.idle_timeout) == std::cv_status::timeout;
    --idle_;
    if (wakeups_pending_ > 0) --wakeups_pending_;
    if (timed_out && tasks_.empty() && !stopping_) break;  // nothing to do for a whole timeout
  }
  if (--threads_ == 0) ended_.notify_all();
}

}  // namespace leerpool
