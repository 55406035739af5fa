#include "services/catalogue/postgres/pg_catalogue_store.h"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/catalogue/postgres/pg_search_text.h"
#include "services/catalogue/store/rows.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {
namespace {

using storage::pg::Connection;
using storage::pg::Params;
using storage::pg::Result;
using store_internal::ClosureValues;
using store_internal::FromMicros;
using store_internal::JsonText;
using store_internal::kClosureColumns;
using store_internal::kListingColumnCount;
using store_internal::kListingColumns;
using store_internal::kListingFrom;
using store_internal::kSiteColumns;
using store_internal::kTermsColumns;
using store_internal::ListingRow;
using store_internal::ListingValues;
using store_internal::Micros;
using store_internal::ReadClosure;
using store_internal::ReadListing;
using store_internal::ReadSite;
using store_internal::ReadTerms;
using store_internal::SiteValues;
using store_internal::TermsValues;

// One row of a result, read by column as storage::Statement reads SQLite's.
struct Row {
  const Result& result;
  int row;
  std::string Text(int column) const { return result.Text(row, column); }
  int64_t Int(int column) const { return result.Int(row, column); }
  double Double(int column) const { return result.Double(row, column); }
  bool IsNull(int column) const { return result.IsNull(row, column); }
};

template <typename T, typename ReadRow>
std::vector<T> Collect(const Result& result, ReadRow read) {
  std::vector<T> values;
  values.reserve(static_cast<size_t>(result.size()));
  for (int i = 0; i < result.size(); ++i) values.push_back(read(Row{result, i}));
  return values;
}

// A row's values (store_internal's *Values) as $1, $2, ... in order.
template <typename Tuple>
Params ParamsOf(const Tuple& values) {
  return std::apply([](const auto&... value) { return Params::Of(value...); }, values);
}

// ---- Search facts

absl::StatusOr<std::shared_ptr<const store_internal::FactsSnapshot>> BuildFacts(
    Connection& connection, int64_t generation) {
  store_internal::FactsBuilder builder(generation);
  LP_ASSIGN_OR_RETURN(
      const Result listings,
      connection.Query(
          "SELECT l.seq, l.id, l.category, l.capacity_per_unit, l.audiences, "
          "l.mobile_service_radius_km, l.title_nl, l.title_en, o.country, o.kind, "
          "s.latitude, s.longitude, t.price_per_hour_cents, t.price_per_half_day_cents, "
          "t.price_per_day_cents, t.price_per_learner_cents, t.price_per_km_cents "
          "FROM listings l JOIN owners o ON o.id = l.owner_organization_id "
          "JOIN sharing_terms t ON t.listing_id = l.id AND t.version = l.terms_version "
          "LEFT JOIN sites s ON s.id = l.site_id WHERE l.status = 2"));
  for (int i = 0; i < listings.size(); ++i) {
    const Row row{listings, i};
    SearchFacts facts;
    facts.row = row.Int(0);
    facts.listing_id = row.Text(1);
    facts.category = static_cast<Category>(row.Int(2));
    facts.capacity_per_unit = static_cast<int>(row.Int(3));
    facts.audiences = store_internal::AudiencesFromJson(row.Text(4));
    if (!row.IsNull(5)) facts.service_radius_km = row.Double(5);
    facts.owner_country = row.Text(8);
    facts.owner_kind = static_cast<int>(row.Int(9));
    if (!row.IsNull(10)) facts.location = LatLng{row.Double(10), row.Double(11)};
    facts.price = {row.Int(12), row.Int(13), row.Int(14), row.Int(15), row.Int(16)};
    builder.AddListing(std::move(facts), row.Text(6), row.Text(7));
  }
  LP_ASSIGN_OR_RETURN(const Result tags,
                      connection.Query("SELECT g.listing_seq, g.code, v.kind FROM listing_tags g "
                                       "JOIN vocabulary_terms v ON v.code = g.code "
                                       "ORDER BY g.listing_seq, g.position"));
  for (int i = 0; i < tags.size(); ++i) {
    builder.AddTag(tags.Int(i, 0), tags.Text(i, 1), static_cast<VocabularyKind>(tags.Int(i, 2)));
  }
  return builder.Finish();
}

class PgCatalogueTransaction : public CatalogueTransaction {
 public:
  PgCatalogueTransaction(Connection& connection, bool read_only,
                         store_internal::SearchFactsCache& facts)
      : connection_(connection), read_only_(read_only), facts_(facts) {}

