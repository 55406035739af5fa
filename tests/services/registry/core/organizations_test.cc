// The registry's organisation rules (the partner directory), run against the real store on
// each backend.

#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/core/registry.h"
#include "tests/services/registry/core/hooked_store.h"
#include "tests/services/registry/core/registry_fixture.h"

namespace leerpool::registry {
namespace {

using testing::kStart;
using testing::Message;

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

// Filters and queries, spelled out (designated initializers that leave members out trip
// -Wmissing-field-initializers).
OrganizationFilter Filter(OrganizationKind kind, std::string country, std::string region,
                          std::string name_contains) {
  OrganizationFilter filter;
  filter.kind = kind;
  filter.country = std::move(country);
  filter.region = std::move(region);
  filter.name_contains = std::move(name_contains);
  return filter;
}
OrganizationFilter KindIs(OrganizationKind kind) { return Filter(kind, "", "", ""); }
OrganizationFilter CountryIs(std::string country) {
  return Filter(OrganizationKind::kUnspecified, std::move(country), "", "");
}
OrganizationFilter RegionIs(std::string region) {
  return Filter(OrganizationKind::kUnspecified, "", std::move(region), "");
}
OrganizationFilter NameContains(std::string text) {
  return Filter(OrganizationKind::kUnspecified, "", "", std::move(text));
}

ListOrganizationsQuery Query(int page_size, std::string page_token = "",
                             OrganizationFilter filter = {}) {
  ListOrganizationsQuery query;
  query.filter = std::move(filter);
  query.page_size = page_size;
  query.page_token = std::move(page_token);
  return query;
}

Organization Minimal(std::string name, std::string country = "NL") {
  Organization organization;
  organization.name = std::move(name);
  organization.kind = OrganizationKind::kSchool;
  organization.country = std::move(country);
  return organization;
}

Organization Full() {
  Organization organization;
  organization.name = "Summa College Techniek";
  organization.kind = OrganizationKind::kTrainingCentre;
  organization.country = "NL";
  organization.region = "Noord-Brabant";
  organization.address = {"Sterrenlaan 10", "5631 KA", "Eindhoven", "NL"};
  organization.location = LatLng{51.4416, 5.4697};
  organization.education_tracks = {"MBO-BOL", "MBO-BBL"};
  organization.status = OrganizationStatus::kSuspended;
  organization.time_zone = "Europe/Amsterdam";
  return organization;
}

// Every operation here is done by the bootstrapped platform admin; who may do what is
// covered by authorization_matrix_test.cc.
class RegistryTest : public testing::RegistryFixture {
 protected:
  Organization MustCreate(Organization organization) {
    absl::StatusOr<Organization> created =
        registry_->CreateOrganization(admin_, std::move(organization));
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : Organization{};
  }

  // Every stored organisation, following page tokens.
  std::vector<Organization> ListAll(OrganizationFilter filter = {}) {
    std::vector<Organization> all;
    ListOrganizationsQuery query = Query(200, "", filter);
    for (int pages = 0; pages < 100; ++pages) {
      absl::StatusOr<OrganizationPage> page = registry_->ListOrganizations(admin_, query);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      all.insert(all.end(), page->organizations.begin(), page->organizations.end());
      if (page->next_page_token.empty()) break;
      query.page_token = page->next_page_token;
    }
    return all;
  }

  std::vector<std::string> Names(const std::vector<Organization>& organizations) {
    std::vector<std::string> names;
    for (const Organization& organization : organizations) names.push_back(organization.name);
    return names;
  }

