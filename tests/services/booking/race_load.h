#ifndef LEERPOOL_TESTS_SERVICES_BOOKING_RACE_LOAD_H_
#define LEERPOOL_TESTS_SERVICES_BOOKING_RACE_LOAD_H_

// The load and the checks of the no-double-booking race and the SIGKILL test, shared by the
// SQLite (concurrency_test.cc) and PostgreSQL (concurrency_postgres_test.cc) suites: only how
// an engine is opened and how the stored rows are counted differ per backend.

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "services/booking/core/booking_engine.h"
#include "services/booking/core/model.h"

namespace leerpool::booking::testing {

// A listing of 3 units of 10 learners that every request of the race asks for.
ListingFacts RacePool();

// 1-3 hours of 1-10 learners over 24 half-hour starts on one day: almost every request of the
// race collides with another.
ReservationRequest RandomRaceRequest(std::mt19937& random, int client);

// What each client was told it won, and the unexpected errors (anything but ALREADY_EXISTS).
struct RaceOutcome {
  std::vector<std::vector<std::string>> won;
  int unexpected = 0;
};

// How the clients call CreateReservation: waiting for it, or in its asynchronous form (as the
// gRPC service does), whose answer comes from whichever thread commits.
enum class CallForm { kWaiting, kAsynchronous };

// CreateReservation in `form`; the asynchronous form fails the test if `done` runs twice.
absl::StatusOr<Reservation> Reserve(BookingEngine& engine, const auth::Caller& caller,
                                    const ReservationRequest& request, CallForm form);

// `clients` threads making `attempts` reservations each on `engine`.
RaceOutcome RunRace(BookingEngine& engine, int clients, int attempts,
                    CallForm form = CallForm::kWaiting);

// Counts over the stored rows, written per backend in its own SQL.
class StoredRows {
 public:
  virtual ~StoredRows() = default;
  // Pairs of occupancy rows of one unit that overlap, counted without trusting the store.
  virtual int64_t OverlappingPairs() = 0;
  virtual int64_t Reservations() = 0;
  virtual int64_t ReservationsWithId(const std::string& id) = 0;
  virtual int64_t OccupancyRows() = 0;
  // Occupancy rows whose reservation is missing.
  virtual int64_t OrphanOccupancyRows() = 0;
};

// No overlap stored, every success reported to exactly one client and stored once, each with
// its one unit's occupancy row.
void ExpectRaceInvariants(const RaceOutcome& outcome, StoredRows& stored);

// Forks a child that opens an engine with `open` (whatever it returns is kept alive for the
// load) and reserves on 8 threads, writing each acknowledged id to a pipe once
// CreateReservation returned; kills it with SIGKILL after `at_least` acknowledgements and
// returns every id it acknowledged. `killed` tells whether the child died of the signal.
struct EngineHandle {
  virtual ~EngineHandle() = default;
  virtual BookingEngine& engine() = 0;
};
std::vector<std::string> AcknowledgedBeforeSigkill(
    const std::function<std::unique_ptr<EngineHandle>()>& open, int at_least, bool* killed,
    CallForm form = CallForm::kWaiting);

// Every acknowledged reservation stored, no overlap, no orphan occupancy.
void ExpectSurvivedSigkill(const std::vector<std::string>& acknowledged, StoredRows& stored);

}  // namespace leerpool::booking::testing

#endif  // LEERPOOL_TESTS_SERVICES_BOOKING_RACE_LOAD_H_
