// catalogue_search_bench: how fast the catalogue answers SearchListings, through its gRPC API
// and through the HTTP gateway, and how that changes as the catalogue grows.
//
// For each size N it builds a fresh catalogue database with N generated published listings
// (bench/catalogue_dataset.h), serves it with the real gRPC adapter and the real gateway
// in-process on port 0, and runs a fixed mix of searches sequentially through the generated
// gRPC stub and through HTTP/JSON, interleaved so both paths see the same machine noise; then
// the same mix from several clients at once. It prints a Markdown section (scripts/bench puts
// it in docs/benchmarks.md). Nothing is asserted about time: a failed call fails the run.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <latch>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/bench_util.h"
#include "bench/catalogue_dataset.h"
#include "clients/http/http_client.h"
#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "proto/descriptor_set.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/grpc/catalogue_grpc_service.h"
#include "services/catalogue/sqlite/sqlite_catalogue_store.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/secrets.h"
#include "services/common/auth/token.h"
#include "services/common/clock.h"
#include "services/common/server.h"
#include "services/common/status_macros.h"
#include "services/gateway/backends.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_server.h"
#include "services/gateway/transcoding/transcoder.h"
#include "storage/read_pool.h"
#include "storage/sqlite.h"

namespace leerpool::bench {
namespace {

namespace v1 = catalogue::v1;
using Clock = std::chrono::steady_clock;

struct Flags {
  std::vector<int> sizes = {2000, 20000};
  int repetitions = 100;
  int warmup = 3;
  double budget_seconds = 60;
  int owners = 200;
  int clients = 4;
  double concurrent_seconds = 4;
  uint64_t seed = 20260301;
  std::string markdown_out;
  std::string server_log;
  std::string keep_databases;
  std::string command_line;
};

// ---- The query mix

// One search of the fixed mix, as a gRPC request and as the same request over HTTP.
struct Query {
  std::string name;
  std::string what;
  v1::SearchListingsRequest request;
  std::vector<std::pair<std::string, std::string>> params;

  std::string HttpTarget() const {
    std::vector<std::string> pairs;
    for (const auto& [key, value] : params) pairs.push_back(key + "=" + UrlEncode(value));
    return absl::StrCat("/v1/listings:search", pairs.empty() ? "" : "?", absl::StrJoin(pairs, "&"));
  }
  // The parameters as a reader would type them (unencoded).
  std::string Shown() const {
    if (params.empty()) return "(none)";
    std::vector<std::string> pairs;
    for (const auto& [key, value] : params) pairs.push_back(key + "=" + value);
    std::string shown = absl::StrJoin(pairs, "&");
    if (shown.size() > 90) shown = shown.substr(0, 87) + "...";
    return absl::StrCat("`", shown, "`");
  }
};

class QueryBuilder {
 public:
  QueryBuilder(std::string name, std::string what) {
    query_.name = std::move(name);
    query_.what = std::move(what);
  }
  QueryBuilder& Text(const std::string& q) {
    query_.request.set_q(q);
    return Param("q", q);
  }
  QueryBuilder& Category(v1::Category category) {
    query_.request.add_categories(category);
    return Param("categories", v1::Category_Name(category));
  }
  QueryBuilder& Technology(const std::string& code) {
    query_.request.add_technologies(code);
    return Param("technologies", code);
  }
  QueryBuilder& Near(const std::string& point) {
    query_.request.set_near(point);
    return Param("near", point);
  }
  QueryBuilder& WithinKm(int km) {
    query_.request.set_within_km(km);
    return Param("within_km", absl::StrCat(km));
  }
  QueryBuilder& ComesToMe() {
    query_.request.set_comes_to_me(true);
    return Param("comes_to_me", "true");
  }
  QueryBuilder& Learners(int learners) {
    query_.request.set_learners(learners);
    return Param("learners", absl::StrCat(learners));
  }
  QueryBuilder& Sort(v1::SearchSort sort) {
    query_.request.set_sort(sort);
    return Param("sort", v1::SearchSort_Name(sort));
  }
  QueryBuilder& PageToken(const std::string& token) {
    query_.request.set_page_token(token);
    return Param("page_token", token);
  }
  Query Build() { return std::move(query_); }

