// The RegistryStore on its own, on each backend (SqliteRegistryStore on an in-memory database,
// PgRegistryStore on a fresh PostgreSQL database): what the core relies on it for, the same
// expectations for both.

#include "services/registry/sqlite/sqlite_registry_store.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/status_macros.h"
#include "services/registry/core/registry_store.h"
#include "services/registry/postgres/pg_registry_store.h"
#include "tests/services/registry/registry_test_store.h"

namespace leerpool::registry {
namespace {

using testing::Backend;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Organization Make(std::string id, std::string name) {
  Organization organization;
  organization.id = std::move(id);
  organization.name = std::move(name);
  organization.kind = OrganizationKind::kCompany;
  organization.country = "BE";
  organization.status = OrganizationStatus::kActive;
  organization.time_zone = "Europe/Brussels";
  organization.create_time = absl::FromUnixMicros(1700000000000001);
  organization.update_time = absl::FromUnixMicros(1700000000000002);
  return organization;
}

std::vector<std::string> Ids(const std::vector<Organization>& organizations) {
  std::vector<std::string> ids;
  for (const Organization& organization : organizations) ids.push_back(organization.id);
  return ids;
}

// The organisation calls of one transaction, as the old repository offered them, so the
// organisation tests read as before.
class OrganizationCalls {
 public:
  explicit OrganizationCalls(RegistryStore& store) : store_(store) {}
  absl::Status Create(const Organization& organization) {
    return store_.Transact(
        [&](RegistryTransaction& tx) { return tx.InsertOrganization(organization); });
  }
  absl::StatusOr<Organization> Get(const std::string& id) {
    absl::StatusOr<Organization> found = absl::UnknownError("not run");
    absl::Status status = store_.Read([&](RegistryTransaction& tx) {
      found = tx.GetOrganization(id);
      return found.status();
    });
    if (!status.ok()) return status;
    return found;
  }
  absl::StatusOr<std::vector<Organization>> List(const OrganizationFilter& filter,
                                                 const std::optional<OrganizationCursor>& after,
                                                 int limit) {
    std::vector<Organization> listed;
    LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
      LP_ASSIGN_OR_RETURN(listed, tx.ListOrganizations(filter, after, limit));
      return absl::OkStatus();
    }));
    return listed;
  }
  absl::Status Update(const Organization& organization) {
    return store_.Transact(
        [&](RegistryTransaction& tx) { return tx.UpdateOrganization(organization); });
  }

 private:
  RegistryStore& store_;
};

class RegistryStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    LP_OPEN_REGISTRY_TEST_STORE(GetParam(), db_);
    store_ = &db_->store();
    repository_ = std::make_unique<OrganizationCalls>(*store_);
  }

  std::vector<Organization> List(const OrganizationFilter& filter = {},
                                 const std::optional<OrganizationCursor>& after = std::nullopt,
                                 int limit = 100) {
    absl::StatusOr<std::vector<Organization>> listed = repository_->List(filter, after, limit);
    EXPECT_TRUE(listed.ok()) << listed.status();
    return listed.ok() ? *listed : std::vector<Organization>{};
  }

  std::unique_ptr<testing::TestStore> db_;
  RegistryStore* store_ = nullptr;
  std::unique_ptr<OrganizationCalls> repository_;
};

TEST_P(RegistryStoreTest, MigratesToTheLatestSchema) {
  absl::StatusOr<int> version = db_->SchemaVersion();
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, db_->LatestVersion());
}

// What main() reports (and exits 1 on) when the --db server cannot be reached; no server needed.
TEST(RegistryPostgresTest, AnUnreachableServerIsUnavailableWithAClearMessage) {
  absl::StatusOr<std::unique_ptr<storage::pg::Pool>> pool =
      OpenRegistryPostgres({.url = "postgresql://leerpool@127.0.0.1:1/registry", .connections = 1});
  ASSERT_FALSE(pool.ok());
  EXPECT_EQ(pool.status().code(), absl::StatusCode::kUnavailable) << pool.status();
  EXPECT_THAT(std::string(pool.status().message()),
              ::testing::StartsWith("cannot connect to PostgreSQL: "));
}

// The two schemas are versioned side by side: a database of either kind at version N has the
// same tables and rules as the other at N.
TEST(RegistryMigrationsTest, PostgresMigrationsMatchTheSqliteOnesVersionForVersion) {
  ASSERT_EQ(PostgresMigrations().size(), SqliteMigrations().size());
  for (size_t i = 0; i < SqliteMigrations().size(); ++i) {
    EXPECT_EQ(PostgresMigrations()[i].version, SqliteMigrations()[i].version);
    EXPECT_STREQ(PostgresMigrations()[i].name, SqliteMigrations()[i].name);
  }
}

