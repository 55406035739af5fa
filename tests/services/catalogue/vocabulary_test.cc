// The vocabulary, on the real SQLite store and its seed migration.

#include "services/catalogue/core/vocabulary.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/catalogue/catalogue_test_fixture.h"

namespace leerpool::catalogue {
namespace {

using ::testing::Contains;
using ::testing::Each;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

std::vector<std::string> Codes(const std::vector<VocabularyTerm>& terms) {
  std::vector<std::string> codes;
  for (const VocabularyTerm& term : terms) codes.push_back(term.code);
  return codes;
}

class VocabularyTest : public testing::CatalogueBackendTest {
 protected:
  std::vector<VocabularyTerm> MustList(VocabularyKind kind) {
    absl::StatusOr<std::vector<VocabularyTerm>> terms =
        catalogue_->ListVocabulary(Anonymous(), kind);
    EXPECT_TRUE(terms.ok()) << terms.status();
    return terms.ok() ? *terms : std::vector<VocabularyTerm>{};
  }
};

TEST_P(VocabularyTest, UnspecifiedListsEveryKind) {
  const std::vector<VocabularyTerm> terms = MustList(VocabularyKind::kUnspecified);
  std::set<VocabularyKind> kinds;
  for (const VocabularyTerm& term : terms) kinds.insert(term.kind);
  EXPECT_EQ(kinds, (std::set<VocabularyKind>{VocabularyKind::kTechnology, VocabularyKind::kSector,
                                             VocabularyKind::kCompetence}));
  EXPECT_EQ(terms.size(), MustList(VocabularyKind::kTechnology).size() +
                              MustList(VocabularyKind::kSector).size() +
                              MustList(VocabularyKind::kCompetence).size());
}

TEST_P(VocabularyTest, SeedHoldsTheDomainTerms) {
  const std::vector<VocabularyTerm> terms = MustList(VocabularyKind::kUnspecified);
  EXPECT_THAT(terms, Contains(VocabularyTerm{"heat-pump", VocabularyKind::kTechnology,
                                             "Warmtepompen", "Heat pumps"}));
  EXPECT_THAT(terms, Contains(VocabularyTerm{"charging-point", VocabularyKind::kTechnology,
                                             "Laadpalen", "Charging points"}));
  EXPECT_THAT(terms, Contains(VocabularyTerm{"safety-regulations", VocabularyKind::kCompetence,
                                             "Kennis en toepassing van veiligheidsvoorschriften",
                                             "Knowledge and application of safety regulations"}));
  EXPECT_THAT(Codes(MustList(VocabularyKind::kSector)),
              IsSupersetOf({"energy-technology", "installation", "care", "logistics"}));
}

TEST_P(VocabularyTest, FilterByKindReturnsOnlyThatKind) {
  for (VocabularyKind kind :
       {VocabularyKind::kTechnology, VocabularyKind::kSector, VocabularyKind::kCompetence}) {
    SCOPED_TRACE(static_cast<int>(kind));
    const std::vector<VocabularyTerm> terms = MustList(kind);
    EXPECT_FALSE(terms.empty());
    EXPECT_THAT(terms, Each(Field(&VocabularyTerm::kind, kind)));
  }
  EXPECT_THAT(Codes(MustList(VocabularyKind::kTechnology)),
              IsSupersetOf({"heat-pump", "charging-point", "solar-pv"}));
  EXPECT_THAT(Codes(MustList(VocabularyKind::kTechnology)), Not(Contains("safety-regulations")));
  EXPECT_THAT(Codes(MustList(VocabularyKind::kCompetence)), Contains("safety-regulations"));
  EXPECT_THAT(Codes(MustList(VocabularyKind::kCompetence)), Not(Contains("heat-pump")));
}

TEST_P(VocabularyTest, IsOrderedByKindThenCode) {
  const std::vector<VocabularyTerm> terms = MustList(VocabularyKind::kUnspecified);
  EXPECT_TRUE(std::is_sorted(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
    return std::tie(a.kind, a.code) < std::tie(b.kind, b.code);
  }));
}

TEST_P(VocabularyTest, CodesAreUniqueAndEveryTermIsLabelledInBothLanguages) {
  const std::vector<VocabularyTerm> terms = MustList(VocabularyKind::kUnspecified);
  const std::vector<std::string> codes = Codes(terms);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
  for (const VocabularyTerm& term : terms) {
    EXPECT_FALSE(term.label_nl.empty()) << term.code;
    EXPECT_FALSE(term.label_en.empty()) << term.code;
    EXPECT_FALSE(term.code.empty());
  }
}

TEST_P(VocabularyTest, RejectsAnUnknownKind) {
  for (int kind : {4, 99, -1}) {
    absl::StatusOr<std::vector<VocabularyTerm>> terms =
        catalogue_->ListVocabulary(Anonymous(), static_cast<VocabularyKind>(kind));
    ASSERT_FALSE(terms.ok()) << kind;
    EXPECT_EQ(terms.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(terms.status().message()), ::testing::StartsWith("kind:"));
  }
}

TEST_P(VocabularyTest, PlatformAdminsAddTermsThatListingsCanUse) {
  const VocabularyTerm term{"hydrogen", VocabularyKind::kTechnology, "Waterstof", "Hydrogen"};
  EXPECT_EQ(catalogue_->CreateVocabularyTerm(Admin(testing::kOwner), term).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(catalogue_->CreateVocabularyTerm(Anonymous(), term).status().code(),
            absl::StatusCode::kUnauthenticated);
  absl::StatusOr<VocabularyTerm> created = catalogue_->CreateVocabularyTerm(PlatformAdmin(), term);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_THAT(MustList(VocabularyKind::kTechnology), Contains(term));
  EXPECT_EQ(catalogue_->CreateVocabularyTerm(PlatformAdmin(), term).status().code(),
            absl::StatusCode::kAlreadyExists);

  Listing listing = Fixed(testing::kOwner, "Waterstofopstelling");
  listing.technologies = {"hydrogen"};
  EXPECT_EQ(MustCreate(listing).technologies, std::vector<std::string>{"hydrogen"});
}

TEST_P(VocabularyTest, NewTermCodesAreLowercaseLettersDigitsAndDashes) {
  for (const char* code : {"Heat-Pump", "heat pump", "heat_pump", "", "warmtepomp\xC3\xA9"}) {
    absl::Status status =
        catalogue_
            ->CreateVocabularyTerm(PlatformAdmin(),
                                   {code, VocabularyKind::kTechnology, "Label", "Label"})
            .status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << code;
    EXPECT_THAT(std::string(status.message()), HasSubstr("term.code")) << code;
  }
  EXPECT_THAT(std::string(catalogue_
                              ->CreateVocabularyTerm(
                                  PlatformAdmin(), {"x-1", VocabularyKind::kUnspecified, "L", "L"})
                              .status()
                              .message()),
              HasSubstr("term.kind"));
  EXPECT_THAT(std::string(catalogue_
                              ->CreateVocabularyTerm(PlatformAdmin(),
                                                     {"x-1", VocabularyKind::kSector, " ", "L"})
                              .status()
                              .message()),
              HasSubstr("term.label_nl"));
}

LP_CATALOGUE_ON_EACH_BACKEND(VocabularyTest);

}  // namespace
}  // namespace leerpool::catalogue