  // ---- Vocabulary

  absl::StatusOr<std::vector<VocabularyTerm>> ListVocabulary(VocabularyKind kind) override {
    LP_ASSIGN_OR_RETURN(const Result rows,
                        Query("SELECT code, kind, label_nl, label_en FROM vocabulary_terms "
                              "WHERE $1::integer = 0 OR kind = $1::integer ORDER BY kind, code",
                              Params::Of(static_cast<int>(kind))));
    return Collect<VocabularyTerm>(rows, [](const Row& row) {
      return VocabularyTerm{row.Text(0), static_cast<VocabularyKind>(row.Int(1)), row.Text(2),
                            row.Text(3)};
    });
  }

  absl::Status InsertVocabularyTerm(const VocabularyTerm& term) override {
    return Change(
               "INSERT INTO vocabulary_terms (code, kind, label_nl, label_en) "
               "VALUES ($1, $2, $3, $4)",
               Params::Of(term.code, static_cast<int>(term.kind), term.label_nl, term.label_en))
        .status();
  }

  // ---- Owners

  absl::Status UpsertOwner(const OrganizationSummary& owner) override {
    LP_ASSIGN_OR_RETURN(const Result previous,
                        Query("SELECT name FROM owners WHERE id = $1", Params::Of(owner.id)));
    const bool existed = !previous.empty();
    const std::string previous_name = existed ? previous.Text(0, 0) : "";
    Params params = Params::Of(owner.id, owner.name, owner.kind, owner.country);
    if (owner.location) {
      params.Add(owner.location->latitude).Add(owner.location->longitude);
    } else {
      params.AddNull().AddNull();
    }
    LP_RETURN_IF_ERROR(
        Change("INSERT INTO owners (id, name, kind, country, latitude, longitude) "
               "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET "
               "name = excluded.name, kind = excluded.kind, country = excluded.country, "
               "latitude = excluded.latitude, longitude = excluded.longitude",
               params)
            .status());
    if (!existed || previous_name == owner.name) return absl::OkStatus();
    // The owner's name is indexed with each of its listings.
    LP_ASSIGN_OR_RETURN(
        const Result listings,
        Query("SELECT seq FROM listings WHERE owner_organization_id = $1", Params::Of(owner.id)));
    for (int i = 0; i < listings.size(); ++i) LP_RETURN_IF_ERROR(Reindex(listings.Int(i, 0)));
    return absl::OkStatus();
  }

  // ---- Sites

  absl::StatusOr<Site> GetSite(const std::string& id) override {
    LP_ASSIGN_OR_RETURN(std::vector<Site> sites, LoadSites({id}));
    if (sites.empty()) return absl::NotFoundError(absl::StrCat("site ", id, " not found"));
    return std::move(sites.front());
  }

  absl::Status InsertSite(const Site& site) override {
    static const std::string kInsert =
        absl::StrCat("INSERT INTO sites (", kSiteColumns,
                     ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    LP_RETURN_IF_ERROR(Change(kInsert, ParamsOf(SiteValues(site))).status());
    return WriteOpeningHours(site);
  }

  absl::Status UpdateSite(const Site& site) override {
    LP_ASSIGN_OR_RETURN(
        const Result updated,
        Change("UPDATE sites SET owner_organization_id = $2, name = $3, street = $4, "
               "postal_code = $5, locality = $6, country = $7, latitude = $8, longitude = $9, "
               "time_zone = $10, create_time_us = $11, update_time_us = $12 WHERE id = $1",
               ParamsOf(SiteValues(site))));
    if (updated.affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("site ", site.id, " not found"));
    }
    return WriteOpeningHours(site);
  }

