#ifndef LEERPOOL_SERVICES_REGISTRY_CORE_INTERNAL_H_
#define LEERPOOL_SERVICES_REGISTRY_CORE_INTERNAL_H_

// Helpers shared by the Registry's operation files; not part of the core's interface.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"
#include "services/common/page_token.h"
#include "services/registry/core/people.h"
#include "services/registry/core/qualification.h"
#include "services/registry/core/registry_store.h"

namespace leerpool::registry::internal {

inline constexpr size_t kMaxNameBytes = 200;
inline constexpr size_t kMaxDescriptionBytes = 2000;
inline constexpr size_t kMaxEmailBytes = 254;
inline constexpr size_t kMaxIdBytes = 100;
inline constexpr int kMinPasswordCharacters = 10;
inline constexpr int kMaxPasswordCharacters = 128;
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;

// INVALID_ARGUMENT "<field>: <problem>": every bad-input error names its field first.
absl::Status FieldError(std::string_view field, std::string_view problem);

bool IsBlank(std::string_view text);
// Optional text: at most `max_bytes`.
absl::Status CheckLength(std::string_view field, std::string_view value, size_t max_bytes);
// Required text: not blank and at most `max_bytes`.
absl::Status CheckRequiredText(std::string_view field, std::string_view value, size_t max_bytes);
// A resource id named in a request: present and of sane length (the lookup decides the rest).
absl::Status CheckId(std::string_view field, std::string_view id);

// Trimmed and ASCII-lower-cased, the form emails are stored and compared in.
std::string NormalizeEmail(std::string_view email);
// For a normalised email: one "@" with text on both sides, no spaces or control characters,
// at most 254 bytes.
absl::Status CheckEmail(std::string_view field, std::string_view email);
// 10 to 128 characters (UTF-8 code points), named "password".
absl::Status CheckNewPassword(std::string_view password);
// "nl" or "en"; empty means "nl".
absl::StatusOr<std::string> ResolveLocale(std::string_view locale);
// Not empty, and only organisation roles this build knows.
absl::Status CheckRoles(std::string_view field, const std::set<Role>& roles);
bool IsKnownRole(Role role);

// A real calendar date (years 1 to 9999), or INVALID_ARGUMENT naming `field`.
absl::StatusOr<absl::CivilDay> ToCivilDay(std::string_view field, const Date& date);
// `day` moved by `months`, on the same day of the month or the month's last day when it is
// shorter (31 January + 1 month = 29 February in a leap year).
absl::CivilDay AddMonths(absl::CivilDay day, int months);

// The caller as the store knows them now: roles and the platform-admin flag re-read for a
// person, the key's single role for an API key. UNAUTHENTICATED when the person, session or
// API key is gone or ended. Anonymous callers come back unchanged.
absl::StatusOr<auth::Caller> ResolveCaller(RegistryTransaction& tx, const auth::Caller& caller);

// Whether the (resolved) caller belongs to any organisation of these memberships.
bool SharesOrganization(const auth::Caller& caller, const std::vector<Membership>& memberships);

// Records a change made by `actor` (a resolved caller; an anonymous one counts as "system").
absl::Status RecordAudit(RegistryTransaction& tx, const auth::Caller& actor, absl::Time time,
                         std::string organization_id, std::string action, std::string resource_id,
                         std::string details);

// Builds the small JSON objects of audit details.
class JsonObject {
 public:
  JsonObject& String(std::string_view key, std::string_view value);
  JsonObject& Int(std::string_view key, int64_t value);
  JsonObject& Bool(std::string_view key, bool value);
  JsonObject& Strings(std::string_view key, const std::vector<std::string>& values);
  JsonObject& Roles(std::string_view key, const std::set<Role>& roles);
  JsonObject& Raw(std::string_view key, std::string_view json);
  std::string Build() const { return "{" + body_ + "}"; }

 private:
  void Key(std::string_view key);
  std::string body_;
};
std::string JsonQuote(std::string_view text);
std::string JsonArray(const std::vector<std::string>& values);

// Page size and cursor of a keyset-paginated listing.
struct PageRequest {
  int limit = 0;
  std::optional<KeysetCursor> after;
};
absl::StatusOr<PageRequest> ResolvePage(int page_size, const std::string& page_token);

// Civil days as ISO text, for messages and audit details.
std::string FormatDay(absl::CivilDay day);

// Listings ask the store for one row more than a page: its presence says another page exists
// without a second query. Trims that row and returns the next page's token ("" on the last).
template <typename T, typename KeyOf>
std::string FinishPage(std::vector<T>& rows, int limit, KeyOf key_of) {
  if (static_cast<int>(rows.size()) <= limit) return "";
  rows.resize(limit);
  const KeysetCursor cursor = key_of(rows.back());
  return EncodePageToken({cursor.sort_key, cursor.id});
}

}  // namespace leerpool::registry::internal

#endif  // LEERPOOL_SERVICES_REGISTRY_CORE_INTERNAL_H_
