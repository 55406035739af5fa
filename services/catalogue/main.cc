// leerpool-catalogue: the equipment catalogue process.

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/grpc/booking_availability_directory.h"
#include "services/catalogue/grpc/catalogue_grpc_service.h"
#include "services/catalogue/grpc/registry_partner_directory.h"
#include "services/catalogue/postgres/pg_catalogue_store.h"
#include "services/catalogue/sqlite/sqlite_catalogue_store.h"
#include "services/common/channel.h"
#include "services/common/clock.h"
#include "services/common/registry_auth.h"
#include "services/common/service_main.h"
#include "services/common/status_macros.h"
#include "storage/postgres.h"

namespace leerpool::catalogue {
namespace {

// Read-only connections for searches and other reads, next to the one read-write connection.
constexpr int kReadConnections = 4;
// Connections to PostgreSQL (--db=postgresql://...), shared by reads and writes.
constexpr int kPostgresConnections = 8;

struct CatalogueFlags {
  std::string registry;
  // Empty: no booking engine, so searches cannot filter by availability.
  std::string booking;
};

// Members are destroyed in reverse order: the gRPC service first, the database last.
struct CatalogueInstance : ServiceInstance {
  SystemClock clock;
  std::unique_ptr<RegistryConnection> registry;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::ReadPool> reads;
  std::unique_ptr<storage::pg::Pool> pg_pool;
  std::unique_ptr<CatalogueStore> store;
  std::unique_ptr<RegistryPartnerDirectory> directory;
  std::unique_ptr<BookingAvailabilityDirectory> availability;
  std::unique_ptr<Catalogue> catalogue;
  std::unique_ptr<CatalogueGrpcService> service;

  std::vector<grpc::Service*> GrpcServices() override { return {service.get()}; }
};

absl::StatusOr<std::unique_ptr<ServiceInstance>> Build(const ServiceFlags& flags,
                                                       const CatalogueFlags& catalogue_flags) {
  auto instance = std::make_unique<CatalogueInstance>();
  LP_ASSIGN_OR_RETURN(storage::Options options, flags.StorageOptions());
  if (storage::pg::IsPostgresUrl(flags.db_path)) {
    // Every connection is opened here, so an unreachable server fails start-up (exit 1) with
    // the server's address and reason.
    LP_ASSIGN_OR_RETURN(
        instance->pg_pool,
        storage::pg::Pool::Open({.url = flags.db_path, .connections = kPostgresConnections}));
    {
      LP_ASSIGN_OR_RETURN(storage::pg::Pool::Lease connection, instance->pg_pool->Acquire());
      LP_RETURN_IF_ERROR(connection->Migrate(PostgresMigrations()));
    }
    instance->store = std::make_unique<PgCatalogueStore>(*instance->pg_pool);
  } else {
    LP_ASSIGN_OR_RETURN(instance->db, OpenCatalogueDatabase(options));
    // An in-memory database lives in its one connection, so only a file gets a read pool.
    if (options.path != ":memory:") {
      LP_ASSIGN_OR_RETURN(instance->reads, storage::ReadPool::Open(options, kReadConnections));
    }
    instance->store = std::make_unique<SqliteCatalogueStore>(*instance->db, instance->reads.get());
  }
  // After the database: an unreachable one fails at once rather than after the registry wait.
  LP_ASSIGN_OR_RETURN(instance->registry,
                      ConnectToRegistry(catalogue_flags.registry, instance->clock));
  // The channel that authenticates callers also answers the catalogue's registry questions.
  instance->directory =
      std::make_unique<RegistryPartnerDirectory>(instance->registry->channel, instance->clock);
  // gRPC channels connect lazily, so the booking engine may start after the catalogue.
  if (!catalogue_flags.booking.empty()) {
    if (absl::Status valid = ChannelTarget(catalogue_flags.booking).status(); !valid.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--booking: ", valid.message()));
    }
    instance->availability = std::make_unique<BookingAvailabilityDirectory>(
        CreateServiceChannel(catalogue_flags.booking));
  }
  instance->catalogue = std::make_unique<Catalogue>(*instance->store, *instance->directory,
                                                    instance->clock, instance->availability.get());
  instance->service = std::make_unique<CatalogueGrpcService>(*instance->catalogue,
                                                             *instance->registry->authenticator);
  return instance;
}

}  // namespace
}  // namespace leerpool::catalogue

int main(int argc, char** argv) {
  leerpool::catalogue::CatalogueFlags catalogue_flags;
  return leerpool::RunServiceMain(
      argc, argv,
      {.name = "catalogue",
       .description = "Leerpool equipment catalogue: listings, sharing terms, search",
       .default_listen = "127.0.0.1:50052",
       .build =
           [&catalogue_flags](const leerpool::ServiceFlags& flags) {
             return leerpool::catalogue::Build(flags, catalogue_flags);
           },
       .add_flags =
           [&catalogue_flags](CLI::App& app) {
             leerpool::AddRegistryFlag(app, catalogue_flags.registry);
             app.add_option("--booking", catalogue_flags.booking,
                            "gRPC target of the booking engine, for searches filtered by "
                            "availability (none: such searches fail)")
                 ->envname("LEERPOOL_BOOKING_ADDR");
           }});
}