  absl::StatusOr<std::vector<Site>> ListSites(const std::string& owner_organization_id,
                                              const std::optional<CreationCursor>& after,
                                              int limit) override {
    Params params = Params::Of(owner_organization_id);
    AddCursor(params, after);
    params.Add(limit);
    LP_ASSIGN_OR_RETURN(
        const Result rows,
        Query("SELECT id FROM sites WHERE ($1::text = '' OR owner_organization_id = $1::text)"
              " AND ($2::bigint IS NULL OR (create_time_us, id) > ($2::bigint, $3::text))"
              " ORDER BY create_time_us, id LIMIT $4",
              params));
    return LoadSites(Collect<std::string>(rows, [](const Row& row) { return row.Text(0); }));
  }

  // ---- Closures

  absl::Status InsertClosure(const Closure& closure) override {
    static const std::string kInsert = absl::StrCat("INSERT INTO closures (", kClosureColumns,
                                                    ") VALUES ($1, $2, $3, $4, $5, $6, $7)");
    return Change(kInsert, ParamsOf(ClosureValues(closure))).status();
  }

  absl::StatusOr<Closure> GetClosure(const std::string& id) override {
    static const std::string kSelect =
        absl::StrCat("SELECT ", kClosureColumns, " FROM closures WHERE id = $1");
    LP_ASSIGN_OR_RETURN(const Result rows, Query(kSelect, Params::Of(id)));
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("closure ", id, " not found"));
    return ReadClosure(Row{rows, 0});
  }

  absl::Status DeleteClosure(const std::string& id) override {
    LP_ASSIGN_OR_RETURN(const Result deleted,
                        Change("DELETE FROM closures WHERE id = $1", Params::Of(id)));
    if (deleted.affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("closure ", id, " not found"));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<Closure>> ListClosures(
      const std::string& site_id, const std::optional<absl::Time>& end_after) override {
    static const std::string kSelect =
        absl::StrCat("SELECT ", kClosureColumns,
                     " FROM closures WHERE site_id = $1"
                     " AND ($2::bigint IS NULL OR end_time_us > $2::bigint)"
                     " ORDER BY start_time_us, id");
    Params params = Params::Of(site_id);
    if (end_after) {
      params.Add(Micros(*end_after));
    } else {
      params.AddNull();
    }
    LP_ASSIGN_OR_RETURN(const Result rows, Query(kSelect, params));
    return Collect<Closure>(rows, ReadClosure<Row>);
  }

  // ---- Listings

  absl::StatusOr<Listing> GetListing(const std::string& id) override {
    static const std::string kSelect =
        absl::StrCat("SELECT ", kListingColumns, kListingFrom, " WHERE l.id = $1");
    LP_ASSIGN_OR_RETURN(const Result result, Query(kSelect, Params::Of(id)));
    std::vector<ListingRow> rows = Collect<ListingRow>(result, ReadListing<Row>);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("listing ", id, " not found"));
    LP_RETURN_IF_ERROR(LoadTags(rows));
    return std::move(rows.front().listing);
  }

  absl::Status InsertListing(const Listing& listing) override {
    LP_ASSIGN_OR_RETURN(
        const Result inserted,
        Change("INSERT INTO listings (id, owner_organization_id, title_nl, title_en, "
               "description_nl, description_en, category, unit_count, capacity_per_unit, "
               "audiences, languages, media, status, site_id, mobile_service_radius_km, "
               "mobile_setup_minutes, mobile_teardown_minutes, mobile_travel_speed_kmh, "
               "terms_version, create_time_us, update_time_us) VALUES ($1, $2, $3, $4, $5, "
               "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) "
               "RETURNING seq",
               ParamsOf(ListingValues(listing))));
    const int64_t seq = inserted.Int(0, 0);
    LP_RETURN_IF_ERROR(WriteTags(seq, listing));
    return Reindex(seq);
  }