  std::vector<std::string> NamesMatching(OrganizationFilter filter) {
    return Names(ListAll(std::move(filter)));
  }
};

// ---------------------------------------------------------------------------------------------
// Create and Get

TEST_P(RegistryTest, CreateAssignsAnIdAndTimesFromTheClock) {
  const Organization created = MustCreate(Minimal("Alfa College"));
  EXPECT_THAT(created.id, MatchesRegex("org_[0-9a-f]{32}"));
  EXPECT_EQ(created.create_time, kStart);
  EXPECT_EQ(created.update_time, kStart);
}

TEST_P(RegistryTest, CreateAssignsADifferentIdEachTime) {
  const Organization first = MustCreate(Minimal("Alfa College"));
  const Organization second = MustCreate(Minimal("Alfa College"));
  EXPECT_NE(first.id, second.id);
  EXPECT_EQ(ListAll().size(), 2u);
}

TEST_P(RegistryTest, CreateDefaultsStatusToActive) {
  EXPECT_EQ(MustCreate(Minimal("Alfa College")).status, OrganizationStatus::kActive);
}

TEST_P(RegistryTest, CreateDefaultsTheTimeZoneByCountry) {
  EXPECT_EQ(MustCreate(Minimal("Alfa College", "NL")).time_zone, "Europe/Amsterdam");
  EXPECT_EQ(MustCreate(Minimal("Bravo Campus", "BE")).time_zone, "Europe/Brussels");
}

TEST_P(RegistryTest, CreateKeepsAGivenStatusAndTimeZone) {
  Organization organization = Minimal("Grensschool", "NL");
  organization.time_zone = "Europe/Brussels";
  organization.status = OrganizationStatus::kArchived;
  const Organization created = MustCreate(organization);
  EXPECT_EQ(created.time_zone, "Europe/Brussels");
  EXPECT_EQ(created.status, OrganizationStatus::kArchived);
}

TEST_P(RegistryTest, CreateReturnsTheInputWithOnlyServerFieldsAdded) {
  const Organization input = Full();
  Organization created = MustCreate(input);
  created.id.clear();
  created.create_time = created.update_time = absl::Time();
  EXPECT_EQ(created, input);
}

TEST_P(RegistryTest, GetReturnsExactlyWhatWasStored) {
  const Organization created = MustCreate(Full());
  absl::StatusOr<Organization> fetched = registry_->GetOrganization(admin_, created.id);
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  EXPECT_EQ(*fetched, created);
  // Spelled out, so a failure names the field.
  EXPECT_EQ(fetched->name, "Summa College Techniek");
  EXPECT_EQ(fetched->kind, OrganizationKind::kTrainingCentre);
  EXPECT_EQ(fetched->country, "NL");
  EXPECT_EQ(fetched->region, "Noord-Brabant");
  EXPECT_EQ(fetched->address, (PostalAddress{"Sterrenlaan 10", "5631 KA", "Eindhoven", "NL"}));
  ASSERT_TRUE(fetched->location.has_value());
  EXPECT_EQ(fetched->location->latitude, 51.4416);
  EXPECT_EQ(fetched->location->longitude, 5.4697);
  EXPECT_THAT(fetched->education_tracks, ElementsAre("MBO-BOL", "MBO-BBL"));
  EXPECT_EQ(fetched->status, OrganizationStatus::kSuspended);
  EXPECT_EQ(fetched->time_zone, "Europe/Amsterdam");
  EXPECT_EQ(fetched->create_time, kStart);
  EXPECT_EQ(fetched->update_time, kStart);
}

TEST_P(RegistryTest, GetKeepsAnAbsentLocationAbsentAndNoTracksEmpty) {
  const Organization created = MustCreate(Minimal("Alfa College"));
  absl::StatusOr<Organization> fetched = registry_->GetOrganization(admin_, created.id);
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  EXPECT_FALSE(fetched->location.has_value());
  EXPECT_THAT(fetched->education_tracks, IsEmpty());
  EXPECT_EQ(*fetched, created);
}

TEST_P(RegistryTest, GetKeepsALocationAtZeroZero) {
  // (0, 0) is a real point, not "unset".
  Organization organization = Minimal("Null Island Simulatiecentrum");
  organization.location = LatLng{0, 0};
  const Organization created = MustCreate(organization);
  absl::StatusOr<Organization> fetched = registry_->GetOrganization(admin_, created.id);
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  ASSERT_TRUE(fetched->location.has_value());
  EXPECT_EQ(*fetched->location, (LatLng{0, 0}));
}

TEST_P(RegistryTest, GetUnknownIdIsNotFound) {
  MustCreate(Minimal("Alfa College"));
  absl::StatusOr<Organization> fetched =
      registry_->GetOrganization(admin_, "org_00000000000000000000000000000000");
  EXPECT_EQ(fetched.status().code(), absl::StatusCode::kNotFound);
}

TEST_P(RegistryTest, GetEmptyIdIsInvalid) {
  absl::StatusOr<Organization> fetched = registry_->GetOrganization(admin_, "");
  EXPECT_EQ(fetched.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(fetched.status()), HasSubstr("organization_id"));
}

TEST_P(RegistryTest, CreateAcceptsTheBoundaries) {
  Organization organization = Minimal(std::string(200, 'n'));
  organization.address.postal_code = std::string(16, '9');
  organization.location = LatLng{-90, 180};
  organization.education_tracks = {"MBO-BOL", "MBO-BBL", "BSO",  "TSO",
                                   "KSO",     "DUAL",    "HBO5", "ADULT"};
  const Organization created = MustCreate(organization);
  EXPECT_EQ(ListAll().size(), 1u);
  EXPECT_EQ(created.name.size(), 200u);
}

// ---------------------------------------------------------------------------------------------
// Create with bad input: INVALID_ARGUMENT naming the field, and nothing stored.

struct BadInput {
  std::string test_name;
  std::function<void(Organization&)> spoil;
  std::string field;  // expected at the start of the message
};

void PrintTo(const BadInput& input, std::ostream* os) { *os << input.test_name; }

class CreateRejectsTest : public testing::RegistryFixtureWith<BadInput> {};

TEST_P(CreateRejectsTest, NamingTheFieldAndStoringNothing) {
  Organization organization = Full();
  param().spoil(organization);
  absl::StatusOr<Organization> created = registry_->CreateOrganization(admin_, organization);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument) << created.status();
  EXPECT_THAT(Message(created.status()), StartsWith(param().field + ":"));
  EXPECT_THAT(testing::Must(registry_->ListOrganizations(admin_, Query(200))).organizations,
              IsEmpty());
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInfinity = std::numeric_limits<double>::infinity();

INSTANTIATE_TEST_SUITE_P(
    BadInputs, CreateRejectsTest,
    ::testing::Combine(
        testing::Backends(),
        ::testing::Values(
            BadInput{"EmptyName", [](Organization& o) { o.name = ""; }, "organization.name"},
            BadInput{"BlankName", [](Organization& o) { o.name = " \t\r\n "; },
                     "organization.name"},
            BadInput{"NameOf201Bytes", [](Organization& o) { o.name = std::string(201, 'n'); },
                     "organization.name"},
            BadInput{"NameOf201BytesOfUtf8",
                     // 67 three-byte characters: 67 characters, 201 bytes.
                     [](Organization& o) {
                       o.name.clear();
                       for (int i = 0; i < 67; ++i) o.name += "\xe2\x82\xac";
                     },
                     "organization.name"},
            BadInput{"KindUnspecified",
                     [](Organization& o) { o.kind = OrganizationKind::kUnspecified; },
                     "organization.kind"},
            BadInput{"KindOutOfRange",
                     [](Organization& o) { o.kind = static_cast<OrganizationKind>(42); },
                     "organization.kind"},
            BadInput{"KindNegative",
                     [](Organization& o) { o.kind = static_cast<OrganizationKind>(-1); },
                     "organization.kind"},
            BadInput{"StatusOutOfRange",
                     [](Organization& o) { o.status = static_cast<OrganizationStatus>(9); },
                     "organization.status"},
            BadInput{"CountryDE", [](Organization& o) { o.country = "DE"; },
                     "organization.country"},
            BadInput{"CountryLowercase", [](Organization& o) { o.country = "nl"; },
                     "organization.country"},
            BadInput{"CountryEmpty", [](Organization& o) { o.country = ""; },
                     "organization.country"},
            BadInput{"Latitude91", [](Organization& o) { o.location->latitude = 91; },
                     "organization.location.latitude"},
            BadInput{"LatitudeMinus91", [](Organization& o) { o.location->latitude = -91; },
                     "organization.location.latitude"},
            BadInput{"LatitudeNaN", [](Organization& o) { o.location->latitude = kNaN; },
                     "organization.location.latitude"},
            BadInput{"Longitude181", [](Organization& o) { o.location->longitude = 181; },
                     "organization.location.longitude"},
            BadInput{"LongitudeInfinite",
                     [](Organization& o) { o.location->longitude = kInfinity; },
                     "organization.location.longitude"},
            BadInput{"UnknownEducationTrack",
                     [](Organization& o) { o.education_tracks.push_back("MBO-XYZ"); },
                     "organization.education_tracks"},
            BadInput{"ElevenEducationTracks",
                     [](Organization& o) { o.education_tracks.assign(11, "DUAL"); },
                     "organization.education_tracks"},
            BadInput{"UnknownTimeZone", [](Organization& o) { o.time_zone = "Europe/Atlantis"; },
                     "organization.time_zone"},
            BadInput{"IdSuppliedByClient", [](Organization& o) { o.id = "org_mine"; },
                     "organization.id"},
            BadInput{"PostalCodeTooLong",
                     [](Organization& o) { o.address.postal_code.assign(17, '1'); },
                     "organization.address.postal_code"},
            BadInput{"RegionTooLong", [](Organization& o) { o.region.assign(201, 'r'); },
                     "organization.region"},
            BadInput{"AddressCountryDE", [](Organization& o) { o.address.country = "DE"; },
                     "organization.address.country"})),
    [](const ::testing::TestParamInfo<std::tuple<testing::Backend, BadInput>>& info) {
      return std::get<1>(info.param).test_name + "_" +
             testing::BackendName(std::get<0>(info.param));
    });

// ---------------------------------------------------------------------------------------------
// List

class RegistryListTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Add("Alfa College", OrganizationKind::kSchool, "NL", "Noord-Brabant");
    Add("Bravo Installatie", OrganizationKind::kCompany, "BE", "Antwerpen");
    Add("Charlie 100% Groen", OrganizationKind::kCompany, "NL", "Limburg");
    Add("Delta_Tech", OrganizationKind::kManufacturer, "BE", "Limburg");
    Add("DeltaXTech", OrganizationKind::kManufacturer, "BE", "Antwerpen");
    Add("Echo 1000 Groen", OrganizationKind::kSchool, "NL", "Zeeland");
  }

