// The vocabulary listing, on the real SQLite repository and its seed migration.

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
#include "services/catalogue/sqlite/sqlite_vocabulary_repository.h"
#include "storage/sqlite.h"

namespace leerpool::catalogue {
namespace {

using ::testing::Contains;
using ::testing::Each;
using ::testing::Field;
using ::testing::IsSupersetOf;
using ::testing::Not;

std::vector<std::string> Codes(const std::vector<VocabularyTerm>& terms) {
  std::vector<std::string> codes;
  for (const VocabularyTerm& term : terms) codes.push_back(term.code);
  return codes;
}

class VocabularyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenCatalogueDatabase({});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    repository_ = std::make_unique<SqliteVocabularyRepository>(*db_, mutex_);
    catalogue_ = std::make_unique<Catalogue>(*repository_);
  }

  std::vector<VocabularyTerm> MustList(VocabularyKind kind) {
    absl::StatusOr<std::vector<VocabularyTerm>> terms = catalogue_->ListVocabulary(kind);
    EXPECT_TRUE(terms.ok()) << terms.status();
    return terms.ok() ? *terms : std::vector<VocabularyTerm>{};
  }

  std::unique_ptr<storage::Database> db_;
  std::mutex mutex_;
  std::unique_ptr<SqliteVocabularyRepository> repository_;
  std::unique_ptr<Catalogue> catalogue_;
};

TEST_F(VocabularyTest, UnspecifiedListsEveryKind) {
  const std::vector<VocabularyTerm> terms = MustList(VocabularyKind::kUnspecified);
  std::set<VocabularyKind> kinds;
  for (const VocabularyTerm& term : terms) kinds.insert(term.kind);
  EXPECT_EQ(kinds, (std::set<VocabularyKind>{VocabularyKind::kTechnology, VocabularyKind::kSector,
                                             VocabularyKind::kCompetence}));
  EXPECT_EQ(terms.size(), MustList(VocabularyKind::kTechnology).size() +
                              MustList(VocabularyKind::kSector).size() +
                              MustList(VocabularyKind::kCompetence).size());
}

TEST_F(VocabularyTest, SeedHoldsTheDomainTerms) {
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

TEST_F(VocabularyTest, FilterByKindReturnsOnlyThatKind) {
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

TEST_F(VocabularyTest, IsOrderedByKindThenCode) {
  const std::vector<VocabularyTerm> terms = MustList(VocabularyKind::kUnspecified);
  EXPECT_TRUE(std::is_sorted(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
    return std::tie(a.kind, a.code) < std::tie(b.kind, b.code);
  }));
}

TEST_F(VocabularyTest, CodesAreUniqueAndEveryTermIsLabelledInBothLanguages) {
  const std::vector<VocabularyTerm> terms = MustList(VocabularyKind::kUnspecified);
  const std::vector<std::string> codes = Codes(terms);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
  for (const VocabularyTerm& term : terms) {
    EXPECT_FALSE(term.label_nl.empty()) << term.code;
    EXPECT_FALSE(term.label_en.empty()) << term.code;
    EXPECT_FALSE(term.code.empty());
  }
}

TEST_F(VocabularyTest, RejectsAnUnknownKind) {
  for (int kind : {4, 99, -1}) {
    absl::StatusOr<std::vector<VocabularyTerm>> terms =
        catalogue_->ListVocabulary(static_cast<VocabularyKind>(kind));
    ASSERT_FALSE(terms.ok()) << kind;
    EXPECT_EQ(terms.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(terms.status().message()), ::testing::StartsWith("kind:"));
  }
}

}  // namespace
}  // namespace leerpool::catalogue
