// The catalogue over the wire: a real GrpcServer on port 0 serving the adapter over the core
// and an in-memory SQLite database, with the registry-backed PartnerDirectory talking to a
// fake registry on another port, called through the generated stubs.

#include "services/catalogue/grpc/catalogue_grpc_service.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "proto/descriptor_set.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/grpc/registry_partner_directory.h"
#include "services/catalogue/sqlite/sqlite_catalogue_store.h"
#include "services/common/clock.h"
#include "services/common/server.h"
#include "services/gateway/transcoding/transcoder.h"
#include "storage/sqlite.h"
#include "tests/services/catalogue/fake_registry.h"
#include "tests/services/common/auth/test_identity.h"

namespace leerpool::catalogue {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kOwner[] = "org_censes";
constexpr char kOther[] = "org_kwartierz";
constexpr char kSchool[] = "org_curio";

class CatalogueGrpcServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.AddOrganization(kOwner, "Censes Education", 4, "NL", 51.589, 4.776);
    registry_.AddOrganization(kOther, "Kwartier Z", 7, "BE", 51.219, 4.402);
    registry_.AddOrganization(kSchool, "Curio", 1, "NL", 51.0, 4.0);
    registry_.AddNetwork("net_energy", {kSchool});
    registry_.AddQualificationType("qt_fgas");
    registry_.Start();
    directory_ = std::make_unique<RegistryPartnerDirectory>(
        grpc::CreateChannel(registry_.address(), grpc::InsecureChannelCredentials()), clock_);

    absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenCatalogueDatabase({});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    store_ = std::make_unique<SqliteCatalogueStore>(*db_);
    catalogue_ = std::make_unique<Catalogue>(*store_, *directory_, clock_);
    service_ = std::make_unique<CatalogueGrpcService>(*catalogue_, identity_.authenticator());
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "catalogue-test"}, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::CatalogueService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
    registry_.Stop();
  }

  // A client context with a deadline, signed in as `bearer` ("" for anonymous).
  std::unique_ptr<grpc::ClientContext> Context(const std::string& bearer = "") {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!bearer.empty()) context->AddMetadata("authorization", bearer);
    return context;
  }

  std::string OwnerAdmin() {
    return identity_.Bearer("per_owner", {{kOwner, {auth::Role::kOrgAdmin}}});
  }
  std::string OtherAdmin() {
    return identity_.Bearer("per_other", {{kOther, {auth::Role::kOrgAdmin}}});
  }
  std::string Teacher() {
    return identity_.Bearer("per_teacher", {{kSchool, {auth::Role::kCoordinator}}});
  }

  grpc::Status List(v1::VocabularyKind kind, v1::ListVocabularyResponse* response) {
    v1::ListVocabularyRequest request;
    request.set_kind(kind);
    return stub_->ListVocabulary(Context().get(), request, response);
  }

  static std::vector<std::string> Codes(const v1::ListVocabularyResponse& response) {
    std::vector<std::string> codes;
    for (const v1::VocabularyTerm& term : response.terms()) codes.push_back(term.code());
    return codes;
  }

  v1::Site MustCreateSite() {
    v1::CreateSiteRequest request;
    v1::Site* site = request.mutable_site();
    site->set_owner_organization_id(kOwner);
    site->set_name("Breda");
    site->mutable_location()->set_latitude(51.1);
    site->mutable_location()->set_longitude(4.0);
    site->set_time_zone("Europe/Amsterdam");
    v1::OpeningPeriod* monday = site->add_opening_hours();
    monday->set_weekday(type::v1::MONDAY);
    monday->mutable_open()->set_hours(8);
    monday->mutable_close()->set_hours(17);
    v1::Site response;
    grpc::Status status = stub_->CreateSite(Context(OwnerAdmin()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  v1::Listing ListingProto(const std::string& site_id) {
    v1::Listing listing;
    listing.set_owner_organization_id(kOwner);
    listing.set_title_nl("Warmtepompen leeropstelling");
    listing.set_category(v1::CATEGORY_FIXED_INSTALLATION);
    listing.add_technologies("heat-pump");
    listing.set_unit_count(2);
    listing.set_capacity_per_unit(8);
    listing.add_audiences(v1::AUDIENCE_PUPILS);
    listing.set_site_id(site_id);
    return listing;
  }

  // Site, listing, terms (a qualification needed), published.
  v1::Listing MustPublish() {
    const v1::Site site = MustCreateSite();
    v1::CreateListingRequest create;
    *create.mutable_listing() = ListingProto(site.id());
    v1::Listing listing;
    grpc::Status status = stub_->CreateListing(Context(OwnerAdmin()).get(), create, &listing);
    EXPECT_TRUE(status.ok()) << status.error_message();

    v1::UpdateSharingTermsRequest terms;
    terms.set_listing_id(listing.id());
    terms.mutable_terms()->mutable_who_may_book()->add_network_ids("net_energy");
    terms.mutable_terms()->add_required_qualification_type_ids("qt_fgas");
    terms.mutable_terms()->mutable_price()->set_per_hour_cents(5000);
    v1::SharingTerms stored;
    status = stub_->UpdateSharingTerms(Context(OwnerAdmin()).get(), terms, &stored);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(stored.version(), 1);

    v1::PublishListingRequest publish;
    publish.set_listing_id(listing.id());
    v1::Listing published;
    status = stub_->PublishListing(Context(OwnerAdmin()).get(), publish, &published);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return published;
  }

  FakeClock clock_{absl::Now()};
  leerpool::testing::TestIdentity identity_{clock_};
  testing::FakeRegistry registry_;
  std::unique_ptr<RegistryPartnerDirectory> directory_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<SqliteCatalogueStore> store_;
  std::unique_ptr<Catalogue> catalogue_;
  std::unique_ptr<CatalogueGrpcService> service_;
  std::unique_ptr<GrpcServer> server_;
  std::unique_ptr<v1::CatalogueService::Stub> stub_;
};

TEST_F(CatalogueGrpcServiceTest, ListsEveryKindWithLabels) {
  v1::ListVocabularyResponse response;
  grpc::Status status = List(v1::VOCABULARY_KIND_UNSPECIFIED, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(Codes(response), IsSupersetOf({"heat-pump", "charging-point", "safety-regulations",
                                             "energy-technology"}));
  bool found = false;
  for (const v1::VocabularyTerm& term : response.terms()) {
    if (term.code() != "heat-pump") continue;
    found = true;
    EXPECT_EQ(term.kind(), v1::VOCABULARY_KIND_TECHNOLOGY);
    EXPECT_EQ(term.label_nl(), "Warmtepompen");
    EXPECT_EQ(term.label_en(), "Heat pumps");
  }
  EXPECT_TRUE(found);

  int per_kind = 0;
  for (v1::VocabularyKind kind : {v1::VOCABULARY_KIND_TECHNOLOGY, v1::VOCABULARY_KIND_SECTOR,
                                  v1::VOCABULARY_KIND_COMPETENCE}) {
    v1::ListVocabularyResponse of_kind;
    ASSERT_TRUE(List(kind, &of_kind).ok());
    per_kind += of_kind.terms_size();
  }
  EXPECT_EQ(response.terms_size(), per_kind);
}

TEST_F(CatalogueGrpcServiceTest, FiltersByKind) {
  v1::ListVocabularyResponse response;
  grpc::Status status = List(v1::VOCABULARY_KIND_COMPETENCE, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_GT(response.terms_size(), 0);
  for (const v1::VocabularyTerm& term : response.terms()) {
    EXPECT_EQ(term.kind(), v1::VOCABULARY_KIND_COMPETENCE) << term.code();
  }
  EXPECT_THAT(Codes(response), Contains("safety-regulations"));
  EXPECT_THAT(Codes(response), Not(Contains("heat-pump")));
}

TEST_F(CatalogueGrpcServiceTest, PublicButRefusesABadToken) {
  v1::ListVocabularyResponse response;
  grpc::ClientContext signed_in;
  signed_in.AddMetadata("authorization", identity_.Bearer("per_1"));
  EXPECT_TRUE(stub_->ListVocabulary(&signed_in, {}, &response).ok());
  grpc::ClientContext tampered;
  tampered.AddMetadata("authorization", identity_.Bearer("per_1") + "x");
  EXPECT_EQ(stub_->ListVocabulary(&tampered, {}, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(CatalogueGrpcServiceTest, UnknownKindIsInvalidArgument) {
  // proto3 enums are open, so a client can send a number this server does not know.
  v1::ListVocabularyResponse response;
  grpc::Status status = List(static_cast<v1::VocabularyKind>(99), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("kind:"));
}

TEST_F(CatalogueGrpcServiceTest, ListThenPublishThenFindAndCheck) {
  const v1::Listing published = MustPublish();
  EXPECT_EQ(published.status(), v1::LISTING_STATUS_PUBLISHED);
  EXPECT_EQ(published.terms_version(), 1);
  EXPECT_EQ(published.owner_name(), "Censes Education");
  EXPECT_EQ(published.site().time_zone(), "Europe/Amsterdam");
  EXPECT_EQ(published.site().opening_hours(0).close().hours(), 17);

  // Anyone finds it, with facets, and no eligibility.
  v1::SearchListingsRequest search;
  search.set_q("warmtepomp");
  search.set_near("51.0,4.0");
  v1::SearchListingsResponse found;
  grpc::Status status = stub_->SearchListings(Context().get(), search, &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(found.results_size(), 1);
  EXPECT_EQ(found.total_count(), 1);
  EXPECT_EQ(found.results(0).listing().id(), published.id());
  EXPECT_NEAR(found.results(0).distance_km(), 11.1195, 1e-3);
  EXPECT_EQ(found.results(0).estimated_cost_cents(), 4 * 5000);
  EXPECT_FALSE(found.results(0).has_eligibility());
  EXPECT_GT(found.facets_size(), 0);

  // A teacher of a school in the network, without the qualification yet. The registry is
  // asked with the teacher's own credentials.
  found.Clear();
  search.clear_near();
  status = stub_->SearchListings(Context(Teacher()).get(), search, &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(found.results_size(), 1);
  ASSERT_TRUE(found.results(0).has_eligibility());
  EXPECT_FALSE(found.results(0).eligibility().may_book());
  ASSERT_EQ(found.results(0).eligibility().reasons_size(), 1);
  EXPECT_EQ(found.results(0).eligibility().reasons(0).code(), "missing_qualification");
  EXPECT_THAT(registry_.last_check_authorization(), StartsWith("Bearer "));
  EXPECT_NEAR(found.results(0).distance_km(), 11.1195, 1e-3);  // from the school

  registry_.Grant("per_teacher", "qt_fgas");
  v1::CheckEligibilityRequest check;
  check.set_listing_id(published.id());
  check.set_learners(16);
  v1::Eligibility eligibility;
  status = stub_->CheckEligibility(Context(Teacher()).get(), check, &eligibility);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(eligibility.may_book());
  EXPECT_EQ(eligibility.terms_version(), 1);
  check.set_learners(17);
  status = stub_->CheckEligibility(Context(Teacher()).get(), check, &eligibility);
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(eligibility.reasons_size(), 1);
  EXPECT_EQ(eligibility.reasons(0).code(), "capacity");

  // Terms of a published listing are public.
  v1::GetSharingTermsRequest get_terms;
  get_terms.set_listing_id(published.id());
  v1::SharingTerms terms;
  status = stub_->GetSharingTerms(Context().get(), get_terms, &terms);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(terms.required_qualification_type_ids(0), "qt_fgas");
}

TEST_F(CatalogueGrpcServiceTest, RefusalsMapToTheirCodes) {
  const v1::Site site = MustCreateSite();
  v1::CreateListingRequest create;
  *create.mutable_listing() = ListingProto(site.id());
  v1::Listing listing;
  EXPECT_EQ(stub_->CreateListing(Context().get(), create, &listing).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->CreateListing(Context(OtherAdmin()).get(), create, &listing).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  create.mutable_listing()->set_capacity_per_unit(0);
  grpc::Status status = stub_->CreateListing(Context(OwnerAdmin()).get(), create, &listing);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("listing.capacity_per_unit"));
  create.mutable_listing()->set_capacity_per_unit(8);
  ASSERT_TRUE(stub_->CreateListing(Context(OwnerAdmin()).get(), create, &listing).ok());

  // The draft is invisible to others; a field-masked update by the owner works.
  v1::GetListingRequest get;
  get.set_listing_id(listing.id());
  v1::Listing read;
  EXPECT_EQ(stub_->GetListing(Context(OtherAdmin()).get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::UpdateListingRequest update;
  update.mutable_listing()->set_id(listing.id());
  update.mutable_listing()->set_title_en("Heat pump rig");
  update.mutable_update_mask()->add_paths("title_en");
  EXPECT_EQ(stub_->UpdateListing(Context(OtherAdmin()).get(), update, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
  status = stub_->UpdateListing(Context(OwnerAdmin()).get(), update, &read);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(read.title_en(), "Heat pump rig");
  EXPECT_EQ(read.title_nl(), "Warmtepompen leeropstelling");

  v1::AddClosureRequest closure;
  closure.set_site_id(site.id());
  closure.mutable_closure()->mutable_start_time()->set_seconds(1'900'000'000);
  closure.mutable_closure()->mutable_end_time()->set_seconds(1'899'999'000);
  v1::Closure added;
  status = stub_->AddClosure(Context(OwnerAdmin()).get(), closure, &added);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("closure.end_time"));
}

TEST_F(CatalogueGrpcServiceTest, ImportsACsvBody) {
  const v1::Site site = MustCreateSite();
  v1::ImportListingsRequest request;
  request.set_organization_id(kOwner);
  request.mutable_csv()->set_content_type("text/csv");
  request.mutable_csv()->set_data(
      "title_nl,category,technologies,unit_count,capacity_per_unit,site_id\r\n"
      "\"Warmtepomp, groot\",fixed_installation,heat-pump,1,8," +
      site.id() +
      "\r\n"
      "Kapot,teleporter,,1,8,\r\n");
  request.set_allow_partial(true);
  v1::ImportListingsResponse response;
  grpc::Status status = stub_->ImportListings(Context(OwnerAdmin()).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.imported_count(), 1);
  EXPECT_EQ(response.error_count(), 1);
  ASSERT_EQ(response.rows_size(), 2);
  EXPECT_EQ(response.rows(0).row(), 1);
  EXPECT_THAT(response.rows(0).listing_id(), StartsWith("lst_"));
  EXPECT_EQ(response.rows(1).row(), 2);
  EXPECT_THAT(response.rows(1).errors(0), HasSubstr("teleporter"));

  // A check stores nothing and reports the same rows.
  request.set_validate_only(true);
  response.Clear();
  status = stub_->ImportListings(Context(OwnerAdmin()).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.imported_count(), 0);
  EXPECT_EQ(response.error_count(), 1);
  ASSERT_EQ(response.rows_size(), 2);
  EXPECT_EQ(response.rows(0).listing_id(), "");
  EXPECT_THAT(response.rows(1).errors(0), HasSubstr("teleporter"));
  request.set_validate_only(false);

  // Published at once with default terms.
  request.set_allow_partial(false);
  request.set_publish(true);
  request.mutable_csv()->set_data(
      "title_nl,category,unit_count,capacity_per_unit,site_id\n"
      "Zorgbed,simulator,1,4," +
      site.id() + "\n");
  request.mutable_default_terms()->mutable_who_may_book()->set_everyone(true);
  response.Clear();
  status = stub_->ImportListings(Context(OwnerAdmin()).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.imported_count(), 1);
  v1::GetListingRequest get;
  get.set_listing_id(response.rows(0).listing_id());
  v1::Listing listing;
  ASSERT_TRUE(stub_->GetListing(Context().get(), get, &listing).ok());
  EXPECT_EQ(listing.status(), v1::LISTING_STATUS_PUBLISHED);

  EXPECT_EQ(stub_->ImportListings(Context(Teacher()).get(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(CatalogueGrpcServiceTest, ImportsACsvPostedOverHttpThroughTheGateway) {
  const v1::Site site = MustCreateSite();
  // What the gateway makes of `curl -X POST -H 'Content-Type: text/csv' --data-binary @file`.
  absl::StatusOr<std::unique_ptr<gateway::Transcoder>> transcoder =
      gateway::Transcoder::Create(leerpool::proto::DescriptorSetBytes());
  ASSERT_TRUE(transcoder.ok()) << transcoder.status();
  const std::string csv =
      "\xEF\xBB\xBFtitle_nl,category,unit_count,capacity_per_unit,site_id\r\n"
      "\"Zorgbed, verstelbaar\",simulator,1,4," +
      site.id() + "\r\n";
  absl::StatusOr<gateway::GrpcRequest> grpc_request =
      (*transcoder)
          ->ToGrpc(
              "POST",
              absl::StrCat("/v1/organizations/", kOwner,
                           "/listings:import?publish=true&defaultTerms.whoMayBook.everyone=true"
                           "&default_terms.price.per_hour_cents=2500"),
              csv, "text/csv; charset=utf-8");
  ASSERT_TRUE(grpc_request.ok()) << grpc_request.status();
  EXPECT_EQ(grpc_request->grpc_method, "/leerpool.catalogue.v1.CatalogueService/ImportListings");
  v1::ImportListingsRequest request;
  ASSERT_TRUE(request.ParseFromString(grpc_request->payload));
  EXPECT_EQ(request.csv().data(), csv);
  EXPECT_EQ(request.csv().content_type(), "text/csv; charset=utf-8");

  v1::ImportListingsResponse response;
  grpc::Status status = stub_->ImportListings(Context(OwnerAdmin()).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.imported_count(), 1);
  v1::GetSharingTermsRequest get_terms;
  get_terms.set_listing_id(response.rows(0).listing_id());
  v1::SharingTerms terms;
  ASSERT_TRUE(stub_->GetSharingTerms(Context().get(), get_terms, &terms).ok());
  EXPECT_EQ(terms.price().per_hour_cents(), 2500);
  EXPECT_TRUE(terms.who_may_book().everyone());

  // And the search the web client sends.
  grpc_request =
      (*transcoder)
          ->ToGrpc(
              "GET",
              "/v1/"
              "listings:search?q=zorgbed&categories=CATEGORY_SIMULATOR&near=51.0,4.0&withinKm=20",
              "", "");
  ASSERT_TRUE(grpc_request.ok()) << grpc_request.status();
  v1::SearchListingsRequest search;
  ASSERT_TRUE(search.ParseFromString(grpc_request->payload));
  v1::SearchListingsResponse found;
  status = stub_->SearchListings(Context().get(), search, &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(found.results_size(), 1);
  EXPECT_EQ(found.results(0).listing().title_nl(), "Zorgbed, verstelbaar");
}

TEST_F(CatalogueGrpcServiceTest, ARegistryThatIsDownIsUnavailableAndStoresNothing) {
  registry_.Stop();
  v1::CreateSiteRequest request;
  request.mutable_site()->set_owner_organization_id(kOwner);
  request.mutable_site()->set_name("Breda");
  request.mutable_site()->mutable_location()->set_latitude(51.1);
  request.mutable_site()->set_time_zone("Europe/Amsterdam");
  v1::Site site;
  grpc::Status status = stub_->CreateSite(Context(OwnerAdmin()).get(), request, &site);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  v1::ListSitesRequest list;
  v1::ListSitesResponse sites;
  ASSERT_TRUE(stub_->ListSites(Context().get(), list, &sites).ok());
  EXPECT_EQ(sites.sites_size(), 0);
  // Anonymous search needs no registry.
  v1::SearchListingsResponse found;
  EXPECT_TRUE(stub_->SearchListings(Context().get(), {}, &found).ok());
}

// ---- The directory on its own

TEST_F(CatalogueGrpcServiceTest, DirectoryCachesPublicLookupsBriefly) {
  ASSERT_TRUE(directory_->GetOrganization(kOwner).ok());
  ASSERT_TRUE(directory_->GetOrganization(kOwner).ok());
  ASSERT_TRUE(directory_->NetworksOf(kSchool).ok());
  ASSERT_TRUE(directory_->NetworksOf(kSchool).ok());
  EXPECT_EQ(registry_.calls("GetOrganization"), 1);
  EXPECT_EQ(registry_.calls("ListNetworks"), 1);

  registry_.Rename(kOwner, "Censes Academy");
  clock_.Advance(absl::Seconds(31));
  absl::StatusOr<OrganizationSummary> owner = directory_->GetOrganization(kOwner);
  ASSERT_TRUE(owner.ok());
  EXPECT_EQ(owner->name, "Censes Academy");
  EXPECT_EQ(owner->kind, 4);
  EXPECT_EQ(owner->country, "NL");
  ASSERT_TRUE(owner->location.has_value());
  EXPECT_EQ(registry_.calls("GetOrganization"), 2);
  EXPECT_THAT(*directory_->NetworksOf(kSchool), ::testing::ElementsAre("net_energy"));

  EXPECT_EQ(directory_->GetOrganization("org_ghost").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(directory_->CheckNetworkExists("net_ghost").code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(directory_->CheckNetworkExists("net_energy").ok());
  EXPECT_TRUE(directory_->CheckQualificationTypeExists("qt_fgas").ok());
  EXPECT_EQ(directory_->CheckQualificationTypeExists("qt_ghost").code(),
            absl::StatusCode::kNotFound);
}

TEST_F(CatalogueGrpcServiceTest, DirectoryCallsOnBehalfOfCallersOnlyWithTheirCredentials) {
  // Outside a call there are no credentials to forward, and the registry refuses.
  EXPECT_EQ(directory_
                ->CheckQualifications(auth::Caller::Anonymous(), "per_teacher", {"qt_fgas"},
                                      absl::CivilDay(2026, 4, 1), absl::CivilDay(2026, 4, 1))
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(RegistryPartnerDirectoryTest, AnUnreachableRegistryIsUnavailable) {
  FakeClock clock(absl::Now());
  // Nothing listens on the discard port.
  RegistryPartnerDirectory directory(
      grpc::CreateChannel("127.0.0.1:9", grpc::InsecureChannelCredentials()), clock,
      {.deadline = absl::Milliseconds(500)});
  const absl::Time start = absl::Now();
  EXPECT_EQ(directory.GetOrganization("org_x").status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(directory.CheckNetworkExists("net_x").code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

}  // namespace
}  // namespace leerpool::catalogue
