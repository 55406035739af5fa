// statistics_bench: how fast multi-use statistics for a year come back as the number of stored
// reservations grows (100k and 1M by default).
//
// For each size it builds a fresh booking database and loads a year of reservations (mostly
// completed, with check-out/in facts and learners per audience; some cancelled, no-shows and
// still to come) through the booking store's own transactions, so the aggregates are kept by
// migration 0007's triggers exactly as in production. It then serves StatisticsService (real
// adapter, core and SQLite statistics store, in-process, port 0) and calls it through the
// generated stub as a platform admin: a platform-wide summary, an owner's summary, the
// platform per listing, and monthly and weekly series. The catalogue and registry are an
// in-process stand-in that answers at once (in production their answers are cached for a
// minute), so the figures are the booking process's own. It prints a Markdown section for
// docs/benchmarks.md. Nothing is asserted about time: a failed call fails the run.

#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "bench/bench_util.h"
#include "leerpool/booking/v1/statistics.grpc.pb.h"
#include "services/booking/core/statistics.h"
#include "services/booking/grpc/statistics_grpc_service.h"
#include "services/booking/sqlite/booking_database.h"
#include "services/booking/sqlite/sqlite_booking_store.h"
#include "services/booking/sqlite/sqlite_statistics_store.h"
#include "services/common/clock.h"
#include "services/common/ids.h"
#include "services/common/proto_time.h"
#include "services/common/server.h"
#include "services/common/status_macros.h"
#include "tests/services/common/auth/test_identity.h"

