#ifndef LEERPOOL_SERVICES_BOOKING_POSTGRES_ROW_JSON_H_
#define LEERPOOL_SERVICES_BOOKING_POSTGRES_ROW_JSON_H_

// The JSON documents the PostgreSQL booking store keeps in its TEXT columns (a reservation's
// details, a waitlist entry's draft, a series' recurrence, template and conflicts). They are
// the very documents the SQLite store writes, key for key: the statistics triggers of both
// backends read the details, and a database moved from one backend to the other must read
// back the same. The readers throw nlohmann::json::exception on a malformed document.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/booking/core/model.h"
#include "services/booking/core/series.h"
#include "services/booking/core/waitlist_inbox.h"

namespace leerpool::booking::pg_json {

std::string ReservationDetails(const Reservation& r);
void ReadReservationDetails(const std::string& text, Reservation& r);

std::string WaitlistDraft(const WaitlistEntry& e);
void ReadWaitlistDraft(const std::string& text, WaitlistEntry& e);

std::string Recurrence(const WeeklyRecurrence& r);
absl::StatusOr<WeeklyRecurrence> ReadRecurrence(const std::string& text);
std::string Template(const SeriesTemplate& t);
SeriesTemplate ReadTemplate(const std::string& text);
std::string Conflicts(const std::vector<OccurrenceConflict>& conflicts);
std::vector<OccurrenceConflict> ReadConflicts(const std::string& text);

}  // namespace leerpool::booking::pg_json

#endif  // LEERPOOL_SERVICES_BOOKING_POSTGRES_ROW_JSON_H_