  void Add(std::string name, OrganizationKind kind, std::string country, std::string region) {
    Organization organization = Minimal(std::move(name), std::move(country));
    organization.kind = kind;
    organization.region = std::move(region);
    MustCreate(organization);
  }
};

TEST_P(RegistryListTest, WithoutFilterListsEverythingByName) {
  EXPECT_THAT(NamesMatching({}),
              ElementsAre("Alfa College", "Bravo Installatie", "Charlie 100% Groen", "DeltaXTech",
                          "Delta_Tech", "Echo 1000 Groen"));
}

TEST_P(RegistryListTest, FiltersByKind) {
  EXPECT_THAT(NamesMatching(KindIs(OrganizationKind::kCompany)),
              ElementsAre("Bravo Installatie", "Charlie 100% Groen"));
  EXPECT_THAT(NamesMatching(KindIs(OrganizationKind::kGovernment)), IsEmpty());
}

TEST_P(RegistryListTest, FiltersByCountry) {
  EXPECT_THAT(NamesMatching(CountryIs("BE")),
              ElementsAre("Bravo Installatie", "DeltaXTech", "Delta_Tech"));
}

TEST_P(RegistryListTest, FiltersByRegion) {
  EXPECT_THAT(NamesMatching(RegionIs("Limburg")), ElementsAre("Charlie 100% Groen", "Delta_Tech"));
}

