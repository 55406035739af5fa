#include "services/gateway/backends.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <mutex>

#include "services/common/channel.h"

namespace leerpool::gateway {
namespace {

// grpc.health.v1.HealthCheckResponse has one field, `status` (1, enum); SERVING is 1. The
// message is this small and this stable, so decoding it by hand spares a vendored proto.
bool IsServing(const grpc::ByteBuffer& response) {
  grpc::Slice slice;
  if (!response.DumpToSingleSlice(&slice).ok()) return false;
  google::protobuf::io::CodedInputStream in(slice.begin(), static_cast<int>(slice.size()));
  uint64_t status = 0;
  while (uint32_t tag = in.ReadTag()) {
    if (tag == (1 << 3 | 0)) {
      if (!in.ReadVarint64(&status)) return false;
    } else if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) {
      return false;
    }
  }
  return status == 1;
}

}  // namespace

Backends::Backends(std::vector<BackendConfig> configs) {
  for (BackendConfig& config : configs) {
    auto channel = CreateServiceChannel(config.target);
    auto stub = std::make_unique<grpc::GenericStub>(channel);
    backends_.push_back({std::move(config), std::move(channel), std::move(stub)});
  }
}

grpc::GenericStub* Backends::StubFor(std::string_view service_full_name) const {
  for (const Backend& backend : backends_) {
    if (service_full_name.starts_with(backend.config.service_prefix)) return backend.stub.get();
  }
  return nullptr;
}

void Backends::CheckHealth(std::chrono::milliseconds deadline,
                           std::function<void(std::vector<BackendHealth>)> done) const {
  // Shared by every probe; the last probe to answer reports for all.
  struct Round {
    std::mutex mutex;
    std::vector<BackendHealth> health;
    size_t pending = 0;
    std::function<void(std::vector<BackendHealth>)> done;
  };
  struct Probe {
    grpc::ClientContext context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
  };
  auto round = std::make_shared<Round>();
  round->pending = backends_.size();
  round->done = std::move(done);
  for (const Backend& backend : backends_) {
    round->health.push_back({backend.config.name, backend.config.target, false, ""});
  }
  if (backends_.empty()) {
    round->done({});
    return;
  }
  for (size_t i = 0; i < backends_.size(); ++i) {
    auto probe = std::make_shared<Probe>();
    // An empty HealthCheckRequest (all services), as a buffer with one empty slice: gRPC
    // refuses a buffer that has never been given any.
    grpc::Slice empty;
    probe->request = grpc::ByteBuffer(&empty, 1);
    probe->context.set_deadline(std::chrono::system_clock::now() + deadline);
    backends_[i].stub->UnaryCall(&probe->context, "/grpc.health.v1.Health/Check",
                                 grpc::StubOptions(), &probe->request, &probe->response,
                                 [round, probe, i](grpc::Status status) {
                                   std::unique_lock lock(round->mutex);
                                   BackendHealth& entry = round->health[i];
                                   if (!status.ok()) {
                                     entry.detail = status.error_message();
                                   } else if (IsServing(probe->response)) {
                                     entry.serving = true;
                                     entry.detail = "SERVING";
                                   } else {
                                     entry.detail = "NOT_SERVING";
                                   }
                                   if (--round->pending > 0) return;
                                   lock.unlock();
                                   round->done(std::move(round->health));
                                 });
  }
}

}  // namespace leerpool::gateway
