// Two booking engines and two catalogues behind one gateway, sharing their databases (one
// SQLite file each, or one PostgreSQL database each): the no-double-booking invariant holds
// when concurrent reservations arrive through both booking replicas, and losing a replica
// mid-load fails only the calls it had in flight.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "storage/postgres.h"
#include "tests/e2e/platform_fixture.h"
#include "tests/storage/pg_test_database.h"

namespace leerpool::testing {
namespace {

using nlohmann::json;

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

enum class Backend { kSqlite, kPostgres };

// Created before the stack and dropped after it (a base class initialised first).
struct ServiceDatabases {
  explicit ServiceDatabases(Backend backend) {
    if (backend != Backend::kPostgres) return;
    for (const std::string service : {"registry", "catalogue", "booking"}) {
      auto database = PgTestDatabase::Create();
      if (!database.ok()) {
        unavailable = database.status();
        return;
      }
      urls[service] = (*database)->url();
      databases.push_back(std::move(*database));
    }
  }
  std::vector<std::unique_ptr<PgTestDatabase>> databases;
  std::map<std::string, std::string> urls;
  absl::Status unavailable;
};

StackOptions TwoReplicas(const std::map<std::string, std::string>& databases) {
  StackOptions options;
  options.replicas = {{"booking", 2}, {"catalogue", 2}};
  options.databases = databases;
  return options;
}

int CountCalls(const std::string& log, const std::string& method) {
  int calls = 0;
  for (size_t at = log.find(method); at != std::string::npos; at = log.find(method, at + 1)) {
    ++calls;
  }
  return calls;
}

class ReplicasE2eTest : protected ServiceDatabases,
                        public PlatformE2eTest,
                        public ::testing::WithParamInterface<Backend> {
 protected:
  ReplicasE2eTest() : ServiceDatabases(GetParam()), PlatformE2eTest(TwoReplicas(urls)) {}

  void SetUp() override {
    if (!unavailable.ok()) {
      if (PgTestDatabase::Required()) FAIL() << unavailable;
      GTEST_SKIP() << unavailable;
    }
    PlatformE2eTest::SetUp();
    if (HasFatalFailure()) return;
    coordinator_ = Invite(school_, "planning@avant.test", "ROLE_COORDINATOR");
    // Created through one catalogue replica and published through either: both must see it.
    listing_ = PublishedMobileHeatPump();
    const absl::Time base = absl::Now() + absl::Hours(24 * 10);
    start_ = absl::FromUnixSeconds(absl::ToUnixSeconds(base) / 3600 * 3600);
  }

  // A six-hour loan of one unit (4 learners on units of 8) to the school in Antwerpen.
  json LoanRequest(int offset_hours) {
    const absl::Time start = start_ + absl::Hours(offset_hours);
    return json({{"listingId", listing_},
                 {"organizationId", school_},
                 {"kind", "RESERVATION_KIND_LOAN"},
                 {"startTime", Rfc3339(start)},
                 {"endTime", Rfc3339(start + absl::Hours(6))},
                 {"learners", 4},
                 {"plannedLearners", {{{"audience", 1}, {"count", 4}}}},
                 {"destination",
                  {{"name", "avAnt campus Antwerpen"},
                   {"location", {{"latitude", 51.2194}, {"longitude", 4.4025}}}}}});
  }

  // Every stored reservation of the school, across pages.
  std::vector<json> StoredReservations() {
    std::vector<json> all;
    std::string page_token;
    do {
      json page = Ok(Call("GET",
                          absl::StrCat("/v1/reservations?organizationId=", school_,
                                       "&pageSize=200&pageToken=", page_token),
                          coordinator_));
      for (const json& r : page["reservations"]) all.push_back(r);
      page_token = page.value("nextPageToken", "");
    } while (!page_token.empty());
    return all;
  }

  // Fails the test when two active reservations of a unit overlap in their whole occupation.
  void ExpectNoUnitOverlaps(const std::vector<json>& reservations) {
    std::map<int, std::vector<std::pair<std::string, std::string>>> by_unit;
    for (const json& r : reservations) {
      const std::string status = r.value("status", "");
      if (status == "RESERVATION_STATUS_CANCELLED" || status == "RESERVATION_STATUS_REJECTED") {
        continue;
      }
      for (const json& unit : r["units"]) {
        by_unit[unit.get<int>()].push_back(
            {r.value("occupiedStartTime", ""), r.value("occupiedEndTime", "")});
      }
    }
    for (auto& [unit, intervals] : by_unit) {
      std::sort(intervals.begin(), intervals.end());
      // RFC 3339 UTC strings of one format order like the times they name.
      for (size_t i = 1; i < intervals.size(); ++i) {
        EXPECT_LE(intervals[i - 1].second, intervals[i].first)
            << "unit " << unit << " is double-booked: [" << intervals[i - 1].first << ", "
            << intervals[i - 1].second << ") and [" << intervals[i].first << ", "
            << intervals[i].second << ")";
      }
    }
  }

  std::string coordinator_, listing_;
  absl::Time start_;
};

TEST_P(ReplicasE2eTest, ConcurrentReservationsThroughBothBookingReplicasNeverOverlap) {
  constexpr int kClients = 8;
  constexpr int kAttempts = 20;
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::map<int, int> statuses;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      clients::HttpClient client("127.0.0.1", stack_.gateway_port());
      for (int a = 0; a < kAttempts; ++a) {
        // Few distinct slots, so most attempts collide with another client's.
        const int offset = ((c * 7 + a * 3) % 12) * 4;
        auto result = client.Send(
            "POST", "/v1/reservations", LoanRequest(offset).dump(),
            {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + coordinator_}});
        std::lock_guard lock(mutex);
        if (!result.ok()) {
          ++statuses[-1];
          continue;
        }
        ++statuses[result->status];
        if (result->status == 200) {
          acknowledged.push_back(json::parse(result->body).value("id", ""));
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();

  // Only successes and conflicts: both replicas were up all along.
  for (const auto& [status, count] : statuses) {
    EXPECT_TRUE(status == 200 || status == 409) << count << " answers with HTTP " << status;
  }
  ASSERT_FALSE(acknowledged.empty());
  std::cout << acknowledged.size() << " of " << kClients * kAttempts
            << " attempts acknowledged; the rest conflicted\n";
  std::vector<json> stored = StoredReservations();
  ExpectNoUnitOverlaps(stored);
  // Every acknowledged reservation is stored once, and nothing else is.
  std::multiset<std::string> stored_ids;
  for (const json& r : stored) stored_ids.insert(r.value("id", ""));
  EXPECT_EQ(stored_ids.size(), acknowledged.size());
  for (const std::string& id : acknowledged) EXPECT_EQ(stored_ids.count(id), 1u) << id;
  // The gateway spread the attempts over both booking processes.
  EXPECT_GT(CountCalls(stack_.Log("booking"), "CreateReservation"), 0);
  EXPECT_GT(CountCalls(stack_.Log("booking-2"), "CreateReservation"), 0);
}

TEST_P(ReplicasE2eTest, LosingOneBookingReplicaMidLoadFailsOnlyItsInFlightCalls) {
  constexpr int kClients = 4;
  std::atomic<bool> killed{false}, stop{false};
  std::atomic<int64_t> killed_at_ms{0};
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  // (status, milliseconds since start when the call began)
  std::vector<std::pair<int, int64_t>> answers;
  const absl::Time began = absl::Now();
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      clients::HttpClient client("127.0.0.1", stack_.gateway_port());
      for (int a = 0; !stop; ++a) {
        const int64_t sent = absl::ToInt64Milliseconds(absl::Now() - began);
        // Reads and writes: the availability of a week and a reservation attempt.
        const bool write = a % 2 == 0;
        auto result =
            write ? client.Send("POST", "/v1/reservations",
                                LoanRequest(((c * 13 + a) % 200) * 7).dump(),
                                {{"Content-Type", "application/json"},
                                 {"Authorization", "Bearer " + coordinator_}})
                  : client.Send("GET",
                                absl::StrCat("/v1/listings/", listing_,
                                             "/availability?startTime=", Rfc3339(start_),
                                             "&endTime=", Rfc3339(start_ + absl::Hours(24 * 7))),
                                "", {{"Authorization", "Bearer " + coordinator_}});
        std::lock_guard lock(mutex);
        answers.push_back({result.ok() ? result->status : -1, sent});
        if (write && result.ok() && result->status == 200) {
          acknowledged.push_back(json::parse(result->body).value("id", ""));
        }
      }
    });
  }
  absl::SleepFor(absl::Seconds(2));
  killed_at_ms = absl::ToInt64Milliseconds(absl::Now() - began);
  absl::StatusOr<int> code = stack_.StopProcess("booking-2", SIGKILL);
  killed = true;
  absl::SleepFor(absl::Seconds(3));
  stop = true;
  for (std::thread& t : clients) t.join();
  ASSERT_TRUE(code.ok()) << code.status();

