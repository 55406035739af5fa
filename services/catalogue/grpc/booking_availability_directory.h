#ifndef LEERPOOL_SERVICES_CATALOGUE_GRPC_BOOKING_AVAILABILITY_DIRECTORY_H_
#define LEERPOOL_SERVICES_CATALOGUE_GRPC_BOOKING_AVAILABILITY_DIRECTORY_H_

// The AvailabilityDirectory over the booking engine's SearchAvailability RPC.

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "leerpool/booking/v1/booking.grpc.pb.h"
#include "services/catalogue/core/availability_directory.h"

namespace leerpool::catalogue {

struct BookingAvailabilityOptions {
  // Every call gets this deadline; past it the booking engine counts as unavailable.
  absl::Duration deadline = absl::Seconds(2);
};

// Each call carries the credentials of the search it serves (the booking engine sees who is
// asking). A rejected window (INVALID_ARGUMENT) stays INVALID_ARGUMENT: it is the caller's to
// fix; any other failure is UNAVAILABLE ("booking engine unavailable: ..."). Thread-safe.
class BookingAvailabilityDirectory : public AvailabilityDirectory {
 public:
  BookingAvailabilityDirectory(std::shared_ptr<grpc::Channel> booking,
                               BookingAvailabilityOptions options = {});

  absl::StatusOr<std::map<std::string, int>> FreeUnits(const auth::Caller& caller,
                                                       const AvailabilityQuery& query) override;

 private:
  std::unique_ptr<booking::v1::BookingService::Stub> stub_;
  BookingAvailabilityOptions options_;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_GRPC_BOOKING_AVAILABILITY_DIRECTORY_H_
