#ifndef LEERPOOL_SERVICES_CATALOGUE_STORE_ROWS_H_
#define LEERPOOL_SERVICES_CATALOGUE_STORE_ROWS_H_

// How both catalogue stores lay a site, a listing, its sharing terms and a closure out in a
// row: the same columns in the same order on SQLite and PostgreSQL, read through any row type
// with Text/Int/Double/IsNull(column) (storage::Statement, the PostgreSQL store's result row)
// and written as a tuple of values in column order that either backend binds ($n or ?n), plus
// the JSON that list-valued columns hold. Written once, so both backends store and read alike.

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/time/time.h"
#include "services/catalogue/core/model.h"

namespace leerpool::catalogue::store_internal {

// Instants are stored as microseconds since the Unix epoch (UTC).
inline int64_t Micros(absl::Time time) { return absl::ToUnixMicros(time); }
inline absl::Time FromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }

// JSON arrays in text columns. Readers skip what is not of the expected type (and read a
// malformed text as empty), so one bad value cannot make a row unreadable.
std::vector<std::string> StringsFromJson(const std::string& text);
std::vector<int> IntsFromJson(const std::string& text);
std::string JsonText(const std::vector<std::string>& values);
std::string JsonText(const std::vector<int>& values);
std::string JsonText(const std::vector<int64_t>& values);
std::string AudiencesJson(const std::vector<Audience>& audiences);
std::vector<Audience> AudiencesFromJson(const std::string& text);
std::string MediaJson(const std::vector<MediaLink>& media);
std::vector<MediaLink> MediaFromJson(const std::string& text);

// ---- Sites

inline constexpr char kSiteColumns[] =
    "id, owner_organization_id, name, street, postal_code, locality, country, latitude, "
    "longitude, time_zone, create_time_us, update_time_us";

template <typename Row>
Site ReadSite(const Row& row) {
  Site site;
  site.id = row.Text(0);
  site.owner_organization_id = row.Text(1);
  site.name = row.Text(2);
  site.address = {row.Text(3), row.Text(4), row.Text(5), row.Text(6)};
  site.location = LatLng{row.Double(7), row.Double(8)};
  site.time_zone = row.Text(9);
  site.create_time = FromMicros(row.Int(10));
  site.update_time = FromMicros(row.Int(11));
  return site;
}

// kSiteColumns' values (opening hours live in a table of their own).
inline auto SiteValues(const Site& site) {
  const LatLng location = site.location.value_or(LatLng{});
  return std::make_tuple(site.id, site.owner_organization_id, site.name, site.address.street,
                         site.address.postal_code, site.address.locality, site.address.country,
                         location.latitude, location.longitude, site.time_zone,
                         Micros(site.create_time), Micros(site.update_time));
}

// ---- Listings

// Columns 0..24 of a listing row; the owner's come from the joined owners table.
inline constexpr char kListingColumns[] =
    "l.seq, l.id, l.owner_organization_id, l.title_nl, l.title_en, l.description_nl, "
    "l.description_en, l.category, l.unit_count, l.capacity_per_unit, l.audiences, l.languages, "
    "l.media, l.status, l.site_id, l.mobile_service_radius_km, l.mobile_setup_minutes, "
    "l.mobile_teardown_minutes, l.mobile_travel_speed_kmh, l.terms_version, l.create_time_us, "
    "l.update_time_us, o.name, o.country, o.kind";
inline constexpr int kListingColumnCount = 25;
inline constexpr char kListingFrom[] =
    " FROM listings l JOIN owners o ON o.id = l.owner_organization_id";

struct ListingRow {
  int64_t seq = 0;
  Listing listing;
};

template <typename Row>
ListingRow ReadListing(const Row& row) {
  ListingRow result;
  result.seq = row.Int(0);
  Listing& listing = result.listing;
  listing.id = row.Text(1);
  listing.owner_organization_id = row.Text(2);
  listing.title_nl = row.Text(3);
  listing.title_en = row.Text(4);
  listing.description_nl = row.Text(5);
  listing.description_en = row.Text(6);
  listing.category = static_cast<Category>(row.Int(7));
  listing.unit_count = static_cast<int>(row.Int(8));
  listing.capacity_per_unit = static_cast<int>(row.Int(9));
  listing.audiences = AudiencesFromJson(row.Text(10));
  listing.languages = StringsFromJson(row.Text(11));
  listing.media = MediaFromJson(row.Text(12));
  listing.status = static_cast<ListingStatus>(row.Int(13));
  listing.site_id = row.IsNull(14) ? "" : row.Text(14);
  if (!row.IsNull(15)) {
    listing.mobile = MobileSetup{row.Double(15), static_cast<int>(row.Int(16)),
                                 static_cast<int>(row.Int(17)), row.Double(18)};
  }
  listing.terms_version = static_cast<int>(row.Int(19));
  listing.create_time = FromMicros(row.Int(20));
  listing.update_time = FromMicros(row.Int(21));
  listing.owner_name = row.Text(22);
  listing.owner_country = row.Text(23);
  listing.owner_kind = static_cast<int>(row.Int(24));
  return result;
}

