#include "services/booking/grpc/booking_grpc_service.h"

#include "services/booking/grpc/catalogue_listing_directory.h"
#include "services/common/auth/grpc_auth.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

absl::StatusOr<WeeklyRecurrence> FromProto(const v1::WeeklyRecurrence& proto) {
  WeeklyRecurrence recurrence;
  recurrence.time_zone = proto.time_zone();
  LP_ASSIGN_OR_RETURN(recurrence.first_date,
                      MakeDate(proto.first_date().year(), proto.first_date().month(),
                               proto.first_date().day(), "recurrence.first_date"));
  if (proto.start_time().hours() < 0 || proto.start_time().hours() > 23 ||
      proto.start_time().minutes() < 0 || proto.start_time().minutes() > 59) {
    return absl::InvalidArgumentError("recurrence.start_time: must be a time of day 00:00-23:59");
  }
  recurrence.start_time_of_day =
      absl::CivilMinute(2000, 1, 1, proto.start_time().hours(), proto.start_time().minutes());
  recurrence.duration = absl::Minutes(proto.duration_minutes());
  for (int weekday : proto.weekdays()) recurrence.weekdays.push_back(weekday);
  recurrence.interval_weeks = proto.interval_weeks() == 0 ? 1 : proto.interval_weeks();
  if (proto.has_until_date()) {
    LP_ASSIGN_OR_RETURN(recurrence.until_date,
                        MakeDate(proto.until_date().year(), proto.until_date().month(),
                                 proto.until_date().day(), "recurrence.until_date"));
  }
  recurrence.count = proto.count();
  return recurrence;
}

std::vector<AudienceCount> FromProto(
    const google::protobuf::RepeatedPtrField<v1::AudienceCount>& counts) {
  std::vector<AudienceCount> out;
  for (const v1::AudienceCount& count : counts) out.push_back({count.audience(), count.count()});
  return out;
}

void ToProto(const std::vector<AudienceCount>& counts,
             google::protobuf::RepeatedPtrField<v1::AudienceCount>* out) {
  for (const AudienceCount& count : counts) {
    v1::AudienceCount* proto = out->Add();
    proto->set_audience(count.audience);
    proto->set_count(count.count);
  }
}

ReservationRequest FromProto(const v1::CreateReservationRequest& proto) {
  ReservationRequest request;
  request.listing_id = proto.listing_id();
  request.organization_id = proto.organization_id();
  request.responsible_person_id = proto.responsible_person_id();
  request.kind = static_cast<ReservationKind>(proto.kind());
  if (proto.has_start_time()) request.start_time = FromTimestamp(proto.start_time());
  if (proto.has_end_time()) request.end_time = FromTimestamp(proto.end_time());
  request.learners = proto.learners();
  request.planned_learners = FromProto(proto.planned_learners());
  if (proto.has_destination()) {
    Place place;
    place.name = proto.destination().name();
    const auto& address = proto.destination().address();
    place.address = {address.street(), address.postal_code(), address.locality(),
                     address.country()};
    if (proto.destination().has_location()) {
      place.location = LatLng{proto.destination().location().latitude(),
                              proto.destination().location().longitude()};
    }
    request.destination = place;
  }
  request.handover_from_reservation_id = proto.handover_from_reservation_id();
  request.hold = proto.hold();
  request.idempotency_key = proto.idempotency_key();
  request.notes = proto.notes();
  request.join_waitlist = proto.join_waitlist();
  request.auto_accept_offer = proto.auto_accept_offer();
  return request;
}

