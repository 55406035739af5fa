// People, their memberships and roles, and invitations.

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/auth/secrets.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"
#include "services/registry/core/internal.h"
#include "services/registry/core/registry.h"

namespace leerpool::registry {
namespace {

using internal::FieldError;
using internal::JsonObject;

constexpr int kDefaultInvitationTtlHours = 168;
constexpr int kMaxInvitationTtlHours = 720;

// Refuses to leave an organisation without anyone who can manage its people.
absl::Status KeepAnAdmin(RegistryTransaction& tx, const Membership& membership,
                         const std::string& what) {
  if (!membership.roles.contains(Role::kOrgAdmin)) return absl::OkStatus();
  LP_ASSIGN_OR_RETURN(const int admins,
                      tx.CountMembersWithRole(membership.organization_id, Role::kOrgAdmin));
  if (admins > 1) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", what, " the last org_admin of organization ",
                   membership.organization_id, "; make another member org_admin first"));
}

absl::StatusOr<Membership> RequireMembership(RegistryTransaction& tx,
                                             const std::string& organization_id,
                                             const std::string& person_id) {
  LP_ASSIGN_OR_RETURN(std::optional<Membership> membership,
                      tx.FindMembership(organization_id, person_id));
  if (!membership) {
    return absl::NotFoundError(
        absl::StrCat("person ", person_id, " is not a member of organization ", organization_id));
  }
  return *std::move(membership);
}

}  // namespace

absl::StatusOr<Me> Registry::GetMe(const auth::Caller& caller) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "see your account"));
  if (caller.person_id.empty()) {
    return absl::PermissionDeniedError("an API key has no account; GetMe needs a person");
  }
  Me me;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_RETURN_IF_ERROR(internal::ResolveCaller(tx, caller).status());
    LP_ASSIGN_OR_RETURN(me.person, tx.GetPerson(caller.person_id));
    LP_ASSIGN_OR_RETURN(me.memberships, tx.ListMembershipsOfPerson(caller.person_id));
    return absl::OkStatus();
  }));
  return me;
}

absl::StatusOr<Person> Registry::GetPerson(const auth::Caller& caller,
                                           const std::string& person_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "see people"));
  LP_RETURN_IF_ERROR(internal::CheckId("person_id", person_id));
  Person person;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    if (actor.person_id != person_id && !actor.platform_admin) {
      // Decided from the memberships alone, so an unknown id and someone else's id look the
      // same to a caller who may see neither.
      LP_ASSIGN_OR_RETURN(const std::vector<Membership> memberships,
                          tx.ListMembershipsOfPerson(person_id));
      if (!internal::SharesOrganization(actor, memberships)) {
        return absl::PermissionDeniedError(
            absl::StrCat("not allowed to see person ", person_id, ": you share no organisation"));
      }
    }
    LP_ASSIGN_OR_RETURN(person, tx.GetPerson(person_id));
    return absl::OkStatus();
  }));
  return person;
}

