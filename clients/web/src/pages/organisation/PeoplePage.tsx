// "Our people": the members of the organisation the person acts for, with their roles and the
// qualifications they hold (recognised by every owner and checked when they are the responsible
// person of a reservation). Administrators change roles, remove members and invite people: the
// invitation link is shown to send on, since Leerpool sends no email itself.
// GET/PATCH/DELETE /v1/organizations/{id}/members[/{person}], POST .../invitations,
// GET /v1/people/{person}/qualifications, GET /v1/qualificationTypes.
import { useState, type FormEvent } from 'react';
import { firstPages } from '../../api';
import { ErrorNote, Field, Loading, PageTitle, errorText, useAction, useLoad } from '../../components/ui';
import { defineMessages, useFormat, useLang, useT } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import { CopyField } from '../owner/calendarsCopy';
import { ConfirmButton } from '../owner/listingShared';
import { ROLES, isoDate, qualificationName, todayIso, useQualificationTypes, type Qualification } from './common';
import './organisation.css';

const messages = defineMessages({
  en: {
    title: 'Our people',
    intro: 'Everyone who acts for {org}: what they may do here, and the qualifications they hold. Owners check those qualifications when one of them is the responsible person of a reservation.',
    notAdmin: 'Only administrators of the organisation can change roles and invite people.',
    toQualifications: 'Qualifications we issue',
    toNetworks: 'Networks',
    toDetails: 'Organisation details',
    toAccess: 'Keys and history',
    related: 'More about the organisation',
    person: 'Person',
    roles: 'Roles',
    qualifications: 'Qualifications',
    since: 'Member since',
    none: 'none',
    saveRoles: 'Save roles of {name}',
    saved: 'Roles saved.',
    remove: 'Remove',
    removeQuestion: 'Remove {name} from the organisation?',
    yes: 'Yes, remove',
    no: 'Cancel',
    removed: '{name} is no longer a member.',
    needRole: 'Choose at least one role.',
    you: '(you)',
    validUntil: 'valid until {date}',
    noExpiry: 'no expiry',
    revoked: 'revoked',
    expired: 'expired {date}',
    revokeShort: 'Revoke',
    revokeQualification: 'Revoke {what} of {name}',
    revokeReason: 'Why {what} of {name} is revoked',
    needReason: 'Give the reason; it is kept with the record.',
    yesRevoke: 'Yes, revoke',
    invite: 'Invite someone',
    inviteIntro: 'They get a link to join with these roles; someone who already has an account joins with it. The link works once and for the days you choose.',
    email: 'Email address',
    days: 'Link valid for (days)',
    daysHint: '1 to 30.',
    send: 'Create the invitation',
    sending: 'Creating…',
    needEmail: 'Type an email address.',
    needDays: 'A whole number of days from 1 to 30.',
    link: 'Invitation link for {email}',
    linkHint: 'Send this link to {email} yourself; it is shown only now.',
    more: 'Show more',
    ROLE_ORG_ADMIN: 'Administrator',
    ROLE_COORDINATOR: 'Coordinator (books)',
    ROLE_INSTRUCTOR: 'Instructor (responsible person)',
    ROLE_ANALYST: 'Analyst (statistics)',
  },
  nl: {
    title: 'Onze mensen',
    intro: 'Iedereen die namens {org} handelt: wat zij hier mogen, en de kwalificaties die zij hebben. Eigenaars controleren die kwalificaties wanneer iemand verantwoordelijke van een reservering is.',
    notAdmin: 'Alleen beheerders van de organisatie kunnen rollen wijzigen en mensen uitnodigen.',
    toQualifications: 'Kwalificaties die wij uitreiken',
    toNetworks: 'Netwerken',
    toDetails: 'Gegevens van de organisatie',
    toAccess: 'Sleutels en geschiedenis',
    related: 'Meer over de organisatie',
    person: 'Persoon',
    roles: 'Rollen',
    qualifications: 'Kwalificaties',
    since: 'Lid sinds',
    none: 'geen',
    saveRoles: 'Rollen van {name} opslaan',
    saved: 'Rollen opgeslagen.',
    remove: 'Verwijderen',
    removeQuestion: '{name} uit de organisatie verwijderen?',
    yes: 'Ja, verwijderen',
    no: 'Annuleren',
    removed: '{name} is geen lid meer.',
    needRole: 'Kies minstens één rol.',
    you: '(u)',
    validUntil: 'geldig tot {date}',
    noExpiry: 'verloopt niet',
    revoked: 'ingetrokken',
    expired: 'verlopen {date}',
    revokeShort: 'Intrekken',
    revokeQualification: '{what} van {name} intrekken',
    revokeReason: 'Waarom {what} van {name} wordt ingetrokken',
    needReason: 'Geef de reden; die blijft bij de registratie bewaard.',
    yesRevoke: 'Ja, intrekken',
    invite: 'Iemand uitnodigen',
    inviteIntro: 'Zij krijgen een link om met deze rollen lid te worden; wie al een account heeft, gebruikt dat. De link werkt één keer en zolang u kiest.',
    email: 'E-mailadres',
    days: 'Link geldig (dagen)',
    daysHint: '1 tot 30.',
    send: 'Uitnodiging maken',
    sending: 'Bezig…',
    needEmail: 'Typ een e-mailadres.',
    needDays: 'Een geheel aantal dagen van 1 tot 30.',
    link: 'Uitnodigingslink voor {email}',
    linkHint: 'Stuur deze link zelf naar {email}; hij wordt alleen nu getoond.',
    more: 'Meer tonen',
    ROLE_ORG_ADMIN: 'Beheerder',
    ROLE_COORDINATOR: 'Coördinator (reserveert)',
    ROLE_INSTRUCTOR: 'Instructeur (verantwoordelijke)',
    ROLE_ANALYST: 'Analist (statistieken)',
  },
});

