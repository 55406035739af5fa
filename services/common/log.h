#ifndef LEERPOOL_SERVICES_COMMON_LOG_H_
#define LEERPOOL_SERVICES_COMMON_LOG_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace leerpool {

// A value in a structured log line: text is JSON-escaped, numbers are written as numbers.
struct LogValue {
  LogValue(std::string_view text) : text(text) {}
  LogValue(const char* text) : text(text) {}
  LogValue(const std::string& text) : text(text) {}
  LogValue(double number) : number(number), is_number(true) {}
  LogValue(int number) : number(number), is_number(true) {}
  LogValue(long number) : number(static_cast<double>(number)), is_number(true) {}
  std::string_view text;
  double number = 0;
  bool is_number = false;
};

// Writes one JSON object per line to stderr, with a UTC timestamp first, so logs from every
// process can be read by people and parsed by machines alike. Thread-safe.
void LogLine(std::initializer_list<std::pair<std::string_view, LogValue>> fields);

// The same line, written to stderr by a background thread within about 100 ms instead of by
// the caller: for the one line per gRPC call, where a write system call per call was a tenth
// of a cheap call's CPU. Lines stay in order with LogLine's. What is still buffered when the
// process is killed (SIGKILL, a crash) is lost; FlushLogs, which also runs at exit, writes it.
void LogLineBuffered(std::initializer_list<std::pair<std::string_view, LogValue>> fields);
void FlushLogs();

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_LOG_H_