void ToProto(const Reservation& r, v1::Reservation* out) {
  out->set_id(r.id);
  out->set_listing_id(r.listing_id);
  for (int unit : r.units) out->add_units(unit);
  out->set_organization_id(r.organization_id);
  out->set_responsible_person_id(r.responsible_person_id);
  out->set_created_by_person_id(r.created_by_person_id);
  out->set_kind(static_cast<v1::ReservationKind>(r.kind));
  out->set_status(static_cast<v1::ReservationStatus>(r.status));
  *out->mutable_start_time() = ToTimestamp(r.start_time);
  *out->mutable_end_time() = ToTimestamp(r.end_time);
  *out->mutable_occupied_start_time() = ToTimestamp(r.occupied_start_time);
  *out->mutable_occupied_end_time() = ToTimestamp(r.occupied_end_time);
  out->set_time_zone(r.time_zone);
  out->set_learners(r.learners);
  ToProto(r.planned_learners, out->mutable_planned_learners());
  if (r.destination) {
    v1::Place* place = out->mutable_destination();
    place->set_name(r.destination->name);
    place->mutable_address()->set_street(r.destination->address.street);
    place->mutable_address()->set_postal_code(r.destination->address.postal_code);
    place->mutable_address()->set_locality(r.destination->address.locality);
    place->mutable_address()->set_country(r.destination->address.country);
    if (r.destination->location) {
      place->mutable_location()->set_latitude(r.destination->location->latitude);
      place->mutable_location()->set_longitude(r.destination->location->longitude);
    }
  }
  out->set_transport_minutes_out(r.transport_minutes_out);
  out->set_transport_minutes_back(r.transport_minutes_back);
  out->set_handover_from_reservation_id(r.handover_from_reservation_id);
  out->set_handover_to_reservation_id(r.handover_to_reservation_id);
  out->set_terms_version(r.terms_version);
  v1::PriceQuote* quote = out->mutable_quote();
  quote->set_total_cents(r.quote.total_cents);
  for (const PriceLine& line : r.quote.lines) {
    v1::PriceLine* proto = quote->add_lines();
    proto->set_description(line.description);
    proto->set_amount_cents(line.amount_cents);
  }
  quote->set_deposit_cents(r.quote.deposit_cents);
  quote->set_terms_version(r.quote.terms_version);
  if (r.hold_expire_time) *out->mutable_hold_expire_time() = ToTimestamp(*r.hold_expire_time);
  out->set_basket_id(r.basket_id);
  out->set_series_id(r.series_id);
  out->set_occurrence_index(r.occurrence_index);
  if (r.check_out_time) *out->mutable_check_out_time() = ToTimestamp(*r.check_out_time);
  if (r.check_in_time) *out->mutable_check_in_time() = ToTimestamp(*r.check_in_time);
  ToProto(r.learners_present, out->mutable_learners_present());
  out->set_condition(static_cast<v1::Condition>(r.condition));
  out->set_damage_report(r.damage_report);
  out->set_cancellation_fee_cents(r.cancellation_fee_cents);
  out->set_reason(r.reason);
  out->set_notes(r.notes);
  *out->mutable_create_time() = ToTimestamp(r.create_time);
  *out->mutable_update_time() = ToTimestamp(r.update_time);
}

// Authenticates, opens the scope whose credentials outgoing catalogue calls forward, and
// maps the core's status.
template <typename Work>
grpc::Status Handle(auth::Authenticator& authenticator, grpc::ServerContextBase& context,
                    Work work) {
  IncomingCallScope scope(context);
  absl::StatusOr<auth::Caller> caller = auth::AuthenticateCall(authenticator, context);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(work(*caller));
}

template <typename Call>
absl::Status ReservationOut(Call call, v1::Reservation* response) {
  absl::StatusOr<Reservation> r = call();
  if (!r.ok()) return r.status();
  ToProto(*r, response);
  return absl::OkStatus();
}

