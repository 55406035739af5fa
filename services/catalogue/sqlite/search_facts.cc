#include "services/catalogue/sqlite/search_facts.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue::sqlite_internal {
namespace {

absl::StatusOr<int64_t> Generation(storage::Database& db) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      db.Prepare("SELECT n FROM search_generation WHERE id = 1"));
  LP_ASSIGN_OR_RETURN(const bool found, select.Step());
  if (!found) return absl::InternalError("catalogue store: search_generation has no row");
  return select.Int(0);
}

std::vector<Audience> AudiencesFromJson(const std::string& text) {
  std::vector<Audience> audiences;
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return audiences;
  for (const nlohmann::json& value : parsed) {
    if (value.is_number_integer()) audiences.push_back(static_cast<Audience>(value.get<int>()));
  }
  return audiences;
}

absl::StatusOr<std::shared_ptr<const FactsSnapshot>> Build(storage::Database& db,
                                                           int64_t generation) {
  auto snapshot = std::make_shared<FactsSnapshot>();
  snapshot->generation = generation;
  std::map<std::pair<std::string, std::string>, uint32_t> keys;
  auto key = [&](const char* facet, const std::string& value) {
    auto [it, added] = keys.try_emplace({facet, value}, 0);
    if (added) {
      it->second = static_cast<uint32_t>(snapshot->facet_values.size());
      snapshot->facet_values.push_back({facet, value});
    }
    return it->second;
  };
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      db.Prepare("SELECT l.seq, l.id, l.category, l.capacity_per_unit, l.audiences, "
                 "l.mobile_service_radius_km, l.title_nl, l.title_en, o.country, o.kind, "
                 "s.latitude, s.longitude, t.price_per_hour_cents, t.price_per_half_day_cents, "
                 "t.price_per_day_cents, t.price_per_learner_cents, t.price_per_km_cents "
                 "FROM listings l JOIN owners o ON o.id = l.owner_organization_id "
                 "JOIN sharing_terms t ON t.listing_id = l.id AND t.version = l.terms_version "
                 "LEFT JOIN sites s ON s.id = l.site_id WHERE l.status = 2"));
  for (;;) {
    LP_ASSIGN_OR_RETURN(const bool has_row, select.Step());
    if (!has_row) break;
    SearchFacts facts;
    facts.row = select.Int(0);
    facts.listing_id = select.Text(1);
    facts.category = static_cast<Category>(select.Int(2));
    facts.capacity_per_unit = static_cast<int>(select.Int(3));
    facts.audiences = AudiencesFromJson(select.Text(4));
    if (!select.IsNull(5)) facts.service_radius_km = select.Double(5);
    std::string title = select.Text(6);
    if (title.empty()) title = select.Text(7);
    facts.title_key = absl::AsciiStrToLower(title);
    facts.owner_country = select.Text(8);
    if (!facts.owner_country.empty())
      facts.facet_keys.push_back(key("country", facts.owner_country));
    facts.owner_kind = static_cast<int>(select.Int(9));
    if (!select.IsNull(10)) facts.location = LatLng{select.Double(10), select.Double(11)};
    facts.price = {select.Int(12), select.Int(13), select.Int(14), select.Int(15), select.Int(16)};
    snapshot->index_by_seq.emplace(select.Int(0), static_cast<uint32_t>(snapshot->facts.size()));
    snapshot->facts.push_back(std::move(facts));
  }
  LP_ASSIGN_OR_RETURN(storage::Statement tags,
                      db.Prepare("SELECT g.listing_seq, g.code, v.kind FROM listing_tags g "
                                 "JOIN vocabulary_terms v ON v.code = g.code "
                                 "ORDER BY g.listing_seq, g.position"));
  for (;;) {
    LP_ASSIGN_OR_RETURN(const bool has_row, tags.Step());
    if (!has_row) break;
    auto it = snapshot->index_by_seq.find(tags.Int(0));
    if (it == snapshot->index_by_seq.end()) continue;
    SearchFacts& facts = snapshot->facts[it->second];
    switch (static_cast<VocabularyKind>(tags.Int(2))) {
      case VocabularyKind::kTechnology:
        facts.technologies.push_back(tags.Text(1));
        facts.facet_keys.push_back(key("technology", facts.technologies.back()));
        break;
      case VocabularyKind::kSector:
        facts.sectors.push_back(tags.Text(1));
        facts.facet_keys.push_back(key("sector", facts.sectors.back()));
        break;
      case VocabularyKind::kCompetence:
        facts.competences.push_back(tags.Text(1));
        break;
      case VocabularyKind::kUnspecified:
        break;
    }
  }
  return std::shared_ptr<const FactsSnapshot>(std::move(snapshot));
}

bool Contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// A code of any kind filters among every tag of the listing, as the vocabulary's codes are
// unique across kinds.
bool HasAnyTag(const SearchFacts& facts, const std::vector<std::string>& codes) {
  if (codes.empty()) return true;
  for (const std::string& code : codes) {
    if (Contains(facts.technologies, code) || Contains(facts.sectors, code) ||
        Contains(facts.competences, code)) {
      return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const FactsSnapshot>> SearchFactsCache::Get(storage::Database& db,
                                                                           bool remember) {
  LP_ASSIGN_OR_RETURN(const int64_t generation, Generation(db));
  {
    std::lock_guard lock(mutex_);
    if (latest_ && latest_->generation == generation) return latest_;
  }
  // Built outside the lock: concurrent readers of the same new generation may each build
  // it once, which costs less than making every reader wait for one builder.
  LP_ASSIGN_OR_RETURN(std::shared_ptr<const FactsSnapshot> built, Build(db, generation));
  if (!remember) return built;
  std::lock_guard lock(mutex_);
  if (!latest_ || latest_->generation < generation) latest_ = built;
  return built;
}

bool MatchesFilters(const SearchFacts& facts, const SearchQuery& query) {
  if (!query.categories.empty() && std::find(query.categories.begin(), query.categories.end(),
                                             facts.category) == query.categories.end()) {
    return false;
  }
  if (!HasAnyTag(facts, query.technologies) || !HasAnyTag(facts, query.sectors) ||
      !HasAnyTag(facts, query.competences)) {
    return false;
  }
  if (!query.audiences.empty() &&
      std::none_of(facts.audiences.begin(), facts.audiences.end(), [&](Audience audience) {
        return std::find(query.audiences.begin(), query.audiences.end(), audience) !=
               query.audiences.end();
      })) {
    return false;
  }
  if (!query.owner_country.empty() && facts.owner_country != query.owner_country) return false;
  if (query.owner_kind != 0 && facts.owner_kind != query.owner_kind) return false;
  if (facts.capacity_per_unit < query.min_capacity_per_unit) return false;
  if (query.max_price_per_hour_cents &&
      facts.price.per_hour_cents > *query.max_price_per_hour_cents) {
    return false;
  }
  return true;
}

}  // namespace leerpool::catalogue::sqlite_internal
