#ifndef LEERPOOL_SERVICES_BOOKING_SQLITE_AUDIENCE_JSON_H_
#define LEERPOOL_SERVICES_BOOKING_SQLITE_AUDIENCE_JSON_H_

// Head counts per audience as they are kept inside JSON columns: [[audience, count], ...].
// The statistics triggers (0007) read this shape too, so it must not change.

#include <nlohmann/json.hpp>
#include <vector>

#include "services/booking/core/model.h"

namespace leerpool::booking {

inline nlohmann::json CountsToJson(const std::vector<AudienceCount>& counts) {
  nlohmann::json out = nlohmann::json::array();
  for (const AudienceCount& count : counts) out.push_back({count.audience, count.count});
  return out;
}

inline std::vector<AudienceCount> CountsFromJson(const nlohmann::json& in) {
  std::vector<AudienceCount> counts;
  for (const nlohmann::json& item : in) {
    counts.push_back({item.at(0).get<int>(), item.at(1).get<int>()});
  }
  return counts;
}

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_SQLITE_AUDIENCE_JSON_H_
