#include "services/booking/core/statistics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

using auth::Caller;
using auth::Role;

constexpr double kDaysPerYear = 365.25;

absl::Time FloorUtcDay(absl::Time t) {
  return absl::FromCivil(absl::ToCivilDay(t, absl::UTCTimeZone()), absl::UTCTimeZone());
}

absl::Time CeilUtcDay(absl::Time t) {
  const absl::Time floor = FloorUtcDay(t);
  return floor == t ? t : floor + absl::Hours(24);
}

bool HoldsAnywhere(const Caller& caller, Role role) {
  for (const auto& [org, roles] : caller.roles) {
    if (roles.count(role) > 0) return true;
  }
  return false;
}

// One group of one bucket while rows are being added up. Ids are indices into the block's
// ids.
struct Accumulator {
  bool touched = false;
  StatCounts counts;
  // With repeats; made unique at the end.
  std::vector<int32_t> listings;
  double available_minutes = 0;
  double depreciation_cents = 0;
  struct Borrower {
    int64_t used_minutes = 0;
    bool used = false;
    bool cross_border = false;
    bool nameable = true;
  };
  // By borrower slot (small queries: every group of every bucket holds a slot for each
  // borrower), else by borrower id.
  std::vector<Borrower> dense;
  std::unordered_map<int32_t, Borrower> sparse;
  int64_t cross_border_used_minutes = 0;

  void AddListing(int32_t listing) {
    if (listings.empty() || listings.back() != listing) listings.push_back(listing);
  }
};

}  // namespace

Statistics::Statistics(StatisticsStore& store, StatisticsDirectory& directory,
                       BookingStore& bookings, Clock& clock, StatisticsOptions options)
    : store_(store), directory_(directory), bookings_(bookings), clock_(clock), options_(options) {}

// Who the caller is to statistics, decided once per query.
struct Statistics::Access {
  bool admin = false;
  // Analysts anywhere and members of a government organisation: platform-wide aggregates.
  bool aggregates = false;
};

struct Statistics::Plan {
  absl::Time start;
  absl::Time end;
  StatRowQuery rows;
  // Nothing can match (a dimension nobody has): no store query.
  bool empty = false;
  // Listings whose available hours and depreciation count, beyond those with use.
  std::vector<std::string> universe;
  bool admin = false;
};

