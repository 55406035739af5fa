#ifndef LEERPOOL_SERVICES_BOOKING_STORE_ROW_JSON_H_
#define LEERPOOL_SERVICES_BOOKING_STORE_ROW_JSON_H_

// The JSON documents the booking stores keep in TEXT columns: a reservation's details, a
// waitlist entry's draft, a series' recurrence, template and conflicts. The SQLite and the
// PostgreSQL store both write and read them through these functions alone, because the
// documents must be the same key for key on both backends: the statistics triggers of both
// read the details (and the audience counts inside them), and a database moved from one backend
// to the other must read back the same.
//
// Readers never throw. A stored document that does not parse or lacks a field is DATA_LOSS:
// it was written by a store, so nothing the caller sent can fix it, and the same code is what
// the engine reports for a stored recurrence it cannot expand. The message names the row (the
// id already set on the object being read) and the document.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/booking/core/model.h"
#include "services/booking/core/series.h"
#include "services/booking/core/waitlist_inbox.h"

namespace leerpool::booking::row_json {

std::string ReservationDetails(const Reservation& r);
// Sets the fields the details hold; reads r.id for the error message only.
absl::Status ReadReservationDetails(const std::string& text, Reservation& r);

std::string WaitlistDraft(const WaitlistEntry& e);
// Sets the fields the draft holds; reads e.id for the error message only.
absl::Status ReadWaitlistDraft(const std::string& text, WaitlistEntry& e);

std::string Recurrence(const WeeklyRecurrence& r);
std::string Template(const SeriesTemplate& t);
std::string Conflicts(const std::vector<OccurrenceConflict>& conflicts);
// A series row's three documents at once, as both stores read them together; sets
// series.recurrence, .request and .conflicts and reads series.id for the error message only.
absl::Status ReadSeriesDocuments(const std::string& recurrence, const std::string& request,
                                 const std::string& conflicts, Series& series);

}  // namespace leerpool::booking::row_json

#endif  // LEERPOOL_SERVICES_BOOKING_STORE_ROW_JSON_H_
