// Listings: validation of every field, field-mask updates, publishing and retiring, and what
// happens when the registry is down or an owner is renamed.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/catalogue.h"
#include "tests/services/catalogue/catalogue_test_fixture.h"

namespace leerpool::catalogue::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class ListingsTest : public CatalogueBackendTest {
 protected:
  absl::Status Create(const Listing& listing) {
    return catalogue_->CreateListing(Admin(kOwner), listing).status();
  }
  std::vector<Listing> AllListings() {
    absl::StatusOr<ListingPage> page =
        catalogue_->ListListings(PlatformAdmin(), {.page_size = 200});
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? page->listings : std::vector<Listing>{};
  }
};

TEST_P(ListingsTest, CreatesADraftWithTheOwnerCopiedFromTheRegistry) {
  Listing listing = Fixed(kOwner, "Warmtepomp-opstelling");
  listing.title_en = "Heat pump rig";
  listing.description_nl = "Lucht-water warmtepomp met meetpunten.";
  listing.technologies = {"heat-pump"};
  listing.sectors = {"energy-technology", "installation"};
  listing.competences = {"commissioning", "safety-regulations"};
  listing.audiences = {Audience::kPupils, Audience::kTeachers};
  listing.languages = {"nl", "fr"};
  listing.media = {{"https://censes.example/rig.jpg", "photo", "De opstelling"}};
  const Listing created = MustCreate(listing);
  EXPECT_THAT(created.id, ::testing::StartsWith("lst_"));
  EXPECT_EQ(created.status, ListingStatus::kDraft);
  EXPECT_EQ(created.terms_version, 0);
  EXPECT_EQ(created.owner_name, "Censes Education");
  EXPECT_EQ(created.owner_country, "NL");
  EXPECT_EQ(created.create_time, clock_.Now());

  absl::StatusOr<Listing> read = catalogue_->GetListing(Admin(kOwner), created.id);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->technologies, listing.technologies);
  EXPECT_EQ(read->sectors, listing.sectors);
  EXPECT_EQ(read->competences, listing.competences);
  EXPECT_EQ(read->audiences, listing.audiences);
  EXPECT_EQ(read->languages, listing.languages);
  EXPECT_EQ(read->media, listing.media);
  EXPECT_EQ(read->owner_name, "Censes Education");
  EXPECT_EQ(read->owner_kind, 4);
}

TEST_P(ListingsTest, NeedsATitleInDutchOrEnglishWithinLimits) {
  Listing untitled = Fixed(kOwner, "");
  EXPECT_THAT(Create(untitled), StatusIs(absl::StatusCode::kInvalidArgument, "listing.title_nl"));
  untitled.title_en = "Heat pump rig";
  EXPECT_TRUE(Create(untitled).ok());

  Listing long_title = Fixed(kOwner, std::string(201, 'x'));
  EXPECT_THAT(Create(long_title), StatusIs(absl::StatusCode::kInvalidArgument, "listing.title_nl"));
  long_title.title_nl = std::string(200, 'x');
  EXPECT_TRUE(Create(long_title).ok());

  Listing long_description = Fixed(kOwner, "Opstelling");
  long_description.description_en = std::string(5001, 'x');
  EXPECT_THAT(Create(long_description),
              StatusIs(absl::StatusCode::kInvalidArgument, "listing.description_en"));
  long_description.description_en = std::string(5000, 'x');
  EXPECT_TRUE(Create(long_description).ok());
}

TEST_P(ListingsTest, UnknownVocabularyTermsAreNamedWithTheirField) {
  Listing listing = Fixed(kOwner, "Opstelling");
  listing.technologies = {"heat-pump", "fusion-reactor"};
  absl::Status status = Create(listing);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, "listing.technologies"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("fusion-reactor"));

  listing.technologies = {};
  listing.competences = {"no-such-competence"};
  EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.competences"));

  // A real term in the wrong field.
  listing.competences = {};
  listing.sectors = {"heat-pump"};
  status = Create(listing);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, "listing.sectors"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("technology, not a sector"));

  listing.sectors = {"care", "care"};
  EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listed twice"));
}

TEST_P(ListingsTest, CountsAndCapacitiesMustBePositive) {
  for (int bad : {0, -1}) {
    Listing listing = Fixed(kOwner, "Opstelling");
    listing.unit_count = bad;
    EXPECT_THAT(Create(listing),
                StatusIs(absl::StatusCode::kInvalidArgument, "listing.unit_count"));
    listing.unit_count = 1;
    listing.capacity_per_unit = bad;
    EXPECT_THAT(Create(listing),
                StatusIs(absl::StatusCode::kInvalidArgument, "listing.capacity_per_unit"));
  }
  Listing elearning = Fixed(kOwner, "E-learning laadpalen");
  elearning.category = Category::kELearning;
  elearning.unit_count = 250;  // licence seats
  elearning.capacity_per_unit = 1;
  EXPECT_TRUE(Create(elearning).ok());
}

