// leerpool: the command-line client. Talks gRPC to the registry, the catalogue and the booking
// engine, like the gateway does; prints tables for people and the API's JSON with --json.

#include <grpcpp/grpcpp.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "clients/cli/config.h"
#include "clients/cli/opening_hours.h"
#include "clients/cli/output.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "leerpool/booking/v1/booking.grpc.pb.h"
#include "leerpool/booking/v1/statistics.grpc.pb.h"
#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "leerpool/registry/v1/registry.grpc.pb.h"

namespace leerpool::cli {
namespace {

namespace bv1 = ::leerpool::booking::v1;
namespace cv1 = ::leerpool::catalogue::v1;
namespace rv1 = ::leerpool::registry::v1;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

// Everything a command needs: where the services are, who is asking, how to print.
struct Context {
  Config config;
  std::filesystem::path config_path;
  bool json = false;
  std::string zone_name = "Europe/Brussels";
  absl::TimeZone zone;
  int deadline_seconds = 15;

  std::unique_ptr<grpc::ClientContext> Call() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(deadline_seconds));
    if (!config.token.empty()) context->AddMetadata("authorization", "Bearer " + config.token);
    return context;
  }
  std::shared_ptr<grpc::Channel> Channel(const std::string& target) const {
    return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  }
  std::unique_ptr<rv1::RegistryService::Stub> Registry() const {
    return rv1::RegistryService::NewStub(Channel(config.registry));
  }
  std::unique_ptr<cv1::CatalogueService::Stub> Catalogue() const {
    return cv1::CatalogueService::NewStub(Channel(config.catalogue));
  }
  std::unique_ptr<bv1::BookingService::Stub> Booking() const {
    return bv1::BookingService::NewStub(Channel(config.booking));
  }
  std::unique_ptr<bv1::StatisticsService::Stub> Statistics() const {
    return bv1::StatisticsService::NewStub(Channel(config.booking));
  }
};

// A command's failure: the message for stderr and the exit code.
struct Failure {
  ExitCode code;
  std::string message;
};

int Fail(const Failure& failure) {
  std::cerr << "leerpool: " << failure.message << "\n";
  return failure.code;
}

int FailRpc(const grpc::Status& status, const std::string& what) {
  std::string hint;
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    hint = " (sign in with `leerpool login`)";
  } else if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    hint = " (is the service running? see --registry, --catalogue, --booking)";
  }
  return Fail(
      {ExitCodeFor(status.error_code()), absl::StrCat(what, ": ", status.error_message(), hint)});
}

// "2026-12-08T09:00:00Z" (RFC 3339), or "2026-12-08 09:00" / "2026-12-08T09:00" / a date
// alone (midnight) as local time in the zone.
bool ParseWhen(const std::string& text, const absl::TimeZone& zone, absl::Time* out) {
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, text, out, &error)) return true;
  for (const char* format : {"%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"}) {
    if (absl::ParseTime(format, text, zone, out, &error)) return true;
  }
  return false;
}

Timestamp ToTimestamp(absl::Time time) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

// "51.22,4.40" -> a LatLng.
bool ParsePoint(const std::string& text, type::v1::LatLng* out) {
  std::vector<std::string> parts = absl::StrSplit(text, ',');
  double latitude = 0, longitude = 0;
  if (parts.size() != 2 || !absl::SimpleAtod(parts[0], &latitude) ||
      !absl::SimpleAtod(parts[1], &longitude)) {
    return false;
  }
  out->set_latitude(latitude);
  out->set_longitude(longitude);
  return true;
}

std::string OrganizationOr(const Context& ctx, const std::string& given) {
  return given.empty() ? ctx.config.organization_id : given;
}

void PrintJson(const google::protobuf::Message& message) { std::cout << ToJson(message) << "\n"; }

std::string ListingTitle(const cv1::Listing& listing) {
  return listing.title_nl().empty() ? listing.title_en() : listing.title_nl();
}

// ---- login / logout

std::string ReadPassword(bool from_stdin) {
  if (const char* env = std::getenv("LEERPOOL_PASSWORD"); env != nullptr && *env != '\0') {
    return env;
  }
  std::string password;
  if (!from_stdin && isatty(STDIN_FILENO)) {
    std::cerr << "Password: " << std::flush;
    termios old_settings{};
    tcgetattr(STDIN_FILENO, &old_settings);
    termios silent = old_settings;
    silent.c_lflag &= ~ECHO;
    tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    std::getline(std::cin, password);
    tcsetattr(STDIN_FILENO, TCSANOW, &old_settings);
    std::cerr << "\n";
  } else {
    std::getline(std::cin, password);
  }
  return password;
}

int Login(Context& ctx, const std::string& email, bool password_stdin,
          const std::string& organization) {
  rv1::LoginRequest request;
  request.set_email(email);
  request.set_password(ReadPassword(password_stdin));
  rv1::Session session;
  ctx.config.token.clear();
  grpc::Status status = ctx.Registry()->Login(ctx.Call().get(), request, &session);
  if (!status.ok()) return FailRpc(status, "login");
  ctx.config.token = session.access_token();
  ctx.config.refresh_token = session.refresh_token();
  ctx.config.email = email;
  ctx.config.organization_id = organization;
  if (organization.empty() && session.memberships_size() > 0) {
    ctx.config.organization_id = session.memberships(0).organization_id();
  }
  if (absl::Status saved = SaveConfig(ctx.config_path, ctx.config); !saved.ok()) {
    return Fail({kExitError, std::string(saved.message())});
  }
  if (ctx.json) {
    session.clear_access_token();
    session.clear_refresh_token();
    PrintJson(session);
    return kExitOk;
  }
  std::cout << "Signed in as " << session.person().display_name() << " <" << email << ">.\n";
  Table table({"organisation", "id", "roles", ""});
  for (const rv1::Membership& membership : session.memberships()) {
    std::vector<std::string> roles;
    for (int role : membership.roles()) {
      roles.push_back(EnumLabel(rv1::Role_Name(static_cast<rv1::Role>(role)), "ROLE_"));
    }
    table.Add({membership.organization_name(), membership.organization_id(),
               absl::StrJoin(roles, ", "),
               membership.organization_id() == ctx.config.organization_id ? "(default)" : ""});
  }
  if (!table.empty()) table.Print(std::cout);
  std::cout << "Token saved in " << ctx.config_path.string() << "\n";
  return kExitOk;
}

int Logout(Context& ctx) {
  if (!ctx.config.refresh_token.empty()) {
    rv1::LogoutRequest request;
    request.set_refresh_token(ctx.config.refresh_token);
    google::protobuf::Empty empty;
    // Forgetting the token locally matters most; a registry that does not answer must not
    // keep it on disk.
    (void)ctx.Registry()->Logout(ctx.Call().get(), request, &empty);
  }
  ctx.config.token.clear();
  ctx.config.refresh_token.clear();
  if (absl::Status saved = SaveConfig(ctx.config_path, ctx.config); !saved.ok()) {
    return Fail({kExitError, std::string(saved.message())});
  }
  if (!ctx.json) std::cout << "Signed out.\n";
  return kExitOk;
}

