#include "services/booking/grpc/catalogue_listing_directory.h"

#include "absl/strings/str_cat.h"
#include "services/common/auth/grpc_auth.h"
#include "services/common/dependency_status.h"
#include "services/common/proto_time.h"

namespace leerpool::booking {
namespace {

namespace cv1 = ::leerpool::catalogue::v1;

constexpr size_t kMaxCacheEntries = 10000;

ListingFacts FactsFromProto(const cv1::Listing& listing) {
  ListingFacts facts;
  facts.id = listing.id();
  facts.owner_organization_id = listing.owner_organization_id();
  facts.title = listing.title_nl().empty() ? listing.title_en() : listing.title_nl();
  facts.category = static_cast<Category>(listing.category());
  facts.published = listing.status() == cv1::LISTING_STATUS_PUBLISHED;
  facts.unit_count = listing.unit_count();
  facts.capacity_per_unit = listing.capacity_per_unit();
  facts.terms_version = listing.terms_version();
  facts.site.id = listing.site_id();
  if (listing.has_site()) {
    const cv1::Site& site = listing.site();
    if (site.has_location()) {
      facts.site.location = LatLng{site.location().latitude(), site.location().longitude()};
    }
    facts.site.time_zone = site.time_zone();
    for (const cv1::OpeningPeriod& period : site.opening_hours()) {
      facts.site.opening_hours.push_back({static_cast<int>(period.weekday()),
                                          period.open().hours() * 60 + period.open().minutes(),
                                          period.close().hours() * 60 + period.close().minutes()});
    }
  }
  if (listing.has_mobile()) {
    facts.mobile =
        MobileFacts{listing.mobile().service_radius_km(), listing.mobile().setup_minutes(),
                    listing.mobile().teardown_minutes(), listing.mobile().travel_speed_kmh()};
  }
  return facts;
}

Closure ClosureFromProto(const cv1::Closure& closure) {
  return {closure.id(), closure.listing_id(), FromTimestamp(closure.start_time()),
          FromTimestamp(closure.end_time()), closure.reason()};
}

// Closures are cached per site and UTC day: one cached answer serves a whole day of requests.
absl::Time DayOf(absl::Time t) {
  return absl::FromCivil(absl::ToCivilDay(t, absl::UTCTimeZone()), absl::UTCTimeZone());
}

std::string ClosuresKey(const std::string& site_id, absl::Time day) {
  return absl::StrCat(site_id, "/", absl::ToUnixSeconds(day));
}

}  // namespace

CatalogueListingDirectory::CatalogueListingDirectory(std::shared_ptr<grpc::Channel> catalogue,
                                                     Clock& clock,
                                                     CatalogueDirectoryOptions options)
    : stub_(cv1::CatalogueService::NewStub(std::move(catalogue))),
      clock_(clock),
      options_(options) {}

template <typename T>
std::optional<T> CatalogueListingDirectory::Cached(const Cache<T>& cache, const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = cache.find(key);
  if (it == cache.end() || it->second.expire_time <= clock_.Now()) return std::nullopt;
  return it->second.value;
}

template <typename T>
void CatalogueListingDirectory::Remember(Cache<T>& cache, const std::string& key, T value,
                                         absl::Duration ttl) {
  std::lock_guard lock(mutex_);
  const absl::Time now = clock_.Now();
  if (cache.size() >= kMaxCacheEntries) {
    std::erase_if(cache, [now](const auto& item) { return item.second.expire_time <= now; });
    if (cache.size() >= kMaxCacheEntries) cache.clear();
  }
  cache[key] = Entry<T>{std::move(value), now + ttl};
}

void CatalogueListingDirectory::SetDeadline(grpc::ClientContext& context) const {
  // Real time, not the core's clock: the deadline is about this process waiting.
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.deadline));
}

