#ifndef LEERPOOL_STORAGE_READ_POOL_H_
#define LEERPOOL_STORAGE_READ_POOL_H_

// Read-only connections for a service's read-only units of work. One SQLite connection runs
// one transaction at a time, so readers sharing the writer's connection queue behind each
// other and behind every write; in WAL mode separate connections read in parallel, each on
// its own consistent snapshot, without blocking the writer or being blocked by it.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite.h"

namespace leerpool::storage {

class ReadPool {
 public:
  // Opens `size` read-only connections to `options.path`, which must be a file database that
  // a read-write connection has already opened (WAL) and migrated. INVALID_ARGUMENT for
  // ":memory:" (private to its one connection) or a size below 1.
  static absl::StatusOr<std::unique_ptr<ReadPool>> Open(const Options& options, int size);
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  // Runs `work` on a free connection inside a DEFERRED transaction (one snapshot for all of
  // it), waiting while every connection is busy. The transaction always ends before Run
  // returns, so no snapshot outlives the call and holds back checkpoints. A Run inside
  // another Run of the same pool on the same thread fails with INTERNAL instead of risking a
  // deadlock once the pool is exhausted.
  absl::Status Run(absl::FunctionRef<absl::Status(Database&)> work);

  int size() const { return static_cast<int>(connections_.size()); }

 private:
  explicit ReadPool(std::vector<std::unique_ptr<Database>> connections);

  std::vector<std::unique_ptr<Database>> connections_;
  std::mutex mutex_;
  std::condition_variable released_;
  // Indexes into connections_ that no Run is using.
  std::vector<size_t> free_;
};

}  // namespace leerpool::storage

#endif  // LEERPOOL_STORAGE_READ_POOL_H_
