// booking_bench: how many durable reservations per second the booking engine stores through
// gRPC, next to a bare SQLite loop on the same disk and an empty RPC on the same server; and
// how fast availability is answered (one listing for a week, and across thousands of
// listings) as the number of stored reservations grows.
//
// The engine, its SQLite store (group commit, synchronous=FULL) and the real gRPC adapter run
// in-process on port 0; the clients are generated stubs, each on its own channel. The
// catalogue is an in-process stand-in that answers at once, so the figures are the booking
// engine's own (in production its listing facts are cached for 10 s). It prints a Markdown
// section for docs/benchmarks.md. Nothing is asserted about time: a failed call fails the run.

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "bench/bench_util.h"
#include "leerpool/booking/v1/booking.grpc.pb.h"
#include "services/booking/core/booking_engine.h"
#include "services/booking/grpc/booking_grpc_service.h"
#include "services/booking/postgres/pg_booking_store.h"
#include "services/booking/sqlite/booking_database.h"
#include "services/booking/sqlite/sqlite_booking_store.h"
#include "services/common/channel.h"
#include "services/common/clock.h"
#include "services/common/ids.h"
#include "services/common/proto_time.h"
#include "services/common/server.h"
#include "services/common/status_macros.h"
#include "services/common/time_zone.h"
#include "storage/postgres.h"
#include "tests/services/common/auth/test_identity.h"

namespace leerpool::bench {
namespace {

namespace v1 = booking::v1;
using booking::BookingEngine;
using booking::ListingFacts;
using SteadyClock = std::chrono::steady_clock;

constexpr char kOrganization[] = "org_bench_school";
constexpr char kOwner[] = "org_bench_owner";

struct Flags {
  std::vector<int> clients = {1, 4, 16, 64};
  double seconds = 3;
  int throughput_listings = 200;
  std::vector<int> sizes = {100000, 1000000};
  int search_listings = 5000;
  int repetitions = 100;
  double budget_seconds = 60;
  uint64_t seed = 20260901;
  std::string dir;
  std::string markdown_out;
  std::string server_log;
  std::string command_line;
  // A PostgreSQL server (URL of a database the benchmark may create databases from); empty
  // leaves the PostgreSQL figures out.
  std::string postgres;
  int postgres_size = 100000;
};

// ---- The catalogue stand-in: fixed facts, terms without approval, everyone may book.

class BenchDirectory : public booking::ListingDirectory {
 public:
  void Put(ListingFacts facts) { listings_[facts.id] = std::move(facts); }

  absl::StatusOr<ListingFacts> GetListing(const std::string& id) override {
    auto it = listings_.find(id);
    if (it == listings_.end()) return absl::NotFoundError(absl::StrCat("listing ", id));
    return it->second;
  }
  absl::StatusOr<booking::Terms> GetTerms(const std::string&, int version) override {
    booking::Terms terms;
    terms.version = version;
    terms.price.per_hour_cents = 2500;
    return terms;
  }
  absl::StatusOr<std::vector<booking::Closure>> ListClosures(const std::string&,
                                                             absl::Time) override {
    return std::vector<booking::Closure>{};
  }
  absl::StatusOr<booking::EligibilityAnswer> CheckEligibility(
      const auth::Caller&, const booking::EligibilityQuery&) override {
    return booking::EligibilityAnswer{true, {}, 1, false};
  }

 private:
  // Filled before serving, read-only afterwards.
  std::map<std::string, ListingFacts> listings_;
};

ListingFacts Listing(int i, bool open_hours) {
  ListingFacts facts;
  facts.id = absl::StrCat("lst_bench_", i);
  facts.owner_organization_id = kOwner;
  facts.category =
      i % 10 == 9 ? booking::Category::kMobileSetup : booking::Category::kFixedInstallation;
  facts.published = true;
  facts.unit_count = 1 + i % 3;
  facts.capacity_per_unit = 8;
  facts.terms_version = 1;
  // Spread over the NL/BE border region.
  facts.site.id = absl::StrCat("sit_bench_", i % 300);
  facts.site.location = booking::LatLng{50.8 + (i % 37) * 0.03, 3.5 + (i % 53) * 0.047};
  facts.site.time_zone = "Europe/Brussels";
  if (open_hours) {
    for (int day = 1; day <= 5; ++day) facts.site.opening_hours.push_back({day, 8 * 60, 18 * 60});
  }
  if (facts.category == booking::Category::kMobileSetup) {
    facts.mobile = booking::MobileFacts{100, 30, 30, 60};
  }
  return facts;
}

// The engine, its store and the gRPC adapter on 127.0.0.1:0.
struct Stack {
  SystemClock clock;
  BenchDirectory directory;
  std::unique_ptr<storage::Database> writer;
  std::unique_ptr<storage::Database> reader;
  std::unique_ptr<booking::SqliteBookingStore> store;
  std::unique_ptr<BookingEngine> engine;
  std::unique_ptr<testing::TestIdentity> identity;
  std::unique_ptr<booking::BookingGrpcService> service;
  std::unique_ptr<GrpcServer> server;
  std::string token;