TEST_P(RegistryListTest, CombinesFilters) {
  EXPECT_THAT(NamesMatching(Filter(OrganizationKind::kUnspecified, "BE", "Limburg", "")),
              ElementsAre("Delta_Tech"));
  EXPECT_THAT(NamesMatching(Filter(OrganizationKind::kSchool, "BE", "", "")), IsEmpty());
}

TEST_P(RegistryListTest, NameContainsIsACaseInsensitiveSubstring) {
  EXPECT_THAT(NamesMatching(NameContains("college")), ElementsAre("Alfa College"));
  EXPECT_THAT(NamesMatching(NameContains("GROEN")),
              ElementsAre("Charlie 100% Groen", "Echo 1000 Groen"));
  EXPECT_THAT(NamesMatching(NameContains("lie 1")), ElementsAre("Charlie 100% Groen"));
}

TEST_P(RegistryListTest, NameContainsMatchesPercentLiterally) {
  // As a LIKE wildcard "100%" would also match "1000".
  EXPECT_THAT(NamesMatching(NameContains("100%")), ElementsAre("Charlie 100% Groen"));
  EXPECT_THAT(NamesMatching(NameContains("%")), ElementsAre("Charlie 100% Groen"));
}

TEST_P(RegistryListTest, NameContainsMatchesUnderscoreLiterally) {
  // As a LIKE wildcard "a_t" would also match "DeltaXTech".
  EXPECT_THAT(NamesMatching(NameContains("a_t")), ElementsAre("Delta_Tech"));
  EXPECT_THAT(NamesMatching(NameContains("_")), ElementsAre("Delta_Tech"));
}

TEST_P(RegistryListTest, NameContainsMatchesBackslashLiterally) {
  Add("Foxtrot \\ Co", OrganizationKind::kCompany, "NL", "");
  EXPECT_THAT(NamesMatching(NameContains("\\")), ElementsAre("Foxtrot \\ Co"));
  EXPECT_THAT(NamesMatching(NameContains("t \\ c")), ElementsAre("Foxtrot \\ Co"));
}

TEST_P(RegistryListTest, RejectsAnUnknownCountryFilter) {
  absl::StatusOr<OrganizationPage> page =
      registry_->ListOrganizations(admin_, Query(0, "", CountryIs("DE")));
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(page.status()), HasSubstr("country"));
}

TEST_P(RegistryTest, ListOrdersByNameThenId) {
  for (const char* name : {"Zulu", "Same", "Alfa", "Same", "Same", "Mike"}) {
    MustCreate(Minimal(name));
  }
  const std::vector<Organization> listed = ListAll();
  ASSERT_EQ(listed.size(), 6u);
  EXPECT_THAT(Names(listed), ElementsAre("Alfa", "Mike", "Same", "Same", "Same", "Zulu"));
  EXPECT_LT(listed[2].id, listed[3].id);
  EXPECT_LT(listed[3].id, listed[4].id);
}

