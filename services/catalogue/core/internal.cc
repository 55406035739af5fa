#include "services/catalogue/core/internal.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/time_zone.h"

namespace leerpool::catalogue::internal {
namespace {

absl::string_view AsAbsl(std::string_view text) { return {text.data(), text.size()}; }

std::string Problem(std::string_view prefix, std::string_view field, std::string_view problem) {
  return absl::StrCat(AsAbsl(prefix), AsAbsl(field), ": ", AsAbsl(problem));
}

void AddLengthProblem(std::vector<std::string>& problems, std::string_view prefix,
                      std::string_view field, std::string_view value, size_t max_bytes) {
  if (!IsValidUtf8(value)) {
    problems.push_back(Problem(prefix, field, "must be valid UTF-8"));
  } else if (value.size() > max_bytes) {
    problems.push_back(
        Problem(prefix, field, absl::StrCat("must be at most ", max_bytes, " bytes")));
  }
}

// Codes of one tag field: known, of the field's kind, each once.
void AddTagProblems(std::vector<std::string>& problems, std::string_view prefix,
                    std::string_view field, const std::vector<std::string>& codes,
                    VocabularyKind kind, const VocabularyIndex& vocabulary) {
  if (codes.size() > kMaxListItems) {
    problems.push_back(Problem(prefix, field, absl::StrCat("at most ", kMaxListItems, " terms")));
    return;
  }
  std::set<std::string_view> seen;
  for (const std::string& code : codes) {
    const std::string shown = Excerpt(code, 64);
    auto it = vocabulary.find(code);
    if (it == vocabulary.end()) {
      problems.push_back(
          Problem(prefix, field, absl::StrCat("unknown vocabulary term \"", shown, "\"")));
    } else if (it->second.kind != kind) {
      problems.push_back(
          Problem(prefix, field,
                  absl::StrCat("\"", shown, "\" is a ", AsAbsl(VocabularyKindName(it->second.kind)),
                               ", not a ", AsAbsl(VocabularyKindName(kind)))));
    } else if (!seen.insert(code).second) {
      problems.push_back(Problem(prefix, field, absl::StrCat("\"", shown, "\" is listed twice")));
    }
  }
}

bool IsHttpUrl(std::string_view url) {
  std::string_view rest;
  const std::string lower = absl::AsciiStrToLower(AsAbsl(url.substr(0, 8)));
  if (lower.rfind("https://", 0) == 0) {
    rest = url.substr(8);
  } else if (lower.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return false;
  }
  // A host must follow, and nothing in a URL may be a space or a control character (they
  // would break the links and logs the URL ends up in).
  if (rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#') {
    return false;
  }
  return std::none_of(url.begin(), url.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7f;
  });
}

bool ValidTime(const LocalTime& time) {
  if (time.hours == 24) return time.minutes == 0;
  return time.hours >= 0 && time.hours < 24 && time.minutes >= 0 && time.minutes < 60;
}

}  // namespace

absl::Status FieldError(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(AsAbsl(field), ": ", AsAbsl(problem)));
}