type RoleKey = (typeof ROLES)[number];

interface Member {
  person: { id: string; email?: string; displayName?: string };
  roles?: string[];
  addTime?: string;
}

export function PeoplePage() {
  const t = useT(messages);
  const fmt = useFormat();
  const { lang } = useLang();
  const { session, api, hasRole, orgAdmin: isAdmin, organizationName: orgName } = useSession();
  const org = session?.organizationId ?? '';
  // The organisation's administrators and instructors issue and revoke its qualifications.
  const mayIssue = isAdmin || hasRole('ROLE_INSTRUCTOR');
  const types = useQualificationTypes(api);
  const [pages, setPages] = useState(1);
  const [message, setMessage] = useState('');
  const members = useLoad(
    () => firstPages<Member>(api, `/v1/organizations/${encodeURIComponent(org)}/members`, 'members', { pageSize: 100 }, pages),
    [org, pages],
  );

  return (
    <section className="org-page">
      <PageTitle>{t('title')}</PageTitle>
      <p className="muted">{t('intro', { org: orgName })}</p>
      {!isAdmin && <p className="notice">{t('notAdmin')}</p>}
      <nav aria-label={t('related')}>
        <ul className="org-links">
          <li>
            <a href={href('/organisation')}>{t('toDetails')}</a>
          </li>
          <li>
            <a href={href('/qualifications')}>{t('toQualifications')}</a>
          </li>
          <li>
            <a href={href('/networks')}>{t('toNetworks')}</a>
          </li>
          {isAdmin && (
            <li>
              <a href={href('/access')}>{t('toAccess')}</a>
            </li>
          )}
        </ul>
      </nav>
      <p role="status" aria-live="polite" className="org-saved">
        {message}
      </p>
      {members.error !== undefined && <ErrorNote errors={[errorText(members.error)]} onRetry={members.reload} />}
      {members.loading && !members.data && <Loading />}
      {members.data && (
        <table className="org-table">
          <caption className="visually-hidden">{t('title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('person')}</th>
              <th scope="col">{t('roles')}</th>
              <th scope="col">{t('qualifications')}</th>
              <th scope="col">{t('since')}</th>
            </tr>
          </thead>
          <tbody>
            {members.data.all.map((m) => (
              <MemberRow
                key={m.person.id}
                member={m}
                org={org}
                editable={isAdmin}
                self={m.person.id === session?.person.id}
                typeName={(id) => qualificationName(types.data, id, lang)}
                mayRevoke={(typeId) => mayIssue && (types.data ?? []).some((q) => q.id === typeId && q.issuerOrganizationId === org)}
                since={fmt.date(m.addTime)}
                onRemoved={(name) => {
                  setMessage(t('removed', { name }));
                  members.reload();
                }}
              />
            ))}
          </tbody>
        </table>
      )}
      {members.data?.next && !members.loading && (
        <button type="button" className="secondary" onClick={() => setPages((p) => p + 1)}>
          {t('more')}
        </button>
      )}
      {isAdmin && <InviteForm org={org} />}
    </section>
  );
}

function MemberRow(props: {
  member: Member;
  org: string;
  editable: boolean;
  self: boolean;
  typeName: (id: string) => string;
  mayRevoke: (qualificationTypeId: string) => boolean;
  since: string;
  onRemoved: (name: string) => void;
}) {
  const t = useT(messages);
  const fmt = useFormat();
  const { api, reloadMemberships } = useSession();
  const { member } = props;
  const name = member.person.displayName || member.person.email || member.person.id;
  const [roles, setRoles] = useState<string[]>(member.roles ?? []);
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState('');
  const save = useAction();
  const remove = useAction();
  const revoke = useAction();
  const qualifications = useLoad(
    () =>
      api
        .get<{ qualifications?: Qualification[] }>(`/v1/people/${encodeURIComponent(member.person.id)}/qualifications`)
        .then((r) => r.qualifications ?? []),
    [member.person.id],
  );
  const today = todayIso();
  const validity = (q: Qualification) => {
    const expiry = isoDate(q.expiryDate);
    if (q.revoked) return t('revoked');
    if (!expiry) return t('noExpiry');
    const shown = fmt.date(`${expiry}T12:00:00Z`);
    return expiry < today ? t('expired', { date: shown }) : t('validUntil', { date: shown });
  };
  const changed = [...roles].sort().join() !== [...(member.roles ?? [])].sort().join();
  const path = `/v1/organizations/${encodeURIComponent(props.org)}/members/${encodeURIComponent(member.person.id)}`;

  async function saveRoles() {
    setSaved(false);
    if (!roles.length) {
      setProblem(t('needRole'));
      return;
    }
    setProblem('');
    const result = await save.run(() => api.patch<Member>(path, { roles }));
    if (result) {
      member.roles = result.roles ?? roles;
      setSaved(true);
      // Their own roles changed: what the pages offer them must follow.
      if (props.self) await reloadMemberships().catch(() => undefined);
    }
  }

  async function revokeQualification(q: Qualification, reason: string) {
    const ok = await revoke.run(() => api.post(`/v1/qualifications/${encodeURIComponent(q.id)}:revoke`, { reason }).then(() => true));
    if (ok) qualifications.reload();
  }

  async function removeMember() {
    const ok = await remove.run(() => api.del(path).then(() => true));
    if (ok) props.onRemoved(name);
  }

  return (
    <tr>
      <th scope="row">
        <div>
          {name} {props.self && <span className="muted">{t('you')}</span>}
        </div>
        {member.person.displayName && member.person.email && <div className="muted">{member.person.email}</div>}
      </th>
      <td data-label={t('roles')}>
        {props.editable ? (
          <fieldset className="org-roles">
            <legend className="visually-hidden">{t('roles')}: {name}</legend>
            {ROLES.map((role) => (
              <label key={role} className="org-check">
                <input
                  type="checkbox"
                  checked={roles.includes(role)}
                  onChange={(e) => {
                    setSaved(false);
                    setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role));
                  }}
                />{' '}
                {t(role as RoleKey)}
              </label>
            ))}
            {problem && <p className="field-errors" role="alert">{problem}</p>}
            <ErrorNote errors={save.unclaimed([])} />
            <div className="row org-actions">
              <button type="button" className="secondary" disabled={!changed || save.busy} onClick={() => void saveRoles()}>
                {t('saveRoles', { name })}
              </button>
              {!props.self && (
                <ConfirmButton label={t('remove')} question={t('removeQuestion', { name })} yes={t('yes')} no={t('no')} danger disabled={remove.busy} onConfirm={() => void removeMember()} />
              )}
              <span role="status" aria-live="polite" className="org-saved">
                {saved ? t('saved') : ''}
              </span>
            </div>
            <ErrorNote errors={remove.unclaimed([])} />
          </fieldset>
        ) : (
          (member.roles ?? []).map((r) => t(r as RoleKey)).join(', ')
        )}
      </td>
      <td data-label={t('qualifications')}>
        {qualifications.error !== undefined && <span className="muted">—</span>}
        {qualifications.data && qualifications.data.length === 0 && <span className="muted">{t('none')}</span>}
        {qualifications.data && qualifications.data.length > 0 && (
          <ul className="org-quals">
            {qualifications.data.map((q) => (
              <li key={q.id}>
                {props.typeName(q.qualificationTypeId)} <span className="muted">({validity(q)})</span>
                {!q.revoked && props.mayRevoke(q.qualificationTypeId) && (
                  <RevokeQualification
                    what={props.typeName(q.qualificationTypeId)}
                    holder={name}
                    busy={revoke.busy}
                    onRevoke={(reason) => void revokeQualification(q, reason)}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
        <ErrorNote errors={revoke.unclaimed([])} />
      </td>
      <td data-label={t('since')}>{props.since}</td>
    </tr>
  );
}

// "Revoke", then the reason (the registry keeps it with the record) and a confirmation.
function RevokeQualification(props: { what: string; holder: string; busy: boolean; onRevoke: (reason: string) => void }) {
  const t = useT(messages);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState('');
  const names = { what: props.what, name: props.holder };
  if (!asking) {
    return (
      <button type="button" className="danger" aria-label={t('revokeQualification', names)} onClick={() => setAsking(true)}>
        {t('revokeShort')}
      </button>
    );
  }
  return (
    <div className="owner-confirm" role="group" aria-label={t('revokeQualification', names)}>
      <Field label={t('revokeReason', names)} required errors={problem ? [problem] : []}>
        {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={reason} maxLength={500} autoFocus onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button
        type="button"
        className="danger"
        disabled={props.busy}
        onClick={() => {
          if (!reason.trim()) return setProblem(t('needReason'));
          setAsking(false);
          props.onRevoke(reason.trim());
        }}
      >
        {t('yesRevoke')}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        {t('no')}
      </button>
    </div>
  );
}

function InviteForm({ org }: { org: string }) {
  const t = useT(messages);
  const { api } = useSession();
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<string[]>(['ROLE_COORDINATOR']);
  const [days, setDays] = useState('7');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ email: string; link: string } | null>(null);
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    const problems: Record<string, string> = {};
    const n = Number(days.trim());
    if (!email.trim()) problems.email = t('needEmail');
    if (!roles.length) problems.roles = t('needRole');
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 30) problems.ttl_hours = t('needDays');
    setLocal(problems);
    if (Object.keys(problems).length) {
      action.clear();
      return;
    }
    const invitation = await action.run(() =>
      api.post<{ token: string; email: string }>(`/v1/organizations/${encodeURIComponent(org)}/invitations`, {
        email: email.trim(),
        roles,
        ttlHours: n * 24,
      }),
    );
    if (invitation) {
      const link = `${window.location.origin}${window.location.pathname}#/invite?token=${encodeURIComponent(invitation.token)}`;
      setCreated({ email: invitation.email || email.trim(), link });
      setEmail('');
    }
  }

  const errors = (field: string) => [...(local[field] ? [local[field]] : []), ...action.forField(field)];

  return (
    <form onSubmit={submit} noValidate className="org-form" aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t('invite')}</h2>
      <p className="hint">{t('inviteIntro')}</p>
      <div className="row">
        <Field label={t('email')} required errors={errors('email')}>
          {(f) => <input id={f.id} type="email" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={email} autoComplete="off" onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t('days')} hint={t('daysHint')} errors={errors('ttl_hours')}>
          {(f) => <input id={f.id} inputMode="numeric" className="org-num" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={days} onChange={(e) => setDays(e.target.value)} />}
        </Field>
      </div>
      <fieldset>
        <legend>{t('roles')}</legend>
        <ErrorNote errors={errors('roles')} />
        {ROLES.map((role) => (
          <label key={role} className="org-check">
            <input type="checkbox" checked={roles.includes(role)} onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))} /> {t(role as RoleKey)}
          </label>
        ))}
      </fieldset>
      <ErrorNote errors={action.unclaimed(['email', 'roles', 'ttl_hours'])} />
      <button type="submit" disabled={action.busy}>
        {action.busy ? t('sending') : t('send')}
      </button>
      {created && (
        <div className="org-link" role="status">
          <CopyField label={t('link', { email: created.email })} value={created.link} />
          <p className="hint">{t('linkHint', { email: created.email })}</p>
        </div>
      )}
    </form>
  );
}