void ToProto(absl::CivilDay day, leerpool::type::v1::Date* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

void ToProto(const Series& series, v1::Series* out) {
  out->set_id(series.id);
  const WeeklyRecurrence& r = series.recurrence;
  v1::WeeklyRecurrence* recurrence = out->mutable_recurrence();
  recurrence->set_time_zone(r.time_zone);
  ToProto(r.first_date, recurrence->mutable_first_date());
  recurrence->mutable_start_time()->set_hours(r.start_time_of_day.hour());
  recurrence->mutable_start_time()->set_minutes(r.start_time_of_day.minute());
  recurrence->set_duration_minutes(static_cast<int32_t>(absl::ToInt64Minutes(r.duration)));
  for (int weekday : r.weekdays) {
    recurrence->add_weekdays(static_cast<leerpool::type::v1::Weekday>(weekday));
  }
  recurrence->set_interval_weeks(r.interval_weeks);
  if (r.until_date) ToProto(*r.until_date, recurrence->mutable_until_date());
  recurrence->set_count(r.count);
  for (const Reservation& reservation : series.reservations) {
    ToProto(reservation, out->add_reservations());
  }
  for (const OccurrenceConflict& conflict : series.conflicts) {
    v1::OccurrenceConflict* c = out->add_conflicts();
    c->set_index(conflict.index);
    *c->mutable_start_time() = ToTimestamp(conflict.start);
    *c->mutable_end_time() = ToTimestamp(conflict.end);
    for (const std::string& reason : conflict.reasons) c->add_reasons(reason);
  }
  out->set_mode(static_cast<v1::SeriesMode>(series.mode));
  out->set_listing_id(series.listing_id);
  out->set_organization_id(series.organization_id);
  out->set_owner_organization_id(series.owner_organization_id);
  *out->mutable_create_time() = ToTimestamp(series.create_time);
  *out->mutable_update_time() = ToTimestamp(series.update_time);
}

absl::Status SeriesOut(const absl::StatusOr<Series>& series, v1::Series* response) {
  if (!series.ok()) return series.status();
  ToProto(*series, response);
  return absl::OkStatus();
}

}  // namespace

grpc::Status BookingGrpcService::PreviewSeries(grpc::ServerContext* context,
                                               const v1::PreviewSeriesRequest* request,
                                               v1::PreviewSeriesResponse* response) {
  // Public, but a bad token is refused here as everywhere.
  absl::StatusOr<auth::Caller> caller = auth::AuthenticateCall(authenticator_, *context);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (!request->has_recurrence()) {
    return ToGrpcStatus(absl::InvalidArgumentError("recurrence: is required"));
  }
  absl::StatusOr<WeeklyRecurrence> recurrence = FromProto(request->recurrence());
  if (!recurrence.ok()) return ToGrpcStatus(recurrence.status());
  absl::StatusOr<std::vector<Occurrence>> occurrences = engine_.PreviewSeries(*recurrence);
  if (!occurrences.ok()) return ToGrpcStatus(occurrences.status());
  for (const Occurrence& occurrence : *occurrences) {
    v1::Occurrence* out = response->add_occurrences();
    out->set_index(occurrence.index);
    *out->mutable_start_time() = ToTimestamp(occurrence.start);
    *out->mutable_end_time() = ToTimestamp(occurrence.end);
    out->set_local_start(occurrence.local_start);
  }
  response->set_time_zone(recurrence->time_zone);
  return grpc::Status::OK;
}

grpc::Status BookingGrpcService::CreateSeries(grpc::ServerContext* context,
                                              const v1::CreateSeriesRequest* request,
                                              v1::Series* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    if (!request->has_recurrence()) return absl::InvalidArgumentError("recurrence: is required");
    LP_ASSIGN_OR_RETURN(WeeklyRecurrence recurrence, FromProto(request->recurrence()));
    return SeriesOut(
        engine_.CreateSeries(caller, FromProto(request->reservation()), recurrence,
                             static_cast<SeriesMode>(request->mode()), request->idempotency_key()),
        response);
  });
}

grpc::Status BookingGrpcService::GetSeries(grpc::ServerContext* context,
                                           const v1::GetSeriesRequest* request,
                                           v1::Series* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    return SeriesOut(engine_.GetSeries(caller, request->series_id()), response);
  });
}

