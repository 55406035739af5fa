// PreviewSeries over the wire: a real GrpcServer on port 0 serving the adapter, called
// through the generated stub.

#include "services/booking/grpc/booking_grpc_service.h"

#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/booking/v1/booking.grpc.pb.h"
#include "services/booking/core/booking_engine.h"
#include "services/booking/grpc/catalogue_listing_directory.h"
#include "services/booking/sqlite/booking_database.h"
#include "services/booking/sqlite/sqlite_booking_store.h"
#include "services/common/clock.h"
#include "services/common/server.h"
#include "tests/services/common/auth/test_identity.h"

namespace leerpool::booking {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

int64_t UtcSeconds(int year, int month, int day, int hour, int minute) {
  return absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, 0), absl::UTCTimeZone()));
}

void SetDate(leerpool::type::v1::Date* date, int year, int month, int day) {
  date->set_year(year);
  date->set_month(month);
  date->set_day(day);
}

// Mondays at 09:00 Europe/Brussels for 90 minutes from 16 March 2026, four times: across the
// change to summer time on 29 March.
v1::PreviewSeriesRequest MondaysAcrossSpringForward() {
  v1::PreviewSeriesRequest request;
  v1::WeeklyRecurrence* recurrence = request.mutable_recurrence();
  recurrence->set_time_zone("Europe/Brussels");
  SetDate(recurrence->mutable_first_date(), 2026, 3, 16);
  recurrence->mutable_start_time()->set_hours(9);
  recurrence->mutable_start_time()->set_minutes(0);
  recurrence->set_duration_minutes(90);
  recurrence->add_weekdays(leerpool::type::v1::MONDAY);
  recurrence->set_count(4);
  return request;
}

class BookingGrpcServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "booking-test"}, {&service_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::BookingService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  grpc::Status Preview(const v1::PreviewSeriesRequest& request,
                       v1::PreviewSeriesResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return stub_->PreviewSeries(&context, request, response);
  }

  // The status of previewing MondaysAcrossSpringForward() after `spoil`.
  template <typename Spoil>
  grpc::Status PreviewSpoilt(Spoil spoil) {
    v1::PreviewSeriesRequest request = MondaysAcrossSpringForward();
    spoil(*request.mutable_recurrence());
    v1::PreviewSeriesResponse response;
    return Preview(request, &response);
  }

  SystemClock clock_;
  testing::TestIdentity identity_{clock_};
  // PreviewSeries needs neither the store nor the catalogue; both are there but idle.
  std::unique_ptr<storage::Database> db_ = OpenBookingDatabase({}).value();
  SqliteBookingStore store_{*db_};
  CatalogueListingDirectory directory_{
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()), clock_};
  BookingEngine engine_{store_, directory_, clock_};
  BookingGrpcService service_{engine_, identity_.authenticator()};
  std::unique_ptr<GrpcServer> server_;
  std::unique_ptr<v1::BookingService::Stub> stub_;
};