std::string Join(std::string_view prefix, std::string_view field) {
  return absl::StrCat(AsAbsl(prefix), AsAbsl(field));
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); });
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    int extra = 0;
    uint32_t code_point = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xe0) == 0xc0) {
      extra = 1;
      code_point = byte & 0x1f;
    } else if ((byte & 0xf0) == 0xe0) {
      extra = 2;
      code_point = byte & 0x0f;
    } else if ((byte & 0xf8) == 0xf0) {
      extra = 3;
      code_point = byte & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (code_point < kMinimum[extra] || code_point > 0x10ffff ||
        (code_point >= 0xd800 && code_point <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string Excerpt(std::string_view text, size_t max_bytes) {
  if (!IsValidUtf8(text)) return "?";
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

absl::Status CheckLength(std::string_view field, std::string_view value, size_t max_bytes) {
  if (!IsValidUtf8(value)) return FieldError(field, "must be valid UTF-8");
  if (value.size() > max_bytes) {
    return FieldError(field, absl::StrCat("must be at most ", max_bytes, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status CheckId(std::string_view field, std::string_view id) {
  if (id.empty()) return FieldError(field, "must not be empty");
  return CheckLength(field, id, kMaxIdBytes);
}

absl::Status CheckLatLng(std::string_view field, const LatLng& point) {
  if (!std::isfinite(point.latitude) || point.latitude < -90 || point.latitude > 90) {
    return FieldError(field, "latitude must be between -90 and 90");
  }
  if (!std::isfinite(point.longitude) || point.longitude < -180 || point.longitude > 180) {
    return FieldError(field, "longitude must be between -180 and 180");
  }
  return absl::OkStatus();
}

bool MaySeeUnpublished(const auth::Caller& caller, const std::string& owner_organization_id) {
  return caller.platform_admin || caller.IsMemberOf(owner_organization_id);
}

absl::Status RequireOwnerAdmin(const auth::Caller& caller, const std::string& owner_organization_id,
                               const std::string& what) {
  return auth::RequireRole(caller, owner_organization_id, {auth::Role::kOrgAdmin}, what);
}

absl::StatusOr<Listing> GetVisibleListing(CatalogueTransaction& tx, const auth::Caller& caller,
                                          const std::string& id) {
  absl::StatusOr<Listing> listing = tx.GetListing(id);
  if (listing.ok() && listing->status != ListingStatus::kPublished &&
      !MaySeeUnpublished(caller, listing->owner_organization_id)) {
    // Exactly the store's answer for a missing listing, so a draft's existence stays private.
    return absl::NotFoundError(absl::StrCat("listing ", id, " not found"));
  }
  if (absl::IsNotFound(listing.status())) {
    return absl::NotFoundError(absl::StrCat("listing ", id, " not found"));
  }
  return listing;
}

absl::StatusOr<VocabularyIndex> LoadVocabulary(CatalogueTransaction& tx) {
  LP_ASSIGN_OR_RETURN(const std::vector<VocabularyTerm> terms,
                      tx.ListVocabulary(VocabularyKind::kUnspecified));
  VocabularyIndex index;
  for (const VocabularyTerm& term : terms) index.emplace(term.code, term);
  return index;
}

std::vector<std::string> ListingProblems(const Listing& listing, const VocabularyIndex& vocabulary,
                                         std::string_view prefix) {
  std::vector<std::string> problems;
  if (IsBlank(listing.title_nl) && IsBlank(listing.title_en)) {
    problems.push_back(Problem(prefix, "title_nl", "a title in Dutch or English is required"));
  }
  AddLengthProblem(problems, prefix, "title_nl", listing.title_nl, kMaxTitleBytes);
  AddLengthProblem(problems, prefix, "title_en", listing.title_en, kMaxTitleBytes);
  AddLengthProblem(problems, prefix, "description_nl", listing.description_nl,
                   kMaxDescriptionBytes);
  AddLengthProblem(problems, prefix, "description_en", listing.description_en,
                   kMaxDescriptionBytes);
  const int category = static_cast<int>(listing.category);
  if (category < 1 || category > kMaxCategory) {
    problems.push_back(Problem(prefix, "category", "must be a known category"));
  }
  AddTagProblems(problems, prefix, "technologies", listing.technologies,
                 VocabularyKind::kTechnology, vocabulary);
  AddTagProblems(problems, prefix, "sectors", listing.sectors, VocabularyKind::kSector, vocabulary);
  AddTagProblems(problems, prefix, "competences", listing.competences, VocabularyKind::kCompetence,
                 vocabulary);
  if (listing.unit_count < 1 || listing.unit_count > kMaxUnitCount) {
    problems.push_back(
        Problem(prefix, "unit_count", absl::StrCat("must be between 1 and ", kMaxUnitCount)));
  }
  if (listing.capacity_per_unit < 1 || listing.capacity_per_unit > kMaxCapacityPerUnit) {
    problems.push_back(Problem(prefix, "capacity_per_unit",
                               absl::StrCat("must be between 1 and ", kMaxCapacityPerUnit)));
  }
  std::set<Audience> audiences;
  for (Audience audience : listing.audiences) {
    const int value = static_cast<int>(audience);
    if (value < 1 || value > kMaxAudience) {
      problems.push_back(Problem(prefix, "audiences", absl::StrCat("unknown audience ", value)));
    } else if (!audiences.insert(audience).second) {
      problems.push_back(
          Problem(prefix, "audiences",
                  absl::StrCat(AsAbsl(AudienceShortName(audience)), " is listed twice")));
    }
  }
  if (listing.languages.size() > kMaxListItems) {
    problems.push_back(Problem(prefix, "languages", "too many languages"));
  }
  std::set<std::string_view> languages;
  for (const std::string& language : listing.languages) {
    const bool two_letters = language.size() == 2 && absl::ascii_islower(language[0]) &&
                             absl::ascii_islower(language[1]);
    if (!two_letters) {
      problems.push_back(
          Problem(prefix, "languages",
                  absl::StrCat("\"", Excerpt(language, 16),
                               "\" is not an ISO 639-1 code (two lowercase letters)")));
    } else if (!languages.insert(language).second) {
      problems.push_back(Problem(prefix, "languages", absl::StrCat(language, " is listed twice")));
    }
  }
  if (listing.media.size() > kMaxMedia) {
    problems.push_back(Problem(prefix, "media", absl::StrCat("at most ", kMaxMedia, " links")));
  }
  for (const MediaLink& link : listing.media) {
    if (link.url.size() > kMaxUrlBytes || !IsValidUtf8(link.url) || !IsHttpUrl(link.url)) {
      problems.push_back(
          Problem(prefix, "media.url",
                  absl::StrCat("\"", Excerpt(link.url, 80), "\" is not an http or https URL")));
    }
    if (!link.kind.empty() && link.kind != "photo" && link.kind != "video" &&
        link.kind != "manual" && link.kind != "website") {
      problems.push_back(Problem(prefix, "media.kind", "must be photo, video, manual or website"));
    }
    AddLengthProblem(problems, prefix, "media.caption", link.caption, kMaxNameBytes);
  }
  if (listing.category == Category::kMobileSetup) {
    if (!listing.mobile) {
      problems.push_back(Problem(prefix, "mobile", "is required for a mobile setup"));
    } else {
      const MobileSetup& mobile = *listing.mobile;
      if (!std::isfinite(mobile.service_radius_km) || mobile.service_radius_km <= 0 ||
          mobile.service_radius_km > 1000) {
        problems.push_back(
            Problem(prefix, "mobile.service_radius_km", "must be above 0 and at most 1000"));
      }
      if (mobile.setup_minutes < 0 || mobile.setup_minutes > 24 * 60) {
        problems.push_back(Problem(prefix, "mobile.setup_minutes", "must be between 0 and 1440"));
      }
      if (mobile.teardown_minutes < 0 || mobile.teardown_minutes > 24 * 60) {
        problems.push_back(
            Problem(prefix, "mobile.teardown_minutes", "must be between 0 and 1440"));
      }
      if (!std::isfinite(mobile.travel_speed_kmh) || mobile.travel_speed_kmh <= 0 ||
          mobile.travel_speed_kmh > 200) {
        problems.push_back(
            Problem(prefix, "mobile.travel_speed_kmh", "must be above 0 and at most 200"));
      }
    }
  } else if (listing.mobile) {
    problems.push_back(Problem(prefix, "mobile", "is only for mobile setups"));
  }
  if (!listing.site_id.empty())
    AddLengthProblem(problems, prefix, "site_id", listing.site_id, kMaxIdBytes);
  return problems;
}

absl::StatusOr<std::optional<Site>> CheckListingSite(CatalogueTransaction& tx,
                                                     const Listing& listing,
                                                     std::string_view prefix) {
  if (listing.site_id.empty()) return std::optional<Site>();
  absl::StatusOr<Site> site = tx.GetSite(listing.site_id);
  if (absl::IsNotFound(site.status())) {
    return FieldError(Join(prefix, "site_id"), absl::StrCat("no site ", listing.site_id));
  }
  if (!site.ok()) return site.status();
  if (site->owner_organization_id != listing.owner_organization_id) {
    // Said the same way as a missing site: another organisation's site ids are not to be used.
    return FieldError(Join(prefix, "site_id"), absl::StrCat("no site ", listing.site_id));
  }
  return std::optional<Site>(*std::move(site));
}

std::vector<std::string> PublishProblems(const Listing& listing) {
  std::vector<std::string> problems;
  if (listing.site_id.empty()) problems.push_back("a site (site_id)");
  if (listing.terms_version == 0) problems.push_back("sharing terms");
  if (listing.category == Category::kMobileSetup && !listing.mobile) {
    problems.push_back("the mobile block");
  }
  return problems;
}

absl::Status FirstProblem(const std::vector<std::string>& problems) {
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(problems.front());
}

std::vector<std::string> SiteProblems(const Site& site, std::string_view prefix) {
  std::vector<std::string> problems;
  if (IsBlank(site.name)) problems.push_back(Problem(prefix, "name", "must not be empty"));
  AddLengthProblem(problems, prefix, "name", site.name, kMaxNameBytes);
  AddLengthProblem(problems, prefix, "address.street", site.address.street, kMaxNameBytes);
  AddLengthProblem(problems, prefix, "address.postal_code", site.address.postal_code, 20);
  AddLengthProblem(problems, prefix, "address.locality", site.address.locality, kMaxNameBytes);
  const std::string& country = site.address.country;
  if (!country.empty() && (country.size() != 2 || !absl::ascii_isupper(country[0]) ||
                           !absl::ascii_isupper(country[1]))) {
    problems.push_back(
        Problem(prefix, "address.country", "must be an ISO 3166-1 alpha-2 code such as NL or BE"));
  }
  if (!site.location) {
    problems.push_back(Problem(prefix, "location", "is required"));
  } else if (absl::Status status = CheckLatLng(Join(prefix, "location"), *site.location);
             !status.ok()) {
    problems.emplace_back(status.message());
  }
  absl::TimeZone zone;
  if (!LoadIanaTimeZone(site.time_zone, &zone)) {
    problems.push_back(
        Problem(prefix, "time_zone",
                absl::StrCat("\"", Excerpt(site.time_zone, 64),
                             "\" is not an IANA time zone such as Europe/Brussels")));
  }
  if (site.opening_hours.size() > 7 * 8) {
    problems.push_back(Problem(prefix, "opening_hours", "too many periods"));
    return problems;
  }
  std::vector<OpeningPeriod> periods = site.opening_hours;
  bool periods_valid = true;
  for (const OpeningPeriod& period : periods) {
    if (period.weekday < 1 || period.weekday > 7) {
      problems.push_back(Problem(
          prefix, "opening_hours",
          absl::StrCat("weekday ", period.weekday, " is not a day (1 Monday .. 7 Sunday)")));
      periods_valid = false;
    } else if (!ValidTime(period.open) || !ValidTime(period.close)) {
      problems.push_back(Problem(prefix, "opening_hours", "times must be between 00:00 and 24:00"));
      periods_valid = false;
    } else if (period.close.MinuteOfDay() <= period.open.MinuteOfDay()) {
      problems.push_back(Problem(prefix, "opening_hours", "close must be after open"));
      periods_valid = false;
    }
  }
  if (periods_valid) {
    std::sort(periods.begin(), periods.end(), [](const OpeningPeriod& a, const OpeningPeriod& b) {
      return std::make_pair(a.weekday, a.open.MinuteOfDay()) <
             std::make_pair(b.weekday, b.open.MinuteOfDay());
    });
    for (size_t i = 1; i < periods.size(); ++i) {
      // Periods that touch (12:00 closes, 12:00 opens) do not overlap.
      if (periods[i].weekday == periods[i - 1].weekday &&
          periods[i].open.MinuteOfDay() < periods[i - 1].close.MinuteOfDay()) {
        problems.push_back(
            Problem(prefix, "opening_hours",
                    absl::StrCat("periods overlap on weekday ", periods[i].weekday)));
        break;
      }
    }
  }
  return problems;
}

std::vector<std::string> TermsProblems(const SharingTerms& terms, std::string_view prefix) {
  std::vector<std::string> problems;
  const WhoMayBook& who = terms.who_may_book;
  for (int kind : who.organization_kinds) {
    if (kind < kMinOrganizationKind || kind > kMaxOrganizationKind) {
      problems.push_back(Problem(prefix, "who_may_book.organization_kinds",
                                 absl::StrCat(kind, " is not an organisation kind (1..7)")));
    }
  }
  auto check_ids = [&](std::string_view field, const std::vector<std::string>& ids) {
    if (ids.size() > kMaxListItems) {
      problems.push_back(Problem(prefix, field, absl::StrCat("at most ", kMaxListItems)));
    }
    for (const std::string& id : ids) {
      if (id.empty() || id.size() > kMaxIdBytes || !IsValidUtf8(id)) {
        problems.push_back(Problem(prefix, field, "ids must be 1 to 100 bytes of UTF-8"));
        break;
      }
    }
  };
  check_ids("who_may_book.network_ids", who.network_ids);
  check_ids("who_may_book.organization_ids", who.organization_ids);
  check_ids("required_qualification_type_ids", terms.required_qualification_type_ids);
  auto not_negative = [&](std::string_view field, int64_t value) {
    if (value < 0) problems.push_back(Problem(prefix, field, "must not be negative"));
  };
  not_negative("min_lead_time_hours", terms.min_lead_time_hours);
  not_negative("max_duration_hours", terms.max_duration_hours);
  not_negative("cancellation_deadline_hours", terms.cancellation_deadline_hours);
  not_negative("cancellation_fee_cents", terms.cancellation_fee_cents);
  not_negative("quota_hours_per_month", terms.quota_hours_per_month);
  not_negative("price.per_hour_cents", terms.price.per_hour_cents);
  not_negative("price.per_half_day_cents", terms.price.per_half_day_cents);
  not_negative("price.per_day_cents", terms.price.per_day_cents);
  not_negative("price.per_learner_cents", terms.price.per_learner_cents);
  not_negative("price.per_km_cents", terms.price.per_km_cents);
  not_negative("deposit_cents", terms.deposit_cents);
  not_negative("acquisition_cost_cents", terms.acquisition_cost_cents);
  not_negative("expected_lifetime_years", terms.expected_lifetime_years);
  // Bounds that keep cost arithmetic far from overflow: a billion euro per unit is plenty.
  constexpr int64_t kMaxCents = 100'000'000'000;
  for (int64_t amount :
       {terms.price.per_hour_cents, terms.price.per_half_day_cents, terms.price.per_day_cents,
        terms.price.per_learner_cents, terms.price.per_km_cents, terms.cancellation_fee_cents,
        terms.deposit_cents, terms.acquisition_cost_cents}) {
    if (amount > kMaxCents) {
      problems.push_back(Problem(prefix, "price", "amounts must be at most 1000000000 euro"));
      break;
    }
  }
  return problems;
}

absl::TimeZone SiteZone(const Site& site) {
  absl::TimeZone zone;
  if (!LoadIanaTimeZone(site.time_zone, &zone)) return absl::UTCTimeZone();
  return zone;
}

}  // namespace leerpool::catalogue::internal
