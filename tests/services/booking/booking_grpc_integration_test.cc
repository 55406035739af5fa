// The booking engine over the wire with everything real but the catalogue: the adapter,
// engine and SQLite store (a file) behind a GrpcServer on port 0, the CatalogueListingDirectory
// dialling a fake CatalogueService on its own port 0, and tokens from a TestIdentity.

#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/booking/v1/booking.grpc.pb.h"
#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "services/booking/core/booking_engine.h"
#include "services/booking/grpc/booking_grpc_service.h"
#include "services/booking/grpc/catalogue_listing_directory.h"
#include "services/booking/sqlite/booking_database.h"
#include "services/booking/sqlite/sqlite_booking_store.h"
#include "services/common/clock.h"
#include "services/common/server.h"
#include "tests/services/common/auth/test_identity.h"

namespace leerpool::booking {
namespace {

namespace cv1 = ::leerpool::catalogue::v1;
using ::google::protobuf::util::TimeUtil;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kSchool[] = "org_school";
constexpr char kOtherSchool[] = "org_other";
constexpr char kOwner[] = "org_owner";
// A fixed rig in Brussels, open 08:00-18:00 every day, 2 units of 8; terms without approval.
constexpr char kRig[] = "lst_rig";
// The same kind of rig on the same site, whose terms ask the owner to approve.
constexpr char kLab[] = "lst_lab";
constexpr char kSite[] = "sit_brussels";

absl::Time Utc(int y, int m, int d, int hh, int mm = 0) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm), absl::UTCTimeZone());
}