absl::StatusOr<Invitation> Registry::CreateInvitation(const auth::Caller& caller,
                                                      const CreateInvitationRequest& request) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "invite people"));
  LP_RETURN_IF_ERROR(internal::CheckId("organization_id", request.organization_id));
  Invitation invitation;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_ASSIGN_OR_RETURN(const Organization organization,
                        tx.GetOrganization(request.organization_id));
    LP_RETURN_IF_ERROR(
        auth::RequireRole(actor, organization.id, {Role::kOrgAdmin}, "invite people"));
    const std::string email = internal::NormalizeEmail(request.email);
    LP_RETURN_IF_ERROR(internal::CheckEmail("email", email));
    LP_RETURN_IF_ERROR(internal::CheckRoles("roles", request.roles));
    const int ttl_hours = request.ttl_hours == 0 ? kDefaultInvitationTtlHours : request.ttl_hours;
    if (ttl_hours < 1 || ttl_hours > kMaxInvitationTtlHours) {
      return FieldError("ttl_hours",
                        absl::StrCat("must be between 1 and ", kMaxInvitationTtlHours));
    }
    LP_ASSIGN_OR_RETURN(const std::optional<Person> existing, tx.FindPersonByEmail(email));
    if (existing) {
      LP_ASSIGN_OR_RETURN(const std::optional<Membership> membership,
                          tx.FindMembership(organization.id, existing->id));
      if (membership) {
        return absl::AlreadyExistsError(
            absl::StrCat(email, " is already a member of ", organization.name));
      }
    }
    const absl::Time now = clock_.Now();
    invitation.id = NewId("inv");
    invitation.organization_id = organization.id;
    invitation.email = email;
    invitation.roles = request.roles;
    invitation.token = auth::RandomToken();
    invitation.token_hash = auth::HashSecret(invitation.token);
    invitation.expire_time = now + absl::Hours(ttl_hours);
    invitation.invited_by_person_id = actor.person_id;
    invitation.create_time = now;
    LP_RETURN_IF_ERROR(tx.InsertInvitation(invitation));
    return internal::RecordAudit(tx, actor, now, organization.id, "invitation.create",
                                 invitation.id,
                                 JsonObject()
                                     .String("email", email)
                                     .Roles("roles", invitation.roles)
                                     .Int("ttl_hours", ttl_hours)
                                     .Build());
  }));
  return invitation;
}

absl::StatusOr<Session> Registry::AcceptInvitation(const auth::Caller& caller,
                                                   const AcceptInvitationRequest& request) {
  if (request.token.empty()) return FieldError("token", "must not be empty");
  const std::string token_hash = auth::HashSecret(request.token);

  // Checked before any password work, so a dead token costs nothing.
  auto usable = [&](const std::optional<Invitation>& invitation) -> absl::Status {
    if (!invitation) return absl::NotFoundError("no such invitation");
    if (invitation->accept_time) {
      return absl::FailedPreconditionError("invitation already used");
    }
    if (clock_.Now() >= invitation->expire_time) {
      return absl::FailedPreconditionError("invitation expired; ask for a new one");
    }
    return absl::OkStatus();
  };
  std::optional<Invitation> invitation;
  std::optional<Person> existing;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(invitation, tx.FindInvitationByTokenHash(token_hash));
    LP_RETURN_IF_ERROR(usable(invitation));
    LP_ASSIGN_OR_RETURN(existing, tx.FindPersonByEmail(invitation->email));
    return absl::OkStatus();
  }));

  // The slow Argon2 work happens outside any transaction, so it never holds the store.
  std::string password_hash;
  std::string attempt_id;
  Person person;
  if (existing) {
    // Proves the invitee owns the account before adding it to the organisation; counted by
    // the same brute-force limits as a sign-in.
    LP_ASSIGN_OR_RETURN(PasswordCheck check,
                        CheckPassword(invitation->email, request.password, caller.remote_address));
    person = *check.person;
    attempt_id = check.attempt_id;
  } else {
    LP_RETURN_IF_ERROR(internal::CheckNewPassword(request.password));
    LP_RETURN_IF_ERROR(
        internal::CheckLength("display_name", request.display_name, internal::kMaxNameBytes));
    LP_ASSIGN_OR_RETURN(person.locale, internal::ResolveLocale(request.locale));
    person.id = NewId("person");
    person.email = invitation->email;
    person.display_name = internal::IsBlank(request.display_name)
                              ? invitation->email.substr(0, invitation->email.find('@'))
                              : request.display_name;
    LP_ASSIGN_OR_RETURN(password_hash,
                        auth::HashPassword(request.password, options_.password_cost));
  }

  Session session;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    // Again inside the transaction: two concurrent accepts of one token must not both win.
    LP_ASSIGN_OR_RETURN(std::optional<Invitation> current,
                        tx.FindInvitationByTokenHash(token_hash));
    LP_RETURN_IF_ERROR(usable(current));
    const absl::Time now = clock_.Now();
    bool new_account = false;
    if (existing) {
      LP_RETURN_IF_ERROR(tx.DeleteLoginFailure(attempt_id));
      LP_ASSIGN_OR_RETURN(person, tx.GetPerson(person.id));
    } else {
      LP_ASSIGN_OR_RETURN(const std::optional<Person> raced, tx.FindPersonByEmail(current->email));
      if (raced) {
        return absl::AbortedError(
            "an account with this email was created meanwhile; accept again with its password");
      }
      person.create_time = now;
      LP_RETURN_IF_ERROR(tx.InsertPerson(person, password_hash));
      new_account = true;
    }
    LP_ASSIGN_OR_RETURN(std::optional<Membership> membership,
                        tx.FindMembership(current->organization_id, person.id));
    std::set<Role> roles = current->roles;
    if (membership) {
      roles.insert(membership->roles.begin(), membership->roles.end());
      LP_RETURN_IF_ERROR(tx.UpdateMembershipRoles(current->organization_id, person.id, roles));
    } else {
      Membership added;
      added.organization_id = current->organization_id;
      added.person_id = person.id;
      added.roles = roles;
      added.add_time = now;
      LP_RETURN_IF_ERROR(tx.InsertMembership(added));
    }
    LP_RETURN_IF_ERROR(tx.MarkInvitationAccepted(current->id, person.id, now));
    auth::Caller actor;
    actor.person_id = person.id;
    LP_RETURN_IF_ERROR(internal::RecordAudit(tx, actor, now, current->organization_id,
                                             "invitation.accept", current->id,
                                             JsonObject()
                                                 .String("person_id", person.id)
                                                 .String("email", person.email)
                                                 .Roles("roles", roles)
                                                 .Bool("new_account", new_account)
                                                 .Build()));
    LP_ASSIGN_OR_RETURN(session, StartSession(tx, person, now));
    // The inviting organisation first: clients act for the first membership after signing in,
    // and someone who already belonged elsewhere came to act for this one.
    std::stable_partition(
        session.memberships.begin(), session.memberships.end(),
        [&](const Membership& m) { return m.organization_id == current->organization_id; });
    return absl::OkStatus();
  }));
  return session;
}