 private:
  QueryBuilder& Param(std::string key, std::string value) {
    query_.params.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  Query query_;
};

constexpr char kAntwerpen[] = "51.2194,4.4025";
constexpr char kEindhoven[] = "51.4416,5.4697";
constexpr char kBreda[] = "51.5719,4.7683";

// What a school's planner does on the search page. The second page continues the first query
// with the token its first page returned (dropped when the first page is the last).
std::vector<Query> QueryMix(const std::string& second_page_token) {
  std::vector<Query> mix;
  mix.push_back(QueryBuilder("text", "one word, by relevance").Text("warmtepomp").Build());
  mix.push_back(QueryBuilder("text_within_50km", "a word within 50 km of Antwerpen")
                    .Text("laadpaal")
                    .Near(kAntwerpen)
                    .WithinKm(50)
                    .Build());
  mix.push_back(QueryBuilder("comes_to_me", "mobile setups whose radius reaches Eindhoven")
                    .Text("warmtepomp")
                    .ComesToMe()
                    .Near(kEindhoven)
                    .Build());
  mix.push_back(QueryBuilder("categories_facets", "two categories, no text: by title, facets")
                    .Category(v1::CATEGORY_SIMULATOR)
                    .Category(v1::CATEGORY_VR_AR_SET)
                    .Build());
  mix.push_back(QueryBuilder("technology_by_distance", "a vocabulary tag, nearest to Breda first")
                    .Technology("charging-point")
                    .Near(kBreda)
                    .Sort(v1::SEARCH_SORT_DISTANCE)
                    .Build());
  mix.push_back(QueryBuilder("quoted_learners_price", "quoted word, >= 8 learners, cheapest first")
                    .Text("\"zonnepanelen\"")
                    .Learners(8)
                    .Sort(v1::SEARCH_SORT_PRICE)
                    .Build());
  if (!second_page_token.empty()) {
    mix.push_back(QueryBuilder("text_page_2", "the second page of `text`")
                      .Text("warmtepomp")
                      .PageToken(second_page_token)
                      .Build());
  }
  mix.push_back(
      QueryBuilder("browse_all", "no filter at all: the first page of everything, by title")
          .Build());
  return mix;
}

// ---- The stack under test

// The registry's signing side, reduced to one key nobody signs with: every call in this
// benchmark is anonymous, but the adapter authenticates each call like in production.
class LocalKeys : public auth::AuthSource {
 public:
  explicit LocalKeys(auth::SigningKeyPair key) : key_(std::move(key)) {}
  absl::StatusOr<std::map<std::string, std::string>> SigningKeys() override {
    return std::map<std::string, std::string>{{key_.key_id, key_.public_key}};
  }
  absl::StatusOr<std::pair<std::vector<auth::RevokedCredential>, absl::Time>> RevocationsSince(
      absl::Time) override {
    return std::make_pair(std::vector<auth::RevokedCredential>{}, absl::Now());
  }
  absl::StatusOr<std::string> ExchangeApiKey(const std::string&) override {
    return absl::UnauthenticatedError("no API keys in the benchmark");
  }

 private:
  auth::SigningKeyPair key_;
};

// A fresh directory under the system's temp directory, removed with this object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "leerpool-bench-XXXXXX");
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

int64_t FileBytes(const std::filesystem::path& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<int64_t>(size);
}

// ---- Measuring

struct PathStats {
  std::vector<Samples> by_query;
  Samples all;
};

struct Throughput {
  int clients = 0;
  int requests = 0;
  double seconds = 0;
  Samples latencies;
  double PerSecond() const { return seconds > 0 ? requests / seconds : 0; }
};

struct SizeResult {
  int listings = 0;
  // Sequential repetitions made (fewer than asked when the budget ran out).
  int repetitions = 0;
  LoadStats load;
  int64_t database_bytes = 0;
  std::vector<Query> mix;
  std::vector<int> matches;
  PathStats grpc;
  PathStats gateway;
  Throughput grpc_concurrent;
  Throughput gateway_concurrent;
};

// Far above the services' defaults (the gateway gives a backend 10 s, the HTTP server a client
// 30 s), so a slow search is measured instead of cut off.
constexpr std::chrono::seconds kCallDeadline{600};

constexpr int kMinRepetitions = 3;

std::unique_ptr<grpc::ClientContext> CallContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  return context;
}

// One search through the stub; its wall time in milliseconds.
absl::StatusOr<double> TimeGrpc(v1::CatalogueService::Stub& stub, const Query& query,
                                v1::SearchListingsResponse* response = nullptr) {
  v1::SearchListingsResponse local;
  if (response == nullptr) response = &local;
  std::unique_ptr<grpc::ClientContext> context = CallContext();
  const auto start = Clock::now();
  const grpc::Status status = stub.SearchListings(context.get(), query.request, response);
  const double millis = MillisSince(start);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("gRPC ", query.name, ": ", status.error_message()));
  }
  return millis;
}

