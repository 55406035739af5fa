#include "services/registry/core/internal.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"

namespace leerpool::registry::internal {

absl::Status FieldError(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat(absl::string_view(field.data(), field.size()), ": ",
                   absl::string_view(problem.data(), problem.size())));
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

absl::Status CheckLength(std::string_view field, std::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes) {
    return FieldError(field, absl::StrCat("must be at most ", max_bytes, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status CheckRequiredText(std::string_view field, std::string_view value, size_t max_bytes) {
  if (IsBlank(value)) return FieldError(field, "must not be empty");
  return CheckLength(field, value, max_bytes);
}

absl::Status CheckId(std::string_view field, std::string_view id) {
  if (id.empty()) return FieldError(field, "must not be empty");
  return CheckLength(field, id, kMaxIdBytes);
}

std::string NormalizeEmail(std::string_view email) {
  return absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(absl::string_view(email.data(), email.size())));
}

absl::Status CheckEmail(std::string_view field, std::string_view email) {
  if (email.empty()) return FieldError(field, "must not be empty");
  if (email.size() > kMaxEmailBytes) {
    return FieldError(field, absl::StrCat("must be at most ", kMaxEmailBytes, " bytes"));
  }
  if (std::any_of(email.begin(), email.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte == 0x7f;
      })) {
    return FieldError(field, "must not contain spaces or control characters");
  }
  const size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return FieldError(field, "must contain exactly one \"@\"");
  }
  if (at == 0 || at + 1 == email.size()) {
    return FieldError(field, "needs text before and after the \"@\"");
  }
  return absl::OkStatus();
}

absl::Status CheckNewPassword(std::string_view password) {
  // Characters, not bytes: a passphrase in any script gets the same minimum.
  const auto characters = std::count_if(password.begin(), password.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
  if (characters < kMinPasswordCharacters) {
    return FieldError("password",
                      absl::StrCat("must be at least ", kMinPasswordCharacters, " characters"));
  }
  if (characters > kMaxPasswordCharacters) {
    return FieldError("password",
                      absl::StrCat("must be at most ", kMaxPasswordCharacters, " characters"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ResolveLocale(std::string_view locale) {
  if (locale.empty()) return std::string("nl");
  if (locale == "nl" || locale == "en") return std::string(locale);
  return FieldError("locale", "must be \"nl\" or \"en\"");
}

bool IsKnownRole(Role role) {
  return role == Role::kOrgAdmin || role == Role::kCoordinator || role == Role::kInstructor ||
         role == Role::kAnalyst;
}

absl::Status CheckRoles(std::string_view field, const std::set<Role>& roles) {
  if (roles.empty()) return FieldError(field, "at least one role is required");
  for (Role role : roles) {
    if (!IsKnownRole(role)) return FieldError(field, "unknown role");
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::CivilDay> ToCivilDay(std::string_view field, const Date& date) {
  if (date.year < 1 || date.year > 9999) {
    return FieldError(field, "year must be between 1 and 9999");
  }
  // CivilDay normalises 31 February to 3 March; a date that does not survive the round trip
  // is not a real one.
  const absl::CivilDay day(date.year, date.month, date.day);
  if (date.month < 1 || date.month > 12 || day.month() != date.month || day.day() != date.day) {
    return FieldError(field, absl::StrFormat("%04d-%02d-%02d is not a calendar date", date.year,
                                             date.month, date.day));
  }
  return day;
}

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  const absl::CivilDay first(month);
  const int days_in_month = static_cast<int>(absl::CivilDay(month + 1) - first);
  return first + (std::min(day.day(), days_in_month) - 1);
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<auth::Caller> ResolveCaller(RegistryTransaction& tx, const auth::Caller& caller) {
  if (caller.anonymous()) return caller;
  auth::Caller resolved = caller;
  resolved.roles.clear();
  resolved.platform_admin = false;
  if (!caller.person_id.empty()) {
    absl::StatusOr<Person> person = tx.GetPerson(caller.person_id);
    if (absl::IsNotFound(person.status())) {
      return absl::UnauthenticatedError("the signed-in account no longer exists");
    }
    if (!person.ok()) return person.status();
    if (!caller.session_id.empty()) {
      absl::StatusOr<SessionRecord> session = tx.GetSession(caller.session_id);
      if (absl::IsNotFound(session.status()) ||
          (session.ok() && (session->revoke_time || session->person_id != person->id))) {
        return absl::UnauthenticatedError("session ended; sign in again");
      }
      if (!session.ok()) return session.status();
    }
    resolved.platform_admin = person->platform_admin;
    LP_ASSIGN_OR_RETURN(std::vector<Membership> memberships,
                        tx.ListMembershipsOfPerson(person->id));
    for (const Membership& membership : memberships) {
      resolved.roles[membership.organization_id] = membership.roles;
    }
    return resolved;
  }
  absl::StatusOr<ApiKey> key = tx.GetApiKey(caller.api_key_id);
  if (absl::IsNotFound(key.status()) || (key.ok() && key->revoked())) {
    return absl::UnauthenticatedError("API key revoked");
  }
  if (!key.ok()) return key.status();
  resolved.roles[key->organization_id] = {key->role};
  return resolved;
}

bool SharesOrganization(const auth::Caller& caller, const std::vector<Membership>& memberships) {
  return std::any_of(memberships.begin(), memberships.end(), [&](const Membership& membership) {
    return caller.IsMemberOf(membership.organization_id);
  });
}

absl::Status RecordAudit(RegistryTransaction& tx, const auth::Caller& actor, absl::Time time,
                         std::string organization_id, std::string action, std::string resource_id,
                         std::string details) {
  AuditEvent event;
  event.id = NewId("aud");
  event.time = time;
  if (!actor.person_id.empty()) {
    event.actor_person_id = actor.person_id;
  } else if (!actor.api_key_id.empty()) {
    event.actor_api_key_id = actor.api_key_id;
  } else {
    event.actor_person_id = kSystemActor;
  }
  event.organization_id = std::move(organization_id);
  event.action = std::move(action);
  event.resource_id = std::move(resource_id);
  event.details = details.empty() ? "{}" : std::move(details);
  return tx.InsertAuditEvent(event);
}

std::string JsonQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

void JsonObject::Key(std::string_view key) {
  if (!body_.empty()) body_ += ',';
  body_ += JsonQuote(key);
  body_ += ':';
}

JsonObject& JsonObject::String(std::string_view key, std::string_view value) {
  Key(key);
  body_ += JsonQuote(value);
  return *this;
}

JsonObject& JsonObject::Int(std::string_view key, int64_t value) {
  Key(key);
  body_ += std::to_string(value);
  return *this;
}

JsonObject& JsonObject::Bool(std::string_view key, bool value) {
  Key(key);
  body_ += value ? "true" : "false";
  return *this;
}

std::string JsonArray(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += JsonQuote(values[i]);
  }
  out += ']';
  return out;
}

JsonObject& JsonObject::Strings(std::string_view key, const std::vector<std::string>& values) {
  Key(key);
  body_ += JsonArray(values);
  return *this;
}

JsonObject& JsonObject::Roles(std::string_view key, const std::set<Role>& roles) {
  std::vector<std::string> names;
  for (Role role : roles) names.push_back(auth::RoleName(role));
  return Strings(key, names);
}

JsonObject& JsonObject::Raw(std::string_view key, std::string_view json) {
  Key(key);
  body_.append(json.data(), json.size());
  return *this;
}

absl::StatusOr<PageRequest> ResolvePage(int page_size, const std::string& page_token) {
  PageRequest page;
  LP_ASSIGN_OR_RETURN(page.limit, ResolvePageSize(page_size, kDefaultPageSize, kMaxPageSize));
  if (!page_token.empty()) {
    LP_ASSIGN_OR_RETURN(std::vector<std::string> key, DecodePageToken(page_token, 2));
    page.after = KeysetCursor{key[0], key[1]};
  }
  return page;
}

}  // namespace leerpool::registry::internal
