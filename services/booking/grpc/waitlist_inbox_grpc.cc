// BookingGrpcService's waitlist and inbox methods: proto <-> BookingEngine, nothing else.

#include "services/booking/grpc/booking_grpc_service.h"
#include "services/common/auth/grpc_auth.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

// How often a watch re-checks its caller's credentials (the wait itself notices a client
// that went away within 200 ms).
constexpr absl::Duration kWatchSlice = absl::Seconds(10);

template <typename Work>
grpc::Status Authenticated(auth::Authenticator& authenticator, grpc::ServerContext& context,
                           Work work) {
  auth::IncomingCallScope scope(context);
  absl::StatusOr<auth::Caller> caller = auth::AuthenticateCall(authenticator, context);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(work(*caller));
}

void ToProto(const InboxEvent& event, v1::InboxEvent* out) {
  out->set_id(event.id);
  *out->mutable_time() = ToTimestamp(event.time);
  out->set_organization_id(event.organization_id);
  out->set_type(event.type);
  out->set_reservation_id(event.reservation_id);
  out->set_listing_id(event.listing_id);
  out->set_summary(event.summary);
  out->set_sequence(event.sequence);
}

void ToProto(const WaitlistEntry& entry, v1::WaitlistEntry* out) {
  const Reservation& d = entry.draft;
  out->set_id(entry.id);
  v1::CreateReservationRequest* request = out->mutable_request();
  request->set_listing_id(d.listing_id);
  request->set_organization_id(d.organization_id);
  request->set_responsible_person_id(entry.requested_responsible_person_id);
  request->set_kind(static_cast<v1::ReservationKind>(d.kind));
  *request->mutable_start_time() = ToTimestamp(d.start_time);
  *request->mutable_end_time() = ToTimestamp(d.end_time);
  request->set_learners(d.learners);
  for (const AudienceCount& count : d.planned_learners) {
    v1::AudienceCount* proto = request->add_planned_learners();
    proto->set_audience(count.audience);
    proto->set_count(count.count);
  }
  if (d.destination) {
    v1::Place* place = request->mutable_destination();
    place->set_name(d.destination->name);
    place->mutable_address()->set_street(d.destination->address.street);
    place->mutable_address()->set_postal_code(d.destination->address.postal_code);
    place->mutable_address()->set_locality(d.destination->address.locality);
    place->mutable_address()->set_country(d.destination->address.country);
    if (d.destination->location) {
      place->mutable_location()->set_latitude(d.destination->location->latitude);
      place->mutable_location()->set_longitude(d.destination->location->longitude);
    }
  }
  request->set_join_waitlist(true);
  request->set_auto_accept_offer(entry.auto_accept);
  request->set_notes(d.notes);
  *out->mutable_create_time() = ToTimestamp(entry.create_time);
  if (entry.state == WaitlistState::kOffered && entry.offer_expire_time) {
    *out->mutable_offer_expire_time() = ToTimestamp(*entry.offer_expire_time);
  }
  out->set_state(WaitlistStateName(entry.state));
  out->set_reservation_id(entry.reservation_id);
}

}  // namespace

grpc::Status BookingGrpcService::ListWaitlistEntries(grpc::ServerContext* context,
                                                     const v1::ListWaitlistEntriesRequest* request,
                                                     v1::ListWaitlistEntriesResponse* response) {
  return Authenticated(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(std::vector<WaitlistEntry> entries,
                        engine_.ListWaitlistEntries(caller, request->organization_id()));
    for (const WaitlistEntry& entry : entries) ToProto(entry, response->add_entries());
    return absl::OkStatus();
  });
}

grpc::Status BookingGrpcService::AcceptWaitlistOffer(grpc::ServerContext* context,
                                                     const v1::AcceptWaitlistOfferRequest* request,
                                                     v1::Reservation* response) {
  std::string reservation_id;
  grpc::Status status =
      Authenticated(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
        LP_ASSIGN_OR_RETURN(Reservation r,
                            engine_.AcceptWaitlistOffer(caller, request->entry_id()));
        reservation_id = r.id;
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  // The reservation's mapping lives with GetReservation; reading it back keeps one copy.
  v1::GetReservationRequest get;
  get.set_reservation_id(reservation_id);
  return GetReservation(context, &get, response);
}

grpc::Status BookingGrpcService::LeaveWaitlist(grpc::ServerContext* context,
                                               const v1::LeaveWaitlistRequest* request,
                                               google::protobuf::Empty*) {
  return Authenticated(authenticator_, *context, [&](const auth::Caller& caller) {
    return engine_.LeaveWaitlist(caller, request->entry_id());
  });
}

grpc::Status BookingGrpcService::ListInbox(grpc::ServerContext* context,
                                           const v1::ListInboxRequest* request,
                                           v1::ListInboxResponse* response) {
  return Authenticated(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(BookingEngine::InboxPage page,
                        engine_.ListInbox(caller, request->organization_id(), request->page_size(),
                                          request->page_token()));
    for (const InboxEvent& event : page.events) ToProto(event, response->add_events());
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status BookingGrpcService::WatchInbox(grpc::ServerContext* context,
                                            const v1::WatchInboxRequest* request,
                                            grpc::ServerWriter<v1::InboxEvent>* writer) {
  absl::StatusOr<auth::Caller> caller = auth::AuthenticateCall(authenticator_, *context);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  const std::string& organization = request->organization_id();
  if (request->after_sequence() < 0) {
    return ToGrpcStatus(absl::InvalidArgumentError("after_sequence: must not be negative"));
  }
  // Membership is checked before the headers go out, so a refusal is an ordinary error
  // (403 at the gateway), not a stream that ends at once.
  absl::StatusOr<int64_t> start = engine_.InboxWatchStart(*caller, organization);
  if (!start.ok()) return ToGrpcStatus(start.status());
  int64_t after = request->has_after_sequence() ? request->after_sequence() : *start;
  // Headers now, so the client (and the gateway) knows the watch has started before the
  // first notice.
  writer->SendInitialMetadata();
  while (!context->IsCancelled()) {
    absl::StatusOr<std::vector<InboxEvent>> events =
        engine_.WaitInbox(*caller, organization, after, absl::Now() + kWatchSlice,
                          [context] { return context->IsCancelled(); });
    if (absl::IsCancelled(events.status())) {
      return context->IsCancelled() ? grpc::Status::CANCELLED : grpc::Status::OK;
    }
    if (!events.ok()) return ToGrpcStatus(events.status());
    // A long watch must not outlive the credentials it started with: a token that expired
    // or was revoked (sign-out, a revoked API key) ends it, as it would end any other call.
    caller = auth::AuthenticateCall(authenticator_, *context);
    if (!caller.ok()) return ToGrpcStatus(caller.status());
    for (const InboxEvent& event : *events) {
      v1::InboxEvent proto;
      ToProto(event, &proto);
      if (!writer->Write(proto)) return grpc::Status::CANCELLED;  // the client went away
      after = event.sequence;
    }
  }
  return grpc::Status::CANCELLED;
}

}  // namespace leerpool::booking