// One search through the gateway; its wall time in milliseconds. The JSON is not parsed here:
// only `body` (when given) receives it for checks outside the timed loop.
absl::StatusOr<double> TimeGateway(clients::HttpClient& client, const Query& query,
                                   std::string* body = nullptr) {
  const std::string target = query.HttpTarget();
  const auto start = Clock::now();
  absl::StatusOr<clients::HttpResult> result = client.Get(target);
  const double millis = MillisSince(start);
  if (!result.ok()) return result.status();
  if (result->status != 200) {
    return absl::InternalError(
        absl::StrCat("HTTP ", query.name, ": ", result->status, " ", result->body));
  }
  if (body != nullptr) *body = std::move(result->body);
  return millis;
}

// `clients` threads, each on its own connection, run the mix round-robin (each starting at a
// different query) for `passes` passes each; no client starts a call after `seconds`.
template <typename MakeClient, typename Call>
absl::StatusOr<Throughput> RunConcurrently(int clients, int passes, double seconds,
                                           const std::vector<Query>& mix, MakeClient make_client,
                                           Call call) {
  Throughput throughput;
  throughput.clients = clients;
  std::vector<Samples> samples(static_cast<size_t>(clients));
  std::mutex mutex;
  absl::Status first_error;
  std::latch ready(clients + 1);
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto client = make_client();
      ready.arrive_and_wait();
      const auto start = Clock::now();
      for (int pass = 0; pass < passes; ++pass) {
        for (size_t k = 0; k < mix.size(); ++k) {
          if (stop.load() || MillisSince(start) > seconds * 1000) return;
          const Query& query = mix[(k + static_cast<size_t>(c)) % mix.size()];
          absl::StatusOr<double> millis = call(*client, query);
          if (!millis.ok()) {
            std::lock_guard lock(mutex);
            if (first_error.ok()) first_error = millis.status();
            stop = true;
            return;
          }
          samples[static_cast<size_t>(c)].Add(*millis);
        }
      }
    });
  }
  ready.arrive_and_wait();
  const auto start = Clock::now();
  for (std::thread& thread : threads) thread.join();
  throughput.seconds = MillisSince(start) / 1000;
  LP_RETURN_IF_ERROR(first_error);
  for (const Samples& s : samples) throughput.latencies.Append(s);
  throughput.requests = static_cast<int>(throughput.latencies.count());
  return throughput;
}

