#include "services/gateway/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace leerpool::gateway {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpServer::State {
  HttpServerOptions options;
  Gateway& gateway;
  // Destroyed after the acceptor; its destructor drops the handlers that keep sessions alive.
  net::io_context io{};
  tcp::acceptor acceptor{io};
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};

  State(HttpServerOptions options, Gateway& gateway)
      : options(std::move(options)), gateway(gateway) {}
};

namespace {

void Fail(beast::error_code ec, const char* what) {
  // Clients that go away are routine; only the unexpected deserves a line.
  if (ec == net::error::operation_aborted || ec == beast::error::timeout ||
      ec == net::error::connection_reset || ec == net::error::eof) {
    return;
  }
  LogLine({{"service", "gateway"}, {"event", what}, {"error", ec.message()}});
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::State* state)
      : stream_(std::move(socket)), state_(state) {
    beast::error_code ec;
    const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_address_ = peer.address().to_string();
  }

  void Run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }

 private:
  void DoRead() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.max_header_bytes));
    parser_->body_limit(state_->options.max_body_bytes);
    stream_.expires_after(state_->options.request_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return DoClose();
    if (ec == http::error::body_limit) {
      return ReplyAndClose(
          http::status::payload_too_large,
          absl::StrCat("request body exceeds ", state_->options.max_body_bytes, " bytes"));
    }
    if (ec == http::error::header_limit) {
      return ReplyAndClose(
          http::status::request_header_fields_too_large,
          absl::StrCat("request headers exceed ", state_->options.max_header_bytes, " bytes"));
    }
    if (ec == beast::error::timeout) return DoClose();
    if (ec) return Fail(ec, "read");

    state_->in_flight.fetch_add(1);
    auto self = shared_from_this();
    state_->gateway.Handle(parser_->release(), remote_address_, [self](HttpResponse response) {
      // The answer may come from a gRPC thread: back to our strand.
      net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->DoWrite(std::move(response));
      });
    });
  }

  void ReplyAndClose(http::status status, const std::string& message) {
    state_->gateway.RecordDirect(static_cast<int>(status));
    HttpRequest request;
    request.version(11);
    request.keep_alive(false);
    HttpResponse response =
        ErrorResponse(request, absl::Status(status == http::status::payload_too_large
                                                ? absl::StatusCode::kResourceExhausted
                                                : absl::StatusCode::kInvalidArgument,
                                            message));
    response.result(status);
    response.keep_alive(false);
    state_->in_flight.fetch_add(1);
    DoWrite(std::move(response));
  }

  void DoWrite(HttpResponse response) {
    response_ = std::make_shared<HttpResponse>(std::move(response));
    if (state_->stopping.load()) response_->keep_alive(false);
    stream_.expires_after(state_->options.request_timeout);
    http::async_write(
        stream_, *response_,
        beast::bind_front_handler(&Session::OnWrite, shared_from_this(), response_->keep_alive()));
  }

  void OnWrite(bool keep_alive, beast::error_code ec, std::size_t) {
    state_->in_flight.fetch_sub(1);
    response_.reset();
    if (ec) return Fail(ec, "write");
    if (!keep_alive) return DoClose();
    DoRead();
  }

  void DoClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  // Owned by the HttpServer, whose io_context (and with it this session) dies first.
  HttpServer::State* state_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<HttpResponse> response_;
  std::string remote_address_;
};

void DoAccept(HttpServer::State* state) {
  state->acceptor.async_accept(
      net::make_strand(state->io), [state](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !state->acceptor.is_open()) return;
        if (ec) {
          Fail(ec, "accept");
        } else {
          std::make_shared<Session>(std::move(socket), state)->Run();
        }
        DoAccept(state);
      });
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                              Gateway& gateway) {
  auto state = std::make_unique<State>(options, gateway);
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(options.address, ec);
  if (ec)
    return absl::InvalidArgumentError(
        absl::StrCat("listen address ", options.address, ": ", ec.message()));
  const tcp::endpoint endpoint(address, options.port);
  state->acceptor.open(endpoint.protocol(), ec);
  if (!ec) state->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) state->acceptor.bind(endpoint, ec);
  if (!ec) state->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.address, ":", options.port, ": ", ec.message()));
  }
  const unsigned short port = state->acceptor.local_endpoint().port();
  DoAccept(state.get());
  State* raw = state.get();
  std::unique_ptr<HttpServer> server(new HttpServer(std::move(state), port));
  for (int i = 0; i < std::max(1, options.threads); ++i) {
    server->threads_.emplace_back([raw] { raw->io.run(); });
  }
  return server;
}

HttpServer::HttpServer(std::unique_ptr<State> state, unsigned short port)
    : state_(std::move(state)), port_(port) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  state_->stopping.store(true);
  net::post(state_->io, [state = state_.get()] {
    beast::error_code ec;
    state->acceptor.close(ec);
  });
  const auto deadline = std::chrono::steady_clock::now() + state_->options.shutdown_grace;
  while (state_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  state_->io.stop();
  for (std::thread& thread : threads_) thread.join();
}

}  // namespace leerpool::gateway