  ~Stack() {
    if (server) server->Shutdown();
  }
};

absl::StatusOr<std::unique_ptr<Stack>> StartStack(const std::string& path,
                                                  storage::Synchronous synchronous,
                                                  const std::vector<ListingFacts>& listings) {
  auto stack = std::make_unique<Stack>();
  for (const ListingFacts& facts : listings) stack->directory.Put(facts);
  storage::Options options;
  options.path = path;
  options.synchronous = synchronous;
  LP_ASSIGN_OR_RETURN(stack->writer, booking::OpenBookingDatabase(options));
  LP_ASSIGN_OR_RETURN(stack->reader, booking::OpenBookingDatabase(options));
  stack->store = std::make_unique<booking::SqliteBookingStore>(*stack->writer, stack->reader.get());
  stack->engine = std::make_unique<BookingEngine>(*stack->store, stack->directory, stack->clock);
  stack->identity = std::make_unique<testing::TestIdentity>(stack->clock);
  stack->service = std::make_unique<booking::BookingGrpcService>(*stack->engine,
                                                                 stack->identity->authenticator());
  LP_ASSIGN_OR_RETURN(stack->server,
                      GrpcServer::Start({.name = "booking"}, {stack->service.get()}));
  stack->token =
      stack->identity->Bearer("per_bench", {{kOrganization, {auth::Role::kCoordinator}}});
  return stack;
}

std::shared_ptr<grpc::Channel> Channel(const GrpcServer& server, int client) {
  grpc::ChannelArguments args;
  // A distinct argument gives each client its own connection, as separate clients would have.
  args.SetInt("leerpool.bench.client", client);
  return grpc::CreateCustomChannel(server.address(), grpc::InsecureChannelCredentials(), args);
}

// ---- Durable reservations per second

struct Rate {
  int clients = 0;
  long long calls = 0;
  double seconds = 0;
  // CPU time (user + system) of the whole benchmark process while the figure ran: on a
  // shared machine it varies far less than the rate, which depends on what else runs.
  double cpu_seconds = 0;
  double batch_cpu_seconds = 0;  // of that, running the store's batches (serial)
  Samples latency;
  double per_second() const { return seconds > 0 ? calls / seconds : 0; }
  double cpu_micros_per_call() const { return calls > 0 ? cpu_seconds * 1e6 / calls : 0; }
  double batch_cpu_micros_per_call() const {
    return calls > 0 ? batch_cpu_seconds * 1e6 / calls : 0;
  }
};

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Runs `call(client, n)` from `clients` threads for `seconds`; n counts calls across clients.
template <typename Call>
absl::StatusOr<Rate> RunClients(int clients, double seconds, Call call) {
  std::atomic<long long> next{0};
  std::atomic<bool> stop{false};
  std::vector<Samples> latencies(clients);
  std::vector<absl::Status> errors(clients);
  std::vector<std::thread> threads;
  const double cpu_start = ProcessCpuSeconds();
  const auto start = SteadyClock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      while (!stop.load(std::memory_order_relaxed)) {
        const long long n = next.fetch_add(1);
        const auto t = SteadyClock::now();
        absl::Status status = call(c, n);
        if (!status.ok()) {
          errors[c] = status;
          stop = true;
          return;
        }
        latencies[c].Add(MillisSince(t));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (std::thread& thread : threads) thread.join();
  Rate rate;
  rate.clients = clients;
  rate.seconds = MillisSince(start) / 1000;
  rate.cpu_seconds = ProcessCpuSeconds() - cpu_start;
  for (int c = 0; c < clients; ++c) {
    if (!errors[c].ok()) return errors[c];
    rate.latency.Append(latencies[c]);
  }
  rate.calls = static_cast<long long>(rate.latency.count());
  return rate;
}

// Keeps `clients` calls in flight for `seconds`, as `clients` independent callers would: each
// client starts its next call from the completion of its previous one (on gRPC's callback
// threads), so no benchmark thread waits per call and the process's CPU is the server's and
// the RPC client's own. `start(client, n, done)` begins call n and calls `done` once.
template <typename Start>
absl::StatusOr<Rate> RunCallbackClients(int clients, double seconds, Start start) {
  struct Client {
    Samples latency;
    absl::Status error;
    SteadyClock::time_point call_start;
  };
  std::vector<Client> state(clients);
  std::atomic<long long> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable all_done;
  int running = clients;
  std::function<void(int)> issue = [&](int c) {
    state[c].call_start = SteadyClock::now();
    start(c, next.fetch_add(1), [&, c](absl::Status status) {
      Client& client = state[c];
      if (status.ok()) {
        client.latency.Add(MillisSince(client.call_start));
      } else {
        client.error = status;
        stop = true;
      }
      if (!stop.load()) return issue(c);
      std::lock_guard lock(mutex);
      if (--running == 0) all_done.notify_one();
    });
  };
  const double cpu_start = ProcessCpuSeconds();
  const auto begin = SteadyClock::now();
  for (int c = 0; c < clients; ++c) issue(c);
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  {
    std::unique_lock lock(mutex);
    all_done.wait(lock, [&] { return running == 0; });
  }
  Rate rate;
  rate.clients = clients;
  rate.seconds = MillisSince(begin) / 1000;
  rate.cpu_seconds = ProcessCpuSeconds() - cpu_start;
  for (Client& client : state) {
    if (!client.error.ok()) return client.error;
    rate.latency.Append(client.latency);
  }
  rate.calls = static_cast<long long>(rate.latency.count());
  return rate;
}

absl::Status FromGrpc(const grpc::Status& status, const std::string& what) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

struct ThroughputResult {
  std::vector<Rate> reservations;
  // The same calls made on the engine directly, without gRPC: what the engine and its store
  // do on their own.
  std::vector<Rate> without_rpc;
  std::vector<Rate> empty;
  // The bare loop ran right before each reservations figure (same index): the disk and the
  // machine's other load change within minutes, so each ratio compares neighbours in time.
  std::vector<Rate> bare;
  int64_t commits = 0;
};

// One overlap check and one insert per transaction, committed with synchronous=FULL in WAL
// mode: what a careful application without group commit does for each reservation.
absl::StatusOr<Rate> BareSqliteLoop(const std::string& path, double seconds, int listings) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return absl::InternalError(absl::StrCat("cannot open ", path));
  }
  auto exec = [db](const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); };
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=FULL");
  exec(
      "CREATE TABLE occupancy (listing INTEGER NOT NULL, unit INTEGER NOT NULL, "
      "start_us INTEGER NOT NULL, end_us INTEGER NOT NULL, reservation TEXT NOT NULL)");
  exec("CREATE INDEX occupancy_by_unit ON occupancy (listing, unit, start_us)");
  sqlite3_stmt* check = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT 1 FROM occupancy WHERE listing = ?1 AND unit = 1 AND start_us < ?3 "
                     "AND start_us > ?2 - 86400000000 AND end_us > ?2 LIMIT 1",
                     -1, &check, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO occupancy VALUES (?1, 1, ?2, ?3, ?4)", -1, &insert, nullptr);
  absl::Status result = absl::OkStatus();
  auto one = [&](int, long long n) -> absl::Status {
    const int64_t start = (n / listings) * 7200 * 1000000LL;
    const int64_t end = start + 3600 * 1000000LL;
    const std::string id = NewId("res");
    if (exec("BEGIN IMMEDIATE") != SQLITE_OK) return absl::InternalError(sqlite3_errmsg(db));
    sqlite3_bind_int64(check, 1, n % listings);
    sqlite3_bind_int64(check, 2, start);
    sqlite3_bind_int64(check, 3, end);
    const int found = sqlite3_step(check);
    sqlite3_reset(check);
    if (found == SQLITE_DONE) {
      sqlite3_bind_int64(insert, 1, n % listings);
      sqlite3_bind_int64(insert, 2, start);
      sqlite3_bind_int64(insert, 3, end);
      sqlite3_bind_text(insert, 4, id.c_str(), -1, SQLITE_TRANSIENT);
      const int inserted = sqlite3_step(insert);
      sqlite3_reset(insert);
      if (inserted != SQLITE_DONE) return absl::InternalError(sqlite3_errmsg(db));
    }
    if (exec("COMMIT") != SQLITE_OK) return absl::InternalError(sqlite3_errmsg(db));
    return found == SQLITE_DONE ? absl::OkStatus()
                                : absl::InternalError("the bare loop found a conflict");
  };
  absl::StatusOr<Rate> rate = RunClients(1, seconds, one);
  sqlite3_finalize(check);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return rate;
}

