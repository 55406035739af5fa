// leerpool-gateway: HTTP/JSON in front of the gRPC services, and the web client's files.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "proto/descriptor_set.h"
#include "services/common/channel.h"
#include "services/common/log.h"
#include "services/common/server.h"
#include "services/common/signals.h"
#include "services/gateway/backends.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_server.h"
#include "services/gateway/transcoding/transcoder.h"

namespace {

bool SplitHostPort(const std::string& listen, std::string& host, unsigned short& port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  uint32_t value = 0;
  if (!absl::SimpleAtoi(listen.substr(colon + 1), &value) || value > 65535) return false;
  host = listen.substr(0, colon);
  port = static_cast<unsigned short>(value);
  return !host.empty();
}

}  // namespace

int main(int argc, char** argv) {
  leerpool::BlockTerminationSignals();
  leerpool::PrepareServingProcess();
  CLI::App app{"Leerpool HTTP/JSON gateway", "leerpool-gateway"};
  std::string listen = "127.0.0.1:8080";
  std::string registry = "127.0.0.1:50051";
  std::string catalogue = "127.0.0.1:50052";
  std::string booking = "127.0.0.1:50053";
  std::string static_dir;
  std::vector<std::string> allowed_origins;
  leerpool::gateway::HttpServerOptions http_options;
  leerpool::gateway::GatewayOptions gateway_options;
  int backend_deadline_ms = 10000;
  int request_timeout_ms = 30000;
  app.add_option("--listen", listen, "HTTP listen address host:port (port 0: any free)")
      ->envname("LEERPOOL_GATEWAY_LISTEN")
      ->capture_default_str();
  app.add_option("--registry", registry, "gRPC target of the partner registry")
      ->envname("LEERPOOL_REGISTRY_ADDR")
      ->capture_default_str();
  app.add_option("--catalogue", catalogue, "gRPC target of the equipment catalogue")
      ->envname("LEERPOOL_CATALOGUE_ADDR")
      ->capture_default_str();
  app.add_option("--booking", booking, "gRPC target of the booking engine")
      ->envname("LEERPOOL_BOOKING_ADDR")
      ->capture_default_str();
  app.add_option("--static-dir", static_dir, "Directory of the built web client (optional)")
      ->envname("LEERPOOL_GATEWAY_STATIC_DIR");
  app.add_option("--allowed-origin", allowed_origins,
                 "Origin allowed to call the API from a browser (repeatable; * for any)")
      ->envname("LEERPOOL_GATEWAY_ALLOWED_ORIGINS")
      ->delimiter(',');
  app.add_option("--threads", http_options.threads, "HTTP I/O threads")->capture_default_str();
  app.add_option("--max-body-bytes", http_options.max_body_bytes, "Largest accepted request body")
      ->capture_default_str();
  app.add_option("--max-header-bytes", http_options.max_header_bytes,
                 "Largest accepted request header block")
      ->capture_default_str();
  app.add_option("--request-timeout-ms", request_timeout_ms,
                 "Time a client has to send a request or read a response")
      ->capture_default_str();
  app.add_option("--backend-deadline-ms", backend_deadline_ms, "Deadline of each backend call")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  if (!SplitHostPort(listen, http_options.address, http_options.port)) {
    std::fprintf(stderr, "leerpool-gateway: --listen must be host:port, not \"%s\"\n",
                 listen.c_str());
    return 2;
  }
  http_options.request_timeout = std::chrono::milliseconds(request_timeout_ms);
  gateway_options.backend_deadline = std::chrono::milliseconds(backend_deadline_ms);
  // In-flight calls end by their deadline, so waiting a little longer drains them all.
  http_options.shutdown_grace = gateway_options.backend_deadline + std::chrono::seconds(1);
  gateway_options.static_dir = static_dir;
  gateway_options.allowed_origins = allowed_origins;

  auto transcoder = leerpool::gateway::Transcoder::Create(leerpool::proto::DescriptorSetBytes());
  if (!transcoder.ok()) {
    std::fprintf(stderr, "leerpool-gateway: %s\n",
                 std::string(transcoder.status().message()).c_str());
    return 1;
  }
  for (const auto& [flag, value] :
       {std::pair{"--registry", registry}, {"--catalogue", catalogue}, {"--booking", booking}}) {
    if (absl::Status valid = leerpool::ChannelTarget(value).status(); !valid.ok()) {
      std::fprintf(stderr, "leerpool-gateway: %s: %s\n", flag,
                   std::string(valid.message()).c_str());
      return 2;
    }
  }
  leerpool::gateway::Backends backends({
      {"registry", "leerpool.registry.", registry},
      {"catalogue", "leerpool.catalogue.", catalogue},
      {"booking", "leerpool.booking.", booking},
  });
  leerpool::gateway::Gateway gateway(gateway_options, **transcoder, backends);
  auto server = leerpool::gateway::HttpServer::Start(http_options, gateway);
  if (!server.ok()) {
    std::fprintf(stderr, "leerpool-gateway: %s\n", std::string(server.status().message()).c_str());
    return 1;
  }
  leerpool::LogLine(
      {{"service", "gateway"},
       {"event", "listening"},
       {"url", "http://" + http_options.address + ":" + std::to_string((*server)->port())},
       {"routes", static_cast<int>((*transcoder)->routes().size())}});
  const int signal_number = leerpool::WaitForTerminationSignal();
  leerpool::LogLine({{"service", "gateway"}, {"event", "stopping"}, {"signal", signal_number}});
  (*server)->Stop();
  leerpool::LogLine({{"service", "gateway"}, {"event", "stopped"}});
  return 0;
}
