#ifndef LEERPOOL_SERVICES_COMMON_CLOCK_H_
#define LEERPOOL_SERVICES_COMMON_CLOCK_H_

#include <mutex>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace leerpool {

// Time as the cores see it, so rules about lead times, expiry and validity can be tested at
// any instant.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() = 0;
};

class SystemClock : public Clock {
 public:
  absl::Time Now() override { return absl::Now(); }
};

class FakeClock : public Clock {
 public:
  explicit FakeClock(absl::Time now) : now_(now) {}
  absl::Time Now() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void Set(absl::Time now) {
    std::lock_guard lock(mutex_);
    now_ = now;
  }
  void Advance(absl::Duration by) {
    std::lock_guard lock(mutex_);
    now_ += by;
  }

 private:
  std::mutex mutex_;
  absl::Time now_;
};

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_CLOCK_H_
