// Sharing terms: validation, registry lookups, and versions that never change.

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/catalogue.h"
#include "tests/services/catalogue/catalogue_test_fixture.h"

namespace leerpool::catalogue::testing {
namespace {

using ::testing::_;
using ::testing::HasSubstr;

class TermsTest : public CatalogueBackendTest {
 protected:
  void SetUp() override {
    CatalogueBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    listing_ = MustCreate(Fixed(kOwner, "Opstelling"));
  }
  absl::Status Update(const SharingTerms& terms) {
    return catalogue_->UpdateSharingTerms(Admin(kOwner), listing_.id, terms).status();
  }
  Listing listing_;
};

TEST_P(TermsTest, AmountsAndHoursMustNotBeNegative) {
  const std::vector<std::pair<std::string, std::function<void(SharingTerms&)>>> cases = {
      {"terms.price.per_hour_cents", [](SharingTerms& t) { t.price.per_hour_cents = -1; }},
      {"terms.price.per_half_day_cents", [](SharingTerms& t) { t.price.per_half_day_cents = -1; }},
      {"terms.price.per_day_cents", [](SharingTerms& t) { t.price.per_day_cents = -1; }},
      {"terms.price.per_learner_cents", [](SharingTerms& t) { t.price.per_learner_cents = -1; }},
      {"terms.price.per_km_cents", [](SharingTerms& t) { t.price.per_km_cents = -1; }},
      {"terms.deposit_cents", [](SharingTerms& t) { t.deposit_cents = -100; }},
      {"terms.cancellation_fee_cents", [](SharingTerms& t) { t.cancellation_fee_cents = -1; }},
      {"terms.acquisition_cost_cents", [](SharingTerms& t) { t.acquisition_cost_cents = -1; }},
      {"terms.min_lead_time_hours", [](SharingTerms& t) { t.min_lead_time_hours = -1; }},
      {"terms.max_duration_hours", [](SharingTerms& t) { t.max_duration_hours = -1; }},
      {"terms.cancellation_deadline_hours",
       [](SharingTerms& t) { t.cancellation_deadline_hours = -1; }},
      {"terms.quota_hours_per_month", [](SharingTerms& t) { t.quota_hours_per_month = -1; }},
      {"terms.expected_lifetime_years", [](SharingTerms& t) { t.expected_lifetime_years = -1; }},
      {"terms.who_may_book.organization_kinds",
       [](SharingTerms& t) { t.who_may_book.organization_kinds = {0}; }},
      {"terms.who_may_book.organization_kinds",
       [](SharingTerms& t) {
         t.who_may_book.organization_kinds = {1, 8};
       }},
  };
  for (const auto& [field, spoil] : cases) {
    SharingTerms terms = OpenTerms();
    spoil(terms);
    EXPECT_THAT(Update(terms), StatusIs(absl::StatusCode::kInvalidArgument, field)) << field;
  }
  SharingTerms zero;
  zero.who_may_book.organization_kinds = {1, 7};
  EXPECT_TRUE(Update(zero).ok());
  EXPECT_EQ(catalogue_->GetListing(Admin(kOwner), listing_.id)->terms_version, 1);
}

TEST_P(TermsTest, NetworksAndQualificationTypesMustExistAtTheRegistry) {
  SharingTerms terms = OpenTerms();
  terms.who_may_book.network_ids = {kNetwork, "net_unknown"};
  absl::Status status = Update(terms);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound, "terms.who_may_book.network_ids"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("net_unknown"));

  terms = OpenTerms();
  terms.required_qualification_type_ids = {"qt_unknown"};
  EXPECT_THAT(Update(terms),
              StatusIs(absl::StatusCode::kNotFound, "terms.required_qualification_type_ids"));

  terms = OpenTerms();
  terms.who_may_book.organization_ids = {"org_ghost"};
  EXPECT_THAT(Update(terms),
              StatusIs(absl::StatusCode::kNotFound, "terms.who_may_book.organization_ids"));

