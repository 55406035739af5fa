// The booking-backed AvailabilityDirectory against a fake BookingService on a real server
// (port 0): what it sends, what it makes of the answers and of failures, and -- through the
// catalogue's own gRPC service -- that a windowed search carries the caller's credentials to
// the booking engine and returns the free unit counts.

#include "services/catalogue/grpc/booking_availability_directory.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/booking/v1/booking.grpc.pb.h"
#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/grpc/catalogue_grpc_service.h"
#include "services/catalogue/grpc/registry_partner_directory.h"
#include "services/catalogue/sqlite/sqlite_catalogue_store.h"
#include "services/common/clock.h"
#include "services/common/proto_time.h"
#include "services/common/server.h"
#include "tests/services/catalogue/fake_registry.h"
#include "tests/services/common/auth/test_identity.h"

namespace leerpool::catalogue {
namespace {

namespace bv1 = ::leerpool::booking::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class FakeBooking final : public bv1::BookingService::Service {
 public:
  grpc::Status SearchAvailability(grpc::ServerContext* context,
                                  const bv1::SearchAvailabilityRequest* request,
                                  bv1::SearchAvailabilityResponse* response) override {
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(*request);
      auto it = context->client_metadata().find("authorization");
      authorization_ = it == context->client_metadata().end()
                           ? ""
                           : std::string(it->second.data(), it->second.size());
    }
    if (delay_ > std::chrono::milliseconds(0)) std::this_thread::sleep_for(delay_);
    if (!status_.ok()) return status_;
    for (const std::string& id : request->listing_ids()) {
      auto it = free_.find(id);
      if (it == free_.end()) continue;
      bv1::AvailableListing* listing = response->add_listings();
      listing->set_listing_id(id);
      listing->set_free_units(it->second);
    }
    return grpc::Status::OK;
  }

  void Start() {
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "fake-booking"}, {this});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }
  void Stop() {
    if (server_) server_->Shutdown();
  }
  std::string address() const { return server_->address(); }
  std::vector<bv1::SearchAvailabilityRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::string authorization() {
    std::lock_guard lock(mutex_);
    return authorization_;
  }

  std::map<std::string, int> free_;
  grpc::Status status_ = grpc::Status::OK;
  std::chrono::milliseconds delay_{0};

 private:
  std::mutex mutex_;
  std::vector<bv1::SearchAvailabilityRequest> requests_;
  std::string authorization_;
  std::unique_ptr<GrpcServer> server_;
};

class BookingAvailabilityDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override { booking_.Start(); }
  void TearDown() override { booking_.Stop(); }

  BookingAvailabilityDirectory Directory(absl::Duration deadline = absl::Seconds(2)) {
    return BookingAvailabilityDirectory(
        grpc::CreateChannel(booking_.address(), grpc::InsecureChannelCredentials()),
        {.deadline = deadline});
  }

  AvailabilityQuery Query() {
    AvailabilityQuery query;
    query.listing_ids = {"lst_a", "lst_b", "lst_c"};
    query.start = absl::FromUnixSeconds(1780000000);
    query.end = query.start + absl::Hours(3);
    query.learners = 12;
    query.destination = LatLng{51.2, 4.4};
    return query;
  }

  FakeBooking booking_;
};

TEST_F(BookingAvailabilityDirectoryTest, AsksForTheWindowAndKeepsListingsWithFreeUnits) {
  booking_.free_ = {{"lst_a", 2}, {"lst_c", 0}};
  BookingAvailabilityDirectory directory = Directory();
  absl::StatusOr<std::map<std::string, int>> free =
      directory.FreeUnits(auth::Caller::Anonymous(), Query());
  ASSERT_TRUE(free.ok()) << free.status();
  EXPECT_THAT(*free, ElementsAre(Pair("lst_a", 2)));

  const std::vector<bv1::SearchAvailabilityRequest> requests = booking_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const bv1::SearchAvailabilityRequest& sent = requests[0];
  EXPECT_THAT(sent.listing_ids(), ElementsAre("lst_a", "lst_b", "lst_c"));
  EXPECT_EQ(FromTimestamp(sent.start_time()), Query().start);
  EXPECT_EQ(FromTimestamp(sent.end_time()), Query().end);
  EXPECT_EQ(sent.learners(), 12);
  ASSERT_TRUE(sent.has_destination());
  EXPECT_DOUBLE_EQ(sent.destination().latitude(), 51.2);
  EXPECT_DOUBLE_EQ(sent.destination().longitude(), 4.4);

  AvailabilityQuery no_point = Query();
  no_point.destination.reset();
  ASSERT_TRUE(directory.FreeUnits(auth::Caller::Anonymous(), no_point).ok());
  EXPECT_FALSE(booking_.requests().back().has_destination());
}

TEST_F(BookingAvailabilityDirectoryTest, FailuresAreUnavailableAndNamed) {
  booking_.status_ = grpc::Status(grpc::StatusCode::INTERNAL, "disk on fire");
  BookingAvailabilityDirectory directory = Directory();
  absl::Status status = directory.FreeUnits(auth::Caller::Anonymous(), Query()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(status.message()), HasSubstr("booking engine unavailable: disk on fire"));

  // A rejected window is the caller's to fix.
  booking_.status_ = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "start_time: in the past");
  status = directory.FreeUnits(auth::Caller::Anonymous(), Query()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("in the past"));
}

