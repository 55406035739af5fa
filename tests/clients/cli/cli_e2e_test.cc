// The `leerpool` command-line client run as a process against the real services: signing in,
// searching, booking, the owner's approval, check-out and check-in, and its exit codes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/platform_fixture.h"

namespace leerpool::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

class CliE2eTest : public PlatformE2eTest {
 protected:
  void SetUp() override {
    PlatformE2eTest::SetUp();
    if (HasFatalFailure()) return;
    home_ = stack_.directory() / "cli-home";
    std::filesystem::create_directories(home_);
    Invite(school_, "planning@avant.test", "ROLE_COORDINATOR");
    listing_ = PublishedMobileHeatPump();
    const absl::Time base = absl::Now() + absl::Hours(24 * 10);
    day_ = absl::FormatTime("%Y-%m-%d", base, Brussels());
  }

  static absl::TimeZone Brussels() {
    absl::TimeZone zone;
    EXPECT_TRUE(absl::LoadTimeZone("Europe/Brussels", &zone));
    return zone;
  }

  // Runs `leerpool` with the stack's addresses and `config` as its config file.
  CliResult Run(const std::vector<std::string>& args, const std::string& config = "school",
                const std::string& input = "") {
    std::vector<std::string> words = {LEERPOOL_CLI_BIN,
                                      "--config",
                                      (home_ / (config + ".json")).string(),
                                      "--registry",
                                      stack_.address("registry"),
                                      "--catalogue",
                                      stack_.address("catalogue"),
                                      "--booking",
                                      stack_.address("booking")};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<std::string> quoted;
    for (const std::string& word : words) quoted.push_back(Quote(word));
    const std::filesystem::path in = home_ / "stdin", out = home_ / "stdout",
                                err = home_ / "stderr";
    std::ofstream(in) << input;
    const std::string command = absl::StrCat("env -u LEERPOOL_TOKEN -u LEERPOOL_PASSWORD ",
                                             absl::StrJoin(quoted, " "), " <", Quote(in.string()),
                                             " >", Quote(out.string()), " 2>", Quote(err.string()));
    const int status = std::system(command.c_str());
    CliResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = ReadFile(out);
    result.err = ReadFile(err);
    return result;
  }

  std::filesystem::path home_;
  std::string listing_;
  std::string day_;
};

