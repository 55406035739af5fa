#ifndef LEERPOOL_SERVICES_COMMON_IDS_H_
#define LEERPOOL_SERVICES_COMMON_IDS_H_

#include <string>
#include <string_view>

namespace leerpool {

// A new random resource id such as "org_3f9c2a7d1b6e4c08a5f1e2d3c4b5a697": the prefix names
// the resource kind (so a misplaced id is obvious in logs), 128 random bits make ids
// unguessable and collision-free across replicas without coordination.
std::string NewId(std::string_view prefix);

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_IDS_H_
