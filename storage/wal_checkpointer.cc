#include "storage/wal_checkpointer.h"

#include <pthread.h>
#include <sqlite3.h>

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace leerpool::storage {

// SQLite's default, restored when the checkpointer goes.
constexpr int kAutocheckpointFrames = 1000;

absl::StatusOr<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(
    Database& writer, WalCheckpointerOptions options) {
  const char* file = sqlite3_db_filename(writer.handle(), "main");
  if (file == nullptr || file[0] == '\0') {
    return absl::FailedPreconditionError("WAL checkpointer: not a file database");
  }
  Options connection_options = writer.options();
  connection_options.path = file;
  connection_options.read_only = false;
  absl::StatusOr<std::unique_ptr<Database>> connection = Database::Open(connection_options);
  if (!connection.ok()) return connection.status();
  if (options.background_frames < 1) options.background_frames = 1;
  if (options.inline_frames < options.background_frames) {
    options.inline_frames = options.background_frames;
  }
  std::unique_ptr<WalCheckpointer> checkpointer(
      new WalCheckpointer(writer, *std::move(connection), options));
  checkpointer->thread_ = std::thread([raw = checkpointer.get()] { raw->Loop(); });
  sqlite3_wal_hook(writer.handle(), &WalCheckpointer::OnCommit, checkpointer.get());
  return checkpointer;
}

WalCheckpointer::WalCheckpointer(Database& writer, std::unique_ptr<Database> connection,
                                 WalCheckpointerOptions options)
    : writer_(writer), connection_(std::move(connection)), options_(options) {}

WalCheckpointer::~WalCheckpointer() {
  // Also removes our hook.
  sqlite3_wal_autocheckpoint(writer_.handle(), kAutocheckpointFrames);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wanted_.notify_all();
  thread_.join();
}

int64_t WalCheckpointer::background_checkpoints() const {
  std::lock_guard lock(mutex_);
  return background_checkpoints_;
}

int64_t WalCheckpointer::inline_checkpoints() const {
  std::lock_guard lock(mutex_);
  return inline_checkpoints_;
}

int WalCheckpointer::OnCommit(void* self, sqlite3* db, const char* schema, int frames) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  checkpointer->commits_.fetch_add(1, std::memory_order_relaxed);
  // While commits keep coming the WAL rarely starts over, so its length alone would ask for a
  // checkpoint (two fsyncs) after every commit; like SQLite's autocheckpoint, ask once per
  // `background_frames` new frames.
  int& requested_at = checkpointer->requested_at_frames_;
  if (frames < requested_at) requested_at = 0;  // the WAL started over
  if (frames - requested_at < checkpointer->options_.background_frames) return SQLITE_OK;
  requested_at = frames;
  if (frames >= checkpointer->options_.inline_frames) {
    // What SQLite's autocheckpoint would do; the frames already copied are not copied again.
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    std::lock_guard lock(checkpointer->mutex_);
    ++checkpointer->inline_checkpoints_;
    return SQLITE_OK;
  }
  {
    std::lock_guard lock(checkpointer->mutex_);
    if (checkpointer->requested_) return SQLITE_OK;
    checkpointer->requested_ = true;
  }
  checkpointer->wanted_.notify_one();
  return SQLITE_OK;
}

void WalCheckpointer::Loop() {
  pthread_setname_np(pthread_self(), "wal-checkpoint");
  int64_t commits_seen = commits_.load(std::memory_order_relaxed);  // at the last look
  int64_t commits_checkpointed = commits_seen;  // when the last checkpoint started
  bool complete = true;                         // it copied every frame there was
  std::unique_lock lock(mutex_);
  while (true) {
    const bool woken = wanted_.wait_for(lock, absl::ToChronoMilliseconds(options_.idle_interval),
                                        [this] { return stopping_ || requested_; });
    if (stopping_) return;
    const int64_t commits = commits_.load(std::memory_order_relaxed);
    if (!woken) {
      // The WAL starts over only at a commit that finds it wholly checkpointed, which a
      // checkpoint beside a stream of commits never leaves it; so once the commits pause for
      // an interval, what was written since the last checkpoint is copied too.
      const bool idle = commits == commits_seen;
      commits_seen = commits;
      if (!idle || (complete && commits == commits_checkpointed)) continue;
    }
    requested_ = false;
    commits_seen = commits_checkpointed = commits;
    lock.unlock();
    // Errors (say, a busy lock during another connection's checkpoint) leave the frames for
    // the next request, as a failed autocheckpoint would.
    int frames = 0;
    int copied = 0;
    const int result = sqlite3_wal_checkpoint_v2(connection_->handle(), "main",
                                                 SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
    lock.lock();
    complete = result == SQLITE_OK && copied == frames;
    ++background_checkpoints_;
  }
}

}  // namespace leerpool::storage