absl::StatusOr<SizeResult> RunSize(int listings, const Flags& flags, std::FILE* progress) {
  SizeResult result;
  result.listings = listings;
  TempDir temp;
  if (temp.path().empty()) return absl::InternalError("cannot create a temporary directory");
  const std::filesystem::path db_path = flags.keep_databases.empty()
                                            ? temp.path() / "catalogue.db"
                                            : std::filesystem::path(flags.keep_databases) /
                                                  absl::StrCat("catalogue-", listings, ".db");
  if (!flags.keep_databases.empty()) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::error_code ignored;
      std::filesystem::remove(db_path.string() + suffix, ignored);
    }
  }

  // ---- A fresh catalogue; with one seed for every size, the smaller catalogues are the first
  // listings of the larger ones. synchronous=NORMAL (the service's default is FULL) only changes
  // how commits are flushed while loading; the searches only read.
  storage::Options options;
  options.path = db_path;
  options.synchronous = storage::Synchronous::kNormal;
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> db,
                      catalogue::OpenCatalogueDatabase(options));
  // As the service runs it (services/catalogue/main.cc): reads on a pool of read-only
  // connections next to the one read-write connection.
  LP_ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadPool> reads,
                      storage::ReadPool::Open(options, 4));
  catalogue::SqliteCatalogueStore store(*db, reads.get());
  SystemClock clock;
  const std::vector<catalogue::OrganizationSummary> owners =
      GenerateOwners(flags.owners, flags.seed);
  GeneratedDirectory directory(owners);
  catalogue::Catalogue catalogue(store, directory, clock);
  Progress(progress, "%s listings: loading", FormatCount(listings).c_str());
  LP_ASSIGN_OR_RETURN(
      result.load, LoadCatalogue({.listings = listings, .owners = flags.owners, .seed = flags.seed},
                                 owners, catalogue, store, clock));
  // Searches then read the database file as a long-running service's would be, not a WAL
  // holding the whole load; it also makes the size below the data's.
  LP_RETURN_IF_ERROR(db->Execute("PRAGMA wal_checkpoint(TRUNCATE)"));
  result.database_bytes = FileBytes(db_path);
  Progress(progress, "%s listings: loaded in %.1f s", FormatCount(listings).c_str(),
           result.load.seconds);
  LP_ASSIGN_OR_RETURN(const catalogue::SearchResponse everything,
                      catalogue.SearchListings(auth::Caller::Anonymous(), {}));
  if (everything.total_count != listings) {
    return absl::InternalError(
        absl::StrCat("loaded ", listings, " listings but search finds ", everything.total_count));
  }

  // ---- The real adapter and the real gateway in front of it.
  LP_RETURN_IF_ERROR(auth::InitializeCrypto());
  LP_ASSIGN_OR_RETURN(auth::SigningKeyPair key, auth::GenerateSigningKeyPair());
  LocalKeys keys(std::move(key));
  LP_ASSIGN_OR_RETURN(std::unique_ptr<auth::Authenticator> authenticator,
                      auth::Authenticator::Create(keys, clock, {}));
  catalogue::CatalogueGrpcService service(catalogue, *authenticator);
  LP_ASSIGN_OR_RETURN(std::unique_ptr<GrpcServer> server,
                      GrpcServer::Start({.name = "catalogue"}, {&service}));
  LP_ASSIGN_OR_RETURN(std::unique_ptr<gateway::Transcoder> transcoder,
                      gateway::Transcoder::Create(proto::DescriptorSetBytes()));
  gateway::Backends backends({{"catalogue", "leerpool.catalogue.", server->address()}});
  gateway::GatewayOptions gateway_options;
  gateway_options.backend_deadline = kCallDeadline;
  gateway::Gateway gateway(gateway_options, *transcoder, backends);
  gateway::HttpServerOptions http_options;
  http_options.port = 0;
  http_options.request_timeout = kCallDeadline;
  LP_ASSIGN_OR_RETURN(std::unique_ptr<gateway::HttpServer> http,
                      gateway::HttpServer::Start(http_options, gateway));
  const unsigned short http_port = http->port();
  struct Stop {
    gateway::HttpServer& http;
    GrpcServer& server;
    ~Stop() {
      http.Stop();
      server.Shutdown();
    }
  } stop{*http, *server};

  auto stub = v1::CatalogueService::NewStub(
      grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()));
  clients::HttpClient client("127.0.0.1", http_port, kCallDeadline);

  // ---- The mix, with the first query's real second-page token.
  v1::SearchListingsResponse first_page;
  LP_RETURN_IF_ERROR(TimeGrpc(*stub, QueryMix("").front(), &first_page).status());
  result.mix = QueryMix(first_page.next_page_token());
  const std::vector<Query>& mix = result.mix;
  result.grpc.by_query.resize(mix.size());
  result.gateway.by_query.resize(mix.size());

  // ---- Warm-up; the first pass also checks both paths find the same.
  // A quarter of the budget at most, but always one pass.
  Progress(progress, "%s listings: warming up", FormatCount(listings).c_str());
  const auto warmup_start = Clock::now();
  for (int pass = 0; pass < flags.warmup; ++pass) {
    if (pass > 0 && MillisSince(warmup_start) > flags.budget_seconds * 250) break;
    for (const Query& query : mix) {
      v1::SearchListingsResponse response;
      std::string body;
      LP_RETURN_IF_ERROR(TimeGrpc(*stub, query, &response).status());
      LP_RETURN_IF_ERROR(TimeGateway(client, query, &body).status());
      if (pass > 0) continue;
      const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
      const int http_total = json.is_object() ? json.value("totalCount", -1) : -1;
      if (http_total != response.total_count() ||
          (response.total_count() > 0 && response.results_size() == 0)) {
        return absl::InternalError(absl::StrCat(query.name, ": gRPC finds ", response.total_count(),
                                                ", the gateway ", http_total));
      }
      result.matches.push_back(response.total_count());
    }
  }

  // ---- Sequential, interleaved: each query once through gRPC, then once through HTTP.
  // Until the repetitions are done or the budget is spent, but never fewer than a few, so every
  // figure has several calls behind it even when one repetition outlasts the budget.
  Progress(progress, "%s listings: up to %d sequential repetitions of %zu queries on both paths",
           FormatCount(listings).c_str(), flags.repetitions, mix.size());
  const auto timed_start = Clock::now();
  for (int repetition = 0; repetition < flags.repetitions; ++repetition) {
    if (repetition >= std::min(kMinRepetitions, flags.repetitions) &&
        MillisSince(timed_start) > flags.budget_seconds * 1000) {
      break;
    }
    ++result.repetitions;
    for (size_t k = 0; k < mix.size(); ++k) {
      LP_ASSIGN_OR_RETURN(const double grpc_millis, TimeGrpc(*stub, mix[k]));
      result.grpc.by_query[k].Add(grpc_millis);
      LP_ASSIGN_OR_RETURN(const double http_millis, TimeGateway(client, mix[k]));
      result.gateway.by_query[k].Add(http_millis);
    }
  }
  for (size_t k = 0; k < mix.size(); ++k) {
    result.grpc.all.Append(result.grpc.by_query[k]);
    result.gateway.all.Append(result.gateway.by_query[k]);
  }

  // ---- Concurrent clients, each on its own connection.
  if (flags.clients > 0 && flags.concurrent_seconds > 0) {
    Progress(progress, "%s listings: %d concurrent clients per path", FormatCount(listings).c_str(),
             flags.clients);
    const std::string address = server->address();
    // As many calls in all as the sequential run made on one path.
    const int passes = (result.repetitions + flags.clients - 1) / flags.clients;
    LP_ASSIGN_OR_RETURN(result.grpc_concurrent,
                        RunConcurrently(
                            flags.clients, passes, flags.concurrent_seconds, mix,
                            [&address] {
                              grpc::ChannelArguments arguments;
                              // A connection per client rather than one shared HTTP/2 connection.
                              arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
                              return v1::CatalogueService::NewStub(grpc::CreateCustomChannel(
                                  address, grpc::InsecureChannelCredentials(), arguments));
                            },
                            [](v1::CatalogueService::Stub& stub, const Query& query) {
                              return TimeGrpc(stub, query);
                            }));
    LP_ASSIGN_OR_RETURN(result.gateway_concurrent,
                        RunConcurrently(
                            flags.clients, passes, flags.concurrent_seconds, mix,
                            [http_port] {
                              return std::make_unique<clients::HttpClient>("127.0.0.1", http_port,
                                                                           kCallDeadline);
                            },
                            [](clients::HttpClient& http_client, const Query& query) {
                              return TimeGateway(http_client, query);
                            }));
  }
  return result;
}

