// CSV import of listings (columns in docs/catalogue-import.md). Every record is validated by
// the rules CreateListing applies, and every record gets a line in the report.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/csv.h"
#include "services/catalogue/core/internal.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {
namespace {

using internal::FieldError;

constexpr size_t kMaxImportBytes = 2 * 1024 * 1024;
constexpr size_t kMaxImportRows = 5000;

const std::vector<std::string>& KnownColumns() {
  static const auto* columns = new std::vector<std::string>{
      "title_nl",         "title_en",          "description_nl", "description_en",
      "category",         "technologies",      "sectors",        "competences",
      "unit_count",       "capacity_per_unit", "audiences",      "languages",
      "site_id",          "service_radius_km", "setup_minutes",  "teardown_minutes",
      "travel_speed_kmh", "media_urls"};
  return *columns;
}

bool AcceptedContentType(const std::string& content_type) {
  if (content_type.empty()) return true;  // plain gRPC clients send none
  const std::string media_type = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(content_type.substr(0, content_type.find(';'))));
  return media_type == "text/csv" || media_type == "text/plain" ||
         media_type == "application/csv" || media_type == "application/vnd.ms-excel";
}

std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> items;
  for (absl::string_view item : absl::StrSplit(value, ';')) {
    item = absl::StripAsciiWhitespace(item);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

std::string GuessMediaKind(const std::string& url) {
  const std::string lower = absl::AsciiStrToLower(url);
  for (const char* extension : {".jpg", ".jpeg", ".png", ".webp", ".gif"}) {
    if (absl::EndsWith(lower, extension)) return "photo";
  }
  if (absl::EndsWith(lower, ".mp4") || absl::EndsWith(lower, ".webm") ||
      absl::StrContains(lower, "youtube.com/") || absl::StrContains(lower, "youtu.be/") ||
      absl::StrContains(lower, "vimeo.com/")) {
    return "video";
  }
  if (absl::EndsWith(lower, ".pdf")) return "manual";
  return "website";
}

// Validation messages name the API's fields; a CSV user knows the columns.
std::string ColumnNamed(std::string problem) {
  static const std::vector<std::pair<std::string, std::string>> kRenames = {
      {"media.url", "media_urls"},
      {"media.kind", "media_urls"},
      {"media.caption", "media_urls"},
      {"media:", "media_urls:"},
      {"mobile.service_radius_km", "service_radius_km"},
      {"mobile.setup_minutes", "setup_minutes"},
      {"mobile.teardown_minutes", "teardown_minutes"},
      {"mobile.travel_speed_kmh", "travel_speed_kmh"},
      {"mobile:", "service_radius_km, setup_minutes, teardown_minutes, travel_speed_kmh:"},
  };
  for (const auto& [from, to] : kRenames) {
    if (absl::StartsWith(problem, from)) return to + problem.substr(from.size());
  }
  return problem;
}

// The listing a record describes, and what could not be read from it.
Listing ListingFromRecord(const std::map<std::string, std::string>& row,
                          std::vector<std::string>& errors) {
  auto get = [&row](const std::string& column) -> std::string {
    auto it = row.find(column);
    return it == row.end() ? std::string() : std::string(absl::StripAsciiWhitespace(it->second));
  };
  auto whole_number = [&](const std::string& column, int& out) {
    const std::string value = get(column);
    if (value.empty()) return;
    if (!absl::SimpleAtoi(value, &out)) {
      errors.push_back(
          absl::StrCat(column, ": \"", internal::Excerpt(value, 40), "\" is not a whole number"));
    }
  };
  auto decimal = [&](const std::string& column, double& out) {
    const std::string value = get(column);
    if (value.empty()) return;
    if (!absl::SimpleAtod(value, &out)) {
      errors.push_back(
          absl::StrCat(column, ": \"", internal::Excerpt(value, 40), "\" is not a number"));
    }
  };
  Listing listing;
  // Titles and descriptions keep their inner spacing; only the ends are trimmed.
  listing.title_nl = get("title_nl");
  listing.title_en = get("title_en");
  listing.description_nl = get("description_nl");
  listing.description_en = get("description_en");
  const std::string category = get("category");
  if (category.empty()) {
    errors.push_back("category: is required");
  } else if (std::optional<Category> parsed = ParseCategory(category)) {
    listing.category = *parsed;
  } else {
    errors.push_back(absl::StrCat("category: unknown category \"", internal::Excerpt(category, 40),
                                  "\" (e.g. fixed_installation, mobile_setup, e_learning)"));
  }
  listing.technologies = SplitList(get("technologies"));
  listing.sectors = SplitList(get("sectors"));
  listing.competences = SplitList(get("competences"));
  whole_number("unit_count", listing.unit_count);
  whole_number("capacity_per_unit", listing.capacity_per_unit);
  for (const std::string& name : SplitList(get("audiences"))) {
    if (std::optional<Audience> audience = ParseAudience(name)) {
      listing.audiences.push_back(*audience);
    } else {
      errors.push_back(absl::StrCat("audiences: unknown audience \"", internal::Excerpt(name, 40),
                                    "\" (e.g. pupils, teachers)"));
    }
  }
  for (const std::string& language : SplitList(get("languages"))) {
    listing.languages.push_back(absl::AsciiStrToLower(language));
  }
  listing.site_id = get("site_id");
  const bool any_mobile = !get("service_radius_km").empty() || !get("setup_minutes").empty() ||
                          !get("teardown_minutes").empty() || !get("travel_speed_kmh").empty();
  if (any_mobile) {
    MobileSetup mobile;
    decimal("service_radius_km", mobile.service_radius_km);
    whole_number("setup_minutes", mobile.setup_minutes);
    whole_number("teardown_minutes", mobile.teardown_minutes);
    decimal("travel_speed_kmh", mobile.travel_speed_kmh);
    listing.mobile = mobile;
  }
  for (const std::string& url : SplitList(get("media_urls"))) {
    listing.media.push_back({url, GuessMediaKind(url), ""});
  }
  return listing;
}

}  // namespace

