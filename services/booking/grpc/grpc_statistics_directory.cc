#include "services/booking/grpc/grpc_statistics_directory.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"

namespace leerpool::booking {
namespace {

namespace cv1 = catalogue::v1;
namespace rv1 = registry::v1;

absl::Status Unavailable(const grpc::Status& status, const std::string& what) {
  return absl::UnavailableError(
      absl::StrCat("statistics could not read ", what, ": ", status.error_message()));
}

std::string ListingKey(const std::string& id, absl::Time from, absl::Time to) {
  return absl::StrCat(id, "@", absl::ToUnixSeconds(from), "-", absl::ToUnixSeconds(to));
}

}  // namespace

GrpcStatisticsDirectory::GrpcStatisticsDirectory(std::shared_ptr<grpc::Channel> catalogue,
                                                 std::shared_ptr<grpc::Channel> registry,
                                                 Clock& clock, StatisticsDirectoryOptions options)
    : catalogue_(cv1::CatalogueService::NewStub(catalogue)),
      registry_(rv1::RegistryService::NewStub(registry)),
      clock_(clock),
      options_(options) {}

template <typename T>
bool GrpcStatisticsDirectory::Lookup(const std::map<std::string, Entry<T>>& cache,
                                     const std::string& key, T& out) {
  std::lock_guard lock(mutex_);
  auto it = cache.find(key);
  if (it == cache.end() || it->second.expire_time <= clock_.Now()) return false;
  out = it->second.value;
  return true;
}

template <typename T>
void GrpcStatisticsDirectory::Remember(std::map<std::string, Entry<T>>& cache,
                                       const std::string& key, T value) {
  std::lock_guard lock(mutex_);
  cache[key] = {std::move(value), clock_.Now() + options_.cache_ttl};
}

void GrpcStatisticsDirectory::SetDeadline(grpc::ClientContext& context) const {
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoMilliseconds(options_.deadline));
}

absl::StatusOr<std::vector<ListingDimensions>> GrpcStatisticsDirectory::GetListings(
    const std::vector<std::string>& listing_ids, absl::Time from, absl::Time to) {
  std::map<std::string, std::optional<ListingDimensions>> found;
  std::vector<std::string> missing;
  for (const std::string& id : listing_ids) {
    std::optional<ListingDimensions> cached;
    if (Lookup(listings_, ListingKey(id, from, to), cached)) {
      found[id] = std::move(cached);
    } else {
      missing.push_back(id);
    }
  }
  constexpr size_t kChunk = 5000;
  for (size_t begin = 0; begin < missing.size(); begin += kChunk) {
    grpc::ClientContext context;
    SetDeadline(context);
    cv1::BatchGetListingsRequest request;
    for (size_t i = begin; i < std::min(missing.size(), begin + kChunk); ++i) {
      request.add_listing_ids(missing[i]);
    }
    *request.mutable_closures_end_after() = ToTimestamp(from);
    cv1::BatchGetListingsResponse response;
    grpc::Status status = catalogue_->BatchGetListings(&context, request, &response);
    if (!status.ok()) return Unavailable(status, "listings from the catalogue");
    for (const std::string& id : response.missing_listing_ids()) {
      Remember<std::optional<ListingDimensions>>(listings_, ListingKey(id, from, to), std::nullopt);
      found[id] = std::nullopt;
    }
    for (const cv1::Listing& listing : response.listings()) {
      ListingDimensions d;
      d.id = listing.id();
      d.owner_organization_id = listing.owner_organization_id();
      d.title = !listing.title_nl().empty() ? listing.title_nl() : listing.title_en();
      d.category = static_cast<Category>(listing.category());
      d.technologies.assign(listing.technologies().begin(), listing.technologies().end());
      d.sectors.assign(listing.sectors().begin(), listing.sectors().end());
      d.owner_country = listing.owner_country();
      d.unit_count = listing.unit_count();
      d.mobile = listing.category() == cv1::CATEGORY_MOBILE_SETUP;
      d.time_zone = listing.site().time_zone();
      for (const cv1::OpeningPeriod& p : listing.site().opening_hours()) {
        d.opening_hours.push_back({static_cast<int>(p.weekday()),
                                   p.open().hours() * 60 + p.open().minutes(),
                                   p.close().hours() * 60 + p.close().minutes()});
      }
      for (const cv1::Closure& c : response.closures()) {
        if (c.site_id() != listing.site_id()) continue;
        if (!c.listing_id().empty() && c.listing_id() != listing.id()) continue;
        Closure closure{c.id(), c.listing_id(), FromTimestamp(c.start_time()),
                        FromTimestamp(c.end_time()), c.reason()};
        if (closure.start < to && closure.end > from) d.closures.push_back(std::move(closure));
      }
      if (listing.terms_version() > 0) {
        grpc::ClientContext terms_context;
        SetDeadline(terms_context);
        cv1::GetSharingTermsRequest terms_request;
        terms_request.set_listing_id(listing.id());
        cv1::SharingTerms terms;
        grpc::Status terms_status =
            catalogue_->GetSharingTerms(&terms_context, terms_request, &terms);
        if (terms_status.ok()) {
          d.acquisition_cost_cents = terms.acquisition_cost_cents();
          d.expected_lifetime_years = terms.expected_lifetime_years();
          d.disclose_borrower_names = terms.disclose_borrower_names();
        } else if (terms_status.error_code() != grpc::StatusCode::NOT_FOUND) {
          return Unavailable(terms_status, "sharing terms from the catalogue");
        }
      }
      Remember<std::optional<ListingDimensions>>(listings_, ListingKey(d.id, from, to), d);
      found[d.id] = std::move(d);
    }
  }
  std::vector<ListingDimensions> out;
  for (const std::string& id : listing_ids) {
    auto it = found.find(id);
    if (it != found.end() && it->second) out.push_back(*it->second);
  }
  return out;
}

