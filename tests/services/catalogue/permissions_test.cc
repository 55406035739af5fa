// Who may do what: the owner's admin, another organisation's admin, a coordinator of the
// owner, a platform admin and an anonymous caller, against every write and the drafts.

#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/core/catalogue.h"
#include "tests/services/catalogue/catalogue_test_fixture.h"

namespace leerpool::catalogue::testing {
namespace {

using Code = absl::StatusCode;

struct Expectation {
  std::string who;
  // Action name -> expected code.
  std::map<std::string, Code> codes;
};

void PrintTo(const Expectation& expectation, std::ostream* out) { *out << expectation.who; }

// Every role on each store.
class PermissionsTest : public CatalogueTest,
                        public ::testing::WithParamInterface<std::tuple<Expectation, Backend>> {
 protected:
  Backend backend() const override { return std::get<1>(GetParam()); }

  auth::Caller CallerFor(const std::string& who) {
    if (who == "owner_admin") return Admin(kOwner);
    if (who == "other_admin") return Admin(kOtherOwner);
    if (who == "owner_coordinator") return Coordinator(kOwner);
    if (who == "platform_admin") return PlatformAdmin();
    return Anonymous();
  }
};

// Each action works on resources of kOwner made fresh for it by the owner's admin.
TEST_P(PermissionsTest, Matrix) {
  const Expectation& expectation = std::get<0>(GetParam());
  const auth::Caller caller = CallerFor(expectation.who);
  const auth::Caller owner = Admin(kOwner);

  auto fresh_draft = [&]() { return MustCreate(Fixed(kOwner, "Concept")); };
  auto fresh_published = [&]() { return MustPublishAt(Fixed(kOwner, "Gepubliceerd"), 51.5, 4.7); };
  const Site site = MustCreateSite(SiteAt(kOwner, 51.5, 4.7));
  const Closure closure = *catalogue_->AddClosure(owner, site.id, [] {
    Closure c;
    c.start_time = absl::FromUnixSeconds(1'800'000'000);
    c.end_time = c.start_time + absl::Hours(8);
    return c;
  }());

  std::map<std::string, std::function<absl::Status()>> actions = {
      {"create_listing",
       [&] { return catalogue_->CreateListing(caller, Fixed(kOwner, "Nieuw")).status(); }},
      {"update_draft",
       [&] {
         Listing changes;
         changes.id = fresh_draft().id;
         changes.title_nl = "Gewijzigd";
         return catalogue_->UpdateListing(caller, changes, {"title_nl"}).status();
       }},
      {"update_published",
       [&] {
         Listing changes;
         changes.id = fresh_published().id;
         changes.title_nl = "Gewijzigd";
         return catalogue_->UpdateListing(caller, changes, {"title_nl"}).status();
       }},
      {"publish_draft",
       [&] {
         Listing listing = Fixed(kOwner, "Klaar");
         listing.site_id = site.id;
         const Listing created = MustCreate(listing);
         MustSetTerms(created.id, OpenTerms());
         return catalogue_->PublishListing(caller, created.id).status();
       }},
      {"retire_published",
       [&] { return catalogue_->RetireListing(caller, fresh_published().id).status(); }},
      {"terms_draft",
       [&] {
         return catalogue_->UpdateSharingTerms(caller, fresh_draft().id, OpenTerms()).status();
       }},
      {"terms_published",
       [&] {
         return catalogue_->UpdateSharingTerms(caller, fresh_published().id, OpenTerms()).status();
       }},
      {"create_site",
       [&] { return catalogue_->CreateSite(caller, SiteAt(kOwner, 51, 4)).status(); }},
      {"update_site",
       [&] {
         Site changes;
         changes.id = site.id;
         changes.name = "Hernoemd";
         return catalogue_->UpdateSite(caller, changes, {"name"}).status();
       }},
      {"add_closure",
       [&] {
         Closure c;
         c.start_time = absl::FromUnixSeconds(1'900'000'000);
         c.end_time = c.start_time + absl::Hours(1);
         return catalogue_->AddClosure(caller, site.id, c).status();
       }},
      {"remove_closure", [&] { return catalogue_->RemoveClosure(caller, site.id, closure.id); }},
      {"import",
       [&] {
         ImportRequest request;
         request.organization_id = kOwner;
         request.csv = "title_nl,category,unit_count,capacity_per_unit\nOpstelling,simulator,1,4\n";
         return catalogue_->ImportListings(caller, request).status();
       }},
      {"get_draft", [&] { return catalogue_->GetListing(caller, fresh_draft().id).status(); }},
      {"get_draft_terms",
       [&] {
         const Listing listing = fresh_draft();
         MustSetTerms(listing.id, OpenTerms());
         return catalogue_->GetSharingTerms(caller, listing.id, 0).status();
       }},
      {"get_published",
       [&] { return catalogue_->GetListing(caller, fresh_published().id).status(); }},
  };
  ASSERT_EQ(actions.size(), expectation.codes.size());
  for (const auto& [name, expected] : expectation.codes) {
    ASSERT_TRUE(actions.contains(name)) << name;
    const absl::Status status = actions[name]();
    EXPECT_EQ(status.code(), expected) << expectation.who << " " << name << ": " << status;
  }
}

const Code kOk = Code::kOk;
const Code kDenied = Code::kPermissionDenied;
const Code kNotFound = Code::kNotFound;
const Code kUnauthenticated = Code::kUnauthenticated;

INSTANTIATE_TEST_SUITE_P(
    EveryRole, PermissionsTest,
    ::testing::Combine(
        ::testing::Values(
            Expectation{"owner_admin",
                        {{"create_listing", kOk},
                         {"update_draft", kOk},
                         {"update_published", kOk},
                         {"publish_draft", kOk},
                         {"retire_published", kOk},
                         {"terms_draft", kOk},
                         {"terms_published", kOk},
                         {"create_site", kOk},
                         {"update_site", kOk},
                         {"add_closure", kOk},
                         {"remove_closure", kOk},
                         {"import", kOk},
                         {"get_draft", kOk},
                         {"get_draft_terms", kOk},
                         {"get_published", kOk}}},
            // Another organisation's admin: refused on what it can see, and its drafts stay hidden.
            Expectation{"other_admin",
                        {{"create_listing", kDenied},
                         {"update_draft", kNotFound},
                         {"update_published", kDenied},
                         {"publish_draft", kNotFound},
                         {"retire_published", kDenied},
                         {"terms_draft", kNotFound},
                         {"terms_published", kDenied},
                         {"create_site", kDenied},
                         {"update_site", kDenied},
                         {"add_closure", kDenied},
                         {"remove_closure", kDenied},
                         {"import", kDenied},
                         {"get_draft", kNotFound},
                         {"get_draft_terms", kNotFound},
                         {"get_published", kOk}}},
            // A coordinator of the owner sees the drafts but changes nothing.
            Expectation{"owner_coordinator",
                        {{"create_listing", kDenied},
                         {"update_draft", kDenied},
                         {"update_published", kDenied},
                         {"publish_draft", kDenied},
                         {"retire_published", kDenied},
                         {"terms_draft", kDenied},
                         {"terms_published", kDenied},
                         {"create_site", kDenied},
                         {"update_site", kDenied},
                         {"add_closure", kDenied},
                         {"remove_closure", kDenied},
                         {"import", kDenied},
                         {"get_draft", kOk},
                         {"get_draft_terms", kOk},
                         {"get_published", kOk}}},
            Expectation{"platform_admin",
                        {{"create_listing", kOk},
                         {"update_draft", kOk},
                         {"update_published", kOk},
                         {"publish_draft", kOk},
                         {"retire_published", kOk},
                         {"terms_draft", kOk},
                         {"terms_published", kOk},
                         {"create_site", kOk},
                         {"update_site", kOk},
                         {"add_closure", kOk},
                         {"remove_closure", kOk},
                         {"import", kOk},
                         {"get_draft", kOk},
                         {"get_draft_terms", kOk},
                         {"get_published", kOk}}},
            Expectation{"anonymous",
                        {{"create_listing", kUnauthenticated},
                         {"update_draft", kUnauthenticated},
                         {"update_published", kUnauthenticated},
                         {"publish_draft", kUnauthenticated},
                         {"retire_published", kUnauthenticated},
                         {"terms_draft", kUnauthenticated},
                         {"terms_published", kUnauthenticated},
                         {"create_site", kUnauthenticated},
                         {"update_site", kUnauthenticated},
                         {"add_closure", kUnauthenticated},
                         {"remove_closure", kUnauthenticated},
                         {"import", kUnauthenticated},
                         {"get_draft", kNotFound},
                         {"get_draft_terms", kNotFound},
                         {"get_published", kOk}}}),
        ::testing::Values(Backend::kSqlite, Backend::kPostgres)),
    [](const ::testing::TestParamInfo<std::tuple<Expectation, Backend>>& info) {
      return std::get<0>(info.param).who +
             (std::get<1>(info.param) == Backend::kPostgres ? "_Postgres" : "_Sqlite");
    });

}  // namespace
}  // namespace leerpool::catalogue::testing
