#include "services/catalogue/core/eligibility.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace leerpool::catalogue {
namespace {

bool Contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

Eligibility EvaluateEligibility(const EligibilityFacts& facts) {
  const Listing& listing = *facts.listing;
  Eligibility result;
  result.terms_version = facts.terms ? facts.terms->version : 0;
  std::vector<EligibilityReason>& reasons = result.reasons;
  const bool owner = facts.organization.id == listing.owner_organization_id;

  if (listing.status != ListingStatus::kPublished) {
    reasons.push_back({"not_published", "the listing is not published"});
  }
  if (facts.terms == nullptr) {
    reasons.push_back({"no_terms", "the listing has no sharing terms yet"});
  } else if (!owner) {
    const SharingTerms& terms = *facts.terms;
    result.approval_required = terms.approval_required;
    const WhoMayBook& who = terms.who_may_book;
    const bool by_kind = std::find(who.organization_kinds.begin(), who.organization_kinds.end(),
                                   facts.organization.kind) != who.organization_kinds.end();
    const bool by_network =
        std::any_of(who.network_ids.begin(), who.network_ids.end(),
                    [&](const std::string& network) { return Contains(facts.networks, network); });
    const bool by_id = Contains(who.organization_ids, facts.organization.id);
    // The ways in are alternatives: only when none admits the organisation is each one that
    // was offered a reason.
    if (!(who.everyone || by_kind || by_network || by_id)) {
      if (!who.organization_kinds.empty()) {
        reasons.push_back(
            {"organization_kind", "the owner shares with other kinds of organisation"});
      }
      if (!who.network_ids.empty()) {
        reasons.push_back(
            {"not_in_network", "the owner shares within networks your organisation is not in"});
      }
      if (!who.organization_ids.empty() ||
          (who.organization_kinds.empty() && who.network_ids.empty())) {
        reasons.push_back({"not_listed", "your organisation is not among those the owner named"});
      }
    }
    for (const std::string& type : terms.required_qualification_type_ids) {
      auto it = facts.qualifications.find(type);
      if (!facts.has_person) {
        reasons.push_back(
            {"missing_qualification",
             absl::StrCat("a responsible person holding qualification ", type, " is required")});
      } else if (it == facts.qualifications.end() || !it->second) {
        reasons.push_back(
            {"missing_qualification",
             absl::StrCat("the responsible person lacks qualification ", type, " on the dates")});
      }
    }
  }
  if (facts.learners > 0 &&
      static_cast<int64_t>(facts.learners) >
          static_cast<int64_t>(listing.capacity_per_unit) * listing.unit_count) {
    reasons.push_back({"capacity", absl::StrCat("at most ",
                                                static_cast<int64_t>(listing.capacity_per_unit) *
                                                    listing.unit_count,
                                                " learners per session")});
  }
  if (listing.category == Category::kMobileSetup && listing.mobile && facts.distance_km &&
      *facts.distance_km > listing.mobile->service_radius_km + 1e-9) {
    reasons.push_back({"outside_service_radius",
                       absl::StrFormat("%.1f km away; the setup travels at most %.1f km",
                                       *facts.distance_km, listing.mobile->service_radius_km)});
  }
  result.may_book = reasons.empty();
  return result;
}

}  // namespace leerpool::catalogue
