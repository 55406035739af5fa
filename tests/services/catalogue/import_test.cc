// CSV import: good and bad rows, all-or-nothing versus allow_partial, RFC 4180 details, limits,
// and publishing with default terms.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/csv.h"
#include "services/catalogue/core/internal.h"
#include "tests/services/catalogue/catalogue_test_fixture.h"

namespace leerpool::catalogue::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kHeader[] =
    "title_nl,title_en,description_nl,category,technologies,sectors,unit_count,"
    "capacity_per_unit,audiences,languages,site_id,service_radius_km,setup_minutes,"
    "teardown_minutes,travel_speed_kmh,media_urls\n";

class ImportTest : public CatalogueBackendTest {
 protected:
  absl::StatusOr<ImportReport> Import(const std::string& csv, bool allow_partial = false) {
    ImportRequest request;
    request.organization_id = kOwner;
    request.csv = csv;
    request.content_type = "text/csv; charset=utf-8";
    request.allow_partial = allow_partial;
    return catalogue_->ImportListings(Admin(kOwner), request);
  }
  ImportReport MustImport(const std::string& csv, bool allow_partial = false) {
    absl::StatusOr<ImportReport> report = Import(csv, allow_partial);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : ImportReport{};
  }
  std::vector<Listing> Stored() {
    absl::StatusOr<ListingPage> page = catalogue_->ListListings(
        Admin(kOwner), {.owner_organization_id = kOwner, .page_size = 200});
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? page->listings : std::vector<Listing>{};
  }
  static std::string AllErrors(const ImportReport& report) {
    std::string all;
    for (const ImportRowResult& row : report.rows) {
      for (const std::string& error : row.errors) absl::StrAppend(&all, row.row, ": ", error, "\n");
    }
    return all;
  }
};

TEST_P(ImportTest, ImportsGoodRowsAsDrafts) {
  const std::string site = MustCreateSite(SiteAt(kOwner, 51.5, 4.7)).id;
  const ImportReport report = MustImport(absl::StrCat(
      kHeader,
      "Warmtepomp-opstelling,Heat pump rig,Lucht-water,fixed_installation,heat-pump,"
      "energy-technology;installation,2,8,pupils;teachers,nl;en,",
      site, ",,,,,https://censes.example/rig.jpg\n",
      "Laadpalen e-learning,,,e_learning,charging-point,,200,1,upskilling_workers,nl,,,,,,\n",
      "Mobiele PV-unit,,,mobile_setup,solar-pv,,1,6,pupils,nl,", site,
      ",75,60,45,70,https://www.youtube.com/watch?v=x; https://censes.example/manual.pdf\n"));
  EXPECT_EQ(report.imported_count, 3) << AllErrors(report);
  EXPECT_EQ(report.error_count, 0);
  ASSERT_THAT(report.rows, SizeIs(3));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(report.rows[i].row, i + 1);
    EXPECT_THAT(report.rows[i].listing_id, ::testing::StartsWith("lst_"));
  }
  absl::StatusOr<Listing> rig = catalogue_->GetListing(Admin(kOwner), report.rows[0].listing_id);
  ASSERT_TRUE(rig.ok()) << rig.status();
  EXPECT_EQ(rig->status, ListingStatus::kDraft);
  EXPECT_EQ(rig->title_en, "Heat pump rig");
  EXPECT_EQ(rig->category, Category::kFixedInstallation);
  EXPECT_THAT(rig->sectors, ElementsAre("energy-technology", "installation"));
  EXPECT_THAT(rig->audiences, ElementsAre(Audience::kPupils, Audience::kTeachers));
  EXPECT_THAT(rig->languages, ElementsAre("nl", "en"));
  EXPECT_EQ(rig->site_id, site);
  EXPECT_THAT(rig->media, ElementsAre(MediaLink{"https://censes.example/rig.jpg", "photo", ""}));
  absl::StatusOr<Listing> mobile = catalogue_->GetListing(Admin(kOwner), report.rows[2].listing_id);
  ASSERT_TRUE(mobile.ok());
  EXPECT_EQ(mobile->mobile, (MobileSetup{75, 60, 45, 70}));
  EXPECT_THAT(mobile->media,
              ElementsAre(MediaLink{"https://www.youtube.com/watch?v=x", "video", ""},
                          MediaLink{"https://censes.example/manual.pdf", "manual", ""}));
}