TEST_P(RegistryTest, ListPagesThroughFiveOrganisationsInThreePagesOfTwo) {
  for (const char* name : {"E", "C", "A", "D", "B"}) MustCreate(Minimal(name));

  ListOrganizationsQuery query = Query(2);
  absl::StatusOr<OrganizationPage> first = registry_->ListOrganizations(admin_, query);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(Names(first->organizations), ElementsAre("A", "B"));
  ASSERT_FALSE(first->next_page_token.empty());

  query.page_token = first->next_page_token;
  absl::StatusOr<OrganizationPage> second = registry_->ListOrganizations(admin_, query);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(Names(second->organizations), ElementsAre("C", "D"));
  ASSERT_FALSE(second->next_page_token.empty());

  query.page_token = second->next_page_token;
  absl::StatusOr<OrganizationPage> third = registry_->ListOrganizations(admin_, query);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_THAT(Names(third->organizations), ElementsAre("E"));
  EXPECT_EQ(third->next_page_token, "");
}

TEST_P(RegistryTest, ListHasNoNextPageWhenTheLastPageIsExactlyFull) {
  for (const char* name : {"A", "B", "C", "D"}) MustCreate(Minimal(name));
  absl::StatusOr<OrganizationPage> first = registry_->ListOrganizations(admin_, Query(2));
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<OrganizationPage> second =
      registry_->ListOrganizations(admin_, Query(2, first->next_page_token));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(Names(second->organizations), ElementsAre("C", "D"));
  EXPECT_EQ(second->next_page_token, "");
}

TEST_P(RegistryTest, ListOfNothingIsEmptyWithoutToken) {
  absl::StatusOr<OrganizationPage> page = registry_->ListOrganizations(admin_, {});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(page->organizations, IsEmpty());
  EXPECT_EQ(page->next_page_token, "");
}

TEST_P(RegistryTest, ListPagesKeepTheFilter) {
  for (const char* name : {"A", "B", "C", "D", "E"}) MustCreate(Minimal(name, "NL"));
  for (const char* name : {"AA", "BB", "CC"}) MustCreate(Minimal(name, "BE"));
  std::vector<std::string> names;
  ListOrganizationsQuery query = Query(1, "", CountryIs("BE"));
  for (int pages = 0; pages < 10; ++pages) {
    absl::StatusOr<OrganizationPage> page = registry_->ListOrganizations(admin_, query);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const Organization& organization : page->organizations) {
      names.push_back(organization.name);
    }
    if (page->next_page_token.empty()) break;
    query.page_token = page->next_page_token;
  }
  EXPECT_THAT(names, ElementsAre("AA", "BB", "CC"));
}

TEST_P(RegistryTest, ListRejectsAGarbagePageToken) {
  MustCreate(Minimal("A"));
  for (const std::string token : {"garbage", "!!!", "MQ"}) {
    absl::StatusOr<OrganizationPage> page = registry_->ListOrganizations(admin_, Query(0, token));
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << token;
    EXPECT_THAT(Message(page.status()), HasSubstr("page_token")) << token;
  }
}

TEST_P(RegistryTest, ListRejectsANegativePageSize) {
  absl::StatusOr<OrganizationPage> page = registry_->ListOrganizations(admin_, Query(-1));
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(page.status()), HasSubstr("page_size"));
}

TEST_P(RegistryTest, ListDefaultsTo50AndClampsTo200) {
  for (int i = 0; i < 201; ++i) MustCreate(Minimal(absl::StrCat("School ", 1000 + i)));

  absl::StatusOr<OrganizationPage> unset = registry_->ListOrganizations(admin_, {});
  ASSERT_TRUE(unset.ok()) << unset.status();
  EXPECT_EQ(unset->organizations.size(), 50u);
  EXPECT_NE(unset->next_page_token, "");

  absl::StatusOr<OrganizationPage> huge = registry_->ListOrganizations(admin_, Query(5000));
  ASSERT_TRUE(huge.ok()) << huge.status();
  EXPECT_EQ(huge->organizations.size(), 200u);
  ASSERT_NE(huge->next_page_token, "");

  absl::StatusOr<OrganizationPage> rest =
      registry_->ListOrganizations(admin_, Query(5000, huge->next_page_token));
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_THAT(Names(rest->organizations), ElementsAre("School 1200"));
  EXPECT_EQ(rest->next_page_token, "");
}

TEST_P(RegistryTest, ListPagesStayStableWhenAnEarlierOrganisationIsInserted) {
  for (const char* name : {"B", "C", "D", "E", "F"}) MustCreate(Minimal(name));

  absl::StatusOr<OrganizationPage> first = registry_->ListOrganizations(admin_, Query(2));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(Names(first->organizations), ElementsAre("B", "C"));

  // Sorts before the cursor: an offset-based page would now repeat "C".
  MustCreate(Minimal("A"));

  absl::StatusOr<OrganizationPage> second =
      registry_->ListOrganizations(admin_, Query(2, first->next_page_token));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(Names(second->organizations), ElementsAre("D", "E"));

  // Sorts between the pages already seen: must not shift the rest either.
  MustCreate(Minimal("C2"));

  absl::StatusOr<OrganizationPage> third =
      registry_->ListOrganizations(admin_, Query(2, second->next_page_token));
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_THAT(Names(third->organizations), ElementsAre("F"));
  EXPECT_EQ(third->next_page_token, "");
}

