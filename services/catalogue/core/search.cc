// Search over published listings (text, filters, distances, prices, facets, pages) and the
// eligibility answer the booking engine asks for.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/eligibility.h"
#include "services/catalogue/core/estimates.h"
#include "services/catalogue/core/internal.h"
#include "services/catalogue/core/search_text.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {
namespace {

using internal::FieldError;

constexpr size_t kMaxQueryBytes = 200;
constexpr size_t kMaxQueryWords = 16;
constexpr int kDefaultSearchPageSize = 20;
constexpr int kMaxSearchPageSize = 100;
constexpr double kDefaultDurationHours = 4;
constexpr double kMaxDurationHours = 24 * 366;
constexpr int kMaxLearners = 100000;
// A listing exactly `within_km` (or its service radius) away is in: this absorbs the last
// bits of floating-point noise in the distance.
constexpr double kDistanceEpsilonKm = 1e-9;

// Everything about a match the core computes, and the key it sorts by.
struct Match {
  const SearchFacts* facts = nullptr;
  double rank = 0;
  std::optional<double> distance_km;
  int64_t cost_cents = 0;
  // Sort key: (number, text, listing id), ascending.
  double key_number = 0;
  std::string_view key_text;
  std::optional<int> free_units;
};

bool KeyBefore(double number, std::string_view text, std::string_view id, double other_number,
               std::string_view other_text, std::string_view other_id) {
  return std::tie(number, text, id) < std::tie(other_number, other_text, other_id);
}

bool MatchBefore(const Match& a, const Match& b) {
  return KeyBefore(a.key_number, a.key_text, a.facts->listing_id, b.key_number, b.key_text,
                   b.facts->listing_id);
}

std::string SortName(SearchSort sort) {
  switch (sort) {
    case SearchSort::kRelevance:
      return "relevance";
    case SearchSort::kDistance:
      return "distance";
    case SearchSort::kPrice:
      return "price";
    case SearchSort::kUnspecified:
      break;
  }
  return "title";
}

struct PageCursor {
  double number = 0;
  std::string text;
  std::string id;
};

absl::StatusOr<std::optional<PageCursor>> DecodeSearchToken(const std::string& token,
                                                            SearchSort sort) {
  if (token.empty()) return std::optional<PageCursor>();
  LP_ASSIGN_OR_RETURN(const std::vector<std::string> parts, DecodePageToken(token, 4));
  PageCursor cursor;
  if (parts[0] != SortName(sort) || !absl::SimpleAtod(parts[1], &cursor.number)) {
    return FieldError("page_token", "not a token for this search's sort order");
  }
  cursor.text = parts[2];
  cursor.id = parts[3];
  return std::optional<PageCursor>(std::move(cursor));
}

std::string EncodeSearchToken(SearchSort sort, const Match& last) {
  return EncodePageToken({SortName(sort), absl::StrFormat("%.17g", last.key_number),
                          std::string(last.key_text), last.facts->listing_id});
}

// Facet counts over every match, most frequent first, then by value. This runs once per
// match, so it counts by small integers (enum values, the store's facet keys), never by
// string.
std::vector<Facet> CountFacets(const std::vector<Match>& matches,
                               const std::vector<FacetKey>& facet_values) {
  std::array<int, kMaxCategory + 1> categories{};
  std::array<int, kMaxAudience + 1> audiences{};
  std::array<int, kMaxOrganizationKind + 1> owner_kinds{};
  std::vector<int> keyed(facet_values.size(), 0);
  for (const Match& match : matches) {
    const SearchFacts& facts = *match.facts;
    const int category = static_cast<int>(facts.category);
    if (category >= 0 && category <= kMaxCategory) categories[category]++;
    for (uint32_t key : facts.facet_keys) {
      if (key < keyed.size()) keyed[key]++;
    }
    for (Audience audience : facts.audiences) {
      const int value = static_cast<int>(audience);
      if (value >= 0 && value <= kMaxAudience) audiences[value]++;
    }
    if (facts.owner_kind > 0 && facts.owner_kind <= kMaxOrganizationKind) {
      owner_kinds[facts.owner_kind]++;
    }
  }
  std::map<std::string, std::vector<FacetValue>> values;
  for (int i = 0; i <= kMaxCategory; ++i) {
    if (categories[i] > 0) {
      values["category"].push_back(
          {std::string(CategoryEnumName(static_cast<Category>(i))), categories[i]});
    }
  }
  for (int i = 0; i <= kMaxAudience; ++i) {
    if (audiences[i] > 0) {
      values["audience"].push_back(
          {std::string(AudienceEnumName(static_cast<Audience>(i))), audiences[i]});
    }
  }
  for (int i = 1; i <= kMaxOrganizationKind; ++i) {
    if (owner_kinds[i] > 0) values["owner_kind"].push_back({absl::StrCat(i), owner_kinds[i]});
  }
  for (size_t key = 0; key < keyed.size(); ++key) {
    if (keyed[key] > 0) {
      values[facet_values[key].facet].push_back({facet_values[key].value, keyed[key]});
    }
  }
  std::vector<Facet> facets;
  for (const char* name :
       {"category", "technology", "sector", "audience", "country", "owner_kind"}) {
    std::vector<FacetValue>& list = values[name];
    std::sort(list.begin(), list.end(), [](const FacetValue& a, const FacetValue& b) {
      return std::tie(b.count, a.value) < std::tie(a.count, b.value);
    });
    facets.push_back(Facet{name, std::move(list)});
  }
  return facets;
}

absl::Status CheckCodes(std::string_view field, const std::vector<std::string>& codes) {
  if (codes.size() > internal::kMaxListItems) {
    return FieldError(field, absl::StrCat("at most ", internal::kMaxListItems, " values"));
  }
  for (const std::string& code : codes) {
    LP_RETURN_IF_ERROR(internal::CheckLength(field, code, 64));
  }
  return absl::OkStatus();
}

// The organisation a signed-in caller acts for: the one named (theirs, or any for a platform
// admin), else their only one. Empty when there is none to act for.
absl::StatusOr<std::string> ActingOrganization(const auth::Caller& caller,
                                               const std::string& requested,
                                               const std::string& what) {
  if (!requested.empty()) {
    LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, what));
    LP_RETURN_IF_ERROR(internal::CheckLength("organization_id", requested, internal::kMaxIdBytes));
    if (!caller.platform_admin && !caller.IsMemberOf(requested)) {
      return absl::PermissionDeniedError(absl::StrCat("not a member of organization ", requested));
    }
    return requested;
  }
  if (!caller.anonymous() && caller.roles.size() == 1) return caller.roles.begin()->first;
  return std::string();
}