grpc::Status BookingGrpcService::UpdateSeries(grpc::ServerContext* context,
                                              const v1::UpdateSeriesRequest* request,
                                              v1::Series* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    SeriesChange change;
    change.scope = static_cast<SeriesScope>(request->scope());
    change.occurrence_index = request->occurrence_index();
    if (request->has_start_time()) {
      const int hours = request->start_time().hours(), minutes = request->start_time().minutes();
      if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
        return absl::InvalidArgumentError("start_time: must be a time of day 00:00-23:59");
      }
      change.start_time_of_day = absl::CivilMinute(2000, 1, 1, hours, minutes);
    }
    // proto3: zero means unchanged; a negative value reaches the core to be refused.
    if (request->duration_minutes() != 0) {
      change.duration = absl::Minutes(request->duration_minutes());
    }
    if (request->learners() != 0) change.learners = request->learners();
    return SeriesOut(engine_.UpdateSeries(caller, request->series_id(), change), response);
  });
}

grpc::Status BookingGrpcService::CancelSeries(grpc::ServerContext* context,
                                              const v1::CancelSeriesRequest* request,
                                              v1::Series* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    return SeriesOut(engine_.CancelSeries(caller, request->series_id(),
                                          static_cast<SeriesScope>(request->scope()),
                                          request->occurrence_index(), request->reason()),
                     response);
  });
}

grpc::Status BookingGrpcService::GetAvailability(grpc::ServerContext* context,
                                                 const v1::GetAvailabilityRequest* request,
                                                 v1::Availability* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller&) -> absl::Status {
    std::optional<LatLng> destination;
    if (request->has_destination()) {
      destination = LatLng{request->destination().latitude(), request->destination().longitude()};
    }
    if (!request->has_start_time() || !request->has_end_time()) {
      return absl::InvalidArgumentError("start_time, end_time: are required");
    }
    LP_ASSIGN_OR_RETURN(
        Availability availability,
        engine_.GetAvailability(request->listing_id(), FromTimestamp(request->start_time()),
                                FromTimestamp(request->end_time()), destination));
    response->set_listing_id(availability.listing_id);
    response->set_time_zone(availability.time_zone);
    for (const UnitAvailability& unit : availability.units) {
      v1::UnitAvailability* out = response->add_units();
      out->set_unit(unit.unit);
      out->set_out_of_service(unit.out_of_service);
      for (const auto& [start, end] : unit.free) {
        v1::FreeInterval* free = out->add_free();
        *free->mutable_start_time() = ToTimestamp(start);
        *free->mutable_end_time() = ToTimestamp(end);
      }
    }
    return absl::OkStatus();
  });
}

grpc::Status BookingGrpcService::SearchAvailability(grpc::ServerContext* context,
                                                    const v1::SearchAvailabilityRequest* request,
                                                    v1::SearchAvailabilityResponse* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller&) -> absl::Status {
    AvailabilityQuery query;
    query.listing_ids.assign(request->listing_ids().begin(), request->listing_ids().end());
    if (request->has_start_time()) query.start = FromTimestamp(request->start_time());
    if (request->has_end_time()) query.end = FromTimestamp(request->end_time());
    query.learners = request->learners();
    if (request->has_destination()) {
      query.destination =
          LatLng{request->destination().latitude(), request->destination().longitude()};
    }
    LP_ASSIGN_OR_RETURN(const std::vector<AvailableListing> listings,
                        engine_.SearchAvailability(query));
    for (const AvailableListing& listing : listings) {
      v1::AvailableListing* out = response->add_listings();
      out->set_listing_id(listing.listing_id);
      out->set_free_units(listing.free_units);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BookingGrpcService::CreateReservation(
    grpc::CallbackServerContext* context, const v1::CreateReservationRequest* request,
    v1::Reservation* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // gRPC keeps the context and messages until Finish. The checks may wait for the catalogue,
  // so they run on blocking_; the commit does not hold that thread: the store finishes the
  // call when the batch it joined is durable.
  blocking_.Post([this, reactor, context, request, response] {
    IncomingCallScope scope(*context);
    absl::StatusOr<auth::Caller> caller = auth::AuthenticateCall(authenticator_, *context);
    if (!caller.ok()) return reactor->Finish(ToGrpcStatus(caller.status()));
    engine_.CreateReservation(*caller, FromProto(*request),
                              [reactor, response](absl::StatusOr<Reservation> reservation) {
                                if (reservation.ok()) ToProto(*reservation, response);
                                reactor->Finish(ToGrpcStatus(reservation.status()));
                              });
  });
  return reactor;
}

grpc::Status BookingGrpcService::CreateBasket(grpc::ServerContext* context,
                                              const v1::CreateBasketRequest* request,
                                              v1::Basket* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    std::vector<ReservationRequest> items;
    for (const v1::CreateReservationRequest& item : request->items()) {
      items.push_back(FromProto(item));
    }
    LP_ASSIGN_OR_RETURN(Basket basket,
                        engine_.CreateBasket(caller, items, request->idempotency_key()));
    response->set_id(basket.id);
    for (const Reservation& r : basket.reservations) ToProto(r, response->add_reservations());
    return absl::OkStatus();
  });
}