// ---- catalogue

struct SearchOptions {
  std::string query;
  std::vector<std::string> categories;
  std::vector<std::string> technologies;
  std::string country;
  std::string near;
  double within_km = 0;
  bool comes_to_me = false;
  int learners = 0;
  std::string sort;
  int page_size = 20;
  std::string page_token;
  std::string available_from;
  std::string available_until;
};

int Search(Context& ctx, const SearchOptions& options) {
  cv1::SearchListingsRequest request;
  request.set_q(options.query);
  for (const std::string& category : options.categories) {
    cv1::Category value;
    if (!cv1::Category_Parse("CATEGORY_" + absl::AsciiStrToUpper(category), &value)) {
      return Fail({kExitUsage, absl::StrCat("--category: unknown category '", category, "'")});
    }
    request.add_categories(value);
  }
  for (const std::string& technology : options.technologies) request.add_technologies(technology);
  request.set_country(options.country);
  request.set_near(options.near);
  request.set_within_km(options.within_km);
  request.set_comes_to_me(options.comes_to_me);
  request.set_learners(options.learners);
  if (!options.sort.empty()) {
    cv1::SearchSort sort;
    if (!cv1::SearchSort_Parse("SEARCH_SORT_" + absl::AsciiStrToUpper(options.sort), &sort)) {
      return Fail({kExitUsage, "--sort: one of relevance, distance, price"});
    }
    request.set_sort(sort);
  }
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  if (!options.available_from.empty() || !options.available_until.empty()) {
    absl::Time from, until;
    if (!ParseWhen(options.available_from, ctx.zone, &from) ||
        !ParseWhen(options.available_until, ctx.zone, &until)) {
      return Fail({kExitUsage, "--free-from and --free-until: both, as \"2026-12-08 09:00\""});
    }
    *request.mutable_available_start() = ToTimestamp(from);
    *request.mutable_available_end() = ToTimestamp(until);
  }
  request.set_organization_id(ctx.config.token.empty() ? "" : ctx.config.organization_id);
  cv1::SearchListingsResponse response;
  grpc::Status status = ctx.Catalogue()->SearchListings(ctx.Call().get(), request, &response);
  if (!status.ok()) return FailRpc(status, "search");
  if (ctx.json) {
    PrintJson(response);
    return kExitOk;
  }
  Table table({"id", "title", "category", "owner", "km", "travel", "estimate", "may book"});
  for (const cv1::SearchResult& result : response.results()) {
    const cv1::Listing& listing = result.listing();
    std::string may_book = "-";
    if (result.has_eligibility()) {
      std::vector<std::string> reasons;
      for (const auto& reason : result.eligibility().reasons()) reasons.push_back(reason.code());
      may_book = result.eligibility().may_book() ? "yes" : "no: " + absl::StrJoin(reasons, ", ");
    }
    table.Add({listing.id(), ListingTitle(listing),
               EnumLabel(cv1::Category_Name(listing.category()), "CATEGORY_"),
               absl::StrCat(listing.owner_name(), " (", listing.owner_country(), ")"),
               result.distance_km() > 0 ? absl::StrFormat("%.0f", result.distance_km()) : "-",
               result.travel_minutes() > 0 ? absl::StrCat(result.travel_minutes(), " min") : "-",
               FormatEuros(result.estimated_cost_cents()), may_book});
  }
  table.Print(std::cout);
  std::cout << response.total_count() << " found";
  if (!response.next_page_token().empty()) {
    std::cout << "; next page: --page-token " << response.next_page_token();
  }
  std::cout << "\n";
  return kExitOk;
}

int Show(Context& ctx, const std::string& listing_id) {
  cv1::GetListingRequest request;
  request.set_listing_id(listing_id);
  cv1::Listing listing;
  grpc::Status status = ctx.Catalogue()->GetListing(ctx.Call().get(), request, &listing);
  if (!status.ok()) return FailRpc(status, "show");
  cv1::SharingTerms terms;
  if (listing.terms_version() > 0) {
    cv1::GetSharingTermsRequest terms_request;
    terms_request.set_listing_id(listing_id);
    status = ctx.Catalogue()->GetSharingTerms(ctx.Call().get(), terms_request, &terms);
    if (!status.ok()) return FailRpc(status, "terms");
  }
  if (ctx.json) {
    std::cout << "{\"listing\": " << ToJson(listing) << ", \"terms\": " << ToJson(terms) << "}\n";
    return kExitOk;
  }
  Table table({"field", "value"});
  table.Add({"id", listing.id()});
  table.Add({"title", ListingTitle(listing)});
  table.Add({"category", EnumLabel(cv1::Category_Name(listing.category()), "CATEGORY_")});
  table.Add({"owner", absl::StrCat(listing.owner_name(), " (", listing.owner_country(), ")")});
  table.Add({"status", EnumLabel(cv1::ListingStatus_Name(listing.status()), "LISTING_STATUS_")});
  table.Add({"units",
             absl::StrCat(listing.unit_count(), " x ", listing.capacity_per_unit(), " learners")});
  table.Add({"technologies", absl::StrJoin(listing.technologies(), ", ")});
  table.Add({"sectors", absl::StrJoin(listing.sectors(), ", ")});
  if (listing.has_site()) {
    table.Add(
        {"site", absl::StrCat(listing.site().name(), ", ", listing.site().address().locality(),
                              " (", listing.site().time_zone(), ")")});
  }
  if (listing.has_mobile()) {
    table.Add({"mobile", absl::StrFormat("radius %.0f km, setup %d min, teardown %d min",
                                         listing.mobile().service_radius_km(),
                                         listing.mobile().setup_minutes(),
                                         listing.mobile().teardown_minutes())});
  }
  if (listing.terms_version() > 0) {
    table.Add({"terms", absl::StrCat("version ", terms.version(),
                                     terms.approval_required() ? ", owner approves" : "",
                                     terms.intake_required() ? ", intake first" : "")});
    table.Add({"price", absl::StrCat(FormatEuros(terms.price().per_hour_cents()), " per hour")});
    table.Add({"lead time", absl::StrCat(terms.min_lead_time_hours(), " h")});
  }
  table.Print(std::cout);
  return kExitOk;
}

int ImportListings(Context& ctx, const std::string& file, const std::string& organization,
                   bool allow_partial, bool publish) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail({kExitUsage, absl::StrCat("cannot read ", file)});
  std::stringstream data;
  data << in.rdbuf();
  cv1::ImportListingsRequest request;
  request.set_organization_id(OrganizationOr(ctx, organization));
  request.mutable_csv()->set_content_type("text/csv");
  request.mutable_csv()->set_data(data.str());
  request.set_allow_partial(allow_partial);
  request.set_publish(publish);
  cv1::ImportListingsResponse response;
  grpc::Status status = ctx.Catalogue()->ImportListings(ctx.Call().get(), request, &response);
  if (!status.ok()) return FailRpc(status, "import-listings");
  if (ctx.json) {
    PrintJson(response);
  } else {
    Table table({"row", "listing", "errors"});
    for (const cv1::ImportRowResult& row : response.rows()) {
      table.Add({absl::StrCat(row.row()), row.listing_id().empty() ? "-" : row.listing_id(),
                 absl::StrJoin(row.errors(), "; ")});
    }
    table.Print(std::cout);
    std::cout << response.imported_count() << " imported, " << response.error_count()
              << " rows with errors\n";
  }
  return response.error_count() > 0 ? kExitRejected : kExitOk;
}

