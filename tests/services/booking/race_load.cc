#include "tests/services/booking/race_load.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <memory>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/services/booking/booking_fixture.h"

namespace leerpool::booking::testing {

ListingFacts RacePool() {
  ListingFacts facts = SeatFacts();
  facts.id = "lst_pool";
  facts.unit_count = 3;
  facts.capacity_per_unit = 10;
  return facts;
}

ReservationRequest RandomRaceRequest(std::mt19937& random, int client) {
  std::uniform_int_distribution<int> slot(0, 23), hours(1, 3), learners(1, 10);
  ReservationRequest request;
  request.listing_id = "lst_pool";
  request.organization_id = absl::StrCat("org_", client);
  request.kind = ReservationKind::kSession;
  request.start_time = Utc(2026, 3, 10, 8) + absl::Minutes(30 * slot(random));
  request.end_time = request.start_time + absl::Hours(hours(random));
  request.learners = learners(random);
  return request;
}

absl::StatusOr<Reservation> Reserve(BookingEngine& engine, const auth::Caller& caller,
                                    const ReservationRequest& request, CallForm form) {
  if (form == CallForm::kWaiting) return engine.CreateReservation(caller, request);
  auto answer = std::make_shared<std::promise<absl::StatusOr<Reservation>>>();
  std::future<absl::StatusOr<Reservation>> answered = answer->get_future();
  engine.CreateReservation(caller, request, [answer](absl::StatusOr<Reservation> reservation) {
    // A second answer throws (promise_already_satisfied), which ends the test.
    answer->set_value(std::move(reservation));
  });
  return answered.get();
}

RaceOutcome RunRace(BookingEngine& engine, int clients, int attempts, CallForm form) {
  RaceOutcome outcome;
  outcome.won.resize(clients);
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int client = 0; client < clients; ++client) {
    threads.emplace_back([&, client] {
      std::mt19937 random(client);
      const auth::Caller caller =
          Coordinator(absl::StrCat("org_", client), absl::StrCat("per_", client));
      for (int attempt = 0; attempt < attempts; ++attempt) {
        absl::StatusOr<Reservation> r =
            Reserve(engine, caller, RandomRaceRequest(random, client), form);
        if (r.ok()) {
          outcome.won[client].push_back(r->id);
        } else if (r.status().code() != absl::StatusCode::kAlreadyExists) {
          ++unexpected;
          ADD_FAILURE() << r.status();
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  outcome.unexpected = unexpected.load();
  return outcome;
}

void ExpectRaceInvariants(const RaceOutcome& outcome, StoredRows& stored) {
  EXPECT_EQ(outcome.unexpected, 0);
  EXPECT_EQ(stored.OverlappingPairs(), 0);
  std::set<std::string> reported;
  size_t successes = 0;
  for (const std::vector<std::string>& ids : outcome.won) {
    successes += ids.size();
    reported.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(reported.size(), successes) << "a reservation was reported to two clients";
  EXPECT_GT(successes, 0u);
  EXPECT_EQ(stored.Reservations(), static_cast<int64_t>(successes));
  for (const std::string& id : reported) EXPECT_EQ(stored.ReservationsWithId(id), 1) << id;
  // At most 10 learners: every reservation holds exactly one unit's row.
  EXPECT_EQ(stored.OccupancyRows(), static_cast<int64_t>(successes));
}

std::vector<std::string> AcknowledgedBeforeSigkill(
    const std::function<std::unique_ptr<EngineHandle>()>& open, int at_least, bool* killed,
    CallForm form) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    ADD_FAILURE() << "pipe";
    return {};
  }
  const pid_t child = fork();
  if (child < 0) {
    ADD_FAILURE() << "fork";
    return {};
  }
  if (child == 0) {
    close(pipe_fds[0]);
    std::unique_ptr<EngineHandle> handle = open();
    std::vector<std::thread> clients;
    for (int client = 0; client < 8; ++client) {
      clients.emplace_back([&, client] {
        std::mt19937 random(100 + client);
        const auth::Caller caller =
            Coordinator(absl::StrCat("org_", client), absl::StrCat("per_", client));
        for (int attempt = 0;; ++attempt) {
          ReservationRequest request = RandomRaceRequest(random, client);
          // Spread over many days so most attempts succeed.
          request.start_time += absl::Hours(24 * (attempt % 300));
          request.end_time += absl::Hours(24 * (attempt % 300));
          absl::StatusOr<Reservation> r = Reserve(handle->engine(), caller, request, form);
          if (r.ok()) {
            const std::string line = r->id + "\n";
            if (write(pipe_fds[1], line.data(), line.size()) < 0) _exit(1);
          }
        }
      });
    }
    for (std::thread& thread : clients) thread.join();
    _exit(0);
  }
  close(pipe_fds[1]);
  std::string received;
  char buffer[4096];
  // Killed mid-flight once it has acknowledged a good number.
  while (std::count(received.begin(), received.end(), '\n') < at_least) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    received.append(buffer, static_cast<size_t>(n));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  // Whatever was written before the kill counts too.
  while (true) {
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    received.append(buffer, static_cast<size_t>(n));
  }
  close(pipe_fds[0]);
  *killed = WIFSIGNALED(status);
  std::vector<std::string> acknowledged;
  for (absl::string_view line : absl::StrSplit(received, '\n', absl::SkipEmpty())) {
    acknowledged.emplace_back(line);
  }
  return acknowledged;
}

void ExpectSurvivedSigkill(const std::vector<std::string>& acknowledged, StoredRows& stored) {
  for (const std::string& id : acknowledged) {
    EXPECT_EQ(stored.ReservationsWithId(id), 1) << "acknowledged " << id << " is gone";
  }
  EXPECT_EQ(stored.OverlappingPairs(), 0);
  EXPECT_EQ(stored.OrphanOccupancyRows(), 0);
}

}  // namespace leerpool::booking::testing