TEST_F(CliE2eTest, CoordinatorBooksALoanOwnerApprovesAndItIsCheckedOutAndIn) {
  CliResult login = Run({"login", "--email", "planning@avant.test", "--password-stdin"}, "school",
                        "a long password\n");
  ASSERT_EQ(login.exit_code, 0) << login.err;
  EXPECT_THAT(login.out, HasSubstr("Signed in as"));
  EXPECT_THAT(login.out, HasSubstr(school_));
  const auto permissions = std::filesystem::status(home_ / "school.json").permissions();
  EXPECT_EQ(permissions & std::filesystem::perms::group_read, std::filesystem::perms::none);

  CliResult search = Run({"search", "warmtepomp", "--near", "51.2194,4.4025"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_THAT(search.out, HasSubstr(listing_));
  EXPECT_THAT(search.out, HasSubstr("Mobiele warmtepompopstelling"));
  CliResult search_json = Run({"--json", "search", "warmtepomp", "--near", "51.2194,4.4025"});
  ASSERT_EQ(search_json.exit_code, 0) << search_json.err;
  json found = json::parse(search_json.out);
  EXPECT_EQ(found["results"][0]["listing"]["id"], listing_);
  EXPECT_TRUE(found["results"][0]["eligibility"].value("mayBook", false));

  CliResult show = Run({"show", listing_});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr("owner approves"));

  CliResult free = Run({"availability", listing_, "--from", day_ + " 00:00", "--to",
                        day_ + " 23:59", "--destination", "51.2194,4.4025"});
  ASSERT_EQ(free.exit_code, 0) << free.err;
  EXPECT_THAT(free.out, HasSubstr("Times in Europe/Amsterdam"));

  CliResult booked =
      Run({"--json", "book", listing_, "--loan", "--destination", "51.2194,4.4025", "--place",
           "avAnt campus", "--from", day_ + " 09:00", "--to", day_ + " 15:00", "--learners", "12"});
  ASSERT_EQ(booked.exit_code, 0) << booked.err;
  json reservation = json::parse(booked.out);
  const std::string id = reservation.value("id", "");
  EXPECT_EQ(reservation.value("status", ""), "RESERVATION_STATUS_PENDING_APPROVAL");

  // Taken now: a conflict, exit code 6.
  CliResult taken = Run({"book", listing_, "--loan", "--destination", "51.2194,4.4025", "--from",
                         day_ + " 10:00", "--to", day_ + " 12:00", "--learners", "4"});
  EXPECT_EQ(taken.exit_code, 6) << taken.err;
  EXPECT_THAT(taken.err, HasSubstr("not enough free units"));

  // The school may not approve its own request: exit code 4.
  CliResult refused = Run({"approve", id});
  EXPECT_EQ(refused.exit_code, 4) << refused.err;

  ASSERT_EQ(Run({"login", "--email", "planning@censes.test", "--password-stdin"}, "owner",
                "a long password\n")
                .exit_code,
            0);
  CliResult inbox =
      Run({"reservations", "--owner", maker_, "--status", "pending_approval"}, "owner");
  ASSERT_EQ(inbox.exit_code, 0) << inbox.err;
  EXPECT_THAT(inbox.out, HasSubstr(id));
  CliResult approved = Run({"approve", id, "--reason", "tot dan"}, "owner");
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_THAT(approved.out, HasSubstr("confirmed"));

  ASSERT_EQ(Run({"checkout", id, "--notes", "opgehaald"}).exit_code, 0);
  CliResult checked_in = Run({"checkin", id, "--present", "pupils=12", "--present", "teachers=1"});
  ASSERT_EQ(checked_in.exit_code, 0) << checked_in.err;
  EXPECT_THAT(checked_in.out, HasSubstr("completed"));

  CliResult mine = Run({"--json", "reservations"});
  ASSERT_EQ(mine.exit_code, 0) << mine.err;
  json listed = json::parse(mine.out);
  ASSERT_EQ(listed["reservations"].size(), 1u);
  EXPECT_EQ(listed["reservations"][0]["learnersPresent"].size(), 2u);

  // The school's own use, counted on the day the loan starts: 12 pupils and a teacher.
  const absl::Time day = absl::Now() + absl::Hours(24 * 10);
  const std::string before = absl::FormatTime("%Y-%m-%d", day - absl::Hours(48), Brussels());
  const std::string after = absl::FormatTime("%Y-%m-%d", day + absl::Hours(48), Brussels());
  CliResult stats =
      Run({"--json", "stats", "--borrower", school_, "--from", before, "--to", after});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  json figures = json::parse(stats.out);
  ASSERT_EQ(figures["groups"].size(), 1u) << stats.out;
  EXPECT_EQ(figures["groups"][0].value("learnersReached", "0"), "13") << stats.out;
  CliResult table = Run({"stats", "--borrower", school_, "--from", before, "--to", after});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("utilisation"));
  CliResult csv = Run({"export", "--borrower", school_, "--from", before, "--to", after});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("\r\n"));
  EXPECT_THAT(csv.out, HasSubstr("\"learners_reached\""));
  EXPECT_THAT(csv.out, HasSubstr(",\"13\","));
  // Another organisation's figures are not the school's to see.
  CliResult others = Run({"stats", "--borrower", maker_, "--from", before, "--to", after});
  EXPECT_EQ(others.exit_code, 4) << others.err;
}