absl::StatusOr<ImportReport> Catalogue::ImportListings(const auth::Caller& caller,
                                                       const ImportRequest& request) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "import listings"));
  LP_RETURN_IF_ERROR(internal::CheckId("organization_id", request.organization_id));
  LP_RETURN_IF_ERROR(
      internal::RequireOwnerAdmin(caller, request.organization_id, "import listings"));
  if (!AcceptedContentType(request.content_type)) {
    return FieldError("csv.content_type", "must be text/csv");
  }
  if (request.csv.size() > kMaxImportBytes) {
    return FieldError("csv", "the file is larger than 2 MiB; split it");
  }
  if (request.publish && !request.default_terms) {
    return FieldError("default_terms", "is required to publish imported listings");
  }
  if (request.default_terms) {
    LP_RETURN_IF_ERROR(
        internal::FirstProblem(internal::TermsProblems(*request.default_terms, "default_terms.")));
  }

  std::vector<CsvRecord> records = ParseCsv(request.csv);
  if (records.empty()) return FieldError("csv", "the file is empty; a header row is required");
  const CsvRecord header_record = records.front();
  if (!header_record.error.empty()) {
    return FieldError("csv", absl::StrCat("the header row is malformed: ", header_record.error));
  }
  std::vector<std::string> header;
  std::set<std::string> seen;
  for (const std::string& raw : header_record.fields) {
    std::string column = absl::AsciiStrToLower(absl::StripAsciiWhitespace(raw));
    if (std::find(KnownColumns().begin(), KnownColumns().end(), column) == KnownColumns().end()) {
      return FieldError("csv", absl::StrCat("unknown column \"", internal::Excerpt(column, 40),
                                            "\" in the header row"));
    }
    if (!seen.insert(column).second) {
      return FieldError("csv", absl::StrCat("column \"", column, "\" appears twice"));
    }
    header.push_back(std::move(column));
  }
  if (!seen.contains("category") || (!seen.contains("title_nl") && !seen.contains("title_en"))) {
    return FieldError("csv", "the header needs a category column and title_nl or title_en");
  }
  if (records.size() - 1 > kMaxImportRows) {
    return FieldError("csv", absl::StrCat("at most ", kMaxImportRows, " rows per file"));
  }

  // The registry first: with it down, nothing is stored.
  if (request.default_terms) {
    LP_RETURN_IF_ERROR(ValidateTermsAtRegistry(*request.default_terms, "default_terms."));
  }
  LP_ASSIGN_OR_RETURN(const OrganizationSummary owner,
                      FetchOwner("organization_id", request.organization_id));

  ImportReport report;
  const absl::Time now = clock_.Now();
  LP_RETURN_IF_ERROR(store_.Transact([&](CatalogueTransaction& tx) -> absl::Status {
    report = ImportReport{};
    LP_ASSIGN_OR_RETURN(const internal::VocabularyIndex vocabulary, internal::LoadVocabulary(tx));
    std::vector<Listing> good;
    std::vector<size_t> good_rows;
    for (size_t i = 1; i < records.size(); ++i) {
      const CsvRecord& record = records[i];
      ImportRowResult row;
      row.row = static_cast<int>(i);
      if (!record.error.empty()) {
        row.errors.push_back(absl::StrCat("line ", record.line, ": ", record.error));
      } else if (record.fields.size() != header.size()) {
        row.errors.push_back(absl::StrCat("line ", record.line, ": ", record.fields.size(),
                                          " fields where the header has ", header.size()));
      } else {
        std::map<std::string, std::string> values;
        for (size_t c = 0; c < header.size(); ++c) values[header[c]] = record.fields[c];
        for (const auto& [column, value] : values) {
          if (!internal::IsValidUtf8(value)) {
            row.errors.push_back(absl::StrCat(column, ": must be valid UTF-8"));
          }
        }
        if (row.errors.empty()) {
          Listing listing = ListingFromRecord(values, row.errors);
          listing.owner_organization_id = request.organization_id;
          for (std::string& problem : internal::ListingProblems(listing, vocabulary, "")) {
            // A field that could not be read is reported once, not again as "missing".
            const std::string named = ColumnNamed(std::move(problem));
            const std::string column = named.substr(0, named.find(':'));
            bool reported = false;
            for (const std::string& error : row.errors) {
              if (absl::StartsWith(error, column + ":")) reported = true;
            }
            if (!reported) row.errors.push_back(named);
          }
          absl::StatusOr<std::optional<Site>> site = internal::CheckListingSite(tx, listing, "");
          if (absl::IsInvalidArgument(site.status())) {
            row.errors.emplace_back(site.status().message());
          } else if (!site.ok()) {
            return site.status();
          }
          if (request.publish && listing.site_id.empty()) {
            row.errors.push_back("site_id: is required to publish");
          }
          if (row.errors.empty()) {
            good.push_back(std::move(listing));
            good_rows.push_back(report.rows.size());
          }
        }
      }
      if (!row.errors.empty()) ++report.error_count;
      report.rows.push_back(std::move(row));
    }
    if (request.validate_only) return absl::OkStatus();
    if (report.error_count > 0 && !request.allow_partial) return absl::OkStatus();
    if (good.empty()) return absl::OkStatus();
    LP_RETURN_IF_ERROR(tx.UpsertOwner(owner));
    for (size_t k = 0; k < good.size(); ++k) {
      Listing& listing = good[k];
      listing.id = NewId("lst");
      listing.status = request.publish ? ListingStatus::kPublished : ListingStatus::kDraft;
      listing.create_time = listing.update_time = now;
      listing.terms_version = request.default_terms ? 1 : 0;
      LP_RETURN_IF_ERROR(tx.InsertListing(listing));
      if (request.default_terms) {
        SharingTerms terms = *request.default_terms;
        terms.listing_id = listing.id;
        terms.version = 1;
        terms.create_time = now;
        terms.created_by_person_id = caller.person_id;
        LP_RETURN_IF_ERROR(tx.InsertSharingTerms(terms));
      }
      report.rows[good_rows[k]].listing_id = listing.id;
      ++report.imported_count;
    }
    return absl::OkStatus();
  }));
  return report;
}

}  // namespace leerpool::catalogue
