#include "clients/http/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace leerpool::clients {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpClient::Connection {
  net::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  bool open = false;
};

HttpClient::HttpClient(std::string host, unsigned short port, std::chrono::milliseconds timeout)
    : host_(std::move(host)),
      port_(port),
      timeout_(timeout),
      connection_(std::make_unique<Connection>()) {}

HttpClient::~HttpClient() {
  if (connection_->open) {
    beast::error_code ec;
    connection_->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  }
}

absl::StatusOr<HttpResult> HttpClient::Send(const std::string& method, const std::string& target,
                                            const std::string& body,
                                            const std::map<std::string, std::string>& headers) {
  http::request<http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(http::field::host, absl::StrCat(host_, ":", port_));
  request.set(http::field::user_agent, "leerpool-client");
  request.keep_alive(true);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();

  // A kept-alive connection may have been closed by the server meanwhile: retry once fresh.
  for (int attempt = 0; attempt < 2; ++attempt) {
    Connection& c = *connection_;
    beast::error_code ec;
    if (!c.open) {
      tcp::resolver resolver(c.io);
      auto endpoints = resolver.resolve(host_, std::to_string(port_), ec);
      if (ec) return absl::UnavailableError(absl::StrCat("resolve ", host_, ": ", ec.message()));
      c.stream.expires_after(timeout_);
      c.stream.connect(endpoints, ec);
      if (ec) {
        c.stream.close();
        return absl::UnavailableError(
            absl::StrCat("connect ", host_, ":", port_, ": ", ec.message()));
      }
      c.open = true;
      c.buffer.clear();
    }
    c.stream.expires_after(timeout_);
    http::write(c.stream, request, ec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    // A HEAD response announces a Content-Length but carries no body.
    if (method == "HEAD") parser.skip(true);
    if (!ec) http::read(c.stream, c.buffer, parser, ec);
    if (ec) {
      c.stream.close();
      c.open = false;
      if (attempt == 0 && (ec == http::error::end_of_stream || ec == net::error::eof ||
                           ec == net::error::connection_reset || ec == net::error::broken_pipe)) {
        continue;
      }
      return absl::UnavailableError(absl::StrCat(method, " ", target, ": ", ec.message()));
    }
    http::response<http::string_body> response = parser.release();
    HttpResult result;
    result.status = response.result_int();
    result.body = std::move(response.body());
    for (const auto& field : response) {
      result.headers[absl::AsciiStrToLower(std::string(field.name_string()))] =
          std::string(field.value());
    }
    if (!response.keep_alive()) {
      c.stream.close();
      c.open = false;
    }
    return result;
  }
  return absl::UnavailableError("unreachable");
}

}  // namespace leerpool::clients
