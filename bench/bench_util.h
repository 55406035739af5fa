#ifndef LEERPOOL_BENCH_BENCH_UTIL_H_
#define LEERPOOL_BENCH_BENCH_UTIL_H_

// Pieces every benchmark under bench/ shares: latency samples and their percentiles, number
// formatting for the Markdown that scripts/bench collects into docs/benchmarks.md, and keeping
// the services' per-call log lines out of the benchmark's own output.

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace leerpool::bench {

// Milliseconds since `start` on the steady clock.
inline double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// Latencies in milliseconds. Percentiles use the nearest-rank method, so every reported
// figure is one that was actually measured.
class Samples {
 public:
  void Add(double millis) {
    values_.push_back(millis);
    sorted_ = false;
  }
  void Append(const Samples& other);
  size_t count() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  double Sum() const;
  double Mean() const { return values_.empty() ? 0 : Sum() / values_.size(); }
  // p in (0, 100]; 0 when there are no samples.
  double Percentile(double p) const;
  double Max() const { return Percentile(100); }

 private:
  mutable std::vector<double> values_;
  mutable bool sorted_ = true;
};

// "0.412", "4.12", "41.2", "412": three significant digits for latencies in milliseconds.
std::string FormatMillis(double millis);
// "×9.7" for a ratio of two measurements, "–" when the denominator is not positive.
std::string FormatRatio(double numerator, double denominator);
// "0.42", "4.2", "42", "420": requests per second.
std::string FormatRate(double per_second);
// "20,000".
std::string FormatCount(long long value);

// A Markdown table built row by row; every row must have as many cells as the header. The
// first `text_columns` columns are left-aligned, the rest (figures) right-aligned.
class MarkdownTable {
 public:
  explicit MarkdownTable(std::vector<std::string> header, size_t text_columns = 1)
      : header_(std::move(header)), text_columns_(text_columns) {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  size_t text_columns_;
  std::vector<std::vector<std::string>> rows_;
};

// Percent-encodes everything but RFC 3986's unreserved characters, for query parameters.
std::string UrlEncode(std::string_view text);

// The services write one log line per call to stderr. To keep that out of a benchmark's
// progress messages (and to pay the cost a deployed service pays: a write to a log file), a
// benchmark can send stderr (fd 2) to a file and keep its own messages on the original stderr.
// Without a path, stderr stays as it is, so sanitizer reports stay visible.
class ServerLogRedirect {
 public:
  explicit ServerLogRedirect(const std::string& path);
  ~ServerLogRedirect();
  ServerLogRedirect(const ServerLogRedirect&) = delete;
  ServerLogRedirect& operator=(const ServerLogRedirect&) = delete;

  bool ok() const { return ok_; }
  // Where progress messages go: the original stderr.
  std::FILE* progress() const { return progress_; }

 private:
  std::FILE* progress_ = stderr;
  bool ok_ = true;
};

// One line of progress, "[bench] ...", flushed at once.
void Progress(std::FILE* out, const char* format, ...) __attribute__((format(printf, 2, 3)));

}  // namespace leerpool::bench

#endif  // LEERPOOL_BENCH_BENCH_UTIL_H_