// ---- sites

// What `site-add` and `site-update` were told; `given` names the options that were typed, so an
// update changes only those.
struct SiteOptions {
  std::string name, street, postal_code, locality, country, at, zone;
  std::vector<std::string> hours;
  bool always_open = false;
  std::set<std::string> given;
};

std::string AddressLine(const type::v1::PostalAddress& address) {
  std::vector<std::string> parts;
  if (!address.street().empty()) parts.push_back(address.street());
  const std::string place =
      absl::StrJoin({address.postal_code(), address.locality()}, " ",
                    [](std::string* out, const std::string& part) { out->append(part); });
  if (!absl::StripAsciiWhitespace(place).empty()) {
    parts.emplace_back(absl::StripAsciiWhitespace(place));
  }
  if (!address.country().empty()) parts.push_back(address.country());
  return parts.empty() ? "-" : absl::StrJoin(parts, ", ");
}

std::string HoursLine(const cv1::Site& site) {
  const std::string hours = FormatOpeningHours(site.opening_hours());
  return hours.empty() ? "always open" : hours;
}

// The zone a site in one of the region's countries starts with.
std::string ZoneOfCountry(const std::string& country) {
  static const auto* zones = new std::map<std::string, std::string>{{"NL", "Europe/Amsterdam"},
                                                                    {"BE", "Europe/Brussels"},
                                                                    {"DE", "Europe/Berlin"},
                                                                    {"FR", "Europe/Paris"},
                                                                    {"LU", "Europe/Luxembourg"}};
  auto it = zones->find(country);
  return it == zones->end() ? "" : it->second;
}

// Copies the given options into `site`; `mask` gets the site's field paths they change.
std::optional<Failure> ApplySiteOptions(const SiteOptions& options, cv1::Site* site,
                                        std::vector<std::string>* mask) {
  auto given = [&](const char* option) { return options.given.contains(option); };
  if (given("--name")) {
    site->set_name(options.name);
    mask->push_back("name");
  }
  if (given("--street") || given("--postal-code") || given("--locality") || given("--country")) {
    type::v1::PostalAddress* address = site->mutable_address();
    if (given("--street")) address->set_street(options.street);
    if (given("--postal-code")) address->set_postal_code(options.postal_code);
    if (given("--locality")) address->set_locality(options.locality);
    if (given("--country")) address->set_country(absl::AsciiStrToUpper(options.country));
    mask->push_back("address");
  }
  if (given("--at")) {
    if (!ParsePoint(options.at, site->mutable_location())) {
      return Failure{kExitUsage, "--at: \"latitude,longitude\", e.g. 51.1913,5.1165"};
    }
    mask->push_back("location");
  }
  if (given("--time-zone")) {
    site->set_time_zone(options.zone);
    mask->push_back("time_zone");
  }
  if (given("--hours") && options.always_open) {
    return Failure{kExitUsage, "--hours and --always-open exclude each other"};
  }
  if (given("--hours") || options.always_open) {
    site->clear_opening_hours();
    for (const std::string& entry : options.hours) {
      absl::Status parsed = ParseOpeningHours(entry, site->mutable_opening_hours());
      if (!parsed.ok()) return Failure{kExitUsage, std::string(parsed.message())};
    }
    mask->push_back("opening_hours");
  }
  return std::nullopt;
}

void PrintSite(const Context& ctx, const cv1::Site& site) {
  if (ctx.json) return PrintJson(site);
  Table table({"field", "value"});
  table.Add({"id", site.id()});
  table.Add({"name", site.name()});
  table.Add({"address", AddressLine(site.address())});
  table.Add({"position", absl::StrFormat("%.6f,%.6f", site.location().latitude(),
                                         site.location().longitude())});
  table.Add({"time zone", site.time_zone()});
  table.Add({"hours", HoursLine(site)});
  table.Add({"changed", FormatTime(site.update_time(), ctx.zone)});
  table.Print(std::cout);
}