TEST_P(ListingsTest, CategoryAudiencesAndLanguagesAreChecked) {
  Listing listing = Fixed(kOwner, "Opstelling");
  listing.category = Category::kUnspecified;
  EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.category"));
  listing.category = static_cast<Category>(42);
  EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.category"));

  listing = Fixed(kOwner, "Opstelling");
  listing.audiences = {static_cast<Audience>(9)};
  EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.audiences"));

  for (const char* language : {"NL", "nld", "n", "n1", ""}) {
    listing = Fixed(kOwner, "Opstelling");
    listing.languages = {language};
    EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.languages"))
        << language;
  }
}

TEST_P(ListingsTest, MediaAreHttpLinksAtMostTwenty) {
  for (const char* url : {"javascript:alert(1)", "ftp://example.org/x", "https://", "http:///x",
                          "https://exa mple.org", "www.example.org", "data:text/html,x"}) {
    Listing listing = Fixed(kOwner, "Opstelling");
    listing.media = {{url, "website", ""}};
    EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.media.url"))
        << url;
  }
  Listing listing = Fixed(kOwner, "Opstelling");
  listing.media = {{"http://example.org/a", "website", ""},
                   {"HTTPS://Example.org/b.pdf", "manual", ""}};
  EXPECT_TRUE(Create(listing).ok());
  listing.media[0].kind = "hologram";
  EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.media.kind"));

  listing.media.assign(21, {"https://example.org/x.jpg", "photo", ""});
  EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.media"));
  listing.media.resize(20);
  EXPECT_TRUE(Create(listing).ok());
}

TEST_P(ListingsTest, MobileSetupsAndOnlyThemHaveAValidMobileBlock) {
  Listing mobile = Mobile(kOwner, "Mobiele zonnepanelen-unit", 50);
  EXPECT_TRUE(Create(mobile).ok());

  Listing without = mobile;
  without.mobile.reset();
  EXPECT_THAT(Create(without), StatusIs(absl::StatusCode::kInvalidArgument, "listing.mobile"));

  Listing bad = mobile;
  bad.mobile->service_radius_km = 0;
  EXPECT_THAT(Create(bad),
              StatusIs(absl::StatusCode::kInvalidArgument, "listing.mobile.service_radius_km"));
  bad = mobile;
  bad.mobile->setup_minutes = -1;
  EXPECT_THAT(Create(bad),
              StatusIs(absl::StatusCode::kInvalidArgument, "listing.mobile.setup_minutes"));
  bad = mobile;
  bad.mobile->teardown_minutes = -5;
  EXPECT_THAT(Create(bad),
              StatusIs(absl::StatusCode::kInvalidArgument, "listing.mobile.teardown_minutes"));
  bad = mobile;
  bad.mobile->travel_speed_kmh = 0;
  EXPECT_THAT(Create(bad),
              StatusIs(absl::StatusCode::kInvalidArgument, "listing.mobile.travel_speed_kmh"));
  bad = mobile;
  bad.mobile->setup_minutes = 0;
  bad.mobile->teardown_minutes = 0;
  EXPECT_TRUE(Create(bad).ok());

  Listing fixed = Fixed(kOwner, "Vaste opstelling");
  fixed.mobile = MobileSetup{10, 0, 0, 50};
  EXPECT_THAT(Create(fixed), StatusIs(absl::StatusCode::kInvalidArgument, "listing.mobile"));
}

TEST_P(ListingsTest, SiteMustBeTheOwnersOwn) {
  const Site theirs = MustCreateSite(SiteAt(kOtherOwner, 51.2, 4.4));
  Listing listing = Fixed(kOwner, "Opstelling");
  listing.site_id = theirs.id;
  EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.site_id"));
  listing.site_id = "site_missing";
  EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.site_id"));
  listing.site_id = MustCreateSite(SiteAt(kOwner, 51.5, 4.7)).id;
  const Listing created = MustCreate(listing);
  ASSERT_TRUE(created.site.has_value());
  EXPECT_EQ(created.site->id, listing.site_id);
}

TEST_P(ListingsTest, ServerAssignedAndOutputFieldsCannotBeSet) {
  Listing listing = Fixed(kOwner, "Opstelling");
  listing.id = "lst_mine";
  EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.id"));
  listing.id.clear();
  listing.status = ListingStatus::kPublished;
  EXPECT_THAT(Create(listing), StatusIs(absl::StatusCode::kInvalidArgument, "listing.status"));
}

