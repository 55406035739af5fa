#include "services/booking/sqlite/sqlite_waitlist_inbox.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "services/booking/sqlite/audience_json.h"
#include "services/common/status_macros.h"

namespace leerpool::booking::sqlite_waitlist {
namespace {

using nlohmann::json;

constexpr char kEntryColumns[] =
    "id, state, reservation_id, offer_expire_us, draft, create_us, update_us";

// Only what a reservation made from the entry needs; nothing filters on it.
std::string DraftJson(const WaitlistEntry& e) {
  const Reservation& r = e.draft;
  json lines = json::array();
  for (const PriceLine& line : r.quote.lines) {
    lines.push_back({line.description, line.amount_cents});
  }
  json d = {
      {"units_needed", e.units_needed},
      {"listing_units", e.listing_units},
      {"auto_accept", e.auto_accept},
      {"requested_responsible", e.requested_responsible_person_id},
      {"listing_id", r.listing_id},
      {"owner", r.owner_organization_id},
      {"organization_id", r.organization_id},
      {"responsible", r.responsible_person_id},
      {"created_by", r.created_by_person_id},
      {"kind", static_cast<int>(r.kind)},
      {"start_us", absl::ToUnixMicros(r.start_time)},
      {"end_us", absl::ToUnixMicros(r.end_time)},
      {"occupied_start_us", absl::ToUnixMicros(r.occupied_start_time)},
      {"occupied_end_us", absl::ToUnixMicros(r.occupied_end_time)},
      {"time_zone", r.time_zone},
      {"learners", r.learners},
      {"planned_learners", CountsToJson(r.planned_learners)},
      {"transport_out", r.transport_minutes_out},
      {"transport_back", r.transport_minutes_back},
      {"teardown", r.teardown_minutes},
      {"return_to_base", r.return_to_base_minutes},
      {"terms_version", r.terms_version},
      {"approval_required", r.approval_required},
      {"quote",
       {{"total", r.quote.total_cents},
        {"lines", lines},
        {"deposit", r.quote.deposit_cents},
        {"version", r.quote.terms_version}}},
      {"cancel_deadline_h", r.cancellation_deadline_hours},
      {"cancel_fee_terms", r.cancellation_fee_terms_cents},
      {"notes", r.notes},
  };
  if (r.destination) {
    json place = {{"name", r.destination->name},
                  {"street", r.destination->address.street},
                  {"postal_code", r.destination->address.postal_code},
                  {"locality", r.destination->address.locality},
                  {"country", r.destination->address.country}};
    if (r.destination->location) {
      place["lat"] = r.destination->location->latitude;
      place["lng"] = r.destination->location->longitude;
    }
    d["destination"] = place;
  }
  return d.dump();
}

void ReadDraft(const std::string& text, WaitlistEntry& e) {
  const json d = json::parse(text);
  Reservation& r = e.draft;
  e.units_needed = d.at("units_needed").get<int>();
  e.listing_units = d.at("listing_units").get<int>();
  e.auto_accept = d.at("auto_accept").get<bool>();
  e.requested_responsible_person_id = d.at("requested_responsible").get<std::string>();
  r.listing_id = d.at("listing_id").get<std::string>();
  r.owner_organization_id = d.at("owner").get<std::string>();
  r.organization_id = d.at("organization_id").get<std::string>();
  r.responsible_person_id = d.at("responsible").get<std::string>();
  r.created_by_person_id = d.at("created_by").get<std::string>();
  r.kind = static_cast<ReservationKind>(d.at("kind").get<int>());
  r.start_time = absl::FromUnixMicros(d.at("start_us").get<int64_t>());
  r.end_time = absl::FromUnixMicros(d.at("end_us").get<int64_t>());
  r.occupied_start_time = absl::FromUnixMicros(d.at("occupied_start_us").get<int64_t>());
  r.occupied_end_time = absl::FromUnixMicros(d.at("occupied_end_us").get<int64_t>());
  r.time_zone = d.at("time_zone").get<std::string>();
  r.learners = d.at("learners").get<int>();
  r.planned_learners = CountsFromJson(d.at("planned_learners"));
  r.transport_minutes_out = d.at("transport_out").get<int>();
  r.transport_minutes_back = d.at("transport_back").get<int>();
  r.teardown_minutes = d.at("teardown").get<int>();
  r.return_to_base_minutes = d.at("return_to_base").get<int>();
  r.terms_version = d.at("terms_version").get<int>();
  r.approval_required = d.at("approval_required").get<bool>();
  const json& quote = d.at("quote");
  r.quote.total_cents = quote.at("total").get<int64_t>();
  r.quote.deposit_cents = quote.at("deposit").get<int64_t>();
  r.quote.terms_version = quote.at("version").get<int>();
  for (const json& line : quote.at("lines")) {
    r.quote.lines.push_back({line.at(0).get<std::string>(), line.at(1).get<int64_t>()});
  }
  r.cancellation_deadline_hours = d.at("cancel_deadline_h").get<int>();
  r.cancellation_fee_terms_cents = d.at("cancel_fee_terms").get<int64_t>();
  r.notes = d.at("notes").get<std::string>();
  if (d.contains("destination")) {
    const json& place = d.at("destination");
    Place destination;
    destination.name = place.at("name").get<std::string>();
    destination.address = {
        place.at("street").get<std::string>(), place.at("postal_code").get<std::string>(),
        place.at("locality").get<std::string>(), place.at("country").get<std::string>()};
    if (place.contains("lat")) {
      destination.location = LatLng{place.at("lat").get<double>(), place.at("lng").get<double>()};
    }
    r.destination = destination;
  }
}

WaitlistEntry ReadEntry(storage::Statement& s) {
  WaitlistEntry e;
  e.id = s.Text(0);
  e.state = static_cast<WaitlistState>(s.Int(1));
  e.reservation_id = s.Text(2);
  if (!s.IsNull(3)) e.offer_expire_time = absl::FromUnixMicros(s.Int(3));
  ReadDraft(s.Text(4), e);
  e.create_time = absl::FromUnixMicros(s.Int(5));
  e.update_time = absl::FromUnixMicros(s.Int(6));
  return e;
}

std::optional<int64_t> OptionalMicros(const std::optional<absl::Time>& time) {
  if (!time) return std::nullopt;
  return absl::ToUnixMicros(*time);
}

InboxEvent ReadEvent(storage::Statement& s) {
  return {s.Int(0),  s.Text(1), absl::FromUnixMicros(s.Int(2)), s.Text(3), s.Text(4), s.Text(5),
          s.Text(6), s.Text(7)};
}

constexpr char kEventColumns[] =
    "sequence, id, time_us, organization_id, type, reservation_id, listing_id, summary";

}  // namespace

absl::Status InsertEntry(storage::Database& db, const WaitlistEntry& e) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("INSERT INTO waitlist_entries (", kEntryColumns,
                                              ", listing_id, organization_id) VALUES "
                                              "(?, ?, ?, ?, ?, ?, ?, ?, ?)")));
  s.BindAll(e.id, static_cast<int>(e.state), e.reservation_id, OptionalMicros(e.offer_expire_time),
            DraftJson(e), absl::ToUnixMicros(e.create_time), absl::ToUnixMicros(e.update_time),
            e.draft.listing_id, e.draft.organization_id);
  return s.Run();
}