int Sites(Context& ctx, const std::string& owner) {
  cv1::ListSitesRequest request;
  request.set_owner_organization_id(OrganizationOr(ctx, owner));
  request.set_page_size(200);
  cv1::ListSitesResponse all;
  do {
    cv1::ListSitesResponse page;
    grpc::Status status = ctx.Catalogue()->ListSites(ctx.Call().get(), request, &page);
    if (!status.ok()) return FailRpc(status, "sites");
    for (cv1::Site& site : *page.mutable_sites()) *all.add_sites() = std::move(site);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  if (ctx.json) {
    PrintJson(all);
    return kExitOk;
  }
  if (all.sites().empty()) {
    std::cout << "no sites\n";
    return kExitOk;
  }
  Table table({"id", "name", "address", "time zone", "hours"});
  for (const cv1::Site& site : all.sites()) {
    table.Add(
        {site.id(), site.name(), AddressLine(site.address()), site.time_zone(), HoursLine(site)});
  }
  table.Print(std::cout);
  return kExitOk;
}

int SiteAdd(Context& ctx, SiteOptions options) {
  if (!options.given.contains("--time-zone")) {
    options.zone = ZoneOfCountry(absl::AsciiStrToUpper(options.country));
    if (options.zone.empty()) {
      return Fail({kExitUsage, "--time-zone: required unless --country is NL, BE, DE, FR or LU"});
    }
    options.given.insert("--time-zone");
  }
  cv1::CreateSiteRequest request;
  cv1::Site* site = request.mutable_site();
  site->set_owner_organization_id(OrganizationOr(ctx, ""));
  std::vector<std::string> mask;
  if (std::optional<Failure> failure = ApplySiteOptions(options, site, &mask)) {
    return Fail(*failure);
  }
  cv1::Site created;
  grpc::Status status = ctx.Catalogue()->CreateSite(ctx.Call().get(), request, &created);
  if (!status.ok()) return FailRpc(status, "site-add");
  PrintSite(ctx, created);
  return kExitOk;
}

int SiteUpdate(Context& ctx, const std::string& site_id, const SiteOptions& options) {
  cv1::GetSiteRequest get;
  get.set_site_id(site_id);
  cv1::UpdateSiteRequest request;
  grpc::Status status = ctx.Catalogue()->GetSite(ctx.Call().get(), get, request.mutable_site());
  if (!status.ok()) return FailRpc(status, "site-update");
  std::vector<std::string> mask;
  if (std::optional<Failure> failure = ApplySiteOptions(options, request.mutable_site(), &mask)) {
    return Fail(*failure);
  }
  if (mask.empty()) {
    return Fail({kExitUsage, "site-update: nothing to change (see site-update --help)"});
  }
  for (const std::string& path : mask) request.mutable_update_mask()->add_paths(path);
  cv1::Site updated;
  status = ctx.Catalogue()->UpdateSite(ctx.Call().get(), request, &updated);
  if (!status.ok()) return FailRpc(status, "site-update");
  PrintSite(ctx, updated);
  return kExitOk;
}

// ---- booking

int Availability(Context& ctx, const std::string& listing_id, const std::string& from,
                 const std::string& until, const std::string& destination) {
  bv1::GetAvailabilityRequest request;
  request.set_listing_id(listing_id);
  absl::Time start, end;
  if (!ParseWhen(from, ctx.zone, &start) || !ParseWhen(until, ctx.zone, &end)) {
    return Fail({kExitUsage, "--from and --to: a time such as \"2026-12-08 09:00\""});
  }
  *request.mutable_start_time() = ToTimestamp(start);
  *request.mutable_end_time() = ToTimestamp(end);
  if (!destination.empty() && !ParsePoint(destination, request.mutable_destination())) {
    return Fail({kExitUsage, "--destination: \"latitude,longitude\""});
  }
  bv1::Availability response;
  grpc::Status status = ctx.Booking()->GetAvailability(ctx.Call().get(), request, &response);
  if (!status.ok()) return FailRpc(status, "availability");
  if (ctx.json) {
    PrintJson(response);
    return kExitOk;
  }
  absl::TimeZone zone = ctx.zone;
  (void)absl::LoadTimeZone(response.time_zone(), &zone);
  Table table({"unit", "free from", "free until"});
  for (const bv1::UnitAvailability& unit : response.units()) {
    if (unit.out_of_service()) table.Add({absl::StrCat(unit.unit()), "out of service", ""});
    for (const bv1::FreeInterval& free : unit.free()) {
      table.Add({absl::StrCat(unit.unit()), FormatTime(free.start_time(), zone),
                 FormatTime(free.end_time(), zone)});
    }
  }
  table.Print(std::cout);
  std::cout << "Times in " << zone.name() << "\n";
  return kExitOk;
}

void PrintReservations(const Context& ctx,
                       const google::protobuf::RepeatedPtrField<bv1::Reservation>& reservations) {
  Table table({"id", "listing", "status", "start", "end", "learners", "units", "price"});
  for (const bv1::Reservation& r : reservations) {
    absl::TimeZone zone = ctx.zone;
    (void)absl::LoadTimeZone(r.time_zone(), &zone);
    table.Add({r.id(), r.listing_id(),
               EnumLabel(bv1::ReservationStatus_Name(r.status()), "RESERVATION_STATUS_"),
               FormatTime(r.start_time(), zone), FormatTime(r.end_time(), zone),
               absl::StrCat(r.learners()), absl::StrJoin(r.units(), ","),
               FormatEuros(r.quote().total_cents())});
  }
  table.Print(std::cout);
}

struct BookOptions {
  std::string listing_id;
  std::string organization;
  std::string from;
  std::string until;
  int learners = 0;
  bool loan = false;
  std::string destination;
  std::string place;
  bool hold = false;
  std::string idempotency_key;
  std::string notes;
  // Series.
  std::vector<std::string> every;
  std::string repeat_until;
  int count = 0;
  int interval_weeks = 1;
  bool best_effort = false;
  // Basket: a JSON file with an array of CreateReservationRequest objects.
  std::string basket;
};

absl::Status BuildReservation(const Context& ctx, const BookOptions& options,
                              bv1::CreateReservationRequest* request, absl::Time* start,
                              absl::Time* end) {
  request->set_listing_id(options.listing_id);
  request->set_organization_id(OrganizationOr(ctx, options.organization));
  request->set_kind(options.loan ? bv1::RESERVATION_KIND_LOAN : bv1::RESERVATION_KIND_SESSION);
  if (!ParseWhen(options.from, ctx.zone, start) || !ParseWhen(options.until, ctx.zone, end)) {
    return absl::InvalidArgumentError("--from and --to: a time such as \"2026-12-08 09:00\"");
  }
  *request->mutable_start_time() = ToTimestamp(*start);
  *request->mutable_end_time() = ToTimestamp(*end);
  request->set_learners(options.learners);
  if (options.loan || !options.destination.empty()) {
    bv1::Place* place = request->mutable_destination();
    place->set_name(options.place);
    if (!ParsePoint(options.destination, place->mutable_location())) {
      return absl::InvalidArgumentError("--destination: \"latitude,longitude\" for a loan");
    }
  }
  request->set_hold(options.hold);
  request->set_idempotency_key(options.idempotency_key);
  request->set_notes(options.notes);
  return absl::OkStatus();
}

int BookBasket(Context& ctx, const BookOptions& options) {
  std::ifstream in(options.basket);
  if (!in) return Fail({kExitUsage, absl::StrCat("cannot read ", options.basket)});
  std::stringstream text;
  text << in.rdbuf();
  bv1::CreateBasketRequest request;
  // The file holds {"items": [...]} or just the array.
  std::string body = text.str();
  if (body.find_first_not_of(" \t\r\n") != std::string::npos &&
      body[body.find_first_not_of(" \t\r\n")] == '[') {
    body = absl::StrCat("{\"items\": ", body, "}");
  }
  if (!google::protobuf::util::JsonStringToMessage(body, &request).ok()) {
    return Fail(
        {kExitUsage, absl::StrCat(options.basket, ": not a JSON array of reservation requests")});
  }
  for (bv1::CreateReservationRequest& item : *request.mutable_items()) {
    if (item.organization_id().empty()) item.set_organization_id(ctx.config.organization_id);
  }
  request.set_idempotency_key(options.idempotency_key);
  bv1::Basket basket;
  grpc::Status status = ctx.Booking()->CreateBasket(ctx.Call().get(), request, &basket);
  if (!status.ok()) return FailRpc(status, "book --basket");
  if (ctx.json) {
    PrintJson(basket);
  } else {
    std::cout << "Basket " << basket.id() << ": all " << basket.reservations_size()
              << " items reserved.\n";
    PrintReservations(ctx, basket.reservations());
  }
  return kExitOk;
}

int BookSeries(Context& ctx, const BookOptions& options, bv1::CreateReservationRequest item,
               absl::Time start, absl::Time end) {
  bv1::CreateSeriesRequest request;
  bv1::WeeklyRecurrence* recurrence = request.mutable_recurrence();
  recurrence->set_time_zone(ctx.zone_name);
  const absl::CivilMinute local = absl::ToCivilMinute(start, ctx.zone);
  recurrence->mutable_first_date()->set_year(static_cast<int>(local.year()));
  recurrence->mutable_first_date()->set_month(local.month());
  recurrence->mutable_first_date()->set_day(local.day());
  recurrence->mutable_start_time()->set_hours(local.hour());
  recurrence->mutable_start_time()->set_minutes(local.minute());
  recurrence->set_duration_minutes(static_cast<int>(absl::ToInt64Minutes(end - start)));
  for (const std::string& day : options.every) {
    type::v1::Weekday weekday;
    if (!type::v1::Weekday_Parse(absl::AsciiStrToUpper(day), &weekday)) {
      static const std::map<std::string, std::string> kShort = {
          {"mon", "MONDAY"}, {"tue", "TUESDAY"},  {"wed", "WEDNESDAY"}, {"thu", "THURSDAY"},
          {"fri", "FRIDAY"}, {"sat", "SATURDAY"}, {"sun", "SUNDAY"}};
      auto it = kShort.find(absl::AsciiStrToLower(day));
      if (it == kShort.end() || !type::v1::Weekday_Parse(it->second, &weekday)) {
        return Fail({kExitUsage, absl::StrCat("--every: unknown weekday '", day, "'")});
      }
    }
    recurrence->add_weekdays(weekday);
  }
  recurrence->set_interval_weeks(options.interval_weeks);
  if (!options.repeat_until.empty()) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(options.repeat_until, &day)) {
      return Fail({kExitUsage, "--until: a date such as 2027-01-31"});
    }
    recurrence->mutable_until_date()->set_year(static_cast<int>(day.year()));
    recurrence->mutable_until_date()->set_month(day.month());
    recurrence->mutable_until_date()->set_day(day.day());
  }
  recurrence->set_count(options.count);
  item.clear_idempotency_key();
  *request.mutable_reservation() = item;
  request.set_mode(options.best_effort ? bv1::SERIES_MODE_BEST_EFFORT
                                       : bv1::SERIES_MODE_ALL_OR_NOTHING);
  request.set_idempotency_key(options.idempotency_key);
  bv1::Series series;
  grpc::Status status = ctx.Booking()->CreateSeries(ctx.Call().get(), request, &series);
  if (!status.ok()) return FailRpc(status, "book --every");
  if (ctx.json) {
    PrintJson(series);
    return kExitOk;
  }
  std::cout << "Series " << series.id() << ": " << series.reservations_size()
            << " occurrences reserved";
  if (series.conflicts_size() > 0) std::cout << ", " << series.conflicts_size() << " refused";
  std::cout << ".\n";
  PrintReservations(ctx, series.reservations());
  for (const bv1::OccurrenceConflict& conflict : series.conflicts()) {
    std::cout << "refused #" << conflict.index() << " "
              << FormatTime(conflict.start_time(), ctx.zone) << ": "
              << absl::StrJoin(conflict.reasons(), "; ") << "\n";
  }
  return kExitOk;
}