  absl::Status UpdateListing(const Listing& listing) override {
    LP_ASSIGN_OR_RETURN(
        const Result updated,
        Change("UPDATE listings SET owner_organization_id = $2, title_nl = $3, title_en = $4, "
               "description_nl = $5, description_en = $6, category = $7, unit_count = $8, "
               "capacity_per_unit = $9, audiences = $10, languages = $11, media = $12, "
               "status = $13, site_id = $14, mobile_service_radius_km = $15, "
               "mobile_setup_minutes = $16, mobile_teardown_minutes = $17, "
               "mobile_travel_speed_kmh = $18, terms_version = $19, create_time_us = $20, "
               "update_time_us = $21 WHERE id = $1 RETURNING seq",
               ParamsOf(ListingValues(listing))));
    if (updated.empty()) {
      return absl::NotFoundError(absl::StrCat("listing ", listing.id, " not found"));
    }
    const int64_t seq = updated.Int(0, 0);
    LP_RETURN_IF_ERROR(WriteTags(seq, listing));
    return Reindex(seq);
  }

  absl::StatusOr<std::vector<Listing>> ListListings(const ListingFilter& filter,
                                                    const std::optional<CreationCursor>& after,
                                                    int limit) override {
    static const std::string kSelect = absl::StrCat(
        "SELECT ", kListingColumns, kListingFrom,
        " WHERE ($1::text = '' OR l.owner_organization_id = $1::text)"
        " AND ($2::jsonb = '[]'::jsonb OR l.status IN"
        " (SELECT value::integer FROM jsonb_array_elements_text($2::jsonb)))"
        " AND ($3::bigint IS NULL OR (l.create_time_us, l.id) > ($3::bigint, $4::text))"
        " ORDER BY l.create_time_us, l.id LIMIT $5");
    std::vector<int> statuses;
    for (ListingStatus status : filter.statuses) statuses.push_back(static_cast<int>(status));
    Params params = Params::Of(filter.owner_organization_id, JsonText(statuses));
    AddCursor(params, after);
    params.Add(limit);
    LP_ASSIGN_OR_RETURN(const Result result, Query(kSelect, params));
    std::vector<ListingRow> rows = Collect<ListingRow>(result, ReadListing<Row>);
    LP_RETURN_IF_ERROR(LoadTags(rows));
    std::vector<Listing> listings;
    for (ListingRow& row : rows) listings.push_back(std::move(row.listing));
    return listings;
  }

  // ---- Sharing terms

  absl::Status InsertSharingTerms(const SharingTerms& terms) override {
    return Change(
               "INSERT INTO sharing_terms (listing_id, version, who_everyone, "
               "who_organization_kinds, who_network_ids, who_organization_ids, "
               "approval_required, required_qualification_type_ids, intake_required, "
               "min_lead_time_hours, max_duration_hours, cancellation_deadline_hours, "
               "cancellation_fee_cents, quota_hours_per_month, price_per_hour_cents, "
               "price_per_half_day_cents, price_per_day_cents, price_per_learner_cents, "
               "price_per_km_cents, deposit_cents, acquisition_cost_cents, "
               "expected_lifetime_years, disclose_borrower_names, create_time_us, "
               "created_by_person_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
               "$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)",
               ParamsOf(TermsValues(terms)))
        .status();
  }

  absl::StatusOr<SharingTerms> GetSharingTerms(const std::string& listing_id,
                                               int version) override {
    static const std::string kSelect =
        absl::StrCat("SELECT ", kTermsColumns,
                     " FROM sharing_terms t WHERE t.listing_id = $1 AND t.version = $2");
    LP_ASSIGN_OR_RETURN(const Result rows, Query(kSelect, Params::Of(listing_id, version)));
    if (rows.empty()) {
      return absl::NotFoundError(
          absl::StrCat("terms version ", version, " of listing ", listing_id, " not found"));
    }
    return ReadTerms(Row{rows, 0}, 0);
  }

  // ---- Search

