#include "services/catalogue/sqlite/search_facts.h"

#include <string>

#include "services/catalogue/store/rows.h"
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

absl::StatusOr<std::shared_ptr<const FactsSnapshot>> Build(storage::Database& db,
                                                           int64_t generation) {
  store_internal::FactsBuilder builder(generation);
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
    facts.audiences = store_internal::AudiencesFromJson(select.Text(4));
    if (!select.IsNull(5)) facts.service_radius_km = select.Double(5);
    facts.owner_country = select.Text(8);
    facts.owner_kind = static_cast<int>(select.Int(9));
    if (!select.IsNull(10)) facts.location = LatLng{select.Double(10), select.Double(11)};
    facts.price = {select.Int(12), select.Int(13), select.Int(14), select.Int(15), select.Int(16)};
    builder.AddListing(std::move(facts), select.Text(6), select.Text(7));
  }
  LP_ASSIGN_OR_RETURN(storage::Statement tags,
                      db.Prepare("SELECT g.listing_seq, g.code, v.kind FROM listing_tags g "
                                 "JOIN vocabulary_terms v ON v.code = g.code "
                                 "ORDER BY g.listing_seq, g.position"));
  for (;;) {
    LP_ASSIGN_OR_RETURN(const bool has_row, tags.Step());
    if (!has_row) break;
    builder.AddTag(tags.Int(0), tags.Text(1), static_cast<VocabularyKind>(tags.Int(2)));
  }
  return builder.Finish();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const FactsSnapshot>> SearchFactsCache::Get(storage::Database& db,
                                                                           bool remember) {
  LP_ASSIGN_OR_RETURN(const int64_t generation, Generation(db));
  return cache_.Get(generation, remember, [&] { return Build(db, generation); });
}

}  // namespace leerpool::catalogue::sqlite_internal
