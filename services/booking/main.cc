// leerpool-booking: the booking engine process.

#include <memory>
#include <mutex>

#include "services/booking/core/booking_engine.h"
#include "services/booking/grpc/booking_grpc_service.h"
#include "services/booking/sqlite/booking_database.h"
#include "services/common/service_main.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

// Members are destroyed in reverse order: the gRPC service first, the database last.
struct BookingInstance : ServiceInstance {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<BookingEngine> engine;
  std::unique_ptr<BookingGrpcService> service;

  std::vector<grpc::Service*> GrpcServices() override { return {service.get()}; }
};

absl::StatusOr<std::unique_ptr<ServiceInstance>> Build(const ServiceFlags& flags) {
  auto instance = std::make_unique<BookingInstance>();
  LP_ASSIGN_OR_RETURN(storage::Options options, flags.StorageOptions());
  LP_ASSIGN_OR_RETURN(instance->db, OpenBookingDatabase(options));
  instance->engine = std::make_unique<BookingEngine>();
  instance->service = std::make_unique<BookingGrpcService>(*instance->engine);
  return instance;
}

}  // namespace
}  // namespace leerpool::booking

int main(int argc, char** argv) {
  return leerpool::RunServiceMain(
      argc, argv,
      {.name = "booking",
       .description = "Leerpool booking engine: availability, reservations, series, statistics",
       .default_listen = "127.0.0.1:50053",
       .build = leerpool::booking::Build});
}
