#include "bench/bench_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdarg>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace leerpool::bench {

void Samples::Append(const Samples& other) {
  values_.insert(values_.end(), other.values_.begin(), other.values_.end());
  sorted_ = false;
}

double Samples::Sum() const { return std::accumulate(values_.begin(), values_.end(), 0.0); }

double Samples::Percentile(double p) const {
  if (values_.empty()) return 0;
  if (!sorted_) {
    std::sort(values_.begin(), values_.end());
    sorted_ = true;
  }
  const double rank = std::ceil(p / 100.0 * static_cast<double>(values_.size()));
  const size_t index = static_cast<size_t>(std::clamp(rank, 1.0, double(values_.size()))) - 1;
  return values_[index];
}

std::string FormatMillis(double millis) {
  // Compared with the rounded value, so 99.96 shows as "100", not "100.0".
  if (millis < 0.9995) return absl::StrFormat("%.3f", millis);
  if (millis < 9.995) return absl::StrFormat("%.2f", millis);
  if (millis < 99.95) return absl::StrFormat("%.1f", millis);
  return absl::StrFormat("%.0f", millis);
}

std::string FormatRatio(double numerator, double denominator) {
  if (!(denominator > 0)) return "–";
  const double ratio = numerator / denominator;
  return absl::StrFormat(ratio < 10 ? "×%.2f" : "×%.1f", ratio);
}

std::string FormatRate(double per_second) {
  if (per_second < 1) return absl::StrFormat("%.2f", per_second);
  if (per_second < 10) return absl::StrFormat("%.1f", per_second);
  return absl::StrFormat("%.0f", per_second);
}

std::string FormatCount(long long value) {
  std::string digits = absl::StrCat(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string MarkdownTable::Render() const {
  std::string out = absl::StrCat("| ", absl::StrJoin(header_, " | "), " |\n|");
  for (size_t i = 0; i < header_.size(); ++i) out += i < text_columns_ ? "---|" : "--:|";
  out += '\n';
  for (const std::vector<std::string>& row : rows_) {
    absl::StrAppend(&out, "| ", absl::StrJoin(row, " | "), " |\n");
  }
  return out;
}

std::string UrlEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

ServerLogRedirect::ServerLogRedirect(const std::string& path) {
  if (path.empty()) return;
  std::fflush(stderr);
  const int saved = dup(STDERR_FILENO);
  const int log = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (saved < 0 || log < 0 || dup2(log, STDERR_FILENO) < 0) {
    if (saved >= 0) close(saved);
    if (log >= 0) close(log);
    ok_ = false;
    return;
  }
  close(log);
  progress_ = fdopen(saved, "w");
  if (progress_ == nullptr) {
    close(saved);
    progress_ = stderr;
  }
}

ServerLogRedirect::~ServerLogRedirect() {
  if (progress_ != stderr) std::fclose(progress_);
}

void Progress(std::FILE* out, const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  std::fputs("[bench] ", out);
  std::vfprintf(out, format, args);
  std::fputc('\n', out);
  std::fflush(out);
  va_end(args);
}

}  // namespace leerpool::bench