google::protobuf::Timestamp Ts(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

absl::Time FromTs(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(ts));
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "booking-grpc-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The four lookups the booking engine makes, answered from maps the test fills, with call
// counts and the Authorization each CheckEligibility carried.
class FakeCatalogue final : public cv1::CatalogueService::Service {
 public:
  ~FakeCatalogue() override { Stop(); }

  void Start() {
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "fake-catalogue"}, {this});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }
  void Stop() {
    if (server_) server_->Shutdown();
  }
  std::string address() const { return server_->address(); }

  void Put(const cv1::Listing& listing, const cv1::SharingTerms& terms) {
    std::lock_guard lock(mutex_);
    listings_[listing.id()] = listing;
    terms_[listing.id()] = terms;
  }
  void AddClosure(const cv1::Closure& closure) {
    std::lock_guard lock(mutex_);
    closures_.push_back(closure);
  }
  // Every CheckEligibility answers "may not" with this reason.
  void Refuse(const std::string& code, const std::string& message) {
    std::lock_guard lock(mutex_);
    refusal_ = {code, message};
  }
  int calls(const std::string& method) {
    std::lock_guard lock(mutex_);
    return calls_[method];
  }
  std::string last_eligibility_authorization() {
    std::lock_guard lock(mutex_);
    return last_eligibility_authorization_;
  }

  grpc::Status GetListing(grpc::ServerContext*, const cv1::GetListingRequest* request,
                          cv1::Listing* response) override {
    std::lock_guard lock(mutex_);
    ++calls_["GetListing"];
    auto it = listings_.find(request->listing_id());
    if (it == listings_.end()) return {grpc::StatusCode::NOT_FOUND, "no such listing"};
    *response = it->second;
    return grpc::Status::OK;
  }

  grpc::Status BatchGetListings(grpc::ServerContext*, const cv1::BatchGetListingsRequest* request,
                                cv1::BatchGetListingsResponse* response) override {
    std::lock_guard lock(mutex_);
    ++calls_["BatchGetListings"];
    std::set<std::string> sites;
    for (const std::string& id : request->listing_ids()) {
      auto it = listings_.find(id);
      if (it == listings_.end()) {
        response->add_missing_listing_ids(id);
        continue;
      }
      *response->add_listings() = it->second;
      sites.insert(it->second.site_id());
    }
    for (const cv1::Closure& closure : closures_) {
      if (!sites.contains(closure.site_id())) continue;
      if (request->has_closures_end_after() &&
          FromTs(closure.end_time()) <= FromTs(request->closures_end_after())) {
        continue;
      }
      *response->add_closures() = closure;
    }
    return grpc::Status::OK;
  }

  grpc::Status GetSharingTerms(grpc::ServerContext*, const cv1::GetSharingTermsRequest* request,
                               cv1::SharingTerms* response) override {
    std::lock_guard lock(mutex_);
    ++calls_["GetSharingTerms"];
    auto it = terms_.find(request->listing_id());
    if (it == terms_.end() ||
        (request->version() != 0 && request->version() != it->second.version())) {
      return {grpc::StatusCode::NOT_FOUND, "no such terms version"};
    }
    *response = it->second;
    return grpc::Status::OK;
  }

  grpc::Status ListClosures(grpc::ServerContext*, const cv1::ListClosuresRequest* request,
                            cv1::ListClosuresResponse* response) override {
    std::lock_guard lock(mutex_);
    ++calls_["ListClosures"];
    for (const cv1::Closure& closure : closures_) {
      if (closure.site_id() != request->site_id()) continue;
      if (request->has_end_after() && FromTs(closure.end_time()) <= FromTs(request->end_after())) {
        continue;
      }
      *response->add_closures() = closure;
    }
    return grpc::Status::OK;
  }

  grpc::Status CheckEligibility(grpc::ServerContext* context,
                                const cv1::CheckEligibilityRequest* request,
                                cv1::Eligibility* response) override {
    std::lock_guard lock(mutex_);
    ++calls_["CheckEligibility"];
    auto authorization = context->client_metadata().find("authorization");
    last_eligibility_authorization_ =
        authorization == context->client_metadata().end()
            ? ""
            : std::string(authorization->second.data(), authorization->second.size());
    // Like the catalogue: it applies its rules to a signed-in caller only.
    if (last_eligibility_authorization_.empty()) {
      return {grpc::StatusCode::UNAUTHENTICATED, "sign in to check eligibility"};
    }
    auto terms = terms_.find(request->listing_id());
    if (terms == terms_.end()) return {grpc::StatusCode::NOT_FOUND, "no such listing"};
    response->set_terms_version(terms->second.version());
    response->set_approval_required(terms->second.approval_required());
    response->set_may_book(refusal_.first.empty());
    if (!refusal_.first.empty()) {
      cv1::EligibilityReason* reason = response->add_reasons();
      reason->set_code(refusal_.first);
      reason->set_message(refusal_.second);
    }
    return grpc::Status::OK;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, cv1::Listing> listings_;
  std::map<std::string, cv1::SharingTerms> terms_;
  std::vector<cv1::Closure> closures_;
  std::pair<std::string, std::string> refusal_;
  std::map<std::string, int> calls_;
  std::string last_eligibility_authorization_;
  std::unique_ptr<GrpcServer> server_;
};

cv1::Listing Rig(const std::string& id) {
  cv1::Listing listing;
  listing.set_id(id);
  listing.set_owner_organization_id(kOwner);
  listing.set_category(cv1::CATEGORY_FIXED_INSTALLATION);
  listing.set_status(cv1::LISTING_STATUS_PUBLISHED);
  listing.set_unit_count(2);
  listing.set_capacity_per_unit(8);
  listing.set_site_id(kSite);
  listing.set_terms_version(1);
  cv1::Site* site = listing.mutable_site();
  site->set_id(kSite);
  site->set_owner_organization_id(kOwner);
  site->mutable_location()->set_latitude(50.85);
  site->mutable_location()->set_longitude(4.35);
  site->set_time_zone("Europe/Brussels");
  for (int day = 1; day <= 7; ++day) {
    cv1::OpeningPeriod* period = site->add_opening_hours();
    period->set_weekday(static_cast<leerpool::type::v1::Weekday>(day));
    period->mutable_open()->set_hours(8);
    period->mutable_close()->set_hours(18);
  }
  return listing;
}

