#include "services/catalogue/grpc/booking_availability_directory.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/auth/grpc_auth.h"
#include "services/common/proto_time.h"

namespace leerpool::catalogue {

namespace bv1 = ::leerpool::booking::v1;

BookingAvailabilityDirectory::BookingAvailabilityDirectory(std::shared_ptr<grpc::Channel> booking,
                                                           BookingAvailabilityOptions options)
    : stub_(bv1::BookingService::NewStub(std::move(booking))), options_(options) {}

absl::StatusOr<std::map<std::string, int>> BookingAvailabilityDirectory::FreeUnits(
    const auth::Caller&, const AvailabilityQuery& query) {
  if (query.listing_ids.size() > kMaxListingsPerCall) {
    return absl::InternalError(absl::StrCat("availability asked for ", query.listing_ids.size(),
                                            " listings; at most ", kMaxListingsPerCall,
                                            " per call"));
  }
  grpc::ClientContext context;
  // Real time, not the core's clock: the deadline is about this process waiting.
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.deadline));
  if (const grpc::ServerContextBase* incoming = auth::IncomingCallScope::Current()) {
    auth::ForwardCredentials(*incoming, context);
  }
  bv1::SearchAvailabilityRequest request;
  for (const std::string& id : query.listing_ids) request.add_listing_ids(id);
  *request.mutable_start_time() = ToTimestamp(query.start);
  *request.mutable_end_time() = ToTimestamp(query.end);
  request.set_learners(query.learners);
  if (query.destination) {
    request.mutable_destination()->set_latitude(query.destination->latitude);
    request.mutable_destination()->set_longitude(query.destination->longitude);
  }
  bv1::SearchAvailabilityResponse response;
  const grpc::Status status = stub_->SearchAvailability(&context, request, &response);
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    return absl::InvalidArgumentError(
        absl::StrCat("available_start: the booking engine rejected the availability window: ",
                     status.error_message()));
  }
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat("booking engine unavailable: ", status.error_message()));
  }
  std::map<std::string, int> free;
  for (const bv1::AvailableListing& listing : response.listings()) {
    if (listing.free_units() > 0) free[listing.listing_id()] = listing.free_units();
  }
  return free;
}

}  // namespace leerpool::catalogue