grpc::Status BookingGrpcService::GetReservation(grpc::ServerContext* context,
                                                const v1::GetReservationRequest* request,
                                                v1::Reservation* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    return ReservationOut([&] { return engine_.GetReservation(caller, request->reservation_id()); },
                          response);
  });
}

grpc::Status BookingGrpcService::ListReservations(grpc::ServerContext* context,
                                                  const v1::ListReservationsRequest* request,
                                                  v1::ListReservationsResponse* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    ListReservationsQuery query;
    query.filter.organization_id = request->organization_id();
    query.filter.owner_organization_id = request->owner_organization_id();
    query.filter.listing_id = request->listing_id();
    for (int status : request->statuses()) {
      query.filter.statuses.push_back(static_cast<ReservationStatus>(status));
    }
    if (request->has_end_after()) query.filter.end_after = FromTimestamp(request->end_after());
    if (request->has_start_before()) {
      query.filter.start_before = FromTimestamp(request->start_before());
    }
    query.page_size = request->page_size();
    query.page_token = request->page_token();
    LP_ASSIGN_OR_RETURN(ReservationPage page, engine_.ListReservations(caller, query));
    for (const Reservation& r : page.reservations) ToProto(r, response->add_reservations());
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status BookingGrpcService::ConfirmHold(grpc::ServerContext* context,
                                             const v1::ConfirmHoldRequest* request,
                                             v1::Reservation* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    return ReservationOut([&] { return engine_.ConfirmHold(caller, request->reservation_id()); },
                          response);
  });
}

grpc::Status BookingGrpcService::ApproveReservation(grpc::ServerContext* context,
                                                    const v1::ApproveReservationRequest* request,
                                                    v1::Reservation* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    return ReservationOut(
        [&] {
          return engine_.ApproveReservation(caller, request->reservation_id(), request->reason());
        },
        response);
  });
}

grpc::Status BookingGrpcService::RejectReservation(grpc::ServerContext* context,
                                                   const v1::RejectReservationRequest* request,
                                                   v1::Reservation* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    return ReservationOut(
        [&] {
          return engine_.RejectReservation(caller, request->reservation_id(), request->reason());
        },
        response);
  });
}

grpc::Status BookingGrpcService::CancelReservation(grpc::ServerContext* context,
                                                   const v1::CancelReservationRequest* request,
                                                   v1::Reservation* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    return ReservationOut(
        [&] {
          return engine_.CancelReservation(caller, request->reservation_id(), request->reason());
        },
        response);
  });
}

grpc::Status BookingGrpcService::HandOverReservation(grpc::ServerContext* context,
                                                     const v1::HandOverReservationRequest* request,
                                                     v1::Reservation* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    return ReservationOut(
        [&] {
          return engine_.HandOverReservation(caller, request->reservation_id(),
                                             request->responsible_person_id());
        },
        response);
  });
}

grpc::Status BookingGrpcService::CheckOutReservation(grpc::ServerContext* context,
                                                     const v1::CheckOutReservationRequest* request,
                                                     v1::Reservation* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    std::optional<absl::Time> time;
    if (request->has_time()) time = FromTimestamp(request->time());
    return ReservationOut(
        [&] {
          return engine_.CheckOutReservation(caller, request->reservation_id(), time,
                                             request->notes());
        },
        response);
  });
}

