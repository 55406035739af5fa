// Qualifications: defined by an issuing organisation, issued to people, recognised by every
// equipment owner that asks for them.

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"
#include "services/registry/core/internal.h"
#include "services/registry/core/registry.h"

namespace leerpool::registry {
namespace {

using internal::FieldError;
using internal::JsonObject;

constexpr size_t kMaxCodeBytes = 64;
constexpr int kMaxValidityMonths = 600;
constexpr size_t kMaxChecksPerRequest = 100;

absl::Status ValidateQualificationType(const QualificationType& type) {
  LP_RETURN_IF_ERROR(
      internal::CheckRequiredText("qualification_type.code", type.code, kMaxCodeBytes));
  for (char c : type.code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return FieldError("qualification_type.code",
                        "may contain only letters, digits, '-', '_' and '.'");
    }
  }
  if (internal::IsBlank(type.name_nl) && internal::IsBlank(type.name_en)) {
    return FieldError("qualification_type.name_nl", "name_nl or name_en must be set");
  }
  LP_RETURN_IF_ERROR(
      internal::CheckLength("qualification_type.name_nl", type.name_nl, internal::kMaxNameBytes));
  LP_RETURN_IF_ERROR(
      internal::CheckLength("qualification_type.name_en", type.name_en, internal::kMaxNameBytes));
  LP_RETURN_IF_ERROR(internal::CheckLength("qualification_type.description", type.description,
                                           internal::kMaxDescriptionBytes));
  if (type.validity_months < 0 || type.validity_months > kMaxValidityMonths) {
    return FieldError("qualification_type.validity_months",
                      absl::StrCat("must be between 0 (no expiry) and ", kMaxValidityMonths));
  }
  return absl::OkStatus();
}

// The last day a qualification issued on `issue_date` is valid by default: the day before the
// same date `validity_months` later. None when the type never expires.
std::optional<absl::CivilDay> DefaultExpiry(const QualificationType& type,
                                            absl::CivilDay issue_date) {
  if (type.validity_months == 0) return std::nullopt;
  return internal::AddMonths(issue_date, type.validity_months) - 1;
}

// Whether `qualification` makes its holder qualified on every day from `start` to `end`.
bool Covers(const Qualification& qualification, absl::CivilDay start, absl::CivilDay end) {
  return !qualification.revoked && qualification.issue_date <= start &&
         (!qualification.expiry_date || *qualification.expiry_date >= end);
}

}  // namespace

absl::StatusOr<QualificationType> Registry::CreateQualificationType(const auth::Caller& caller,
                                                                    QualificationType type) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "define qualification types"));
  if (!type.id.empty()) return FieldError("qualification_type.id", "is assigned by the server");
  LP_RETURN_IF_ERROR(
      internal::CheckId("qualification_type.issuer_organization_id", type.issuer_organization_id));
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_ASSIGN_OR_RETURN(const Organization issuer, tx.GetOrganization(type.issuer_organization_id));
    LP_RETURN_IF_ERROR(
        auth::RequireRole(actor, issuer.id, {Role::kOrgAdmin}, "define qualification types"));
    LP_RETURN_IF_ERROR(ValidateQualificationType(type));
    LP_ASSIGN_OR_RETURN(const std::optional<QualificationType> taken,
                        tx.FindQualificationTypeByCode(issuer.id, type.code));
    if (taken) {
      return absl::AlreadyExistsError(
          absl::StrCat("qualification_type.code: ", issuer.name, " already defines ", type.code));
    }
    type.id = NewId("qtype");
    type.create_time = clock_.Now();
    LP_RETURN_IF_ERROR(tx.InsertQualificationType(type));
    return internal::RecordAudit(tx, actor, type.create_time, issuer.id,
                                 "qualification_type.create", type.id,
                                 JsonObject()
                                     .String("code", type.code)
                                     .String("name_nl", type.name_nl)
                                     .String("name_en", type.name_en)
                                     .Int("validity_months", type.validity_months)
                                     .Build());
  }));
  return type;
}

absl::StatusOr<QualificationType> Registry::GetQualificationType(const auth::Caller&,
                                                                 const std::string& id) {
  LP_RETURN_IF_ERROR(internal::CheckId("qualification_type_id", id));
  QualificationType type;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(type, tx.GetQualificationType(id));
    return absl::OkStatus();
  }));
  return type;
}

absl::StatusOr<QualificationTypePage> Registry::ListQualificationTypes(
    const auth::Caller&, const std::string& issuer_organization_id, int page_size,
    const std::string& page_token) {
  LP_RETURN_IF_ERROR(internal::CheckLength("issuer_organization_id", issuer_organization_id,
                                           internal::kMaxIdBytes));
  LP_ASSIGN_OR_RETURN(const internal::PageRequest page,
                      internal::ResolvePage(page_size, page_token));
  QualificationTypePage result;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(
        result.qualification_types,
        tx.ListQualificationTypes(issuer_organization_id, page.after, page.limit + 1));
    return absl::OkStatus();
  }));
  result.next_page_token =
      internal::FinishPage(result.qualification_types, page.limit, [](const QualificationType& t) {
        return KeysetCursor{t.code, t.id};
      });
  return result;
}

