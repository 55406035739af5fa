// People, memberships, invitations and qualifications.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/registry/postgres/pg_registry_transaction.h"

namespace leerpool::registry::pg_internal {
namespace {

using storage::pg::Params;
using storage::pg::Result;

constexpr char kPersonColumns[] = "id, email, display_name, locale, platform_admin, create_time_us";

Person ReadPerson(const Result& rows, int row) {
  Person person;
  person.id = rows.Text(row, 0);
  person.email = rows.Text(row, 1);
  person.display_name = rows.Text(row, 2);
  person.locale = rows.Text(row, 3);
  person.platform_admin = rows.Bool(row, 4);
  person.create_time = FromMicros(rows.Int(row, 5));
  return person;
}

constexpr char kMembershipSelect[] =
    "SELECT m.organization_id, m.person_id, o.name, m.roles_mask, m.add_time_us"
    " FROM memberships m JOIN organizations o ON o.id = m.organization_id";

Membership ReadMembership(const Result& rows, int row) {
  Membership membership;
  membership.organization_id = rows.Text(row, 0);
  membership.person_id = rows.Text(row, 1);
  membership.organization_name = rows.Text(row, 2);
  membership.roles = RolesFromMask(rows.Int(row, 3));
  membership.add_time = FromMicros(rows.Int(row, 4));
  return membership;
}

constexpr char kInvitationColumns[] =
    "id, organization_id, email, roles_mask, token_hash, expire_time_us, invited_by_person_id, "
    "create_time_us, accept_time_us, accepted_by_person_id";

Invitation ReadInvitation(const Result& rows, int row) {
  Invitation invitation;
  invitation.id = rows.Text(row, 0);
  invitation.organization_id = rows.Text(row, 1);
  invitation.email = rows.Text(row, 2);
  invitation.roles = RolesFromMask(rows.Int(row, 3));
  invitation.token_hash = rows.Text(row, 4);
  invitation.expire_time = FromMicros(rows.Int(row, 5));
  invitation.invited_by_person_id = rows.Text(row, 6);
  invitation.create_time = FromMicros(rows.Int(row, 7));
  invitation.accept_time = OptionalTime(rows, row, 8);
  invitation.accepted_by_person_id = rows.OptionalText(row, 9).value_or("");
  return invitation;
}

constexpr char kQualificationTypeColumns[] =
    "id, issuer_organization_id, code, name_nl, name_en, description, validity_months, "
    "create_time_us";

QualificationType ReadQualificationType(const Result& rows, int row) {
  QualificationType type;
  type.id = rows.Text(row, 0);
  type.issuer_organization_id = rows.Text(row, 1);
  type.code = rows.Text(row, 2);
  type.name_nl = rows.Text(row, 3);
  type.name_en = rows.Text(row, 4);
  type.description = rows.Text(row, 5);
  type.validity_months = static_cast<int>(rows.Int(row, 6));
  type.create_time = FromMicros(rows.Int(row, 7));
  return type;
}

constexpr char kQualificationColumns[] =
    "id, qualification_type_id, person_id, issue_date, expiry_date, issued_by_person_id, "
    "revoked, revocation_reason, create_time_us, revoke_time_us";

Qualification ReadQualification(const Result& rows, int row) {
  Qualification qualification;
  qualification.id = rows.Text(row, 0);
  qualification.qualification_type_id = rows.Text(row, 1);
  qualification.person_id = rows.Text(row, 2);
  qualification.issue_date = DayFromText(rows.Text(row, 3));
  if (!rows.IsNull(row, 4)) qualification.expiry_date = DayFromText(rows.Text(row, 4));
  qualification.issued_by_person_id = rows.Text(row, 5);
  qualification.revoked = rows.Bool(row, 6);
  qualification.revocation_reason = rows.Text(row, 7);
  qualification.create_time = FromMicros(rows.Int(row, 8));
  qualification.revoke_time = OptionalTime(rows, row, 9);
  return qualification;
}

}  // namespace

// ---- People

absl::StatusOr<Person> PgRegistryTransaction::GetPerson(const std::string& id) {
  LP_ASSIGN_OR_RETURN(
      Result rows,
      Query(absl::StrCat("SELECT ", kPersonColumns, " FROM people WHERE id = $1"), Params::Of(id)));
  std::optional<Person> found = First<Person>(rows, ReadPerson);
  if (!found) return absl::NotFoundError(absl::StrCat("person ", id, " not found"));
  return *std::move(found);
}

absl::StatusOr<std::optional<Person>> PgRegistryTransaction::FindPersonByEmail(
    const std::string& email) {
  LP_ASSIGN_OR_RETURN(
      Result rows, Query(absl::StrCat("SELECT ", kPersonColumns, " FROM people WHERE email = $1"),
                         Params::Of(email)));
  return First<Person>(rows, ReadPerson);
}

absl::Status PgRegistryTransaction::InsertPerson(const Person& person,
                                                 const std::string& password_hash) {
  return Change(
             "INSERT INTO people (id, email, display_name, locale, platform_admin, "
             "password_hash, create_time_us) VALUES ($1, $2, $3, $4, $5, $6, $7)",
             Params::Of(person.id, person.email, person.display_name, person.locale,
                        person.platform_admin, password_hash, Micros(person.create_time)))
      .status();
}

absl::StatusOr<std::string> PgRegistryTransaction::GetPasswordHash(const std::string& person_id) {
  LP_ASSIGN_OR_RETURN(
      Result rows, Query("SELECT password_hash FROM people WHERE id = $1", Params::Of(person_id)));
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("person ", person_id, " not found"));
  return rows.Text(0, 0);
}