// Reserves the n-th free slot: one-hour sessions two hours apart on each listing in turn, so
// every attempt fits and must be confirmed.
// The n-th free slot: one-hour sessions two hours apart on each listing in turn, so every
// attempt fits and must be confirmed.
booking::ReservationRequest SlotRequest(const std::vector<ListingFacts>& listings,
                                        absl::Time origin, long long n) {
  const long long count = static_cast<long long>(listings.size());
  booking::ReservationRequest request;
  request.listing_id = listings[n % count].id;
  request.organization_id = kOrganization;
  request.kind = booking::ReservationKind::kSession;
  request.start_time = origin + absl::Hours(2) * static_cast<double>(n / count);
  request.end_time = request.start_time + absl::Hours(1);
  request.learners = 4;
  return request;
}

// Starts the reservation of the n-th free slot (SlotRequest) through gRPC; `done` gets the
// outcome.
void ReserveSlot(v1::BookingService::Stub& stub, const std::string& token,
                 const std::vector<ListingFacts>& listings, absl::Time origin, long long n,
                 std::function<void(absl::Status)> done) {
  struct Call {
    grpc::ClientContext context;
    v1::CreateReservationRequest request;
    v1::Reservation reservation;
  };
  auto call = std::make_shared<Call>();
  const booking::ReservationRequest slot = SlotRequest(listings, origin, n);
  call->request.set_listing_id(slot.listing_id);
  call->request.set_organization_id(slot.organization_id);
  call->request.set_kind(v1::RESERVATION_KIND_SESSION);
  *call->request.mutable_start_time() = ToTimestamp(slot.start_time);
  *call->request.mutable_end_time() = ToTimestamp(slot.end_time);
  call->request.set_learners(slot.learners);
  call->context.AddMetadata("authorization", token);
  stub.async()->CreateReservation(
      &call->context, &call->request, &call->reservation,
      [call, done = std::move(done)](grpc::Status status) {
        if (!status.ok()) return done(FromGrpc(status, "CreateReservation"));
        if (call->reservation.status() != v1::RESERVATION_STATUS_CONFIRMED) {
          return done(absl::InternalError("a reservation was not confirmed"));
        }
        done(absl::OkStatus());
      });
}

std::vector<ListingFacts> ThroughputListings(const Flags& flags) {
  std::vector<ListingFacts> listings;
  for (int i = 0; i < flags.throughput_listings; ++i) {
    ListingFacts facts = Listing(i, /*open_hours=*/false);
    facts.category = booking::Category::kFixedInstallation;
    facts.mobile.reset();
    listings.push_back(std::move(facts));
  }
  return listings;
}

absl::StatusOr<ThroughputResult> MeasureThroughput(const Flags& flags, std::FILE* progress) {
  const std::vector<ListingFacts> listings = ThroughputListings(flags);
  ThroughputResult result;
  LP_ASSIGN_OR_RETURN(
      std::unique_ptr<Stack> stack,
      StartStack(flags.dir + "/throughput.db", storage::Synchronous::kFull, listings));
  const int max_clients = *std::max_element(flags.clients.begin(), flags.clients.end());
  std::vector<std::unique_ptr<v1::BookingService::Stub>> stubs;
  std::vector<std::unique_ptr<grpc::GenericStub>> generic;
  for (int c = 0; c < max_clients; ++c) {
    auto channel = Channel(*stack->server, c);
    stubs.push_back(v1::BookingService::NewStub(channel));
    generic.push_back(std::make_unique<grpc::GenericStub>(channel));
  }
  // Slots an hour long, two hours apart, per listing, from tomorrow on: every attempt fits.
  const absl::Time origin = absl::Now() + absl::Hours(24);
  std::atomic<long long> slot{0};
  const int64_t commits_before = stack->store->commits();
  for (int clients : flags.clients) {
    Progress(progress, "bare SQLite loop for %.1f s", flags.seconds);
    LP_ASSIGN_OR_RETURN(Rate bare,
                        BareSqliteLoop(absl::StrCat(flags.dir, "/bare-", result.bare.size(), ".db"),
                                       flags.seconds, flags.throughput_listings));
    result.bare.push_back(std::move(bare));
    Progress(progress, "reservations through gRPC, %d clients, %.1f s", clients, flags.seconds);
    const double batch_cpu_before = stack->store->batch_cpu_seconds();
    LP_ASSIGN_OR_RETURN(
        Rate rate,
        RunCallbackClients(clients, flags.seconds,
                           [&](int c, long long, std::function<void(absl::Status)> done) {
                             ReserveSlot(*stubs[c], stack->token, listings, origin,
                                         slot.fetch_add(1), std::move(done));
                           }));
    rate.batch_cpu_seconds = stack->store->batch_cpu_seconds() - batch_cpu_before;
    result.reservations.push_back(std::move(rate));
  }
  auth::Caller caller;
  caller.person_id = "per_bench";
  caller.roles[kOrganization] = {auth::Role::kCoordinator};
  for (int clients : flags.clients) {
    Progress(progress, "reservations without RPC, %d threads, %.1f s", clients, flags.seconds);
    const double batch_cpu_before = stack->store->batch_cpu_seconds();
    LP_ASSIGN_OR_RETURN(
        Rate rate, RunClients(clients, flags.seconds, [&](int, long long) -> absl::Status {
          return stack->engine
              ->CreateReservation(caller, SlotRequest(listings, origin, slot.fetch_add(1)))
              .status();
        }));
    rate.batch_cpu_seconds = stack->store->batch_cpu_seconds() - batch_cpu_before;
    result.without_rpc.push_back(std::move(rate));
  }
  result.commits = stack->store->commits() - commits_before;
  for (int clients : flags.clients) {
    Progress(progress, "empty RPC (health check), %d clients, %.1f s", clients, flags.seconds);
    LP_ASSIGN_OR_RETURN(
        Rate rate,
        RunCallbackClients(
            clients, flags.seconds, [&](int c, long long, std::function<void(absl::Status)> done) {
              struct Call {
                grpc::ClientContext context;
                grpc::ByteBuffer request, response;
              };
              auto call = std::make_shared<Call>();
              grpc::Slice empty;
              call->request = grpc::ByteBuffer(&empty, 1);
              generic[c]->UnaryCall(
                  &call->context, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                  &call->request, &call->response,
                  [call, done = std::move(done)](grpc::Status status) {
                    done(status.ok() ? absl::OkStatus() : FromGrpc(status, "Health/Check"));
                  });
            }));
    result.empty.push_back(std::move(rate));
  }
  return result;
}