absl::StatusOr<Member> Registry::AddMember(const auth::Caller& caller,
                                           const std::string& organization_id,
                                           const std::string& email, const std::set<Role>& roles) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "add members"));
  LP_RETURN_IF_ERROR(internal::CheckId("organization_id", organization_id));
  Member member;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_ASSIGN_OR_RETURN(const Organization organization, tx.GetOrganization(organization_id));
    LP_RETURN_IF_ERROR(auth::RequireRole(actor, organization.id, {Role::kOrgAdmin}, "add members"));
    const std::string normalized = internal::NormalizeEmail(email);
    LP_RETURN_IF_ERROR(internal::CheckEmail("email", normalized));
    LP_RETURN_IF_ERROR(internal::CheckRoles("roles", roles));
    LP_ASSIGN_OR_RETURN(std::optional<Person> person, tx.FindPersonByEmail(normalized));
    if (!person) {
      return absl::NotFoundError("email: no account with this email; send an invitation instead");
    }
    LP_ASSIGN_OR_RETURN(const std::optional<Membership> existing,
                        tx.FindMembership(organization.id, person->id));
    if (existing) {
      return absl::AlreadyExistsError(
          absl::StrCat(normalized, " is already a member of ", organization.name));
    }
    Membership membership;
    membership.organization_id = organization.id;
    membership.person_id = person->id;
    membership.roles = roles;
    membership.add_time = clock_.Now();
    LP_RETURN_IF_ERROR(tx.InsertMembership(membership));
    member = Member{organization.id, *std::move(person), roles, membership.add_time};
    return internal::RecordAudit(tx, actor, membership.add_time, organization.id, "member.add",
                                 member.person.id,
                                 JsonObject()
                                     .String("person_id", member.person.id)
                                     .String("email", member.person.email)
                                     .Roles("roles", roles)
                                     .Build());
  }));
  return member;
}

