#include "services/booking/grpc/booking_grpc_service.h"

#include <google/protobuf/util/time_util.h>

#include "services/common/auth/grpc_auth.h"
#include "services/common/grpc_status.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

using google::protobuf::util::TimeUtil;

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
    *out->mutable_start_time() =
        TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(occurrence.start));
    *out->mutable_end_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(occurrence.end));
    out->set_local_start(occurrence.local_start);
  }
  response->set_time_zone(recurrence->time_zone);
  return grpc::Status::OK;
}

}  // namespace leerpool::booking
