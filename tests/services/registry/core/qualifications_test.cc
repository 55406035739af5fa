// Qualification types, issuing and revoking, who sees what, and validity over whole days.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/core/registry.h"
#include "tests/services/registry/core/registry_fixture.h"

namespace leerpool::registry {
namespace {

using testing::Anonymous;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using testing::Message;
using testing::Must;
using ::testing::StartsWith;

Date D(int year, int month, int day) { return Date{year, month, day}; }

class QualificationsTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    RegistryFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    censes_ = MakeOrganization("Censes Education", OrganizationKind::kManufacturer);
    curio_ = MakeOrganization("Curio");
    spoor_ = MakeOrganization("Het Spoor", OrganizationKind::kSchool, "BE");
    mia_ = Join(admin_, censes_.id, "mia@censes.test", {Role::kOrgAdmin});
    ivo_ = Join(mia_, censes_.id, "ivo@censes.test", {Role::kInstructor});
    alice_ = Join(admin_, curio_.id, "alice@curio.test", {Role::kOrgAdmin});
    carl_ = Join(alice_, curio_.id, "carl@curio.test", {Role::kCoordinator});
    ines_ = Join(alice_, curio_.id, "ines@curio.test", {Role::kInstructor});
    anna_ = Join(alice_, curio_.id, "anna@curio.test", {Role::kAnalyst});
    bob_ = Join(admin_, spoor_.id, "bob@spoor.test", {Role::kOrgAdmin});
    heat_pump_ = MakeType(mia_, censes_.id, "HP-TTT", 24);
  }

  QualificationType MakeType(const auth::Caller& caller, const std::string& issuer,
                             const std::string& code, int validity_months) {
    QualificationType type;
    type.issuer_organization_id = issuer;
    type.code = code;
    type.name_nl = "Train-de-trainer warmtepomp";
    type.name_en = "Heat-pump train-the-trainer";
    type.validity_months = validity_months;
    return Must(registry_->CreateQualificationType(caller, type));
  }

  IssueQualificationRequest IssueTo(const std::string& person_id, Date issue,
                                    std::optional<Date> expiry = std::nullopt,
                                    const std::string& type_id = "") {
    IssueQualificationRequest request;
    request.qualification_type_id = type_id.empty() ? heat_pump_.id : type_id;
    request.person_id = person_id;
    request.issue_date = issue;
    request.expiry_date = expiry;
    return request;
  }

  // Whether Ines holds the heat-pump qualification on every day from `start` to `end`.
  bool Valid(Date start, std::optional<Date> end = std::nullopt, const std::string& type_id = "") {
    CheckQualificationsRequest request;
    request.person_id = ines_.person_id;
    request.qualification_type_ids = {type_id.empty() ? heat_pump_.id : type_id};
    request.start_date = start;
    request.end_date = end;
    const QualificationChecks checks = Must(registry_->CheckQualifications(bob_, request));
    EXPECT_EQ(checks.checks.size(), 1u);
    EXPECT_EQ(checks.all_valid, !checks.checks.empty() && checks.checks[0].valid);
    return checks.all_valid;
  }

  Organization censes_, curio_, spoor_;
  auth::Caller mia_, ivo_, alice_, carl_, ines_, anna_, bob_;
  QualificationType heat_pump_;
};

// ---------------------------------------------------------------------------------------------
// Types

TEST_P(QualificationsTest, TheIssuersAdminDefinesATypeWithACodeUniquePerIssuer) {
  EXPECT_THAT(heat_pump_.id, MatchesRegex("qtype_[0-9a-f]{32}"));
  EXPECT_EQ(heat_pump_.create_time, clock_.Now());
  EXPECT_EQ(Must(registry_->GetQualificationType(Anonymous(), heat_pump_.id)), heat_pump_);
  QualificationType again = heat_pump_;
  again.id.clear();
  absl::StatusOr<QualificationType> duplicate = registry_->CreateQualificationType(mia_, again);
  EXPECT_EQ(duplicate.status().code(), absl::StatusCode::kAlreadyExists);
  // Another issuer may use the same code.
  MakeType(alice_, curio_.id, "HP-TTT", 12);
  EXPECT_EQ(
      Must(registry_->ListQualificationTypes(Anonymous(), "", 0, "")).qualification_types.size(),
      2u);
  EXPECT_EQ(
      Must(registry_->ListQualificationTypes(Anonymous(), censes_.id, 0, "")).qualification_types,
      std::vector<QualificationType>{heat_pump_});
}

