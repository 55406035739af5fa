#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_QUALIFICATION_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_QUALIFICATION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace leerpool::registry {

// A calendar date as a client sends it; may be anything until validated.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  friend bool operator==(const Date&, const Date&) = default;
};

// A qualification an organisation trains and certifies for (a manufacturer's
// train-the-trainer course, VCA, F-gas handling): defined once by its issuer and recognised
// by every equipment owner that asks for it.
struct QualificationType {
  std::string id;
  std::string issuer_organization_id;
  // Unique per issuer, e.g. "VCA-BASIS".
  std::string code;
  std::string name_nl;
  std::string name_en;
  std::string description;
  // 0: no expiry.
  int validity_months = 0;
  absl::Time create_time;
  friend bool operator==(const QualificationType&, const QualificationType&) = default;
};

// That a person holds a qualification: valid on every day from issue_date through
// expiry_date (both inclusive; no expiry_date: no end) unless revoked.
struct Qualification {
  std::string id;
  std::string qualification_type_id;
  std::string person_id;
  absl::CivilDay issue_date;
  std::optional<absl::CivilDay> expiry_date;
  // Empty when issued by an API key (recorded in the audit trail instead).
  std::string issued_by_person_id;
  bool revoked = false;
  std::string revocation_reason;
  absl::Time create_time;
  std::optional<absl::Time> revoke_time;
  friend bool operator==(const Qualification&, const Qualification&) = default;
};

struct QualificationCheck {
  std::string qualification_type_id;
  bool valid = false;
  // The qualification that covers the period, when valid.
  std::string qualification_id;
  std::optional<absl::CivilDay> expiry_date;
};

struct QualificationChecks {
  std::vector<QualificationCheck> checks;
  bool all_valid = false;
};

}  // namespace leerpool::registry

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_QUALIFICATION_H_