TEST_P(RegistryStoreTest, RoundTripsEveryField) {
  Organization organization = Make("org_1", "Volta Laadtechniek");
  organization.region = "Limburg";
  organization.address = {"Kempische Steenweg 293", "3500", "Hasselt", "BE"};
  organization.location = LatLng{50.9307, 5.3325};
  organization.education_tracks = {"DUAL", "TSO", "ADULT"};
  organization.status = OrganizationStatus::kArchived;
  ASSERT_TRUE(repository_->Create(organization).ok());
  absl::StatusOr<Organization> fetched = repository_->Get("org_1");
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  EXPECT_EQ(*fetched, organization);
}

TEST_P(RegistryStoreTest, RoundTripsASingleEducationTrack) {
  Organization organization = Make("org_1", "Volta");
  organization.education_tracks = {"BSO"};
  ASSERT_TRUE(repository_->Create(organization).ok());
  EXPECT_THAT(repository_->Get("org_1")->education_tracks, ElementsAre("BSO"));
}

TEST_P(RegistryStoreTest, CreateWithATakenIdIsAlreadyExists) {
  ASSERT_TRUE(repository_->Create(Make("org_1", "First")).ok());
  absl::Status second = repository_->Create(Make("org_1", "Second"));
  EXPECT_EQ(second.code(), absl::StatusCode::kAlreadyExists) << second;
  EXPECT_EQ(repository_->Get("org_1")->name, "First");
}

