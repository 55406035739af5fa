#include "clients/cli/output.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace leerpool::cli {
namespace {

size_t DisplayWidth(const std::string& text) {
  // Continuation bytes (10xxxxxx) do not start a character.
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

}  // namespace

ExitCode ExitCodeFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return kExitOk;
    case grpc::StatusCode::NOT_FOUND:
      return kExitNotFound;
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
      return kExitNotAllowed;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return kExitRejected;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return kExitConflict;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return kExitUnavailable;
    default:
      return kExitError;
  }
}

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths(header_.size());
  for (size_t i = 0; i < header_.size(); ++i) widths[i] = DisplayWidth(header_[i]);
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      text += cell;
      if (i + 1 < widths.size()) text += std::string(widths[i] - DisplayWidth(cell) + 2, ' ');
    }
    // No trailing blanks: the last column is not padded.
    out << text << "\n";
  };
  line(header_);
  for (const auto& row : rows_) line(row);
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

std::string FormatTime(const google::protobuf::Timestamp& time, const absl::TimeZone& zone) {
  if (time.seconds() == 0 && time.nanos() == 0) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(time.seconds()), zone);
}

std::string FormatEuros(int64_t cents) {
  return absl::StrFormat("EUR %s%d.%02d", cents < 0 ? "-" : "", std::abs(cents) / 100,
                         std::abs(cents) % 100);
}

std::string EnumLabel(const std::string& name, const std::string& prefix) {
  std::string label = absl::StartsWith(name, prefix) ? name.substr(prefix.size()) : name;
  absl::AsciiStrToLower(&label);
  return absl::StrReplaceAll(label, {{"_", " "}});
}

}  // namespace leerpool::cli