grpc::Status BookingGrpcService::CheckInReservation(grpc::ServerContext* context,
                                                    const v1::CheckInReservationRequest* request,
                                                    v1::Reservation* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    std::optional<absl::Time> time;
    if (request->has_time()) time = FromTimestamp(request->time());
    return ReservationOut(
        [&] {
          return engine_.CheckInReservation(
              caller, request->reservation_id(), time, FromProto(request->learners_present()),
              static_cast<Condition>(request->condition()), request->damage_report());
        },
        response);
  });
}

grpc::Status BookingGrpcService::MarkNoShow(grpc::ServerContext* context,
                                            const v1::MarkNoShowRequest* request,
                                            v1::Reservation* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    return ReservationOut([&] { return engine_.MarkNoShow(caller, request->reservation_id()); },
                          response);
  });
}

grpc::Status BookingGrpcService::ClearDamage(grpc::ServerContext* context,
                                             const v1::ClearDamageRequest* request,
                                             google::protobuf::Empty*) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) {
    return engine_.ClearDamage(caller, request->listing_id(), request->unit());
  });
}

grpc::Status BookingGrpcService::RecordIntake(grpc::ServerContext* context,
                                              const v1::RecordIntakeRequest* request,
                                              v1::Intake* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    std::string date;
    if (request->has_date()) {
      LP_ASSIGN_OR_RETURN(
          absl::CivilDay day,
          MakeDate(request->date().year(), request->date().month(), request->date().day(), "date"));
      date = absl::FormatCivilTime(day);
    }
    LP_ASSIGN_OR_RETURN(Intake intake, engine_.RecordIntake(caller, request->listing_id(),
                                                            request->organization_id(), date));
    response->set_listing_id(intake.listing_id);
    response->set_organization_id(intake.organization_id);
    absl::CivilDay day;
    if (absl::ParseCivilTime(intake.date, &day)) {
      response->mutable_date()->set_year(static_cast<int32_t>(day.year()));
      response->mutable_date()->set_month(day.month());
      response->mutable_date()->set_day(day.day());
    }
    response->set_recorded_by_person_id(intake.recorded_by_person_id);
    return absl::OkStatus();
  });
}

grpc::Status BookingGrpcService::ListIntakes(grpc::ServerContext* context,
                                             const v1::ListIntakesRequest* request,
                                             v1::ListIntakesResponse* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(std::vector<Intake> intakes,
                        engine_.ListIntakes(caller, request->listing_id()));
    for (const Intake& intake : intakes) {
      v1::Intake* out = response->add_intakes();
      out->set_listing_id(intake.listing_id);
      out->set_organization_id(intake.organization_id);
      absl::CivilDay day;
      if (absl::ParseCivilTime(intake.date, &day)) {
        out->mutable_date()->set_year(static_cast<int32_t>(day.year()));
        out->mutable_date()->set_month(day.month());
        out->mutable_date()->set_day(day.day());
      }
      out->set_recorded_by_person_id(intake.recorded_by_person_id);
    }
    return absl::OkStatus();
  });
}

grpc::Status BookingGrpcService::ListReservationEvents(
    grpc::ServerContext* context, const v1::ListReservationEventsRequest* request,
    v1::ListReservationEventsResponse* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(std::vector<ReservationEvent> events,
                        engine_.ListReservationEvents(caller, request->reservation_id()));
    for (const ReservationEvent& event : events) {
      v1::ReservationEvent* out = response->add_events();
      out->set_id(event.id);
      out->set_reservation_id(event.reservation_id);
      *out->mutable_time() = ToTimestamp(event.time);
      out->set_actor_person_id(event.actor_person_id);
      out->set_actor_organization_id(event.actor_organization_id);
      out->set_type(event.type);
      out->set_status(static_cast<v1::ReservationStatus>(event.status));
      out->set_details(event.details);
    }
    return absl::OkStatus();
  });
}

}  // namespace leerpool::booking