  int before = 0, after = 0, failed = 0;
  for (const auto& [status, sent] : answers) {
    (sent < killed_at_ms ? before : after)++;
    if (status == 200 || status == 409) continue;
    ++failed;
    // A failure is a clean 503 (the backend went away), never a hang or a malformed answer.
    EXPECT_EQ(status, 503) << "a call sent at " << sent << " ms";
    // Calls sent well after the loss go to the remaining replica and succeed.
    EXPECT_LT(sent, killed_at_ms + 1000) << "a call sent at " << sent << " ms failed";
  }
  std::cout << before << " calls before the loss, " << after << " after, " << failed << " failed\n";
  EXPECT_GT(before, 0);
  EXPECT_GT(after, 10) << "the gateway stopped serving after the loss";
  EXPECT_LE(failed, kClients) << "more calls failed than were in flight";
  // Every acknowledged reservation is stored, and no unit is double-booked.
  std::vector<json> stored = StoredReservations();
  std::set<std::string> stored_ids;
  for (const json& r : stored) stored_ids.insert(r.value("id", ""));
  for (const std::string& id : acknowledged) EXPECT_TRUE(stored_ids.contains(id)) << id;
  ExpectNoUnitOverlaps(stored);
}

// PostgreSQL drops every connection of the booking engines (as when the server restarts): the
// calls that were using one fail with 503, later calls reconnect without a restart of the
// booking processes, and nothing half-written is left.
TEST_P(ReplicasE2eTest, LosingTheDatabaseConnectionsFailsCleanlyAndRecoversWithoutRestart) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "a PostgreSQL connection fault";
  ASSERT_EQ(Call("POST", "/v1/reservations", coordinator_, LoanRequest(0).dump()).status, 200);
  auto admin = storage::pg::Connection::Open({.url = urls.at("booking"), .connections = 1});
  ASSERT_TRUE(admin.ok()) << admin.status();
  auto killed = (*admin)->Exec(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  ASSERT_TRUE(killed.ok()) << killed.status();
  EXPECT_GT(killed->Int(0, 0), 0);

  int unavailable = 0, created = 0, conflicts = 0;
  for (int attempt = 1; attempt <= 40; ++attempt) {
    clients::HttpResult result =
        Call("POST", "/v1/reservations", coordinator_, LoanRequest(attempt * 8).dump());
    if (result.status == 503) ++unavailable;
    if (result.status == 200) ++created;
    if (result.status == 409) ++conflicts;
    EXPECT_TRUE(result.status == 200 || result.status == 503 || result.status == 409)
        << result.status << " " << result.body;
  }
  std::cout << unavailable << " calls failed with 503 after the connections were dropped, "
            << created << " succeeded" << std::endl;
  // Each dropped pooled connection fails at most one call before it is reopened.
  EXPECT_GE(created, 40 - 2 * 8);
  std::vector<json> stored = StoredReservations();
  EXPECT_EQ(stored.size(), static_cast<size_t>(created + 1));
  ExpectNoUnitOverlaps(stored);
}