namespace leerpool::bench {
namespace {

namespace v1 = booking::v1;
using booking::ListingDimensions;
using booking::OrganizationDimensions;
using booking::OrganizationKind;
using booking::Reservation;
using booking::ReservationStatus;
using SteadyClock = std::chrono::steady_clock;

struct Flags {
  std::vector<int> sizes = {100000, 1000000};
  int listings = 2000;
  int owners = 100;
  int organizations = 600;
  // Organisations that use any one listing (real use clusters around a few dozen).
  int borrowers_per_listing = 40;
  int repetitions = 20;
  double budget_seconds = 60;
  uint64_t seed = 20250901;
  std::string dir;
  std::string markdown_out;
  std::string server_log;
  std::string command_line;
};

std::string ListingId(int i) { return absl::StrCat("lst_bench_", i); }
std::string OwnerId(int i) { return absl::StrCat("org_owner_", i); }
std::string OrgId(int i) { return absl::StrCat("org_bench_", i); }

// Every listing and organisation, answered from memory.
class BenchDirectory : public booking::StatisticsDirectory {
 public:
  explicit BenchDirectory(const Flags& flags) {
    static const char* kTechnologies[] = {"heat-pump", "solar-pv",        "electric-car",
                                          "forklift",  "care-simulation", "vr-ar"};
    for (int i = 0; i < flags.listings; ++i) {
      ListingDimensions d;
      d.id = ListingId(i);
      d.owner_organization_id = OwnerId(i % flags.owners);
      d.title = absl::StrCat("Listing ", i);
      d.technologies = {kTechnologies[i % 6]};
      d.sectors = {i % 2 == 0 ? "installation" : "logistics"};
      d.owner_country = i % flags.owners % 2 == 0 ? "NL" : "BE";
      d.unit_count = 1 + i % 3;
      d.mobile = i % 10 == 0;
      d.time_zone = d.owner_country == "NL" ? "Europe/Amsterdam" : "Europe/Brussels";
      for (int day = 1; day <= 5; ++day) d.opening_hours.push_back({day, 8 * 60, 17 * 60});
      d.acquisition_cost_cents = 500000 + 1000 * (i % 97);
      d.expected_lifetime_years = 5 + i % 10;
      listings_[d.id] = d;
    }
    for (int i = 0; i < flags.owners; ++i) {
      orgs_[OwnerId(i)] = {OwnerId(i), absl::StrCat("Owner ", i), OrganizationKind::kCompany,
                           i % 2 == 0 ? "NL" : "BE", i % 4 < 2 ? "Noord-Brabant" : "Antwerpen"};
    }
    for (int i = 0; i < flags.organizations; ++i) {
      orgs_[OrgId(i)] = {OrgId(i), absl::StrCat("School ", i),
                         i % 5 == 0 ? OrganizationKind::kTrainingCentre : OrganizationKind::kSchool,
                         i % 3 == 0 ? "NL" : "BE", "Antwerpen"};
    }
  }
  absl::StatusOr<std::vector<ListingDimensions>> GetListings(const std::vector<std::string>& ids,
                                                             absl::Time, absl::Time) override {
    std::vector<ListingDimensions> out;
    out.reserve(ids.size());
    for (const std::string& id : ids) {
      auto it = listings_.find(id);
      if (it != listings_.end()) out.push_back(it->second);
    }
    return out;
  }
  absl::StatusOr<std::optional<OrganizationDimensions>> GetOrganization(
      const std::string& id) override {
    auto it = orgs_.find(id);
    if (it == orgs_.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<std::optional<booking::NetworkDimensions>> GetNetwork(
      const std::string&) override {
    return std::nullopt;
  }

 private:
  std::map<std::string, ListingDimensions> listings_;
  std::map<std::string, OrganizationDimensions> orgs_;
};

// A year of reservations from `origin`, spread over the listings and weekdays, 09:00-12:00 or
// 13:00-16:00 UTC, each listing used by its own few dozen organisations.
absl::Status Load(booking::BookingStore& store, const Flags& flags, int count, absl::Time origin) {
  std::mt19937_64 random(flags.seed + count);
  constexpr size_t kBatch = 20000;
  for (int begin = 0; begin < count; begin += kBatch) {
    LP_RETURN_IF_ERROR(store.Transact([&](booking::BookingTransaction& tx) -> absl::Status {
      for (int i = begin; i < std::min<int>(count, begin + kBatch); ++i) {
        const int listing = static_cast<int>(random() % flags.listings);
        const int borrower =
            (listing * 7 + static_cast<int>(random() % flags.borrowers_per_listing)) %
            flags.organizations;
        absl::CivilDay day = absl::CivilDay(absl::ToCivilDay(origin, absl::UTCTimeZone())) +
                             static_cast<int>(random() % 365);
        while (absl::GetWeekday(day) == absl::Weekday::saturday ||
               absl::GetWeekday(day) == absl::Weekday::sunday) {
          ++day;
        }
        const absl::Time start = absl::FromCivil(
            absl::CivilHour(day.year(), day.month(), day.day(), random() % 2 == 0 ? 9 : 13),
            absl::UTCTimeZone());
        Reservation r;
        r.id = NewId("res");
        r.listing_id = ListingId(listing);
        r.owner_organization_id = OwnerId(listing % flags.owners);
        r.units = {1};
        r.organization_id = OrgId(borrower);
        r.responsible_person_id = "per_bench";
        r.created_by_person_id = "per_bench";
        r.kind = booking::ReservationKind::kSession;
        r.start_time = start;
        r.end_time = start + absl::Hours(3);
        r.occupied_start_time = r.start_time;
        r.occupied_end_time = r.end_time;
        r.time_zone = "Europe/Brussels";
        r.learners = 8;
        r.quote.total_cents = 6000;
        const int roll = static_cast<int>(random() % 100);
        if (roll < 82) {
          r.status = ReservationStatus::kCompleted;
          r.check_out_time = start + absl::Minutes(random() % 10);
          r.check_in_time = r.end_time - absl::Minutes(random() % 30);
          r.learners_present = {
              {1, 5 + static_cast<int>(random() % 4)},
              {2, 1},
              {static_cast<int>(3 + random() % 3), static_cast<int>(random() % 3)}};
        } else if (roll < 92) {
          r.status = ReservationStatus::kCancelled;
          r.cancellation_fee_cents = random() % 3 == 0 ? 5000 : 0;
        } else if (roll < 96) {
          r.status = ReservationStatus::kNoShow;
        } else {
          r.status = ReservationStatus::kConfirmed;
        }
        r.create_time = r.update_time = origin;
        LP_RETURN_IF_ERROR(tx.InsertReservation(r));
      }
      return absl::OkStatus();
    }));
  }
  return absl::OkStatus();
}

struct Query {
  std::string name;
  std::function<grpc::Status(v1::StatisticsService::Stub&, grpc::ClientContext&)> call;
};

struct SizeResult {
  int reservations = 0;
  double load_seconds = 0;
  int64_t aggregate_rows = 0;
  std::vector<std::pair<std::string, Samples>> queries;
};

absl::StatusOr<SizeResult> Measure(const Flags& flags, int size, std::FILE* progress) {
  const std::string path = absl::StrCat(flags.dir, "/statistics-", size, ".db");
  storage::Options options;
  options.path = path;
  // Loading uses synchronous=OFF (how commits are flushed does not change how reads run).
  options.synchronous = storage::Synchronous::kOff;
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> writer,
                      booking::OpenBookingDatabase(options));
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> stats_db,
                      booking::OpenBookingDatabase(options));
  booking::SqliteBookingStore store(*writer);
  // A year that ended before today, so the ImportHistory rule (the past only) would hold too.
  const absl::Time origin = absl::FromCivil(absl::CivilDay(2025, 9, 1), absl::UTCTimeZone());
  Progress(progress, "loading %d reservations on %d listings", size, flags.listings);
  SizeResult result;
  result.reservations = size;
  const auto load_start = SteadyClock::now();
  LP_RETURN_IF_ERROR(Load(store, flags, size, origin));
  result.load_seconds = MillisSince(load_start) / 1000;
  LP_RETURN_IF_ERROR(writer->Execute("PRAGMA wal_checkpoint(TRUNCATE)"));
  {
    LP_ASSIGN_OR_RETURN(storage::Statement count,
                        stats_db->Prepare("SELECT count(*) FROM reservation_stats"));
    LP_ASSIGN_OR_RETURN(bool row, count.Step());
    if (row) result.aggregate_rows = count.Int(0);
  }