cv1::SharingTerms Terms(const std::string& listing_id, bool approval_required) {
  cv1::SharingTerms terms;
  terms.set_listing_id(listing_id);
  terms.set_version(1);
  terms.set_approval_required(approval_required);
  terms.set_cancellation_deadline_hours(48);
  terms.set_cancellation_fee_cents(5000);
  terms.mutable_price()->set_per_hour_cents(2000);
  terms.mutable_price()->set_per_half_day_cents(7000);
  terms.mutable_price()->set_per_day_cents(12000);
  terms.mutable_price()->set_per_learner_cents(100);
  terms.set_deposit_cents(25000);
  return terms;
}

class BookingGrpcIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalogue_.Put(Rig(kRig), Terms(kRig, false));
    catalogue_.Put(Rig(kLab), Terms(kLab, true));
    ASSERT_NO_FATAL_FAILURE(catalogue_.Start());

    storage::Options options;
    options.path = dir_.File("booking.db");
    absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenBookingDatabase(options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    absl::StatusOr<std::unique_ptr<storage::Database>> reader = OpenBookingDatabase(options);
    ASSERT_TRUE(reader.ok()) << reader.status();
    reader_ = std::move(*reader);
    store_ = std::make_unique<SqliteBookingStore>(*db_, reader_.get());
    directory_ = std::make_unique<CatalogueListingDirectory>(
        grpc::CreateChannel(catalogue_.address(), grpc::InsecureChannelCredentials()), clock_);
    engine_ = std::make_unique<BookingEngine>(*store_, *directory_, clock_);
    service_ = std::make_unique<BookingGrpcService>(*engine_, identity_.authenticator());
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "booking-integration"}, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::BookingService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
    catalogue_.Stop();
  }

  // A fresh context with a deadline, signed with `bearer` ("" for anonymous).
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& bearer) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!bearer.empty()) context->AddMetadata("authorization", bearer);
    return context;
  }

  std::string Coordinator() {
    return identity_.Bearer("per_coord", {{kSchool, {auth::Role::kCoordinator}}});
  }
  std::string Analyst() {
    return identity_.Bearer("per_analyst", {{kSchool, {auth::Role::kAnalyst}}});
  }
  std::string OtherCoordinator() {
    return identity_.Bearer("per_other", {{kOtherSchool, {auth::Role::kCoordinator}}});
  }
  std::string OwnerAdmin() {
    return identity_.Bearer("per_owner", {{kOwner, {auth::Role::kOrgAdmin}}});
  }
  std::string OwnerInstructor() {
    return identity_.Bearer("per_instructor", {{kOwner, {auth::Role::kInstructor}}});
  }

  // A session at the site on `day` of March 2026 from `from` to `to` o'clock UTC (Brussels is
  // UTC+1 then, so 08:00-17:00 UTC is inside the opening hours).
  static v1::CreateReservationRequest Session(const std::string& listing, int day, int from, int to,
                                              int learners = 4,
                                              const std::string& organization = kSchool) {
    v1::CreateReservationRequest request;
    request.set_listing_id(listing);
    request.set_organization_id(organization);
    request.set_kind(v1::RESERVATION_KIND_SESSION);
    *request.mutable_start_time() = Ts(Utc(2026, 3, day, from));
    *request.mutable_end_time() = Ts(Utc(2026, 3, day, to));
    request.set_learners(learners);
    return request;
  }

  grpc::Status Create(const v1::CreateReservationRequest& request, const std::string& bearer,
                      v1::Reservation* response) {
    return stub_->CreateReservation(Context(bearer).get(), request, response);
  }

  // The reservation, or a default one with the failure recorded.
  v1::Reservation MustCreate(const v1::CreateReservationRequest& request,
                             const std::string& bearer) {
    v1::Reservation response;
    grpc::Status status = Create(request, bearer, &response);
    EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
    return response;
  }

  // Every reservation of the school (all statuses), through the API.
  std::vector<v1::Reservation> SchoolReservations() {
    v1::ListReservationsRequest request;
    request.set_organization_id(kSchool);
    request.set_page_size(500);
    v1::ListReservationsResponse response;
    grpc::Status status = stub_->ListReservations(Context(Coordinator()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.reservations().begin(), response.reservations().end()};
  }

  // Status-only helpers for the life-cycle RPCs.
  grpc::Status Approve(const std::string& id, const std::string& bearer,
                       v1::Reservation* out = nullptr) {
    v1::ApproveReservationRequest request;
    request.set_reservation_id(id);
    v1::Reservation response;
    return stub_->ApproveReservation(Context(bearer).get(), request, out ? out : &response);
  }
  grpc::Status Reject(const std::string& id, const std::string& reason, const std::string& bearer,
                      v1::Reservation* out = nullptr) {
    v1::RejectReservationRequest request;
    request.set_reservation_id(id);
    request.set_reason(reason);
    v1::Reservation response;
    return stub_->RejectReservation(Context(bearer).get(), request, out ? out : &response);
  }
  grpc::Status Cancel(const std::string& id, const std::string& bearer,
                      v1::Reservation* out = nullptr) {
    v1::CancelReservationRequest request;
    request.set_reservation_id(id);
    v1::Reservation response;
    return stub_->CancelReservation(Context(bearer).get(), request, out ? out : &response);
  }
  grpc::Status CheckOut(const std::string& id, const std::string& bearer,
                        v1::Reservation* out = nullptr) {
    v1::CheckOutReservationRequest request;
    request.set_reservation_id(id);
    v1::Reservation response;
    return stub_->CheckOutReservation(Context(bearer).get(), request, out ? out : &response);
  }
  grpc::Status CheckIn(const std::string& id, const std::string& bearer,
                       v1::Reservation* out = nullptr) {
    v1::CheckInReservationRequest request;
    request.set_reservation_id(id);
    request.set_condition(v1::CONDITION_GOOD);
    v1::Reservation response;
    return stub_->CheckInReservation(Context(bearer).get(), request, out ? out : &response);
  }

  FakeClock clock_{Utc(2026, 3, 1, 0)};
  testing::TestIdentity identity_{clock_};
  FakeCatalogue catalogue_;
  TempDir dir_;
  // Declared in dependency order, so the server goes first and the database last.
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::Database> reader_;
  std::unique_ptr<SqliteBookingStore> store_;
  std::unique_ptr<CatalogueListingDirectory> directory_;
  std::unique_ptr<BookingEngine> engine_;
  std::unique_ptr<BookingGrpcService> service_;
  std::unique_ptr<GrpcServer> server_;
  std::unique_ptr<v1::BookingService::Stub> stub_;
};