TEST_P(ImportTest, ReadsQuotedFieldsBomAndCrlf) {
  const ImportReport report = MustImport(
      "\xEF\xBB\xBFtitle_nl,description_nl,category,unit_count,capacity_per_unit\r\n"
      "\"Opstelling, groot\",\"Regel een\r\nRegel twee, met \"\"aanhalingstekens\"\"\","
      "simulator,1,4\r\n"
      "Café,,SIMULATOR,1,4\r\n");
  EXPECT_EQ(report.imported_count, 2) << AllErrors(report);
  const Listing first = *catalogue_->GetListing(Admin(kOwner), report.rows[0].listing_id);
  EXPECT_EQ(first.title_nl, "Opstelling, groot");
  EXPECT_EQ(first.description_nl, "Regel een\r\nRegel twee, met \"aanhalingstekens\"");
  EXPECT_EQ(report.rows[1].row, 2);
  EXPECT_EQ(catalogue_->GetListing(Admin(kOwner), report.rows[1].listing_id)->title_nl, "Café");
}

TEST_P(ImportTest, AnyBadRowMeansNothingIsImported) {
  MustImport("title_nl,category,unit_count,capacity_per_unit\nBestaand,simulator,1,4\n");
  ASSERT_THAT(Stored(), SizeIs(1));
  const ImportReport report = MustImport(
      "title_nl,category,unit_count,capacity_per_unit\n"
      "Goed,simulator,1,4\n"
      "Fout,teleporter,1,4\n"
      "Ook goed,vr_ar_set,3,2\n");
  EXPECT_EQ(report.imported_count, 0);
  EXPECT_EQ(report.error_count, 1);
  ASSERT_THAT(report.rows, SizeIs(3));
  EXPECT_TRUE(report.rows[0].errors.empty());
  EXPECT_TRUE(report.rows[0].listing_id.empty());
  EXPECT_THAT(report.rows[1].errors,
              ElementsAre(HasSubstr("category: unknown category \"teleporter\"")));
  EXPECT_TRUE(report.rows[2].listing_id.empty());
  EXPECT_THAT(Stored(), SizeIs(1));
}

TEST_P(ImportTest, ValidateOnlyReportsEveryRowAndStoresNothing) {
  ImportRequest request;
  request.organization_id = kOwner;
  request.csv =
      "title_nl,category,unit_count,capacity_per_unit\n"
      "Goed,simulator,1,4\n"
      "Fout,teleporter,1,4\n"
      "Ook goed,vr_ar_set,3,2\n";
  request.content_type = "text/csv";
  request.validate_only = true;
  request.allow_partial = true;  // even then
  absl::StatusOr<ImportReport> report = catalogue_->ImportListings(Admin(kOwner), request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->imported_count, 0);
  EXPECT_EQ(report->error_count, 1);
  ASSERT_THAT(report->rows, SizeIs(3));
  EXPECT_TRUE(report->rows[0].errors.empty());
  EXPECT_THAT(report->rows[1].errors, ElementsAre(HasSubstr("category: unknown category")));
  for (const ImportRowResult& row : report->rows) EXPECT_TRUE(row.listing_id.empty());
  EXPECT_THAT(Stored(), IsEmpty());

  // The same file imported for real afterwards stores the good rows.
  request.validate_only = false;
  report = catalogue_->ImportListings(Admin(kOwner), request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->imported_count, 2);
  EXPECT_THAT(Stored(), SizeIs(2));
}

TEST_P(ImportTest, AllowPartialImportsTheGoodRows) {
  const ImportReport report = MustImport(
      "title_nl,category,unit_count,capacity_per_unit\n"
      "Goed,simulator,1,4\n"
      "Fout,teleporter,1,4\n"
      "Ook goed,vr_ar_set,3,2\n",
      /*allow_partial=*/true);
  EXPECT_EQ(report.imported_count, 2);
  EXPECT_EQ(report.error_count, 1);
  EXPECT_FALSE(report.rows[0].listing_id.empty());
  EXPECT_TRUE(report.rows[1].listing_id.empty());
  EXPECT_FALSE(report.rows[2].listing_id.empty());
  EXPECT_THAT(Stored(), SizeIs(2));
}