TEST_P(RegistryTest, ListPagesStayStableAmongEqualNames) {
  // The cursor is (name, id): equal names are split across pages without loss.
  std::set<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.insert(MustCreate(Minimal("Same")).id);
  std::set<std::string> seen;
  ListOrganizationsQuery query = Query(2);
  for (int pages = 0; pages < 10; ++pages) {
    absl::StatusOr<OrganizationPage> page = registry_->ListOrganizations(admin_, query);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const Organization& organization : page->organizations) {
      EXPECT_TRUE(seen.insert(organization.id).second) << "duplicate " << organization.id;
    }
    if (page->next_page_token.empty()) break;
    query.page_token = page->next_page_token;
  }
  EXPECT_EQ(seen, ids);
}

// ---------------------------------------------------------------------------------------------
// Update

class RegistryUpdateTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    stored_ = MustCreate(Full());
    clock_.Advance(absl::Hours(1));
  }

  // A version of stored_ in which every settable field differs.
  Organization AllChanged() const {
    Organization changes;
    changes.id = stored_.id;
    changes.name = "Campus Vesta";
    changes.kind = OrganizationKind::kSimulationCentre;
    changes.country = "BE";
    changes.region = "Antwerpen";
    changes.address = {"Boomsesteenweg 1", "2610", "Wilrijk", "BE"};
    changes.location = LatLng{51.17, 4.39};
    changes.education_tracks = {"DUAL", "TSO", "ADULT"};
    changes.status = OrganizationStatus::kActive;
    changes.time_zone = "Europe/Brussels";
    return changes;
  }

  Organization Stored() {
    absl::StatusOr<Organization> fetched = registry_->GetOrganization(admin_, stored_.id);
    EXPECT_TRUE(fetched.ok()) << fetched.status();
    return fetched.ok() ? *fetched : Organization{};
  }

  Organization stored_;
};

TEST_P(RegistryUpdateTest, AppliesOnlyTheMaskedFields) {
  absl::StatusOr<Organization> updated =
      registry_->UpdateOrganization(admin_, AllChanged(), {"name", "region"});
  ASSERT_TRUE(updated.ok()) << updated.status();

  Organization expected = stored_;
  expected.name = "Campus Vesta";
  expected.region = "Antwerpen";
  expected.update_time = kStart + absl::Hours(1);
  EXPECT_EQ(*updated, expected);
  EXPECT_EQ(Stored(), expected);
}

TEST_P(RegistryUpdateTest, AppliesEachSettableFieldOnItsOwn) {
  const Organization changes = AllChanged();
  using Field = std::function<bool(const Organization&, const Organization&)>;
  const std::vector<std::pair<std::string, Field>> fields = {
      {"name", [](auto& a, auto& b) { return a.name == b.name; }},
      {"kind", [](auto& a, auto& b) { return a.kind == b.kind; }},
      {"country", [](auto& a, auto& b) { return a.country == b.country; }},
      {"region", [](auto& a, auto& b) { return a.region == b.region; }},
      {"address", [](auto& a, auto& b) { return a.address == b.address; }},
      {"location", [](auto& a, auto& b) { return a.location == b.location; }},
      {"education_tracks",
       [](auto& a, auto& b) { return a.education_tracks == b.education_tracks; }},
      {"status", [](auto& a, auto& b) { return a.status == b.status; }},
      {"time_zone", [](auto& a, auto& b) { return a.time_zone == b.time_zone; }},
  };
  for (const auto& [path, same] : fields) {
    SCOPED_TRACE(path);
    const Organization before = Stored();
    ASSERT_FALSE(same(before, changes));
    absl::StatusOr<Organization> updated = registry_->UpdateOrganization(admin_, changes, {path});
    ASSERT_TRUE(updated.ok()) << updated.status();
    EXPECT_TRUE(same(*updated, changes));
    // Every other field is as before.
    for (const auto& [other, other_same] : fields) {
      if (other != path) {
        EXPECT_TRUE(other_same(*updated, before)) << other;
      }
    }
    EXPECT_EQ(Stored(), *updated);
  }
}

TEST_P(RegistryUpdateTest, EmptyMaskUpdatesAllSettableFields) {
  const Organization changes = AllChanged();
  absl::StatusOr<Organization> updated = registry_->UpdateOrganization(admin_, changes, {});
  ASSERT_TRUE(updated.ok()) << updated.status();

  Organization expected = changes;
  expected.create_time = kStart;
  expected.update_time = kStart + absl::Hours(1);
  EXPECT_EQ(*updated, expected);
  EXPECT_EQ(Stored(), expected);
}

