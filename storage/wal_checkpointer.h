#ifndef LEERPOOL_STORAGE_WAL_CHECKPOINTER_H_
#define LEERPOOL_STORAGE_WAL_CHECKPOINTER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/sqlite.h"

namespace leerpool::storage {

struct WalCheckpointerOptions {
  // A checkpoint is wanted once the WAL holds this many frames (SQLite's own default).
  int background_frames = 1000;
  // If the background checkpoints fall behind this far (a steady stream of commits never lets
  // a passive checkpoint finish the whole WAL, and only a finished one lets the next commit
  // start the WAL over), the committing connection checkpoints itself, as without this class.
  int inline_frames = 8000;
  // Once no commit came for this long, the rest of the WAL is checkpointed too, so that the
  // next commit can start the WAL over.
  absl::Duration idle_interval = absl::Milliseconds(200);
};

// Runs a WAL database's checkpoints on a thread and connection of their own, instead of inside
// whichever commit crosses SQLite's autocheckpoint threshold. A checkpoint copies pages from
// the WAL into the database file and syncs it (milliseconds with synchronous=FULL); done inline
// it stalls the writer, and with a single writer thread (group commit) every caller waiting on
// it. Passive checkpoints never block the writer or readers, and they are as safe as inline
// ones: the checkpoint connection uses the writer's synchronous level, so the WAL is synced
// before pages are copied and the database before the WAL may be started over.
class WalCheckpointer {
 public:
  // `writer` is a file database in WAL mode; it must outlive the checkpointer. Installs a WAL
  // hook on it (replacing its autocheckpoint), so the hook runs on whichever thread commits.
  static absl::StatusOr<std::unique_ptr<WalCheckpointer>> Start(
      Database& writer, WalCheckpointerOptions options = {});
  // Stops the thread and gives `writer` its autocheckpoint back. No commit on `writer` may run
  // concurrently.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Checkpoints run so far on the background thread, and inline by the writer.
  int64_t background_checkpoints() const;
  int64_t inline_checkpoints() const;

 private:
  WalCheckpointer(Database& writer, std::unique_ptr<Database> connection,
                  WalCheckpointerOptions options);
  static int OnCommit(void* self, sqlite3* db, const char* schema, int frames);
  void Loop();

  Database& writer_;
  std::unique_ptr<Database> connection_;
  WalCheckpointerOptions options_;
  // WAL length at the last request; only the committing thread (the hook) uses it.
  int requested_at_frames_ = 0;
  std::atomic<int64_t> commits_{0};

  mutable std::mutex mutex_;
  std::condition_variable wanted_;
  bool requested_ = false;
  bool stopping_ = false;
  int64_t background_checkpoints_ = 0;
  int64_t inline_checkpoints_ = 0;
  std::thread thread_;
};

}  // namespace leerpool::storage

#endif  // LEERPOOL_STORAGE_WAL_CHECKPOINTER_H_