  SystemClock clock;
  BenchDirectory directory(flags);
  booking::SqliteStatisticsStore stats_store(*stats_db);
  booking::Statistics statistics(stats_store, directory, store, clock);
  testing::TestIdentity identity(clock);
  booking::StatisticsGrpcService service(statistics, identity.authenticator());
  LP_ASSIGN_OR_RETURN(std::unique_ptr<GrpcServer> server,
                      GrpcServer::Start({.name = "booking"}, {&service}));
  auto stub = v1::StatisticsService::NewStub(
      grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()));
  const std::string token = identity.Bearer("per_admin", {}, true);
  const auto year_start = ToTimestamp(origin);
  const auto year_end = ToTimestamp(origin + absl::Hours(24 * 365));

  std::vector<Query> queries;
  queries.push_back({"summary, platform-wide", [&](auto& s, auto& context) {
                       v1::GetStatsSummaryRequest request;
                       *request.mutable_start_time() = year_start;
                       *request.mutable_end_time() = year_end;
                       v1::StatsSummary response;
                       return s.GetStatsSummary(&context, request, &response);
                     }});
  queries.push_back({"summary, one owner", [&](auto& s, auto& context) {
                       v1::GetStatsSummaryRequest request;
                       request.mutable_scope()->set_owner_organization_id(OwnerId(7));
                       *request.mutable_start_time() = year_start;
                       *request.mutable_end_time() = year_end;
                       v1::StatsSummary response;
                       return s.GetStatsSummary(&context, request, &response);
                     }});
  queries.push_back({"summary per listing, platform-wide", [&](auto& s, auto& context) {
                       v1::GetStatsSummaryRequest request;
                       request.set_group_by(v1::STATS_GROUP_BY_LISTING);
                       *request.mutable_start_time() = year_start;
                       *request.mutable_end_time() = year_end;
                       v1::StatsSummary response;
                       return s.GetStatsSummary(&context, request, &response);
                     }});
  queries.push_back({"monthly series, platform-wide", [&](auto& s, auto& context) {
                       v1::GetStatsTimeSeriesRequest request;
                       request.set_interval(v1::STATS_INTERVAL_MONTH);
                       *request.mutable_start_time() = year_start;
                       *request.mutable_end_time() = year_end;
                       v1::StatsTimeSeries response;
                       return s.GetStatsTimeSeries(&context, request, &response);
                     }});
  queries.push_back({"weekly series, one listing", [&](auto& s, auto& context) {
                       v1::GetStatsTimeSeriesRequest request;
                       request.mutable_scope()->set_listing_id(ListingId(42));
                       request.set_interval(v1::STATS_INTERVAL_WEEK);
                       *request.mutable_start_time() = year_start;
                       *request.mutable_end_time() = year_end;
                       v1::StatsTimeSeries response;
                       return s.GetStatsTimeSeries(&context, request, &response);
                     }});
  const auto budget_start = SteadyClock::now();
  for (const Query& query : queries) result.queries.push_back({query.name, Samples()});
  for (int rep = 0; rep < flags.repetitions; ++rep) {
    if (rep >= 3 && MillisSince(budget_start) > flags.budget_seconds * 1000) break;
    for (size_t q = 0; q < queries.size(); ++q) {
      grpc::ClientContext context;
      context.AddMetadata("authorization", token);
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
      const auto start = SteadyClock::now();
      grpc::Status status = queries[q].call(*stub, context);
      if (!status.ok()) {
        return absl::InternalError(absl::StrCat(queries[q].name, ": ", status.error_message()));
      }
      result.queries[q].second.Add(MillisSince(start));
    }
  }
  server->Shutdown();
  return result;
}

std::string Markdown(const Flags& flags, const std::vector<SizeResult>& sizes) {
  std::string out = "## Statistics for a year\n\n";
  absl::StrAppend(
      &out, "`", flags.command_line,
      "` (output flags such as `--markdown-out` and `--server-log` left out)\n\n",
      "A year of reservations on ", FormatCount(flags.listings), " listings of ",
      FormatCount(flags.owners), " owners, used by ", FormatCount(flags.organizations),
      " organisations (", flags.borrowers_per_listing,
      " per listing), 82% completed with check-in facts and learners per audience, the rest "
      "cancelled, no-shows or still to come; loaded through the booking store's transactions, "
      "so migration 0007's triggers keep the daily aggregates. Then, up to ",
      flags.repetitions, " times (fewer once the budget of ", flags.budget_seconds,
      " s is spent), each query for that whole year, sequentially through gRPC as a platform "
      "admin, with the catalogue and registry answering from memory (their cached case).\n\n");
  MarkdownTable load({"stored reservations", "load time", "reservations/s loaded",
                      "aggregate rows (day × listing × borrower)"});
  for (const SizeResult& s : sizes) {
    load.AddRow({FormatCount(s.reservations), absl::StrFormat("%.1f s", s.load_seconds),
                 FormatRate(s.load_seconds > 0 ? s.reservations / s.load_seconds : 0),
                 FormatCount(s.aggregate_rows)});
  }
  absl::StrAppend(&out, load.Render(), "\n");
  MarkdownTable latency(
      {"stored reservations", "query (a year)", "calls", "p50 ms", "p95 ms", "max ms"}, 2);
  for (const SizeResult& s : sizes) {
    for (const auto& [name, samples] : s.queries) {
      latency.AddRow({FormatCount(s.reservations), name, FormatCount(samples.count()),
                      FormatMillis(samples.Percentile(50)), FormatMillis(samples.Percentile(95)),
                      FormatMillis(samples.Max())});
    }
  }
  absl::StrAppend(&out, latency.Render(), "\n");
  if (sizes.size() >= 2) {
    const SizeResult& a = sizes.front();
    const SizeResult& b = sizes.back();
    std::vector<std::string> growth;
    for (size_t q = 0; q < a.queries.size() && q < b.queries.size(); ++q) {
      growth.push_back(absl::StrCat(
          a.queries[q].first, " ",
          FormatRatio(b.queries[q].second.Percentile(50), a.queries[q].second.Percentile(50))));
    }
    absl::StrAppend(&out, "Growth of p50 from ", FormatCount(a.reservations), " to ",
                    FormatCount(b.reservations),
                    " stored reservations: ", absl::StrJoin(growth, "; "), ".\n\n");
  }
  return out;
}

int Main(int argc, char** argv) {
  PrepareServingProcess();
  Flags flags;
  CLI::App app{"Latency of multi-use statistics for a year as stored reservations grow"};
  app.add_option("--sizes", flags.sizes, "Stored reservations, comma-separated")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--listings", flags.listings, "Listings the reservations are spread over")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--repetitions", flags.repetitions, "Calls of each query per size")
      ->capture_default_str();
  app.add_option("--budget-seconds", flags.budget_seconds,
                 "Stop repeating a size's queries after this long (at least 3 calls each)")
      ->capture_default_str();
  app.add_option("--seed", flags.seed, "Seed of the generated reservations")->capture_default_str();
  app.add_option("--dir", flags.dir, "Where the databases go (default: a fresh temporary one)");
  app.add_option("--markdown-out", flags.markdown_out, "Also write the Markdown section here");
  app.add_option("--server-log", flags.server_log,
                 "Send the service's per-call log lines (stderr) to this file");
  CLI11_PARSE(app, argc, argv);
  if (flags.sizes.empty()) {
    std::fprintf(stderr, "--sizes needs at least one value\n");
    return 2;
  }
  flags.owners = std::min(flags.owners, flags.listings);
  std::vector<std::string> words = {"statistics_bench"};
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--markdown-out" || arg == "--server-log" || arg == "--dir") {
      ++i;
      continue;
    }
    words.emplace_back(arg);
  }
  flags.command_line = absl::StrJoin(words, " ");
  bool remove_dir = false;
  if (flags.dir.empty()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "leerpool-statistics-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    flags.dir = pattern;
    remove_dir = true;
  }
  ServerLogRedirect redirect(flags.server_log);
  int exit_code = 0;
  std::vector<SizeResult> sizes;
  for (int size : flags.sizes) {
    absl::StatusOr<SizeResult> result = Measure(flags, size, redirect.progress());
    if (!result.ok()) {
      std::fprintf(redirect.progress(), "statistics run at %d failed: %s\n", size,
                   result.status().ToString().c_str());
      exit_code = 1;
      break;
    }
    sizes.push_back(*std::move(result));
  }
  if (exit_code == 0) {
    const std::string markdown = Markdown(flags, sizes);
    std::fwrite(markdown.data(), 1, markdown.size(), stdout);
    if (!flags.markdown_out.empty()) {
      std::ofstream file(flags.markdown_out, std::ios::trunc);
      file << markdown;
      if (!file) {
        std::fprintf(redirect.progress(), "cannot write %s\n", flags.markdown_out.c_str());
        exit_code = 1;
      }
    }
  }
  if (remove_dir) std::filesystem::remove_all(flags.dir);
  return exit_code;
}

}  // namespace
}  // namespace leerpool::bench

int main(int argc, char** argv) { return leerpool::bench::Main(argc, argv); }
