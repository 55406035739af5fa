#include "services/catalogue/store/search_facts.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace leerpool::catalogue::store_internal {
namespace {

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

FactsBuilder::FactsBuilder(int64_t generation) : snapshot_(std::make_shared<FactsSnapshot>()) {
  snapshot_->generation = generation;
}

uint32_t FactsBuilder::Key(const char* facet, const std::string& value) {
  auto [it, added] = keys_.try_emplace({facet, value}, 0);
  if (added) {
    it->second = static_cast<uint32_t>(snapshot_->facet_values.size());
    snapshot_->facet_values.push_back({facet, value});
  }
  return it->second;
}

void FactsBuilder::AddListing(SearchFacts facts, const std::string& title_nl,
                              const std::string& title_en) {
  facts.title_key = absl::AsciiStrToLower(title_nl.empty() ? title_en : title_nl);
  if (!facts.owner_country.empty()) facts.facet_keys.push_back(Key("country", facts.owner_country));
  snapshot_->index_by_row.emplace(facts.row, static_cast<uint32_t>(snapshot_->facts.size()));
  snapshot_->facts.push_back(std::move(facts));
}

void FactsBuilder::AddTag(int64_t row, const std::string& code, VocabularyKind kind) {
  auto it = snapshot_->index_by_row.find(row);
  if (it == snapshot_->index_by_row.end()) return;
  SearchFacts& facts = snapshot_->facts[it->second];
  switch (kind) {
    case VocabularyKind::kTechnology:
      facts.technologies.push_back(code);
      facts.facet_keys.push_back(Key("technology", code));
      break;
    case VocabularyKind::kSector:
      facts.sectors.push_back(code);
      facts.facet_keys.push_back(Key("sector", code));
      break;
    case VocabularyKind::kCompetence:
      facts.competences.push_back(code);
      break;
    case VocabularyKind::kUnspecified:
      break;
  }
}

std::shared_ptr<const FactsSnapshot> FactsBuilder::Finish() { return std::move(snapshot_); }

absl::StatusOr<std::shared_ptr<const FactsSnapshot>> SearchFactsCache::Get(
    int64_t generation, bool remember,
    absl::FunctionRef<absl::StatusOr<std::shared_ptr<const FactsSnapshot>>()> build) {
  {
    std::lock_guard lock(mutex_);
    if (latest_ && latest_->generation == generation) return latest_;
  }
  // Built outside the lock: concurrent readers of the same new generation may each build
  // it once, which costs less than making every reader wait for one builder.
  absl::StatusOr<std::shared_ptr<const FactsSnapshot>> built = build();
  if (!built.ok() || !remember) return built;
  std::lock_guard lock(mutex_);
  if (!latest_ || latest_->generation < generation) latest_ = *built;
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

}  // namespace leerpool::catalogue::store_internal
