#include "services/booking/grpc/statistics_grpc_service.h"

#include <string>
#include <vector>

#include "services/common/auth/grpc_auth.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace leerpool::booking {
namespace {

StatQuery ToQuery(const v1::StatsScope& scope, const google::protobuf::Timestamp* start,
                  const google::protobuf::Timestamp* end, v1::StatsGroupBy group_by) {
  StatQuery q;
  q.scope.listing_id = scope.listing_id();
  q.scope.owner_organization_id = scope.owner_organization_id();
  q.scope.organization_id = scope.organization_id();
  q.scope.network_id = scope.network_id();
  q.scope.technology = scope.technology();
  q.scope.sector = scope.sector();
  q.scope.region = scope.region();
  q.scope.country = scope.country();
  q.scope.owner_kind = static_cast<OrganizationKind>(scope.owner_kind());
  if (start != nullptr) q.start = FromTimestamp(*start);
  if (end != nullptr) q.end = FromTimestamp(*end);
  q.group_by = static_cast<GroupBy>(group_by);
  return q;
}

template <typename Request>
StatQuery QueryOf(const Request& r, v1::StatsGroupBy group_by) {
  return ToQuery(r.scope(), r.has_start_time() ? &r.start_time() : nullptr,
                 r.has_end_time() ? &r.end_time() : nullptr, group_by);
}

void ToProto(const StatFigures& f, v1::StatsFigures* out) {
  out->set_group_key(f.group_key);
  out->set_group_label(f.group_label);
  *out->mutable_period_start() = ToTimestamp(f.period_start);
  *out->mutable_period_end() = ToTimestamp(f.period_end);
  out->set_listing_count(f.listing_count);
  out->set_available_hours(f.available_hours);
  out->set_reserved_hours(f.reserved_hours);
  out->set_used_hours(f.used_hours);
  out->set_utilisation(f.utilisation);
  out->set_reservations_active(f.reservations_active);
  out->set_reservations_completed(f.reservations_completed);
  out->set_cancellations(f.cancellations);
  out->set_no_shows(f.no_shows);
  out->set_distinct_organizations(f.distinct_organizations);
  for (const KindCount& k : f.organizations_by_kind) {
    v1::StatsKindCount* kind = out->add_organizations_by_kind();
    kind->set_kind(static_cast<registry::v1::OrganizationKind>(k.kind));
    kind->set_organizations(k.count);
  }
  out->set_cross_border_organizations(f.cross_border_organizations);
  out->set_cross_border_organizations_share(f.cross_border_organizations_share);
  out->set_cross_border_used_hours(f.cross_border_used_hours);
  out->set_cross_border_used_hours_share(f.cross_border_used_hours_share);
  out->set_learners_reached(f.learners_reached);
  out->set_learner_hours(f.learner_hours);
  for (const AudienceFigures& a : f.audiences) {
    v1::StatsAudience* audience = out->add_audiences();
    audience->set_audience(a.audience);
    audience->set_learners(a.learners);
    audience->set_learner_hours(a.learner_hours);
  }
  out->set_revenue_cents(f.revenue_cents);
  out->set_depreciation_cents(f.depreciation_cents);
  out->set_cost_per_learner_hour_cents(f.cost_per_learner_hour_cents);
  for (const BorrowerFigures& b : f.borrowers) {
    v1::StatsBorrower* borrower = out->add_borrowers();
    borrower->set_organization_id(b.organization_id);
    borrower->set_name(b.name);
    borrower->set_used_hours(b.used_hours);
  }
}

template <typename Work>
grpc::Status Handle(auth::Authenticator& authenticator, grpc::ServerContext& context, Work work) {
  auth::IncomingCallScope scope(context);
  absl::StatusOr<auth::Caller> caller = auth::AuthenticateCall(authenticator, context);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(work(*caller));
}

}  // namespace

grpc::Status StatisticsGrpcService::GetStatsSummary(grpc::ServerContext* context,
                                                    const v1::GetStatsSummaryRequest* request,
                                                    v1::StatsSummary* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(StatSummary summary,
                        statistics_.Summary(caller, QueryOf(*request, request->group_by())));
    *response->mutable_period_start() = ToTimestamp(summary.period_start);
    *response->mutable_period_end() = ToTimestamp(summary.period_end);
    for (const StatFigures& f : summary.groups) ToProto(f, response->add_groups());
    return absl::OkStatus();
  });
}

