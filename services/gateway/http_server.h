#ifndef LEERPOOL_SERVICES_GATEWAY_HTTP_SERVER_H_
#define LEERPOOL_SERVICES_GATEWAY_HTTP_SERVER_H_

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "services/gateway/gateway.h"

namespace leerpool::gateway {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  // 0 picks a free port (tests).
  unsigned short port = 8080;
  int threads = 2;
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 4 * 1024 * 1024;
  // A client must send a whole request within this time, and read a response within it.
  std::chrono::milliseconds request_timeout{30000};
  // How long in-flight requests may run on after Stop().
  std::chrono::milliseconds shutdown_grace{10000};
};

// Boost.Beast HTTP/1.1 server: accepts connections and runs one session per connection that
// only reads a request, hands it to the Gateway, and writes the answer, with keep-alive.
class HttpServer {
 public:
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                           Gateway& gateway);
  ~HttpServer();

  unsigned short port() const { return port_; }
  // Stops accepting, lets in-flight requests finish within the grace period, then stops.
  void Stop();

  struct State;

 private:
  HttpServer(std::unique_ptr<State> state, unsigned short port);
  std::unique_ptr<State> state_;
  unsigned short port_;
  std::vector<std::thread> threads_;
  bool stopped_ = false;
};

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_HTTP_SERVER_H_