TEST_P(RegistryUpdateTest, MaskedLocationCanBeCleared) {
  Organization changes = AllChanged();
  changes.location.reset();
  absl::StatusOr<Organization> updated =
      registry_->UpdateOrganization(admin_, changes, {"location"});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_FALSE(updated->location.has_value());
  EXPECT_FALSE(Stored().location.has_value());
}

TEST_P(RegistryUpdateTest, AdvancesUpdateTimeAndKeepsCreateTime) {
  absl::StatusOr<Organization> first =
      registry_->UpdateOrganization(admin_, AllChanged(), {"name"});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->create_time, kStart);
  EXPECT_EQ(first->update_time, kStart + absl::Hours(1));

  clock_.Advance(absl::Minutes(5));
  absl::StatusOr<Organization> second =
      registry_->UpdateOrganization(admin_, AllChanged(), {"region"});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->create_time, kStart);
  EXPECT_EQ(second->update_time, kStart + absl::Hours(1) + absl::Minutes(5));
  EXPECT_EQ(Stored().create_time, kStart);
  EXPECT_EQ(Stored().update_time, kStart + absl::Hours(1) + absl::Minutes(5));
}

TEST_P(RegistryUpdateTest, IgnoresClientTimestampsAndKeepsTheId) {
  Organization changes = AllChanged();
  changes.create_time = absl::UnixEpoch();
  changes.update_time = absl::UnixEpoch();
  absl::StatusOr<Organization> updated = registry_->UpdateOrganization(admin_, changes, {});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->id, stored_.id);
  EXPECT_EQ(updated->create_time, kStart);
  EXPECT_EQ(updated->update_time, kStart + absl::Hours(1));
}

TEST_P(RegistryUpdateTest, RejectsAnUnknownMaskPathAndChangesNothing) {
  for (const std::vector<std::string>& mask : std::vector<std::vector<std::string>>{
           {"colour"}, {"name", "colour"}, {"id"}, {"create_time"}, {"update_time"}, {"Name"}}) {
    absl::StatusOr<Organization> updated =
        registry_->UpdateOrganization(admin_, AllChanged(), mask);
    EXPECT_EQ(updated.status().code(), absl::StatusCode::kInvalidArgument) << mask.back();
    EXPECT_THAT(Message(updated.status()), StartsWith("update_mask:"));
    EXPECT_EQ(Stored(), stored_);
  }
}

TEST_P(RegistryUpdateTest, RejectsAnInvalidResultAndChangesNothing) {
  struct Case {
    std::vector<std::string> mask;
    std::function<void(Organization&)> spoil;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{"name"}, [](Organization& o) { o.name = " "; }, "organization.name"},
      {{"country"}, [](Organization& o) { o.country = "DE"; }, "organization.country"},
      {{"kind"},
       [](Organization& o) { o.kind = OrganizationKind::kUnspecified; },
       "organization.kind"},
      {{"location"},
       [](Organization& o) {
         o.location = LatLng{91, 0};
       },
       "organization.location.latitude"},
      {{"education_tracks"},
       [](Organization& o) { o.education_tracks = {"PhD"}; },
       "organization.education_tracks"},
      {{"time_zone"}, [](Organization& o) { o.time_zone = ""; }, "organization.time_zone"},
      {{"time_zone"},
       [](Organization& o) { o.time_zone = "Mars/Olympus"; },
       "organization.time_zone"},
      {{"status"},
       [](Organization& o) { o.status = OrganizationStatus::kUnspecified; },
       "organization.status"},
      {{"status"},
       [](Organization& o) { o.status = static_cast<OrganizationStatus>(4); },
       "organization.status"},
      {{"kind"},
       [](Organization& o) { o.kind = static_cast<OrganizationKind>(8); },
       "organization.kind"},
      // A valid name does not excuse an invalid region in the same update.
      {{"name", "region"},
       [](Organization& o) { o.region.assign(201, 'r'); },
       "organization.region"},
      // An empty mask sets everything, including a country left empty.
      {{}, [](Organization& o) { o.country.clear(); }, "organization.country"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    Organization changes = AllChanged();
    c.spoil(changes);
    absl::StatusOr<Organization> updated = registry_->UpdateOrganization(admin_, changes, c.mask);
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.status().code(), absl::StatusCode::kInvalidArgument) << updated.status();
    EXPECT_THAT(Message(updated.status()), StartsWith(c.field + ":"));
    EXPECT_EQ(Stored(), stored_);
  }
}

