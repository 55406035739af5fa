#ifndef LEERPOOL_SERVICES_GATEWAY_GATEWAY_H_
#define LEERPOOL_SERVICES_GATEWAY_GATEWAY_H_

#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "services/gateway/backends.h"
#include "services/gateway/metrics.h"
#include "services/gateway/static_files.h"
#include "services/gateway/transcoding/transcoder.h"

namespace leerpool::gateway {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

struct GatewayOptions {
  // Origins allowed to call the API from a browser ("*" for any); empty allows none.
  std::vector<std::string> allowed_origins;
  std::filesystem::path static_dir;
  std::chrono::milliseconds backend_deadline{10000};
  std::chrono::milliseconds readiness_deadline{1000};
  // A server-streaming call (a watch) ends after this; clients reconnect and resume.
  std::chrono::milliseconds stream_deadline{3600 * 1000};
};

// The body of a server-streaming answer: one NDJSON line per backend message, pulled one at a
// time by the HTTP session, so a slow client slows the backend stream instead of filling
// memory.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Calls `next` exactly once, on any thread: the next line ("{...}\n"), or nullopt when the
  // stream has ended (a backend error after the head ends it with an {"error": {...}} line).
  virtual void Next(std::function<void(std::optional<std::string>)> next) = 0;
  // The client went away or the server is stopping: cancels the backend call. Idempotent;
  // any thread.
  virtual void Cancel() = 0;
};

// A streaming head (200, Content-Type: application/x-ndjson) and its body.
using StreamStart = std::function<void(HttpResponse head, std::shared_ptr<ResponseStream>)>;

// Everything the gateway answers, independent of how bytes reach it: built-in endpoints,
// CORS, the transcoded API, static files. The HTTP session only reads, calls Handle and
// writes.
class Gateway {
 public:
  Gateway(GatewayOptions options, const Transcoder& transcoder, const Backends& backends);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Cancels every backend call still in flight and waits until each one's callback has run
  // and let go of what it holds (HTTP sessions among it): the HTTP server calls this before
  // its io_context goes away, so no session outlives it on a gRPC thread. Calls that arrive
  // afterwards answer 503.
  void CancelCallsAndWait();

  // Calls `done` exactly once with the response, on this thread or on a gRPC thread -- or,
  // for a server-streaming RPC that has started, `stream` instead (its head carries no body;
  // the session sends it chunked). Without `stream`, streaming RPCs answer 501.
  void Handle(HttpRequest request, const std::string& remote_address,
              std::function<void(HttpResponse)> done, StreamStart stream = nullptr);

  // For responses the session makes itself (413, 431, 408), so they are counted too.
  void RecordDirect(int status) { metrics_.Record("protocol", status, 0); }

 private:
  using RoutedStreamStart = std::function<void(const std::string& route, HttpResponse head,
                                               std::shared_ptr<ResponseStream> body)>;
  void HandleApi(HttpRequest request, const std::string& remote_address,
                 std::function<void(const HttpRequest&, std::string, HttpResponse)> done,
                 RoutedStreamStart stream);
  void StartStream(HttpRequest request, const std::string& remote_address, GrpcRequest grpc_request,
                   grpc::GenericStub* stub, std::string route,
                   std::function<void(HttpRequest const&, std::string, HttpResponse)> done,
                   RoutedStreamStart stream);
  // Registers a backend call with how to cancel it; 0 when the gateway is shutting down.
  uint64_t BeginCall(std::function<void()> cancel);
  void EndCall(uint64_t id);
  // Turns a unary call's outcome into the HTTP response and hands it to `done`.
  template <typename CallT, typename Done>
  void Respond(CallT& call, const std::string& route, const grpc::Status& status, Done& done);
  bool OriginAllowed(const std::string& origin) const;
  void ApplyCors(const HttpRequest& request, HttpResponse& response) const;
  HttpResponse Preflight(const HttpRequest& request) const;

  GatewayOptions options_;
  const Transcoder& transcoder_;
  const Backends& backends_;
  StaticFiles static_files_;
  Metrics metrics_;
  const std::string openapi_json_;

  std::mutex calls_mutex_;
  std::condition_variable calls_done_;
  std::map<uint64_t, std::function<void()>> calls_;
  uint64_t next_call_ = 1;
  bool quiescing_ = false;
};

// A JSON error response in the gateway's {"code","status","message","details"} shape.
HttpResponse ErrorResponse(const HttpRequest& request, const absl::Status& status);

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_GATEWAY_H_