// ---- Reporting

std::string SizeLabel(int listings) { return absl::StrCat(FormatCount(listings), " listings"); }

std::string Markdown(const Flags& flags, const std::vector<SizeResult>& results) {
  std::string out = "## Catalogue search\n\n";
  absl::StrAppend(&out, "Command: `", flags.command_line,
                  "` (output flags such as `--markdown-out` and `--server-log` left out)\n\n");
  absl::StrAppend(
      &out,
      "For each size a fresh SQLite catalogue database (WAL; `synchronous=NORMAL` while loading, "
      "which changes only how commits are flushed, not how reads run) is filled with published "
      "listings of ",
      flags.owners,
      " owner organisations of every kind in the NL/BE border region (lat 50.8..52.0, lng "
      "3.5..6.0): Dutch and English titles and descriptions, tags from the seeded vocabulary, "
      "about 15% mobile setups with service radii, prices and versioned terms. The first 12 "
      "listings and every site are created through the `Catalogue` API (validated like a "
      "client's), the rest through the store in transactions of 1,000; the WAL is then "
      "checkpointed. The real gRPC adapter "
      "(`CatalogueGrpcService` in `GrpcServer`) and the real gateway (transcoder, backends, "
      "Beast HTTP server, 2 I/O threads) run in the benchmark's process on 127.0.0.1; the "
      "clients are the generated gRPC stub and the blocking HTTP/1.1 client on a keep-alive "
      "connection. Searches are anonymous, so no registry is involved.\n\n",
      "After up to ", flags.warmup, " warm-up passes, up to ", flags.repetitions,
      " repetitions (but no more once they took ", flags.budget_seconds, " s and at least ",
      kMinRepetitions,
      " were made; each table gives the number) each run every query once through gRPC and then "
      "once through the gateway, one call at a time, so both paths see the same machine noise. "
      "Times are wall-clock per call at the client (the HTTP client does not parse the JSON); "
      "percentiles are nearest-rank, so with 100 calls p99 is the second largest; *all* pools "
      "every query. The gateway's backend deadline and every client deadline are raised to ",
      kCallDeadline.count(),
      " s so a slow search is measured, not cut off (the services' defaults would answer 504 "
      "after 10 s). Then ",
      flags.clients,
      " clients, each on its own connection, run the mix round-robin at once, as many calls in "
      "all as the sequential run made on one path, starting none after ",
      flags.concurrent_seconds, " s.\n\n");

  // The mix.
  absl::StrAppend(&out, "### Query mix (`GET /v1/listings:search` and `SearchListings`)\n\n");
  MarkdownTable mix_table({"query", "parameters", "what it asks"}, 3);
  for (const Query& query : results.front().mix) {
    const bool page = query.name == "text_page_2";
    mix_table.AddRow({absl::StrCat("`", query.name, "`"),
                      page ? "`q=warmtepomp&page_token=<from text>`" : query.Shown(), query.what});
  }
  absl::StrAppend(&out, mix_table.Render(), "\n");

  // Loading.
  absl::StrAppend(&out, "### Loading\n\n");
  MarkdownTable load_table(
      {"listings", "owners", "sites", "mobile setups", "load time", "listings/s", "database"});
  for (const SizeResult& r : results) {
    load_table.AddRow(
        {FormatCount(r.listings), FormatCount(r.load.owners), FormatCount(r.load.sites),
         FormatCount(r.load.mobile_listings), absl::StrFormat("%.1f s", r.load.seconds),
         FormatCount(static_cast<long long>(r.listings / std::max(r.load.seconds, 1e-9))),
         absl::StrFormat("%.1f MB", r.database_bytes / 1e6)});
  }
  absl::StrAppend(&out, load_table.Render(), "\n");

  // Latency per size.
  for (const SizeResult& r : results) {
    absl::StrAppend(&out, "### Latency at ", SizeLabel(r.listings), " (ms)\n\n", r.repetitions,
                    r.repetitions == 1 ? " call" : " calls", " per query and path",
                    r.repetitions < flags.repetitions
                        ? absl::StrCat(" (the ", flags.budget_seconds, " s budget ran out before ",
                                       flags.repetitions, ")")
                        : std::string(),
                    ".\n\n");
    MarkdownTable table({"query", "matches", "gRPC p50", "p95", "p99", "max", "gateway p50", "p95",
                         "p99", "max", "gateway / gRPC (p50)"});
    auto row = [&](const std::string& name, const std::string& matches, const Samples& g,
                   const Samples& h) {
      table.AddRow({name, matches, FormatMillis(g.Percentile(50)), FormatMillis(g.Percentile(95)),
                    FormatMillis(g.Percentile(99)), FormatMillis(g.Max()),
                    FormatMillis(h.Percentile(50)), FormatMillis(h.Percentile(95)),
                    FormatMillis(h.Percentile(99)), FormatMillis(h.Max()),
                    FormatRatio(h.Percentile(50), g.Percentile(50))});
    };
    for (size_t k = 0; k < r.mix.size(); ++k) {
      row(absl::StrCat("`", r.mix[k].name, "`"), FormatCount(r.matches[k]), r.grpc.by_query[k],
          r.gateway.by_query[k]);
    }
    row("**all**", "", r.grpc.all, r.gateway.all);
    absl::StrAppend(&out, table.Render(), "\n");
  }

  // Growth: smallest to largest size, one run.
  if (results.size() >= 2) {
    const SizeResult& small = results.front();
    const SizeResult& large = results.back();
    const double data_growth = static_cast<double>(large.listings) / small.listings;
    absl::StrAppend(&out, "### Growth from ", FormatCount(small.listings), " to ",
                    FormatCount(large.listings), " listings (data ",
                    FormatRatio(large.listings, small.listings), ")\n\n",
                    "Ratios of latencies measured in this run; linear growth would be ",
                    FormatRatio(large.listings, small.listings), ".\n\n");
    MarkdownTable table({"query", "matches", "gRPC p50", "growth", "gateway p50", "growth"});
    auto row = [&](const std::string& name, const std::string& matches, double g_small,
                   double g_large, double h_small, double h_large) {
      table.AddRow({name, matches,
                    absl::StrCat(FormatMillis(g_small), " → ", FormatMillis(g_large)),
                    FormatRatio(g_large, g_small),
                    absl::StrCat(FormatMillis(h_small), " → ", FormatMillis(h_large)),
                    FormatRatio(h_large, h_small)});
    };
    for (size_t k = 0; k < small.mix.size(); ++k) {
      // Match queries by name: the second page exists at one size and maybe not the other.
      for (size_t j = 0; j < large.mix.size(); ++j) {
        if (large.mix[j].name != small.mix[k].name) continue;
        row(absl::StrCat("`", small.mix[k].name, "`"),
            absl::StrCat(FormatCount(small.matches[k]), " → ", FormatCount(large.matches[j]), " (",
                         FormatRatio(large.matches[j], small.matches[k]), ")"),
            small.grpc.by_query[k].Percentile(50), large.grpc.by_query[j].Percentile(50),
            small.gateway.by_query[k].Percentile(50), large.gateway.by_query[j].Percentile(50));
      }
    }
    for (double p : {50.0, 95.0}) {
      table.AddRow({absl::StrFormat("**all, p%.0f**", p), "",
                    absl::StrCat(FormatMillis(small.grpc.all.Percentile(p)), " → ",
                                 FormatMillis(large.grpc.all.Percentile(p))),
                    FormatRatio(large.grpc.all.Percentile(p), small.grpc.all.Percentile(p)),
                    absl::StrCat(FormatMillis(small.gateway.all.Percentile(p)), " → ",
                                 FormatMillis(large.gateway.all.Percentile(p))),
                    FormatRatio(large.gateway.all.Percentile(p), small.gateway.all.Percentile(p))});
    }
    absl::StrAppend(&out, table.Render(), "\n");
    absl::StrAppend(
        &out, "Summary: with ", FormatRatio(large.listings, small.listings),
        " the listings, the p50 over all queries grew ",
        FormatRatio(large.grpc.all.Percentile(50), small.grpc.all.Percentile(50)),
        " through gRPC and ",
        FormatRatio(large.gateway.all.Percentile(50), small.gateway.all.Percentile(50)),
        " through the gateway (",
        absl::StrFormat("%.0f%%", 100 * large.grpc.all.Percentile(50) /
                                      small.grpc.all.Percentile(50) / data_growth),
        " of linear through gRPC). The gateway's overhead over gRPC at the p50 of all queries: ",
        FormatRatio(small.gateway.all.Percentile(50), small.grpc.all.Percentile(50)), " at ",
        SizeLabel(small.listings), ", ",
        FormatRatio(large.gateway.all.Percentile(50), large.grpc.all.Percentile(50)), " at ",
        SizeLabel(large.listings), ".\n\n");
  }

  // Throughput.
  if (flags.clients > 0 && flags.concurrent_seconds > 0) {
    absl::StrAppend(&out, "### Throughput, ", flags.clients, " concurrent clients\n\n",
                    "One client's rate is that of the sequential run (calls / time spent in "
                    "calls on that path).\n\n");
    MarkdownTable table({"listings", "path", "1 client, req/s", "concurrent, req/s", "scaling",
                         "p50 under load (ms)", "p95 under load (ms)"},
                        2);
    for (const SizeResult& r : results) {
      for (const auto& [name, sequential, concurrent] :
           {std::tuple<const char*, const PathStats*, const Throughput*>{"gRPC", &r.grpc,
                                                                         &r.grpc_concurrent},
            {"gateway", &r.gateway, &r.gateway_concurrent}}) {
        const double one = sequential->all.count() / (sequential->all.Sum() / 1000);
        table.AddRow({FormatCount(r.listings), name, FormatRate(one),
                      FormatRate(concurrent->PerSecond()),
                      FormatRatio(concurrent->PerSecond(), one),
                      FormatMillis(concurrent->latencies.Percentile(50)),
                      FormatMillis(concurrent->latencies.Percentile(95))});
      }
    }
    absl::StrAppend(&out, table.Render(), "\n");
  }
  return out;
}

