#include "storage/read_pool.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace leerpool::storage {

absl::StatusOr<std::unique_ptr<ReadPool>> ReadPool::Open(const Options& options, int size) {
  if (size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("read pool size must be at least 1, not ", size));
  }
  if (options.path.empty() || options.path == ":memory:") {
    return absl::InvalidArgumentError(
        "a read pool needs a database file; an in-memory database exists only in its one "
        "connection");
  }
  Options read_options = options;
  read_options.read_only = true;
  std::vector<std::unique_ptr<Database>> connections;
  for (int i = 0; i < size; ++i) {
    LP_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(read_options));
    connections.push_back(std::move(db));
  }
  return std::unique_ptr<ReadPool>(new ReadPool(std::move(connections)));
}

ReadPool::ReadPool(std::vector<std::unique_ptr<Database>> connections)
    : connections_(std::move(connections)) {
  for (size_t i = 0; i < connections_.size(); ++i) free_.push_back(i);
}

absl::Status ReadPool::Run(absl::FunctionRef<absl::Status(Database&)> work) {
  thread_local const ReadPool* active = nullptr;
  if (active == this) {
    return absl::InternalError("a read was started inside another read of the same pool");
  }
  size_t index = 0;
  {
    std::unique_lock lock(mutex_);
    released_.wait(lock, [this] { return !free_.empty(); });
    index = free_.back();
    free_.pop_back();
  }
  active = this;
  struct Release {
    ReadPool* pool;
    size_t index;
    ~Release() {
      active = nullptr;
      {
        std::lock_guard lock(pool->mutex_);
        pool->free_.push_back(index);
      }
      pool->released_.notify_one();
    }
  } release{this, index};
  Database& db = *connections_[index];
  LP_ASSIGN_OR_RETURN(Transaction transaction,
                      Transaction::Begin(db, Transaction::Mode::kDeferred));
  LP_RETURN_IF_ERROR(work(db));
  return transaction.Commit();
}

}  // namespace leerpool::storage
