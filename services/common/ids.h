#ifndef LEERPOOL_SERVICES_COMMON_IDS_H_
#define LEERPOOL_SERVICES_COMMON_IDS_H_

#include <string>
#include <string_view>

namespace leerpool {

// A new resource id such as "rsv_019ad2f3c4e17d2a8b90c1f2e3d4a5b6": the prefix names the
// resource kind (so a misplaced id is obvious in logs); then 32 hex digits, the first 12 the
// creation time in milliseconds since the epoch and the other 20 random (80 bits, so ids are
// collision-free across replicas without coordination and cannot be guessed). Starting with
// the time makes ids made together sort together: a new row's id lands on the last page of
// an index instead of a random one, which halves what a batch of reservations writes. The
// time is no secret (every resource states its creation time); ids are never credentials:
// secrets come from auth::RandomToken.
std::string NewId(std::string_view prefix);

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_IDS_H_