int Book(Context& ctx, const BookOptions& options) {
  if (!options.basket.empty()) return BookBasket(ctx, options);
  if (options.listing_id.empty()) return Fail({kExitUsage, "book: a listing id is required"});
  bv1::CreateReservationRequest request;
  absl::Time start, end;
  if (absl::Status built = BuildReservation(ctx, options, &request, &start, &end); !built.ok()) {
    return Fail({kExitUsage, std::string(built.message())});
  }
  if (!options.every.empty()) return BookSeries(ctx, options, request, start, end);
  bv1::Reservation reservation;
  grpc::Status status = ctx.Booking()->CreateReservation(ctx.Call().get(), request, &reservation);
  if (!status.ok()) return FailRpc(status, "book");
  if (ctx.json) {
    PrintJson(reservation);
    return kExitOk;
  }
  google::protobuf::RepeatedPtrField<bv1::Reservation> one;
  *one.Add() = reservation;
  PrintReservations(ctx, one);
  for (const bv1::PriceLine& line : reservation.quote().lines()) {
    std::cout << "  " << line.description() << ": " << FormatEuros(line.amount_cents()) << "\n";
  }
  return kExitOk;
}

int Reservations(Context& ctx, const std::string& organization, const std::string& owner,
                 const std::string& listing, const std::vector<std::string>& statuses,
                 int page_size, const std::string& page_token) {
  bv1::ListReservationsRequest request;
  request.set_owner_organization_id(owner);
  if (owner.empty() && listing.empty()) {
    request.set_organization_id(OrganizationOr(ctx, organization));
  } else {
    request.set_organization_id(organization);
  }
  request.set_listing_id(listing);
  for (const std::string& text : statuses) {
    bv1::ReservationStatus status;
    std::string name = "RESERVATION_STATUS_" + absl::AsciiStrToUpper(text);
    std::replace(name.begin(), name.end(), '-', '_');
    if (!bv1::ReservationStatus_Parse(name, &status)) {
      return Fail({kExitUsage, absl::StrCat("--status: unknown status '", text, "'")});
    }
    request.add_statuses(status);
  }
  request.set_page_size(page_size);
  request.set_page_token(page_token);
  bv1::ListReservationsResponse response;
  grpc::Status status = ctx.Booking()->ListReservations(ctx.Call().get(), request, &response);
  if (!status.ok()) return FailRpc(status, "reservations");
  if (ctx.json) {
    PrintJson(response);
    return kExitOk;
  }
  PrintReservations(ctx, response.reservations());
  if (!response.next_page_token().empty()) {
    std::cout << "next page: --page-token " << response.next_page_token() << "\n";
  }
  return kExitOk;
}

// cancel / approve / reject / checkout / checkin share their output.
int ReservationChanged(Context& ctx, const grpc::Status& status, const bv1::Reservation& r,
                       const std::string& what) {
  if (!status.ok()) return FailRpc(status, what);
  if (ctx.json) {
    PrintJson(r);
    return kExitOk;
  }
  std::cout << r.id() << ": "
            << EnumLabel(bv1::ReservationStatus_Name(r.status()), "RESERVATION_STATUS_");
  if (r.cancellation_fee_cents() > 0) {
    std::cout << " (cancellation fee " << FormatEuros(r.cancellation_fee_cents()) << ")";
  }
  std::cout << "\n";
  return kExitOk;
}

// "pupils=12" or "1=12" -> AudienceCount.
bool ParseAudienceCount(const std::string& text, bv1::AudienceCount* out) {
  std::pair<std::string, std::string> parts = absl::StrSplit(text, absl::MaxSplits('=', 1));
  int count = 0;
  if (!absl::SimpleAtoi(parts.second, &count)) return false;
  int audience = 0;
  if (!absl::SimpleAtoi(parts.first, &audience)) {
    cv1::Audience value;
    std::string name = "AUDIENCE_" + absl::AsciiStrToUpper(parts.first);
    std::replace(name.begin(), name.end(), '-', '_');
    if (!cv1::Audience_Parse(name, &value)) return false;
    audience = value;
  }
  out->set_audience(audience);
  out->set_count(count);
  return true;
}

// ---- statistics

struct StatsOptions {
  std::string from;
  std::string until;
  std::string listing;
  std::string owner;
  std::string borrower;
  std::string network;
  std::string technology;
  std::string country;
  std::string group_by;
  std::string interval;
  std::string output;
};