TEST_F(BookingGrpcIntegrationTest, ConfirmsOrAwaitsApprovalWithAQuote) {
  v1::Reservation confirmed = MustCreate(Session(kRig, 10, 8, 11, 10), Coordinator());
  EXPECT_EQ(confirmed.status(), v1::RESERVATION_STATUS_CONFIRMED);
  EXPECT_THAT(confirmed.units(), ElementsAre(1, 2));  // 10 learners, 8 per unit
  EXPECT_EQ(confirmed.time_zone(), "Europe/Brussels");
  EXPECT_EQ(confirmed.terms_version(), 1);
  EXPECT_EQ(confirmed.quote().terms_version(), 1);
  EXPECT_GT(confirmed.quote().total_cents(), 0);
  EXPECT_THAT(confirmed.quote().lines(), Not(IsEmpty()));
  EXPECT_EQ(confirmed.quote().deposit_cents(), 25000);
  EXPECT_EQ(confirmed.created_by_person_id(), "per_coord");
  EXPECT_EQ(FromTs(confirmed.start_time()), Utc(2026, 3, 10, 8));

  v1::Reservation pending = MustCreate(Session(kLab, 10, 8, 11), Coordinator());
  EXPECT_EQ(pending.status(), v1::RESERVATION_STATUS_PENDING_APPROVAL);
  EXPECT_GT(pending.quote().total_cents(), 0);

  v1::GetReservationRequest get;
  get.set_reservation_id(pending.id());
  v1::Reservation stored;
  ASSERT_TRUE(stub_->GetReservation(Context(OwnerAdmin()).get(), get, &stored).ok());
  EXPECT_EQ(stored.status(), v1::RESERVATION_STATUS_PENDING_APPROVAL);
  EXPECT_EQ(stored.quote().total_cents(), pending.quote().total_cents());
}