TEST_F(CliE2eTest, SeriesAndBadInputGiveMeaningfulExitCodes) {
  // Not signed in: exit code 4 with a hint.
  CliResult anonymous =
      Run({"book", listing_, "--loan", "--destination", "51.2194,4.4025", "--from", day_ + " 09:00",
           "--to", day_ + " 15:00", "--learners", "4"});
  EXPECT_EQ(anonymous.exit_code, 4) << anonymous.err;
  EXPECT_THAT(anonymous.err, HasSubstr("leerpool login"));

  ASSERT_EQ(Run({"login", "--email", "planning@avant.test", "--password-stdin"}, "school",
                "a long password\n")
                .exit_code,
            0);
  CliResult series =
      Run({"book", listing_, "--loan", "--destination", "51.2194,4.4025", "--from", day_ + " 09:00",
           "--to", day_ + " 15:00", "--learners", "4", "--every", "mon,wed", "--count", "4"});
  ASSERT_EQ(series.exit_code, 0) << series.err;
  EXPECT_THAT(series.out, HasSubstr("4 occurrences reserved"));

  CliResult backwards =
      Run({"book", listing_, "--loan", "--destination", "51.2194,4.4025", "--from", day_ + " 15:00",
           "--to", day_ + " 09:00", "--learners", "4"});
  EXPECT_EQ(backwards.exit_code, 5) << backwards.err;
  EXPECT_THAT(backwards.err, HasSubstr("end_time"));

  EXPECT_EQ(Run({"show", "lst_does_not_exist"}).exit_code, 3);
  EXPECT_EQ(Run({"book", listing_, "--from", "next tuesday"}).exit_code, 2);
  EXPECT_EQ(Run({"no-such-command"}).exit_code, 2);
  for (const char* command :
       {"login", "logout", "search", "show", "availability", "book", "reservations", "cancel",
        "approve", "reject", "checkout", "checkin", "import-listings"}) {
    CliResult help = Run({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_THAT(help.out, HasSubstr("Usage")) << command;
  }

  // A service that is not there: exit code 7.
  CliResult down = Run({"--catalogue", "127.0.0.1:1", "--deadline", "2", "search", "x"});
  EXPECT_EQ(down.exit_code, 7) << down.err;
}

TEST_F(CliE2eTest, ImportListingsPrintsTheReportAndRefusesAFileWithErrors) {
  ASSERT_EQ(Run({"login", "--email", "academy@censes.test", "--password-stdin"}, "maker",
                "a long password\n")
                .exit_code,
            0);
  const std::filesystem::path csv = home_ / "listings.csv";
  std::ofstream(csv) << "title_nl,category,unit_count,capacity_per_unit\r\n"
                        "Zonnepanelen-dak,fixed_installation,1,8\r\n"
                        "Kapotte rij,no_such_category,1,8\r\n";
  CliResult report = Run({"import-listings", csv.string()}, "maker");
  EXPECT_EQ(report.exit_code, 5) << report.err;
  EXPECT_THAT(report.out, HasSubstr("category"));
  EXPECT_THAT(report.out, HasSubstr("0 imported"));
  CliResult partial = Run({"import-listings", csv.string(), "--allow-partial"}, "maker");
  EXPECT_EQ(partial.exit_code, 5) << partial.err;
  EXPECT_THAT(partial.out, HasSubstr("1 imported"));
}

TEST_F(CliE2eTest, AnAdministratorAddsASiteAndChangesOnlyItsHours) {
  ASSERT_EQ(Run({"login", "--email", "academy@censes.test", "--password-stdin"}, "maker",
                "a long password\n")
                .exit_code,
            0);
  CliResult added =
      Run({"--json", "site-add", "--name", "Werkplaats Breda", "--street", "Teststraat 1",
           "--postal-code", "4811 AA", "--locality", "Breda", "--country", "nl", "--at",
           "51.5890,4.7760", "--hours", "mon-fri 08:00-17:00", "--hours", "za 09:00-12:00"},
          "maker");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const json site = json::parse(added.out);
  const std::string id = site["id"];
  EXPECT_EQ(site["timeZone"], "Europe/Amsterdam") << "the country's zone when none is given";
  EXPECT_EQ(site["address"]["country"], "NL");
  EXPECT_EQ(site["openingHours"].size(), 6u);

  CliResult listed = Run({"sites"}, "maker");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("Werkplaats Breda"));
  EXPECT_THAT(listed.out, HasSubstr("Teststraat 1, 4811 AA Breda, NL"));
  EXPECT_THAT(listed.out, HasSubstr("mon-fri 08:00-17:00; sat 09:00-12:00"));

  CliResult changed = Run({"site-update", id, "--hours", "mon-thu 08:00-17:00", "--hours",
                           "fri 08:00-12:00,13:00-24:00"},
                          "maker");
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_THAT(changed.out, HasSubstr("mon-thu 08:00-17:00; fri 08:00-12:00,13:00-24:00"));
  EXPECT_THAT(changed.out, HasSubstr("Teststraat 1, 4811 AA Breda, NL")) << "address kept";
  EXPECT_THAT(changed.out, HasSubstr("51.589000,4.776000")) << "position kept";

  CliResult backwards = Run({"site-update", id, "--hours", "fri-mon 08:00-17:00"}, "maker");
  EXPECT_EQ(backwards.exit_code, 2);
  EXPECT_THAT(backwards.err, HasSubstr("runs backwards"));
  CliResult overlap = Run({"site-update", id, "--hours", "mon 08:00-12:00,11:00-13:00"}, "maker");
  EXPECT_EQ(overlap.exit_code, 5) << overlap.err;
  EXPECT_THAT(overlap.err, HasSubstr("overlap"));
  EXPECT_EQ(Run({"site-update", id}, "maker").exit_code, 2) << "nothing to change";
  EXPECT_EQ(Run({"site-add", "--name", "Zonder positie", "--country", "NL"}, "maker").exit_code, 2);

  ASSERT_EQ(Run({"login", "--email", "planning@avant.test", "--password-stdin"}, "school",
                "a long password\n")
                .exit_code,
            0);
  CliResult foreign = Run({"site-update", id, "--always-open"}, "school");
  EXPECT_EQ(foreign.exit_code, 4) << foreign.err;
  CliResult unchanged = Run({"sites", "--owner", maker_}, "school");
  EXPECT_THAT(unchanged.out, HasSubstr("mon-thu 08:00-17:00; fri 08:00-12:00,13:00-24:00"));
}

}  // namespace
}  // namespace leerpool::testing
