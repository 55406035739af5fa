// People, memberships, invitations and qualifications.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/registry/sqlite/sqlite_registry_transaction.h"

namespace leerpool::registry::sqlite_internal {
namespace {

constexpr char kPersonColumns[] = "id, email, display_name, locale, platform_admin, create_time_us";

Person ReadPerson(const storage::Statement& row, int first = 0) {
  Person person;
  person.id = row.Text(first);
  person.email = row.Text(first + 1);
  person.display_name = row.Text(first + 2);
  person.locale = row.Text(first + 3);
  person.platform_admin = row.Int(first + 4) != 0;
  person.create_time = FromMicros(row.Int(first + 5));
  return person;
}

constexpr char kMembershipSelect[] =
    "SELECT m.organization_id, m.person_id, o.name, m.roles_mask, m.add_time_us"
    " FROM memberships m JOIN organizations o ON o.id = m.organization_id";

Membership ReadMembership(const storage::Statement& row) {
  Membership membership;
  membership.organization_id = row.Text(0);
  membership.person_id = row.Text(1);
  membership.organization_name = row.Text(2);
  membership.roles = RolesFromMask(row.Int(3));
  membership.add_time = FromMicros(row.Int(4));
  return membership;
}

constexpr char kInvitationColumns[] =
    "id, organization_id, email, roles_mask, token_hash, expire_time_us, invited_by_person_id, "
    "create_time_us, accept_time_us, accepted_by_person_id";

Invitation ReadInvitation(const storage::Statement& row) {
  Invitation invitation;
  invitation.id = row.Text(0);
  invitation.organization_id = row.Text(1);
  invitation.email = row.Text(2);
  invitation.roles = RolesFromMask(row.Int(3));
  invitation.token_hash = row.Text(4);
  invitation.expire_time = FromMicros(row.Int(5));
  invitation.invited_by_person_id = row.Text(6);
  invitation.create_time = FromMicros(row.Int(7));
  invitation.accept_time = OptionalTime(row, 8);
  invitation.accepted_by_person_id = row.OptionalText(9).value_or("");
  return invitation;
}

constexpr char kQualificationTypeColumns[] =
    "id, issuer_organization_id, code, name_nl, name_en, description, validity_months, "
    "create_time_us";

QualificationType ReadQualificationType(const storage::Statement& row) {
  QualificationType type;
  type.id = row.Text(0);
  type.issuer_organization_id = row.Text(1);
  type.code = row.Text(2);
  type.name_nl = row.Text(3);
  type.name_en = row.Text(4);
  type.description = row.Text(5);
  type.validity_months = static_cast<int>(row.Int(6));
  type.create_time = FromMicros(row.Int(7));
  return type;
}

constexpr char kQualificationColumns[] =
    "id, qualification_type_id, person_id, issue_date, expiry_date, issued_by_person_id, "
    "revoked, revocation_reason, create_time_us, revoke_time_us";

Qualification ReadQualification(const storage::Statement& row) {
  Qualification qualification;
  qualification.id = row.Text(0);
  qualification.qualification_type_id = row.Text(1);
  qualification.person_id = row.Text(2);
  qualification.issue_date = DayFromText(row.Text(3));
  if (!row.IsNull(4)) qualification.expiry_date = DayFromText(row.Text(4));
  qualification.issued_by_person_id = row.Text(5);
  qualification.revoked = row.Int(6) != 0;
  qualification.revocation_reason = row.Text(7);
  qualification.create_time = FromMicros(row.Int(8));
  qualification.revoke_time = OptionalTime(row, 9);
  return qualification;
}

}  // namespace

// ---- People

absl::StatusOr<Person> SqliteRegistryTransaction::GetPerson(const std::string& id) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query(absl::StrCat("SELECT ", kPersonColumns, " FROM people WHERE id = ?1")));
  select.Bind(1, id);
  LP_ASSIGN_OR_RETURN(std::optional<Person> found,
                      First<Person>(select, [](auto& row) { return ReadPerson(row); }));
  if (!found) return absl::NotFoundError(absl::StrCat("person ", id, " not found"));
  return *std::move(found);
}

absl::StatusOr<std::optional<Person>> SqliteRegistryTransaction::FindPersonByEmail(
    const std::string& email) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      Query(absl::StrCat("SELECT ", kPersonColumns, " FROM people WHERE email = ?1")));
  select.Bind(1, email);
  return First<Person>(select, [](auto& row) { return ReadPerson(row); });
}

absl::Status SqliteRegistryTransaction::InsertPerson(const Person& person,
                                                     const std::string& password_hash) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change("INSERT INTO people (id, email, display_name, locale, platform_admin, "
                             "password_hash, create_time_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  insert.BindAll(person.id, person.email, person.display_name, person.locale, person.platform_admin,
                 password_hash, Micros(person.create_time));
  return insert.Run();
}

