#include "services/gateway/stream_call.h"

#include <grpcpp/grpcpp.h>

#include <deque>
#include <mutex>
#include <optional>
#include <utility>

#include "services/gateway/transcoding/http_status.h"

namespace leerpool::gateway {
namespace {

// One backend stream. The reactor keeps itself alive (self_) until gRPC is done with it; the
// HTTP session keeps it alive through the ResponseStream for as long as it pulls.
//
// A read is started only when the session asks for the next line, so at most one message is
// buffered. A hold keeps OnDone from running while no read is pending; it is removed when a
// read ends the stream or when the call is cancelled.
class StreamCall : public ResponseStream,
                   public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>,
                   public std::enable_shared_from_this<StreamCall> {
 public:
  StreamCall(StreamCallSetup setup, std::function<void(std::shared_ptr<ResponseStream>)> started,
             std::function<void(absl::Status)> failed)
      : setup_(std::move(setup)), started_(std::move(started)), failed_(std::move(failed)) {}

  void Start() {
    self_ = shared_from_this();
    context_.set_deadline(std::chrono::system_clock::now() + setup_.deadline);
    if (!setup_.authorization.empty()) context_.AddMetadata("authorization", setup_.authorization);
    context_.AddMetadata("x-forwarded-for", setup_.remote_address);
    grpc::Slice slice(setup_.request.payload);
    request_bytes_ = grpc::ByteBuffer(&slice, 1);
    setup_.stub->PrepareBidiStreamingCall(&context_, setup_.request.grpc_method,
                                          grpc::StubOptions(), this);
    AddHold();
    StartWriteLast(&request_bytes_, grpc::WriteOptions());
    StartCall();
  }

  // ---- ResponseStream (session side)
  void Next(std::function<void(std::optional<std::string>)> next) override {
    std::unique_lock lock(mutex_);
    if (!lines_.empty()) {
      std::string line = std::move(lines_.front());
      lines_.pop_front();
      lock.unlock();
      return next(std::move(line));
    }
    if (done_) {
      lock.unlock();
      return next(std::nullopt);
    }
    waiting_ = std::move(next);
    if (reading_ || hold_removed_) return;
    reading_ = true;
    lock.unlock();
    StartRead(&response_bytes_);
  }

  void Cancel() override {
    bool remove_hold = false;
    {
      std::lock_guard lock(mutex_);
      if (cancelled_ || done_) return;
      cancelled_ = true;
      // With a read pending, its failure removes the hold.
      if (!reading_ && !hold_removed_) remove_hold = hold_removed_ = true;
    }
    context_.TryCancel();
    if (remove_hold) RemoveHold();
  }

  // ---- gRPC side
  void OnReadInitialMetadataDone(bool ok) override {
    if (!ok) {
      // The call failed before it started: OnDone reports it, once the hold is gone.
      bool remove_hold = false;
      {
        std::lock_guard lock(mutex_);
        if (!hold_removed_) remove_hold = hold_removed_ = true;
      }
      if (remove_hold) RemoveHold();
      return;
    }
    {
      std::lock_guard lock(mutex_);
      head_sent_ = true;
    }
    started_(shared_from_this());
  }

  void OnWriteDone(bool) override {}

  void OnReadDone(bool ok) override {
    std::function<void(std::optional<std::string>)> deliver;
    std::optional<std::string> line;
    bool remove_hold = false;
    {
      std::lock_guard lock(mutex_);
      reading_ = false;
      if (!ok) {
        // The stream ended (or was cancelled); OnDone brings the status.
        if (!hold_removed_) remove_hold = hold_removed_ = true;
      } else {
        grpc::Slice payload;
        absl::StatusOr<HttpResponseBody> body =
            response_bytes_.DumpToSingleSlice(&payload).ok()
                ? setup_.transcoder->FromGrpc(
                      setup_.request,
                      std::string_view(reinterpret_cast<const char*>(payload.begin()),
                                       payload.size()))
                : absl::InternalError("unreadable backend message");
        if (body.ok()) {
          line = std::move(body->body) + "\n";
        } else {
          line = ErrorLine(body.status());
        }
        if (waiting_) {
          deliver = std::move(waiting_);
          waiting_ = nullptr;
        } else {
          lines_.push_back(std::move(*line));
          line.reset();
        }
      }
    }
    if (remove_hold) RemoveHold();
    if (deliver) deliver(std::move(line));
  }

  void OnDone(const grpc::Status& status) override {
    std::function<void(std::optional<std::string>)> deliver;
    bool report_failure = false;
    {
      std::lock_guard lock(mutex_);
      done_ = true;
      if (!head_sent_) {
        report_failure = true;
      } else if (!status.ok() && !cancelled_) {
        lines_.push_back(ErrorLine(absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                                                status.error_message())));
      }
      if (waiting_) {
        deliver = std::move(waiting_);
        waiting_ = nullptr;
      }
    }
    if (report_failure) {
      failed_(status.ok() ? absl::UnavailableError("the backend ended the stream at once")
                          : absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                                         status.error_message()));
    }
    if (deliver) Next(std::move(deliver));
    // The callbacks hold the HTTP session; they are done with, so let go of them before
    // telling the gateway the call is over.
    std::function<void()> finished = std::move(setup_.on_finished);
    started_ = nullptr;
    failed_ = nullptr;
    if (finished) finished();
    std::shared_ptr<StreamCall> keep = std::move(self_);  // may be the last reference
  }

 private:
  static std::string ErrorLine(const absl::Status& status) {
    return "{\"error\":" +
           ErrorJson(status.code(),
                     std::string_view(status.message().data(), status.message().size())) +
           "}\n";
  }

  StreamCallSetup setup_;
  std::function<void(std::shared_ptr<ResponseStream>)> started_;
  std::function<void(absl::Status)> failed_;
  std::shared_ptr<StreamCall> self_;
  grpc::ClientContext context_;
  grpc::ByteBuffer request_bytes_;
  grpc::ByteBuffer response_bytes_;

  std::mutex mutex_;
  std::deque<std::string> lines_;
  std::function<void(std::optional<std::string>)> waiting_;
  bool reading_ = false;
  bool hold_removed_ = false;
  bool head_sent_ = false;
  bool cancelled_ = false;
  bool done_ = false;
};

}  // namespace

std::shared_ptr<ResponseStream> StartStreamCall(
    StreamCallSetup setup, std::function<void(std::shared_ptr<ResponseStream>)> started,
    std::function<void(absl::Status)> failed) {
  auto call = std::make_shared<StreamCall>(std::move(setup), std::move(started), std::move(failed));
  call->Start();
  return call;
}

}  // namespace leerpool::gateway