absl::StatusOr<MemberPage> Registry::ListMembers(const auth::Caller& caller,
                                                 const std::string& organization_id, int page_size,
                                                 const std::string& page_token) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "list members"));
  LP_RETURN_IF_ERROR(internal::CheckId("organization_id", organization_id));
  LP_ASSIGN_OR_RETURN(const internal::PageRequest page,
                      internal::ResolvePage(page_size, page_token));
  MemberPage result;
  LP_RETURN_IF_ERROR(store_.Read([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_RETURN_IF_ERROR(tx.GetOrganization(organization_id).status());
    if (!actor.platform_admin && !actor.IsMemberOf(organization_id)) {
      return absl::PermissionDeniedError(
          absl::StrCat("only members of organization ", organization_id, " may list its members"));
    }
    LP_ASSIGN_OR_RETURN(result.members,
                        tx.ListMembers(organization_id, page.after, page.limit + 1));
    return absl::OkStatus();
  }));
  result.next_page_token = internal::FinishPage(result.members, page.limit, [](const Member& m) {
    return KeysetCursor{m.person.email, m.person.id};
  });
  return result;
}

absl::StatusOr<Member> Registry::UpdateMember(const auth::Caller& caller,
                                              const std::string& organization_id,
                                              const std::string& person_id,
                                              const std::set<Role>& roles) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "change members' roles"));
  LP_RETURN_IF_ERROR(internal::CheckId("organization_id", organization_id));
  LP_RETURN_IF_ERROR(internal::CheckId("person_id", person_id));
  Member member;
  LP_RETURN_IF_ERROR(store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_RETURN_IF_ERROR(tx.GetOrganization(organization_id).status());
    LP_RETURN_IF_ERROR(
        auth::RequireRole(actor, organization_id, {Role::kOrgAdmin}, "change members' roles"));
    LP_RETURN_IF_ERROR(internal::CheckRoles("roles", roles));
    LP_ASSIGN_OR_RETURN(const Membership membership,
                        RequireMembership(tx, organization_id, person_id));
    if (!roles.contains(Role::kOrgAdmin)) {
      LP_RETURN_IF_ERROR(KeepAnAdmin(tx, membership, "demote"));
    }
    LP_RETURN_IF_ERROR(tx.UpdateMembershipRoles(organization_id, person_id, roles));
    LP_ASSIGN_OR_RETURN(Person person, tx.GetPerson(person_id));
    member = Member{organization_id, std::move(person), roles, membership.add_time};
    return internal::RecordAudit(tx, actor, clock_.Now(), organization_id, "member.update",
                                 person_id,
                                 JsonObject()
                                     .String("person_id", person_id)
                                     .Roles("previous_roles", membership.roles)
                                     .Roles("roles", roles)
                                     .Build());
  }));
  return member;
}

absl::Status Registry::RemoveMember(const auth::Caller& caller, const std::string& organization_id,
                                    const std::string& person_id) {
  LP_RETURN_IF_ERROR(auth::RequireSignedIn(caller, "remove members"));
  LP_RETURN_IF_ERROR(internal::CheckId("organization_id", organization_id));
  LP_RETURN_IF_ERROR(internal::CheckId("person_id", person_id));
  return store_.Transact([&](RegistryTransaction& tx) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const auth::Caller actor, internal::ResolveCaller(tx, caller));
    LP_RETURN_IF_ERROR(tx.GetOrganization(organization_id).status());
    LP_RETURN_IF_ERROR(
        auth::RequireRole(actor, organization_id, {Role::kOrgAdmin}, "remove members"));
    LP_ASSIGN_OR_RETURN(const Membership membership,
                        RequireMembership(tx, organization_id, person_id));
    LP_RETURN_IF_ERROR(KeepAnAdmin(tx, membership, "remove"));
    LP_RETURN_IF_ERROR(tx.DeleteMembership(organization_id, person_id));
    return internal::RecordAudit(tx, actor, clock_.Now(), organization_id, "member.remove",
                                 person_id,
                                 JsonObject()
                                     .String("person_id", person_id)
                                     .Roles("previous_roles", membership.roles)
                                     .Build());
  });
}

}  // namespace leerpool::registry