// ---- Availability as reservations grow

struct SizeResult {
  int reservations = 0;
  double load_seconds = 0;
  Samples one_listing_week;
  Samples across_listings;
  double mean_available = 0;
};

absl::TimeZone Brussels() {
  absl::TimeZone zone;
  if (!LoadIanaTimeZone("Europe/Brussels", &zone)) zone = absl::UTCTimeZone();
  return zone;
}

// Reservations spread evenly over `span` around the present on every unit of every listing,
// three hours each on weekdays inside opening hours, loaded through the store's own
// transactions (the triggers that guard the invariant included).
absl::Status Load(booking::BookingStore& store, const std::vector<ListingFacts>& listings,
                  int count, absl::Time origin, absl::Duration span) {
  int total_units = 0;
  for (const ListingFacts& facts : listings) total_units += facts.unit_count;
  const int per_unit = std::max(1, (count + total_units - 1) / total_units);
  const absl::TimeZone zone = Brussels();
  struct Item {
    const ListingFacts* listing;
    int unit;
    int k;
  };
  std::vector<Item> items;
  items.reserve(count);
  for (int k = 0; k < per_unit && static_cast<int>(items.size()) < count; ++k) {
    for (const ListingFacts& facts : listings) {
      for (int unit = 1; unit <= facts.unit_count && static_cast<int>(items.size()) < count;
           ++unit) {
        items.push_back({&facts, unit, k});
      }
    }
  }
  const int64_t spacing_days =
      std::max<int64_t>(1, absl::ToInt64Hours(span) / 24 / std::max(1, per_unit));
  constexpr size_t kBatch = 20000;
  for (size_t begin = 0; begin < items.size(); begin += kBatch) {
    LP_RETURN_IF_ERROR(store.Transact([&](booking::BookingTransaction& tx) -> absl::Status {
      for (size_t i = begin; i < std::min(items.size(), begin + kBatch); ++i) {
        const Item& item = items[i];
        absl::CivilDay day = absl::ToCivilDay(origin, zone) + item.k * spacing_days +
                             (item.unit + item.listing->id.size()) % spacing_days;
        // Weekdays only, like the opening hours.
        while (absl::GetWeekday(day) == absl::Weekday::saturday ||
               absl::GetWeekday(day) == absl::Weekday::sunday) {
          ++day;
        }
        const absl::Time start =
            absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), 9), zone);
        booking::Reservation r;
        r.id = NewId("res");
        r.listing_id = item.listing->id;
        r.owner_organization_id = kOwner;
        r.units = {item.unit};
        r.organization_id = absl::StrCat("org_bench_", i % 150);
        r.responsible_person_id = "per_bench";
        r.created_by_person_id = "per_bench";
        r.kind = booking::ReservationKind::kSession;
        r.status = booking::ReservationStatus::kConfirmed;
        r.start_time = start;
        r.end_time = start + absl::Hours(3);
        r.occupied_start_time = r.start_time;
        r.occupied_end_time = r.end_time;
        r.time_zone = "Europe/Brussels";
        r.learners = 8;
        r.terms_version = 1;
        r.create_time = r.update_time = origin;
        LP_RETURN_IF_ERROR(tx.InsertReservation(r));
        LP_RETURN_IF_ERROR(tx.InsertOccupancy(
            {r.listing_id, item.unit, r.occupied_start_time, r.occupied_end_time, r.id}));
      }
      return absl::OkStatus();
    }));
  }
  return absl::OkStatus();
}

absl::Status MeasureQueries(v1::BookingService::Stub& stub,
                            const std::vector<ListingFacts>& listings, const Flags& flags,
                            uint64_t seed, SizeResult& result);

absl::StatusOr<SizeResult> MeasureAvailability(const Flags& flags, int size, std::FILE* progress) {
  std::vector<ListingFacts> listings;
  for (int i = 0; i < flags.search_listings; ++i) listings.push_back(Listing(i, true));
  const std::string path = absl::StrCat(flags.dir, "/availability-", size, ".db");
  // Loading uses synchronous=OFF (how commits are flushed does not change how reads run).
  LP_ASSIGN_OR_RETURN(std::unique_ptr<Stack> stack,
                      StartStack(path, storage::Synchronous::kOff, listings));
  const absl::Time now = absl::Now();
  // A year and a half of reservations: the past year and the next six months.
  const absl::Time origin = now - absl::Hours(24 * 365);
  const absl::Duration span = absl::Hours(24 * 548);
  Progress(progress, "loading %d reservations on %d listings", size, flags.search_listings);
  SizeResult result;
  result.reservations = size;
  const auto load_start = SteadyClock::now();
  LP_RETURN_IF_ERROR(Load(*stack->store, listings, size, origin, span));
  result.load_seconds = MillisSince(load_start) / 1000;
  LP_RETURN_IF_ERROR(stack->writer->Execute("PRAGMA wal_checkpoint(TRUNCATE)"));
  auto stub = v1::BookingService::NewStub(Channel(*stack->server, 0));
  LP_RETURN_IF_ERROR(MeasureQueries(*stub, listings, flags, flags.seed + size, result));
  return result;
}