int Main(int argc, char** argv) {
  PrepareServingProcess();
  Flags flags;
  CLI::App app{"Catalogue search latency through gRPC and through the gateway, by catalogue size"};
  app.add_option("--sizes", flags.sizes, "Catalogue sizes (listings), comma-separated")
      ->delimiter(',')
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  app.add_option("--repetitions", flags.repetitions,
                 "Timed calls per query and path; the concurrent run makes as many in all")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  app.add_option("--budget-seconds", flags.budget_seconds,
                 "Per size: the sequential repetitions stop once they took this long (the "
                 "warm-up once it took a quarter of it); at least 3 repetitions and one "
                 "warm-up pass are made")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  app.add_option("--warmup", flags.warmup, "Untimed passes over the mix before timing")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--owners", flags.owners, "Owner organisations")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--clients", flags.clients, "Concurrent clients per path (0: skip)")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  app.add_option("--concurrent-seconds", flags.concurrent_seconds,
                 "Upper bound on each concurrent run (0: skip)")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  app.add_option("--seed", flags.seed, "Seed of the generated data")->capture_default_str();
  app.add_option("--markdown-out", flags.markdown_out, "Also write the Markdown section here");
  app.add_option("--server-log", flags.server_log,
                 "Send the services' per-call log lines (stderr) to this file");
  app.add_option("--keep-databases", flags.keep_databases,
                 "Keep each size's database in this directory (catalogue-<size>.db) to inspect it")
      ->check(CLI::ExistingDirectory);
  CLI11_PARSE(app, argc, argv);
  std::sort(flags.sizes.begin(), flags.sizes.end());

  // The command that reproduces the figures: flags that only say where output goes are left out.
  std::vector<std::string> words = {"catalogue_search_bench"};
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    bool output_only = false;
    for (std::string_view flag : {"--markdown-out", "--server-log", "--keep-databases"}) {
      if (word == flag) {
        output_only = true;
        ++i;
      } else if (word.starts_with(flag) && word.substr(flag.size()).starts_with("=")) {
        output_only = true;
      }
    }
    if (!output_only) words.emplace_back(word);
  }
  flags.command_line = absl::StrJoin(words, " ");

  ServerLogRedirect redirect(flags.server_log);
  if (!redirect.ok()) {
    std::fprintf(stderr, "cannot write the server log %s\n", flags.server_log.c_str());
    return 2;
  }
  std::vector<SizeResult> results;
  for (int size : flags.sizes) {
    absl::StatusOr<SizeResult> result = RunSize(size, flags, redirect.progress());
    if (!result.ok()) {
      std::fprintf(redirect.progress(), "catalogue_search_bench: %s\n",
                   result.status().ToString().c_str());
      return 1;
    }
    results.push_back(*std::move(result));
  }

  const std::string markdown = Markdown(flags, results);
  std::fwrite(markdown.data(), 1, markdown.size(), stdout);
  std::fflush(stdout);
  if (!flags.markdown_out.empty()) {
    std::ofstream file(flags.markdown_out, std::ios::trunc);
    file << markdown;
    if (!file.flush()) {
      std::fprintf(redirect.progress(), "cannot write %s\n", flags.markdown_out.c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace leerpool::bench

int main(int argc, char** argv) { return leerpool::bench::Main(argc, argv); }
