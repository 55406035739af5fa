#include "services/gateway/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <optional>
#include <set>

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
  // Streams being sent, so Stop can end them instead of waiting out the grace period.
  std::mutex streams_mutex;
  std::set<std::shared_ptr<ResponseStream>> streams;

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
    state_->gateway.Handle(
        parser_->release(), remote_address_,
        [self](HttpResponse response) {
          // The answer may come from a gRPC thread: back to our strand.
          net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
            self->DoWrite(std::move(response));
          });
        },
        [self](HttpResponse head, std::shared_ptr<ResponseStream> body) {
          net::post(self->stream_.get_executor(),
                    [self, head = std::move(head), body = std::move(body)]() mutable {
                      self->DoWriteStreamHead(std::move(head), std::move(body));
                    });
        });
  }

  // ---- A streamed (chunked) response: head, then one chunk per line pulled from the body,
  // then the last chunk and close. Meanwhile a read watches for the client going away.
  void DoWriteStreamHead(HttpResponse head, std::shared_ptr<ResponseStream> body) {
    body_ = std::move(body);
    {
      std::lock_guard lock(state_->streams_mutex);
      state_->streams.insert(body_);
    }
    if (state_->stopping.load()) body_->Cancel();
    head_ = std::make_shared<http::response<http::empty_body>>(head.result(), head.version());
    for (const auto& field : head) head_->set(field.name_string(), field.value());
    head_->chunked(true);
    head_->keep_alive(false);
    head_serializer_.emplace(*head_);
    // A watch may be quiet for a long time; the client's going away is seen by the read.
    stream_.expires_never();
    http::async_write_header(
        stream_, *head_serializer_,
        beast::bind_front_handler(&Session::OnStreamWrite, shared_from_this()));
    stream_.async_read_some(
        net::buffer(scratch_),
        beast::bind_front_handler(&Session::OnStreamClientRead, shared_from_this()));
  }

  void OnStreamClientRead(beast::error_code ec, std::size_t) {
    // The client sends nothing while it reads a stream; an end or an error means it left.
    if (ec) {
      if (body_) body_->Cancel();
      return;
    }
    if (!body_) return;
    stream_.async_read_some(
        net::buffer(scratch_),
        beast::bind_front_handler(&Session::OnStreamClientRead, shared_from_this()));
  }

  void OnStreamWrite(beast::error_code ec, std::size_t) {
    if (ec) {
      body_->Cancel();
      EndStream();
      return Fail(ec, "write");
    }
    auto self = shared_from_this();
    body_->Next([self](std::optional<std::string> line) {
      net::post(self->stream_.get_executor(),
                [self, line = std::move(line)]() mutable { self->DoWriteChunk(std::move(line)); });
    });
  }

  void DoWriteChunk(std::optional<std::string> line) {
    if (!line) {
      chunk_ = "0\r\n\r\n";
      return net::async_write(stream_, net::buffer(chunk_),
                              beast::bind_front_handler(&Session::OnLastChunk, shared_from_this()));
    }
    chunk_.clear();
    absl::StrAppend(&chunk_, absl::Hex(line->size()), "\r\n", *line, "\r\n");
    net::async_write(stream_, net::buffer(chunk_),
                     beast::bind_front_handler(&Session::OnStreamWrite, shared_from_this()));
  }

  void OnLastChunk(beast::error_code ec, std::size_t) {
    EndStream();
    if (ec) return Fail(ec, "write");
    DoClose();
  }

  void EndStream() {
    if (!body_) return;
    {
      std::lock_guard lock(state_->streams_mutex);
      state_->streams.erase(body_);
    }
    body_.reset();
    state_->in_flight.fetch_sub(1);
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
  // While streaming.
  std::shared_ptr<ResponseStream> body_;
  std::shared_ptr<http::response<http::empty_body>> head_;
  std::optional<http::response_serializer<http::empty_body>> head_serializer_;
  std::string chunk_;
  char scratch_[512];
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
  {
    // Streams end now (their sessions send the last chunk), not at the end of the grace.
    std::lock_guard lock(state_->streams_mutex);
    for (const std::shared_ptr<ResponseStream>& stream : state_->streams) stream->Cancel();
  }
  const auto deadline = std::chrono::steady_clock::now() + state_->options.shutdown_grace;
  while (state_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Backend answers still on their way hold sessions; they must be over (and have let go of
  // them) while the io_context they post to still exists.
  state_->gateway.CancelCallsAndWait();
  state_->io.stop();
  for (std::thread& thread : threads_) thread.join();
}

}  // namespace leerpool::gateway