// Up to flags.repetitions calls of each availability query, sequentially, into `result`.
absl::Status MeasureQueries(v1::BookingService::Stub& stub_ref,
                            const std::vector<ListingFacts>& listings, const Flags& flags,
                            uint64_t seed, SizeResult& result) {
  v1::BookingService::Stub* stub = &stub_ref;
  const absl::Time now = absl::Now();
  std::mt19937_64 random(seed);
  std::vector<std::string> ids;
  for (const ListingFacts& facts : listings) ids.push_back(facts.id);
  const absl::TimeZone zone = Brussels();
  // Windows in the next six months, where the reservations are as dense as anywhere.
  auto future_day = [&] {
    absl::CivilDay day = absl::ToCivilDay(now, zone) + 1 + static_cast<int>(random() % 170);
    while (absl::GetWeekday(day) == absl::Weekday::saturday ||
           absl::GetWeekday(day) == absl::Weekday::sunday) {
      ++day;
    }
    return day;
  };
  long long available = 0;
  const auto timed_start = SteadyClock::now();
  for (int r = 0; r < flags.repetitions; ++r) {
    if (r >= 3 && MillisSince(timed_start) > flags.budget_seconds * 1000) break;
    {
      v1::GetAvailabilityRequest request;
      request.set_listing_id(ids[random() % ids.size()]);
      const absl::CivilDay day = future_day();
      *request.mutable_start_time() = ToTimestamp(absl::FromCivil(day, zone));
      *request.mutable_end_time() = ToTimestamp(absl::FromCivil(day + 7, zone));
      grpc::ClientContext context;
      v1::Availability response;
      const auto t = SteadyClock::now();
      grpc::Status status = stub->GetAvailability(&context, request, &response);
      result.one_listing_week.Add(MillisSince(t));
      if (!status.ok()) return FromGrpc(status, "GetAvailability");
    }
    {
      v1::SearchAvailabilityRequest request;
      for (const std::string& id : ids) request.add_listing_ids(id);
      const absl::CivilDay day = future_day();
      const absl::Time start =
          absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), 10), zone);
      *request.mutable_start_time() = ToTimestamp(start);
      *request.mutable_end_time() = ToTimestamp(start + absl::Hours(2));
      request.set_learners(8);
      grpc::ClientContext context;
      v1::SearchAvailabilityResponse response;
      const auto t = SteadyClock::now();
      grpc::Status status = stub->SearchAvailability(&context, request, &response);
      result.across_listings.Add(MillisSince(t));
      if (!status.ok()) return FromGrpc(status, "SearchAvailability");
      available += response.listings_size();
    }
  }
  result.mean_available =
      result.across_listings.empty() ? 0 : double(available) / result.across_listings.count();
  return absl::OkStatus();
}

// ---- PostgreSQL: the same engine and adapter on the PostgreSQL store, one or two replicas

// One booking-engine replica: its own connection pool, store, engine and gRPC server.
struct PgReplica {
  std::unique_ptr<storage::pg::Pool> pool;
  std::unique_ptr<booking::PgBookingStore> store;
  std::unique_ptr<BookingEngine> engine;
  std::unique_ptr<booking::BookingGrpcService> service;
  std::unique_ptr<GrpcServer> server;
  ~PgReplica() {
    if (server) server->Shutdown();
  }
};

struct PgStack {
  SystemClock clock;
  BenchDirectory directory;
  std::unique_ptr<testing::TestIdentity> identity;
  std::string url;
  std::string token;
  std::vector<std::unique_ptr<PgReplica>> replicas;

  absl::Status AddReplica() {
    auto replica = std::make_unique<PgReplica>();
    LP_ASSIGN_OR_RETURN(replica->pool,
                        booking::OpenBookingPostgres({.url = url, .connections = 8}));
    replica->store = std::make_unique<booking::PgBookingStore>(*replica->pool);
    replica->engine = std::make_unique<BookingEngine>(*replica->store, directory, clock);
    replica->service =
        std::make_unique<booking::BookingGrpcService>(*replica->engine, identity->authenticator());
    LP_ASSIGN_OR_RETURN(replica->server,
                        GrpcServer::Start({.name = "booking"}, {replica->service.get()}));
    replicas.push_back(std::move(replica));
    return absl::OkStatus();
  }

  // A client's own connection(s), spread round robin over the replicas as the gateway does.
  std::shared_ptr<grpc::Channel> Channel(int client) const {
    std::vector<std::string> addresses;
    for (const auto& replica : replicas) addresses.push_back(replica->server->address());
    absl::StatusOr<std::string> target = ChannelTarget(absl::StrJoin(addresses, ","));
    grpc::ChannelArguments args;
    args.SetServiceConfigJSON(ReplicaServiceConfigJson());
    args.SetInt("leerpool.bench.client", client);
    return grpc::CreateCustomChannel(target.ok() ? *target : "invalid",
                                     grpc::InsecureChannelCredentials(), args);
  }
};

// A fresh database `name` on the server of `admin_url` (dropped first if a run left it).
absl::StatusOr<std::unique_ptr<PgStack>> StartPgStack(const std::string& admin_url,
                                                      const std::string& name,
                                                      const std::vector<ListingFacts>& listings) {
  {
    LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::pg::Connection> admin,
                        storage::pg::Connection::Open({.url = admin_url, .connections = 1}));
    // `name` is a constant of this benchmark, never input.
    LP_RETURN_IF_ERROR(
        admin->Execute(absl::StrCat("DROP DATABASE IF EXISTS ", name, " WITH (FORCE)")));
    LP_RETURN_IF_ERROR(admin->Execute(absl::StrCat("CREATE DATABASE ", name)));
  }
  auto stack = std::make_unique<PgStack>();
  for (const ListingFacts& facts : listings) stack->directory.Put(facts);
  stack->url = storage::pg::WithDatabase(admin_url, name);
  stack->identity = std::make_unique<testing::TestIdentity>(stack->clock);
  stack->token =
      stack->identity->Bearer("per_bench", {{kOrganization, {auth::Role::kCoordinator}}});
  LP_RETURN_IF_ERROR(stack->AddReplica());
  return stack;
}

