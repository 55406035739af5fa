#include "services/common/auth/grpc_auth.h"

#include <google/protobuf/timestamp.pb.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "leerpool/registry/v1/registry.grpc.pb.h"

namespace leerpool::auth {
namespace {

namespace registry = ::leerpool::registry::v1;

constexpr char kAuthorization[] = "authorization";
constexpr char kForwardedFor[] = "x-forwarded-for";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// gRPC peers are URIs, so IPv6 brackets and zone ids arrive percent-encoded.
std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// "ipv4:10.0.0.1:5123" -> "10.0.0.1", "ipv6:[::1]:5123" -> "::1"; other schemes (unix:)
// are kept whole, since they have no host to extract.
std::string RemoteAddressFromPeer(const std::string& peer) {
  std::string address = PercentDecode(peer);
  if (address.rfind("ipv4:", 0) == 0) {
    address.erase(0, 5);
    if (size_t colon = address.rfind(':'); colon != std::string::npos) address.resize(colon);
    return address;
  }
  if (address.rfind("ipv6:", 0) == 0) {
    address.erase(0, 5);
    if (!address.empty() && address.front() == '[') {
      size_t close = address.find(']');
      return close == std::string::npos ? address.substr(1) : address.substr(1, close - 1);
    }
    return address;
  }
  return address;
}

std::string ToString(const grpc::string_ref& ref) { return std::string(ref.data(), ref.size()); }

absl::Time FromProto(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

void ToProto(absl::Time time, google::protobuf::Timestamp* timestamp) {
  const int64_t seconds = absl::ToUnixSeconds(time);  // rounds down, so nanos >= 0
  timestamp->set_seconds(seconds);
  timestamp->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
}

absl::Status FromGrpc(const grpc::Status& status, std::string_view method) {
  // absl::StatusCode and grpc::StatusCode share the canonical numbering.
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat("registry ", absl::string_view(method.data(), method.size()),
                                   ": ", status.error_message()));
}

class RegistryAuthSource final : public AuthSource {
 public:
  RegistryAuthSource(std::shared_ptr<grpc::Channel> channel, absl::Duration deadline)
      : stub_(registry::RegistryService::NewStub(std::move(channel))), deadline_(deadline) {}

  absl::StatusOr<std::map<std::string, std::string>> SigningKeys() override {
    grpc::ClientContext context;
    SetDeadline(context);
    registry::SigningKeys response;
    grpc::Status status =
        stub_->GetSigningKeys(&context, registry::GetSigningKeysRequest(), &response);
    if (!status.ok()) return FromGrpc(status, "GetSigningKeys");
    std::map<std::string, std::string> keys;
    for (const registry::SigningKey& key : response.keys()) keys[key.key_id()] = key.public_key();
    return keys;
  }

  absl::StatusOr<std::pair<std::vector<RevokedCredential>, absl::Time>> RevocationsSince(
      absl::Time since) override {
    grpc::ClientContext context;
    SetDeadline(context);
    registry::ListRevocationsRequest request;
    // An unset `since` asks for everything still relevant; InfinitePast has no Timestamp form.
    if (since != absl::InfinitePast()) ToProto(since, request.mutable_since());
    registry::ListRevocationsResponse response;
    grpc::Status status = stub_->ListRevocations(&context, request, &response);
    if (!status.ok()) return FromGrpc(status, "ListRevocations");
    std::vector<RevokedCredential> revoked;
    revoked.reserve(response.revocations_size());
    for (const registry::Revocation& revocation : response.revocations()) {
      revoked.push_back({revocation.id(), revocation.has_expire_time()
                                              ? FromProto(revocation.expire_time())
                                              : absl::InfiniteFuture()});
    }
    const absl::Time as_of = response.has_as_of() ? FromProto(response.as_of()) : since;
    return std::make_pair(std::move(revoked), as_of);
  }

  absl::StatusOr<std::string> ExchangeApiKey(const std::string& api_key) override {
    grpc::ClientContext context;
    SetDeadline(context);
    registry::ExchangeApiKeyRequest request;
    request.set_api_key(api_key);
    registry::Session response;
    grpc::Status status = stub_->ExchangeApiKey(&context, request, &response);
    if (!status.ok()) {
      switch (status.error_code()) {
        // To the caller any refusal of their key is a failed authentication, and the
        // registry's reason is meant for them.
        case grpc::StatusCode::UNAUTHENTICATED:
        case grpc::StatusCode::INVALID_ARGUMENT:
        case grpc::StatusCode::NOT_FOUND:
        case grpc::StatusCode::PERMISSION_DENIED:
          return absl::UnauthenticatedError(status.error_message());
        default:
          return FromGrpc(status, "ExchangeApiKey");
      }
    }
    if (response.access_token().empty()) {
      return absl::InternalError("registry ExchangeApiKey: no access token in the response");
    }
    return std::move(*response.mutable_access_token());
  }

 private:
  void SetDeadline(grpc::ClientContext& context) const {
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  }

  std::unique_ptr<registry::RegistryService::Stub> stub_;
  absl::Duration deadline_;
};

}  // namespace

absl::StatusOr<Caller> AuthenticateCall(Authenticator& authenticator,
                                        const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  // Two Authorization values would leave it to chance which one is checked.
  if (metadata.count(kAuthorization) > 1) {
    return absl::UnauthenticatedError("more than one Authorization header");
  }
  std::string authorization;
  if (auto it = metadata.find(kAuthorization); it != metadata.end()) {
    authorization = ToString(it->second);
  }
  // The last hop is the one our gateway added from the TCP peer; earlier ones are whatever
  // the client claimed.
  std::string remote_address;
  auto [begin, end] = metadata.equal_range(kForwardedFor);
  for (auto it = begin; it != end; ++it) {
    std::string value = ToString(it->second);
    const size_t comma = value.rfind(',');
    std::string last(
        absl::StripAsciiWhitespace(comma == std::string::npos ? value : value.substr(comma + 1)));
    if (!last.empty()) remote_address = std::move(last);
  }
  if (remote_address.empty()) remote_address = RemoteAddressFromPeer(context.peer());
  return authenticator.Authenticate(authorization, remote_address);
}

void ForwardCredentials(const grpc::ServerContextBase& incoming, grpc::ClientContext& outgoing) {
  bool forwarded_for = false;
  for (const auto& [key, value] : incoming.client_metadata()) {
    if (key == kAuthorization) {
      outgoing.AddMetadata(kAuthorization, ToString(value));
    } else if (key == kForwardedFor) {
      outgoing.AddMetadata(kForwardedFor, ToString(value));
      forwarded_for = true;
    }
  }
  // Otherwise the next service would take this service for the caller.
  if (!forwarded_for) {
    std::string peer = RemoteAddressFromPeer(incoming.peer());
    if (!peer.empty()) outgoing.AddMetadata(kForwardedFor, peer);
  }
}

std::unique_ptr<AuthSource> MakeRegistryAuthSource(std::shared_ptr<grpc::Channel> registry,
                                                   absl::Duration deadline) {
  return std::make_unique<RegistryAuthSource>(std::move(registry), deadline);
}

namespace {
thread_local const grpc::ServerContextBase* current_call = nullptr;
}  // namespace

IncomingCallScope::IncomingCallScope(const grpc::ServerContextBase& context)
    : previous_(current_call) {
  current_call = &context;
}

IncomingCallScope::~IncomingCallScope() { current_call = previous_; }

const grpc::ServerContextBase* IncomingCallScope::Current() { return current_call; }

}  // namespace leerpool::auth