  absl::StatusOr<SearchMatches> Search(const SearchQuery& query) override {
    LP_ASSIGN_OR_RETURN(const int64_t generation, Generation());
    LP_ASSIGN_OR_RETURN(std::shared_ptr<const store_internal::FactsSnapshot> snapshot,
                        facts_.Get(generation, /*remember=*/read_only_,
                                   [&] { return BuildFacts(connection_, generation); }));
    SearchMatches matches;
    if (query.words.empty()) {
      for (const SearchFacts& facts : snapshot->facts) {
        if (store_internal::MatchesFilters(facts, query)) matches.hits.push_back({&facts, 0.0});
      }
    } else {
      LP_ASSIGN_OR_RETURN(const std::vector<pg_internal::Phrase> phrases,
                          pg_internal::QueryPhrases(query.words));
      if (!Matchable(phrases)) return Finish(std::move(matches), std::move(snapshot));
      // Only the full-text index is asked; everything else about a match is in the facts.
      LP_ASSIGN_OR_RETURN(
          const Result rows,
          Query("SELECT listing_seq FROM listing_search WHERE document @@ $1::tsquery",
                Params::Of(pg_internal::TsQuery(phrases))));
      std::vector<int64_t> ranked_rows;
      for (int i = 0; i < rows.size(); ++i) {
        auto it = snapshot->index_by_row.find(rows.Int(i, 0));
        if (it == snapshot->index_by_row.end()) continue;
        const SearchFacts& facts = snapshot->facts[it->second];
        if (store_internal::MatchesFilters(facts, query)) {
          matches.hits.push_back({&facts, 0.0});
          ranked_rows.push_back(facts.row);
        }
      }
      if (query.rank && !matches.hits.empty()) {
        std::vector<SearchHit*> hits;
        for (SearchHit& hit : matches.hits) hits.push_back(&hit);
        LP_RETURN_IF_ERROR(Rank(phrases, hits));
      }
    }
    return Finish(std::move(matches), std::move(snapshot));
  }

  absl::Status RankHits(const std::vector<SearchWord>& words,
                        std::vector<SearchHit*>& hits) override {
    if (words.empty() || hits.empty()) return absl::OkStatus();
    LP_ASSIGN_OR_RETURN(const std::vector<pg_internal::Phrase> phrases,
                        pg_internal::QueryPhrases(words));
    if (!Matchable(phrases)) return absl::OkStatus();
    return Rank(phrases, hits);
  }

  absl::StatusOr<std::vector<SearchCandidate>> LoadSearchResults(
      const std::vector<std::string>& ids) override {
    static const std::string kSelect =
        absl::StrCat("SELECT ", kListingColumns, ", ", kTermsColumns,
                     " FROM listings l JOIN owners o ON o.id = l.owner_organization_id"
                     " JOIN sharing_terms t ON t.listing_id = l.id AND t.version = l.terms_version"
                     " WHERE l.id IN (SELECT jsonb_array_elements_text($1::jsonb))"
                     " AND l.status = 2");
    if (ids.empty()) return std::vector<SearchCandidate>();
    LP_ASSIGN_OR_RETURN(const Result result, Query(kSelect, Params::Of(JsonText(ids))));
    std::vector<ListingRow> rows;
    std::vector<SharingTerms> terms;
    for (int i = 0; i < result.size(); ++i) {
      rows.push_back(ReadListing(Row{result, i}));
      terms.push_back(ReadTerms(Row{result, i}, kListingColumnCount));
    }
    LP_RETURN_IF_ERROR(LoadTags(rows));
    std::set<std::string> site_ids;
    for (const ListingRow& row : rows) {
      if (!row.listing.site_id.empty()) site_ids.insert(row.listing.site_id);
    }
    LP_ASSIGN_OR_RETURN(const std::vector<Site> sites,
                        LoadSites({site_ids.begin(), site_ids.end()}));
    std::map<std::string, const Site*> site_by_id;
    for (const Site& site : sites) site_by_id[site.id] = &site;
    std::map<std::string, SearchCandidate> by_id;
    for (size_t i = 0; i < rows.size(); ++i) {
      SearchCandidate candidate{std::move(rows[i].listing), std::move(terms[i])};
      auto it = site_by_id.find(candidate.listing.site_id);
      if (it != site_by_id.end()) candidate.listing.site = *it->second;
      by_id.emplace(candidate.listing.id, std::move(candidate));
    }
    std::vector<SearchCandidate> candidates;
    for (const std::string& id : ids) {
      auto it = by_id.find(id);
      if (it != by_id.end()) candidates.push_back(std::move(it->second));
      by_id.erase(id);
    }
    return candidates;
  }

