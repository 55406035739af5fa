#include "services/catalogue/grpc/registry_partner_directory.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/auth/grpc_auth.h"
#include "services/common/dependency_status.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {
namespace {

namespace rv1 = ::leerpool::registry::v1;

// At most this many cached entries per kind; beyond it expired ones are dropped, and if that
// is not enough, all (a cache, not a store).
constexpr size_t kMaxCacheEntries = 10000;
// The registry answers at most this many qualification checks per request.
constexpr size_t kMaxChecksPerCall = 100;
constexpr int kNetworkPageSize = 200;
// Bounds the pages followed for one organisation's networks.
constexpr int kMaxNetworkPages = 50;

// What a failed registry call means to the catalogue.
leerpool::type::v1::Date ToDate(absl::CivilDay day) {
  leerpool::type::v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

}  // namespace

RegistryPartnerDirectory::RegistryPartnerDirectory(std::shared_ptr<grpc::Channel> registry,
                                                   Clock& clock, RegistryDirectoryOptions options)
    : stub_(rv1::RegistryService::NewStub(std::move(registry))), clock_(clock), options_(options) {}

template <typename T>
std::optional<T> RegistryPartnerDirectory::Cached(const Cache<T>& cache, const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = cache.find(key);
  if (it == cache.end() || it->second.expire_time <= clock_.Now()) return std::nullopt;
  return it->second.value;
}

template <typename T>
void RegistryPartnerDirectory::Remember(Cache<T>& cache, const std::string& key, T value) {
  std::lock_guard lock(mutex_);
  const absl::Time now = clock_.Now();
  if (cache.size() >= kMaxCacheEntries) {
    std::erase_if(cache, [now](const auto& item) { return item.second.expire_time <= now; });
    if (cache.size() >= kMaxCacheEntries) cache.clear();
  }
  cache[key] = Entry<T>{std::move(value), now + options_.cache_ttl};
}

void RegistryPartnerDirectory::SetDeadline(grpc::ClientContext& context) const {
  // Real time, not the core's clock: the deadline is about this process waiting.
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.deadline));
}

absl::StatusOr<OrganizationSummary> RegistryPartnerDirectory::GetOrganization(
    const std::string& id) {
  if (std::optional<OrganizationSummary> cached = Cached(organizations_, id)) return *cached;
  grpc::ClientContext context;
  SetDeadline(context);
  rv1::GetOrganizationRequest request;
  request.set_organization_id(id);
  rv1::Organization response;
  grpc::Status status = stub_->GetOrganization(&context, request, &response);
  if (!status.ok())
    return StatusFromDependency(status, "partner registry", absl::StrCat("organization ", id));
  OrganizationSummary summary;
  summary.id = response.id();
  summary.name = response.name();
  summary.kind = static_cast<int>(response.kind());
  summary.country = response.country();
  if (response.has_location()) {
    summary.location = LatLng{response.location().latitude(), response.location().longitude()};
  }
  Remember(organizations_, id, summary);
  return summary;
}

absl::StatusOr<std::vector<std::string>> RegistryPartnerDirectory::NetworksOf(
    const std::string& organization_id) {
  if (std::optional<std::vector<std::string>> cached = Cached(networks_of_, organization_id)) {
    return *cached;
  }
  std::vector<std::string> ids;
  std::string page_token;
  for (int page = 0; page < kMaxNetworkPages; ++page) {
    grpc::ClientContext context;
    SetDeadline(context);
    rv1::ListNetworksRequest request;
    request.set_member_organization_id(organization_id);
    request.set_page_size(kNetworkPageSize);
    request.set_page_token(page_token);
    rv1::ListNetworksResponse response;
    grpc::Status status = stub_->ListNetworks(&context, request, &response);
    if (!status.ok()) {
      return StatusFromDependency(status, "partner registry",
                                  absl::StrCat("networks of ", organization_id));
    }
    for (const rv1::Network& network : response.networks()) ids.push_back(network.id());
    page_token = response.next_page_token();
    if (page_token.empty()) break;
  }
  Remember(networks_of_, organization_id, ids);
  return ids;
}

absl::Status RegistryPartnerDirectory::CheckNetworkExists(const std::string& network_id) {
  if (Cached(networks_, network_id)) return absl::OkStatus();
  grpc::ClientContext context;
  SetDeadline(context);
  rv1::GetNetworkRequest request;
  request.set_network_id(network_id);
  rv1::Network response;
  grpc::Status status = stub_->GetNetwork(&context, request, &response);
  if (!status.ok())
    return StatusFromDependency(status, "partner registry", absl::StrCat("network ", network_id));
  Remember(networks_, network_id, true);
  return absl::OkStatus();
}

absl::Status RegistryPartnerDirectory::CheckQualificationTypeExists(
    const std::string& qualification_type_id) {
  if (Cached(qualification_types_, qualification_type_id)) return absl::OkStatus();
  grpc::ClientContext context;
  SetDeadline(context);
  rv1::GetQualificationTypeRequest request;
  request.set_qualification_type_id(qualification_type_id);
  rv1::QualificationType response;
  grpc::Status status = stub_->GetQualificationType(&context, request, &response);
  if (!status.ok()) {
    return StatusFromDependency(status, "partner registry",
                                absl::StrCat("qualification type ", qualification_type_id));
  }
  Remember(qualification_types_, qualification_type_id, true);
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, bool>> RegistryPartnerDirectory::CheckQualifications(
    const auth::Caller&, const std::string& person_id, const std::vector<std::string>& type_ids,
    absl::CivilDay first, absl::CivilDay last) {
  std::map<std::string, bool> held;
  for (size_t begin = 0; begin < type_ids.size(); begin += kMaxChecksPerCall) {
    grpc::ClientContext context;
    SetDeadline(context);
    // The registry answers signed-in callers only, and it should see who is asking.
    if (const grpc::ServerContextBase* incoming = IncomingCallScope::Current()) {
      auth::ForwardCredentials(*incoming, context);
    }
    rv1::CheckQualificationsRequest request;
    request.set_person_id(person_id);
    const size_t end = std::min(type_ids.size(), begin + kMaxChecksPerCall);
    for (size_t i = begin; i < end; ++i) request.add_qualification_type_ids(type_ids[i]);
    *request.mutable_start_date() = ToDate(first);
    *request.mutable_end_date() = ToDate(last);
    rv1::CheckQualificationsResponse response;
    grpc::Status status = stub_->CheckQualifications(&context, request, &response);
    if (!status.ok()) {
      return StatusFromDependency(status, "partner registry",
                                  absl::StrCat("qualifications of ", person_id));
    }
    for (const rv1::QualificationCheck& check : response.checks()) {
      held[check.qualification_type_id()] = check.valid();
    }
  }
  return held;
}

}  // namespace leerpool::catalogue