// The day `time` falls on at the site (the zone its hours are stated in).
absl::CivilDay SiteDay(const Listing& listing, absl::Time time) {
  const absl::TimeZone zone =
      listing.site ? internal::SiteZone(*listing.site) : absl::UTCTimeZone();
  return absl::ToCivilDay(time, zone);
}

}  // namespace

absl::StatusOr<SearchResponse> Catalogue::SearchListings(const auth::Caller& caller,
                                                         const SearchRequest& request) {
  // ---- The request, validated.
  LP_RETURN_IF_ERROR(internal::CheckLength("q", request.q, kMaxQueryBytes));
  SearchQuery query;
  query.words = SplitSearchText(request.q);
  if (query.words.size() > kMaxQueryWords) {
    return FieldError("q", absl::StrCat("at most ", kMaxQueryWords, " words"));
  }
  for (Category category : request.categories) {
    const int value = static_cast<int>(category);
    if (value < 1 || value > kMaxCategory) {
      return FieldError("categories", absl::StrCat("unknown category ", value));
    }
  }
  query.categories = request.categories;
  LP_RETURN_IF_ERROR(CheckCodes("technologies", request.technologies));
  LP_RETURN_IF_ERROR(CheckCodes("sectors", request.sectors));
  LP_RETURN_IF_ERROR(CheckCodes("competences", request.competences));
  query.technologies = request.technologies;
  query.sectors = request.sectors;
  query.competences = request.competences;
  for (Audience audience : request.audiences) {
    const int value = static_cast<int>(audience);
    if (value < 1 || value > kMaxAudience) {
      return FieldError("audiences", absl::StrCat("unknown audience ", value));
    }
  }
  query.audiences = request.audiences;
  if (!request.country.empty()) {
    query.owner_country = absl::AsciiStrToUpper(request.country);
    if (query.owner_country.size() != 2 || !absl::ascii_isalpha(query.owner_country[0]) ||
        !absl::ascii_isalpha(query.owner_country[1])) {
      return FieldError("country", "must be a two-letter country code such as NL or BE");
    }
  }
  if (request.owner_kind < 0 || request.owner_kind > kMaxOrganizationKind) {
    return FieldError("owner_kind", "must be an organisation kind (1..7)");
  }
  query.owner_kind = request.owner_kind;
  if (request.max_price_per_hour_cents < 0) {
    return FieldError("max_price_per_hour_cents", "must not be negative");
  }
  if (request.max_price_per_hour_cents > 0) {
    query.max_price_per_hour_cents = request.max_price_per_hour_cents;
  }
  if (request.learners < 0 || request.learners > kMaxLearners) {
    return FieldError("learners", absl::StrCat("must be between 0 and ", kMaxLearners));
  }
  query.min_capacity_per_unit = request.learners;
  if (!std::isfinite(request.within_km) || request.within_km < 0) {
    return FieldError("within_km", "must not be negative");
  }
  if (!std::isfinite(request.duration_hours) || request.duration_hours < 0 ||
      request.duration_hours > kMaxDurationHours) {
    return FieldError("duration_hours", "must be between 0 and 8784");
  }
  const double hours = request.duration_hours > 0 ? request.duration_hours : kDefaultDurationHours;
  const int learners = request.learners > 0 ? request.learners : 1;
  const int sort_value = static_cast<int>(request.sort);
  if (sort_value < 0 || sort_value > static_cast<int>(SearchSort::kPrice)) {
    return FieldError("sort", "unknown sort order");
  }
  LP_ASSIGN_OR_RETURN(
      const int page_size,
      ResolvePageSize(request.page_size, kDefaultSearchPageSize, kMaxSearchPageSize));
  std::optional<LatLng> point;
  if (!request.near.empty()) {
    LP_ASSIGN_OR_RETURN(point, ParseLatLng("near", request.near));
  }

  // ---- Who is asking: the organisation to answer "may I book" for, and its location as the
  // default point.
  LP_ASSIGN_OR_RETURN(
      const std::string organization_id,
      ActingOrganization(caller, request.organization_id, "search as an organization"));
  std::optional<OrganizationSummary> organization;
  std::vector<std::string> networks;
  if (!organization_id.empty()) {
    LP_ASSIGN_OR_RETURN(organization, directory_.GetOrganization(organization_id));
    LP_ASSIGN_OR_RETURN(networks, directory_.NetworksOf(organization_id));
    if (!point) point = organization->location;
  }

  if (request.within_km > 0 && !point) {
    return FieldError("within_km", "needs near (or an organisation with a location)");
  }
  if (request.comes_to_me && !point) {
    return FieldError("comes_to_me", "needs near (or an organisation with a location)");
  }
  SearchSort sort = request.sort;
  if (sort == SearchSort::kUnspecified) {
    sort = !query.words.empty() ? SearchSort::kRelevance
           : point              ? SearchSort::kDistance
                                : SearchSort::kUnspecified;
  }
  if (sort == SearchSort::kRelevance && query.words.empty()) {
    return FieldError("sort", "relevance needs search text (q)");
  }
  if (sort == SearchSort::kDistance && !point) {
    return FieldError("sort", "distance needs near (or an organisation with a location)");
  }
  LP_ASSIGN_OR_RETURN(const std::optional<PageCursor> cursor,
                      DecodeSearchToken(request.page_token, sort));

  // ---- The availability window: both ends or neither.
  if (request.available_start.has_value() != request.available_end.has_value()) {
    return request.available_start
               ? FieldError("available_end", "is required with available_start")
               : FieldError("available_start", "is required with available_end");
  }
  const bool window = request.available_start.has_value();
  if (window && *request.available_end <= *request.available_start) {
    return FieldError("available_end", "must be after available_start");
  }
  if (window && availability_ == nullptr) {
    return absl::FailedPreconditionError(
        "availability filter needs the booking engine (--booking)");
  }

  // ---- The matches: light facts of every one, from one snapshot. Text ranks cost the most
  // per match, so they are computed for every match only when relevance orders them all;
  // otherwise for the matches left after the distance and availability filters (relevance) or
  // for the page (any other order).
  const bool text = !query.words.empty();
  const bool filtered_later = request.within_km > 0 || request.comes_to_me || window;
  query.rank = text && sort == SearchSort::kRelevance && !filtered_later;
  auto rank = [&](std::vector<Match>& ranked, CatalogueTransaction& tx) -> absl::Status {
    std::vector<SearchHit> hits;
    hits.reserve(ranked.size());
    for (const Match& match : ranked) hits.push_back({match.facts, 0});
    std::vector<SearchHit*> pointers;
    for (SearchHit& hit : hits) pointers.push_back(&hit);
    LP_RETURN_IF_ERROR(tx.RankHits(query.words, pointers));
    for (size_t i = 0; i < ranked.size(); ++i) ranked[i].rank = hits[i].rank;
    return absl::OkStatus();
  };
  SearchMatches found;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const internal::VocabularyIndex vocabulary, internal::LoadVocabulary(tx));
    for (const auto& [field, codes] : {std::pair<const char*, const std::vector<std::string>*>{
                                           "technologies", &query.technologies},
                                       {"sectors", &query.sectors},
                                       {"competences", &query.competences}}) {
      for (const std::string& code : *codes) {
        if (!vocabulary.contains(code)) {
          return FieldError(field, absl::StrCat("unknown vocabulary term \"", code, "\""));
        }
      }
    }
    LP_ASSIGN_OR_RETURN(found, tx.Search(query));
    return absl::OkStatus();
  }));

  std::vector<Match> matches;
  matches.reserve(found.hits.size());
  for (const SearchHit& hit : found.hits) {
    const SearchFacts& facts = *hit.facts;
    Match match;
    match.facts = &facts;
    match.rank = hit.rank;
    const bool mobile = facts.category == Category::kMobileSetup && facts.service_radius_km;
    if (point && facts.location) match.distance_km = HaversineKm(*facts.location, *point);
    if (request.within_km > 0 &&
        (!match.distance_km || *match.distance_km > request.within_km + kDistanceEpsilonKm)) {
      continue;
    }
    if (request.comes_to_me &&
        (!mobile || !match.distance_km ||
         *match.distance_km > *facts.service_radius_km + kDistanceEpsilonKm)) {
      continue;
    }
    match.cost_cents =
        EstimateCostCents(facts.price, hours, learners, mobile ? match.distance_km : std::nullopt);
    switch (sort) {
      case SearchSort::kRelevance:
        match.key_number = hit.rank;
        break;
      case SearchSort::kDistance:
        match.key_number = match.distance_km.value_or(HUGE_VAL);
        break;
      case SearchSort::kPrice:
        match.key_number = static_cast<double>(match.cost_cents);
        break;
      case SearchSort::kUnspecified:
        match.key_text = facts.title_key;
        break;
    }
    matches.push_back(match);
  }

  // ---- Availability: after every other filter (the fewest ids to ask about), before facets
  // and paging (so both count only what can be booked in the window).
  if (window && !matches.empty()) {
    AvailabilityQuery ask;
    ask.start = *request.available_start;
    ask.end = *request.available_end;
    ask.learners = learners;
    ask.destination = point;
    std::map<std::string, int> free;
    for (size_t begin = 0; begin < matches.size();
         begin += AvailabilityDirectory::kMaxListingsPerCall) {
      const size_t chunk_end =
          std::min(matches.size(), begin + AvailabilityDirectory::kMaxListingsPerCall);
      ask.listing_ids.clear();
      for (size_t i = begin; i < chunk_end; ++i) {
        ask.listing_ids.push_back(matches[i].facts->listing_id);
      }
      using FreeUnitsById = std::map<std::string, int>;
      LP_ASSIGN_OR_RETURN(FreeUnitsById chunk, availability_->FreeUnits(caller, ask));
      free.merge(chunk);
    }
    std::erase_if(matches, [&free](Match& match) {
      auto it = free.find(match.facts->listing_id);
      if (it == free.end() || it->second <= 0) return true;
      match.free_units = it->second;
      return false;
    });
  }

  if (text && sort == SearchSort::kRelevance && !query.rank) {
    LP_RETURN_IF_ERROR(
        store_.Read([&](CatalogueTransaction& tx) -> absl::Status { return rank(matches, tx); }));
    for (Match& match : matches) match.key_number = match.rank;
  }

  SearchResponse response;
  response.total_count = static_cast<int>(matches.size());
  static const std::vector<FacetKey> kNoFacetValues;
  response.facets = CountFacets(matches, found.facet_values ? *found.facet_values : kNoFacetValues);

  // ---- The page: strictly after the cursor. A text relevance depends on the whole
  // collection (bm25's term statistics), so every score moves when listings are added; the
  // page therefore continues after the last listing of the previous page as it is scored now,
  // keeping listings that did not change in the same order relative to it. Only the page is
  // ordered, not every match.
  std::vector<Match>& page = matches;
  if (cursor) {
    PageCursor anchor = *cursor;
    if (sort == SearchSort::kRelevance) {
      for (const Match& match : matches) {
        if (match.facts->listing_id == anchor.id) anchor.number = match.key_number;
      }
    }
    std::erase_if(page, [&anchor](const Match& match) {
      return !KeyBefore(anchor.number, anchor.text, anchor.id, match.key_number, match.key_text,
                        match.facts->listing_id);
    });
  }
  const size_t count = std::min(page.size(), static_cast<size_t>(page_size));
  std::partial_sort(page.begin(), page.begin() + static_cast<ptrdiff_t>(count), page.end(),
                    MatchBefore);
  const bool more = page.size() > count;
  page.resize(count);
  if (more && count > 0) response.next_page_token = EncodeSearchToken(sort, page.back());

  // ---- The page's listings in full. A listing unpublished since the matches were read is
  // left out rather than shown as it no longer is.
  std::vector<std::string> page_ids;
  for (const Match& match : page) page_ids.push_back(match.facts->listing_id);
  std::vector<SearchCandidate> loaded;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    if (text && sort != SearchSort::kRelevance) LP_RETURN_IF_ERROR(rank(page, tx));
    LP_ASSIGN_OR_RETURN(loaded, tx.LoadSearchResults(page_ids));
    return absl::OkStatus();
  }));
  std::map<std::string, SearchCandidate*> loaded_by_id;
  for (SearchCandidate& candidate : loaded) loaded_by_id[candidate.listing.id] = &candidate;

  // ---- Eligibility for the page: one qualification check per distinct day (the sites' zones
  // may differ), never one registry call per result.
  std::map<absl::CivilDay, std::set<std::string>> types_by_day;
  if (organization && !caller.person_id.empty()) {
    for (const SearchCandidate& candidate : loaded) {
      const Listing& listing = candidate.listing;
      if (listing.owner_organization_id == organization->id) continue;
      for (const std::string& type : candidate.terms.required_qualification_type_ids) {
        types_by_day[SiteDay(listing, clock_.Now())].insert(type);
      }
    }
  }
  std::map<absl::CivilDay, std::map<std::string, bool>> held_by_day;
  for (const auto& [day, types] : types_by_day) {
    LP_ASSIGN_OR_RETURN(held_by_day[day],
                        directory_.CheckQualifications(caller, caller.person_id,
                                                       {types.begin(), types.end()}, day, day));
  }

  for (const Match& match : page) {
    auto found_listing = loaded_by_id.find(match.facts->listing_id);
    if (found_listing == loaded_by_id.end()) continue;
    SearchCandidate& candidate = *found_listing->second;
    SearchResult result;
    const Listing& listing = candidate.listing;
    result.distance_km = match.distance_km;
    if (match.distance_km && listing.category != Category::kELearning) {
      const bool mobile = listing.category == Category::kMobileSetup && listing.mobile;
      result.travel_minutes = TravelMinutes(
          *match.distance_km, mobile ? listing.mobile->travel_speed_kmh : kVisitorSpeedKmh);
    }
    result.estimated_cost_cents = match.cost_cents;
    result.relevance = match.rank == 0 ? 0 : -match.rank;
    result.free_units = match.free_units;
    if (organization) {
      EligibilityFacts facts;
      facts.listing = &listing;
      facts.terms = &candidate.terms;
      facts.organization = *organization;
      facts.networks = networks;
      facts.learners = request.learners;
      facts.distance_km = match.distance_km;
      facts.has_person = !caller.person_id.empty();
      if (facts.has_person) facts.qualifications = held_by_day[SiteDay(listing, clock_.Now())];
      result.eligibility = EvaluateEligibility(facts);
    }
    result.listing = std::move(candidate.listing);
    response.results.push_back(std::move(result));
  }
  return response;
}

