#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_ELIGIBILITY_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_ELIGIBILITY_H_

// Whether an organisation may book a listing, every failed rule named. Pure: the caller
// gathers the facts (from the store and the registry) first.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/model.h"

namespace leerpool::catalogue {

struct EligibilityFacts {
  const Listing* listing = nullptr;
  // Null when the listing has no terms yet.
  const SharingTerms* terms = nullptr;
  OrganizationSummary organization;
  // Networks the organisation belongs to.
  std::vector<std::string> networks;
  // 0: not checked.
  int learners = 0;
  // From the listing's site to where the equipment would go (mobile setups), when known.
  std::optional<double> distance_km;
  // Whether a responsible person is known; when not, every required qualification is missing.
  bool has_person = false;
  // Qualification type id -> held on every day of the period; absent means not held.
  std::map<std::string, bool> qualifications;
};

// Reason codes: "not_published", "no_terms", "organization_kind", "not_in_network",
// "not_listed", "missing_qualification" (one per type), "capacity" (more learners than all
// units together take), "outside_service_radius". The owner is exempt from who-may-book and
// qualification rules (its own people, its own equipment); capacity and the service radius
// are physical and apply to everyone. An intake is not a reason: the booking engine arranges
// it.
Eligibility EvaluateEligibility(const EligibilityFacts& facts);

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_ELIGIBILITY_H_