absl::StatusOr<WaitlistEntry> GetEntry(storage::Database& db, const std::string& id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement s,
      db.Prepare(absl::StrCat("SELECT ", kEntryColumns, " FROM waitlist_entries WHERE id = ?")));
  s.Bind(1, id);
  LP_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return absl::NotFoundError(absl::StrCat("waitlist entry ", id, " not found"));
  return ReadEntry(s);
}

absl::Status UpdateEntry(storage::Database& db, const WaitlistEntry& e) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare("UPDATE waitlist_entries SET state = ?2, reservation_id = ?3, "
                                 "offer_expire_us = ?4, update_us = ?5 WHERE id = ?1"));
  s.BindAll(e.id, static_cast<int>(e.state), e.reservation_id, OptionalMicros(e.offer_expire_time),
            absl::ToUnixMicros(e.update_time));
  LP_RETURN_IF_ERROR(s.Run());
  if (db.Changes() == 0) {
    return absl::NotFoundError(absl::StrCat("waitlist entry ", e.id, " not found"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<WaitlistEntry>> ListByListing(storage::Database& db,
                                                         const std::string& listing_id,
                                                         WaitlistState state) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("SELECT ", kEntryColumns,
                                              " FROM waitlist_entries WHERE listing_id = ? AND "
                                              "state = ? ORDER BY create_us, rowid")));
  s.BindAll(listing_id, static_cast<int>(state));
  return storage::CollectRows<WaitlistEntry>(s, ReadEntry);
}

absl::StatusOr<std::optional<WaitlistEntry>> FindByReservation(storage::Database& db,
                                                               const std::string& reservation_id) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("SELECT ", kEntryColumns,
                                              " FROM waitlist_entries WHERE reservation_id = ? "
                                              "AND reservation_id <> ''")));
  s.Bind(1, reservation_id);
  LP_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<WaitlistEntry>();
  return std::optional<WaitlistEntry>(ReadEntry(s));
}

absl::StatusOr<std::vector<WaitlistEntry>> ListByOrganization(storage::Database& db,
                                                              const std::string& organization_id) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("SELECT ", kEntryColumns,
                                              " FROM waitlist_entries WHERE organization_id = ? "
                                              "ORDER BY create_us DESC, rowid DESC LIMIT 1000")));
  s.Bind(1, organization_id);
  return storage::CollectRows<WaitlistEntry>(s, ReadEntry);
}

absl::Status InsertInboxEvent(storage::Database& db, const InboxEvent& e) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement s,
      db.Prepare("INSERT INTO inbox_events (id, time_us, organization_id, type, reservation_id, "
                 "listing_id, summary) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s.BindAll(e.id, absl::ToUnixMicros(e.time), e.organization_id, e.type, e.reservation_id,
            e.listing_id, e.summary);
  return s.Run();
}

absl::StatusOr<std::vector<InboxEvent>> ListInbox(storage::Database& db,
                                                  const std::string& organization_id,
                                                  int64_t before, int limit) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("SELECT ", kEventColumns,
                                              " FROM inbox_events WHERE organization_id = ? AND "
                                              "sequence < ? ORDER BY sequence DESC LIMIT ?")));
  s.BindAll(organization_id, before > 0 ? before : INT64_MAX, limit);
  return storage::CollectRows<InboxEvent>(s, ReadEvent);
}

absl::StatusOr<std::vector<InboxEvent>> ListInboxAfter(storage::Database& db,
                                                       const std::string& organization_id,
                                                       int64_t after, int limit) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare(absl::StrCat("SELECT ", kEventColumns,
                                              " FROM inbox_events WHERE organization_id = ? AND "
                                              "sequence > ? ORDER BY sequence LIMIT ?")));
  s.BindAll(organization_id, after, limit);
  return storage::CollectRows<InboxEvent>(s, ReadEvent);
}

absl::StatusOr<int64_t> LastInboxSequence(storage::Database& db) {
  LP_ASSIGN_OR_RETURN(storage::Statement s,
                      db.Prepare("SELECT COALESCE(MAX(sequence), 0) FROM inbox_events"));
  LP_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

}  // namespace leerpool::booking::sqlite_waitlist