TEST_F(BookingAvailabilityDirectoryTest, ASlowOrAbsentBookingEngineIsUnavailable) {
  booking_.delay_ = std::chrono::milliseconds(500);
  BookingAvailabilityDirectory slow = Directory(absl::Milliseconds(100));
  absl::Status status = slow.FreeUnits(auth::Caller::Anonymous(), Query()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(status.message()), HasSubstr("booking engine unavailable"));

  const std::string address = booking_.address();
  booking_.Stop();
  BookingAvailabilityDirectory gone(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()),
      {.deadline = absl::Milliseconds(500)});
  EXPECT_EQ(gone.FreeUnits(auth::Caller::Anonymous(), Query()).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(BookingAvailabilityDirectoryTest, RefusesMoreListingsThanOneCallMayCarry) {
  AvailabilityQuery query = Query();
  query.listing_ids.assign(AvailabilityDirectory::kMaxListingsPerCall + 1, "lst_a");
  BookingAvailabilityDirectory directory = Directory();
  EXPECT_FALSE(directory.FreeUnits(auth::Caller::Anonymous(), query).ok());
  EXPECT_TRUE(booking_.requests().empty());
}

// The whole path: client -> catalogue gRPC service -> core -> directory -> booking engine.
TEST_F(BookingAvailabilityDirectoryTest, AWindowedSearchForwardsTheCallersCredentials) {
  FakeClock clock{absl::FromUnixSeconds(1772445600)};
  leerpool::testing::TestIdentity identity{clock};
  testing::FakeRegistry registry;
  registry.AddOrganization("org_curio", "Curio", 1, "NL", 51.0, 4.0);
  registry.Start();
  RegistryPartnerDirectory partners(
      grpc::CreateChannel(registry.address(), grpc::InsecureChannelCredentials()), clock);
  absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenCatalogueDatabase({});
  ASSERT_TRUE(db.ok()) << db.status();
  SqliteCatalogueStore store(**db);
  // One published listing, written through the store (the registry is not the subject here).
  ASSERT_TRUE(
      store
          .Transact([&](CatalogueTransaction& tx) -> absl::Status {
            if (absl::Status s = tx.UpsertOwner({"org_censes", "Censes", 4, "NL", {}}); !s.ok()) {
              return s;
            }
            for (const char* id : {"lst_free", "lst_taken"}) {
              Listing listing;
              listing.id = id;
              listing.owner_organization_id = "org_censes";
              listing.title_nl = "Warmtepomp";
              listing.category = Category::kFixedInstallation;
              listing.unit_count = 3;
              listing.capacity_per_unit = 8;
              listing.status = ListingStatus::kPublished;
              listing.terms_version = 1;
              if (absl::Status s = tx.InsertListing(listing); !s.ok()) return s;
              SharingTerms terms;
              terms.listing_id = id;
              terms.version = 1;
              terms.who_may_book.everyone = true;
              if (absl::Status s = tx.InsertSharingTerms(terms); !s.ok()) return s;
            }
            return absl::OkStatus();
          })
          .ok());
  BookingAvailabilityDirectory availability(
      grpc::CreateChannel(booking_.address(), grpc::InsecureChannelCredentials()));
  Catalogue catalogue(store, partners, clock, &availability);
  CatalogueGrpcService service(catalogue, identity.authenticator());
  absl::StatusOr<std::unique_ptr<GrpcServer>> server =
      GrpcServer::Start({.name = "catalogue-test"}, {&service});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = catalogue::v1::CatalogueService::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  booking_.free_ = {{"lst_free", 3}};

  const std::string bearer =
      identity.Bearer("per_teacher", {{"org_curio", {auth::Role::kCoordinator}}});
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context.AddMetadata("authorization", bearer);
  catalogue::v1::SearchListingsRequest request;
  request.set_q("warmtepomp");
  *request.mutable_available_start() = ToTimestamp(clock.Now() + absl::Hours(24));
  *request.mutable_available_end() = ToTimestamp(clock.Now() + absl::Hours(27));
  catalogue::v1::SearchListingsResponse response;
  grpc::Status status = stub->SearchListings(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).listing().id(), "lst_free");
  EXPECT_EQ(response.results(0).free_units(), 3);
  EXPECT_EQ(response.total_count(), 1);
  EXPECT_EQ(booking_.authorization(), bearer);
  ASSERT_EQ(booking_.requests().size(), 1u);
  EXPECT_THAT(booking_.requests()[0].listing_ids(), UnorderedElementsAre("lst_free", "lst_taken"));

  // Half a window is the client's mistake, named.
  grpc::ClientContext half;
  half.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  request.clear_available_end();
  status = stub->SearchListings(&half, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("available_end"));
  (*server)->Shutdown();
  registry.Stop();
}

}  // namespace
}  // namespace leerpool::catalogue