absl::StatusOr<std::string> SqliteRegistryTransaction::GetPasswordHash(
    const std::string& person_id) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query("SELECT password_hash FROM people WHERE id = ?1"));
  select.Bind(1, person_id);
  LP_ASSIGN_OR_RETURN(std::optional<std::string> hash,
                      First<std::string>(select, [](auto& row) { return row.Text(0); }));
  if (!hash) return absl::NotFoundError(absl::StrCat("person ", person_id, " not found"));
  return *std::move(hash);
}

// ---- Memberships

absl::StatusOr<std::optional<Membership>> SqliteRegistryTransaction::FindMembership(
    const std::string& organization_id, const std::string& person_id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      Query(absl::StrCat(kMembershipSelect, " WHERE m.organization_id = ?1 AND m.person_id = ?2")));
  select.BindAll(organization_id, person_id);
  return First<Membership>(select, ReadMembership);
}

absl::Status SqliteRegistryTransaction::InsertMembership(const Membership& membership) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change("INSERT INTO memberships (organization_id, person_id, roles_mask, "
                             "add_time_us) VALUES (?1, ?2, ?3, ?4)"));
  insert.BindAll(membership.organization_id, membership.person_id, RolesMask(membership.roles),
                 Micros(membership.add_time));
  return insert.Run();
}

absl::Status SqliteRegistryTransaction::UpdateMembershipRoles(const std::string& organization_id,
                                                              const std::string& person_id,
                                                              const std::set<Role>& roles) {
  LP_ASSIGN_OR_RETURN(storage::Statement update,
                      Change("UPDATE memberships SET roles_mask = ?3"
                             " WHERE organization_id = ?1 AND person_id = ?2"));
  update.BindAll(organization_id, person_id, RolesMask(roles));
  return RunChangingOne(update, absl::StrCat("membership of person ", person_id,
                                             " in organization ", organization_id));
}

absl::Status SqliteRegistryTransaction::DeleteMembership(const std::string& organization_id,
                                                         const std::string& person_id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement remove,
      Change("DELETE FROM memberships WHERE organization_id = ?1 AND person_id = ?2"));
  remove.BindAll(organization_id, person_id);
  return RunChangingOne(remove, absl::StrCat("membership of person ", person_id,
                                             " in organization ", organization_id));
}

absl::StatusOr<std::vector<Membership>> SqliteRegistryTransaction::ListMembershipsOfPerson(
    const std::string& person_id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      Query(absl::StrCat(kMembershipSelect, " WHERE m.person_id = ?1 ORDER BY m.organization_id")));
  select.Bind(1, person_id);
  return Collect<Membership>(select, ReadMembership);
}

absl::StatusOr<std::vector<Member>> SqliteRegistryTransaction::ListMembers(
    const std::string& organization_id, const std::optional<KeysetCursor>& after, int limit) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      Query("SELECT p.id, p.email, p.display_name, p.locale, p.platform_admin, "
            "p.create_time_us, m.organization_id, m.roles_mask, m.add_time_us"
            " FROM memberships m JOIN people p ON p.id = m.person_id"
            " WHERE m.organization_id = ?1 AND (?2 IS NULL OR (p.email, p.id) > (?2, ?3))"
            " ORDER BY p.email, p.id LIMIT ?4"));
  select.Bind(1, organization_id).Bind(4, limit);
  BindCursor(select, 2, after);
  return Collect<Member>(select, [](const storage::Statement& row) {
    Member member;
    member.person = ReadPerson(row);
    member.organization_id = row.Text(6);
    member.roles = RolesFromMask(row.Int(7));
    member.add_time = FromMicros(row.Int(8));
    return member;
  });
}

absl::StatusOr<int> SqliteRegistryTransaction::CountMembersWithRole(
    const std::string& organization_id, Role role) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query("SELECT count(*) FROM memberships"
                            " WHERE organization_id = ?1 AND (roles_mask & ?2) != 0"));
  select.BindAll(organization_id, RolesMask({role}));
  LP_ASSIGN_OR_RETURN(std::optional<int> count,
                      First<int>(select, [](auto& row) { return static_cast<int>(row.Int(0)); }));
  return count.value_or(0);
}

// ---- Invitations

absl::Status SqliteRegistryTransaction::InsertInvitation(const Invitation& invitation) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change(absl::StrCat("INSERT INTO invitations (", kInvitationColumns,
                                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")));
  insert.BindAll(invitation.id, invitation.organization_id, invitation.email,
                 RolesMask(invitation.roles), invitation.token_hash, Micros(invitation.expire_time),
                 invitation.invited_by_person_id, Micros(invitation.create_time),
                 OptionalMicros(invitation.accept_time));
  if (invitation.accepted_by_person_id.empty()) {
    insert.BindNull(10);
  } else {
    insert.Bind(10, invitation.accepted_by_person_id);
  }
  return insert.Run();
}

absl::StatusOr<std::optional<Invitation>> SqliteRegistryTransaction::FindInvitationByTokenHash(
    const std::string& token_hash) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query(absl::StrCat("SELECT ", kInvitationColumns,
                                         " FROM invitations WHERE token_hash = ?1")));
  select.Bind(1, token_hash);
  return First<Invitation>(select, ReadInvitation);
}

