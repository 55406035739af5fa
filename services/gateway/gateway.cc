#include "services/gateway/gateway.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "services/gateway/stream_call.h"

namespace leerpool::gateway {
namespace http = boost::beast::http;
namespace {

using Clock = std::chrono::steady_clock;

std::string_view ToStringView(boost::beast::string_view text) { return {text.data(), text.size()}; }

HttpResponse MakeResponse(const HttpRequest& request, http::status status, std::string content_type,
                          std::string body) {
  HttpResponse response(status, request.version());
  response.set(http::field::server, "leerpool-gateway");
  response.set(http::field::content_type, std::move(content_type));
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

HttpResponse JsonResponse(const HttpRequest& request, http::status status,
                          const nlohmann::json& body) {
  return MakeResponse(request, status, "application/json", body.dump());
}

// Strips the query so metrics never see client-chosen text.
std::string_view PathOf(std::string_view target) {
  return target.substr(0, std::min(target.find('?'), target.size()));
}

}  // namespace

HttpResponse ErrorResponse(const HttpRequest& request, const absl::Status& status) {
  HttpResponse response = MakeResponse(
      request, static_cast<http::status>(HttpStatusFromStatus(status)), "application/json",
      ErrorJson(status.code(), std::string_view(status.message().data(), status.message().size())));
  if (auto allow = AllowedMethodsFromStatus(status)) response.set(http::field::allow, *allow);
  return response;
}

Gateway::Gateway(GatewayOptions options, const Transcoder& transcoder, const Backends& backends)
    : options_(std::move(options)),
      transcoder_(transcoder),
      backends_(backends),
      static_files_(options_.static_dir),
      openapi_json_(transcoder.OpenApiJson()) {}

bool Gateway::OriginAllowed(const std::string& origin) const {
  for (const std::string& allowed : options_.allowed_origins) {
    if (allowed == "*" || allowed == origin) return true;
  }
  return false;
}

Gateway::~Gateway() { CancelCallsAndWait(); }

uint64_t Gateway::BeginCall(std::function<void()> cancel) {
  std::lock_guard lock(calls_mutex_);
  if (quiescing_) return 0;
  const uint64_t id = next_call_++;
  calls_.emplace(id, std::move(cancel));
  return id;
}

void Gateway::EndCall(uint64_t id) {
  {
    std::lock_guard lock(calls_mutex_);
    calls_.erase(id);
  }
  calls_done_.notify_all();
}

void Gateway::CancelCallsAndWait() {
  std::unique_lock lock(calls_mutex_);
  quiescing_ = true;
  // Cancelling only asks gRPC to finish the call soon; its callback still runs (and ends it).
  for (auto& [id, cancel] : calls_) cancel();
  calls_done_.wait(lock, [this] { return calls_.empty(); });
}

void Gateway::ApplyCors(const HttpRequest& request, HttpResponse& response) const {
  auto origin = request.find(http::field::origin);
  if (origin == request.end()) return;
  const std::string value(origin->value());
  if (!OriginAllowed(value)) return;
  response.set(http::field::access_control_allow_origin, value);
  response.set(http::field::vary, "Origin");
  response.set(http::field::access_control_expose_headers, "Content-Disposition");
}

HttpResponse Gateway::Preflight(const HttpRequest& request) const {
  const std::string origin(request[http::field::origin]);
  const std::vector<std::string> methods =
      transcoder_.AllowedMethods(ToStringView(request.target()));
  if (!OriginAllowed(origin)) {
    return ErrorResponse(request, absl::PermissionDeniedError(
                                      absl::StrCat("origin ", origin, " may not call this API")));
  }
  HttpResponse response = MakeResponse(request, http::status::no_content, "text/plain", "");
  response.set(http::field::access_control_allow_methods,
               methods.empty() ? "GET, POST, PATCH, PUT, DELETE" : absl::StrJoin(methods, ", "));
  response.set(http::field::access_control_allow_headers,
               "Authorization, Content-Type, Idempotency-Key");
  response.set(http::field::access_control_max_age, "600");
  return response;
}

void Gateway::Handle(HttpRequest request, const std::string& remote_address,
                     std::function<void(HttpResponse)> done, StreamStart stream) {
  const Clock::time_point start = Clock::now();
  const std::string_view path = PathOf(ToStringView(request.target()));
  // Wraps `done` so every response is counted and gets its CORS headers.
  auto finish = [this, start, done = std::move(done)](HttpRequest const& request, std::string route,
                                                      HttpResponse response) {
    ApplyCors(request, response);
    // HEAD gets GET's headers, Content-Length included, without the body.
    if (request.method() == http::verb::head) response.body().clear();
    metrics_.Record(route, response.result_int(),
                    std::chrono::duration<double>(Clock::now() - start).count());
    done(std::move(response));
  };

  if (request.method() == http::verb::options &&
      request.find(http::field::access_control_request_method) != request.end()) {
    HttpResponse response = Preflight(request);
    return finish(request, "preflight", std::move(response));
  }
  if (path == "/healthz" && request.method() == http::verb::get) {
    HttpResponse response = JsonResponse(request, http::status::ok, {{"status", "ok"}});
    return finish(request, "/healthz", std::move(response));
  }
  if (path == "/readyz" && request.method() == http::verb::get) {
    auto shared_request = std::make_shared<HttpRequest>(std::move(request));
    backends_.CheckHealth(options_.readiness_deadline, [shared_request,
                                                        finish](std::vector<BackendHealth> health) {
      nlohmann::json backends = nlohmann::json::object();
      bool ready = true;
      for (const BackendHealth& backend : health) {
        ready = ready && backend.serving;
        backends[backend.name] = {
            {"target", backend.target}, {"serving", backend.serving}, {"detail", backend.detail}};
      }
      HttpResponse response = JsonResponse(
          *shared_request, ready ? http::status::ok : http::status::service_unavailable,
          {{"status", ready ? "ready" : "unavailable"}, {"backends", backends}});
      finish(*shared_request, "/readyz", std::move(response));
    });
    return;
  }
  if (path == "/metrics" && request.method() == http::verb::get) {
    HttpResponse response =
        MakeResponse(request, http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                     metrics_.RenderPrometheus());
    return finish(request, "/metrics", std::move(response));
  }
  if (path == "/openapi.json" && request.method() == http::verb::get) {
    HttpResponse response =
        MakeResponse(request, http::status::ok, "application/json", openapi_json_);
    return finish(request, "/openapi.json", std::move(response));
  }
  if (path.starts_with("/v1/") || path == "/v1") {
    RoutedStreamStart start_stream;
    if (stream) {
      // Counted when the stream starts: its length is the client's business.
      start_stream = [this, start, stream = std::move(stream)](
                         const std::string& route, HttpResponse head,
                         std::shared_ptr<ResponseStream> body) {
        metrics_.Record(route, head.result_int(),
                        std::chrono::duration<double>(Clock::now() - start).count());
        stream(std::move(head), std::move(body));
      };
    }
    return HandleApi(
        std::move(request), remote_address,
        [finish](HttpRequest const& request, std::string route, HttpResponse response) {
          finish(request, std::move(route), std::move(response));
        },
        std::move(start_stream));
  }
  if (request.method() == http::verb::get || request.method() == http::verb::head) {
    if (auto file = static_files_.Find(path)) {
      HttpResponse response =
          MakeResponse(request, http::status::ok, file->content_type, std::move(file->content));
      response.set(http::field::cache_control,
                   file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
      return finish(request, "static", std::move(response));
    }
  }
  HttpResponse response = ErrorResponse(
      request, absl::NotFoundError(absl::StrCat("no resource at ", std::string(path))));
  finish(request, "unmatched", std::move(response));
}

void Gateway::HandleApi(HttpRequest request, const std::string& remote_address,
                        std::function<void(HttpRequest const&, std::string, HttpResponse)> done,
                        RoutedStreamStart stream) {
  const std::string content_type(request[http::field::content_type]);
  absl::StatusOr<GrpcRequest> grpc_request =
      transcoder_.ToGrpc(ToStringView(request.method_string()), ToStringView(request.target()),
                         request.body(), content_type);
  if (!grpc_request.ok()) {
    HttpResponse response = ErrorResponse(request, grpc_request.status());
    return done(request, "unmatched", std::move(response));
  }
  std::string route =
      absl::StrCat(grpc_request->route->http_method, " ", grpc_request->route->path_template);
  grpc::GenericStub* stub = backends_.StubFor(grpc_request->service_full_name);
  if (stub == nullptr) {
    HttpResponse response =
        ErrorResponse(request, absl::UnimplementedError(absl::StrCat(
                                   "no backend serves ", grpc_request->service_full_name)));
    return done(request, std::move(route), std::move(response));
  }

  if (grpc_request->route->method != nullptr && grpc_request->route->method->server_streaming()) {
    return StartStream(std::move(request), remote_address, std::move(*grpc_request), stub,
                       std::move(route), std::move(done), std::move(stream));
  }

  // Everything the asynchronous call needs lives here until its callback has run.
  struct Call {
    HttpRequest http_request;
    GrpcRequest grpc_request;
    grpc::ClientContext context;
    grpc::ByteBuffer request_bytes;
    grpc::ByteBuffer response_bytes;
  };
  auto call = std::make_shared<Call>();
  call->http_request = std::move(request);
  call->grpc_request = std::move(*grpc_request);
  call->context.set_deadline(std::chrono::system_clock::now() + options_.backend_deadline);
  if (auto auth = call->http_request.find(http::field::authorization);
      auth != call->http_request.end()) {
    call->context.AddMetadata("authorization", std::string(auth->value()));
  }
  call->context.AddMetadata("x-forwarded-for", remote_address);
  grpc::Slice slice(call->grpc_request.payload);
  call->request_bytes = grpc::ByteBuffer(&slice, 1);

  const uint64_t id = BeginCall([call] { call->context.TryCancel(); });
  if (id == 0) {
    HttpResponse response =
        ErrorResponse(call->http_request, absl::UnavailableError("the gateway is shutting down"));
    return done(call->http_request, std::move(route), std::move(response));
  }
  stub->UnaryCall(&call->context, call->grpc_request.grpc_method, grpc::StubOptions(),
                  &call->request_bytes, &call->response_bytes,
                  [this, call, id, route = std::move(route),
                   done = std::move(done)](grpc::Status status) mutable {
                    Respond(*call, route, status, done);
                    // What `done` holds (the HTTP session) is let go before the call counts as
                    // ended, so nothing of it outlives CancelCallsAndWait.
                    done = nullptr;
                    EndCall(id);
                  });
}

template <typename CallT, typename Done>
void Gateway::Respond(CallT& call, const std::string& route, const grpc::Status& status,
                      Done& done) {
  if (!status.ok()) {
    HttpResponse response = ErrorResponse(
        call.http_request,
        absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message()));
    return done(call.http_request, route, std::move(response));
  }
  grpc::Slice payload;
  absl::StatusOr<HttpResponseBody> body =
      call.response_bytes.DumpToSingleSlice(&payload).ok()
          ? transcoder_.FromGrpc(
                call.grpc_request,
                std::string_view(reinterpret_cast<const char*>(payload.begin()), payload.size()))
          : absl::InternalError("unreadable backend response");
  if (!body.ok()) {
    HttpResponse response = ErrorResponse(call.http_request, body.status());
    return done(call.http_request, route, std::move(response));
  }
  HttpResponse response =
      MakeResponse(call.http_request, http::status::ok, body->content_type, std::move(body->body));
  if (!body->content_disposition.empty()) {
    response.set(http::field::content_disposition, body->content_disposition);
  }
  done(call.http_request, route, std::move(response));
}

void Gateway::StartStream(HttpRequest request, const std::string& remote_address,
                          GrpcRequest grpc_request, grpc::GenericStub* stub, std::string route,
                          std::function<void(HttpRequest const&, std::string, HttpResponse)> done,
                          RoutedStreamStart stream) {
  if (!stream) {
    HttpResponse response =
        ErrorResponse(request, absl::UnimplementedError("this server does not stream responses"));
    return done(request, std::move(route), std::move(response));
  }
  StreamCallSetup setup;
  setup.stub = stub;
  setup.transcoder = &transcoder_;
  setup.request = std::move(grpc_request);
  if (auto auth = request.find(http::field::authorization); auth != request.end()) {
    setup.authorization = std::string(auth->value());
  }
  setup.remote_address = remote_address;
  setup.deadline = options_.stream_deadline;
  auto shared_request = std::make_shared<HttpRequest>(std::move(request));
  // The head is made now, not when the backend answers: the answer arrives on a gRPC thread,
  // possibly after this Gateway is gone (shutdown), so the callback must not use `this`.
  auto head = std::make_shared<HttpResponse>(http::status::ok, shared_request->version());
  head->set(http::field::server, "leerpool-gateway");
  // One JSON object per line, each flushed as its own chunk.
  head->set(http::field::content_type, "application/x-ndjson");
  head->set(http::field::cache_control, "no-cache");
  head->set("X-Accel-Buffering", "no");
  head->chunked(true);
  head->keep_alive(false);
  ApplyCors(*shared_request, *head);
  // Cancelled through the call once it exists; until then there is nothing to cancel.
  struct Handle {
    std::mutex mutex;
    std::weak_ptr<ResponseStream> call;
  };
  auto handle = std::make_shared<Handle>();
  const uint64_t id = BeginCall([handle] {
    std::shared_ptr<ResponseStream> call;
    {
      std::lock_guard lock(handle->mutex);
      call = handle->call.lock();
    }
    if (call) call->Cancel();
  });
  if (id == 0) {
    HttpResponse response =
        ErrorResponse(*shared_request, absl::UnavailableError("the gateway is shutting down"));
    return done(*shared_request, std::move(route), std::move(response));
  }
  setup.on_finished = [this, id] { EndCall(id); };
  std::shared_ptr<ResponseStream> call = StartStreamCall(
      std::move(setup),
      [head, route, stream](std::shared_ptr<ResponseStream> body) {
        stream(route, std::move(*head), std::move(body));
      },
      [shared_request, route, done](absl::Status status) {
        HttpResponse response = ErrorResponse(*shared_request, status);
        done(*shared_request, route, std::move(response));
      });
  std::lock_guard lock(handle->mutex);
  handle->call = call;
  // A shutdown that began while the call was being set up found nothing to cancel yet.
  bool cancel_now = false;
  {
    std::lock_guard calls(calls_mutex_);
    cancel_now = quiescing_;
  }
  if (cancel_now) call->Cancel();
}

}  // namespace leerpool::gateway