struct PgResult {
  // Per replica count (1, 2): one Rate per --clients value.
  std::map<int, std::vector<Rate>> reservations;
  SizeResult availability_one;  // through one replica
  SizeResult availability_two;  // the same database through two
};

absl::StatusOr<PgResult> MeasurePostgres(const Flags& flags, std::FILE* progress) {
  PgResult result;
  const std::vector<ListingFacts> listings = ThroughputListings(flags);
  for (int replicas : {1, 2}) {
    LP_ASSIGN_OR_RETURN(
        std::unique_ptr<PgStack> stack,
        StartPgStack(flags.postgres, absl::StrCat("lp_bench_reserve_", replicas), listings));
    while (static_cast<int>(stack->replicas.size()) < replicas) {
      LP_RETURN_IF_ERROR(stack->AddReplica());
    }
    const int max_clients = *std::max_element(flags.clients.begin(), flags.clients.end());
    std::vector<std::unique_ptr<v1::BookingService::Stub>> stubs;
    for (int c = 0; c < max_clients; ++c)
      stubs.push_back(v1::BookingService::NewStub(stack->Channel(c)));
    const absl::Time origin = absl::Now() + absl::Hours(24);
    std::atomic<long long> slot{0};
    for (int clients : flags.clients) {
      Progress(progress, "PostgreSQL, %d booking replica(s), %d clients, %.1f s", replicas, clients,
               flags.seconds);
      LP_ASSIGN_OR_RETURN(
          Rate rate,
          RunCallbackClients(clients, flags.seconds,
                             [&](int c, long long, std::function<void(absl::Status)> done) {
                               ReserveSlot(*stubs[c], stack->token, listings, origin,
                                           slot.fetch_add(1), std::move(done));
                             }));
      result.reservations[replicas].push_back(std::move(rate));
    }
  }

  std::vector<ListingFacts> search;
  for (int i = 0; i < flags.search_listings; ++i) search.push_back(Listing(i, true));
  LP_ASSIGN_OR_RETURN(std::unique_ptr<PgStack> stack,
                      StartPgStack(flags.postgres, "lp_bench_availability", search));
  Progress(progress, "PostgreSQL: loading %d reservations on %d listings", flags.postgres_size,
           flags.search_listings);
  const absl::Time now = absl::Now();
  const auto load_start = SteadyClock::now();
  LP_RETURN_IF_ERROR(Load(*stack->replicas[0]->store, search, flags.postgres_size,
                          now - absl::Hours(24 * 365), absl::Hours(24 * 548)));
  for (SizeResult* r : {&result.availability_one, &result.availability_two}) {
    r->reservations = flags.postgres_size;
    r->load_seconds = MillisSince(load_start) / 1000;
  }
  {
    auto stub = v1::BookingService::NewStub(stack->Channel(0));
    LP_RETURN_IF_ERROR(MeasureQueries(*stub, search, flags, flags.seed, result.availability_one));
  }
  LP_RETURN_IF_ERROR(stack->AddReplica());
  auto stub = v1::BookingService::NewStub(stack->Channel(1));
  LP_RETURN_IF_ERROR(MeasureQueries(*stub, search, flags, flags.seed, result.availability_two));
  return result;
}

// ---- Reporting

std::vector<std::string> LatencyCells(const Samples& s) {
  return {FormatMillis(s.Percentile(50)), FormatMillis(s.Percentile(95)),
          FormatMillis(s.Percentile(99)), FormatMillis(s.Max())};
}

std::string PostgresMarkdown(const Flags& flags, const ThroughputResult& throughput,
                             const std::vector<SizeResult>& sizes, const PgResult& pg) {
  std::string out = absl::StrCat(
      "### PostgreSQL, one and two booking replicas\n\n",
      "The same engine and gRPC adapter on the PostgreSQL store (`--db postgresql://...`): a "
      "private PostgreSQL 15 cluster on the same disk (`scripts/pg-cluster`, fsync and "
      "synchronous_commit on: every acknowledged reservation is durable), a pool of 8 "
      "connections per replica, each unit of work its own SERIALIZABLE transaction, the "
      "exclusion constraint guarding overlaps. With two replicas, two engines (each its own pool "
      "and gRPC server) share one database and each client's channel spreads calls round robin "
      "over both, as the gateway does. Same calls as above; the SQLite columns are the figures "
      "of the same run above.\n\n");
  MarkdownTable rates({"clients", "SQLite reservations/s", "PostgreSQL, 1 replica",
                       "PostgreSQL, 2 replicas", "p50 ms (1 / 2 replicas)", "2 replicas ÷ SQLite",
                       "2 replicas ÷ bare SQLite loop"});
  const std::vector<Rate>& one = pg.reservations.at(1);
  const std::vector<Rate>& two = pg.reservations.at(2);
  for (size_t i = 0; i < flags.clients.size() && i < one.size() && i < two.size(); ++i) {
    const Rate& sqlite = throughput.reservations[i];
    rates.AddRow({absl::StrCat(flags.clients[i]), FormatRate(sqlite.per_second()),
                  FormatRate(one[i].per_second()), FormatRate(two[i].per_second()),
                  absl::StrCat(FormatMillis(one[i].latency.Percentile(50)), " / ",
                               FormatMillis(two[i].latency.Percentile(50))),
                  FormatRatio(two[i].per_second(), sqlite.per_second()),
                  FormatRatio(two[i].per_second(), throughput.bare[i].per_second())});
  }
  absl::StrAppend(&out, rates.Render(), "\n");
  absl::StrAppend(&out, "Availability on PostgreSQL: ", FormatCount(flags.postgres_size),
                  " reservations loaded through the store in ",
                  absl::StrFormat("%.1f s", pg.availability_one.load_seconds),
                  ", then the queries above through one replica and through two.\n\n");
  MarkdownTable latency(
      {"backend", "stored reservations", "query", "calls", "p50 ms", "p95 ms", "p99 ms", "max ms"},
      3);
  auto add = [&](const std::string& backend, const SizeResult& s) {
    std::vector<std::string> row = {backend, FormatCount(s.reservations), "one listing, a week",
                                    FormatCount(s.one_listing_week.count())};
    for (std::string& cell : LatencyCells(s.one_listing_week)) row.push_back(std::move(cell));
    latency.AddRow(std::move(row));
    row = {backend, FormatCount(s.reservations),
           absl::StrCat("across ", FormatCount(flags.search_listings), " listings"),
           FormatCount(s.across_listings.count())};
    for (std::string& cell : LatencyCells(s.across_listings)) row.push_back(std::move(cell));
    latency.AddRow(std::move(row));
  };
  for (const SizeResult& s : sizes) {
    if (s.reservations == flags.postgres_size) add("SQLite", s);
  }
  add("PostgreSQL, 1 replica", pg.availability_one);
  add("PostgreSQL, 2 replicas", pg.availability_two);
  absl::StrAppend(&out, latency.Render(), "\n");
  return out;
}