absl::StatusOr<ListingFacts> CatalogueListingDirectory::GetListing(const std::string& listing_id) {
  if (std::optional<ListingFacts> cached = Cached(listings_, listing_id)) return *cached;
  grpc::ClientContext context;
  SetDeadline(context);
  cv1::GetListingRequest request;
  request.set_listing_id(listing_id);
  cv1::Listing listing;
  grpc::Status status = stub_->GetListing(&context, request, &listing);
  if (!status.ok())
    return StatusFromDependency(status, "equipment catalogue",
                                absl::StrCat("listing ", listing_id));
  ListingFacts facts = FactsFromProto(listing);
  Remember(listings_, listing_id, facts, options_.cache_ttl);
  return facts;
}

absl::StatusOr<Terms> CatalogueListingDirectory::GetTerms(const std::string& listing_id,
                                                          int version) {
  const std::string key = absl::StrCat(listing_id, "/", version);
  if (std::optional<Terms> cached = Cached(terms_, key)) return *cached;
  grpc::ClientContext context;
  SetDeadline(context);
  cv1::GetSharingTermsRequest request;
  request.set_listing_id(listing_id);
  request.set_version(version);
  cv1::SharingTerms proto;
  grpc::Status status = stub_->GetSharingTerms(&context, request, &proto);
  if (!status.ok())
    return StatusFromDependency(status, "equipment catalogue",
                                absl::StrCat("terms of ", listing_id));
  Terms terms;
  terms.version = proto.version();
  terms.approval_required = proto.approval_required();
  terms.intake_required = proto.intake_required();
  terms.min_lead_time_hours = proto.min_lead_time_hours();
  terms.max_duration_hours = proto.max_duration_hours();
  terms.cancellation_deadline_hours = proto.cancellation_deadline_hours();
  terms.cancellation_fee_cents = proto.cancellation_fee_cents();
  terms.quota_hours_per_month = proto.quota_hours_per_month();
  terms.price = {proto.price().per_hour_cents(), proto.price().per_half_day_cents(),
                 proto.price().per_day_cents(), proto.price().per_learner_cents(),
                 proto.price().per_km_cents()};
  terms.deposit_cents = proto.deposit_cents();
  // A numbered version never changes; "current" (0) does.
  Remember(terms_, key, terms, version == 0 ? options_.cache_ttl : options_.terms_ttl);
  return terms;
}

absl::StatusOr<std::vector<Closure>> CatalogueListingDirectory::ListClosures(
    const std::string& site_id, absl::Time end_after) {
  // Asked for closures ending after the start of end_after's UTC day and filtered here.
  const absl::Time day = DayOf(end_after);
  const std::string key = ClosuresKey(site_id, day);
  std::optional<std::vector<Closure>> closures = Cached(closures_, key);
  if (!closures) {
    grpc::ClientContext context;
    SetDeadline(context);
    cv1::ListClosuresRequest request;
    request.set_site_id(site_id);
    *request.mutable_end_after() = ToTimestamp(day);
    cv1::ListClosuresResponse response;
    grpc::Status status = stub_->ListClosures(&context, request, &response);
    if (!status.ok())
      return StatusFromDependency(status, "equipment catalogue",
                                  absl::StrCat("closures of ", site_id));
    closures.emplace();
    for (const cv1::Closure& closure : response.closures()) {
      closures->push_back(ClosureFromProto(closure));
    }
    Remember(closures_, key, *closures, options_.cache_ttl);
  }
  std::vector<Closure> out;
  for (const Closure& closure : *closures) {
    if (closure.end > end_after) out.push_back(closure);
  }
  return out;
}

