#ifndef LEERPOOL_CLIENTS_CLI_OPENING_HOURS_H_
#define LEERPOOL_CLIENTS_CLI_OPENING_HOURS_H_

// A site's weekly opening hours as a person types them on the command line and reads them back:
//   "mon-fri 08:00-17:00"  "sat 09:00-12:00,13:00-16:00"  "mon,wed,fri 08:00-24:00"
// The days (English or Dutch three- or two-letter names, a range or a comma list), a space,
// then one or more periods of those days in the site's own time zone; 24:00 is midnight at the
// end of the day. Printing uses the same notation, so a printed week can be typed back.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "leerpool/catalogue/v1/catalogue.pb.h"

namespace leerpool::cli {

using OpeningHours = google::protobuf::RepeatedPtrField<catalogue::v1::OpeningPeriod>;

// Appends the periods of one or more "days times" entries separated by ";" (as printed);
// INVALID_ARGUMENT naming what is wrong, and then nothing is appended. Overlaps and limits are
// the catalogue's to judge, so that both clients get the same answer.
absl::Status ParseOpeningHours(absl::string_view text, OpeningHours* out);

// "mon-fri 08:00-17:00; sat 09:00-12:00", consecutive days with the same periods joined;
// "" for a week without opening hours.
std::string FormatOpeningHours(const OpeningHours& hours);

}  // namespace leerpool::cli

#endif  // LEERPOOL_CLIENTS_CLI_OPENING_HOURS_H_