std::string Markdown(const Flags& flags, const ThroughputResult& throughput,
                     const std::vector<SizeResult>& sizes) {
  std::string out = "## Booking engine\n\n";
  absl::StrAppend(&out, "Command: `", flags.command_line,
                  "` (output flags such as `--markdown-out` and `--server-log` left out)\n\n");
  absl::StrAppend(
      &out,
      "The booking engine (`BookingEngine`), its SQLite store (WAL, group commit: concurrent "
      "writes share one transaction and one fsync) and the real gRPC adapter "
      "(`BookingGrpcService` in `GrpcServer`, token authentication and the per-call log line "
      "included) run in the benchmark's process on 127.0.0.1; each client is a generated stub "
      "on its own channel (connection) that starts its next call from the completion of the "
      "previous one (gRPC's callback API), so N clients keep N calls in flight. The catalogue is "
      "an in-process stand-in that answers at once (everyone may "
      "book, no approval), so the figures are the engine's own; in production its answers are "
      "cached for 10 s, and eligibility is one catalogue call per reservation.\n\n");

  absl::StrAppend(
      &out, "### Durable reservations per second (`synchronous=FULL`)\n\n",
      "Each call is `CreateReservation` of a one-hour session in a free slot of one of ",
      flags.throughput_listings,
      " listings, checked against every rule and stored durably before the answer; every call "
      "succeeded. The *bare SQLite loop* is one thread on the same disk doing, per reservation, "
      "`BEGIN IMMEDIATE`, an indexed overlap check, an insert and `COMMIT` with "
      "`synchronous=FULL` in WAL mode (no RPC, no rules, no group commit). The *empty RPC* is "
      "`grpc.health.v1.Health/Check` on the same server with the same clients: the framework's "
      "ceiling. Each figure ran for ",
      flags.seconds,
      " s; the bare loop ran again right before each reservations figure, on a fresh file, and "
      "each ratio divides by that neighbour (the disk's fsync time and the machine's other load "
      "change from minute to minute). *CPU µs per call* is the CPU time (user + system) of the "
      "whole benchmark process over the figure divided by the calls: for the engine it includes "
      "the server's gRPC, token check, rules and store, the checkpoint thread, and the "
      "benchmark's own clients; for the bare loop, its one thread. *Batch CPU µs per call* is "
      "the part spent running the store's batches (every unit of work and COMMIT, one batch at "
      "a time), the serial part that bounds the rate. Both depend far less on other load than "
      "the rates do. *Without RPC* is the same calls made by as many threads on the engine "
      "directly (same rules, same store, same group commit), after the figures with gRPC: what "
      "the engine and its store do on their own.\n\n");
  MarkdownTable rates({"clients", "reservations/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
                       "CPU µs per call", "batch CPU µs per call", "bare loop tx/s",
                       "bare CPU µs per tx", "÷ bare SQLite loop", "empty RPC/s", "÷ empty RPC",
                       "without RPC/s", "without RPC CPU µs per call", "without RPC ÷ bare loop"});
  for (size_t i = 0; i < throughput.reservations.size(); ++i) {
    const Rate& r = throughput.reservations[i];
    const Rate& e = throughput.empty[i];
    const Rate& bare = throughput.bare[i];
    std::vector<std::string> row = {absl::StrCat(r.clients), FormatRate(r.per_second())};
    for (std::string& cell : LatencyCells(r.latency)) row.push_back(std::move(cell));
    row.push_back(absl::StrFormat("%.0f", r.cpu_micros_per_call()));
    row.push_back(absl::StrFormat("%.0f", r.batch_cpu_micros_per_call()));
    row.push_back(FormatRate(bare.per_second()));
    row.push_back(absl::StrFormat("%.0f", bare.cpu_micros_per_call()));
    row.push_back(FormatRatio(r.per_second(), bare.per_second()));
    row.push_back(FormatRate(e.per_second()));
    row.push_back(FormatRatio(r.per_second(), e.per_second()));
    const Rate& direct = throughput.without_rpc[i];
    row.push_back(FormatRate(direct.per_second()));
    row.push_back(absl::StrFormat("%.0f", direct.cpu_micros_per_call()));
    row.push_back(FormatRatio(direct.per_second(), bare.per_second()));
    rates.AddRow(std::move(row));
  }
  absl::StrAppend(&out, rates.Render(), "\n");
  long long reservations = 0;
  for (const Rate& r : throughput.reservations) reservations += r.calls;
  for (const Rate& r : throughput.without_rpc) reservations += r.calls;
  absl::StrAppend(&out, "The engine made ", FormatCount(reservations), " reservations in ",
                  FormatCount(throughput.commits), " commits (",
                  throughput.commits > 0
                      ? absl::StrFormat("%.1f", double(reservations) / throughput.commits)
                      : std::string("–"),
                  " per commit).\n\n");

  absl::StrAppend(
      &out, "### Availability as reservations grow\n\n", "A fresh database per size with ",
      FormatCount(flags.search_listings),
      " listings (1 to 3 units, open Monday to Friday 08:00-18:00 Europe/Brussels, every tenth a "
      "mobile setup) and confirmed three-hour reservations spread evenly over every unit from a "
      "year ago to six months ahead, loaded through the store (the overlap triggers included) "
      "with `synchronous=OFF`. Then, up to ",
      flags.repetitions, " times (fewer once the budget of ", flags.budget_seconds,
      " s is spent), one call of each, sequentially through gRPC, each at a random weekday in "
      "the next six months: `GetAvailability` of one random listing for a week (free intervals "
      "per unit), and `SearchAvailability` over all ",
      FormatCount(flags.search_listings),
      " listings for 8 learners from 10:00 to 12:00 (which of them have a unit free).\n\n");
  MarkdownTable load({"stored reservations", "load time", "reservations/s loaded"});
  for (const SizeResult& s : sizes) {
    load.AddRow({FormatCount(s.reservations), absl::StrFormat("%.1f s", s.load_seconds),
                 FormatRate(s.load_seconds > 0 ? s.reservations / s.load_seconds : 0)});
  }
  absl::StrAppend(&out, load.Render(), "\n");
  MarkdownTable latency({"stored reservations", "query", "calls", "p50 ms", "p95 ms", "p99 ms",
                         "max ms", "listings available (mean)"},
                        2);
  for (const SizeResult& s : sizes) {
    std::vector<std::string> row = {FormatCount(s.reservations), "one listing, a week",
                                    FormatCount(s.one_listing_week.count())};
    for (std::string& cell : LatencyCells(s.one_listing_week)) row.push_back(std::move(cell));
    row.push_back("");
    latency.AddRow(std::move(row));
    row = {FormatCount(s.reservations),
           absl::StrCat("across ", FormatCount(flags.search_listings), " listings"),
           FormatCount(s.across_listings.count())};
    for (std::string& cell : LatencyCells(s.across_listings)) row.push_back(std::move(cell));
    row.push_back(absl::StrFormat("%.0f", s.mean_available));
    latency.AddRow(std::move(row));
  }
  absl::StrAppend(&out, latency.Render(), "\n");
  if (sizes.size() >= 2) {
    const SizeResult& a = sizes.front();
    const SizeResult& b = sizes.back();
    absl::StrAppend(
        &out, "Growth from ", FormatCount(a.reservations), " to ", FormatCount(b.reservations),
        " stored reservations (×", absl::StrFormat("%.0f", double(b.reservations) / a.reservations),
        "), p50: one listing for a week ",
        FormatRatio(b.one_listing_week.Percentile(50), a.one_listing_week.Percentile(50)),
        ", across listings ",
        FormatRatio(b.across_listings.Percentile(50), a.across_listings.Percentile(50)), ".\n\n");
  }
  return out;
}

