#include "services/common/ids.h"

#include <sys/random.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>

#include "absl/strings/escaping.h"

namespace leerpool {
namespace {

// Bytes from the kernel's CSPRNG, fetched a page at a time: a reservation writes several ids
// (reservation, events, notices), and one getrandom call per id was a measurable share of a
// reservation's cost. Per thread, so no locking; nothing here forks without exec.
class RandomBytes {
 public:
  void Fill(uint8_t* out, size_t size) {
    while (size > 0) {
      if (used_ == buffer_.size()) Refill();
      const size_t take = std::min(size, buffer_.size() - used_);
      std::memcpy(out, buffer_.data() + used_, take);
      // Handed-out bytes are wiped so a later memory disclosure cannot replay them.
      std::memset(buffer_.data() + used_, 0, take);
      used_ += take;
      out += take;
      size -= take;
    }
  }

 private:
  void Refill() {
    size_t filled = 0;
    while (filled < buffer_.size()) {
      const ssize_t got = getrandom(buffer_.data() + filled, buffer_.size() - filled, 0);
      if (got > 0) filled += static_cast<size_t>(got);
      // EINTR: try again; getrandom without GRND_NONBLOCK does not fail otherwise once the
      // pool is initialised.
    }
    used_ = 0;
  }

  std::array<uint8_t, 4096> buffer_{};
  size_t used_ = 4096;
};

constexpr int kTimeBytes = 6;

}  // namespace

std::string NewId(std::string_view prefix) {
  thread_local RandomBytes random;
  std::array<uint8_t, 16> bytes;
  // Milliseconds since the epoch, big-endian, then random bytes (the layout of a UUIDv7).
  const uint64_t millis =
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count());
  for (int i = 0; i < kTimeBytes; ++i) {
    bytes[i] = static_cast<uint8_t>(millis >> (8 * (kTimeBytes - 1 - i)));
  }
  random.Fill(bytes.data() + kTimeBytes, bytes.size() - kTimeBytes);
  std::string id(prefix);
  id += '_';
  id += absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  return id;
}

}  // namespace leerpool