TEST_P(ListingsTest, UpdateChangesOnlyTheMaskedFields) {
  Listing original = Fixed(kOwner, "Opstelling");
  original.description_nl = "Oud";
  const Listing created = MustCreate(original);
  clock_.Advance(absl::Minutes(5));

  Listing changes;
  changes.id = created.id;
  changes.title_nl = "Nieuwe titel";
  changes.description_nl = "Genegeerd";
  changes.capacity_per_unit = 12;
  absl::StatusOr<Listing> updated =
      catalogue_->UpdateListing(Admin(kOwner), changes, {"title_nl", "capacity_per_unit"});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->title_nl, "Nieuwe titel");
  EXPECT_EQ(updated->capacity_per_unit, 12);
  EXPECT_EQ(updated->description_nl, "Oud");
  EXPECT_EQ(updated->unit_count, 2);
  EXPECT_EQ(updated->update_time, clock_.Now());
  EXPECT_EQ(updated->create_time, created.create_time);

  // The merged listing is validated as a whole.
  changes.capacity_per_unit = 0;
  EXPECT_THAT(catalogue_->UpdateListing(Admin(kOwner), changes, {"capacity_per_unit"}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "listing.capacity_per_unit"));
  changes.category = Category::kMobileSetup;
  EXPECT_THAT(catalogue_->UpdateListing(Admin(kOwner), changes, {"category"}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "listing.mobile"));
  changes.mobile = MobileSetup{30, 15, 15, 70};
  updated = catalogue_->UpdateListing(Admin(kOwner), changes, {"category", "mobile"});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->mobile->service_radius_km, 30);
  changes.mobile = MobileSetup{45, 0, 0, 0};
  updated = catalogue_->UpdateListing(Admin(kOwner), changes, {"mobile.service_radius_km"});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->mobile->service_radius_km, 45);
  EXPECT_EQ(updated->mobile->travel_speed_kmh, 70);

  for (const char* path : {"status", "owner_organization_id", "colour", "terms_version"}) {
    EXPECT_THAT(catalogue_->UpdateListing(Admin(kOwner), changes, {path}).status(),
                StatusIs(absl::StatusCode::kInvalidArgument, "update_mask"))
        << path;
  }
}

TEST_P(ListingsTest, EmptyMaskReplacesEverySettableField) {
  const Listing created = MustCreate(Fixed(kOwner, "Opstelling"));
  Listing replacement = Fixed(kOwner, "Vervangen");
  replacement.id = created.id;
  replacement.technologies = {"solar-pv"};
  absl::StatusOr<Listing> updated = catalogue_->UpdateListing(Admin(kOwner), replacement, {});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->title_nl, "Vervangen");
  EXPECT_THAT(updated->technologies, ElementsAre("solar-pv"));
}

TEST_P(ListingsTest, PublishingNeedsASiteAndTerms) {
  const Listing draft = MustCreate(Fixed(kOwner, "Opstelling"));
  absl::Status status = catalogue_->PublishListing(Admin(kOwner), draft.id).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("site"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("sharing terms"));

  Listing with_site;
  with_site.id = draft.id;
  with_site.site_id = MustCreateSite(SiteAt(kOwner, 51.5, 4.7)).id;
  ASSERT_TRUE(catalogue_->UpdateListing(Admin(kOwner), with_site, {"site_id"}).ok());
  status = catalogue_->PublishListing(Admin(kOwner), draft.id).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("sharing terms"));

  MustSetTerms(draft.id, OpenTerms());
  absl::StatusOr<Listing> published = catalogue_->PublishListing(Admin(kOwner), draft.id);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->status, ListingStatus::kPublished);
  EXPECT_EQ(published->terms_version, 1);
  // Publishing again changes nothing.
  EXPECT_TRUE(catalogue_->PublishListing(Admin(kOwner), draft.id).ok());

  // A published listing keeps its site.
  Listing no_site;
  no_site.id = draft.id;
  EXPECT_THAT(catalogue_->UpdateListing(Admin(kOwner), no_site, {"site_id"}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "listing.site_id"));
}

