// "Keys and history", for an organisation's administrators: API keys for the organisation's
// own systems (a timetable or an LMS that books through the API with one role), and the
// registry's audit trail of changes to the organisation, who made them and when.
// GET/POST /v1/organizations/{id}/apiKeys, POST .../apiKeys/{key}:revoke, GET /v1/auditEvents.
import { useState, type FormEvent } from 'react';
import { firstPages } from '../../api';
import { ErrorNote, Field, Loading, PageTitle, errorText, useAction, useLoad } from '../../components/ui';
import { defineMessages, useFormat, useT } from '../../i18n';
import { useSession } from '../../session';
import { CopyField } from '../owner/calendarsCopy';
import { ConfirmButton } from '../owner/listingShared';
import { ROLES } from './common';
import './organisation.css';

const messages = defineMessages({
  en: {
    title: 'Keys and history',
    intro: 'API keys let your organisation’s own systems use Leerpool with one role; the history lists every change to your organisation, its people and its keys.',
    notAdmin: 'Only administrators of the organisation can see and manage this.',
    keys: 'API keys',
    keyName: 'Name',
    role: 'Role',
    created: 'Created',
    lastUse: 'Last used',
    never: 'never',
    state: 'State',
    active: 'active',
    revokedState: 'revoked',
    noKeys: 'No API keys yet.',
    revoke: 'Revoke {name}',
    revokeQuestion: 'Revoke {name}? Systems using it stop working at once.',
    yes: 'Yes, revoke',
    no: 'Cancel',
    newKey: 'Create an API key',
    keyNameHint: 'What uses it, e.g. “Timetable sync”.',
    create: 'Create the key',
    creating: 'Creating…',
    needName: 'Give the key a name.',
    secret: 'Secret of {name}',
    secretHint: 'Copy it now: it is shown only once. Exchange it at POST /v1/auth/token for an access token.',
    history: 'History',
    when: 'When',
    who: 'Who',
    what: 'What',
    details: 'Details',
    noEvents: 'No changes recorded yet.',
    more: 'Show older changes',
    apiKey: 'API key {id}',
    system: 'system',
    ROLE_ORG_ADMIN: 'Administrator',
    ROLE_COORDINATOR: 'Coordinator',
    ROLE_INSTRUCTOR: 'Instructor',
    ROLE_ANALYST: 'Analyst',
  },
  nl: {
    title: 'Sleutels en geschiedenis',
    intro: 'Met API-sleutels gebruiken de eigen systemen van uw organisatie Leerpool met één rol; de geschiedenis toont elke wijziging aan uw organisatie, haar mensen en haar sleutels.',
    notAdmin: 'Alleen beheerders van de organisatie kunnen dit zien en beheren.',
    keys: 'API-sleutels',
    keyName: 'Naam',
    role: 'Rol',
    created: 'Aangemaakt',
    lastUse: 'Laatst gebruikt',
    never: 'nooit',
    state: 'Status',
    active: 'actief',
    revokedState: 'ingetrokken',
    noKeys: 'Nog geen API-sleutels.',
    revoke: '{name} intrekken',
    revokeQuestion: '{name} intrekken? Systemen die hem gebruiken, stoppen meteen.',
    yes: 'Ja, intrekken',
    no: 'Annuleren',
    newKey: 'Een API-sleutel maken',
    keyNameHint: 'Wat hem gebruikt, bijv. “Rooster-koppeling”.',
    create: 'Sleutel maken',
    creating: 'Bezig…',
    needName: 'Geef de sleutel een naam.',
    secret: 'Geheim van {name}',
    secretHint: 'Kopieer het nu: het wordt maar één keer getoond. Wissel het bij POST /v1/auth/token in voor een toegangstoken.',
    history: 'Geschiedenis',
    when: 'Wanneer',
    who: 'Wie',
    what: 'Wat',
    details: 'Details',
    noEvents: 'Nog geen wijzigingen vastgelegd.',
    more: 'Oudere wijzigingen tonen',
    apiKey: 'API-sleutel {id}',
    system: 'systeem',
    ROLE_ORG_ADMIN: 'Beheerder',
    ROLE_COORDINATOR: 'Coördinator',
    ROLE_INSTRUCTOR: 'Instructeur',
    ROLE_ANALYST: 'Analist',
  },
});

type RoleKey = (typeof ROLES)[number];

interface ApiKey {
  id: string;
  name: string;
  role?: string;
  secret?: string;
  createTime?: string;
  lastUseTime?: string;
  revoked?: boolean;
}

interface AuditEvent {
  id: string;
  time?: string;
  actorPersonId?: string;
  actorApiKeyId?: string;
  action: string;
  resourceId?: string;
  details?: string;
}

interface Member {
  person: { id: string; displayName?: string; email?: string };
}

export function AccessPage() {
  const t = useT(messages);
  const { session, orgAdmin: isAdmin } = useSession();
  const org = session?.organizationId ?? '';
  // Each change to the keys is a new event: the history reloads after one.
  const [changes, setChanges] = useState(0);
  return (
    <section className="org-page">
      <PageTitle>{t('title')}</PageTitle>
      <p className="muted">{t('intro')}</p>
      {!isAdmin ? (
        <p className="notice">{t('notAdmin')}</p>
      ) : (
        <>
          <Keys org={org} onChanged={() => setChanges((c) => c + 1)} />
          <History org={org} changes={changes} />
        </>
      )}
    </section>
  );
}