// ---- Memberships

absl::StatusOr<std::optional<Membership>> PgRegistryTransaction::FindMembership(
    const std::string& organization_id, const std::string& person_id) {
  LP_ASSIGN_OR_RETURN(
      Result rows,
      Query(absl::StrCat(kMembershipSelect, " WHERE m.organization_id = $1 AND m.person_id = $2"),
            Params::Of(organization_id, person_id)));
  return First<Membership>(rows, ReadMembership);
}

absl::Status PgRegistryTransaction::InsertMembership(const Membership& membership) {
  return Change(
             "INSERT INTO memberships (organization_id, person_id, roles_mask, add_time_us) "
             "VALUES ($1, $2, $3, $4)",
             Params::Of(membership.organization_id, membership.person_id,
                        RolesMask(membership.roles), Micros(membership.add_time)))
      .status();
}

absl::Status PgRegistryTransaction::UpdateMembershipRoles(const std::string& organization_id,
                                                          const std::string& person_id,
                                                          const std::set<Role>& roles) {
  return ChangeOne(
      "UPDATE memberships SET roles_mask = $3 WHERE organization_id = $1 AND person_id = $2",
      Params::Of(organization_id, person_id, RolesMask(roles)),
      absl::StrCat("membership of person ", person_id, " in organization ", organization_id));
}

absl::Status PgRegistryTransaction::DeleteMembership(const std::string& organization_id,
                                                     const std::string& person_id) {
  return ChangeOne(
      "DELETE FROM memberships WHERE organization_id = $1 AND person_id = $2",
      Params::Of(organization_id, person_id),
      absl::StrCat("membership of person ", person_id, " in organization ", organization_id));
}

absl::StatusOr<std::vector<Membership>> PgRegistryTransaction::ListMembershipsOfPerson(
    const std::string& person_id) {
  LP_ASSIGN_OR_RETURN(
      Result rows,
      Query(absl::StrCat(kMembershipSelect, " WHERE m.person_id = $1 ORDER BY m.organization_id"),
            Params::Of(person_id)));
  return Collect<Membership>(rows, ReadMembership);
}

absl::StatusOr<std::vector<Member>> PgRegistryTransaction::ListMembers(
    const std::string& organization_id, const std::optional<KeysetCursor>& after, int limit) {
  Params params = Params::Of(organization_id);
  AddCursor(params, after);
  params.Add(limit);
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query("SELECT p.id, p.email, p.display_name, p.locale, p.platform_admin, "
                            "p.create_time_us, m.organization_id, m.roles_mask, m.add_time_us"
                            " FROM memberships m JOIN people p ON p.id = m.person_id"
                            " WHERE m.organization_id = $1"
                            "   AND ($2::text IS NULL OR (p.email, p.id) > ($2, $3::text))"
                            " ORDER BY p.email, p.id LIMIT $4",
                            params));
  return Collect<Member>(rows, [](const Result& rows, int row) {
    Member member;
    member.person = ReadPerson(rows, row);
    member.organization_id = rows.Text(row, 6);
    member.roles = RolesFromMask(rows.Int(row, 7));
    member.add_time = FromMicros(rows.Int(row, 8));
    return member;
  });
}

absl::StatusOr<int> PgRegistryTransaction::CountMembersWithRole(const std::string& organization_id,
                                                                Role role) {
  LP_ASSIGN_OR_RETURN(Result rows, Query("SELECT count(*) FROM memberships"
                                         " WHERE organization_id = $1 AND (roles_mask & $2) <> 0",
                                         Params::Of(organization_id, RolesMask({role}))));
  return rows.empty() ? 0 : static_cast<int>(rows.Int(0, 0));
}

// ---- Invitations