// Issue 8: "PostgreSQL unreachable at start -> a clear message and a non-zero exit".
TEST(PostgresStartupTest, EachServiceRefusesToStartWithoutItsDatabaseAndSaysWhy) {
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / absl::StrCat("lp-pg-start-", getpid());
  std::filesystem::create_directories(directory);
  for (const std::string service : {"registry", "catalogue", "booking"}) {
    std::vector<std::string> argv = {BinaryPath(service), "--listen", "127.0.0.1:0", "--db",
                                     "postgresql://leerpool@127.0.0.1:1/leerpool"};
    if (service != "registry") argv.insert(argv.end(), {"--registry", "127.0.0.1:1"});
    ChildProcess process(service, argv, directory / (service + ".log"),
                         {"LEERPOOL_BOOTSTRAP_ADMIN_PASSWORD=unused-password"});
    ASSERT_TRUE(process.Start().ok());
    absl::StatusOr<std::string> listening = process.WaitListening(std::chrono::seconds(20));
    EXPECT_FALSE(listening.ok()) << service << " started without its database";
    EXPECT_NE(process.exit_code(), 0) << service;
    EXPECT_GT(process.exit_code(), 0) << service << " did not exit by itself";
    EXPECT_THAT(process.ReadLog(), ::testing::HasSubstr("cannot connect to PostgreSQL")) << service;
  }
  std::filesystem::remove_all(directory);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReplicasE2eTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace leerpool::testing