TEST_P(RegistryUpdateTest, UnknownIdIsNotFound) {
  Organization changes = AllChanged();
  changes.id = "org_00000000000000000000000000000000";
  absl::StatusOr<Organization> updated = registry_->UpdateOrganization(admin_, changes, {"name"});
  EXPECT_EQ(updated.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Stored(), stored_);
  EXPECT_EQ(ListAll().size(), 1u);
}

TEST_P(RegistryUpdateTest, EmptyIdIsInvalid) {
  Organization changes = AllChanged();
  changes.id.clear();
  absl::StatusOr<Organization> updated = registry_->UpdateOrganization(admin_, changes, {"name"});
  EXPECT_EQ(updated.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(updated.status()), StartsWith("organization.id:"));
}

TEST_P(RegistryUpdateTest, UpdatedNameIsListedInItsNewPlace) {
  MustCreate(Minimal("Mike"));
  MustCreate(Minimal("Zulu"));
  ASSERT_TRUE(
      registry_->UpdateOrganization(admin_, AllChanged(), {"name"}).ok());  // "Campus Vesta"
  Organization rename;
  rename.id = stored_.id;
  rename.name = "Yankee";
  ASSERT_TRUE(registry_->UpdateOrganization(admin_, rename, {"name"}).ok());
  EXPECT_THAT(NamesMatching({}), ElementsAre("Mike", "Yankee", "Zulu"));
  EXPECT_THAT(NamesMatching(NameContains("summa")), IsEmpty());
}

// ---------------------------------------------------------------------------------------------
// Time zones and concurrency

// A path or "localtime" means different things on different hosts, cannot be read by clients
// and would let callers probe the server's file system.
TEST_P(RegistryTest, TimeZoneMustBeAnIanaNameNotAPath) {
  for (const std::string zone :
       {"/usr/share/zoneinfo/Europe/Brussels", "localtime", "Europe/../Europe/Brussels"}) {
    Organization organization = Minimal("Alfa College");
    organization.time_zone = zone;
    absl::StatusOr<Organization> created = registry_->CreateOrganization(admin_, organization);
    EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument) << zone;
  }
  EXPECT_THAT(Names(ListAll()), IsEmpty());
}

// Two updates of different fields of one organisation, the second starting while the first
// is between its read and its write. Each UpdateOrganization is one transaction, so the second
// waits for the first to commit and then reads the first's result: both changes survive.
// (Before the store had transactions, the first writer wrote back its stale copy of the
// region and the second change was lost.)
TEST_P(RegistryTest, ConcurrentUpdatesWithDisjointMasksBothApply) {
  testing::HookedStore hooked(*store_);
  std::unique_ptr<Registry> racing = testing::Must(Registry::Create(hooked, clock_, Options()));
  const Organization stored = MustCreate(Full());

  Organization rename;
  rename.id = stored.id;
  rename.name = "Summa Techniek";
  Organization move;
  move.id = stored.id;
  move.region = "Limburg";
  std::thread other;
  std::atomic<bool> other_done = false;
  hooked.hook = [&](std::string_view method) {
    if (method == "UpdateOrganization" && !other.joinable()) {
      // The rename has read the row and is about to write it back.
      other = std::thread([&] {
        absl::StatusOr<Organization> moved =
            registry_->UpdateOrganization(admin_, move, {"region"});
        EXPECT_TRUE(moved.ok()) << moved.status();
        other_done = true;
      });
      // Ample time for the other update to slip in here, were it able to.
      absl::SleepFor(absl::Milliseconds(200));
      // SQLite has one writer: the other update waits. PostgreSQL's serializable transactions
      // do not wait but cannot both commit a stale copy: whichever writes second fails to
      // serialize and is run again on the first's result. Either way, both changes survive.
      if (backend() == testing::Backend::kSqlite) {
        EXPECT_FALSE(other_done) << "an update ran inside another's read-modify-write";
      }
    }
    return absl::OkStatus();
  };
  absl::StatusOr<Organization> renamed = racing->UpdateOrganization(admin_, rename, {"name"});
  ASSERT_TRUE(other.joinable());
  other.join();
  ASSERT_TRUE(renamed.ok()) << renamed.status();

  absl::StatusOr<Organization> fetched = registry_->GetOrganization(admin_, stored.id);
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  EXPECT_EQ(fetched->name, "Summa Techniek");
  EXPECT_EQ(fetched->region, "Limburg") << "the concurrent region update was lost";
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryTest, testing::Backends(), testing::BackendTestName());
INSTANTIATE_TEST_SUITE_P(Backends, RegistryListTest, testing::Backends(),
                         testing::BackendTestName());
INSTANTIATE_TEST_SUITE_P(Backends, RegistryUpdateTest, testing::Backends(),
                         testing::BackendTestName());

}  // namespace
}  // namespace leerpool::registry
