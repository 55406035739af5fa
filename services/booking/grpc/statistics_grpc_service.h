#ifndef LEERPOOL_SERVICES_BOOKING_GRPC_STATISTICS_GRPC_SERVICE_H_
#define LEERPOOL_SERVICES_BOOKING_GRPC_STATISTICS_GRPC_SERVICE_H_

#include "leerpool/booking/v1/statistics.grpc.pb.h"
#include "services/booking/core/statistics.h"
#include "services/common/auth/authenticator.h"

namespace leerpool::booking {

// Maps leerpool.booking.v1.StatisticsService to the core's Statistics; no rules live here.
class StatisticsGrpcService final : public v1::StatisticsService::Service {
 public:
  StatisticsGrpcService(Statistics& statistics, auth::Authenticator& authenticator)
      : statistics_(statistics), authenticator_(authenticator) {}

  grpc::Status GetStatsSummary(grpc::ServerContext* context,
                               const v1::GetStatsSummaryRequest* request,
                               v1::StatsSummary* response) override;
  grpc::Status GetStatsTimeSeries(grpc::ServerContext* context,
                                  const v1::GetStatsTimeSeriesRequest* request,
                                  v1::StatsTimeSeries* response) override;
  grpc::Status GetStatsTop(grpc::ServerContext* context, const v1::GetStatsTopRequest* request,
                           v1::StatsTop* response) override;
  grpc::Status ExportStats(grpc::ServerContext* context, const v1::ExportStatsRequest* request,
                           api::v1::HttpBody* response) override;
  grpc::Status ImportReservationHistory(grpc::ServerContext* context,
                                        const v1::ImportReservationHistoryRequest* request,
                                        v1::ImportReservationHistoryResponse* response) override;

 private:
  Statistics& statistics_;
  auth::Authenticator& authenticator_;
};

}  // namespace leerpool::booking

#endif  // LEERPOOL_SERVICES_BOOKING_GRPC_STATISTICS_GRPC_SERVICE_H_
