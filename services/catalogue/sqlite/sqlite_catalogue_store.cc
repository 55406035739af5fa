#include "services/catalogue/sqlite/sqlite_catalogue_store.h"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "services/catalogue/sqlite/search_facts.h"
#include "services/catalogue/store/rows.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {
namespace {

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

// Column weights of the search index for bm25: a word in a title counts most, then in the
// tags (vocabulary and category), the owner's name, and the descriptions.
constexpr char kRankExpression[] = "bm25(listing_search, 10.0, 4.0, 3.0, 1.0)";

// FTS5 query text for the words: each part in double quotes (a quote inside doubled, though
// SearchWord parts hold none), a word's parts as one phrase, the last part as a prefix. User
// text never reaches MATCH unquoted, so it cannot use FTS5's query syntax.
std::string MatchExpression(const std::vector<SearchWord>& words) {
  std::vector<std::string> phrases;
  for (const SearchWord& word : words) {
    std::vector<std::string> parts;
    for (const std::string& part : word.parts) {
      std::string quoted;
      for (char c : part) {
        if (c == '"') quoted += '"';
        quoted += c;
      }
      parts.push_back(std::move(quoted));
    }
    phrases.push_back(absl::StrCat("\"", absl::StrJoin(parts, " "), "\"*"));
  }
  return absl::StrJoin(phrases, " AND ");
}

template <typename T, typename ReadRow>
absl::StatusOr<std::vector<T>> Collect(storage::Statement& statement, ReadRow read) {
  return storage::CollectRows<T>(statement, read);
}

// Binds a row's values (store_internal's *Values) to ?1, ?2, ... in order.
template <typename Tuple>
void BindValues(storage::Statement& statement, const Tuple& values) {
  std::apply([&statement](const auto&... value) { statement.BindAll(value...); }, values);
}

class SqliteCatalogueTransaction : public CatalogueTransaction {
 public:
  SqliteCatalogueTransaction(storage::Database& db, bool read_only,
                             sqlite_internal::SearchFactsCache& facts)
      : db_(db), read_only_(read_only), facts_(facts) {}

  // ---- Vocabulary

  absl::StatusOr<std::vector<VocabularyTerm>> ListVocabulary(VocabularyKind kind) override {
    LP_ASSIGN_OR_RETURN(storage::Statement select,
                        Query("SELECT code, kind, label_nl, label_en FROM vocabulary_terms "
                              "WHERE ?1 = 0 OR kind = ?1 ORDER BY kind, code"));
    select.Bind(1, static_cast<int>(kind));
    return Collect<VocabularyTerm>(select, [](const storage::Statement& row) {
      return VocabularyTerm{row.Text(0), static_cast<VocabularyKind>(row.Int(1)), row.Text(2),
                            row.Text(3)};
    });
  }

  absl::Status InsertVocabularyTerm(const VocabularyTerm& term) override {
    LP_ASSIGN_OR_RETURN(storage::Statement insert,
                        Change("INSERT INTO vocabulary_terms (code, kind, label_nl, label_en) "
                               "VALUES (?1, ?2, ?3, ?4)"));
    insert.BindAll(term.code, static_cast<int>(term.kind), term.label_nl, term.label_en);
    return insert.Run();
  }

  // ---- Owners