  EXPECT_EQ(catalogue_->GetListing(Admin(kOwner), listing_.id)->terms_version, 0);
  terms = OpenTerms();
  terms.who_may_book.network_ids = {kNetwork};
  terms.who_may_book.organization_ids = {kSchool};
  terms.required_qualification_type_ids = {kQualification};
  EXPECT_TRUE(Update(terms).ok());
}

TEST_P(TermsTest, ARegistryThatIsDownStoresNoVersion) {
  SharingTerms terms = OpenTerms();
  terms.who_may_book.network_ids = {kNetwork};
  registry_down_ = absl::UnavailableError("registry down");
  EXPECT_EQ(Update(terms).code(), absl::StatusCode::kUnavailable);
  registry_down_ = absl::OkStatus();
  EXPECT_EQ(catalogue_->GetListing(Admin(kOwner), listing_.id)->terms_version, 0);
  EXPECT_EQ(catalogue_->GetSharingTerms(Admin(kOwner), listing_.id, 0).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(TermsTest, ANewVersionLeavesOldOnesAsTheyWere) {
  SharingTerms first = OpenTerms(4000);
  first.approval_required = true;
  first.intake_required = true;
  first.who_may_book.organization_kinds = {1, 2};
  first.required_qualification_type_ids = {kQualification};
  first.deposit_cents = 25000;
  const SharingTerms v1 = MustSetTerms(listing_.id, first);
  EXPECT_EQ(v1.version, 1);
  EXPECT_EQ(v1.listing_id, listing_.id);
  EXPECT_EQ(v1.created_by_person_id, "per_platform");
  EXPECT_EQ(v1.create_time, clock_.Now());

  clock_.Advance(absl::Hours(24));
  SharingTerms second = OpenTerms(6000);
  const SharingTerms v2 = MustSetTerms(listing_.id, second);
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(catalogue_->GetListing(Admin(kOwner), listing_.id)->terms_version, 2);

  absl::StatusOr<SharingTerms> old = catalogue_->GetSharingTerms(Admin(kOwner), listing_.id, 1);
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ(*old, v1);
  absl::StatusOr<SharingTerms> current = catalogue_->GetSharingTerms(Admin(kOwner), listing_.id, 0);
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_EQ(*current, v2);
  EXPECT_EQ(current->price.per_hour_cents, 6000);
  EXPECT_FALSE(current->approval_required);
  EXPECT_EQ(catalogue_->GetSharingTerms(Admin(kOwner), listing_.id, 3).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(catalogue_->GetSharingTerms(Admin(kOwner), listing_.id, -1).status().code(),
            absl::StatusCode::kInvalidArgument);

  // The store itself refuses to rewrite a version.
  absl::Status rewrite = store_->Transact([&](CatalogueTransaction& tx) {
    SharingTerms again = v1;
    return tx.InsertSharingTerms(again);
  });
  EXPECT_EQ(rewrite.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(*catalogue_->GetSharingTerms(Admin(kOwner), listing_.id, 1), v1);
}

TEST_P(TermsTest, TermsOfPublishedListingsArePublicOthersAreNot) {
  MustSetTerms(listing_.id, OpenTerms());
  EXPECT_EQ(catalogue_->GetSharingTerms(Anonymous(), listing_.id, 0).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(catalogue_->GetSharingTerms(Admin(kSchool), listing_.id, 0).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(catalogue_->GetSharingTerms(Coordinator(kOwner), listing_.id, 0).ok());

  Listing with_site;
  with_site.id = listing_.id;
  with_site.site_id = MustCreateSite(SiteAt(kOwner, 51, 4)).id;
  ASSERT_TRUE(catalogue_->UpdateListing(Admin(kOwner), with_site, {"site_id"}).ok());
  MustPublish(listing_.id);
  EXPECT_TRUE(catalogue_->GetSharingTerms(Anonymous(), listing_.id, 0).ok());
  EXPECT_TRUE(catalogue_->GetSharingTerms(Admin(kSchool), listing_.id, 1).ok());
}

TEST_P(TermsTest, ValidatesBeforeAskingTheRegistry) {
  // A bad amount costs no registry call.
  EXPECT_CALL(directory_, CheckNetworkExists(_)).Times(0);
  SharingTerms terms = OpenTerms(-5);
  terms.who_may_book.network_ids = {kNetwork};
  EXPECT_EQ(Update(terms).code(), absl::StatusCode::kInvalidArgument);
}

LP_CATALOGUE_ON_EACH_BACKEND(TermsTest);

}  // namespace
}  // namespace leerpool::catalogue::testing