absl::StatusOr<Statistics::Plan> Statistics::Prepare(const Caller& caller, const StatQuery& q) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "read statistics"));
  if (q.start == absl::InfinitePast()) {
    return absl::InvalidArgumentError("start_time: is required");
  }
  if (q.end == absl::InfinitePast()) return absl::InvalidArgumentError("end_time: is required");
  if (q.end <= q.start) return absl::InvalidArgumentError("end_time: must be after start_time");
  if (q.end - q.start > options_.max_period) {
    return absl::InvalidArgumentError("end_time: the period must not span more than ten years");
  }
  if (static_cast<int>(q.group_by) < 0 || static_cast<int>(q.group_by) > 8) {
    return absl::InvalidArgumentError("group_by: unknown grouping");
  }
  const StatScope& s = q.scope;
  if (static_cast<int>(s.owner_kind) < 0 || static_cast<int>(s.owner_kind) > 7) {
    return absl::InvalidArgumentError("owner_kind: unknown organisation kind");
  }
  const int set = !s.listing_id.empty() + !s.owner_organization_id.empty() +
                  !s.organization_id.empty() + !s.network_id.empty() + !s.technology.empty() +
                  !s.sector.empty() + !s.region.empty() + !s.country.empty() +
                  (s.owner_kind != OrganizationKind::kUnspecified);
  if (set > 1) {
    return absl::InvalidArgumentError(
        "scope: set at most one of listing_id, owner_organization_id, organization_id, "
        "network_id, technology, sector, region, country, owner_kind");
  }
  if (!s.country.empty() && s.country.size() != 2) {
    return absl::InvalidArgumentError("country: must be an ISO 3166-1 alpha-2 code");
  }

  Plan plan;
  plan.start = FloorUtcDay(q.start);
  plan.end = CeilUtcDay(q.end);
  plan.rows.from_day = StatDay(plan.start);
  plan.rows.to_day = StatDay(plan.end);
  plan.admin = caller.platform_admin;

  Access access;
  access.admin = caller.platform_admin;
  access.aggregates = access.admin || HoldsAnywhere(caller, Role::kAnalyst);
  auto government_member = [&]() -> absl::StatusOr<bool> {
    for (const auto& [org, roles] : caller.roles) {
      LP_ASSIGN_OR_RETURN(std::optional<OrganizationDimensions> dims,
                          directory_.GetOrganization(org));
      if (dims && dims->kind == OrganizationKind::kGovernment) return true;
    }
    return false;
  };
  auto require_aggregates = [&](const std::string& what) -> absl::Status {
    if (access.aggregates) return absl::OkStatus();
    LP_ASSIGN_OR_RETURN(bool government, government_member());
    if (government) return absl::OkStatus();
    return absl::PermissionDeniedError(
        absl::StrCat("only analysts, government and platform admins may read ", what));
  };
  auto known_listings = [&](const std::string& owner) -> absl::StatusOr<std::vector<std::string>> {
    LP_ASSIGN_OR_RETURN(std::vector<StatisticsStore::KnownListing> known,
                        store_.ListKnownListings(owner));
    std::vector<std::string> ids;
    for (const auto& k : known) ids.push_back(k.listing_id);
    return ids;
  };

  if (!s.listing_id.empty()) {
    LP_ASSIGN_OR_RETURN(std::vector<ListingDimensions> found,
                        directory_.GetListings({s.listing_id}, plan.start, plan.end));
    std::string owner;
    if (!found.empty()) {
      owner = found[0].owner_organization_id;
    } else {
      LP_ASSIGN_OR_RETURN(std::vector<StatisticsStore::KnownListing> known,
                          store_.ListKnownListings(""));
      for (const auto& k : known) {
        if (k.listing_id == s.listing_id) owner = k.owner_organization_id;
      }
      if (owner.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("listing_id: unknown listing ", s.listing_id));
      }
    }
    if (!access.admin && !caller.IsMemberOf(owner)) {
      return absl::PermissionDeniedError(
          "only the owner's members and platform admins may read a listing's statistics");
    }
    plan.rows.listing_ids = {s.listing_id};
    plan.universe = {s.listing_id};
  } else if (!s.owner_organization_id.empty()) {
    LP_ASSIGN_OR_RETURN(std::optional<OrganizationDimensions> owner,
                        directory_.GetOrganization(s.owner_organization_id));
    if (!owner) {
      return absl::InvalidArgumentError(
          absl::StrCat("owner_organization_id: unknown organisation ", s.owner_organization_id));
    }
    if (!access.admin && !caller.IsMemberOf(s.owner_organization_id)) {
      return absl::PermissionDeniedError(
          "only the owner's members and platform admins may read an owner's statistics");
    }
    plan.rows.owner_organization_ids = {s.owner_organization_id};
    LP_ASSIGN_OR_RETURN(plan.universe, known_listings(s.owner_organization_id));
  } else if (!s.organization_id.empty()) {
    LP_ASSIGN_OR_RETURN(std::optional<OrganizationDimensions> org,
                        directory_.GetOrganization(s.organization_id));
    if (!org) {
      return absl::InvalidArgumentError(
          absl::StrCat("organization_id: unknown organisation ", s.organization_id));
    }
    if (!access.admin && !caller.IsMemberOf(s.organization_id)) {
      return absl::PermissionDeniedError(
          "only the organisation's members and platform admins may read its use");
    }
    plan.rows.organization_id = s.organization_id;
  } else if (!s.network_id.empty()) {
    LP_ASSIGN_OR_RETURN(std::optional<NetworkDimensions> network,
                        directory_.GetNetwork(s.network_id));
    if (!network) {
      return absl::InvalidArgumentError(absl::StrCat("network_id: unknown network ", s.network_id));
    }
    bool sector_body = access.admin;
    std::vector<std::string> bodies = {network->owner_organization_id};
    bodies.insert(bodies.end(), network->member_organization_ids.begin(),
                  network->member_organization_ids.end());
    for (const std::string& org : bodies) {
      if (sector_body) break;
      if (!caller.IsMemberOf(org)) continue;
      LP_ASSIGN_OR_RETURN(std::optional<OrganizationDimensions> dims,
                          directory_.GetOrganization(org));
      sector_body = dims && dims->kind == OrganizationKind::kSectorBody;
    }
    if (!sector_body) {
      return absl::PermissionDeniedError(
          "only members of the network's sector body and platform admins may read a network's "
          "statistics");
    }
    plan.rows.owner_organization_ids = network->member_organization_ids;
    for (const std::string& member : network->member_organization_ids) {
      LP_ASSIGN_OR_RETURN(std::vector<std::string> ids, known_listings(member));
      plan.universe.insert(plan.universe.end(), ids.begin(), ids.end());
    }
    plan.empty = network->member_organization_ids.empty();
  } else {
    LP_RETURN_IF_ERROR(
        require_aggregates(set == 0 ? "platform-wide statistics" : "statistics across owners"));
    LP_ASSIGN_OR_RETURN(plan.universe, known_listings(""));
    if (set == 1) {
      // A dimension of the listing or its owner: the listings that have it.
      LP_ASSIGN_OR_RETURN(std::vector<ListingDimensions> listings,
                          directory_.GetListings(plan.universe, plan.start, plan.end));
      std::map<std::string, std::optional<OrganizationDimensions>> owners;
      std::vector<std::string> matching;
      for (const ListingDimensions& l : listings) {
        bool match = false;
        if (!s.technology.empty()) {
          match = absl::c_linear_search(l.technologies, s.technology);
        } else if (!s.sector.empty()) {
          match = absl::c_linear_search(l.sectors, s.sector);
        } else {
          auto it = owners.find(l.owner_organization_id);
          if (it == owners.end()) {
            LP_ASSIGN_OR_RETURN(std::optional<OrganizationDimensions> o,
                                directory_.GetOrganization(l.owner_organization_id));
            it = owners.emplace(l.owner_organization_id, o).first;
          }
          const std::optional<OrganizationDimensions>& o = it->second;
          if (!s.region.empty()) {
            match = o && o->region == s.region;
          } else if (!s.country.empty()) {
            match = (o && !o->country.empty() ? o->country : l.owner_country) == s.country;
          } else {
            match = o && o->kind == s.owner_kind;
          }
        }
        if (match) matching.push_back(l.id);
      }
      plan.universe = matching;
      plan.rows.listing_ids = matching;
      plan.empty = matching.empty();
    }
  }
  return plan;
}

