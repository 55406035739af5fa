// Search over published listings (text, filters, distances, prices, facets, pages) and the
// eligibility answer the booking engine asks for.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
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
  SearchCandidate candidate;
  std::optional<double> distance_km;
  int64_t cost_cents = 0;
  // Sort key: (number, text, listing id), ascending.
  double key_number = 0;
  std::string key_text;
};

bool KeyBefore(double number, const std::string& text, const std::string& id, double other_number,
               const std::string& other_text, const std::string& other_id) {
  return std::tie(number, text, id) < std::tie(other_number, other_text, other_id);
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
  return EncodePageToken({SortName(sort), absl::StrFormat("%.17g", last.key_number), last.key_text,
                          last.candidate.listing.id});
}

// Facet counts over every match, most frequent first.
std::vector<Facet> CountFacets(const std::vector<Match>& matches) {
  std::map<std::string, std::map<std::string, int>> counts;
  for (const Match& match : matches) {
    const Listing& listing = match.candidate.listing;
    counts["category"][std::string(CategoryEnumName(listing.category))]++;
    for (const std::string& code : listing.technologies) counts["technology"][code]++;
    for (const std::string& code : listing.sectors) counts["sector"][code]++;
    for (Audience audience : listing.audiences) {
      counts["audience"][std::string(AudienceEnumName(audience))]++;
    }
    if (!listing.owner_country.empty()) counts["country"][listing.owner_country]++;
    if (listing.owner_kind != 0) counts["owner_kind"][absl::StrCat(listing.owner_kind)]++;
  }
  std::vector<Facet> facets;
  for (const char* name :
       {"category", "technology", "sector", "audience", "country", "owner_kind"}) {
    Facet facet;
    facet.name = name;
    for (const auto& [value, count] : counts[name]) facet.values.push_back({value, count});
    std::stable_sort(facet.values.begin(), facet.values.end(),
                     [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
    facets.push_back(std::move(facet));
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

  // ---- The matches.
  std::vector<SearchCandidate> candidates;
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
    LP_ASSIGN_OR_RETURN(candidates, tx.Search(query));
    return absl::OkStatus();
  }));

  std::vector<Match> matches;
  matches.reserve(candidates.size());
  for (SearchCandidate& candidate : candidates) {
    Match match;
    const Listing& listing = candidate.listing;
    const bool mobile = listing.category == Category::kMobileSetup && listing.mobile;
    if (point && listing.site && listing.site->location) {
      match.distance_km = HaversineKm(*listing.site->location, *point);
    }
    if (request.within_km > 0 &&
        (!match.distance_km || *match.distance_km > request.within_km + kDistanceEpsilonKm)) {
      continue;
    }
    if (request.comes_to_me &&
        (!mobile || !match.distance_km ||
         *match.distance_km > listing.mobile->service_radius_km + kDistanceEpsilonKm)) {
      continue;
    }
    match.cost_cents = EstimateCostCents(candidate.terms.price, hours, learners,
                                         mobile ? match.distance_km : std::nullopt);
    switch (sort) {
      case SearchSort::kRelevance:
        match.key_number = candidate.rank;
        break;
      case SearchSort::kDistance:
        match.key_number = match.distance_km.value_or(HUGE_VAL);
        break;
      case SearchSort::kPrice:
        match.key_number = static_cast<double>(match.cost_cents);
        break;
      case SearchSort::kUnspecified:
        match.key_text = absl::AsciiStrToLower(listing.DisplayTitle());
        break;
    }
    match.candidate = std::move(candidate);
    matches.push_back(std::move(match));
  }
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return KeyBefore(a.key_number, a.key_text, a.candidate.listing.id, b.key_number, b.key_text,
                     b.candidate.listing.id);
  });

  SearchResponse response;
  response.total_count = static_cast<int>(matches.size());
  response.facets = CountFacets(matches);

  // ---- The page: strictly after the cursor. A text relevance depends on the whole
  // collection (bm25's term statistics), so every score moves when listings are added; the
  // page therefore continues after the last listing of the previous page as it is scored now,
  // keeping listings that did not change in the same order relative to it.
  size_t begin = 0;
  if (cursor) {
    PageCursor anchor = *cursor;
    if (sort == SearchSort::kRelevance) {
      for (const Match& match : matches) {
        if (match.candidate.listing.id == anchor.id) anchor.number = match.key_number;
      }
    }
    begin = static_cast<size_t>(std::partition_point(matches.begin(), matches.end(),
                                                     [&](const Match& match) {
                                                       return !KeyBefore(
                                                           anchor.number, anchor.text, anchor.id,
                                                           match.key_number, match.key_text,
                                                           match.candidate.listing.id);
                                                     }) -
                                matches.begin());
  }
  const size_t end = std::min(matches.size(), begin + static_cast<size_t>(page_size));
  if (end < matches.size() && end > begin) {
    response.next_page_token = EncodeSearchToken(sort, matches[end - 1]);
  }

  // ---- Eligibility for the page: one qualification check per distinct day (the sites' zones
  // may differ), never one registry call per result.
  std::map<absl::CivilDay, std::set<std::string>> types_by_day;
  if (organization && !caller.person_id.empty()) {
    for (size_t i = begin; i < end; ++i) {
      const Listing& listing = matches[i].candidate.listing;
      if (listing.owner_organization_id == organization->id) continue;
      for (const std::string& type : matches[i].candidate.terms.required_qualification_type_ids) {
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

  for (size_t i = begin; i < end; ++i) {
    Match& match = matches[i];
    SearchResult result;
    const Listing& listing = match.candidate.listing;
    result.distance_km = match.distance_km;
    if (match.distance_km && listing.category != Category::kELearning) {
      const bool mobile = listing.category == Category::kMobileSetup && listing.mobile;
      result.travel_minutes = TravelMinutes(
          *match.distance_km, mobile ? listing.mobile->travel_speed_kmh : kVisitorSpeedKmh);
    }
    result.estimated_cost_cents = match.cost_cents;
    result.relevance = match.candidate.rank == 0 ? 0 : -match.candidate.rank;
    if (organization) {
      EligibilityFacts facts;
      facts.listing = &listing;
      facts.terms = &match.candidate.terms;
      facts.organization = *organization;
      facts.networks = networks;
      facts.learners = request.learners;
      facts.distance_km = match.distance_km;
      facts.has_person = !caller.person_id.empty();
      if (facts.has_person) facts.qualifications = held_by_day[SiteDay(listing, clock_.Now())];
      result.eligibility = EvaluateEligibility(facts);
    }
    result.listing = std::move(match.candidate.listing);
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