 private:
  absl::StatusOr<Result> Query(std::string_view sql, const Params& params = {}) {
    return connection_.Exec(sql, params);
  }

  absl::StatusOr<Result> Change(std::string_view sql, const Params& params) {
    if (read_only_) {
      return absl::InternalError("catalogue store: a write inside a read-only transaction");
    }
    return connection_.Exec(sql, params);
  }

  static void AddCursor(Params& params, const std::optional<CreationCursor>& after) {
    if (after) {
      params.Add(Micros(after->create_time)).Add(after->id);
    } else {
      params.AddNull().AddNull();
    }
  }

  absl::StatusOr<int64_t> Generation() {
    LP_ASSIGN_OR_RETURN(const Result rows, Query("SELECT n FROM search_generation WHERE id = 1"));
    if (rows.empty()) return absl::InternalError("catalogue store: search_generation has no row");
    return rows.Int(0, 0);
  }

  static SearchMatches Finish(SearchMatches matches,
                              std::shared_ptr<const store_internal::FactsSnapshot> snapshot) {
    matches.facet_values = &snapshot->facet_values;
    matches.keep_alive = std::move(snapshot);
    return matches;
  }

  // An empty phrase (a word with nothing the tokenizer keeps) matches nothing, and so does
  // a query with one, as in FTS5.
  static bool Matchable(const std::vector<pg_internal::Phrase>& phrases) {
    for (const pg_internal::Phrase& phrase : phrases) {
      if (phrase.empty()) return false;
    }
    return true;
  }

  // Sets each hit's bm25 from its stored tokens and the collection's numbers, as FTS5 computes
  // them for the whole match: the rows and tokens of the whole index, and per phrase the rows
  // containing it. Hits whose row no longer matches keep their rank.
  absl::Status Rank(const std::vector<pg_internal::Phrase>& phrases,
                    std::vector<SearchHit*>& hits) {
    pg_internal::Bm25Collection collection;
    {
      LP_ASSIGN_OR_RETURN(
          const Result totals,
          Query("SELECT count(*), coalesce(sum(token_count), 0) FROM listing_search"));
      collection.rows = totals.Int(0, 0);
      collection.tokens = totals.Int(0, 1);
    }
    for (const pg_internal::Phrase& phrase : phrases) {
      LP_ASSIGN_OR_RETURN(const Result count,
                          Query("SELECT count(*) FROM listing_search WHERE document @@ $1::tsquery",
                                Params::Of(pg_internal::TsQuery({phrase}))));
      collection.rows_with_phrase.push_back(count.Int(0, 0));
    }
    std::unordered_map<int64_t, std::vector<SearchHit*>> by_row;
    std::vector<int64_t> rows;
    for (SearchHit* hit : hits) {
      auto [it, added] = by_row.try_emplace(hit->facts->row);
      if (added) rows.push_back(hit->facts->row);
      it->second.push_back(hit);
    }
    LP_ASSIGN_OR_RETURN(
        const Result documents,
        Query("SELECT listing_seq, title, tags, owner, description, token_count "
              "FROM listing_search WHERE listing_seq IN "
              "(SELECT jsonb_array_elements_text($1::jsonb)::bigint) AND document @@ $2::tsquery",
              Params::Of(JsonText(rows), pg_internal::TsQuery(phrases))));
    for (int i = 0; i < documents.size(); ++i) {
      pg_internal::SearchDocument document;
      document.title = documents.Text(i, 1);
      document.tags = documents.Text(i, 2);
      document.owner = documents.Text(i, 3);
      document.description = documents.Text(i, 4);
      document.token_count = documents.Int(i, 5);
      const double rank = pg_internal::Bm25(phrases, collection, document);
      for (SearchHit* hit : by_row[documents.Int(i, 0)]) hit->rank = rank;
    }
    return absl::OkStatus();
  }