TEST_F(BookingGrpcIntegrationTest, ForwardsTheCallersTokenToCheckEligibility) {
  const std::string bearer = Coordinator();
  MustCreate(Session(kRig, 10, 8, 11), bearer);
  EXPECT_EQ(catalogue_.calls("CheckEligibility"), 1);
  EXPECT_EQ(catalogue_.last_eligibility_authorization(), bearer);

  const std::string other = OtherCoordinator();
  MustCreate(Session(kRig, 11, 8, 11, 4, kOtherSchool), other);
  EXPECT_EQ(catalogue_.last_eligibility_authorization(), other);
}

TEST_F(BookingGrpcIntegrationTest, ARefusedEligibilityNamesTheReasonAndStoresNothing) {
  catalogue_.Refuse("not_in_network", "org_school is not in the owner's networks");
  v1::Reservation response;
  grpc::Status status = Create(Session(kRig, 10, 8, 11), Coordinator(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(),
              HasSubstr("eligibility: not_in_network: org_school is not in the owner's networks"));
  EXPECT_THAT(SchoolReservations(), IsEmpty());
}

TEST_F(BookingGrpcIntegrationTest, AnOverlapIsAlreadyExistsNamingOnlyIntervals) {
  v1::Reservation first = MustCreate(Session(kRig, 10, 8, 11, 16), Coordinator());
  v1::Reservation response;
  grpc::Status status =
      Create(Session(kRig, 10, 10, 12, 4, kOtherSchool), OtherCoordinator(), &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(
      status.error_message(),
      AllOf(HasSubstr("unit 1 2026-03-10T08:00:00Z/2026-03-10T11:00:00Z"),
            HasSubstr("unit 2 2026-03-10T08:00:00Z/2026-03-10T11:00:00Z"), Not(HasSubstr(kSchool)),
            Not(HasSubstr("per_coord")), Not(HasSubstr(first.id()))));
  // Back to back is fine.
  MustCreate(Session(kRig, 10, 11, 12, 4, kOtherSchool), OtherCoordinator());
}

TEST_F(BookingGrpcIntegrationTest, ARetryWithTheSameKeyReturnsTheFirstReservation) {
  v1::CreateReservationRequest request = Session(kRig, 10, 8, 11);
  request.set_idempotency_key("retry-1");
  v1::Reservation first = MustCreate(request, Coordinator());
  const int eligibility_calls = catalogue_.calls("CheckEligibility");
  v1::Reservation again = MustCreate(request, Coordinator());
  EXPECT_EQ(again.id(), first.id());
  EXPECT_EQ(catalogue_.calls("CheckEligibility"), eligibility_calls);
  EXPECT_THAT(SchoolReservations(), SizeIs(1));

  request.set_idempotency_key("retry-2");
  v1::Reservation different = MustCreate(request, Coordinator());
  EXPECT_NE(different.id(), first.id());
}

TEST_F(BookingGrpcIntegrationTest, ApproveAndRejectAreTheOwnersAndIdsDoNotLeak) {
  v1::Reservation a = MustCreate(Session(kLab, 10, 8, 9), Coordinator());
  v1::Reservation b = MustCreate(Session(kLab, 10, 9, 10), Coordinator());

  EXPECT_EQ(Approve(a.id(), "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Approve(a.id(), "Bearer garbage").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Approve(a.id(), Coordinator()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Approve(a.id(), OtherCoordinator()).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Approve("rsv_nonexistent", OwnerAdmin()).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::Reservation approved;
  ASSERT_TRUE(Approve(a.id(), OwnerAdmin(), &approved).ok());
  EXPECT_EQ(approved.status(), v1::RESERVATION_STATUS_CONFIRMED);
  EXPECT_EQ(Approve(a.id(), OwnerAdmin()).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  EXPECT_EQ(Reject(b.id(), "", OwnerAdmin()).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Reject(b.id(), "no", Coordinator()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reject(b.id(), "no", OtherCoordinator()).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Reject(b.id(), "no", "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  v1::Reservation rejected;
  ASSERT_TRUE(Reject(b.id(), "maintenance", OwnerAdmin(), &rejected).ok());
  EXPECT_EQ(rejected.status(), v1::RESERVATION_STATUS_REJECTED);
  EXPECT_EQ(rejected.reason(), "maintenance");

  // The rejection freed its slot for another school.
  MustCreate(Session(kLab, 10, 9, 10, 16, kOtherSchool), OtherCoordinator());
}

TEST_F(BookingGrpcIntegrationTest, CancelCheckOutAndCheckInWithTheirCallers) {
  v1::Reservation cancelled_one = MustCreate(Session(kRig, 10, 8, 9), Coordinator());
  EXPECT_EQ(Cancel(cancelled_one.id(), OtherCoordinator()).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Cancel(cancelled_one.id(), Analyst()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Cancel(cancelled_one.id(), "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  v1::Reservation cancelled;
  ASSERT_TRUE(Cancel(cancelled_one.id(), Coordinator(), &cancelled).ok());
  EXPECT_EQ(cancelled.status(), v1::RESERVATION_STATUS_CANCELLED);
  EXPECT_EQ(cancelled.cancellation_fee_cents(), 0);  // days before the 48-hour deadline

  v1::Reservation used = MustCreate(Session(kRig, 10, 9, 11), Coordinator());
  clock_.Set(Utc(2026, 3, 10, 9));
  EXPECT_EQ(CheckOut(used.id(), OtherCoordinator()).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CheckOut(used.id(), Analyst()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CheckOut(used.id(), "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  v1::Reservation out;
  ASSERT_TRUE(CheckOut(used.id(), OwnerInstructor(), &out).ok());
  EXPECT_EQ(out.status(), v1::RESERVATION_STATUS_CHECKED_OUT);
  EXPECT_EQ(FromTs(out.check_out_time()), Utc(2026, 3, 10, 9));
  // Equipment in use is not cancelled.
  EXPECT_EQ(Cancel(used.id(), Coordinator()).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  clock_.Set(Utc(2026, 3, 10, 11));
  EXPECT_EQ(CheckIn(used.id(), OtherCoordinator()).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CheckIn(used.id(), Analyst()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::Reservation in;
  ASSERT_TRUE(CheckIn(used.id(), Coordinator(), &in).ok());
  EXPECT_EQ(in.status(), v1::RESERVATION_STATUS_COMPLETED);
  EXPECT_EQ(in.condition(), v1::CONDITION_GOOD);
  EXPECT_EQ(FromTs(in.check_in_time()), Utc(2026, 3, 10, 11));
}

TEST_F(BookingGrpcIntegrationTest, AvailabilityIsPublicAndInLocalOpeningHours) {
  MustCreate(Session(kRig, 10, 8, 11, 1), Coordinator());
  v1::GetAvailabilityRequest request;
  request.set_listing_id(kRig);
  *request.mutable_start_time() = Ts(Utc(2026, 3, 10, 0));
  *request.mutable_end_time() = Ts(Utc(2026, 3, 11, 0));
  v1::Availability availability;
  grpc::Status status = stub_->GetAvailability(Context("").get(), request, &availability);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(availability.listing_id(), kRig);
  EXPECT_EQ(availability.time_zone(), "Europe/Brussels");
  ASSERT_EQ(availability.units_size(), 2);
  // Winter time: 08:00-18:00 in Brussels is 07:00Z-17:00Z.
  using Free = std::pair<absl::Time, absl::Time>;
  auto free = [](const v1::UnitAvailability& unit) {
    std::vector<Free> out;
    for (const v1::FreeInterval& f : unit.free()) {
      out.push_back({FromTs(f.start_time()), FromTs(f.end_time())});
    }
    return out;
  };
  EXPECT_EQ(availability.units(0).unit(), 1);
  EXPECT_THAT(free(availability.units(0)),
              ElementsAre(Free{Utc(2026, 3, 10, 7), Utc(2026, 3, 10, 8)},
                          Free{Utc(2026, 3, 10, 11), Utc(2026, 3, 10, 17)}));
  EXPECT_THAT(free(availability.units(1)),
              ElementsAre(Free{Utc(2026, 3, 10, 7), Utc(2026, 3, 10, 17)}));

  request.clear_end_time();
  EXPECT_EQ(stub_->GetAvailability(Context("").get(), request, &availability).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(BookingGrpcIntegrationTest, AvailabilityAcrossListingsTakesOneCatalogueRoundTrip) {
  MustCreate(Session(kRig, 10, 8, 11, 9), Coordinator());  // 9 learners: both units of 8
  v1::SearchAvailabilityRequest request;
  request.add_listing_ids(kRig);
  request.add_listing_ids("lst_unknown");
  *request.mutable_start_time() = Ts(Utc(2026, 3, 10, 9));
  *request.mutable_end_time() = Ts(Utc(2026, 3, 10, 10));
  request.set_learners(1);
  v1::SearchAvailabilityResponse response;
  grpc::Status status = stub_->SearchAvailability(Context("").get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.listings_size(), 0);
  *request.mutable_start_time() = Ts(Utc(2026, 3, 10, 11));
  *request.mutable_end_time() = Ts(Utc(2026, 3, 10, 12));
  response.Clear();
  status = stub_->SearchAvailability(Context("").get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.listings_size(), 1);
  EXPECT_EQ(response.listings(0).listing_id(), kRig);
  EXPECT_EQ(response.listings(0).free_units(), 2);
  // The rig's facts were cached by the reservation; only the unknown id was asked for, once
  // per search, and never one listing at a time.
  EXPECT_EQ(catalogue_.calls("BatchGetListings"), 2);

  request.clear_end_time();
  EXPECT_EQ(stub_->SearchAvailability(Context("").get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(BookingGrpcIntegrationTest, ListReservationsPagesInStartOrder) {
  std::vector<std::string> ids;
  for (int day = 10; day < 15; ++day) {
    ids.push_back(MustCreate(Session(kRig, day, 8, 9), Coordinator()).id());
  }
  MustCreate(Session(kRig, 10, 9, 10, 4, kOtherSchool), OtherCoordinator());

  std::vector<std::string> seen;
  std::vector<int> page_sizes;
  v1::ListReservationsRequest request;
  request.set_organization_id(kSchool);
  request.set_page_size(2);
  do {
    v1::ListReservationsResponse response;
    grpc::Status status = stub_->ListReservations(Context(Coordinator()).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    page_sizes.push_back(response.reservations_size());
    for (const v1::Reservation& r : response.reservations()) seen.push_back(r.id());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty() && page_sizes.size() < 10);
  EXPECT_THAT(page_sizes, ElementsAre(2, 2, 1));
  EXPECT_EQ(seen, ids);

  request.set_page_token("not-a-token");
  v1::ListReservationsResponse response;
  EXPECT_EQ(stub_->ListReservations(Context(Coordinator()).get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.clear_page_token();
  EXPECT_EQ(
      stub_->ListReservations(Context(OtherCoordinator()).get(), request, &response).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub_->ListReservations(Context("").get(), request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(BookingGrpcIntegrationTest, ABasketFailingOnItsLastItemLeavesNothing) {
  v1::CreateBasketRequest request;
  *request.add_items() = Session(kRig, 10, 8, 11, 4);
  *request.add_items() = Session(kLab, 10, 8, 11, 4);
  // Needs both units, one of which the first item has just taken.
  *request.add_items() = Session(kRig, 10, 10, 12, 16);
  v1::Basket basket;
  grpc::Status status = stub_->CreateBasket(Context(Coordinator()).get(), request, &basket);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr("items[2]: "));
  EXPECT_THAT(SchoolReservations(), IsEmpty());

  request.mutable_items(2)->set_learners(8);
  ASSERT_TRUE(stub_->CreateBasket(Context(Coordinator()).get(), request, &basket).ok());
  ASSERT_EQ(basket.reservations_size(), 3);
  EXPECT_THAT(basket.reservations(2).units(), ElementsAre(2));
  for (const v1::Reservation& r : basket.reservations()) EXPECT_EQ(r.basket_id(), basket.id());
}

TEST_F(BookingGrpcIntegrationTest, TheCatalogueStoppedIsUnavailableAndStoresNothing) {
  catalogue_.Stop();
  v1::Reservation response;
  grpc::Status status = Create(Session(kRig, 10, 8, 11), Coordinator(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("catalogue"));
  EXPECT_THAT(SchoolReservations(), IsEmpty());
}

TEST_F(BookingGrpcIntegrationTest, ACataloguePausedMidwayLeavesTheCachedListingButStoresNothing) {
  MustCreate(Session(kRig, 10, 8, 9), Coordinator());
  catalogue_.Stop();
  // The listing is cached, but eligibility is never cached: it needs the catalogue.
  v1::Reservation response;
  grpc::Status status = Create(Session(kRig, 11, 8, 9), Coordinator(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(SchoolReservations(), SizeIs(1));
}

TEST_F(BookingGrpcIntegrationTest, TheDirectoryCachesListingsForItsTtl) {
  MustCreate(Session(kRig, 10, 8, 9), Coordinator());
  EXPECT_EQ(catalogue_.calls("GetListing"), 1);
  EXPECT_EQ(catalogue_.calls("GetSharingTerms"), 1);
  EXPECT_EQ(catalogue_.calls("ListClosures"), 1);

  clock_.Advance(absl::Seconds(9));
  MustCreate(Session(kRig, 10, 9, 10), Coordinator());
  EXPECT_EQ(catalogue_.calls("GetListing"), 1);
  EXPECT_EQ(catalogue_.calls("GetSharingTerms"), 1);
  EXPECT_EQ(catalogue_.calls("ListClosures"), 1);
  EXPECT_EQ(catalogue_.calls("CheckEligibility"), 2);

  // Past the listing's ttl (10 s): asked again. A numbered terms version is kept longer.
  clock_.Advance(absl::Seconds(2));
  MustCreate(Session(kRig, 10, 10, 11), Coordinator());
  EXPECT_EQ(catalogue_.calls("GetListing"), 2);
  EXPECT_EQ(catalogue_.calls("GetSharingTerms"), 1);
  EXPECT_EQ(catalogue_.calls("CheckEligibility"), 3);
}

TEST_F(BookingGrpcIntegrationTest, ClosuresFromTheCatalogueAreNamed) {
  cv1::Closure closure;
  closure.set_id("clo_1");
  closure.set_site_id(kSite);
  *closure.mutable_start_time() = Ts(Utc(2026, 3, 12, 0));
  *closure.mutable_end_time() = Ts(Utc(2026, 3, 13, 0));
  closure.set_reason("inventory");
  catalogue_.AddClosure(closure);
  v1::Reservation response;
  grpc::Status status = Create(Session(kRig, 12, 8, 9), Coordinator(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(),
              HasSubstr("closed: 2026-03-12T00:00:00Z/2026-03-13T00:00:00Z (inventory)"));
}

}  // namespace
}  // namespace leerpool::booking
