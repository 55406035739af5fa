#ifndef LEERPOOL_CLIENTS_CLI_OUTPUT_H_
#define LEERPOOL_CLIENTS_CLI_OUTPUT_H_

// How `leerpool` prints: aligned text tables for people, the API's own JSON (`--json`) for
// scripts, and an exit code per kind of failure.

#include <grpcpp/grpcpp.h>

#include <ostream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"

namespace leerpool::cli {

// Exit codes, documented in `leerpool --help`.
enum ExitCode {
  kExitOk = 0,
  kExitError = 1,
  kExitUsage = 2,
  kExitNotFound = 3,
  kExitNotAllowed = 4,
  kExitRejected = 5,
  kExitConflict = 6,
  kExitUnavailable = 7,
};

ExitCode ExitCodeFor(grpc::StatusCode code);

// Columns padded to their widest cell (counted in UTF-8 code points, so accents align).
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// The message as the gateway would send it (proto3 JSON, lowerCamelCase names).
std::string ToJson(const google::protobuf::Message& message);

// "2026-12-08 09:00" in `zone`; "-" for an unset timestamp.
std::string FormatTime(const google::protobuf::Timestamp& time, const absl::TimeZone& zone);
// "EUR 12.50".
std::string FormatEuros(int64_t cents);
// An enum value without its type prefix, lower case: RESERVATION_STATUS_PENDING_APPROVAL ->
// "pending approval".
std::string EnumLabel(const std::string& name, const std::string& prefix);

}  // namespace leerpool::cli

#endif  // LEERPOOL_CLIENTS_CLI_OUTPUT_H_