TEST_P(ImportTest, MalformedRowsAreReportedAndReadingGoesOn) {
  const ImportReport report = MustImport(
      "title_nl,category,unit_count,capacity_per_unit\n"
      "Een,simulator,1,4\n"
      "Te veel,simulator,1,4,extra\n"     // 5 fields
      "Te weinig,simulator\n"             // 2 fields
      "Half \"gequote\",simulator,1,4\n"  // quote inside an unquoted field
      "\"Na quote\"x,simulator,1,4\n"     // text after a closing quote
      "Twee,simulator,1,4\n"
      "Getal,simulator,twee,4\n"   // bad number
      "Negatief,simulator,1,-4\n"  // a rule, not a format
      "Drie,simulator,1,4\n",
      /*allow_partial=*/true);
  EXPECT_EQ(report.imported_count, 3) << AllErrors(report);
  EXPECT_EQ(report.error_count, 6);
  ASSERT_THAT(report.rows, SizeIs(9));
  EXPECT_THAT(report.rows[1].errors, ElementsAre(HasSubstr("5 fields where the header has 4")));
  EXPECT_THAT(report.rows[2].errors, ElementsAre(HasSubstr("2 fields where the header has 4")));
  EXPECT_THAT(report.rows[3].errors, ElementsAre(HasSubstr("line 5: a quote inside")));
  EXPECT_THAT(report.rows[4].errors, ElementsAre(HasSubstr("after a closing quote")));
  EXPECT_THAT(report.rows[6].errors, ElementsAre("unit_count: \"twee\" is not a whole number"));
  EXPECT_THAT(report.rows[7].errors, ElementsAre(HasSubstr("capacity_per_unit: must be between")));
  std::vector<std::string> titles;
  for (const Listing& listing : Stored()) titles.push_back(listing.title_nl);
  EXPECT_THAT(titles, ::testing::UnorderedElementsAre("Een", "Twee", "Drie"));
}

TEST_P(ImportTest, AnUnclosedQuoteCostsOnlyItsRow) {
  const ImportReport report = MustImport(
      "title_nl,category,unit_count,capacity_per_unit\n"
      "Een,simulator,1,4\n"
      "\"Nooit gesloten,simulator,1,4\n"
      "Twee,simulator,1,4\n",
      /*allow_partial=*/true);
  EXPECT_EQ(report.imported_count, 2) << AllErrors(report);
  ASSERT_THAT(report.rows, SizeIs(3));
  EXPECT_THAT(report.rows[1].errors, ElementsAre(HasSubstr("not closed")));
}

TEST_P(ImportTest, RowsAreValidatedLikeCreateListing) {
  const Site theirs = MustCreateSite(SiteAt(kOtherOwner, 51, 4));
  const ImportReport report = MustImport(
      absl::StrCat("title_nl,title_en,category,technologies,competences,unit_count,"
                   "capacity_per_unit,audiences,languages,site_id,service_radius_km,media_urls\n",
                   ",,simulator,,,1,4,,,,,\n",                        // no title
                   "Een,,simulator,warp-drive,,1,4,,,,,\n",           // unknown term
                   "Twee,,simulator,care,,1,4,,,,,\n",                // wrong kind
                   "Drie,,simulator,,,0,4,,,,,\n",                    // zero units
                   "Vier,,simulator,,,1,4,aliens,,,,\n",              // unknown audience
                   "Vijf,,simulator,,,1,4,,dutch,,,\n",               // not ISO 639-1
                   "Zes,,simulator,,,1,4,,,", theirs.id, ",,\n",      // someone else's site
                   "Zeven,,mobile_setup,,,1,4,,,,,\n",                // no mobile block
                   "Acht,,simulator,,,1,4,,,,25,\n",                  // mobile block on fixed
                   "Negen,,simulator,,,1,4,,,,,ftp://x.example/a\n",  // not http
                   "Tien,,mobile_setup,,,1,4,,,,abc,\n"),             // bad decimal
      /*allow_partial=*/true);
  ASSERT_THAT(report.rows, SizeIs(11));
  EXPECT_EQ(report.imported_count, 0);
  EXPECT_THAT(report.rows[0].errors, ElementsAre(HasSubstr("title_nl: a title")));
  EXPECT_THAT(report.rows[1].errors,
              ElementsAre(HasSubstr("technologies: unknown vocabulary term \"warp-drive\"")));
  EXPECT_THAT(report.rows[2].errors, ElementsAre(HasSubstr("technologies: \"care\" is a sector")));
  EXPECT_THAT(report.rows[3].errors, ElementsAre(HasSubstr("unit_count")));
  EXPECT_THAT(report.rows[4].errors,
              ElementsAre(HasSubstr("audiences: unknown audience \"aliens\"")));
  EXPECT_THAT(report.rows[5].errors, ElementsAre(HasSubstr("languages")));
  EXPECT_THAT(report.rows[6].errors, ElementsAre(HasSubstr("site_id")));
  EXPECT_THAT(report.rows[7].errors, ElementsAre(HasSubstr("service_radius_km")));
  EXPECT_THAT(report.rows[8].errors, ElementsAre(HasSubstr("is only for mobile setups")));
  EXPECT_THAT(report.rows[9].errors, ElementsAre(HasSubstr("media_urls")));
  EXPECT_THAT(report.rows[10].errors, ElementsAre("service_radius_km: \"abc\" is not a number",
                                                  HasSubstr("travel_speed_kmh")));
}