// The 21 stored fields of a listing (kListingColumns 1..21: all but seq and the owner's), with
// NULL for no site and no mobile block.
inline auto ListingValues(const Listing& listing) {
  const std::optional<MobileSetup>& mobile = listing.mobile;
  auto when_mobile = [&mobile](auto field) {
    return mobile ? std::optional(field(*mobile)) : std::nullopt;
  };
  return std::make_tuple(
      listing.id, listing.owner_organization_id, listing.title_nl, listing.title_en,
      listing.description_nl, listing.description_en, static_cast<int>(listing.category),
      listing.unit_count, listing.capacity_per_unit, AudiencesJson(listing.audiences),
      JsonText(listing.languages), MediaJson(listing.media), static_cast<int>(listing.status),
      listing.site_id.empty() ? std::nullopt : std::optional<std::string>(listing.site_id),
      when_mobile([](const MobileSetup& m) { return m.service_radius_km; }),
      when_mobile([](const MobileSetup& m) { return m.setup_minutes; }),
      when_mobile([](const MobileSetup& m) { return m.teardown_minutes; }),
      when_mobile([](const MobileSetup& m) { return m.travel_speed_kmh; }), listing.terms_version,
      Micros(listing.create_time), Micros(listing.update_time));
}

// ---- Sharing terms

inline constexpr char kTermsColumns[] =
    "t.listing_id, t.version, t.who_everyone, t.who_organization_kinds, t.who_network_ids, "
    "t.who_organization_ids, t.approval_required, t.required_qualification_type_ids, "
    "t.intake_required, t.min_lead_time_hours, t.max_duration_hours, "
    "t.cancellation_deadline_hours, t.cancellation_fee_cents, t.quota_hours_per_month, "
    "t.price_per_hour_cents, t.price_per_half_day_cents, t.price_per_day_cents, "
    "t.price_per_learner_cents, t.price_per_km_cents, t.deposit_cents, "
    "t.acquisition_cost_cents, t.expected_lifetime_years, t.disclose_borrower_names, "
    "t.create_time_us, t.created_by_person_id";

// The terms' columns start at `offset` in the row (after a listing's, in joined reads).
template <typename Row>
SharingTerms ReadTerms(const Row& row, int offset) {
  auto at = [offset](int column) { return offset + column; };
  SharingTerms terms;
  terms.listing_id = row.Text(at(0));
  terms.version = static_cast<int>(row.Int(at(1)));
  terms.who_may_book.everyone = row.Int(at(2)) != 0;
  terms.who_may_book.organization_kinds = IntsFromJson(row.Text(at(3)));
  terms.who_may_book.network_ids = StringsFromJson(row.Text(at(4)));
  terms.who_may_book.organization_ids = StringsFromJson(row.Text(at(5)));
  terms.approval_required = row.Int(at(6)) != 0;
  terms.required_qualification_type_ids = StringsFromJson(row.Text(at(7)));
  terms.intake_required = row.Int(at(8)) != 0;
  terms.min_lead_time_hours = static_cast<int>(row.Int(at(9)));
  terms.max_duration_hours = static_cast<int>(row.Int(at(10)));
  terms.cancellation_deadline_hours = static_cast<int>(row.Int(at(11)));
  terms.cancellation_fee_cents = row.Int(at(12));
  terms.quota_hours_per_month = static_cast<int>(row.Int(at(13)));
  terms.price = {row.Int(at(14)), row.Int(at(15)), row.Int(at(16)), row.Int(at(17)),
                 row.Int(at(18))};
  terms.deposit_cents = row.Int(at(19));
  terms.acquisition_cost_cents = row.Int(at(20));
  terms.expected_lifetime_years = static_cast<int>(row.Int(at(21)));
  terms.disclose_borrower_names = row.Int(at(22)) != 0;
  terms.create_time = FromMicros(row.Int(at(23)));
  terms.created_by_person_id = row.Text(at(24));
  return terms;
}

// kTermsColumns' values.
inline auto TermsValues(const SharingTerms& terms) {
  const WhoMayBook& who = terms.who_may_book;
  return std::make_tuple(
      terms.listing_id, terms.version, who.everyone, JsonText(who.organization_kinds),
      JsonText(who.network_ids), JsonText(who.organization_ids), terms.approval_required,
      JsonText(terms.required_qualification_type_ids), terms.intake_required,
      terms.min_lead_time_hours, terms.max_duration_hours, terms.cancellation_deadline_hours,
      terms.cancellation_fee_cents, terms.quota_hours_per_month, terms.price.per_hour_cents,
      terms.price.per_half_day_cents, terms.price.per_day_cents, terms.price.per_learner_cents,
      terms.price.per_km_cents, terms.deposit_cents, terms.acquisition_cost_cents,
      terms.expected_lifetime_years, terms.disclose_borrower_names, Micros(terms.create_time),
      terms.created_by_person_id);
}

// ---- Closures

inline constexpr char kClosureColumns[] =
    "id, site_id, listing_id, start_time_us, end_time_us, reason, create_time_us";

template <typename Row>
Closure ReadClosure(const Row& row) {
  Closure closure;
  closure.id = row.Text(0);
  closure.site_id = row.Text(1);
  closure.listing_id = row.IsNull(2) ? "" : row.Text(2);
  closure.start_time = FromMicros(row.Int(3));
  closure.end_time = FromMicros(row.Int(4));
  closure.reason = row.Text(5);
  closure.create_time = FromMicros(row.Int(6));
  return closure;
}

// kClosureColumns' values, with NULL for a closure of the whole site.
inline auto ClosureValues(const Closure& closure) {
  return std::make_tuple(
      closure.id, closure.site_id,
      closure.listing_id.empty() ? std::nullopt : std::optional<std::string>(closure.listing_id),
      Micros(closure.start_time), Micros(closure.end_time), closure.reason,
      Micros(closure.create_time));
}

}  // namespace leerpool::catalogue::store_internal

#endif  // LEERPOOL_SERVICES_CATALOGUE_STORE_ROWS_H_