absl::StatusOr<Qualification> Registry::IssueQualification(
    const auth::Caller& caller, const IssueQualificationRequest& request) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "issue qualifications"));
  LP_RETURN_IF_ERROR(internal::CheckId("qualification_type_id", request.qualification_type_id));
  Qualification qualification;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_ASSIGN_OR_RETURN(const QualificationType type,
                        tx.GetQualificationType(request.qualification_type_id));
    LP_RETURN_IF_ERROR(auth::RequireRole(actor, type.issuer_organization_id,
                                         {Role::kOrgAdmin, Role::kInstructor},
                                         "issue this qualification"));
    if (request.person_id.empty() == request.person_email.empty()) {
      return FieldError("person_id", "give either person_id or person_email");
    }
    Person holder;
    if (!request.person_id.empty()) {
      LP_RETURN_IF_ERROR(internal::CheckId("person_id", request.person_id));
      LP_ASSIGN_OR_RETURN(holder, tx.GetPerson(request.person_id));
    } else {
      const std::string email = internal::NormalizeEmail(request.person_email);
      LP_RETURN_IF_ERROR(internal::CheckEmail("person_email", email));
      LP_ASSIGN_OR_RETURN(std::optional<Person> found, tx.FindPersonByEmail(email));
      if (!found) return absl::NotFoundError("person_email: no account with this email");
      holder = *std::move(found);
    }
    if (!request.issue_date) return FieldError("issue_date", "is required");
    LP_ASSIGN_OR_RETURN(const absl::CivilDay issue_date,
                        internal::ToCivilDay("issue_date", *request.issue_date));
    const std::optional<absl::CivilDay> latest = DefaultExpiry(type, issue_date);
    std::optional<absl::CivilDay> expiry_date = latest;
    if (request.expiry_date) {
      LP_ASSIGN_OR_RETURN(expiry_date, internal::ToCivilDay("expiry_date", *request.expiry_date));
      if (*expiry_date < issue_date) {
        return FieldError("expiry_date", "must not be before issue_date");
      }
      if (latest && *expiry_date > *latest) {
        return FieldError("expiry_date",
                          absl::StrCat("must not be after ", internal::FormatDay(*latest), " (",
                                       type.validity_months, " months of validity)"));
      }
    }
    qualification.id = NewId("qual");
    qualification.qualification_type_id = type.id;
    qualification.person_id = holder.id;
    qualification.issue_date = issue_date;
    qualification.expiry_date = expiry_date;
    qualification.issued_by_person_id = actor.person_id;
    qualification.create_time = clock_.Now();
    LP_RETURN_IF_ERROR(tx.InsertQualification(qualification));
    return internal::RecordAudit(
        tx, actor, qualification.create_time, type.issuer_organization_id, "qualification.issue",
        qualification.id,
        JsonObject()
            .String("qualification_type_id", type.id)
            .String("person_id", holder.id)
            .String("issue_date", internal::FormatDay(issue_date))
            .String("expiry_date", expiry_date ? internal::FormatDay(*expiry_date) : "")
            .Build());
  }));
  return qualification;
}

absl::StatusOr<Qualification> Registry::RevokeQualification(const auth::Caller& caller,
                                                            const std::string& qualification_id,
                                                            const std::string& reason) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "revoke qualifications"));
  LP_RETURN_IF_ERROR(internal::CheckId("qualification_id", qualification_id));
  Qualification qualification;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_ASSIGN_OR_RETURN(qualification, tx.GetQualification(qualification_id));
    LP_ASSIGN_OR_RETURN(const QualificationType type,
                        tx.GetQualificationType(qualification.qualification_type_id));
    LP_RETURN_IF_ERROR(auth::RequireRole(actor, type.issuer_organization_id,
                                         {Role::kOrgAdmin, Role::kInstructor},
                                         "revoke this qualification"));
    LP_RETURN_IF_ERROR(
        internal::CheckRequiredText("reason", reason, internal::kMaxDescriptionBytes));
    if (qualification.revoked) {
      return absl::FailedPreconditionError(
          absl::StrCat("qualification ", qualification.id, " is already revoked"));
    }
    const absl::Time now = clock_.Now();
    LP_RETURN_IF_ERROR(tx.MarkQualificationRevoked(qualification.id, reason, now));
    qualification.revoked = true;
    qualification.revocation_reason = reason;
    qualification.revoke_time = now;
    return internal::RecordAudit(
        tx, actor, now, type.issuer_organization_id, "qualification.revoke", qualification.id,
        JsonObject().String("person_id", qualification.person_id).String("reason", reason).Build());
  }));
  return qualification;
}

