#include "services/common/log.h"

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace leerpool {
namespace {

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace

namespace {

std::string FormatLine(std::initializer_list<std::pair<std::string_view, LogValue>> fields) {
  std::string line = "{\"ts\":";
  AppendJsonString(line,
                   absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()));
  for (const auto& [key, value] : fields) {
    line += ',';
    AppendJsonString(line, key);
    line += ':';
    if (value.is_number) {
      line += std::isfinite(value.number) ? absl::StrFormat("%.6g", value.number) : "null";
    } else {
      AppendJsonString(line, value.text);
    }
  }
  line += "}\n";
  return line;
}

// stderr and the lines waiting to be written to it. Buffered lines are written before any
// later line, so the log stays in order.
class LogSink {
 public:
  static LogSink& Get() {
    // Never destroyed: lines may be logged from threads that outlive main.
    static LogSink* sink = [] {
      auto* created = new LogSink();
      std::atexit([] { Get().Flush(); });
      return created;
    }();
    return *sink;
  }

  void Write(const std::string& line) {
    std::lock_guard write(write_mutex_);
    WritePendingLocked();
    std::fwrite(line.data(), 1, line.size(), stderr);
  }

  void Buffer(const std::string& line) {
    bool full;
    {
      std::lock_guard lock(pending_mutex_);
      if (!flusher_started_) {
        flusher_started_ = true;
        std::thread([this] { FlushPeriodically(); }).detach();
      }
      pending_ += line;
      full = pending_.size() >= kFlushBytes;
    }
    if (full) wake_.notify_one();
  }

  void Flush() {
    std::lock_guard write(write_mutex_);
    WritePendingLocked();
  }

 private:
  static constexpr size_t kFlushBytes = 64 << 10;
  static constexpr auto kFlushInterval = std::chrono::milliseconds(100);

  void WritePendingLocked() {
    std::string lines;
    {
      std::lock_guard lock(pending_mutex_);
      lines.swap(pending_);
    }
    if (!lines.empty()) std::fwrite(lines.data(), 1, lines.size(), stderr);
  }

  void FlushPeriodically() {
    for (;;) {
      {
        std::unique_lock lock(pending_mutex_);
        wake_.wait_for(lock, kFlushInterval, [this] { return pending_.size() >= kFlushBytes; });
      }
      Flush();
    }
  }

  std::mutex write_mutex_;  // held while writing to stderr, taken before pending_mutex_
  std::mutex pending_mutex_;
  std::condition_variable wake_;
  std::string pending_;
  bool flusher_started_ = false;
};

}  // namespace

void LogLine(std::initializer_list<std::pair<std::string_view, LogValue>> fields) {
  LogSink::Get().Write(FormatLine(fields));
}

void LogLineBuffered(std::initializer_list<std::pair<std::string_view, LogValue>> fields) {
  LogSink::Get().Buffer(FormatLine(fields));
}

void FlushLogs() { LogSink::Get().Flush(); }

}  // namespace leerpool