absl::Status SqliteRegistryTransaction::MarkInvitationAccepted(const std::string& id,
                                                               const std::string& person_id,
                                                               absl::Time accept_time) {
  LP_ASSIGN_OR_RETURN(storage::Statement update,
                      Change("UPDATE invitations SET accept_time_us = ?2, "
                             "accepted_by_person_id = ?3 WHERE id = ?1"));
  update.BindAll(id, Micros(accept_time), person_id);
  return RunChangingOne(update, absl::StrCat("invitation ", id));
}

// ---- Qualifications

absl::StatusOr<QualificationType> SqliteRegistryTransaction::GetQualificationType(
    const std::string& id) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query(absl::StrCat("SELECT ", kQualificationTypeColumns,
                                         " FROM qualification_types WHERE id = ?1")));
  select.Bind(1, id);
  LP_ASSIGN_OR_RETURN(std::optional<QualificationType> found,
                      First<QualificationType>(select, ReadQualificationType));
  if (!found) return absl::NotFoundError(absl::StrCat("qualification type ", id, " not found"));
  return *std::move(found);
}

absl::StatusOr<std::optional<QualificationType>>
SqliteRegistryTransaction::FindQualificationTypeByCode(const std::string& issuer_organization_id,
                                                       const std::string& code) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query(absl::StrCat("SELECT ", kQualificationTypeColumns,
                                         " FROM qualification_types"
                                         " WHERE issuer_organization_id = ?1 AND code = ?2")));
  select.BindAll(issuer_organization_id, code);
  return First<QualificationType>(select, ReadQualificationType);
}

absl::Status SqliteRegistryTransaction::InsertQualificationType(const QualificationType& type) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement insert,
      Change(absl::StrCat("INSERT INTO qualification_types (", kQualificationTypeColumns,
                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")));
  insert.BindAll(type.id, type.issuer_organization_id, type.code, type.name_nl, type.name_en,
                 type.description, type.validity_months, Micros(type.create_time));
  return insert.Run();
}

absl::StatusOr<std::vector<QualificationType>> SqliteRegistryTransaction::ListQualificationTypes(
    const std::string& issuer_organization_id, const std::optional<KeysetCursor>& after,
    int limit) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query(absl::StrCat("SELECT ", kQualificationTypeColumns,
                                         " FROM qualification_types"
                                         " WHERE (?1 = '' OR issuer_organization_id = ?1)"
                                         "   AND (?2 IS NULL OR (code, id) > (?2, ?3))"
                                         " ORDER BY code, id LIMIT ?4")));
  select.Bind(1, issuer_organization_id).Bind(4, limit);
  BindCursor(select, 2, after);
  return Collect<QualificationType>(select, ReadQualificationType);
}

absl::StatusOr<Qualification> SqliteRegistryTransaction::GetQualification(const std::string& id) {
  LP_ASSIGN_OR_RETURN(
      storage::Statement select,
      Query(absl::StrCat("SELECT ", kQualificationColumns, " FROM qualifications WHERE id = ?1")));
  select.Bind(1, id);
  LP_ASSIGN_OR_RETURN(std::optional<Qualification> found,
                      First<Qualification>(select, ReadQualification));
  if (!found) return absl::NotFoundError(absl::StrCat("qualification ", id, " not found"));
  return *std::move(found);
}

absl::Status SqliteRegistryTransaction::InsertQualification(const Qualification& qualification) {
  LP_ASSIGN_OR_RETURN(storage::Statement insert,
                      Change(absl::StrCat("INSERT INTO qualifications (", kQualificationColumns,
                                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")));
  std::optional<std::string> expiry;
  if (qualification.expiry_date) expiry = DayText(*qualification.expiry_date);
  insert.BindAll(qualification.id, qualification.qualification_type_id, qualification.person_id,
                 DayText(qualification.issue_date), expiry, qualification.issued_by_person_id,
                 qualification.revoked, qualification.revocation_reason,
                 Micros(qualification.create_time), OptionalMicros(qualification.revoke_time));
  return insert.Run();
}

absl::Status SqliteRegistryTransaction::MarkQualificationRevoked(const std::string& id,
                                                                 const std::string& reason,
                                                                 absl::Time revoke_time) {
  LP_ASSIGN_OR_RETURN(storage::Statement update,
                      Change("UPDATE qualifications SET revoked = 1, revocation_reason = ?2, "
                             "revoke_time_us = ?3 WHERE id = ?1"));
  update.BindAll(id, reason, Micros(revoke_time));
  return RunChangingOne(update, absl::StrCat("qualification ", id));
}

absl::StatusOr<std::vector<Qualification>> SqliteRegistryTransaction::ListQualificationsOfPerson(
    const std::string& person_id) {
  LP_ASSIGN_OR_RETURN(storage::Statement select,
                      Query(absl::StrCat("SELECT ", kQualificationColumns,
                                         " FROM qualifications WHERE person_id = ?1"
                                         " ORDER BY issue_date, id")));
  select.Bind(1, person_id);
  return Collect<Qualification>(select, ReadQualification);
}

}  // namespace leerpool::registry::sqlite_internal