absl::StatusOr<std::vector<Qualification>> Registry::ListQualifications(
    const auth::Caller& caller, const std::string& person_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "see qualifications"));
  LP_RETURN_IF_ERROR(internal::CheckId("person_id", person_id));
  std::vector<Qualification> visible;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    visible.clear();  // The store may run this more than once.
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_ASSIGN_OR_RETURN(const std::vector<Membership> memberships,
                        tx.ListMembershipsOfPerson(person_id));
    bool sees_all = actor.person_id == person_id || actor.platform_admin;
    for (const Membership& membership : memberships) {
      sees_all = sees_all || actor.HasRole(membership.organization_id, Role::kOrgAdmin) ||
                 actor.HasRole(membership.organization_id, Role::kCoordinator);
    }
    // Otherwise an issuer's admins and instructors see what their organisation issued.
    std::set<std::string> issuers;
    for (const auto& [organization_id, roles] : actor.roles) {
      if (roles.contains(Role::kOrgAdmin) || roles.contains(Role::kInstructor)) {
        issuers.insert(organization_id);
      }
    }
    if (!sees_all && issuers.empty()) {
      return absl::PermissionDeniedError(
          absl::StrCat("not allowed to see the qualifications of person ", person_id));
    }
    LP_RETURN_IF_ERROR(tx.GetPerson(person_id).status());
    LP_ASSIGN_OR_RETURN(std::vector<Qualification> all, tx.ListQualificationsOfPerson(person_id));
    std::map<std::string, std::string> issuer_of_type;
    for (Qualification& qualification : all) {
      if (!sees_all) {
        auto [it, inserted] = issuer_of_type.try_emplace(qualification.qualification_type_id);
        if (inserted) {
          LP_ASSIGN_OR_RETURN(const QualificationType type,
                              tx.GetQualificationType(qualification.qualification_type_id));
          it->second = type.issuer_organization_id;
        }
        if (!issuers.contains(it->second)) continue;
      }
      visible.push_back(std::move(qualification));
    }
    return absl::OkStatus();
  }));
  return visible;
}

absl::StatusOr<QualificationChecks> Registry::CheckQualifications(
    const auth::Caller& caller, const CheckQualificationsRequest& request) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "check qualifications"));
  LP_RETURN_IF_ERROR(internal::CheckId("person_id", request.person_id));
  if (request.qualification_type_ids.empty()) {
    return FieldError("qualification_type_ids", "name at least one qualification type");
  }
  if (request.qualification_type_ids.size() > kMaxChecksPerRequest) {
    return FieldError("qualification_type_ids",
                      absl::StrCat("at most ", kMaxChecksPerRequest, " per request"));
  }
  for (const std::string& id : request.qualification_type_ids) {
    LP_RETURN_IF_ERROR(internal::CheckId("qualification_type_ids", id));
  }
  if (!request.start_date) return FieldError("start_date", "is required");
  LP_ASSIGN_OR_RETURN(const absl::CivilDay start,
                      internal::ToCivilDay("start_date", *request.start_date));
  absl::CivilDay end = start;
  if (request.end_date) {
    LP_ASSIGN_OR_RETURN(end, internal::ToCivilDay("end_date", *request.end_date));
    if (end < start) return FieldError("end_date", "must not be before start_date");
  }
  QualificationChecks result;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    result = QualificationChecks();  // The store may run this more than once.
    LP_RETURN_IF_ERROR(internal::ResolveCaller(tx, caller).status());
    LP_RETURN_IF_ERROR(tx.GetPerson(request.person_id).status());
    for (const std::string& id : request.qualification_type_ids) {
      LP_RETURN_IF_ERROR(tx.GetQualificationType(id).status());
    }
    LP_ASSIGN_OR_RETURN(const std::vector<Qualification> held,
                        tx.ListQualificationsOfPerson(request.person_id));
    result.all_valid = true;
    for (const std::string& type_id : request.qualification_type_ids) {
      QualificationCheck check;
      check.qualification_type_id = type_id;
      const Qualification* best = nullptr;
      for (const Qualification& qualification : held) {
        if (qualification.qualification_type_id != type_id || !Covers(qualification, start, end)) {
          continue;
        }
        // Report the one that lasts longest: no expiry beats any expiry.
        if (best == nullptr || !qualification.expiry_date ||
            (best->expiry_date && *qualification.expiry_date > *best->expiry_date)) {
          best = &qualification;
        }
      }
      if (best != nullptr) {
        check.valid = true;
        check.qualification_id = best->id;
        check.expiry_date = best->expiry_date;
      }
      result.all_valid = result.all_valid && check.valid;
      result.checks.push_back(std::move(check));
    }
    return absl::OkStatus();
  }));
  return result;
}

}  // namespace leerpool::registry