absl::StatusOr<std::vector<StatFigures>> Statistics::Compute(const Caller& caller,
                                                             const StatQuery& q,
                                                             StatInterval interval) {
  if (static_cast<int>(interval) < 0 || static_cast<int>(interval) > 4) {
    return absl::InvalidArgumentError("interval: unknown interval");
  }
  LP_ASSIGN_OR_RETURN(Plan plan, Prepare(caller, q));
  const auto buckets = StatBuckets(plan.start, plan.end, interval);
  const bool by_borrower_kind = q.group_by == GroupBy::kBorrowerKind;
  // Every bucket's sums in one store call: the store reads whole months from its rollups.
  StatBlock block;
  if (!plan.empty && !buckets.empty()) {
    StatBlockQuery query;
    for (const auto& bucket : buckets) query.bounds.push_back(StatDay(bucket.first));
    query.bounds.push_back(StatDay(buckets.back().second));
    query.listing_ids = plan.rows.listing_ids;
    query.owner_organization_ids = plan.rows.owner_organization_ids;
    query.organization_id = plan.rows.organization_id;
    query.sums_per_borrower = by_borrower_kind;
    query.month_rollups = options_.month_rollups;
    LP_ASSIGN_OR_RETURN(block, store_.QueryBlock(query));
  }

  // Ids are numbered by the block; the universe and the listings' owners join them.
  std::vector<std::string>& ids = block.ids;
  std::unordered_map<std::string, int32_t> id_index;
  id_index.reserve(ids.size() * 2);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!ids[i].empty()) id_index.emplace(ids[i], static_cast<int32_t>(i));
  }
  auto intern = [&](const std::string& id) {
    auto [it, added] = id_index.emplace(id, static_cast<int32_t>(ids.size()));
    if (added) ids.push_back(id);
    return it->second;
  };
  // Marks rather than sets: a year's block has a row per (listing, borrower, month).
  std::vector<char> is_listing(ids.size(), 0);
  std::vector<char> is_org(ids.size(), 0);
  for (const std::string& id : plan.universe) {
    const int32_t i = intern(id);
    is_listing.resize(ids.size(), 0);
    is_listing[i] = 1;
  }
  for (const StatBlock::Sums& row : block.sums) {
    if (by_borrower_kind && row.borrower < 0) {
      return absl::InternalError("statistics store: sums without their borrower");
    }
    is_listing[row.listing] = 1;
    is_org[row.owner] = 1;
    if (row.borrower >= 0) is_org[row.borrower] = 1;
  }
  for (const StatBlock::Use& row : block.uses) {
    is_listing[row.listing] = 1;
    is_org[row.owner] = 1;
    is_org[row.borrower] = 1;
  }
  std::vector<int32_t> supply_ids;
  for (size_t i = 0; i < is_listing.size(); ++i) {
    if (is_listing[i]) supply_ids.push_back(static_cast<int32_t>(i));
  }
  std::vector<int32_t> org_ids;
  for (size_t i = 0; i < is_org.size(); ++i) {
    if (is_org[i]) org_ids.push_back(static_cast<int32_t>(i));
  }

  // Every listing involved: its dimensions, and its owner's.
  std::vector<std::string> listing_names;
  for (int32_t id : supply_ids) listing_names.push_back(ids[id]);
  absl::c_sort(listing_names);
  LP_ASSIGN_OR_RETURN(std::vector<ListingDimensions> listings,
                      directory_.GetListings(listing_names, plan.start, plan.end));
  std::unordered_map<int32_t, size_t> listing_at;
  for (size_t i = 0; i < listings.size(); ++i) {
    listing_at.emplace(intern(listings[i].id), i);
    org_ids.push_back(intern(listings[i].owner_organization_id));
  }
  // A listing the catalogue no longer shows (retired) still has its use counted, under what
  // the reservations say about it.
  for (const StatBlock::Sums& row : block.sums) {
    if (listing_at.count(row.listing) > 0) continue;
    ListingDimensions unknown;
    unknown.id = ids[row.listing];
    unknown.owner_organization_id = ids[row.owner];
    unknown.unit_count = 0;
    listing_at.emplace(row.listing, listings.size());
    listings.push_back(std::move(unknown));
  }
  absl::c_sort(org_ids);
  org_ids.erase(std::unique(org_ids.begin(), org_ids.end()), org_ids.end());
  const size_t n = ids.size();
  std::vector<std::optional<OrganizationDimensions>> orgs(n);
  for (int32_t id : org_ids) {
    LP_ASSIGN_OR_RETURN(orgs[id], directory_.GetOrganization(ids[id]));
  }
  auto org = [&](int32_t id) -> const OrganizationDimensions* {
    return id >= 0 && orgs[id] ? &*orgs[id] : nullptr;
  };
  // Countries as small integers (-1: none), so cross-border is an integer comparison.
  std::unordered_map<std::string, int> country_codes;
  auto country_code = [&](const std::string& country) {
    if (country.empty()) return -1;
    return country_codes.emplace(country, static_cast<int>(country_codes.size())).first->second;
  };
  std::vector<int> borrower_country(n, -1);
  for (int32_t id : org_ids) {
    if (orgs[id]) borrower_country[id] = country_code(orgs[id]->country);
  }
  std::vector<char> member(n, 0);
  if (!plan.admin) {
    for (int32_t id : org_ids) member[id] = caller.IsMemberOf(ids[id]);
  }

  // Groups, numbered; labels by group.
  std::vector<std::string> group_keys;
  std::vector<std::string> group_labels;
  std::unordered_map<std::string, int32_t> group_index;
  auto group = [&](const std::string& key, const std::string* label) {
    auto [it, added] = group_index.emplace(key, static_cast<int32_t>(group_keys.size()));
    if (added) {
      group_keys.push_back(key);
      group_labels.push_back(key);
    }
    if (label != nullptr) group_labels[it->second] = *label;
    return it->second;
  };
  if (q.group_by == GroupBy::kNone) group("", nullptr);

  // What depends only on the listing: its groups, its owner's country, its terms.
  struct ListingFacts {
    const ListingDimensions* dims = nullptr;
    std::vector<int32_t> groups;
    int lender_country = -1;
  };
  std::vector<ListingFacts> facts(n);
  for (const auto& [id, at] : listing_at) {
    ListingFacts& f = facts[id];
    const ListingDimensions& l = listings[at];
    f.dims = &l;
    const OrganizationDimensions* owner = org(id_index.at(l.owner_organization_id));
    f.lender_country =
        country_code(owner && !owner->country.empty() ? owner->country : l.owner_country);
    if (by_borrower_kind) continue;
    switch (q.group_by) {
      case GroupBy::kNone:
      case GroupBy::kBorrowerKind:
        break;
      case GroupBy::kListing:
        f.groups.push_back(group(l.id, &l.title));
        break;
      case GroupBy::kOwner: {
        const std::string name = owner ? owner->name : "";
        f.groups.push_back(group(l.owner_organization_id, &name));
        break;
      }
      case GroupBy::kTechnology:
        for (const std::string& t : l.technologies) f.groups.push_back(group(t, nullptr));
        break;
      case GroupBy::kSector:
        for (const std::string& t : l.sectors) f.groups.push_back(group(t, nullptr));
        break;
      case GroupBy::kRegion:
        f.groups.push_back(group(owner ? owner->region : "", nullptr));
        break;
      case GroupBy::kCountry:
        f.groups.push_back(
            group(owner && !owner->country.empty() ? owner->country : l.owner_country, nullptr));
        break;
      case GroupBy::kOwnerKind:
        f.groups.push_back(group(
            OrganizationKindCode(owner ? owner->kind : OrganizationKind::kUnspecified), nullptr));
        break;
    }
    if (f.groups.empty()) f.groups.push_back(group("", nullptr));
  }
  std::vector<int32_t> kind_group;
  if (by_borrower_kind) {
    kind_group.assign(n, -1);
    for (int32_t id : org_ids) {
      kind_group[id] =
          group(OrganizationKindCode(orgs[id] ? orgs[id]->kind : OrganizationKind::kUnspecified),
                nullptr);
    }
  }
  const size_t group_count = group_keys.size();
  std::vector<Accumulator> acc(buckets.size() * group_count);
  // Borrowers numbered densely, so that a platform-wide year adds up in arrays.
  std::vector<int32_t> slot(n, -1);
  std::vector<int32_t> slot_id;
  for (const StatBlock::Use& row : block.uses) {
    if (slot[row.borrower] < 0) {
      slot[row.borrower] = static_cast<int32_t>(slot_id.size());
      slot_id.push_back(row.borrower);
    }
  }
  const bool dense = acc.size() * slot_id.size() <= (size_t{1} << 20);
  auto at = [&](int32_t bucket, int32_t g) -> Accumulator& {
    Accumulator& a = acc[bucket * group_count + g];
    a.touched = true;
    return a;
  };

  AvailabilityCache available;
  if (!by_borrower_kind) {
    // Supply side: available hours and depreciation of every listing in scope, even unused.
    if (!q.scope.organization_id.empty()) supply_ids.clear();
    for (int32_t id : supply_ids) {
      const ListingFacts& f = facts[id];
      if (f.dims == nullptr) continue;
      const ListingDimensions& l = *f.dims;
      for (size_t b = 0; b < buckets.size(); ++b) {
        const double minutes =
            static_cast<double>(available.Minutes(l, buckets[b].first, buckets[b].second));
        double depreciation = 0;
        if (l.acquisition_cost_cents > 0 && l.expected_lifetime_years > 0) {
          depreciation = static_cast<double>(l.acquisition_cost_cents) / l.expected_lifetime_years *
                         absl::ToDoubleHours(buckets[b].second - buckets[b].first) /
                         (24 * kDaysPerYear);
        }
        for (int32_t g : f.groups) {
          Accumulator& a = at(static_cast<int32_t>(b), g);
          a.AddListing(id);
          a.available_minutes += minutes;
          a.depreciation_cents += depreciation;
        }
      }
    }
  }

  for (const StatBlock::Sums& row : block.sums) {
    if (by_borrower_kind) {
      Accumulator& a = at(row.bucket, kind_group[row.borrower]);
      a.counts.Add(row.counts);
      a.AddListing(row.listing);
      continue;
    }
    for (int32_t g : facts[row.listing].groups) {
      Accumulator& a = at(row.bucket, g);
      a.counts.Add(row.counts);
      a.AddListing(row.listing);
    }
  }
  for (const StatBlock::Use& row : block.uses) {
    if (row.completed == 0 && row.used_minutes == 0) continue;
    const ListingFacts& f = facts[row.listing];
    const int borrower = borrower_country[row.borrower];
    const bool cross_border =
        borrower >= 0 && f.lender_country >= 0 && borrower != f.lender_country;
    const bool nameable =
        plan.admin || member[row.borrower] ||
        (member[row.owner] && f.dims != nullptr && f.dims->disclose_borrower_names);
    auto add = [&](Accumulator& a) {
      if (dense && a.dense.empty()) a.dense.resize(slot_id.size());
      Accumulator::Borrower& who = dense ? a.dense[slot[row.borrower]] : a.sparse[row.borrower];
      who.used_minutes += row.used_minutes;
      who.nameable = who.nameable && nameable;
      if (row.completed > 0) {
        who.used = true;
        who.cross_border = who.cross_border || cross_border;
      }
      if (cross_border) a.cross_border_used_minutes += row.used_minutes;
      a.AddListing(row.listing);
    };
    if (by_borrower_kind) {
      add(at(row.bucket, kind_group[row.borrower]));
    } else {
      for (int32_t g : f.groups) add(at(row.bucket, g));
    }
  }

  // By bucket, then by group key.
  std::vector<int32_t> group_order(group_count);
  for (size_t g = 0; g < group_count; ++g) group_order[g] = static_cast<int32_t>(g);
  absl::c_sort(group_order, [&](int32_t a, int32_t b) { return group_keys[a] < group_keys[b]; });
  std::vector<StatFigures> out;
  for (size_t b = 0; b < buckets.size(); ++b) {
    for (int32_t g : group_order) {
      Accumulator& a = acc[b * group_count + g];
      if (!a.touched && q.group_by != GroupBy::kNone) continue;
      StatFigures f;
      f.group_key = group_keys[g];
      f.group_label = group_labels[g];
      f.period_start = buckets[b].first;
      f.period_end = buckets[b].second;
      absl::c_sort(a.listings);
      f.listing_count =
          static_cast<int>(std::unique(a.listings.begin(), a.listings.end()) - a.listings.begin());
      f.available_hours = a.available_minutes / 60.0;
      f.reserved_hours = a.counts.reserved_minutes / 60.0;
      f.used_hours = a.counts.used_minutes / 60.0;
      f.utilisation = f.available_hours > 0 ? f.used_hours / f.available_hours : 0;
      f.reservations_active = a.counts.active;
      f.reservations_completed = a.counts.completed;
      f.cancellations = a.counts.cancelled;
      f.no_shows = a.counts.no_shows;
      std::vector<std::pair<const std::string*, const Accumulator::Borrower*>> used;
      for (size_t i = 0; i < a.dense.size(); ++i) {
        if (a.dense[i].used) used.emplace_back(&ids[slot_id[i]], &a.dense[i]);
      }
      for (const auto& [id, who] : a.sparse) {
        if (who.used) used.emplace_back(&ids[id], &who);
      }
      absl::c_sort(used, [](const auto& x, const auto& y) { return *x.first < *y.first; });
      std::map<OrganizationKind, int> kinds;
      for (const auto& [id, who] : used) {
        ++f.distinct_organizations;
        if (who->cross_border) ++f.cross_border_organizations;
        const OrganizationDimensions* o = org(id_index.at(*id));
        ++kinds[o ? o->kind : OrganizationKind::kUnspecified];
        if (who->nameable) f.borrowers.push_back({*id, o ? o->name : "", who->used_minutes / 60.0});
      }
      for (const auto& [kind, count] : kinds) f.organizations_by_kind.push_back({kind, count});
      f.cross_border_used_hours = a.cross_border_used_minutes / 60.0;
      f.cross_border_used_hours_share =
          a.counts.used_minutes > 0
              ? static_cast<double>(a.cross_border_used_minutes) / a.counts.used_minutes
              : 0;
      f.cross_border_organizations_share =
          f.distinct_organizations > 0
              ? static_cast<double>(f.cross_border_organizations) / f.distinct_organizations
              : 0;
      f.learners_reached = a.counts.learners[0];
      f.learner_hours = a.counts.learner_minutes[0] / 60.0;
      for (int i = 1; i <= kAudienceCount; ++i) {
        f.audiences.push_back({i, a.counts.learners[i], a.counts.learner_minutes[i] / 60.0});
      }
      f.revenue_cents = a.counts.revenue_cents;
      f.depreciation_cents = static_cast<int64_t>(std::llround(a.depreciation_cents));
      f.cost_per_learner_hour_cents =
          f.learner_hours > 0 ? static_cast<double>(f.depreciation_cents) / f.learner_hours : 0;
      out.push_back(std::move(f));
    }
  }
  return out;
}