absl::StatusOr<Eligibility> Catalogue::CheckEligibility(const auth::Caller& caller,
                                                        const EligibilityRequest& request) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "check eligibility"));
  LP_RETURN_IF_ERROR(internal::CheckId("listing_id", request.listing_id));
  LP_ASSIGN_OR_RETURN(const std::string organization_id,
                      ActingOrganization(caller, request.organization_id, "check eligibility"));
  if (organization_id.empty()) {
    return FieldError("organization_id",
                      "is required unless you belong to exactly one organisation");
  }
  LP_RETURN_IF_ERROR(internal::CheckLength("person_id", request.person_id, internal::kMaxIdBytes));
  if (request.learners < 0 || request.learners > kMaxLearners) {
    return FieldError("learners", absl::StrCat("must be between 0 and ", kMaxLearners));
  }
  if (request.destination) {
    LP_RETURN_IF_ERROR(internal::CheckLatLng("destination", *request.destination));
  }
  if (request.start_time && request.end_time && *request.end_time < *request.start_time) {
    return FieldError("end_time", "must not be before start_time");
  }
  if (request.end_time && !request.start_time) {
    return FieldError("start_time", "is required with end_time");
  }

  Listing listing;
  std::optional<SharingTerms> terms;
  LP_RETURN_IF_ERROR(store_.Read([&](CatalogueTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(listing, internal::GetVisibleListing(tx, caller, request.listing_id));
    if (!listing.site_id.empty()) {
      LP_ASSIGN_OR_RETURN(listing.site, tx.GetSite(listing.site_id));
    }
    if (listing.terms_version > 0) {
      LP_ASSIGN_OR_RETURN(terms, tx.GetSharingTerms(listing.id, listing.terms_version));
    }
    return absl::OkStatus();
  }));

  EligibilityFacts facts;
  facts.listing = &listing;
  facts.terms = terms ? &*terms : nullptr;
  LP_ASSIGN_OR_RETURN(facts.organization, directory_.GetOrganization(organization_id));
  LP_ASSIGN_OR_RETURN(facts.networks, directory_.NetworksOf(organization_id));
  facts.learners = request.learners;
  const std::optional<LatLng> destination =
      request.destination ? request.destination : facts.organization.location;
  if (destination && listing.site && listing.site->location) {
    facts.distance_km = HaversineKm(*listing.site->location, *destination);
  }
  const std::string person_id = !request.person_id.empty() ? request.person_id : caller.person_id;
  facts.has_person = !person_id.empty();
  if (terms && facts.has_person && !terms->required_qualification_type_ids.empty() &&
      organization_id != listing.owner_organization_id) {
    const absl::Time start = request.start_time.value_or(clock_.Now());
    // A session ending at midnight does not need the qualification on the next day.
    const absl::Time end = request.end_time && *request.end_time > start
                               ? *request.end_time - absl::Microseconds(1)
                               : start;
    LP_ASSIGN_OR_RETURN(
        facts.qualifications,
        directory_.CheckQualifications(caller, person_id, terms->required_qualification_type_ids,
                                       SiteDay(listing, start), SiteDay(listing, end)));
  }
  return EvaluateEligibility(facts);
}

}  // namespace leerpool::catalogue
