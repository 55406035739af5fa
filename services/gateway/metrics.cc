#include "services/gateway/metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace leerpool::gateway {
namespace {

// Label values may contain quotes or backslashes (route templates do not, but be exact).
std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::Record(const std::string& route, int http_status, double seconds) {
  std::lock_guard lock(mutex_);
  Series& series = series_[{route, http_status}];
  ++series.count;
  series.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++series.buckets[i];
  }
}

std::string Metrics::RenderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::string out =
      "# HELP leerpool_gateway_requests_total HTTP requests handled, by route and status.\n"
      "# TYPE leerpool_gateway_requests_total counter\n";
  for (const auto& [key, series] : series_) {
    const auto& [route, status] = key;
    absl::StrAppend(&out, "leerpool_gateway_requests_total{route=\"", EscapeLabel(route),
                    "\",status=\"", status, "\"} ", series.count, "\n");
  }
  absl::StrAppend(&out,
                  "# HELP leerpool_gateway_request_duration_seconds Time from request read to "
                  "response ready.\n"
                  "# TYPE leerpool_gateway_request_duration_seconds histogram\n");
  for (const auto& [key, series] : series_) {
    const auto& [route, status] = key;
    const std::string labels =
        absl::StrCat("route=\"", EscapeLabel(route), "\",status=\"", status, "\"");
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      absl::StrAppend(&out, "leerpool_gateway_request_duration_seconds_bucket{", labels, ",le=\"",
                      absl::StrFormat("%g", kBuckets[i]), "\"} ", series.buckets[i], "\n");
    }
    absl::StrAppend(&out, "leerpool_gateway_request_duration_seconds_bucket{", labels,
                    ",le=\"+Inf\"} ", series.count, "\n");
    absl::StrAppend(&out, "leerpool_gateway_request_duration_seconds_sum{", labels, "} ",
                    absl::StrFormat("%.6f", series.sum), "\n");
    absl::StrAppend(&out, "leerpool_gateway_request_duration_seconds_count{", labels, "} ",
                    series.count, "\n");
  }
  return out;
}

}  // namespace leerpool::gateway