absl::StatusOr<std::vector<ListingSnapshot>> CatalogueListingDirectory::GetListings(
    const std::vector<std::string>& listing_ids, absl::Time closures_end_after) {
  const absl::Time day = DayOf(closures_end_after);
  std::map<std::string, ListingFacts> facts;
  std::map<std::string, std::vector<Closure>> site_closures;
  std::vector<std::string> missing;
  for (const std::string& id : listing_ids) {
    std::optional<ListingFacts> cached = Cached(listings_, id);
    std::optional<std::vector<Closure>> closures;
    if (cached && !cached->site.id.empty()) {
      closures = Cached(closures_, ClosuresKey(cached->site.id, day));
    }
    if (cached && (cached->site.id.empty() || closures)) {
      if (closures) site_closures[cached->site.id] = *std::move(closures);
      facts[id] = *std::move(cached);
    } else {
      missing.push_back(id);
    }
  }
  // One round trip for whatever the caches lack (the catalogue takes 5000 ids per call).
  constexpr size_t kChunk = 5000;
  for (size_t begin = 0; begin < missing.size(); begin += kChunk) {
    grpc::ClientContext context;
    SetDeadline(context);
    cv1::BatchGetListingsRequest request;
    for (size_t i = begin; i < std::min(missing.size(), begin + kChunk); ++i) {
      request.add_listing_ids(missing[i]);
    }
    *request.mutable_closures_end_after() = ToTimestamp(day);
    cv1::BatchGetListingsResponse response;
    grpc::Status status = stub_->BatchGetListings(&context, request, &response);
    if (!status.ok()) return StatusFromDependency(status, "equipment catalogue", "listings");
    std::map<std::string, std::vector<Closure>> fetched;
    for (const cv1::Listing& listing : response.listings()) {
      if (!listing.site_id().empty()) fetched[listing.site_id()];
    }
    for (const cv1::Closure& closure : response.closures()) {
      fetched[closure.site_id()].push_back(ClosureFromProto(closure));
    }
    for (auto& [site_id, closures] : fetched) {
      Remember(closures_, ClosuresKey(site_id, day), closures, options_.cache_ttl);
      site_closures[site_id] = std::move(closures);
    }
    for (const cv1::Listing& listing : response.listings()) {
      ListingFacts listing_facts = FactsFromProto(listing);
      Remember(listings_, listing.id(), listing_facts, options_.cache_ttl);
      facts[listing.id()] = std::move(listing_facts);
    }
  }
  std::vector<ListingSnapshot> out;
  out.reserve(facts.size());
  for (const std::string& id : listing_ids) {
    auto it = facts.find(id);
    if (it == facts.end()) continue;
    ListingSnapshot snapshot{it->second, {}};
    for (const Closure& closure : site_closures[snapshot.facts.site.id]) {
      if (closure.end > closures_end_after &&
          (closure.listing_id.empty() || closure.listing_id == id)) {
        snapshot.closures.push_back(closure);
      }
    }
    out.push_back(std::move(snapshot));
  }
  return out;
}

absl::StatusOr<EligibilityAnswer> CatalogueListingDirectory::CheckEligibility(
    const auth::Caller&, const EligibilityQuery& query) {
  grpc::ClientContext context;
  SetDeadline(context);
  // The catalogue (and the registry behind it) must see who is asking.
  if (const grpc::ServerContextBase* incoming = IncomingCallScope::Current()) {
    auth::ForwardCredentials(*incoming, context);
  }
  cv1::CheckEligibilityRequest request;
  request.set_listing_id(query.listing_id);
  request.set_organization_id(query.organization_id);
  request.set_person_id(query.person_id);
  *request.mutable_start_time() = ToTimestamp(query.start);
  *request.mutable_end_time() = ToTimestamp(query.end);
  request.set_learners(query.learners);
  if (query.destination) {
    request.mutable_destination()->set_latitude(query.destination->latitude);
    request.mutable_destination()->set_longitude(query.destination->longitude);
  }
  cv1::Eligibility response;
  grpc::Status status = stub_->CheckEligibility(&context, request, &response);
  if (!status.ok())
    return StatusFromDependency(status, "equipment catalogue",
                                absl::StrCat("eligibility for ", query.listing_id));
  EligibilityAnswer answer;
  answer.may_book = response.may_book();
  for (const cv1::EligibilityReason& reason : response.reasons()) {
    answer.reasons.push_back(absl::StrCat(reason.code(), ": ", reason.message()));
  }
  answer.terms_version = response.terms_version();
  answer.approval_required = response.approval_required();
  return answer;
}

}  // namespace leerpool::booking