TEST_P(ImportTest, ReportsStayValidUtf8) {
  std::string long_accents;
  for (int i = 0; i < 30; ++i) long_accents += "\xC3\xA9";  // 60 bytes of "é"
  const ImportReport report =
      MustImport(absl::StrCat("title_nl,category,unit_count,capacity_per_unit\n",
                              "Kapot \xFF\xFE,simulator,1,4\n",  // not UTF-8
                              "Goed,", long_accents, ",1,4\n",   // quoted back, cut at 40 bytes
                              "Ook,simulator,x", long_accents, ",4\n"),
                 /*allow_partial=*/true);
  ASSERT_THAT(report.rows, SizeIs(3));
  EXPECT_THAT(report.rows[0].errors, ElementsAre("title_nl: must be valid UTF-8"));
  for (const ImportRowResult& row : report.rows) {
    ASSERT_FALSE(row.errors.empty());
    for (const std::string& error : row.errors) {
      EXPECT_TRUE(internal::IsValidUtf8(error)) << error;
    }
  }
  EXPECT_THAT(report.rows[1].errors[0], HasSubstr(long_accents.substr(0, 40)));
}

TEST_P(ImportTest, TheFileAsAWholeMustBeUsable) {
  EXPECT_THAT(Import("").status(), StatusIs(absl::StatusCode::kInvalidArgument, "csv"));
  EXPECT_THAT(Import("title_nl,colour,category\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "unknown column \"colour\""));
  EXPECT_THAT(Import("title_nl,title_nl,category\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "appears twice"));
  EXPECT_THAT(Import("title_nl,unit_count\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "category"));
  EXPECT_THAT(Import("\"title_nl,category\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "header"));
  ImportRequest json;
  json.organization_id = kOwner;
  json.csv = "title_nl,category\n";
  json.content_type = "application/json";
  EXPECT_THAT(catalogue_->ImportListings(Admin(kOwner), json).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "content_type"));
  // A header alone is a file with nothing to import.
  EXPECT_THAT(MustImport("title_nl,category\n").rows, IsEmpty());
}

TEST_P(ImportTest, RefusesFilesOverTheLimits) {
  const std::string row = "Opstelling,simulator,1,4\n";
  std::string big = "title_nl,category,unit_count,capacity_per_unit\n";
  while (big.size() <= 2 * 1024 * 1024) big += "\"" + std::string(1000, 'x') + "\",simulator,1,4\n";
  EXPECT_THAT(Import(big).status(), StatusIs(absl::StatusCode::kInvalidArgument, "2 MiB"));

  std::string many = "title_nl,category,unit_count,capacity_per_unit\n";
  for (int i = 0; i < 5001; ++i) many += row;
  EXPECT_THAT(Import(many).status(), StatusIs(absl::StatusCode::kInvalidArgument, "5000 rows"));
  EXPECT_THAT(Stored(), IsEmpty());
}

TEST_P(ImportTest, PublishesWithDefaultTerms) {
  const std::string site = MustCreateSite(SiteAt(kOwner, 51.5, 4.7)).id;
  ImportRequest request;
  request.organization_id = kOwner;
  request.csv = absl::StrCat("title_nl,category,unit_count,capacity_per_unit,site_id\n",
                             "Geïmporteerde simulator,simulator,1,4,", site, "\n");
  request.publish = true;
  EXPECT_THAT(catalogue_->ImportListings(Admin(kOwner), request).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "default_terms"));

  SharingTerms terms = OpenTerms(2500);
  terms.who_may_book.network_ids = {kNetwork};
  request.default_terms = terms;
  absl::StatusOr<ImportReport> report = catalogue_->ImportListings(Admin(kOwner), request);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->imported_count, 1) << AllErrors(*report);
  const Listing published = *catalogue_->GetListing(Anonymous(), report->rows[0].listing_id);
  EXPECT_EQ(published.status, ListingStatus::kPublished);
  EXPECT_EQ(published.terms_version, 1);
  EXPECT_EQ(catalogue_->GetSharingTerms(Anonymous(), published.id, 1)->price.per_hour_cents, 2500);
  absl::StatusOr<SearchResponse> found =
      catalogue_->SearchListings(Anonymous(), {.q = "geimporteerde"});
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->total_count, 1);

  // Rows without a site cannot be published, and the default terms are checked like any terms.
  request.csv = "title_nl,category,unit_count,capacity_per_unit\nZonder plek,simulator,1,4\n";
  report = catalogue_->ImportListings(Admin(kOwner), request);
  ASSERT_TRUE(report.ok());
  EXPECT_THAT(report->rows[0].errors, ElementsAre("site_id: is required to publish"));
  request.default_terms->price.per_day_cents = -1;
  EXPECT_THAT(catalogue_->ImportListings(Admin(kOwner), request).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "default_terms.price.per_day_cents"));
  request.default_terms->price.per_day_cents = 0;
  request.default_terms->who_may_book.network_ids = {"net_unknown"};
  EXPECT_THAT(catalogue_->ImportListings(Admin(kOwner), request).status(),
              StatusIs(absl::StatusCode::kNotFound, "default_terms.who_may_book.network_ids"));
}

TEST_P(ImportTest, ARegistryThatIsDownImportsNothing) {
  registry_down_ = absl::UnavailableError("registry down");
  EXPECT_EQ(
      Import("title_nl,category,unit_count,capacity_per_unit\nEen,simulator,1,4\n").status().code(),
      absl::StatusCode::kUnavailable);
  registry_down_ = absl::OkStatus();
  EXPECT_THAT(Stored(), IsEmpty());
}

// ---- The reader on its own

TEST(CsvTest, SplitsRecordsAndFields) {
  const std::vector<CsvRecord> records = ParseCsv("a,b,c\n1,,3\r\n\n\"x\"\"y\",\"\",z");
  ASSERT_THAT(records, SizeIs(3));
  EXPECT_THAT(records[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_THAT(records[1].fields, ElementsAre("1", "", "3"));
  EXPECT_THAT(records[2].fields, ElementsAre("x\"y", "", "z"));
  EXPECT_EQ(records[2].line, 4);
}

TEST(CsvTest, KeepsLineBreaksAndCommasInsideQuotes) {
  const std::vector<CsvRecord> records = ParseCsv("\"a\nb\",\"c,d\"\nnext,row\n");
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_THAT(records[0].fields, ElementsAre("a\nb", "c,d"));
  EXPECT_EQ(records[1].line, 3);
  EXPECT_THAT(records[1].fields, ElementsAre("next", "row"));
}

TEST(CsvTest, TrailingCommaAndLoneCarriageReturn) {
  const std::vector<CsvRecord> records = ParseCsv("a,\rb,c");
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_THAT(records[0].fields, ElementsAre("a", ""));
  EXPECT_THAT(records[1].fields, ElementsAre("b", "c"));
}

TEST(CsvTest, MalformedRecordsDoNotStopTheReader) {
  const std::vector<CsvRecord> records = ParseCsv("ok,1\nba\"d,2\n\"x\"y,3\n\"open,4\nok,5\n");
  ASSERT_THAT(records, SizeIs(5));
  EXPECT_TRUE(records[0].error.empty());
  EXPECT_FALSE(records[1].error.empty());
  EXPECT_FALSE(records[2].error.empty());
  EXPECT_FALSE(records[3].error.empty());
  EXPECT_EQ(records[3].line, 4);
  EXPECT_TRUE(records[4].error.empty());
  EXPECT_THAT(records[4].fields, ElementsAre("ok", "5"));
}

TEST(CsvTest, SkipsTheByteOrderMark) {
  const std::vector<CsvRecord> records = ParseCsv("\xEF\xBB\xBFtitle_nl\nx\n");
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_THAT(records[0].fields, ElementsAre("title_nl"));
}

LP_CATALOGUE_ON_EACH_BACKEND(ImportTest);

}  // namespace
}  // namespace leerpool::catalogue::testing