TEST_P(ListingsTest, RetiringIsFinal) {
  const Listing listing = MustPublishAt(Fixed(kOwner, "Opstelling"), 51.5, 4.7);
  absl::StatusOr<Listing> retired = catalogue_->RetireListing(Admin(kOwner), listing.id);
  ASSERT_TRUE(retired.ok()) << retired.status();
  EXPECT_EQ(retired->status, ListingStatus::kRetired);
  EXPECT_TRUE(catalogue_->RetireListing(Admin(kOwner), listing.id).ok());
  EXPECT_EQ(catalogue_->PublishListing(Admin(kOwner), listing.id).status().code(),
            absl::StatusCode::kFailedPrecondition);
  Listing changes;
  changes.id = listing.id;
  changes.title_nl = "Toch nog";
  EXPECT_EQ(catalogue_->UpdateListing(Admin(kOwner), changes, {"title_nl"}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(catalogue_->UpdateSharingTerms(Admin(kOwner), listing.id, OpenTerms()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // Gone from the public catalogue, still there for the owner.
  EXPECT_EQ(catalogue_->GetListing(Anonymous(), listing.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(catalogue_->GetListing(Coordinator(kOwner), listing.id).ok());
}

TEST_P(ListingsTest, ARegistryThatIsDownStoresNothing) {
  registry_down_ = absl::UnavailableError("registry: connection refused");
  EXPECT_EQ(Create(Fixed(kOwner, "Opstelling")).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(catalogue_->CreateSite(Admin(kOwner), SiteAt(kOwner, 51, 4)).status().code(),
            absl::StatusCode::kUnavailable);
  registry_down_ = absl::OkStatus();
  EXPECT_THAT(AllListings(), IsEmpty());
}

TEST_P(ListingsTest, AnOwnerUnknownToTheRegistryIsNotFound) {
  EXPECT_THAT(
      catalogue_->CreateListing(Admin("org_ghost"), Fixed("org_ghost", "Opstelling")).status(),
      StatusIs(absl::StatusCode::kNotFound, "listing.owner_organization_id"));
}

TEST_P(ListingsTest, RenamesAtTheRegistryArriveWithTheNextChange) {
  const Listing listing = MustPublishAt(Fixed(kOwner, "Opstelling"), 51.5, 4.7);
  organizations_[kOwner].name = "Censes Academy";
  // Not yet: the copy is refreshed when a listing or site of the owner changes.
  EXPECT_EQ(catalogue_->GetListing(Anonymous(), listing.id)->owner_name, "Censes Education");
  Listing changes;
  changes.id = listing.id;
  changes.unit_count = 3;
  ASSERT_TRUE(catalogue_->UpdateListing(Admin(kOwner), changes, {"unit_count"}).ok());
  EXPECT_EQ(catalogue_->GetListing(Anonymous(), listing.id)->owner_name, "Censes Academy");
  // And the search index follows.
  absl::StatusOr<SearchResponse> found = catalogue_->SearchListings(Anonymous(), {.q = "academy"});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->total_count, 1);
  found = catalogue_->SearchListings(Anonymous(), {.q = "education"});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->total_count, 0);
}

TEST_P(ListingsTest, ListsTheOwnersListingsByVisibility) {
  const Listing draft = MustCreate(Fixed(kOwner, "Concept"));
  clock_.Advance(absl::Seconds(1));
  const Listing published = MustPublishAt(Fixed(kOwner, "Gepubliceerd"), 51.5, 4.7);
  auto ids = [&](const auth::Caller& caller, ListingStatus status) {
    std::vector<std::string> ids;
    absl::StatusOr<ListingPage> page =
        catalogue_->ListListings(caller, {.owner_organization_id = kOwner, .status = status});
    EXPECT_TRUE(page.ok()) << page.status();
    if (page.ok()) {
      for (const Listing& listing : page->listings) ids.push_back(listing.id);
    }
    return ids;
  };
  EXPECT_THAT(ids(Coordinator(kOwner), ListingStatus::kUnspecified),
              ElementsAre(draft.id, published.id));
  EXPECT_THAT(ids(Admin(kSchool), ListingStatus::kUnspecified), ElementsAre(published.id));
  EXPECT_THAT(ids(Anonymous(), ListingStatus::kDraft), IsEmpty());
  EXPECT_THAT(ids(Admin(kOwner), ListingStatus::kDraft), ElementsAre(draft.id));
}

TEST_P(ListingsTest, ListingPagesFollowCreationOrder) {
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) {
    created.push_back(MustCreate(Fixed(kOwner, "Opstelling " + std::to_string(i))).id);
    clock_.Advance(absl::Seconds(1));
  }
  std::vector<std::string> seen;
  std::string token;
  do {
    absl::StatusOr<ListingPage> page = catalogue_->ListListings(
        Admin(kOwner), {.owner_organization_id = kOwner, .page_size = 2, .page_token = token});
    ASSERT_TRUE(page.ok()) << page.status();
    for (const Listing& listing : page->listings) seen.push_back(listing.id);
    token = page->next_page_token;
  } while (!token.empty());
  EXPECT_EQ(seen, created);
  EXPECT_EQ(catalogue_->ListListings(Admin(kOwner), {.page_token = "garbage!"}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

LP_CATALOGUE_ON_EACH_BACKEND(ListingsTest);

}  // namespace
}  // namespace leerpool::catalogue::testing
