// leerpool-booking: the booking engine process.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/booking/core/booking_engine.h"
#include "services/booking/grpc/booking_grpc_service.h"
#include "services/booking/grpc/catalogue_listing_directory.h"
#include "services/booking/grpc/grpc_statistics_directory.h"
#include "services/booking/grpc/statistics_grpc_service.h"
#include "services/booking/postgres/pg_booking_store.h"
#include "services/booking/postgres/pg_statistics_store.h"
#include "services/booking/sqlite/booking_database.h"
#include "services/booking/sqlite/sqlite_booking_store.h"
#include "services/booking/sqlite/sqlite_statistics_store.h"
#include "services/common/channel.h"
#include "services/common/clock.h"
#include "services/common/log.h"
#include "services/common/registry_auth.h"
#include "services/common/service_main.h"
#include "services/common/status_macros.h"
#include "storage/postgres.h"

namespace leerpool::booking {
namespace {

// PostgreSQL connections shared by the booking store and the statistics.
constexpr int kPgConnections = 8;

struct BookingFlags {
  std::string registry;
  std::string catalogue = "127.0.0.1:50052";
  int hold_minutes = 10;
  int sweep_seconds = 30;
};

// Releases expired holds every `period` (writes touching a listing release its own lazily;
// this catches listings nobody touches).
class HoldSweeper {
 public:
  HoldSweeper(BookingEngine& engine, absl::Duration period)
      : thread_([this, &engine, period] {
          std::unique_lock lock(mutex_);
          while (!stopping_) {
            stop_.wait_for(lock, absl::ToChronoMilliseconds(period));
            if (stopping_) break;
            lock.unlock();
            (void)engine.SweepExpiredHolds();
            lock.lock();
          }
        }) {}
  ~HoldSweeper() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    stop_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::thread thread_;
};

// Members are destroyed in reverse order: the gRPC service first, the database last.
struct BookingInstance : ServiceInstance {
  SystemClock clock;
  std::unique_ptr<RegistryConnection> registry;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::Database> reader;
  // With a postgresql:// --db instead of the SQLite connections.
  std::unique_ptr<storage::pg::Pool> pg_pool;
  std::unique_ptr<BookingStore> store;
  std::unique_ptr<CatalogueListingDirectory> directory;
  std::unique_ptr<BookingEngine> engine;
  std::unique_ptr<HoldSweeper> sweeper;
  std::unique_ptr<BookingGrpcService> service;
  // Statistics read the aggregates over their own connection (through the store for :memory:).
  std::unique_ptr<storage::Database> stats_db;
  std::unique_ptr<StatisticsStore> stats_store;
  std::unique_ptr<GrpcStatisticsDirectory> stats_directory;
  std::unique_ptr<Statistics> statistics;
  std::unique_ptr<StatisticsGrpcService> stats_service;

  std::vector<grpc::Service*> GrpcServices() override {
    return {service.get(), stats_service.get()};
  }
  // Inbox watches end at once rather than after the server's grace period.
  void BeginShutdown() override { engine->ShutdownInbox(); }
};

absl::StatusOr<std::unique_ptr<ServiceInstance>> Build(const ServiceFlags& flags,
                                                       const BookingFlags& booking) {
  auto instance = std::make_unique<BookingInstance>();
  LP_ASSIGN_OR_RETURN(storage::Options options, flags.StorageOptions());
  const bool postgres = storage::pg::IsPostgresUrl(flags.db_path);
  if (postgres) {
    // Unreachable: UNAVAILABLE naming the server, and the process exits non-zero.
    LP_ASSIGN_OR_RETURN(instance->pg_pool,
                        OpenBookingPostgres({.url = flags.db_path, .connections = kPgConnections}));
    instance->store = std::make_unique<PgBookingStore>(*instance->pg_pool);
  } else {
    LP_ASSIGN_OR_RETURN(instance->db, OpenBookingDatabase(options));
    // A second connection lets reads run beside the group-commit writer (WAL); an in-memory
    // database is private to its connection, so there reads share the writer.
    if (options.path != ":memory:") {
      LP_ASSIGN_OR_RETURN(instance->reader, OpenBookingDatabase(options));
    }
    instance->store = std::make_unique<SqliteBookingStore>(*instance->db, instance->reader.get());
  }
  // After the database, so that a bad --db is reported at once, not after the registry wait.
  LP_ASSIGN_OR_RETURN(instance->registry, ConnectToRegistry(booking.registry, instance->clock));
  if (absl::Status valid = ChannelTarget(booking.catalogue).status(); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--catalogue: ", valid.message()));
  }
  std::shared_ptr<grpc::Channel> catalogue_channel = CreateServiceChannel(booking.catalogue);
  instance->directory =
      std::make_unique<CatalogueListingDirectory>(catalogue_channel, instance->clock);
  BookingEngineOptions engine_options;
  engine_options.hold_duration = absl::Minutes(booking.hold_minutes);
  instance->engine = std::make_unique<BookingEngine>(*instance->store, *instance->directory,
                                                     instance->clock, engine_options);
  instance->sweeper =
      std::make_unique<HoldSweeper>(*instance->engine, absl::Seconds(booking.sweep_seconds));
  instance->service =
      std::make_unique<BookingGrpcService>(*instance->engine, *instance->registry->authenticator);
  if (postgres) {
    instance->stats_store = std::make_unique<PgStatisticsStore>(*instance->pg_pool);
  } else {
    if (options.path != ":memory:") {
      LP_ASSIGN_OR_RETURN(instance->stats_db, OpenBookingDatabase(options));
    }
    instance->stats_store =
        instance->stats_db
            ? std::make_unique<SqliteStatisticsStore>(*instance->stats_db)
            : std::make_unique<SqliteStatisticsStore>(*instance->db, instance->store.get());
  }
  instance->stats_directory = std::make_unique<GrpcStatisticsDirectory>(
      catalogue_channel, instance->registry->channel, instance->clock);
  instance->statistics = std::make_unique<Statistics>(
      *instance->stats_store, *instance->stats_directory, *instance->store, instance->clock);
  instance->stats_service = std::make_unique<StatisticsGrpcService>(
      *instance->statistics, *instance->registry->authenticator);
  return instance;
}

}  // namespace
}  // namespace leerpool::booking

int main(int argc, char** argv) {
  leerpool::booking::BookingFlags booking;
  return leerpool::RunServiceMain(
      argc, argv,
      {.name = "booking",
       .description = "Leerpool booking engine: availability, reservations, series, statistics",
       .default_listen = "127.0.0.1:50053",
       .build =
           [&booking](const leerpool::ServiceFlags& flags) {
             return leerpool::booking::Build(flags, booking);
           },
       .add_flags =
           [&booking](CLI::App& app) {
             leerpool::AddRegistryFlag(app, booking.registry);
             app.add_option("--catalogue", booking.catalogue,
                            "gRPC target of the equipment catalogue (listings, terms, eligibility)")
                 ->envname("LEERPOOL_CATALOGUE_ADDR")
                 ->capture_default_str();
             app.add_option("--hold-minutes", booking.hold_minutes,
                            "how long a hold keeps its slot before ConfirmHold")
                 ->envname("LEERPOOL_BOOKING_HOLD_MINUTES")
                 ->check(CLI::Range(1, 24 * 60))
                 ->capture_default_str();
             app.add_option("--hold-sweep-seconds", booking.sweep_seconds,
                            "how often expired holds are released")
                 ->envname("LEERPOOL_BOOKING_HOLD_SWEEP_SECONDS")
                 ->check(CLI::Range(1, 3600))
                 ->capture_default_str();
           }});
}