  // Sites by id with their opening hours, in the order of `ids` (missing ones left out).
  absl::StatusOr<std::vector<Site>> LoadSites(const std::vector<std::string>& ids) {
    static const std::string kSelect =
        absl::StrCat("SELECT ", kSiteColumns,
                     " FROM sites WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))");
    if (ids.empty()) return std::vector<Site>();
    const std::string ids_json = JsonText(ids);
    LP_ASSIGN_OR_RETURN(const Result result, Query(kSelect, Params::Of(ids_json)));
    std::map<std::string, Site> by_id;
    for (Site& site : Collect<Site>(result, ReadSite<Row>)) by_id.emplace(site.id, std::move(site));
    LP_ASSIGN_OR_RETURN(
        const Result periods,
        Query("SELECT site_id, weekday, open_minute, close_minute FROM site_opening_periods "
              "WHERE site_id IN (SELECT jsonb_array_elements_text($1::jsonb)) "
              "ORDER BY site_id, weekday, open_minute",
              Params::Of(ids_json)));
    for (int i = 0; i < periods.size(); ++i) {
      auto it = by_id.find(periods.Text(i, 0));
      if (it == by_id.end()) continue;
      const int open = static_cast<int>(periods.Int(i, 2));
      const int close = static_cast<int>(periods.Int(i, 3));
      it->second.opening_hours.push_back(
          {static_cast<int>(periods.Int(i, 1)), {open / 60, open % 60}, {close / 60, close % 60}});
    }
    std::vector<Site> sites;
    for (const std::string& id : ids) {
      auto it = by_id.find(id);
      if (it != by_id.end()) sites.push_back(it->second);
    }
    return sites;
  }

  absl::Status WriteOpeningHours(const Site& site) {
    LP_RETURN_IF_ERROR(
        Change("DELETE FROM site_opening_periods WHERE site_id = $1", Params::Of(site.id))
            .status());
    for (const OpeningPeriod& period : site.opening_hours) {
      LP_RETURN_IF_ERROR(Change("INSERT INTO site_opening_periods (site_id, weekday, "
                                "open_minute, close_minute) VALUES ($1, $2, $3, $4)",
                                Params::Of(site.id, period.weekday, period.open.MinuteOfDay(),
                                           period.close.MinuteOfDay()))
                             .status());
    }
    return absl::OkStatus();
  }

  // Fills technologies, sectors and competences of every row from listing_tags.
  absl::Status LoadTags(std::vector<ListingRow>& rows) {
    if (rows.empty()) return absl::OkStatus();
    std::vector<int64_t> seqs;
    std::map<int64_t, Listing*> by_seq;
    for (ListingRow& row : rows) {
      seqs.push_back(row.seq);
      by_seq[row.seq] = &row.listing;
    }
    LP_ASSIGN_OR_RETURN(
        const Result tags,
        Query("SELECT g.listing_seq, g.code, v.kind FROM listing_tags g "
              "JOIN vocabulary_terms v ON v.code = g.code "
              "WHERE g.listing_seq IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) "
              "ORDER BY g.listing_seq, g.position",
              Params::Of(JsonText(seqs))));
    for (int i = 0; i < tags.size(); ++i) {
      Listing* listing = by_seq[tags.Int(i, 0)];
      switch (static_cast<VocabularyKind>(tags.Int(i, 2))) {
        case VocabularyKind::kTechnology:
          listing->technologies.push_back(tags.Text(i, 1));
          break;
        case VocabularyKind::kSector:
          listing->sectors.push_back(tags.Text(i, 1));
          break;
        case VocabularyKind::kCompetence:
          listing->competences.push_back(tags.Text(i, 1));
          break;
        case VocabularyKind::kUnspecified:
          break;
      }
    }
    return absl::OkStatus();
  }