TEST_P(QualificationsTest, DefiningATypeNeedsTheIssuersAdmin) {
  QualificationType type;
  type.issuer_organization_id = censes_.id;
  type.code = "FGAS-1";
  type.name_en = "F-gas";
  EXPECT_EQ(registry_->CreateQualificationType(ivo_, type).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->CreateQualificationType(alice_, type).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->CreateQualificationType(Anonymous(), type).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(registry_->CreateQualificationType(admin_, type).ok());
}

TEST_P(QualificationsTest, TypeFieldsAreValidated) {
  struct Case {
    std::string field;
    std::function<void(QualificationType&)> spoil;
  };
  const std::vector<Case> cases = {
      {"qualification_type.validity_months", [](auto& t) { t.validity_months = -1; }},
      {"qualification_type.validity_months", [](auto& t) { t.validity_months = 601; }},
      {"qualification_type.code", [](auto& t) { t.code = ""; }},
      {"qualification_type.code", [](auto& t) { t.code = "VCA BASIS"; }},
      {"qualification_type.code", [](auto& t) { t.code.assign(65, 'C'); }},
      {"qualification_type.name_nl", [](auto& t) { t.name_nl = t.name_en = " "; }},
      {"qualification_type.name_en", [](auto& t) { t.name_en.assign(201, 'n'); }},
      {"qualification_type.description", [](auto& t) { t.description.assign(2001, 'd'); }},
      {"qualification_type.id", [](auto& t) { t.id = "qtype_mine"; }},
      {"qualification_type.issuer_organization_id", [](auto& t) { t.issuer_organization_id = ""; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    QualificationType type;
    type.issuer_organization_id = censes_.id;
    type.code = "VCA-BASIS";
    type.name_nl = "VCA basisveiligheid";
    type.name_en = "VCA basic safety";
    c.spoil(type);
    absl::StatusOr<QualificationType> created = registry_->CreateQualificationType(mia_, type);
    EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument) << created.status();
    EXPECT_THAT(Message(created.status()), StartsWith(c.field + ":"));
  }
  EXPECT_EQ(MakeType(mia_, censes_.id, "NEVER", 0).validity_months, 0);
  EXPECT_EQ(MakeType(mia_, censes_.id, "FIFTY.YEARS", 600).validity_months, 600);
}

// ---------------------------------------------------------------------------------------------
// Issuing

TEST_P(QualificationsTest, TheExpiryDefaultsToTheDayBeforeTheValidityEnds) {
  const Qualification issued =
      Must(registry_->IssueQualification(mia_, IssueTo(ines_.person_id, D(2026, 2, 1))));
  EXPECT_THAT(issued.id, MatchesRegex("qual_[0-9a-f]{32}"));
  EXPECT_EQ(issued.issue_date, absl::CivilDay(2026, 2, 1));
  EXPECT_EQ(issued.expiry_date, absl::CivilDay(2028, 1, 31));
  EXPECT_EQ(issued.issued_by_person_id, mia_.person_id);
  EXPECT_EQ(issued.person_id, ines_.person_id);
  EXPECT_FALSE(issued.revoked);

  // A month without the issue day ends on its last day.
  const QualificationType monthly = MakeType(mia_, censes_.id, "MONTHLY", 1);
  EXPECT_EQ(Must(registry_->IssueQualification(
                     mia_, IssueTo(ines_.person_id, D(2024, 1, 31), std::nullopt, monthly.id)))
                .expiry_date,
            absl::CivilDay(2024, 2, 28));
  // No validity, no expiry.
  const QualificationType forever = MakeType(mia_, censes_.id, "FOREVER", 0);
  EXPECT_EQ(Must(registry_->IssueQualification(
                     mia_, IssueTo(ines_.person_id, D(2024, 1, 31), std::nullopt, forever.id)))
                .expiry_date,
            std::nullopt);
}

TEST_P(QualificationsTest, AnExplicitExpiryLiesBetweenIssueAndTheDefault) {
  EXPECT_EQ(Must(registry_->IssueQualification(
                     mia_, IssueTo(ines_.person_id, D(2026, 2, 1), D(2028, 1, 31))))
                .expiry_date,
            absl::CivilDay(2028, 1, 31));
  EXPECT_EQ(Must(registry_->IssueQualification(
                     mia_, IssueTo(ines_.person_id, D(2026, 2, 1), D(2026, 2, 1))))
                .expiry_date,
            absl::CivilDay(2026, 2, 1));
  for (const Date& expiry : {D(2028, 2, 1), D(2026, 1, 31)}) {
    absl::StatusOr<Qualification> refused =
        registry_->IssueQualification(mia_, IssueTo(ines_.person_id, D(2026, 2, 1), expiry));
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(refused.status()), StartsWith("expiry_date:"));
  }
  // Without a validity there is no default to stay under.
  const QualificationType forever = MakeType(mia_, censes_.id, "FOREVER", 0);
  EXPECT_TRUE(registry_
                  ->IssueQualification(
                      mia_, IssueTo(ines_.person_id, D(2026, 2, 1), D(2090, 1, 1), forever.id))
                  .ok());
}

TEST_P(QualificationsTest, TheIssueDateIsARequiredRealDate) {
  for (const std::optional<Date>& issue :
       {std::optional<Date>(), std::optional<Date>(D(2026, 2, 30)),
        std::optional<Date>(D(2026, 13, 1)), std::optional<Date>(D(2026, 0, 1)),
        std::optional<Date>(D(0, 1, 1)), std::optional<Date>(D(2025, 2, 29))}) {
    IssueQualificationRequest request = IssueTo(ines_.person_id, D(2026, 1, 1));
    request.issue_date = issue;
    absl::StatusOr<Qualification> refused = registry_->IssueQualification(mia_, request);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(refused.status()), StartsWith("issue_date:"));
  }
  EXPECT_TRUE(registry_->IssueQualification(mia_, IssueTo(ines_.person_id, D(2024, 2, 29))).ok());
}

