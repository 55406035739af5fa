#ifndef LEERPOOL_CLIENTS_HTTP_HTTP_CLIENT_H_
#define LEERPOOL_CLIENTS_HTTP_HTTP_CLIENT_H_

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace leerpool::clients {

struct HttpResult {
  int status = 0;
  std::string body;
  // Header names in lower case.
  std::map<std::string, std::string> headers;
};

// A small blocking HTTP/1.1 client over one keep-alive connection (reconnecting when the
// server closes it), for the demo loader, the command line and end-to-end tests.
class HttpClient {
 public:
  HttpClient(std::string host, unsigned short port,
             std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~HttpClient();

  // UNAVAILABLE when the server cannot be reached; any HTTP status is a result.
  absl::StatusOr<HttpResult> Send(const std::string& method, const std::string& target,
                                  const std::string& body = "",
                                  const std::map<std::string, std::string>& headers = {});
  absl::StatusOr<HttpResult> Get(const std::string& target) { return Send("GET", target); }
  absl::StatusOr<HttpResult> PostJson(const std::string& target, const std::string& json) {
    return Send("POST", target, json, {{"Content-Type", "application/json"}});
  }

 private:
  struct Connection;
  std::string host_;
  unsigned short port_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace leerpool::clients

#endif  // LEERPOOL_CLIENTS_HTTP_HTTP_CLIENT_H_