// Scope, period and grouping shared by `stats` and `export`; false (with the message
// printed) when an option is malformed.
template <typename Request>
bool FillStatsRequest(const StatsOptions& options, Request* request) {
  // Statistics count by UTC day, so dates are UTC days here whatever --zone says.
  absl::Time start, end;
  if (!ParseWhen(options.from, absl::UTCTimeZone(), &start) ||
      !ParseWhen(options.until, absl::UTCTimeZone(), &end)) {
    Fail({kExitUsage, "--from and --to: dates such as 2025-09-01"});
    return false;
  }
  *request->mutable_start_time() = ToTimestamp(start);
  *request->mutable_end_time() = ToTimestamp(end);
  bv1::StatsScope* scope = request->mutable_scope();
  scope->set_listing_id(options.listing);
  scope->set_owner_organization_id(options.owner);
  scope->set_organization_id(options.borrower);
  scope->set_network_id(options.network);
  scope->set_technology(options.technology);
  scope->set_country(options.country);
  if (!options.group_by.empty()) {
    bv1::StatsGroupBy group_by;
    if (!bv1::StatsGroupBy_Parse("STATS_GROUP_BY_" + absl::AsciiStrToUpper(options.group_by),
                                 &group_by)) {
      Fail({kExitUsage,
            "--group-by: listing, owner, technology, sector, region, country, owner_kind or "
            "borrower_kind"});
      return false;
    }
    request->set_group_by(group_by);
  }
  return true;
}

bool ParseInterval(const std::string& text, bv1::StatsInterval* interval) {
  if (text.empty()) return true;
  if (bv1::StatsInterval_Parse("STATS_INTERVAL_" + absl::AsciiStrToUpper(text), interval)) {
    return true;
  }
  Fail({kExitUsage, "--interval: month, week, quarter or school_year"});
  return false;
}

int Stats(Context& ctx, const StatsOptions& options) {
  std::vector<const bv1::StatsFigures*> rows;
  bv1::StatsSummary summary;
  bv1::StatsTimeSeries series;
  if (options.interval.empty()) {
    bv1::GetStatsSummaryRequest request;
    if (!FillStatsRequest(options, &request)) return kExitUsage;
    grpc::Status status = ctx.Statistics()->GetStatsSummary(ctx.Call().get(), request, &summary);
    if (!status.ok()) return FailRpc(status, "stats");
    if (ctx.json) {
      PrintJson(summary);
      return kExitOk;
    }
    for (const bv1::StatsFigures& figures : summary.groups()) rows.push_back(&figures);
  } else {
    bv1::GetStatsTimeSeriesRequest request;
    bv1::StatsInterval interval = bv1::STATS_INTERVAL_UNSPECIFIED;
    if (!FillStatsRequest(options, &request) || !ParseInterval(options.interval, &interval)) {
      return kExitUsage;
    }
    request.set_interval(interval);
    grpc::Status status = ctx.Statistics()->GetStatsTimeSeries(ctx.Call().get(), request, &series);
    if (!status.ok()) return FailRpc(status, "stats");
    if (ctx.json) {
      PrintJson(series);
      return kExitOk;
    }
    for (const bv1::StatsFigures& figures : series.points()) rows.push_back(&figures);
  }
  Table table({"period", "group", "used h", "reserved h", "utilisation", "organisations",
               "cross-border", "learners", "learner-h", "EUR/learner-h"});
  for (const bv1::StatsFigures* f : rows) {
    // Periods end exclusively at a UTC midnight: shown as their first and last day.
    const google::protobuf::Timestamp last_day =
        TimeUtil::SecondsToTimestamp(std::max<int64_t>(f->period_end().seconds() - 1, 0));
    table.Add(
        {absl::StrCat(FormatTime(f->period_start(), absl::UTCTimeZone()).substr(0, 10), " – ",
                      FormatTime(last_day, absl::UTCTimeZone()).substr(0, 10)),
         f->group_label().empty() ? "all" : f->group_label(),
         absl::StrFormat("%.1f", f->used_hours()), absl::StrFormat("%.1f", f->reserved_hours()),
         absl::StrFormat("%.1f%%", 100 * f->utilisation()),
         absl::StrCat(f->distinct_organizations()),
         absl::StrFormat("%.0f%%", 100 * f->cross_border_organizations_share()),
         absl::StrCat(f->learners_reached()), absl::StrFormat("%.1f", f->learner_hours()),
         f->learner_hours() > 0 ? absl::StrFormat("%.2f", f->cost_per_learner_hour_cents() / 100)
                                : "-"});
  }
  table.Print(std::cout);
  std::cout << "Hours are clock hours; utilisation = used / available hours; cross-border = share "
               "of organisations from the other country than the owner's.\n";
  return kExitOk;
}

int Export(Context& ctx, const StatsOptions& options) {
  bv1::ExportStatsRequest request;
  bv1::StatsInterval interval = bv1::STATS_INTERVAL_UNSPECIFIED;
  if (!FillStatsRequest(options, &request) || !ParseInterval(options.interval, &interval)) {
    return kExitUsage;
  }
  request.set_interval(interval);
  api::v1::HttpBody body;
  grpc::Status status = ctx.Statistics()->ExportStats(ctx.Call().get(), request, &body);
  if (!status.ok()) return FailRpc(status, "export");
  if (options.output.empty() || options.output == "-") {
    std::cout << body.data();
    return kExitOk;
  }
  std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
  out << body.data();
  if (!out) return Fail({kExitError, absl::StrCat("cannot write ", options.output)});
  std::cerr << "Wrote " << options.output << "\n";
  return kExitOk;
}

