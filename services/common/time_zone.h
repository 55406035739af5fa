#ifndef LEERPOOL_SERVICES_COMMON_TIME_ZONE_H_
#define LEERPOOL_SERVICES_COMMON_TIME_ZONE_H_

#include <string>

#include "absl/time/time.h"

namespace leerpool {

// Loads an IANA time zone by its canonical-looking name ("Europe/Brussels", "UTC").
// Refuses what abseil would otherwise accept but clients cannot use: file paths,
// "localtime" (the server's own setting), "..", and other characters outside IANA names.
bool LoadIanaTimeZone(const std::string& name, absl::TimeZone* zone);

// The zone `name` names, or UTC when LoadIanaTimeZone refuses it: for names that were checked
// when they were stored (a site's, a reservation's), where refusing now would help nobody.
absl::TimeZone IanaTimeZoneOrUtc(const std::string& name);

}  // namespace leerpool

#endif  // LEERPOOL_SERVICES_COMMON_TIME_ZONE_H_