  absl::Status UpsertOwner(const OrganizationSummary& owner) override {
    bool existed = false;
    std::string previous_name;
    {
      LP_ASSIGN_OR_RETURN(storage::Statement previous,
                          Query("SELECT name FROM owners WHERE id = ?1"));
      previous.Bind(1, owner.id);
      LP_ASSIGN_OR_RETURN(existed, previous.Step());
      if (existed) previous_name = previous.Text(0);
    }
    LP_ASSIGN_OR_RETURN(
        storage::Statement upsert,
        Change("INSERT INTO owners (id, name, kind, country, latitude, longitude) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET "
               "name = excluded.name, kind = excluded.kind, country = excluded.country, "
               "latitude = excluded.latitude, longitude = excluded.longitude"));
    upsert.BindAll(owner.id, owner.name, owner.kind, owner.country);
    if (owner.location) {
      upsert.Bind(5, owner.location->latitude).Bind(6, owner.location->longitude);
    } else {
      upsert.BindNull(5).BindNull(6);
    }
    LP_RETURN_IF_ERROR(upsert.Run());
    if (!existed || previous_name == owner.name) return absl::OkStatus();
    // The owner's name is indexed with each of its listings.
    LP_ASSIGN_OR_RETURN(storage::Statement listings,
                        Query("SELECT seq FROM listings WHERE owner_organization_id = ?1"));
    listings.Bind(1, owner.id);
    LP_ASSIGN_OR_RETURN(
        const std::vector<int64_t> seqs,
        Collect<int64_t>(listings, [](const storage::Statement& row) { return row.Int(0); }));
    for (int64_t seq : seqs) LP_RETURN_IF_ERROR(Reindex(seq));
    return absl::OkStatus();
  }

  // ---- Sites

  absl::StatusOr<Site> GetSite(const std::string& id) override {
    LP_ASSIGN_OR_RETURN(std::vector<Site> sites, LoadSites({id}));
    if (sites.empty()) return absl::NotFoundError(absl::StrCat("site ", id, " not found"));
    return std::move(sites.front());
  }

  absl::Status InsertSite(const Site& site) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement insert,
        Change(absl::StrCat("INSERT INTO sites (", kSiteColumns,
                            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")));
    BindValues(insert, SiteValues(site));
    LP_RETURN_IF_ERROR(insert.Run());
    return WriteOpeningHours(site);
  }

  absl::Status UpdateSite(const Site& site) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement update,
        Change("UPDATE sites SET owner_organization_id = ?2, name = ?3, street = ?4, "
               "postal_code = ?5, locality = ?6, country = ?7, latitude = ?8, longitude = ?9, "
               "time_zone = ?10, create_time_us = ?11, update_time_us = ?12 WHERE id = ?1"));
    BindValues(update, SiteValues(site));
    LP_RETURN_IF_ERROR(update.Run());
    if (db_.Changes() == 0)
      return absl::NotFoundError(absl::StrCat("site ", site.id, " not found"));
    return WriteOpeningHours(site);
  }

  absl::StatusOr<std::vector<Site>> ListSites(const std::string& owner_organization_id,
                                              const std::optional<CreationCursor>& after,
                                              int limit) override {
    LP_ASSIGN_OR_RETURN(storage::Statement select,
                        Query("SELECT id FROM sites WHERE (?1 = '' OR owner_organization_id = ?1)"
                              " AND (?2 IS NULL OR (create_time_us, id) > (?2, ?3))"
                              " ORDER BY create_time_us, id LIMIT ?4"));
    select.Bind(1, owner_organization_id);
    BindCursor(select, 2, after);
    select.Bind(4, limit);
    LP_ASSIGN_OR_RETURN(
        const std::vector<std::string> ids,
        Collect<std::string>(select, [](const storage::Statement& row) { return row.Text(0); }));
    return LoadSites(ids);
  }

  // ---- Closures

