#ifndef LEERPOOL_SERVICES_BOOKING_GRPC_BOOKING_GRPC_SERVICE_H_
#define LEERPOOL_SERVICES_BOOKING_GRPC_BOOKING_GRPC_SERVICE_H_

#include "leerpool/booking/v1/booking.grpc.pb.h"
#include "services/booking/core/booking_engine.h"
#include "services/common/auth/authenticator.h"

namespace leerpool::booking {

// Maps leerpool.booking.v1 messages to the core and back; no rules live here.
class BookingGrpcService final : public v1::BookingService::Service {
 public:
  BookingGrpcService(BookingEngine& engine, auth::Authenticator& authenticator)
      : engine_(engine), authenticator_(authenticator) {}

  grpc::Status PreviewSeries(grpc::ServerContext* context, const v1::PreviewSeriesRequest* request,
                             v1::PreviewSeriesResponse* response) override;

 private:
  BookingEngine& engine_;
  auth::Authenticator& authenticator_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_GRPC_BOOKING_GRPC_SERVICE_H_