absl::StatusOr<std::optional<OrganizationDimensions>> GrpcStatisticsDirectory::GetOrganization(
    const std::string& organization_id) {
  std::optional<OrganizationDimensions> cached;
  if (Lookup(organizations_, organization_id, cached)) return cached;
  grpc::ClientContext context;
  SetDeadline(context);
  rv1::GetOrganizationRequest request;
  request.set_organization_id(organization_id);
  rv1::Organization org;
  grpc::Status status = registry_->GetOrganization(&context, request, &org);
  std::optional<OrganizationDimensions> result;
  if (status.ok()) {
    result = OrganizationDimensions{org.id(), org.name(), static_cast<OrganizationKind>(org.kind()),
                                    org.country(), org.region()};
  } else if (status.error_code() != grpc::StatusCode::NOT_FOUND &&
             status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) {
    return Unavailable(status, "an organisation from the registry");
  }
  Remember(organizations_, organization_id, result);
  return result;
}

absl::StatusOr<std::optional<NetworkDimensions>> GrpcStatisticsDirectory::GetNetwork(
    const std::string& network_id) {
  std::optional<NetworkDimensions> cached;
  if (Lookup(networks_, network_id, cached)) return cached;
  std::optional<NetworkDimensions> result;
  {
    grpc::ClientContext context;
    SetDeadline(context);
    rv1::GetNetworkRequest request;
    request.set_network_id(network_id);
    rv1::Network network;
    grpc::Status status = registry_->GetNetwork(&context, request, &network);
    if (status.ok()) {
      result = NetworkDimensions{network.id(), network.owner_organization_id(), {}};
    } else if (status.error_code() != grpc::StatusCode::NOT_FOUND &&
               status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) {
      return Unavailable(status, "a network from the registry");
    }
  }
  std::string page_token;
  while (result) {
    grpc::ClientContext context;
    SetDeadline(context);
    rv1::ListNetworkMembersRequest request;
    request.set_network_id(network_id);
    request.set_page_size(200);
    request.set_page_token(page_token);
    rv1::ListNetworkMembersResponse response;
    grpc::Status status = registry_->ListNetworkMembers(&context, request, &response);
    if (!status.ok()) return Unavailable(status, "network members from the registry");
    for (const rv1::NetworkMember& m : response.members()) {
      result->member_organization_ids.push_back(m.organization_id());
    }
    page_token = response.next_page_token();
    if (page_token.empty()) break;
  }
  Remember(networks_, network_id, result);
  return result;
}

}  // namespace leerpool::booking
