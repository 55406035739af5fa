#ifndef LEERPOOL_SERVICES_BOOKING_CORE_INBOX_NOTIFIER_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_INBOX_NOTIFIER_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <utility>

#include "absl/time/time.h"
#include "services/booking/core/booking_store.h"

namespace leerpool::booking {

// Wakes inbox watchers when a transaction commits. It carries no data: a watcher re-reads the
// store after waking, so a notice written by another process (another replica on the same
// database) is found by the watcher's periodic re-read instead.
class InboxNotifier {
 public:
  void Notify();
  // Returns once Notify has been called since generation `seen` was current, at `deadline`,
  // or at Shutdown; returns the generation now current.
  uint64_t Wait(uint64_t seen, absl::Time deadline);
  uint64_t generation() const;
  // Wakes everyone for good: streams end.
  void Shutdown();
  bool shut_down() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t generation_ = 0;
  bool shut_down_ = false;
};

// The engine's store: every committed Transact wakes the notifier. Waking on every commit
// (not only those that wrote a notice) keeps the store interface unchanged; a woken watcher's
// re-read is one indexed query.
class NotifyingBookingStore : public BookingStore {
 public:
  NotifyingBookingStore(BookingStore& store, InboxNotifier& notifier)
      : store_(store), notifier_(notifier) {}
  absl::Status Transact(absl::FunctionRef<absl::Status(BookingTransaction&)> work) override {
    absl::Status status = store_.Transact(work);
    if (status.ok()) notifier_.Notify();
    return status;
  }
  void TransactAsync(std::function<absl::Status(BookingTransaction&)> work,
                     absl::AnyInvocable<void(absl::Status) &&> done) override {
    store_.TransactAsync(std::move(work),
                         [this, done = std::move(done)](absl::Status status) mutable {
                           if (status.ok()) notifier_.Notify();
                           std::move(done)(std::move(status));
                         });
  }
  absl::Status Read(absl::FunctionRef<absl::Status(BookingTransaction&)> work) override {
    return store_.Read(work);
  }

 private:
  BookingStore& store_;
  InboxNotifier& notifier_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_INBOX_NOTIFIER_H_
