// BookingGrpcService's calendar-feed methods: proto <-> BookingEngine, nothing else.

#include "services/booking/grpc/booking_grpc_service.h"
#include "services/common/auth/grpc_auth.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

void ToProto(const CalendarFeed& feed, v1::CalendarFeed* out) {
  out->set_id(feed.id);
  out->set_listing_id(feed.listing_id);
  out->set_organization_id(feed.organization_id);
  out->set_url(feed.url);
  out->set_revoked(feed.revoke_time.has_value());
  *out->mutable_create_time() = ToTimestamp(feed.create_time);
}

template <typename Work>
grpc::Status Authenticated(auth::Authenticator& authenticator, grpc::ServerContext& context,
                           Work work) {
  auth::IncomingCallScope scope(context);
  absl::StatusOr<auth::Caller> caller = auth::AuthenticateCall(authenticator, context);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(work(*caller));
}

}  // namespace

grpc::Status BookingGrpcService::CreateCalendarFeed(grpc::ServerContext* context,
                                                    const v1::CreateCalendarFeedRequest* request,
                                                    v1::CalendarFeed* response) {
  return Authenticated(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(CalendarFeed feed, engine_.CreateCalendarFeed(caller, request->listing_id(),
                                                                      request->organization_id()));
    ToProto(feed, response);
    return absl::OkStatus();
  });
}

grpc::Status BookingGrpcService::ListCalendarFeeds(grpc::ServerContext* context,
                                                   const v1::ListCalendarFeedsRequest* request,
                                                   v1::ListCalendarFeedsResponse* response) {
  return Authenticated(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(std::vector<CalendarFeed> feeds,
                        engine_.ListCalendarFeeds(caller, request->organization_id()));
    for (const CalendarFeed& feed : feeds) ToProto(feed, response->add_feeds());
    return absl::OkStatus();
  });
}

grpc::Status BookingGrpcService::RevokeCalendarFeed(grpc::ServerContext* context,
                                                    const v1::RevokeCalendarFeedRequest* request,
                                                    v1::CalendarFeed* response) {
  return Authenticated(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(CalendarFeed feed, engine_.RevokeCalendarFeed(caller, request->feed_id()));
    ToProto(feed, response);
    return absl::OkStatus();
  });
}

grpc::Status BookingGrpcService::GetCalendar(grpc::ServerContext*,
                                             const v1::GetCalendarRequest* request,
                                             leerpool::api::v1::HttpBody* response) {
  // No AuthenticateCall and no IncomingCallScope: calendar applications send no token, and a
  // stale one a browser happens to send must neither fail the feed nor travel on to the
  // catalogue.
  absl::StatusOr<std::string> calendar = engine_.GetCalendar(request->secret());
  if (!calendar.ok()) return ToGrpcStatus(calendar.status());
  response->set_content_type("text/calendar; charset=utf-8");
  response->set_content_disposition("inline; filename=\"leerpool.ics\"");
  response->set_data(std::move(*calendar));
  return grpc::Status::OK;
}

}  // namespace leerpool::booking