absl::StatusOr<StatSummary> Statistics::Summary(const Caller& caller, const StatQuery& query) {
  LP_ASSIGN_OR_RETURN(std::vector<StatFigures> groups,
                      Compute(caller, query, StatInterval::kUnspecified));
  StatSummary summary;
  summary.period_start = FloorUtcDay(query.start);
  summary.period_end = CeilUtcDay(query.end);
  summary.groups = std::move(groups);
  return summary;
}

absl::StatusOr<StatTimeSeries> Statistics::TimeSeries(const Caller& caller, const StatQuery& query,
                                                      StatInterval interval) {
  if (interval == StatInterval::kUnspecified) {
    return absl::InvalidArgumentError("interval: is required (MONTH, WEEK, QUARTER, SCHOOL_YEAR)");
  }
  StatTimeSeries series;
  series.interval = interval;
  LP_ASSIGN_OR_RETURN(series.points, Compute(caller, query, interval));
  return series;
}

absl::StatusOr<std::vector<StatFigures>> Statistics::Top(const Caller& caller,
                                                         const TopQuery& top) {
  const int limit = top.limit == 0 ? 10 : top.limit;
  if (limit < 0 || limit > options_.max_top) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit: must be between 1 and ", options_.max_top));
  }
  if (top.order != TopOrder::kUtilisation && top.order != TopOrder::kDistinctOrganizations) {
    return absl::InvalidArgumentError("order_by: unknown ordering");
  }
  StatQuery query = top.query;
  query.group_by = GroupBy::kListing;
  LP_ASSIGN_OR_RETURN(std::vector<StatFigures> listings,
                      Compute(caller, query, StatInterval::kUnspecified));
  auto value = [&](const StatFigures& f) {
    return top.order == TopOrder::kUtilisation ? f.utilisation
                                               : static_cast<double>(f.distinct_organizations);
  };
  std::stable_sort(listings.begin(), listings.end(),
                   [&](const StatFigures& a, const StatFigures& b) {
                     if (value(a) != value(b))
                       return top.bottom ? value(a) < value(b) : value(a) > value(b);
                     return a.group_key < b.group_key;
                   });
  if (static_cast<int>(listings.size()) > limit) listings.resize(limit);
  return listings;
}

