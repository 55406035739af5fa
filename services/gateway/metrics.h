#ifndef LEERPOOL_SERVICES_GATEWAY_METRICS_H_
#define LEERPOOL_SERVICES_GATEWAY_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace leerpool::gateway {

// Request counts and a latency histogram per (route, status), rendered in the Prometheus
// text exposition format. Routes are path templates, never raw paths, so the number of
// series stays bounded whatever clients send.
class Metrics {
 public:
  void Record(const std::string& route, int http_status, double seconds);
  std::string RenderPrometheus() const;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Series {
    uint64_t count = 0;
    double sum = 0;
    std::array<uint64_t, kBuckets.size()> buckets{};
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, int>, Series> series_;
};

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_METRICS_H_
