// leerpool-booking: the booking engine process.

#include <memory>
#include <mutex>

#include "services/booking/core/booking_engine.h"
#include "services/booking/grpc/booking_grpc_service.h"
#include "services/booking/sqlite/booking_database.h"
#include "services/common/clock.h"
#include "services/common/registry_auth.h"
#include "services/common/service_main.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

// Members are destroyed in reverse order: the gRPC service first, the database last.
struct BookingInstance : ServiceInstance {
  SystemClock clock;
  std::unique_ptr<RegistryConnection> registry;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<BookingEngine> engine;
  std::unique_ptr<BookingGrpcService> service;

  std::vector<grpc::Service*> GrpcServices() override { return {service.get()}; }
};

absl::StatusOr<std::unique_ptr<ServiceInstance>> Build(const ServiceFlags& flags,
                                                       const std::string& registry) {
  auto instance = std::make_unique<BookingInstance>();
  LP_ASSIGN_OR_RETURN(storage::Options options, flags.StorageOptions());
  LP_ASSIGN_OR_RETURN(instance->registry, ConnectToRegistry(registry, instance->clock));
  LP_ASSIGN_OR_RETURN(instance->db, OpenBookingDatabase(options));
  instance->engine = std::make_unique<BookingEngine>();
  instance->service = std::make_unique<BookingGrpcService>(*instance->engine, *instance->registry->authenticator);
  return instance;
}

}  // namespace
}  // namespace leerpool::booking

int main(int argc, char** argv) {
  std::string registry;
  return leerpool::RunServiceMain(
      argc, argv,
      {.name = "booking",
       .description = "Leerpool booking engine: availability, reservations, series, statistics",
       .default_listen = "127.0.0.1:50053",
       .build = [&registry](const leerpool::ServiceFlags& flags) {
         return leerpool::booking::Build(flags, registry);
       },
       .add_flags = [&registry](CLI::App& app) { leerpool::AddRegistryFlag(app, registry); }});
}