TEST_P(QualificationsTest, TheHolderIsNamedByIdOrByEmail) {
  IssueQualificationRequest by_email = IssueTo("", D(2026, 2, 1));
  by_email.person_email = " INES@curio.test";
  EXPECT_EQ(Must(registry_->IssueQualification(ivo_, by_email)).person_id, ines_.person_id);
  by_email.person_email = "nobody@curio.test";
  EXPECT_EQ(registry_->IssueQualification(ivo_, by_email).status().code(),
            absl::StatusCode::kNotFound);
  IssueQualificationRequest both = IssueTo(ines_.person_id, D(2026, 2, 1));
  both.person_email = "ines@curio.test";
  EXPECT_THAT(Message(registry_->IssueQualification(ivo_, both).status()),
              StartsWith("person_id:"));
  EXPECT_THAT(Message(registry_->IssueQualification(ivo_, IssueTo("", D(2026, 2, 1))).status()),
              StartsWith("person_id:"));
  EXPECT_EQ(
      registry_->IssueQualification(ivo_, IssueTo("person_nope", D(2026, 2, 1))).status().code(),
      absl::StatusCode::kNotFound);
}

TEST_P(QualificationsTest, OnlyTheIssuersAdminsAndInstructorsIssueAndRevoke) {
  EXPECT_TRUE(registry_->IssueQualification(ivo_, IssueTo(ines_.person_id, D(2026, 2, 1))).ok());
  for (const auth::Caller* outsider : {&ines_, &alice_, &bob_}) {
    EXPECT_EQ(registry_->IssueQualification(*outsider, IssueTo(ines_.person_id, D(2026, 2, 1)))
                  .status()
                  .code(),
              absl::StatusCode::kPermissionDenied);
  }
  EXPECT_EQ(registry_->IssueQualification(Anonymous(), IssueTo(ines_.person_id, D(2026, 2, 1)))
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
  const Qualification issued =
      Must(registry_->IssueQualification(admin_, IssueTo(ines_.person_id, D(2026, 2, 1))));
  EXPECT_EQ(registry_->RevokeQualification(alice_, issued.id, "fraud").status().code(),
            absl::StatusCode::kPermissionDenied);
  const Qualification revoked =
      Must(registry_->RevokeQualification(ivo_, issued.id, "training not completed"));
  EXPECT_TRUE(revoked.revoked);
  EXPECT_EQ(revoked.revocation_reason, "training not completed");
  EXPECT_EQ(registry_->RevokeQualification(ivo_, issued.id, "again").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(registry_->RevokeQualification(ivo_, issued.id, " ").status()),
              StartsWith("reason:"));
  EXPECT_EQ(registry_->RevokeQualification(ivo_, "qual_nope", "x").status().code(),
            absl::StatusCode::kNotFound);
}

// ---------------------------------------------------------------------------------------------
// Validity: whole days, inclusive at both edges. Issued 2026-02-01, expires 2028-01-31.

class ValidityTest : public QualificationsTest {
 protected:
  void SetUp() override {
    QualificationsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    issued_ = Must(registry_->IssueQualification(mia_, IssueTo(ines_.person_id, D(2026, 2, 1))));
  }
  Qualification issued_;
};

TEST_P(ValidityTest, TheDayBeforeIssueIsNotCovered) { EXPECT_FALSE(Valid(D(2026, 1, 31))); }

TEST_P(ValidityTest, TheIssueDayIsCovered) { EXPECT_TRUE(Valid(D(2026, 2, 1))); }

TEST_P(ValidityTest, TheExpiryDayIsCovered) { EXPECT_TRUE(Valid(D(2028, 1, 31))); }

TEST_P(ValidityTest, TheDayAfterExpiryIsNotCovered) { EXPECT_FALSE(Valid(D(2028, 2, 1))); }

TEST_P(ValidityTest, APeriodMustBeCoveredOnEveryDay) {
  EXPECT_TRUE(Valid(D(2026, 2, 1), D(2028, 1, 31)));
  EXPECT_FALSE(Valid(D(2028, 1, 30), D(2028, 2, 1)));  // straddles the expiry
  EXPECT_FALSE(Valid(D(2026, 1, 31), D(2026, 2, 2)));  // starts before the issue
}

TEST_P(ValidityTest, ARevokedQualificationCoversNothing) {
  Must(registry_->RevokeQualification(mia_, issued_.id, "safety incident"));
  EXPECT_FALSE(Valid(D(2026, 6, 1)));
}

TEST_P(ValidityTest, TheCheckNamesTheCoveringQualification) {
  // A later renewal covers what the first no longer does.
  const Qualification renewal =
      Must(registry_->IssueQualification(mia_, IssueTo(ines_.person_id, D(2027, 12, 1))));
  CheckQualificationsRequest request;
  request.person_id = ines_.person_id;
  request.qualification_type_ids = {heat_pump_.id};
  request.start_date = D(2028, 3, 1);
  const QualificationChecks checks = Must(registry_->CheckQualifications(carl_, request));
  ASSERT_EQ(checks.checks.size(), 1u);
  EXPECT_TRUE(checks.checks[0].valid);
  EXPECT_EQ(checks.checks[0].qualification_id, renewal.id);
  EXPECT_EQ(checks.checks[0].expiry_date, absl::CivilDay(2029, 11, 30));
}

TEST_P(ValidityTest, AQualificationWithoutExpiryStaysValid) {
  const QualificationType forever = MakeType(mia_, censes_.id, "FOREVER", 0);
  Must(registry_->IssueQualification(
      mia_, IssueTo(ines_.person_id, D(2026, 2, 1), std::nullopt, forever.id)));
  EXPECT_TRUE(Valid(D(2026, 2, 1), D(9999, 12, 31), forever.id));
}

TEST_P(ValidityTest, EveryTypeMustBeValidForAllValid) {
  const QualificationType vca = MakeType(mia_, censes_.id, "VCA", 120);
  CheckQualificationsRequest request;
  request.person_id = ines_.person_id;
  request.qualification_type_ids = {heat_pump_.id, vca.id};
  request.start_date = D(2026, 6, 1);
  const QualificationChecks checks = Must(registry_->CheckQualifications(ines_, request));
  ASSERT_EQ(checks.checks.size(), 2u);
  EXPECT_TRUE(checks.checks[0].valid);
  EXPECT_FALSE(checks.checks[1].valid);
  EXPECT_EQ(checks.checks[1].qualification_id, "");
  EXPECT_FALSE(checks.all_valid);
}

TEST_P(ValidityTest, BadChecksAreRefused) {
  CheckQualificationsRequest request;
  request.person_id = ines_.person_id;
  request.qualification_type_ids = {heat_pump_.id};
  request.start_date = D(2026, 6, 2);
  request.end_date = D(2026, 6, 1);
  EXPECT_THAT(Message(registry_->CheckQualifications(bob_, request).status()),
              StartsWith("end_date:"));
  request.end_date.reset();
  request.start_date.reset();
  EXPECT_THAT(Message(registry_->CheckQualifications(bob_, request).status()),
              StartsWith("start_date:"));
  request.start_date = D(2026, 6, 1);
  request.qualification_type_ids = {"qtype_nope"};
  EXPECT_EQ(registry_->CheckQualifications(bob_, request).status().code(),
            absl::StatusCode::kNotFound);
  request.qualification_type_ids = {};
  EXPECT_THAT(Message(registry_->CheckQualifications(bob_, request).status()),
              StartsWith("qualification_type_ids:"));
  request.qualification_type_ids = {heat_pump_.id};
  request.person_id = "person_nope";
  EXPECT_EQ(registry_->CheckQualifications(bob_, request).status().code(),
            absl::StatusCode::kNotFound);
  request.person_id = ines_.person_id;
  EXPECT_EQ(registry_->CheckQualifications(Anonymous(), request).status().code(),
            absl::StatusCode::kUnauthenticated);
}

// ---------------------------------------------------------------------------------------------
// Who sees a person's qualifications

TEST_P(QualificationsTest, ListingShowsAllToThePersonTheirOrganisationAndPlatformAdmins) {
  const QualificationType school_course = MakeType(alice_, curio_.id, "EHBO", 12);
  const Qualification hp =
      Must(registry_->IssueQualification(mia_, IssueTo(ines_.person_id, D(2026, 2, 1))));
  const Qualification first_aid = Must(registry_->IssueQualification(
      alice_, IssueTo(ines_.person_id, D(2026, 3, 1), std::nullopt, school_course.id)));
  for (const auth::Caller* sees_all : {&ines_, &admin_, &alice_, &carl_}) {
    EXPECT_THAT(Must(registry_->ListQualifications(*sees_all, ines_.person_id)),
                ElementsAre(hp, first_aid));
  }
  // An issuer sees what it issued, nothing else.
  EXPECT_THAT(Must(registry_->ListQualifications(mia_, ines_.person_id)), ElementsAre(hp));
  EXPECT_THAT(Must(registry_->ListQualifications(ivo_, ines_.person_id)), ElementsAre(hp));
  EXPECT_THAT(Must(registry_->ListQualifications(bob_, ines_.person_id)), IsEmpty());
  // Neither a colleague without a managing role nor an outsider without an issuing one.
  EXPECT_EQ(registry_->ListQualifications(anna_, ines_.person_id).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(registry_->ListQualifications(Anonymous(), ines_.person_id).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(registry_->ListQualifications(admin_, "person_nope").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(QualificationsTest, RecognisedOnceRecognisedByEveryoneWhoAsks) {
  Must(registry_->IssueQualification(mia_, IssueTo(ines_.person_id, D(2026, 2, 1))));
  CheckQualificationsRequest request;
  request.person_id = ines_.person_id;
  request.qualification_type_ids = {heat_pump_.id};
  request.start_date = D(2027, 5, 1);
  for (const auth::Caller* asker : {&bob_, &alice_, &anna_, &mia_, &ines_, &admin_}) {
    EXPECT_TRUE(Must(registry_->CheckQualifications(*asker, request)).all_valid);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, QualificationsTest, testing::Backends(),
                         testing::BackendTestName());
INSTANTIATE_TEST_SUITE_P(Backends, ValidityTest, testing::Backends(), testing::BackendTestName());

}  // namespace
}  // namespace leerpool::registry