absl::Status PgRegistryTransaction::InsertInvitation(const Invitation& invitation) {
  Params params = Params::Of(
      invitation.id, invitation.organization_id, invitation.email, RolesMask(invitation.roles),
      invitation.token_hash, Micros(invitation.expire_time), invitation.invited_by_person_id,
      Micros(invitation.create_time), OptionalMicros(invitation.accept_time));
  if (invitation.accepted_by_person_id.empty()) {
    params.AddNull();
  } else {
    params.Add(invitation.accepted_by_person_id);
  }
  return Change(absl::StrCat("INSERT INTO invitations (", kInvitationColumns,
                             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"),
                params)
      .status();
}

absl::StatusOr<std::optional<Invitation>> PgRegistryTransaction::FindInvitationByTokenHash(
    const std::string& token_hash) {
  LP_ASSIGN_OR_RETURN(Result rows, Query(absl::StrCat("SELECT ", kInvitationColumns,
                                                      " FROM invitations WHERE token_hash = $1"),
                                         Params::Of(token_hash)));
  return First<Invitation>(rows, ReadInvitation);
}

absl::Status PgRegistryTransaction::MarkInvitationAccepted(const std::string& id,
                                                           const std::string& person_id,
                                                           absl::Time accept_time) {
  return ChangeOne(
      "UPDATE invitations SET accept_time_us = $2, accepted_by_person_id = $3 WHERE id = $1",
      Params::Of(id, Micros(accept_time), person_id), absl::StrCat("invitation ", id));
}

// ---- Qualifications

absl::StatusOr<QualificationType> PgRegistryTransaction::GetQualificationType(
    const std::string& id) {
  LP_ASSIGN_OR_RETURN(Result rows, Query(absl::StrCat("SELECT ", kQualificationTypeColumns,
                                                      " FROM qualification_types WHERE id = $1"),
                                         Params::Of(id)));
  std::optional<QualificationType> found = First<QualificationType>(rows, ReadQualificationType);
  if (!found) return absl::NotFoundError(absl::StrCat("qualification type ", id, " not found"));
  return *std::move(found);
}

absl::StatusOr<std::optional<QualificationType>> PgRegistryTransaction::FindQualificationTypeByCode(
    const std::string& issuer_organization_id, const std::string& code) {
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query(absl::StrCat("SELECT ", kQualificationTypeColumns,
                                         " FROM qualification_types"
                                         " WHERE issuer_organization_id = $1 AND code = $2"),
                            Params::Of(issuer_organization_id, code)));
  return First<QualificationType>(rows, ReadQualificationType);
}

absl::Status PgRegistryTransaction::InsertQualificationType(const QualificationType& type) {
  return Change(
             absl::StrCat("INSERT INTO qualification_types (", kQualificationTypeColumns,
                          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"),
             Params::Of(type.id, type.issuer_organization_id, type.code, type.name_nl, type.name_en,
                        type.description, type.validity_months, Micros(type.create_time)))
      .status();
}

absl::StatusOr<std::vector<QualificationType>> PgRegistryTransaction::ListQualificationTypes(
    const std::string& issuer_organization_id, const std::optional<KeysetCursor>& after,
    int limit) {
  Params params = Params::Of(issuer_organization_id);
  AddCursor(params, after);
  params.Add(limit);
  LP_ASSIGN_OR_RETURN(Result rows,
                      Query(absl::StrCat("SELECT ", kQualificationTypeColumns,
                                         " FROM qualification_types"
                                         " WHERE ($1::text = '' OR issuer_organization_id = $1)"
                                         "   AND ($2::text IS NULL OR (code, id) > ($2, $3::text))"
                                         " ORDER BY code, id LIMIT $4"),
                            params));
  return Collect<QualificationType>(rows, ReadQualificationType);
}

absl::StatusOr<Qualification> PgRegistryTransaction::GetQualification(const std::string& id) {
  LP_ASSIGN_OR_RETURN(Result rows, Query(absl::StrCat("SELECT ", kQualificationColumns,
                                                      " FROM qualifications WHERE id = $1"),
                                         Params::Of(id)));
  std::optional<Qualification> found = First<Qualification>(rows, ReadQualification);
  if (!found) return absl::NotFoundError(absl::StrCat("qualification ", id, " not found"));
  return *std::move(found);
}

absl::Status PgRegistryTransaction::InsertQualification(const Qualification& qualification) {
  std::optional<std::string> expiry;
  if (qualification.expiry_date) expiry = DayText(*qualification.expiry_date);
  return Change(absl::StrCat("INSERT INTO qualifications (", kQualificationColumns,
                             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"),
                Params::Of(qualification.id, qualification.qualification_type_id,
                           qualification.person_id, DayText(qualification.issue_date), expiry,
                           qualification.issued_by_person_id, qualification.revoked,
                           qualification.revocation_reason, Micros(qualification.create_time),
                           OptionalMicros(qualification.revoke_time)))
      .status();
}

absl::Status PgRegistryTransaction::MarkQualificationRevoked(const std::string& id,
                                                             const std::string& reason,
                                                             absl::Time revoke_time) {
  return ChangeOne(
      "UPDATE qualifications SET revoked = true, revocation_reason = $2, revoke_time_us = $3 "
      "WHERE id = $1",
      Params::Of(id, reason, Micros(revoke_time)), absl::StrCat("qualification ", id));
}

absl::StatusOr<std::vector<Qualification>> PgRegistryTransaction::ListQualificationsOfPerson(
    const std::string& person_id) {
  LP_ASSIGN_OR_RETURN(Result rows, Query(absl::StrCat("SELECT ", kQualificationColumns,
                                                      " FROM qualifications WHERE person_id = $1"
                                                      " ORDER BY issue_date, id"),
                                         Params::Of(person_id)));
  return Collect<Qualification>(rows, ReadQualification);
}

}  // namespace leerpool::registry::pg_internal