  absl::Status WriteTags(int64_t seq, const Listing& listing) {
    LP_RETURN_IF_ERROR(
        Change("DELETE FROM listing_tags WHERE listing_seq = $1", Params::Of(seq)).status());
    int position = 0;
    for (const std::vector<std::string>* codes :
         {&listing.technologies, &listing.sectors, &listing.competences}) {
      for (const std::string& code : *codes) {
        LP_RETURN_IF_ERROR(
            Change("INSERT INTO listing_tags (listing_seq, code, position) VALUES ($1, $2, $3)",
                   Params::Of(seq, code, position++))
                .status());
      }
    }
    return absl::OkStatus();
  }

  // Rewrites the listing's search index entry from its stored row, tags and owner: the same
  // column text as the SQLite store's, tokenized as FTS5 would.
  absl::Status Reindex(int64_t seq) {
    pg_internal::SearchColumns columns;
    {
      LP_ASSIGN_OR_RETURN(
          const Result row,
          Query("SELECT l.title_nl, l.title_en, l.description_nl, l.description_en, l.category, "
                "o.name FROM listings l JOIN owners o ON o.id = l.owner_organization_id "
                "WHERE l.seq = $1",
                Params::Of(seq)));
      if (row.empty()) return absl::InternalError("catalogue store: reindexing a missing listing");
      columns.title = absl::StrCat(row.Text(0, 0), "\n", row.Text(0, 1));
      columns.description = absl::StrCat(row.Text(0, 2), "\n", row.Text(0, 3));
      const auto category = static_cast<Category>(row.Int(0, 4));
      columns.owner = row.Text(0, 5);
      columns.tags = absl::StrCat(std::string(CategoryLabelNl(category)), "\n",
                                  std::string(CategoryLabelEn(category)));
    }
    LP_ASSIGN_OR_RETURN(const Result labels,
                        Query("SELECT v.code, v.label_nl, v.label_en FROM listing_tags g "
                              "JOIN vocabulary_terms v ON v.code = g.code WHERE g.listing_seq = $1 "
                              "ORDER BY g.position",
                              Params::Of(seq)));
    for (int i = 0; i < labels.size(); ++i) {
      absl::StrAppend(&columns.tags, "\n", labels.Text(i, 1), "\n", labels.Text(i, 2), "\n",
                      labels.Text(i, 0));
    }
    LP_ASSIGN_OR_RETURN(const pg_internal::SearchDocument document,
                        pg_internal::MakeSearchDocument(columns));
    return Change(
               "INSERT INTO listing_search (listing_seq, title, tags, owner, description, "
               "token_count, document) VALUES ($1, $2, $3, $4, $5, $6, $7::tsvector) "
               "ON CONFLICT (listing_seq) DO UPDATE SET title = excluded.title, "
               "tags = excluded.tags, owner = excluded.owner, description = excluded.description, "
               "token_count = excluded.token_count, document = excluded.document",
               Params::Of(seq, document.title, document.tags, document.owner, document.description,
                          document.token_count, document.tsvector))
        .status();
  }

  Connection& connection_;
  const bool read_only_;
  store_internal::SearchFactsCache& facts_;
};

}  // namespace

absl::Status PgCatalogueStore::Transact(
    absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) {
  return Run(/*read_only=*/false, work);
}

absl::Status PgCatalogueStore::Read(absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) {
  return Run(/*read_only=*/true, work);
}

absl::Status PgCatalogueStore::Run(bool read_only,
                                   absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) {
  return runner_.Run(read_only, [&](Connection& connection) {
    PgCatalogueTransaction tx(connection, read_only, facts_);
    return work(tx);
  });
}

}  // namespace leerpool::catalogue