  absl::Status InsertClosure(const Closure& closure) override {
    LP_ASSIGN_OR_RETURN(storage::Statement insert,
                        Change(absl::StrCat("INSERT INTO closures (", kClosureColumns,
                                            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")));
    BindValues(insert, ClosureValues(closure));
    return insert.Run();
  }

  absl::StatusOr<Closure> GetClosure(const std::string& id) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement select,
        Query(absl::StrCat("SELECT ", kClosureColumns, " FROM closures WHERE id = ?1")));
    select.Bind(1, id);
    LP_ASSIGN_OR_RETURN(std::vector<Closure> found,
                        Collect<Closure>(select, ReadClosure<storage::Statement>));
    if (found.empty()) return absl::NotFoundError(absl::StrCat("closure ", id, " not found"));
    return std::move(found.front());
  }

  absl::Status DeleteClosure(const std::string& id) override {
    LP_ASSIGN_OR_RETURN(storage::Statement remove, Change("DELETE FROM closures WHERE id = ?1"));
    remove.Bind(1, id);
    LP_RETURN_IF_ERROR(remove.Run());
    if (db_.Changes() == 0) return absl::NotFoundError(absl::StrCat("closure ", id, " not found"));
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<Closure>> ListClosures(
      const std::string& site_id, const std::optional<absl::Time>& end_after) override {
    LP_ASSIGN_OR_RETURN(storage::Statement select,
                        Query(absl::StrCat("SELECT ", kClosureColumns,
                                           " FROM closures WHERE site_id = ?1"
                                           " AND (?2 IS NULL OR end_time_us > ?2)"
                                           " ORDER BY start_time_us, id")));
    select.Bind(1, site_id);
    if (end_after) {
      select.Bind(2, Micros(*end_after));
    } else {
      select.BindNull(2);
    }
    return Collect<Closure>(select, ReadClosure<storage::Statement>);
  }

  // ---- Listings

  absl::StatusOr<Listing> GetListing(const std::string& id) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement select,
        Query(absl::StrCat("SELECT ", kListingColumns, kListingFrom, " WHERE l.id = ?1")));
    select.Bind(1, id);
    LP_ASSIGN_OR_RETURN(std::vector<ListingRow> rows,
                        Collect<ListingRow>(select, ReadListing<storage::Statement>));
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("listing ", id, " not found"));
    LP_RETURN_IF_ERROR(LoadTags(rows));
    return std::move(rows.front().listing);
  }

  absl::Status InsertListing(const Listing& listing) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement insert,
        Change("INSERT INTO listings (id, owner_organization_id, title_nl, title_en, "
               "description_nl, description_en, category, unit_count, capacity_per_unit, "
               "audiences, languages, media, status, site_id, mobile_service_radius_km, "
               "mobile_setup_minutes, mobile_teardown_minutes, mobile_travel_speed_kmh, "
               "terms_version, create_time_us, update_time_us) VALUES (?1, ?2, ?3, ?4, ?5, "
               "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"));
    BindValues(insert, ListingValues(listing));
    LP_RETURN_IF_ERROR(insert.Run());
    const int64_t seq = db_.LastInsertRowId();
    LP_RETURN_IF_ERROR(WriteTags(seq, listing));
    return Reindex(seq);
  }

  absl::Status UpdateListing(const Listing& listing) override {
    int64_t seq = 0;
    {
      LP_ASSIGN_OR_RETURN(storage::Statement find, Query("SELECT seq FROM listings WHERE id = ?1"));
      find.Bind(1, listing.id);
      LP_ASSIGN_OR_RETURN(const bool found, find.Step());
      if (!found) return absl::NotFoundError(absl::StrCat("listing ", listing.id, " not found"));
      seq = find.Int(0);
    }
    LP_ASSIGN_OR_RETURN(
        storage::Statement update,
        Change("UPDATE listings SET owner_organization_id = ?2, title_nl = ?3, title_en = ?4, "
               "description_nl = ?5, description_en = ?6, category = ?7, unit_count = ?8, "
               "capacity_per_unit = ?9, audiences = ?10, languages = ?11, media = ?12, "
               "status = ?13, site_id = ?14, mobile_service_radius_km = ?15, "
               "mobile_setup_minutes = ?16, mobile_teardown_minutes = ?17, "
               "mobile_travel_speed_kmh = ?18, terms_version = ?19, create_time_us = ?20, "
               "update_time_us = ?21 WHERE id = ?1"));
    BindValues(update, ListingValues(listing));
    LP_RETURN_IF_ERROR(update.Run());
    LP_RETURN_IF_ERROR(WriteTags(seq, listing));
    return Reindex(seq);
  }

  absl::StatusOr<std::vector<Listing>> ListListings(const ListingFilter& filter,
                                                    const std::optional<CreationCursor>& after,
                                                    int limit) override {
    std::vector<int> statuses;
    for (ListingStatus status : filter.statuses) statuses.push_back(static_cast<int>(status));
    LP_ASSIGN_OR_RETURN(
        storage::Statement select,
        Query(absl::StrCat("SELECT ", kListingColumns, kListingFrom,
                           " WHERE (?1 = '' OR l.owner_organization_id = ?1)"
                           " AND (?2 = '[]' OR l.status IN (SELECT value FROM json_each(?2)))"
                           " AND (?3 IS NULL OR (l.create_time_us, l.id) > (?3, ?4))"
                           " ORDER BY l.create_time_us, l.id LIMIT ?5")));
    select.Bind(1, filter.owner_organization_id).Bind(2, JsonText(statuses));
    BindCursor(select, 3, after);
    select.Bind(5, limit);
    LP_ASSIGN_OR_RETURN(std::vector<ListingRow> rows,
                        Collect<ListingRow>(select, ReadListing<storage::Statement>));
    LP_RETURN_IF_ERROR(LoadTags(rows));
    std::vector<Listing> listings;
    for (ListingRow& row : rows) listings.push_back(std::move(row.listing));
    return listings;
  }

  // ---- Sharing terms

  absl::Status InsertSharingTerms(const SharingTerms& terms) override {
    LP_ASSIGN_OR_RETURN(
        storage::Statement insert,
        Change("INSERT INTO sharing_terms (listing_id, version, who_everyone, "
               "who_organization_kinds, who_network_ids, who_organization_ids, "
               "approval_required, required_qualification_type_ids, intake_required, "
               "min_lead_time_hours, max_duration_hours, cancellation_deadline_hours, "
               "cancellation_fee_cents, quota_hours_per_month, price_per_hour_cents, "
               "price_per_half_day_cents, price_per_day_cents, price_per_learner_cents, "
               "price_per_km_cents, deposit_cents, acquisition_cost_cents, "
               "expected_lifetime_years, disclose_borrower_names, create_time_us, "
               "created_by_person_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
               "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)"));
    BindValues(insert, TermsValues(terms));
    return insert.Run();
  }

  absl::StatusOr<SharingTerms> GetSharingTerms(const std::string& listing_id,
                                               int version) override {
    LP_ASSIGN_OR_RETURN(storage::Statement select,
                        Query(absl::StrCat("SELECT ", kTermsColumns,
                                           " FROM sharing_terms t WHERE t.listing_id = ?1 AND "
                                           "t.version = ?2")));
    select.Bind(1, listing_id).Bind(2, version);
    LP_ASSIGN_OR_RETURN(const bool found, select.Step());
    if (!found) {
      return absl::NotFoundError(
          absl::StrCat("terms version ", version, " of listing ", listing_id, " not found"));
    }
    return ReadTerms(select, 0);
  }

  // ---- Search

  absl::StatusOr<SearchMatches> Search(const SearchQuery& query) override {
    LP_ASSIGN_OR_RETURN(std::shared_ptr<const sqlite_internal::FactsSnapshot> snapshot,
                        facts_.Get(db_, /*remember=*/read_only_));
    SearchMatches matches;
    if (query.words.empty()) {
      for (const SearchFacts& facts : snapshot->facts) {
        if (sqlite_internal::MatchesFilters(facts, query)) matches.hits.push_back({&facts, 0.0});
      }
    } else {
      // Only the full-text index is asked; everything else about a match is in the facts.
      static const std::string kRanked = absl::StrCat(
          "SELECT rowid, ", kRankExpression, " FROM listing_search WHERE listing_search MATCH ?1");
      static const std::string kUnranked =
          "SELECT rowid, 0.0 FROM listing_search WHERE listing_search MATCH ?1";
      LP_ASSIGN_OR_RETURN(storage::Statement select, Query(query.rank ? kRanked : kUnranked));
      select.Bind(1, MatchExpression(query.words));
      for (;;) {
        LP_ASSIGN_OR_RETURN(const bool has_row, select.Step());
        if (!has_row) break;
        auto it = snapshot->index_by_row.find(select.Int(0));
        if (it == snapshot->index_by_row.end()) continue;
        const SearchFacts& facts = snapshot->facts[it->second];
        if (sqlite_internal::MatchesFilters(facts, query)) {
          matches.hits.push_back({&facts, select.Double(1)});
        }
      }
    }
    matches.facet_values = &snapshot->facet_values;
    matches.keep_alive = std::move(snapshot);
    return matches;
  }

  absl::Status RankHits(const std::vector<SearchWord>& words,
                        std::vector<SearchHit*>& hits) override {
    if (words.empty() || hits.empty()) return absl::OkStatus();
    // bm25 of a row depends on the whole match (its term statistics), so the match is run
    // whole; the CASE calls it only for the rows asked about, which is what costs.
    static const std::string kRank =
        absl::StrCat("SELECT rowid, CASE WHEN rowid IN (SELECT value FROM json_each(?2)) THEN ",
                     kRankExpression, " END FROM listing_search WHERE listing_search MATCH ?1");
    std::unordered_map<int64_t, std::vector<SearchHit*>> by_row;
    std::vector<int64_t> rows;
    for (SearchHit* hit : hits) {
      by_row[hit->facts->row].push_back(hit);
      rows.push_back(hit->facts->row);
    }
    LP_ASSIGN_OR_RETURN(storage::Statement select, Query(kRank));
    select.Bind(1, MatchExpression(words)).Bind(2, JsonText(rows));
    for (;;) {
      LP_ASSIGN_OR_RETURN(const bool has_row, select.Step());
      if (!has_row) return absl::OkStatus();
      if (select.IsNull(1)) continue;
      auto it = by_row.find(select.Int(0));
      if (it == by_row.end()) continue;
      for (SearchHit* hit : it->second) hit->rank = select.Double(1);
    }
  }

  absl::StatusOr<std::vector<SearchCandidate>> LoadSearchResults(
      const std::vector<std::string>& ids) override {
    // CROSS JOIN keeps the page's ids as the outer loop: otherwise the planner picks the
    // status index and reads every published listing to find the page's few.
    static const std::string kSelect =
        absl::StrCat("SELECT ", kListingColumns, ", ", kTermsColumns,
                     " FROM json_each(?1) page CROSS JOIN listings l ON l.id = page.value"
                     " JOIN owners o ON o.id = l.owner_organization_id"
                     " JOIN sharing_terms t ON t.listing_id = l.id AND t.version = l.terms_version"
                     " WHERE l.status = 2");
    if (ids.empty()) return std::vector<SearchCandidate>();
    LP_ASSIGN_OR_RETURN(storage::Statement select, Query(kSelect));
    select.Bind(1, JsonText(ids));
    std::vector<ListingRow> rows;
    std::vector<SharingTerms> terms;
    for (;;) {
      LP_ASSIGN_OR_RETURN(const bool has_row, select.Step());
      if (!has_row) break;
      rows.push_back(ReadListing(select));
      terms.push_back(ReadTerms(select, kListingColumnCount));
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
  absl::StatusOr<storage::Statement> Query(std::string_view sql) { return db_.Prepare(sql); }

  absl::StatusOr<storage::Statement> Change(std::string_view sql) {
    if (read_only_) {
      return absl::InternalError("catalogue store: a write inside a read-only transaction");
    }
    return db_.Prepare(sql);
  }

  static void BindCursor(storage::Statement& statement, int first,
                         const std::optional<CreationCursor>& after) {
    if (after) {
      statement.Bind(first, Micros(after->create_time)).Bind(first + 1, after->id);
    } else {
      statement.BindNull(first).BindNull(first + 1);
    }
  }

  // Sites by id with their opening hours, in the order of `ids` (missing ones left out).
  absl::StatusOr<std::vector<Site>> LoadSites(const std::vector<std::string>& ids) {
    if (ids.empty()) return std::vector<Site>();
    const std::string ids_json = JsonText(ids);
    LP_ASSIGN_OR_RETURN(storage::Statement select,
                        Query(absl::StrCat("SELECT ", kSiteColumns,
                                           " FROM sites WHERE id IN "
                                           "(SELECT value FROM json_each(?1))")));
    select.Bind(1, ids_json);
    LP_ASSIGN_OR_RETURN(std::vector<Site> unordered,
                        Collect<Site>(select, ReadSite<storage::Statement>));
    std::map<std::string, Site> by_id;
    for (Site& site : unordered) by_id.emplace(site.id, std::move(site));
    LP_ASSIGN_OR_RETURN(
        storage::Statement periods,
        Query("SELECT site_id, weekday, open_minute, close_minute FROM site_opening_periods "
              "WHERE site_id IN (SELECT value FROM json_each(?1)) "
              "ORDER BY site_id, weekday, open_minute"));
    periods.Bind(1, ids_json);
    for (;;) {
      LP_ASSIGN_OR_RETURN(const bool has_row, periods.Step());
      if (!has_row) break;
      auto it = by_id.find(periods.Text(0));
      if (it == by_id.end()) continue;
      const int open = static_cast<int>(periods.Int(2));
      const int close = static_cast<int>(periods.Int(3));
      it->second.opening_hours.push_back(
          {static_cast<int>(periods.Int(1)), {open / 60, open % 60}, {close / 60, close % 60}});
    }
    std::vector<Site> sites;
    for (const std::string& id : ids) {
      auto it = by_id.find(id);
      if (it != by_id.end()) sites.push_back(it->second);
    }
    return sites;
  }

  absl::Status WriteOpeningHours(const Site& site) {
    LP_ASSIGN_OR_RETURN(storage::Statement clear,
                        Change("DELETE FROM site_opening_periods WHERE site_id = ?1"));
    clear.Bind(1, site.id);
    LP_RETURN_IF_ERROR(clear.Run());
    LP_ASSIGN_OR_RETURN(storage::Statement insert,
                        Change("INSERT INTO site_opening_periods (site_id, weekday, "
                               "open_minute, close_minute) VALUES (?1, ?2, ?3, ?4)"));
    for (const OpeningPeriod& period : site.opening_hours) {
      insert.BindAll(site.id, period.weekday, period.open.MinuteOfDay(),
                     period.close.MinuteOfDay());
      LP_RETURN_IF_ERROR(insert.Run());
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
    LP_ASSIGN_OR_RETURN(storage::Statement select,
                        Query("SELECT g.listing_seq, g.code, v.kind FROM listing_tags g "
                              "JOIN vocabulary_terms v ON v.code = g.code "
                              "WHERE g.listing_seq IN (SELECT value FROM json_each(?1)) "
                              "ORDER BY g.listing_seq, g.position"));
    select.Bind(1, JsonText(seqs));
    for (;;) {
      LP_ASSIGN_OR_RETURN(const bool has_row, select.Step());
      if (!has_row) return absl::OkStatus();
      Listing* listing = by_seq[select.Int(0)];
      switch (static_cast<VocabularyKind>(select.Int(2))) {
        case VocabularyKind::kTechnology:
          listing->technologies.push_back(select.Text(1));
          break;
        case VocabularyKind::kSector:
          listing->sectors.push_back(select.Text(1));
          break;
        case VocabularyKind::kCompetence:
          listing->competences.push_back(select.Text(1));
          break;
        case VocabularyKind::kUnspecified:
          break;
      }
    }
  }

  absl::Status WriteTags(int64_t seq, const Listing& listing) {
    LP_ASSIGN_OR_RETURN(storage::Statement clear,
                        Change("DELETE FROM listing_tags WHERE listing_seq = ?1"));
    clear.Bind(1, seq);
    LP_RETURN_IF_ERROR(clear.Run());
    LP_ASSIGN_OR_RETURN(
        storage::Statement insert,
        Change("INSERT INTO listing_tags (listing_seq, code, position) VALUES (?1, ?2, ?3)"));
    int position = 0;
    for (const std::vector<std::string>* codes :
         {&listing.technologies, &listing.sectors, &listing.competences}) {
      for (const std::string& code : *codes) {
        insert.BindAll(seq, code, position++);
        LP_RETURN_IF_ERROR(insert.Run());
      }
    }
    return absl::OkStatus();
  }

  // Rewrites the listing's search index entry from its stored row, tags and owner.
  absl::Status Reindex(int64_t seq) {
    std::string title, description, owner;
    Category category = Category::kUnspecified;
    {
      LP_ASSIGN_OR_RETURN(
          storage::Statement select,
          Query("SELECT l.title_nl, l.title_en, l.description_nl, l.description_en, l.category, "
                "o.name FROM listings l JOIN owners o ON o.id = l.owner_organization_id "
                "WHERE l.seq = ?1"));
      select.Bind(1, seq);
      LP_ASSIGN_OR_RETURN(const bool found, select.Step());
      if (!found) return absl::InternalError("catalogue store: reindexing a missing listing");
      title = absl::StrCat(select.Text(0), "\n", select.Text(1));
      description = absl::StrCat(select.Text(2), "\n", select.Text(3));
      category = static_cast<Category>(select.Int(4));
      owner = select.Text(5);
    }
    std::string tags = absl::StrCat(std::string(CategoryLabelNl(category)), "\n",
                                    std::string(CategoryLabelEn(category)));
    LP_ASSIGN_OR_RETURN(storage::Statement labels,
                        Query("SELECT v.code, v.label_nl, v.label_en FROM listing_tags g "
                              "JOIN vocabulary_terms v ON v.code = g.code WHERE g.listing_seq = ?1 "
                              "ORDER BY g.position"));
    labels.Bind(1, seq);
    for (;;) {
      LP_ASSIGN_OR_RETURN(const bool has_row, labels.Step());
      if (!has_row) break;
      absl::StrAppend(&tags, "\n", labels.Text(1), "\n", labels.Text(2), "\n", labels.Text(0));
    }
    LP_ASSIGN_OR_RETURN(storage::Statement remove,
                        Change("DELETE FROM listing_search WHERE rowid = ?1"));
    remove.Bind(1, seq);
    LP_RETURN_IF_ERROR(remove.Run());
    LP_ASSIGN_OR_RETURN(storage::Statement insert,
                        Change("INSERT INTO listing_search (rowid, title, tags, owner, "
                               "description) VALUES (?1, ?2, ?3, ?4, ?5)"));
    insert.BindAll(seq, title, tags, owner, description);
    return insert.Run();
  }

  storage::Database& db_;
  const bool read_only_;
  sqlite_internal::SearchFactsCache& facts_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<storage::Database>> OpenCatalogueDatabase(
    const storage::Options& options) {
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> db, storage::Database::Open(options));
  LP_RETURN_IF_ERROR(db->Migrate(SqliteMigrations()));
  return db;
}

absl::Status SqliteCatalogueStore::Transact(
    absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) {
  return Run(/*read_only=*/false, work);
}

absl::Status SqliteCatalogueStore::Read(
    absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) {
  if (reads_ == nullptr) return Run(/*read_only=*/true, work);
  return reads_->Run([&](storage::Database& db) {
    SqliteCatalogueTransaction tx(db, /*read_only=*/true, facts_);
    return work(tx);
  });
}

absl::Status SqliteCatalogueStore::Run(
    bool read_only, absl::FunctionRef<absl::Status(CatalogueTransaction&)> work) {
  return runner_.Run(read_only, [&] {
    SqliteCatalogueTransaction tx(db_, read_only, facts_);
    return work(tx);
  });
}

}  // namespace leerpool::catalogue