TEST_P(RegistryStoreTest, GetUnknownIsNotFound) {
  EXPECT_EQ(repository_->Get("org_nope").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(RegistryStoreTest, UpdateReplacesTheRow) {
  ASSERT_TRUE(repository_->Create(Make("org_1", "Before")).ok());
  Organization changed = Make("org_1", "After");
  changed.location = LatLng{1, 2};
  changed.education_tracks = {"KSO"};
  changed.update_time = absl::FromUnixMicros(1800000000000000);
  ASSERT_TRUE(repository_->Update(changed).ok());
  EXPECT_EQ(*repository_->Get("org_1"), changed);

  // And back: a location can be removed and tracks emptied.
  const Organization cleared = Make("org_1", "After");
  ASSERT_TRUE(repository_->Update(cleared).ok());
  EXPECT_EQ(*repository_->Get("org_1"), cleared);
}

TEST_P(RegistryStoreTest, UpdateUnknownIsNotFoundAndInsertsNothing) {
  ASSERT_TRUE(repository_->Create(Make("org_1", "One")).ok());
  EXPECT_EQ(repository_->Update(Make("org_2", "Two")).code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Ids(List()), ElementsAre("org_1"));
}

TEST_P(RegistryStoreTest, UpdateOfAnUnchangedRowIsNotNotFound) {
  // Both count a row as changed when it matched, even when the values are the same.
  ASSERT_TRUE(repository_->Create(Make("org_1", "One")).ok());
  EXPECT_TRUE(repository_->Update(Make("org_1", "One")).ok());
}

TEST_P(RegistryStoreTest, SchemaRejectsWhatTheCoreWouldNot) {
  // The schema's CHECKs are a second line of defence behind ValidateOrganization.
  Organization no_status = Make("org_1", "One");
  no_status.status = OrganizationStatus::kUnspecified;
  EXPECT_FALSE(repository_->Create(no_status).ok());
  Organization no_kind = Make("org_2", "Two");
  no_kind.kind = OrganizationKind::kUnspecified;
  EXPECT_FALSE(repository_->Create(no_kind).ok());
  EXPECT_THAT(List(), IsEmpty());
}

TEST_P(RegistryStoreTest, ListIsOrderedByNameThenIdAndStartsAfterTheCursor) {
  for (const auto& [id, name] : std::vector<std::pair<std::string, std::string>>{
           {"org_b", "Same"}, {"org_a", "Same"}, {"org_c", "Other"}, {"org_d", "Zed"}}) {
    ASSERT_TRUE(repository_->Create(Make(id, name)).ok());
  }
  EXPECT_THAT(Ids(List()), ElementsAre("org_c", "org_a", "org_b", "org_d"));
  EXPECT_THAT(Ids(List({}, OrganizationCursor{"Same", "org_a"})), ElementsAre("org_b", "org_d"));
  EXPECT_THAT(Ids(List({}, OrganizationCursor{"Same", "org_b"})), ElementsAre("org_d"));
  // A cursor need not name a stored row.
  EXPECT_THAT(Ids(List({}, OrganizationCursor{"P", ""})), ElementsAre("org_a", "org_b", "org_d"));
  EXPECT_THAT(Ids(List({}, std::nullopt, 2)), ElementsAre("org_c", "org_a"));
}

// ---------------------------------------------------------------------------------------------
// Transactions

TEST_P(RegistryStoreTest, AnErrorRollsBackEverythingTheTransactionWrote) {
  absl::Status status = store_->Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_RETURN_IF_ERROR(tx.InsertOrganization(Make("org_1", "One")));
    LP_RETURN_IF_ERROR(tx.InsertOrganization(Make("org_2", "Two")));
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(List(), IsEmpty());
}

TEST_P(RegistryStoreTest, AFailedStoreCallRollsBackTheEarlierWrites) {
  absl::Status status = store_->Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_RETURN_IF_ERROR(tx.InsertOrganization(Make("org_1", "One")));
    return tx.InsertOrganization(Make("org_1", "Again"));
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_THAT(List(), IsEmpty());
}

TEST_P(RegistryStoreTest, ReadsInsideATransactionSeeItsOwnWrites) {
  absl::Status status = store_->Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_RETURN_IF_ERROR(tx.InsertOrganization(Make("org_1", "One")));
    LP_ASSIGN_OR_RETURN(Organization found, tx.GetOrganization("org_1"));
    EXPECT_EQ(found.name, "One");
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
}

TEST_P(RegistryStoreTest, ReadOnlyTransactionsRefuseWrites) {
  absl::Status status = store_->Read(
      [&](RegistryTransaction& tx) { return tx.InsertOrganization(Make("org_1", "One")); });
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_THAT(List(), IsEmpty());
}

TEST_P(RegistryStoreTest, ANestedTransactionIsAnErrorNotADeadlock) {
  absl::Status inner;
  absl::Status outer = store_->Transact([&](RegistryTransaction&) {
    inner = store_->Transact([](RegistryTransaction&) { return absl::OkStatus(); });
    return inner;
  });
  EXPECT_EQ(inner.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(outer.code(), absl::StatusCode::kInternal);
}

// ---------------------------------------------------------------------------------------------
// Other rows

TEST_P(RegistryStoreTest, RolesAndDatesRoundTrip) {
  ASSERT_TRUE(repository_->Create(Make("org_1", "One")).ok());
  Person person;
  person.id = "person_1";
  person.email = "a@b.test";
  person.display_name = "A";
  person.locale = "en";
  person.create_time = absl::FromUnixMicros(1);
  QualificationType type;
  type.id = "qtype_1";
  type.issuer_organization_id = "org_1";
  type.code = "VCA";
  type.validity_months = 12;
  type.create_time = absl::FromUnixMicros(2);
  Qualification early;
  early.id = "qual_1";
  early.qualification_type_id = "qtype_1";
  early.person_id = "person_1";
  early.issue_date = absl::CivilDay(1, 1, 1);
  early.create_time = absl::FromUnixMicros(3);
  Qualification late = early;
  late.id = "qual_2";
  late.issue_date = absl::CivilDay(2024, 2, 29);
  late.expiry_date = absl::CivilDay(9999, 12, 31);
  absl::Status status = store_->Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_RETURN_IF_ERROR(tx.InsertPerson(person, "$argon2id$v=19$fake"));
    LP_RETURN_IF_ERROR(tx.InsertMembership(
        {"org_1", "person_1", "", {Role::kOrgAdmin, Role::kAnalyst}, absl::FromUnixMicros(4)}));
    LP_RETURN_IF_ERROR(tx.InsertQualificationType(type));
    LP_RETURN_IF_ERROR(tx.InsertQualification(late));
    return tx.InsertQualification(early);
  });
  ASSERT_TRUE(status.ok()) << status;
  status = store_->Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(std::optional<Membership> membership,
                        tx.FindMembership("org_1", "person_1"));
    EXPECT_TRUE(membership.has_value());
    if (membership) {
      EXPECT_EQ(membership->roles, (std::set<Role>{Role::kOrgAdmin, Role::kAnalyst}));
      EXPECT_EQ(membership->organization_name, "One");
    }
    EXPECT_EQ(*tx.CountMembersWithRole("org_1", Role::kOrgAdmin), 1);
    EXPECT_EQ(*tx.CountMembersWithRole("org_1", Role::kCoordinator), 0);
    LP_ASSIGN_OR_RETURN(std::vector<Qualification> held, tx.ListQualificationsOfPerson("person_1"));
    EXPECT_THAT(held, ElementsAre(early, late));
    LP_ASSIGN_OR_RETURN(Person found, tx.GetPerson("person_1"));
    EXPECT_EQ(found, person);
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
}

TEST_P(RegistryStoreTest, TheAuditTrailIsAppendOnlyAndListedNewestFirst) {
  absl::Status status = store_->Transact([&](RegistryTransaction& tx) -> absl::Status {
    for (int i = 1; i <= 3; ++i) {
      LP_RETURN_IF_ERROR(
          tx.InsertAuditEvent({absl::StrCat("aud_", i), absl::FromUnixMicros(10), "system", "",
                               i == 2 ? "org_x" : "", "test", "", "{}"}));
    }
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  status = store_->Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(std::vector<AuditEvent> all, tx.ListAuditEvents("", std::nullopt, 10));
    std::vector<std::string> ids;
    for (const AuditEvent& event : all) ids.push_back(event.id);
    EXPECT_THAT(ids, ElementsAre("aud_3", "aud_2", "aud_1"));
    LP_ASSIGN_OR_RETURN(std::vector<AuditEvent> after,
                        tx.ListAuditEvents("", AuditCursor{absl::FromUnixMicros(10), "aud_3"}, 1));
    EXPECT_EQ(after.size(), 1u);
    if (!after.empty()) {
      EXPECT_EQ(after[0].id, "aud_2");
    }
    LP_ASSIGN_OR_RETURN(std::vector<AuditEvent> of_x,
                        tx.ListAuditEvents("org_x", std::nullopt, 10));
    EXPECT_EQ(of_x.size(), 1u);
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_FALSE(db_->Execute("UPDATE audit_events SET action = 'forged'").ok());
  EXPECT_FALSE(db_->Execute("DELETE FROM audit_events").ok());
}

TEST_P(RegistryStoreTest, LoginFailuresAndRevocationsAreSelectedByTime) {
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  absl::Status status = store_->Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_RETURN_IF_ERROR(tx.InsertLoginFailure({"f1", "a@b.test", "10.0.0.1", t0}));
    LP_RETURN_IF_ERROR(
        tx.InsertLoginFailure({"f2", "a@b.test", "10.0.0.2", t0 + absl::Minutes(1)}));
    LP_RETURN_IF_ERROR(
        tx.InsertLoginFailure({"f3", "c@d.test", "10.0.0.1", t0 + absl::Minutes(2)}));
    LP_RETURN_IF_ERROR(tx.InsertRevocation({"ses_1", t0, t0 + absl::Minutes(15)}));
    return tx.InsertRevocation({"key_1", t0 + absl::Minutes(1), t0 + absl::Minutes(16)});
  });
  ASSERT_TRUE(status.ok()) << status;
  status = store_->Transact([&](RegistryTransaction& tx) -> absl::Status {
    EXPECT_THAT(*tx.LoginFailureTimesForEmail("a@b.test", t0),
                ElementsAre(t0, t0 + absl::Minutes(1)));
    EXPECT_THAT(*tx.LoginFailureTimesForEmail("a@b.test", t0 + absl::Seconds(1)),
                ElementsAre(t0 + absl::Minutes(1)));
    EXPECT_THAT(*tx.LoginFailureTimesForAddress("10.0.0.1", t0),
                ElementsAre(t0, t0 + absl::Minutes(2)));
    LP_RETURN_IF_ERROR(tx.DeleteLoginFailuresBefore(t0 + absl::Minutes(1)));
    EXPECT_THAT(*tx.LoginFailureTimesForAddress("10.0.0.1", t0),
                ElementsAre(t0 + absl::Minutes(2)));
    // `since` is inclusive.
    EXPECT_EQ(tx.ListRevocationsSince(t0)->size(), 2u);
    EXPECT_EQ(tx.ListRevocationsSince(t0 + absl::Minutes(1))->size(), 1u);
    EXPECT_EQ(tx.ListRevocationsSince(absl::InfinitePast())->size(), 2u);
    LP_RETURN_IF_ERROR(tx.DeleteRevocationsExpiredBefore(t0 + absl::Minutes(16)));
    EXPECT_EQ(tx.ListRevocationsSince(t0)->size(), 1u);
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryStoreTest, testing::Backends(),
                         testing::BackendTestName());

}  // namespace
}  // namespace leerpool::registry