function Keys({ org, onChanged }: { org: string; onChanged: () => void }) {
  const t = useT(messages);
  const fmt = useFormat();
  const { api } = useSession();
  const path = `/v1/organizations/${encodeURIComponent(org)}/apiKeys`;
  const keys = useLoad(() => api.get<{ apiKeys?: ApiKey[] }>(path).then((r) => r.apiKeys ?? []), [org]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('ROLE_COORDINATOR');
  const [problem, setProblem] = useState('');
  const [created, setCreated] = useState<ApiKey | null>(null);
  const create = useAction();
  const revoke = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    if (!name.trim()) {
      setProblem(t('needName'));
      create.clear();
      return;
    }
    setProblem('');
    const key = await create.run(() => api.post<ApiKey>(path, { name: name.trim(), role }));
    if (key) {
      setCreated(key);
      setName('');
      keys.reload();
      onChanged();
    }
  }

  async function revokeKey(key: ApiKey) {
    const ok = await revoke.run(() => api.post(`${path}/${encodeURIComponent(key.id)}:revoke`, {}).then(() => true));
    if (ok) {
      keys.reload();
      onChanged();
    }
  }

  return (
    <section className="owner-section" aria-labelledby="keys-heading">
      <h2 id="keys-heading">{t('keys')}</h2>
      {keys.error !== undefined && <ErrorNote errors={[errorText(keys.error)]} onRetry={keys.reload} />}
      {keys.loading && !keys.data && <Loading />}
      {keys.data && keys.data.length === 0 && <p className="muted">{t('noKeys')}</p>}
      {keys.data && keys.data.length > 0 && (
        <table className="org-table">
          <caption className="visually-hidden">{t('keys')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('keyName')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('created')}</th>
              <th scope="col">{t('lastUse')}</th>
              <th scope="col">{t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.name}</th>
                <td data-label={t('role')}>{k.role && k.role in messages.en ? t(k.role as RoleKey) : k.role}</td>
                <td data-label={t('created')}>{fmt.dateTime(k.createTime)}</td>
                <td data-label={t('lastUse')}>{k.lastUseTime ? fmt.dateTime(k.lastUseTime) : t('never')}</td>
                <td data-label={t('state')}>
                  {k.revoked ? (
                    t('revokedState')
                  ) : (
                    <span className="row org-actions">
                      {t('active')}
                      <ConfirmButton label={t('revoke', { name: k.name })} question={t('revokeQuestion', { name: k.name })} yes={t('yes')} no={t('no')} danger disabled={revoke.busy} onConfirm={() => void revokeKey(k)} />
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote errors={revoke.unclaimed([])} />
      <form onSubmit={submit} noValidate className="org-form" aria-labelledby="new-key-heading">
        <h3 id="new-key-heading">{t('newKey')}</h3>
        <div className="row">
          <Field label={t('keyName')} hint={t('keyNameHint')} required errors={[...(problem ? [problem] : []), ...create.forField('name')]}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t('role')} errors={create.forField('role')}>
            {(f) => (
              <select id={f.id} aria-describedby={f.describedBy} value={role} onChange={(e) => setRole(e.target.value)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(r as RoleKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <ErrorNote errors={create.unclaimed(['name', 'role'])} />
        <button type="submit" disabled={create.busy}>
          {create.busy ? t('creating') : t('create')}
        </button>
        {created?.secret && (
          <div className="org-link" role="status">
            <CopyField label={t('secret', { name: created.name })} value={created.secret} />
            <p className="hint">{t('secretHint')}</p>
          </div>
        )}
      </form>
    </section>
  );
}

function History({ org, changes }: { org: string; changes: number }) {
  const t = useT(messages);
  const fmt = useFormat();
  const { api } = useSession();
  const [pages, setPages] = useState(1);
  const events = useLoad(() => firstPages<AuditEvent>(api, '/v1/auditEvents', 'events', { organizationId: org, pageSize: 50 }, pages), [org, pages, changes]);
  // Names of the organisation's people for the "who" column; others show their id.
  const people = useLoad(
    () =>
      api
        .get<{ members?: Member[] }>(`/v1/organizations/${encodeURIComponent(org)}/members`, { pageSize: 200 })
        .then((r) => Object.fromEntries((r.members ?? []).map((m) => [m.person.id, m.person.displayName || m.person.email || m.person.id]))),
    [org],
  );
  const who = (e: AuditEvent) =>
    e.actorApiKeyId ? t('apiKey', { id: e.actorApiKeyId }) : e.actorPersonId ? (people.data?.[e.actorPersonId] ?? e.actorPersonId) : t('system');

  return (
    <section className="owner-section" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('history')}</h2>
      {events.error !== undefined && <ErrorNote errors={[errorText(events.error)]} onRetry={events.reload} />}
      {events.loading && !events.data && <Loading />}
      {events.data && events.data.all.length === 0 && <p className="muted">{t('noEvents')}</p>}
      {events.data && events.data.all.length > 0 && (
        <table className="org-table org-history">
          <caption className="visually-hidden">{t('history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('who')}</th>
              <th scope="col">{t('what')}</th>
              <th scope="col">{t('details')}</th>
            </tr>
          </thead>
          <tbody>
            {events.data.all.map((e) => (
              <tr key={e.id}>
                <th scope="row">{fmt.dateTime(e.time)}</th>
                <td data-label={t('who')}>{who(e)}</td>
                <td data-label={t('what')}>
                  <code>{e.action}</code> {e.resourceId && <span className="muted">{e.resourceId}</span>}
                </td>
                <td data-label={t('details')}>
                  <code className="org-details-json">{e.details && e.details !== '{}' ? e.details : '—'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {events.data?.next && !events.loading && (
        <button type="button" className="secondary" onClick={() => setPages((p) => p + 1)}>
          {t('more')}
        </button>
      )}
    </section>
  );
}