absl::StatusOr<std::string> Statistics::Export(const Caller& caller, const StatQuery& query,
                                               StatInterval interval) {
  LP_ASSIGN_OR_RETURN(std::vector<StatFigures> rows, Compute(caller, query, interval));
  return StatFiguresCsv(rows);
}

absl::StatusOr<std::vector<std::string>> Statistics::ImportHistory(
    const Caller& caller, const std::vector<HistoricReservation>& history) {
  LP_RETURN_IF_ERROR(auth::RequirePlatformAdmin(caller, "import reservation history"));
  if (history.empty()) return absl::InvalidArgumentError("reservations: at least one is required");
  if (static_cast<int>(history.size()) > options_.max_import) {
    return absl::InvalidArgumentError(
        absl::StrCat("reservations: at most ", options_.max_import, " per call"));
  }
  const absl::Time now = clock_.Now();
  std::vector<Reservation> reservations;
  std::map<std::string, std::string> owners;
  for (size_t i = 0; i < history.size(); ++i) {
    const HistoricReservation& h = history[i];
    const std::string at = absl::StrCat("reservations[", i, "].");
    if (h.listing_id.empty()) return absl::InvalidArgumentError(at + "listing_id: is required");
    if (h.organization_id.empty()) {
      return absl::InvalidArgumentError(at + "organization_id: is required");
    }
    if (h.start_time == absl::InfinitePast()) {
      return absl::InvalidArgumentError(at + "start_time: is required");
    }
    if (h.end_time <= h.start_time) {
      return absl::InvalidArgumentError(at + "end_time: must be after start_time");
    }
    if (h.check_out_time && h.check_in_time && *h.check_in_time < *h.check_out_time) {
      return absl::InvalidArgumentError(at + "check_in_time: must not be before check_out_time");
    }
    if (h.end_time > now || (h.check_in_time && *h.check_in_time > now)) {
      return absl::InvalidArgumentError(at + "end_time: history must lie in the past");
    }
    if (h.status != ReservationStatus::kCompleted && h.status != ReservationStatus::kCancelled &&
        h.status != ReservationStatus::kNoShow) {
      return absl::InvalidArgumentError(at + "status: must be COMPLETED, CANCELLED or NO_SHOW");
    }
    if (h.kind != ReservationKind::kSession && h.kind != ReservationKind::kLoan) {
      return absl::InvalidArgumentError(at + "kind: must be SESSION or LOAN");
    }
    for (const AudienceCount& count : h.learners_present) {
      if (count.count < 0) {
        return absl::InvalidArgumentError(at + "learners_present: counts must not be negative");
      }
    }
    std::string owner = h.owner_organization_id;
    if (owner.empty()) {
      auto it = owners.find(h.listing_id);
      if (it == owners.end()) {
        LP_ASSIGN_OR_RETURN(std::vector<ListingDimensions> found,
                            directory_.GetListings({h.listing_id}, now, now));
        if (found.empty()) {
          return absl::InvalidArgumentError(at + "listing_id: unknown listing " + h.listing_id);
        }
        it = owners.emplace(h.listing_id, found[0].owner_organization_id).first;
      }
      owner = it->second;
    }
    Reservation r;
    r.id = NewId("rsv");
    r.listing_id = h.listing_id;
    r.owner_organization_id = owner;
    r.units = h.units.empty() ? std::vector<int>{1} : h.units;
    r.organization_id = h.organization_id;
    r.responsible_person_id = h.responsible_person_id;
    r.created_by_person_id = caller.person_id;
    r.kind = h.kind;
    r.status = h.status;
    r.start_time = h.start_time;
    r.end_time = h.end_time;
    r.occupied_start_time = h.start_time;
    r.occupied_end_time = h.end_time;
    r.time_zone = h.time_zone.empty() ? "Europe/Brussels" : h.time_zone;
    r.learners = h.learners;
    if (h.status == ReservationStatus::kCompleted) {
      r.check_out_time = h.check_out_time.value_or(h.start_time);
      r.check_in_time = h.check_in_time.value_or(h.end_time);
      r.learners_present = h.learners_present;
      r.condition = Condition::kGood;
      r.quote.total_cents = h.price_cents;
    } else {
      r.cancellation_fee_cents = h.cancellation_fee_cents;
    }
    r.notes = "imported from a previous system";
    r.create_time = now;
    r.update_time = now;
    reservations.push_back(std::move(r));
  }
  std::vector<std::string> ids;
  LP_RETURN_IF_ERROR(bookings_.Transact([&](BookingTransaction& tx) -> absl::Status {
    ids.clear();
    for (size_t i = 0; i < reservations.size(); ++i) {
      const Reservation& r = reservations[i];
      if (r.status == ReservationStatus::kCompleted) {
        // Past use of a unit cannot overlap either: completed reservations no longer hold
        // occupancy rows, so the rule is checked against them here.
        ReservationFilter filter;
        filter.listing_id = r.listing_id;
        filter.statuses = {ReservationStatus::kConfirmed, ReservationStatus::kCheckedOut,
                           ReservationStatus::kCompleted};
        filter.end_after = r.start_time;
        filter.start_before = r.end_time;
        LP_ASSIGN_OR_RETURN(std::vector<Reservation> overlapping,
                            tx.ListReservations(filter, std::nullopt, 1000));
        for (const Reservation& other : overlapping) {
          for (int unit : r.units) {
            if (absl::c_linear_search(other.units, unit)) {
              return absl::AlreadyExistsError(
                  absl::StrCat("reservations[", i, "]: unit ", unit, " of ", r.listing_id,
                               " is already in use from ", absl::FormatTime(other.start_time),
                               " to ", absl::FormatTime(other.end_time)));
            }
          }
        }
      }
      LP_RETURN_IF_ERROR(tx.InsertReservation(r));
      LP_RETURN_IF_ERROR(tx.InsertEvent(
          {NewId("rev"), r.id, now, caller.person_id, "", "imported", r.status, r.notes}));
      ids.push_back(r.id);
    }
    return absl::OkStatus();
  }));
  return ids;
}

}  // namespace leerpool::booking