grpc::Status StatisticsGrpcService::GetStatsTimeSeries(grpc::ServerContext* context,
                                                       const v1::GetStatsTimeSeriesRequest* request,
                                                       v1::StatsTimeSeries* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(StatTimeSeries series,
                        statistics_.TimeSeries(caller, QueryOf(*request, request->group_by()),
                                               static_cast<StatInterval>(request->interval())));
    response->set_interval(request->interval());
    for (const StatFigures& f : series.points) ToProto(f, response->add_points());
    return absl::OkStatus();
  });
}

grpc::Status StatisticsGrpcService::GetStatsTop(grpc::ServerContext* context,
                                                const v1::GetStatsTopRequest* request,
                                                v1::StatsTop* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    TopQuery top;
    top.query = QueryOf(*request, v1::STATS_GROUP_BY_UNSPECIFIED);
    top.order = request->order_by() == v1::STATS_ORDER_UNSPECIFIED
                    ? TopOrder::kUtilisation
                    : static_cast<TopOrder>(request->order_by());
    top.bottom = request->bottom();
    top.limit = request->limit();
    LP_ASSIGN_OR_RETURN(std::vector<StatFigures> listings, statistics_.Top(caller, top));
    for (const StatFigures& f : listings) ToProto(f, response->add_listings());
    return absl::OkStatus();
  });
}

grpc::Status StatisticsGrpcService::ExportStats(grpc::ServerContext* context,
                                                const v1::ExportStatsRequest* request,
                                                api::v1::HttpBody* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(std::string csv,
                        statistics_.Export(caller, QueryOf(*request, request->group_by()),
                                           static_cast<StatInterval>(request->interval())));
    response->set_content_type("text/csv; charset=utf-8; header=present");
    response->set_content_disposition("attachment; filename=\"leerpool-statistics.csv\"");
    response->set_data(std::move(csv));
    return absl::OkStatus();
  });
}

grpc::Status StatisticsGrpcService::ImportReservationHistory(
    grpc::ServerContext* context, const v1::ImportReservationHistoryRequest* request,
    v1::ImportReservationHistoryResponse* response) {
  return Handle(authenticator_, *context, [&](const auth::Caller& caller) -> absl::Status {
    std::vector<HistoricReservation> history;
    for (const v1::HistoricReservation& p : request->reservations()) {
      HistoricReservation h;
      h.listing_id = p.listing_id();
      h.owner_organization_id = p.owner_organization_id();
      h.organization_id = p.organization_id();
      h.responsible_person_id = p.responsible_person_id();
      h.kind = p.kind() == v1::RESERVATION_KIND_UNSPECIFIED
                   ? ReservationKind::kSession
                   : static_cast<ReservationKind>(p.kind());
      h.status = static_cast<ReservationStatus>(p.status());
      h.start_time = p.has_start_time() ? FromTimestamp(p.start_time()) : absl::InfinitePast();
      h.end_time = p.has_end_time() ? FromTimestamp(p.end_time()) : absl::InfinitePast();
      h.learners = p.learners();
      if (p.has_check_out_time()) h.check_out_time = FromTimestamp(p.check_out_time());
      if (p.has_check_in_time()) h.check_in_time = FromTimestamp(p.check_in_time());
      for (const v1::AudienceCount& c : p.learners_present()) {
        h.learners_present.push_back({c.audience(), c.count()});
      }
      h.price_cents = p.price_cents();
      h.cancellation_fee_cents = p.cancellation_fee_cents();
      h.time_zone = p.time_zone();
      h.units.assign(p.units().begin(), p.units().end());
      history.push_back(std::move(h));
    }
    LP_ASSIGN_OR_RETURN(std::vector<std::string> ids, statistics_.ImportHistory(caller, history));
    for (std::string& id : ids) response->add_reservation_ids(std::move(id));
    return absl::OkStatus();
  });
}

}  // namespace leerpool::booking
