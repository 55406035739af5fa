#ifndef LEERPOOL_SERVICES_BOOKING_GRPC_BOOKING_GRPC_SERVICE_H_
#define LEERPOOL_SERVICES_BOOKING_GRPC_BOOKING_GRPC_SERVICE_H_

#include "leerpool/booking/v1/booking.grpc.pb.h"
#include "services/booking/core/booking_engine.h"
#include "services/common/auth/authenticator.h"
#include "services/common/blocking_executor.h"

namespace leerpool::booking {

// Maps leerpool.booking.v1 messages to the core and back; no rules live here.
//
// CreateReservation, the call that carries the load, is a callback method whose work runs on
// the service's own BlockingExecutor: it waits for a group commit, and gRPC's synchronous
// server started and ended a thread around nearly every such call (about a fifth of a
// reservation's CPU). The other methods stay synchronous.
class BookingGrpcService final
    : public v1::BookingService::WithCallbackMethod_CreateReservation<v1::BookingService::Service> {
 public:
  BookingGrpcService(BookingEngine& engine, auth::Authenticator& authenticator)
      : engine_(engine), authenticator_(authenticator) {}

  grpc::Status PreviewSeries(grpc::ServerContext* context, const v1::PreviewSeriesRequest* request,
                             v1::PreviewSeriesResponse* response) override;
  grpc::Status CreateSeries(grpc::ServerContext* context, const v1::CreateSeriesRequest* request,
                            v1::Series* response) override;
  grpc::Status GetSeries(grpc::ServerContext* context, const v1::GetSeriesRequest* request,
                         v1::Series* response) override;
  grpc::Status UpdateSeries(grpc::ServerContext* context, const v1::UpdateSeriesRequest* request,
                            v1::Series* response) override;
  grpc::Status CancelSeries(grpc::ServerContext* context, const v1::CancelSeriesRequest* request,
                            v1::Series* response) override;
  grpc::Status GetAvailability(grpc::ServerContext* context,
                               const v1::GetAvailabilityRequest* request,
                               v1::Availability* response) override;
  grpc::Status SearchAvailability(grpc::ServerContext* context,
                                  const v1::SearchAvailabilityRequest* request,
                                  v1::SearchAvailabilityResponse* response) override;
  grpc::ServerUnaryReactor* CreateReservation(grpc::CallbackServerContext* context,
                                              const v1::CreateReservationRequest* request,
                                              v1::Reservation* response) override;
  grpc::Status CreateBasket(grpc::ServerContext* context, const v1::CreateBasketRequest* request,
                            v1::Basket* response) override;
  grpc::Status GetReservation(grpc::ServerContext* context,
                              const v1::GetReservationRequest* request,
                              v1::Reservation* response) override;
  grpc::Status ListReservations(grpc::ServerContext* context,
                                const v1::ListReservationsRequest* request,
                                v1::ListReservationsResponse* response) override;
  grpc::Status ConfirmHold(grpc::ServerContext* context, const v1::ConfirmHoldRequest* request,
                           v1::Reservation* response) override;
  grpc::Status ApproveReservation(grpc::ServerContext* context,
                                  const v1::ApproveReservationRequest* request,
                                  v1::Reservation* response) override;
  grpc::Status RejectReservation(grpc::ServerContext* context,
                                 const v1::RejectReservationRequest* request,
                                 v1::Reservation* response) override;
  grpc::Status CancelReservation(grpc::ServerContext* context,
                                 const v1::CancelReservationRequest* request,
                                 v1::Reservation* response) override;
  grpc::Status HandOverReservation(grpc::ServerContext* context,
                                   const v1::HandOverReservationRequest* request,
                                   v1::Reservation* response) override;
  grpc::Status CheckOutReservation(grpc::ServerContext* context,
                                   const v1::CheckOutReservationRequest* request,
                                   v1::Reservation* response) override;
  grpc::Status CheckInReservation(grpc::ServerContext* context,
                                  const v1::CheckInReservationRequest* request,
                                  v1::Reservation* response) override;
  grpc::Status MarkNoShow(grpc::ServerContext* context, const v1::MarkNoShowRequest* request,
                          v1::Reservation* response) override;
  grpc::Status ClearDamage(grpc::ServerContext* context, const v1::ClearDamageRequest* request,
                           google::protobuf::Empty* response) override;
  grpc::Status RecordIntake(grpc::ServerContext* context, const v1::RecordIntakeRequest* request,
                            v1::Intake* response) override;
  grpc::Status ListIntakes(grpc::ServerContext* context, const v1::ListIntakesRequest* request,
                           v1::ListIntakesResponse* response) override;
  grpc::Status ListReservationEvents(grpc::ServerContext* context,
                                     const v1::ListReservationEventsRequest* request,
                                     v1::ListReservationEventsResponse* response) override;
  // iCalendar feeds (calendar_feeds_grpc.cc). GetCalendar authenticates nobody: the secret
  // in the request is the credential.
  grpc::Status CreateCalendarFeed(grpc::ServerContext* context,
                                  const v1::CreateCalendarFeedRequest* request,
                                  v1::CalendarFeed* response) override;
  grpc::Status ListCalendarFeeds(grpc::ServerContext* context,
                                 const v1::ListCalendarFeedsRequest* request,
                                 v1::ListCalendarFeedsResponse* response) override;
  grpc::Status RevokeCalendarFeed(grpc::ServerContext* context,
                                  const v1::RevokeCalendarFeedRequest* request,
                                  v1::CalendarFeed* response) override;
  grpc::Status GetCalendar(grpc::ServerContext* context, const v1::GetCalendarRequest* request,
                           leerpool::api::v1::HttpBody* response) override;
  // Waitlist and inbox (waitlist_inbox_grpc.cc). WatchInbox streams until the client cancels
  // or BookingEngine::ShutdownInbox.
  grpc::Status ListWaitlistEntries(grpc::ServerContext* context,
                                   const v1::ListWaitlistEntriesRequest* request,
                                   v1::ListWaitlistEntriesResponse* response) override;
  grpc::Status AcceptWaitlistOffer(grpc::ServerContext* context,
                                   const v1::AcceptWaitlistOfferRequest* request,
                                   v1::Reservation* response) override;
  grpc::Status LeaveWaitlist(grpc::ServerContext* context, const v1::LeaveWaitlistRequest* request,
                             google::protobuf::Empty* response) override;
  grpc::Status ListInbox(grpc::ServerContext* context, const v1::ListInboxRequest* request,
                         v1::ListInboxResponse* response) override;
  grpc::Status WatchInbox(grpc::ServerContext* context, const v1::WatchInboxRequest* request,
                          grpc::ServerWriter<v1::InboxEvent>* writer) override;

 private:
  BookingEngine& engine_;
  auth::Authenticator& authenticator_;
  // Last: destroyed first, after running what was posted (the server has stopped by then).
  BlockingExecutor blocking_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_GRPC_BOOKING_GRPC_SERVICE_H_