int Main(int argc, char** argv) {
  PrepareServingProcess();
  Flags flags;
  CLI::App app{"Durable reservations per second and availability latency of the booking engine"};
  app.add_option("--clients", flags.clients, "Concurrent clients, comma-separated")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--seconds", flags.seconds, "How long each throughput figure runs")
      ->capture_default_str();
  app.add_option("--throughput-listings", flags.throughput_listings,
                 "Listings the throughput run reserves")
      ->capture_default_str();
  app.add_option("--sizes", flags.sizes, "Stored reservations for availability, comma-separated")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--search-listings", flags.search_listings,
                 "Listings in the availability database (and in each cross-listing search)")
      ->check(CLI::Range(1, 5000))
      ->capture_default_str();
  app.add_option("--repetitions", flags.repetitions, "Calls of each availability query per size")
      ->capture_default_str();
  app.add_option("--budget-seconds", flags.budget_seconds,
                 "Stop repeating a size's queries after this long (at least 3 calls each)")
      ->capture_default_str();
  app.add_option("--seed", flags.seed, "Seed of the random windows")->capture_default_str();
  app.add_option("--dir", flags.dir, "Where the databases go (default: a fresh temporary one)");
  app.add_option("--markdown-out", flags.markdown_out, "Also write the Markdown section here");
  app.add_option("--server-log", flags.server_log,
                 "Send the service's per-call log lines (stderr) to this file");
  app.add_option("--postgres", flags.postgres,
                 "Also measure the PostgreSQL store, one and two replicas: URL of a server "
                 "where the benchmark may create databases (scripts/pg-cluster)");
  app.add_option("--postgres-size", flags.postgres_size,
                 "Stored reservations for availability on PostgreSQL")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (flags.clients.empty() || flags.sizes.empty()) {
    std::fprintf(stderr, "--clients and --sizes need at least one value\n");
    return 2;
  }
  std::vector<std::string> words = {"booking_bench"};
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--markdown-out" || arg == "--server-log" || arg == "--dir" || arg == "--postgres") {
      ++i;
      continue;
    }
    words.emplace_back(arg);
  }
  flags.command_line = absl::StrJoin(words, " ");
  bool remove_dir = false;
  if (flags.dir.empty()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "leerpool-booking-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    flags.dir = pattern;
    remove_dir = true;
  }
  ServerLogRedirect redirect(flags.server_log);
  int exit_code = 0;
  {
    absl::StatusOr<ThroughputResult> throughput = MeasureThroughput(flags, redirect.progress());
    std::vector<SizeResult> sizes;
    if (!throughput.ok()) {
      std::fprintf(redirect.progress(), "throughput run failed: %s\n",
                   throughput.status().ToString().c_str());
      exit_code = 1;
    }
    for (int size : flags.sizes) {
      if (exit_code != 0) break;
      absl::StatusOr<SizeResult> result = MeasureAvailability(flags, size, redirect.progress());
      if (!result.ok()) {
        std::fprintf(redirect.progress(), "availability run at %d failed: %s\n", size,
                     result.status().ToString().c_str());
        exit_code = 1;
        break;
      }
      sizes.push_back(*std::move(result));
    }
    std::string postgres_markdown;
    if (exit_code == 0 && !flags.postgres.empty()) {
      absl::StatusOr<PgResult> pg = MeasurePostgres(flags, redirect.progress());
      if (!pg.ok()) {
        std::fprintf(redirect.progress(), "PostgreSQL run failed: %s\n",
                     pg.status().ToString().c_str());
        exit_code = 1;
      } else {
        postgres_markdown = PostgresMarkdown(flags, *throughput, sizes, *pg);
      }
    }
    if (exit_code == 0) {
      const std::string markdown = Markdown(flags, *throughput, sizes) + postgres_markdown;
      std::fwrite(markdown.data(), 1, markdown.size(), stdout);
      if (!flags.markdown_out.empty()) {
        std::ofstream file(flags.markdown_out, std::ios::trunc);
        file << markdown;
        if (!file) {
          std::fprintf(redirect.progress(), "cannot write %s\n", flags.markdown_out.c_str());
          exit_code = 1;
        }
      }
    }
  }
  if (remove_dir) std::filesystem::remove_all(flags.dir);
  return exit_code;
}

}  // namespace
}  // namespace leerpool::bench

int main(int argc, char** argv) { return leerpool::bench::Main(argc, argv); }