int Run(int argc, char** argv) {
  CLI::App app{
      "leerpool: search, reserve and manage shared learning equipment from a terminal.\n"
      "Signs in once (`leerpool login`); the token is kept in the config file."};
  app.require_subcommand(1);
  app.footer(
      "Services: --registry, --catalogue, --booking (or LEERPOOL_REGISTRY_ADDR, "
      "LEERPOOL_CATALOGUE_ADDR, LEERPOOL_BOOKING_ADDR, or the config file); token: --token, "
      "LEERPOOL_TOKEN or the config file.\n"
      "Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 not signed in or not allowed, "
      "5 refused (invalid input or a broken rule), 6 conflict (taken), 7 service unavailable.");
  Context ctx;
  std::string config_path = DefaultConfigPath().string();
  std::string registry, catalogue, booking, token, organization_flag;
  app.add_option("--config", config_path, "Config file")->capture_default_str();
  app.add_option("--registry", registry, "Registry address (host:port)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--catalogue", catalogue, "Catalogue address (host:port)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--booking", booking, "Booking engine address (host:port)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--token", token,
                 "Access token instead of the saved one (prefer LEERPOOL_TOKEN: flags show in ps)");
  app.add_option("--org", organization_flag, "Organisation to act for (default: from login)");
  app.add_flag("--json", ctx.json, "Print the API's JSON instead of tables");
  app.add_option("--zone", ctx.zone_name, "Time zone for times you type and times shown")
      ->capture_default_str();
  app.add_option("--deadline", ctx.deadline_seconds, "Seconds to wait for a service")
      ->capture_default_str();

  // Each command records what to run; it runs after the shared options are resolved.
  std::function<int()> command;

  std::string email;
  bool password_stdin = false;
  CLI::App* login = app.add_subcommand("login", "Sign in and save the token");
  login->add_option("--email", email, "Your e-mail address")->required();
  login->add_flag("--password-stdin", password_stdin,
                  "Read the password from standard input (or set LEERPOOL_PASSWORD)");
  login->callback(
      [&] { command = [&] { return Login(ctx, email, password_stdin, organization_flag); }; });

  app.add_subcommand("logout", "Sign out and forget the token")->callback([&] {
    command = [&] { return Logout(ctx); };
  });

  SearchOptions search;
  CLI::App* search_cmd = app.add_subcommand("search", "Search published listings");
  search_cmd->add_option("query", search.query, "Words to find (Dutch or English)");
  search_cmd->add_option("--category", search.categories,
                         "fixed_installation, mobile_setup, vr_ar_set, simulator, "
                         "simulation_space, e_learning");
  search_cmd->add_option("--technology", search.technologies, "Vocabulary code, e.g. heat-pump");
  search_cmd->add_option("--country", search.country, "Owner's country: NL or BE");
  search_cmd->add_option("--near", search.near, "\"latitude,longitude\" to measure from");
  search_cmd->add_option("--within-km", search.within_km, "Only this close to --near");
  search_cmd->add_flag("--comes-to-me", search.comes_to_me,
                       "Only mobile setups that can come to --near");
  search_cmd->add_option("--learners", search.learners, "Learners in one session");
  search_cmd->add_option("--sort", search.sort, "relevance, distance or price");
  search_cmd->add_option("--free-from", search.available_from, "Free from this time");
  search_cmd->add_option("--free-until", search.available_until, "Free until this time");
  search_cmd->add_option("--page-size", search.page_size)->capture_default_str();
  search_cmd->add_option("--page-token", search.page_token);
  search_cmd->callback([&] { command = [&] { return Search(ctx, search); }; });

  std::string listing_id;
  CLI::App* show = app.add_subcommand("show", "Show a listing with its sharing terms");
  show->add_option("listing", listing_id, "Listing id")->required();
  show->callback([&] { command = [&] { return Show(ctx, listing_id); }; });

  std::string from, until, destination;
  CLI::App* availability = app.add_subcommand("availability", "Free times of a listing's units");
  availability->add_option("listing", listing_id, "Listing id")->required();
  availability->add_option("--from", from, "Window start, e.g. \"2026-12-08 08:00\"")->required();
  availability->add_option("--to", until, "Window end")->required();
  availability->add_option("--destination", destination,
                           "For a loan: \"latitude,longitude\" where it would go");
  availability->callback(
      [&] { command = [&] { return Availability(ctx, listing_id, from, until, destination); }; });

  BookOptions book;
  CLI::App* book_cmd = app.add_subcommand(
      "book", "Reserve a listing: once, as a weekly series (--every) or a basket (--basket)");
  book_cmd->add_option("listing", book.listing_id, "Listing id");
  book_cmd->add_option("--from", book.from, "Start, e.g. \"2026-12-08 09:00\" (in --zone)");
  book_cmd->add_option("--to", book.until, "End");
  book_cmd->add_option("--learners", book.learners, "How many learners");
  book_cmd->add_flag("--loan", book.loan, "Borrow a mobile setup to --destination");
  book_cmd->add_option("--destination", book.destination, "\"latitude,longitude\" of your site");
  book_cmd->add_option("--place", book.place, "Name of your site");
  book_cmd->add_flag("--hold", book.hold, "Hold the slot briefly instead of booking");
  book_cmd->add_option("--idempotency-key", book.idempotency_key,
                       "Makes a retried command safe: the same key returns the first result");
  book_cmd->add_option("--notes", book.notes);
  book_cmd->add_option("--every", book.every, "Repeat weekly on these days: mon,wed")
      ->delimiter(',');
  book_cmd->add_option("--until", book.repeat_until, "Last date of the series (YYYY-MM-DD)");
  book_cmd->add_option("--count", book.count, "Number of occurrences (instead of --until)");
  book_cmd->add_option("--interval-weeks", book.interval_weeks, "Every N weeks")
      ->capture_default_str();
  book_cmd->add_flag("--best-effort", book.best_effort,
                     "Reserve the occurrences that fit and report the rest");
  book_cmd->add_option("--basket", book.basket,
                       "JSON file: an array of reservation requests, reserved all or none");
  book_cmd->callback([&] {
    book.organization = organization_flag;
    command = [&] { return Book(ctx, book); };
  });

  std::string owner;
  std::vector<std::string> statuses;
  int page_size = 50;
  std::string page_token;
  CLI::App* list = app.add_subcommand("reservations", "List reservations");
  list->add_option("--owner", owner, "Reservations of this owner's listings");
  list->add_option("--listing", listing_id, "Of one listing");
  list->add_option("--status", statuses, "confirmed, pending_approval, completed, ...");
  list->add_option("--page-size", page_size)->capture_default_str();
  list->add_option("--page-token", page_token);
  list->callback([&] {
    command = [&] {
      return Reservations(ctx, organization_flag, owner, listing_id, statuses, page_size,
                          page_token);
    };
  });

  std::string reservation_id, reason;
  auto simple = [&](const char* name, const char* help, auto rpc) {
    CLI::App* sub = app.add_subcommand(name, help);
    sub->add_option("reservation", reservation_id, "Reservation id")->required();
    sub->add_option("--reason", reason, "Why (shown to the other side)");
    sub->callback([&, name, rpc] {
      command = [&, name, rpc] {
        bv1::Reservation r;
        return ReservationChanged(ctx, rpc(r), r, name);
      };
    });
    return sub;
  };
  simple("cancel", "Cancel a reservation (a fee may apply past the deadline)",
         [&](bv1::Reservation& r) {
           bv1::CancelReservationRequest request;
           request.set_reservation_id(reservation_id);
           request.set_reason(reason);
           return ctx.Booking()->CancelReservation(ctx.Call().get(), request, &r);
         });
  simple("approve", "Approve a request for your listing", [&](bv1::Reservation& r) {
    bv1::ApproveReservationRequest request;
    request.set_reservation_id(reservation_id);
    request.set_reason(reason);
    return ctx.Booking()->ApproveReservation(ctx.Call().get(), request, &r);
  });
  simple("reject", "Reject a request for your listing", [&](bv1::Reservation& r) {
    bv1::RejectReservationRequest request;
    request.set_reservation_id(reservation_id);
    request.set_reason(reason);
    return ctx.Booking()->RejectReservation(ctx.Call().get(), request, &r);
  });
  std::string notes;
  CLI::App* checkout = simple(
      "checkout", "Record that the equipment was picked up or started", [&](bv1::Reservation& r) {
        bv1::CheckOutReservationRequest request;
        request.set_reservation_id(reservation_id);
        request.set_notes(notes);
        return ctx.Booking()->CheckOutReservation(ctx.Call().get(), request, &r);
      });
  checkout->add_option("--notes", notes);
  std::vector<std::string> present;
  std::string damage;
  bool bad_present = false;
  CLI::App* checkin =
      simple("checkin", "Record the return: learners present per audience and the condition",
             [&](bv1::Reservation& r) {
               bv1::CheckInReservationRequest request;
               request.set_reservation_id(reservation_id);
               for (const std::string& text : present) {
                 if (!ParseAudienceCount(text, request.add_learners_present())) bad_present = true;
               }
               if (bad_present) {
                 return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                     "--present: audience=count, e.g. pupils=12");
               }
               request.set_condition(damage.empty() ? bv1::CONDITION_GOOD : bv1::CONDITION_DAMAGED);
               request.set_damage_report(damage);
               return ctx.Booking()->CheckInReservation(ctx.Call().get(), request, &r);
             });
  checkin->add_option("--present", present,
                      "Learners present per audience: pupils=12 teachers=2 (repeatable)");
  checkin->add_option("--damaged", damage, "Describe damage (takes the unit out of service)");

  StatsOptions stats;
  auto stats_options = [&stats](CLI::App* sub) {
    sub->add_option("--from", stats.from, "Period start, e.g. 2025-09-01")->required();
    sub->add_option("--to", stats.until, "Period end (exclusive), e.g. 2026-09-01")->required();
    sub->add_option("--listing", stats.listing, "Scope: one listing");
    sub->add_option("--owner", stats.owner, "Scope: an owner's listings");
    sub->add_option("--borrower", stats.borrower, "Scope: one organisation's own use");
    sub->add_option("--network", stats.network, "Scope: a network's listings");
    sub->add_option("--technology", stats.technology, "Scope: a technology code");
    sub->add_option("--country", stats.country, "Scope: owners in NL or BE");
    sub->add_option("--group-by", stats.group_by,
                    "listing, owner, technology, sector, region, country, owner_kind, "
                    "borrower_kind");
    sub->add_option("--interval", stats.interval,
                    "A time series per month, week, quarter or school_year");
  };
  CLI::App* stats_cmd = app.add_subcommand(
      "stats", "Multi-use figures: utilisation, organisations, cross-border, learners, cost");
  stats_options(stats_cmd);
  stats_cmd->callback([&] { command = [&] { return Stats(ctx, stats); }; });
  CLI::App* export_cmd = app.add_subcommand("export", "The same figures as CSV (RFC 4180)");
  stats_options(export_cmd);
  export_cmd->add_option("--output,-o", stats.output, "File to write (default: standard output)");
  export_cmd->callback([&] { command = [&] { return Export(ctx, stats); }; });

  std::string sites_owner;
  CLI::App* sites_cmd =
      app.add_subcommand("sites", "List an organisation's sites with their opening hours");
  sites_cmd->add_option("--owner", sites_owner, "Organisation (default: the one you act for)");
  sites_cmd->callback([&] { command = [&] { return Sites(ctx, sites_owner); }; });

  SiteOptions site;
  std::string site_id;
  // The options both commands take; returns them, to learn afterwards which were typed.
  auto site_options = [&](CLI::App* sub) {
    std::vector<CLI::Option*> flags = {
        sub->add_option("--name", site.name, "As borrowers know it"),
        sub->add_option("--street", site.street, "Street and number"),
        sub->add_option("--postal-code", site.postal_code),
        sub->add_option("--locality", site.locality, "Town or city"),
        sub->add_option("--country", site.country, "NL, BE or another ISO 3166 code"),
        sub->add_option("--at", site.at, "\"latitude,longitude\", e.g. 51.1913,5.1165"),
        sub->add_option("--time-zone", site.zone,
                        "IANA time zone of the hours (default: the country's)"),
        sub->add_option("--hours", site.hours,
                        "Opening hours, repeatable or joined by ';' as `sites` prints them: "
                        "\"mon-fri 08:00-17:00\", \"sat 09:00-12:00,13:00-16:00\" "
                        "(24:00 is midnight)"),
    };
    sub->add_flag("--always-open", site.always_open,
                  "No opening hours: sessions may be booked at any time");
    return flags;
  };
  auto given_site_options = [&](const std::vector<CLI::Option*>& flags) {
    for (CLI::Option* option : flags) {
      if (option->count() > 0) site.given.insert(option->get_name());
    }
  };
  CLI::App* site_add =
      app.add_subcommand("site-add", "Add a site of your organisation, with its opening hours");
  const std::vector<CLI::Option*> add_flags = site_options(site_add);
  add_flags[0]->required();  // --name
  add_flags[5]->required();  // --at
  site_add->callback([&] {
    given_site_options(add_flags);
    command = [&] { return SiteAdd(ctx, site); };
  });
  CLI::App* site_update = app.add_subcommand(
      "site-update", "Change a site: only the options given (--hours replaces the week)");
  site_update->add_option("site", site_id, "Site id")->required();
  const std::vector<CLI::Option*> update_flags = site_options(site_update);
  site_update->callback([&] {
    given_site_options(update_flags);
    command = [&] { return SiteUpdate(ctx, site_id, site); };
  });

  std::string file;
  bool allow_partial = false, publish = false;
  CLI::App* import_cmd = app.add_subcommand("import-listings", "Import listings from a CSV file");
  import_cmd->add_option("file", file, "CSV file (see docs/catalogue-import.md)")->required();
  import_cmd->add_flag("--allow-partial", allow_partial,
                       "Import the good rows even if others fail");
  import_cmd->add_flag("--publish", publish, "Publish what is imported");
  import_cmd->callback([&] {
    command = [&] { return ImportListings(ctx, file, organization_flag, allow_partial, publish); };
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }

  ctx.config_path = config_path;
  absl::StatusOr<Config> config = LoadConfig(ctx.config_path);
  if (!config.ok()) return Fail({kExitUsage, std::string(config.status().message())});
  ctx.config = *config;
  ApplyEnvironment(ctx.config);
  if (!registry.empty()) ctx.config.registry = registry;
  if (!catalogue.empty()) ctx.config.catalogue = catalogue;
  if (!booking.empty()) ctx.config.booking = booking;
  if (!token.empty()) ctx.config.token = token;
  if (!organization_flag.empty()) ctx.config.organization_id = organization_flag;
  if (!absl::LoadTimeZone(ctx.zone_name, &ctx.zone)) {
    return Fail({kExitUsage, absl::StrCat("--zone: unknown time zone '", ctx.zone_name, "'")});
  }
  return command ? command() : kExitUsage;
}

}  // namespace
}  // namespace leerpool::cli

int main(int argc, char** argv) { return leerpool::cli::Run(argc, argv); }