TEST_F(BookingGrpcServiceTest, PreviewsASeriesAcrossSpringForward) {
  v1::PreviewSeriesResponse response;
  grpc::Status status = Preview(MondaysAcrossSpringForward(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.time_zone(), "Europe/Brussels");
  ASSERT_EQ(response.occurrences_size(), 4);

  std::vector<std::string> local_starts;
  std::vector<int64_t> starts;
  for (int i = 0; i < response.occurrences_size(); ++i) {
    const v1::Occurrence& occurrence = response.occurrences(i);
    EXPECT_EQ(occurrence.index(), i);
    EXPECT_EQ(occurrence.start_time().nanos(), 0);
    EXPECT_EQ(TimeUtil::TimestampToSeconds(occurrence.end_time()) -
                  TimeUtil::TimestampToSeconds(occurrence.start_time()),
              90 * 60);
    starts.push_back(TimeUtil::TimestampToSeconds(occurrence.start_time()));
    local_starts.push_back(occurrence.local_start());
  }
  EXPECT_THAT(starts, ElementsAre(UtcSeconds(2026, 3, 16, 8, 0), UtcSeconds(2026, 3, 23, 8, 0),
                                  UtcSeconds(2026, 3, 30, 7, 0), UtcSeconds(2026, 4, 6, 7, 0)));
  EXPECT_THAT(local_starts, ElementsAre("2026-03-16T09:00:00+01:00", "2026-03-23T09:00:00+01:00",
                                        "2026-03-30T09:00:00+02:00", "2026-04-06T09:00:00+02:00"));
}

TEST_F(BookingGrpcServiceTest, UntilDateEndsTheSeriesInclusively) {
  v1::PreviewSeriesRequest request = MondaysAcrossSpringForward();
  request.mutable_recurrence()->set_count(0);
  SetDate(request.mutable_recurrence()->mutable_until_date(), 2026, 3, 30);
  v1::PreviewSeriesResponse response;
  grpc::Status status = Preview(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.occurrences_size(), 3);
  EXPECT_EQ(response.occurrences(2).local_start(), "2026-03-30T09:00:00+02:00");
}

TEST_F(BookingGrpcServiceTest, UnsetIntervalMeansEveryWeekAndTwoSkipsAWeek) {
  v1::PreviewSeriesRequest request = MondaysAcrossSpringForward();
  request.mutable_recurrence()->set_interval_weeks(0);
  v1::PreviewSeriesResponse weekly;
  ASSERT_TRUE(Preview(request, &weekly).ok());
  ASSERT_EQ(weekly.occurrences_size(), 4);
  EXPECT_EQ(weekly.occurrences(1).local_start(), "2026-03-23T09:00:00+01:00");

  request.mutable_recurrence()->set_interval_weeks(2);
  v1::PreviewSeriesResponse fortnightly;
  ASSERT_TRUE(Preview(request, &fortnightly).ok());
  ASSERT_EQ(fortnightly.occurrences_size(), 4);
  EXPECT_EQ(fortnightly.occurrences(1).local_start(), "2026-03-30T09:00:00+02:00");
}

TEST_F(BookingGrpcServiceTest, MissingRecurrenceIsInvalidArgument) {
  v1::PreviewSeriesResponse response;
  grpc::Status status = Preview(v1::PreviewSeriesRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("recurrence:"));
}

TEST_F(BookingGrpcServiceTest, StartTimeOutOfRangeIsInvalidArgument) {
  for (const auto& [hours, minutes] :
       std::vector<std::pair<int, int>>{{24, 0}, {-1, 0}, {9, 60}, {9, -5}}) {
    grpc::Status status = PreviewSpoilt([&](v1::WeeklyRecurrence& r) {
      r.mutable_start_time()->set_hours(hours);
      r.mutable_start_time()->set_minutes(minutes);
    });
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << hours << ":" << minutes;
    EXPECT_THAT(status.error_message(), StartsWith("recurrence.start_time:"));
  }
  EXPECT_TRUE(PreviewSpoilt([](v1::WeeklyRecurrence& r) {
                r.mutable_start_time()->set_hours(23);
                r.mutable_start_time()->set_minutes(59);
              }).ok());
}

TEST_F(BookingGrpcServiceTest, ImpossibleDatesAreInvalidArgument) {
  grpc::Status status =
      PreviewSpoilt([](v1::WeeklyRecurrence& r) { SetDate(r.mutable_first_date(), 2026, 2, 30); });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("recurrence.first_date:"));

  status = PreviewSpoilt([](v1::WeeklyRecurrence& r) { r.clear_first_date(); });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("recurrence.first_date:"));

  status = PreviewSpoilt([](v1::WeeklyRecurrence& r) {
    r.set_count(0);
    SetDate(r.mutable_until_date(), 2026, 13, 1);
  });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("recurrence.until_date:"));
}

TEST_F(BookingGrpcServiceTest, CoreValidationErrorsComeBackAsInvalidArgument) {
  grpc::Status status =
      PreviewSpoilt([](v1::WeeklyRecurrence& r) { r.set_time_zone("Mars/Olympus"); });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("recurrence.time_zone:"));

  // proto3 enums are open: 8 arrives as is.
  status = PreviewSpoilt(
      [](v1::WeeklyRecurrence& r) { r.add_weekdays(static_cast<leerpool::type::v1::Weekday>(8)); });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("recurrence.weekdays:"));

  status = PreviewSpoilt([](v1::WeeklyRecurrence& r) { r.set_duration_minutes(0); });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("recurrence.duration_minutes:"));

  status = PreviewSpoilt([](v1::WeeklyRecurrence& r) { r.set_count(521); });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("520"));
}

// ---- Series over the wire: the adapter maps the request and the series (reservations with
// their occurrence index) both ways, on a one-listing catalogue.

class OneRigDirectory : public ListingDirectory {
 public:
  absl::StatusOr<ListingFacts> GetListing(const std::string& id) override {
    if (id != "lst_rig") return absl::NotFoundError("listing " + id);
    ListingFacts facts;
    facts.id = id;
    facts.owner_organization_id = "org_owner";
    facts.category = Category::kFixedInstallation;
    facts.published = true;
    facts.unit_count = 1;
    facts.capacity_per_unit = 8;
    facts.terms_version = 1;
    facts.site = {"sit_brussels", LatLng{50.85, 4.35}, "Europe/Brussels", {}};
    return facts;
  }
  absl::StatusOr<Terms> GetTerms(const std::string&, int) override {
    Terms terms;
    terms.version = 1;
    terms.price.per_hour_cents = 1000;
    return terms;
  }
  absl::StatusOr<std::vector<Closure>> ListClosures(const std::string&, absl::Time) override {
    return std::vector<Closure>();
  }
  absl::StatusOr<EligibilityAnswer> CheckEligibility(const auth::Caller&,
                                                     const EligibilityQuery&) override {
    return EligibilityAnswer{true, {}, 1, false};
  }
};

class SeriesGrpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "booking-series-test"}, {&service_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::BookingService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context->AddMetadata(
        "authorization",
        identity_.Bearer("per_coord", {{"org_school", {auth::Role::kCoordinator}}}));
    return context;
  }

  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 3, 1, 0, 0, 0), absl::UTCTimeZone())};
  testing::TestIdentity identity_{clock_};
  std::unique_ptr<storage::Database> db_ = OpenBookingDatabase({}).value();
  SqliteBookingStore store_{*db_};
  OneRigDirectory directory_;
  BookingEngine engine_{store_, directory_, clock_};
  BookingGrpcService service_{engine_, identity_.authenticator()};
  std::unique_ptr<GrpcServer> server_;
  std::unique_ptr<v1::BookingService::Stub> stub_;
};

TEST_F(SeriesGrpcTest, CreatesAndCancelsASeries) {
  v1::CreateSeriesRequest create;
  create.mutable_reservation()->set_listing_id("lst_rig");
  create.mutable_reservation()->set_organization_id("org_school");
  create.mutable_reservation()->set_kind(v1::RESERVATION_KIND_SESSION);
  create.mutable_reservation()->set_learners(6);
  *create.mutable_recurrence() = MondaysAcrossSpringForward().recurrence();
  create.mutable_recurrence()->set_count(3);
  create.set_mode(v1::SERIES_MODE_ALL_OR_NOTHING);
  create.set_idempotency_key("grpc-series-1");
  v1::Series series;
  grpc::Status status = stub_->CreateSeries(Context().get(), create, &series);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(series.id(), StartsWith("srs"));
  EXPECT_EQ(series.mode(), v1::SERIES_MODE_ALL_OR_NOTHING);
  EXPECT_EQ(series.owner_organization_id(), "org_owner");
  EXPECT_EQ(series.recurrence().time_zone(), "Europe/Brussels");
  EXPECT_EQ(series.recurrence().start_time().hours(), 9);
  EXPECT_EQ(series.recurrence().count(), 3);
  ASSERT_EQ(series.reservations_size(), 3);
  std::vector<int64_t> starts;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(series.reservations(i).series_id(), series.id());
    EXPECT_EQ(series.reservations(i).occurrence_index(), i);
    EXPECT_EQ(series.reservations(i).status(), v1::RESERVATION_STATUS_CONFIRMED);
    starts.push_back(TimeUtil::TimestampToSeconds(series.reservations(i).start_time()));
  }
  EXPECT_THAT(starts, ElementsAre(UtcSeconds(2026, 3, 16, 8, 0), UtcSeconds(2026, 3, 23, 8, 0),
                                  UtcSeconds(2026, 3, 30, 7, 0)));

  // The same series again with the same key: the first answer, nothing new reserved.
  v1::Series retry;
  ASSERT_TRUE(stub_->CreateSeries(Context().get(), create, &retry).ok());
  EXPECT_EQ(retry.id(), series.id());

  v1::CancelSeriesRequest cancel;
  cancel.set_series_id(series.id());
  cancel.set_scope(v1::SERIES_SCOPE_THIS_AND_FOLLOWING);
  cancel.set_occurrence_index(1);
  cancel.set_reason("exams");
  v1::Series cancelled;
  status = stub_->CancelSeries(Context().get(), cancel, &cancelled);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(cancelled.reservations_size(), 3);
  EXPECT_EQ(cancelled.reservations(0).status(), v1::RESERVATION_STATUS_CONFIRMED);
  EXPECT_EQ(cancelled.reservations(1).status(), v1::RESERVATION_STATUS_CANCELLED);
  EXPECT_EQ(cancelled.reservations(2).status(), v1::RESERVATION_STATUS_CANCELLED);
  EXPECT_EQ(cancelled.reservations(2).reason(), "exams");

  v1::GetSeriesRequest get;
  get.set_series_id(series.id());
  v1::Series fetched;
  ASSERT_TRUE(stub_->GetSeries(Context().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.reservations(1).status(), v1::RESERVATION_STATUS_CANCELLED);

  // Bad input comes back as INVALID_ARGUMENT naming the field.
  create.clear_recurrence();
  status = stub_->CreateSeries(Context().get(), create, &series);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("recurrence:"));
  cancel.set_scope(v1::SERIES_SCOPE_UNSPECIFIED);
  status = stub_->CancelSeries(Context().get(), cancel, &cancelled);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("scope:"));
}

}  // namespace
}  // namespace leerpool::booking
