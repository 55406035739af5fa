#include "services/common/time_zone.h"

#include <cctype>

namespace leerpool {

bool LoadIanaTimeZone(const std::string& name, absl::TimeZone* zone) {
  if (name.empty() || name.size() > 64 || name == "localtime") return false;
  if (name.front() == '/' || name.back() == '/' || name.find("..") != std::string::npos ||
      name.find("//") != std::string::npos) {
    return false;
  }
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '/' && c != '_' && c != '-' && c != '+') return false;
  }
  if (!std::isupper(static_cast<unsigned char>(name.front()))) return false;
  return absl::LoadTimeZone(name, zone);
}

absl::TimeZone IanaTimeZoneOrUtc(const std::string& name) {
  absl::TimeZone zone;
  if (!LoadIanaTimeZone(name, &zone)) zone = absl::UTCTimeZone();
  return zone;
}

}  // namespace leerpool
