// "Networks": the learning networks and equipment pools of the region, who runs them and who
// belongs to them. Owners can open a listing to a network's members in its sharing terms; a
// sector body or government that runs networks starts them here and manages who belongs.
// GET/POST /v1/networks, GET/POST/DELETE /v1/networks/{id}/members[/{org}],
// GET /v1/organizations[/{id}].
import { useState, type FormEvent } from 'react';
import { ErrorNote, Field, Loading, PageTitle, errorText, useAction, useLoad } from '../../components/ui';
import { defineMessages, useT } from '../../i18n';
import { allPages, type ApiClient } from '../../api';
import { useSession } from '../../session';
import { ConfirmButton } from '../owner/listingShared';
import './organisation.css';

const messages = defineMessages({
  en: {
    title: 'Networks',
    intro: 'Learning networks and equipment pools in the region. An owner can open a listing to the members of a network in its sharing terms.',
    network: 'Network',
    kind: 'Kind',
    runBy: 'Run by',
    members: 'Members',
    NETWORK_KIND_LEARNING_NETWORK: 'Learning network',
    NETWORK_KIND_POOL: 'Equipment pool',
    ours: 'we are a member',
    ourNetwork: 'we run it',
    none: 'No networks yet.',
    show: 'Show the members of {name}',
    hide: 'Hide the members of {name}',
    noMembers: 'No members yet.',
    remove: 'Remove',
    removeQuestion: 'Remove {name} from {network}?',
    yes: 'Yes, remove',
    no: 'Cancel',
    add: 'Add an organisation to {network}',
    find: 'Organisation name',
    findHint: 'Type part of the name, then choose.',
    search: 'Find',
    noMatch: 'No organisation with that name.',
    addNamed: 'Add {name}',
    already: 'member',
    start: 'Start a network',
    startIntro: 'Your organisation runs it and decides who belongs to it.',
    name: 'Name',
    description: 'Description',
    create: 'Start the network',
    creating: 'Starting…',
    needName: 'Give the network a name.',
    started: '{name} started.',
  },
  nl: {
    title: 'Netwerken',
    intro: 'Leernetwerken en uitleenpools in de regio. Een eigenaar kan aanbod in de voorwaarden openstellen voor de leden van een netwerk.',
    network: 'Netwerk',
    kind: 'Soort',
    runBy: 'Beheerd door',
    members: 'Leden',
    NETWORK_KIND_LEARNING_NETWORK: 'Leernetwerk',
    NETWORK_KIND_POOL: 'Uitleenpool',
    ours: 'wij zijn lid',
    ourNetwork: 'wij beheren het',
    none: 'Nog geen netwerken.',
    show: 'Leden van {name} tonen',
    hide: 'Leden van {name} verbergen',
    noMembers: 'Nog geen leden.',
    remove: 'Verwijderen',
    removeQuestion: '{name} uit {network} verwijderen?',
    yes: 'Ja, verwijderen',
    no: 'Annuleren',
    add: 'Een organisatie toevoegen aan {network}',
    find: 'Naam van de organisatie',
    findHint: 'Typ een deel van de naam en kies.',
    search: 'Zoeken',
    noMatch: 'Geen organisatie met die naam.',
    addNamed: '{name} toevoegen',
    already: 'lid',
    start: 'Een netwerk starten',
    startIntro: 'Uw organisatie beheert het en beslist wie erbij hoort.',
    name: 'Naam',
    description: 'Omschrijving',
    create: 'Netwerk starten',
    creating: 'Bezig…',
    needName: 'Geef het netwerk een naam.',
    started: '{name} gestart.',
  },
});

type Key = keyof typeof messages.en;

interface Network {
  id: string;
  name: string;
  description?: string;
  kind?: string;
  ownerOrganizationId: string;
  memberCount?: number;
}

interface NetworkMember {
  organizationId: string;
  organizationName?: string;
  country?: string;
}

interface Organization {
  id: string;
  name: string;
  kind?: string;
  country?: string;
}

function loadNetworks(api: ApiClient, memberOrganizationId?: string): Promise<Network[]> {
  return allPages<Network>(api, '/v1/networks', 'networks', { pageSize: 200, memberOrganizationId });
}

export function NetworksPage() {
  const t = useT(messages);
  const { session, api, orgAdmin: isAdmin } = useSession();
  const org = session?.organizationId ?? '';
  const data = useLoad(async () => {
    const [networks, mine, self] = await Promise.all([
      loadNetworks(api),
      loadNetworks(api, org),
      api.get<Organization>(`/v1/organizations/${encodeURIComponent(org)}`).catch(() => undefined),
    ]);
    const owners = [...new Set(networks.map((n) => n.ownerOrganizationId))];
    const names: Record<string, string> = {};
    await Promise.all(
      owners.map((id) =>
        api
          .get<Organization>(`/v1/organizations/${encodeURIComponent(id)}`)
          .then((o) => (names[id] = o.name))
          .catch(() => (names[id] = id)),
      ),
    );
    return { networks, memberOf: new Set(mine.map((n) => n.id)), names, mayRun: ['ORGANIZATION_KIND_SECTOR_BODY', 'ORGANIZATION_KIND_GOVERNMENT'].includes(self?.kind ?? '') };
  }, [org]);

  return (
    <section className="org-page">
      <PageTitle>{t('title')}</PageTitle>
      <p className="muted">{t('intro')}</p>
      {data.error !== undefined && <ErrorNote errors={[errorText(data.error)]} onRetry={data.reload} />}
      {data.loading && !data.data && <Loading />}
      {data.data && data.data.networks.length === 0 && <p className="notice">{t('none')}</p>}
      {data.data && data.data.networks.length > 0 && (
        <ul className="org-networks">
          {data.data.networks.map((n) => (
            <NetworkItem
              key={n.id}
              network={n}
              runBy={data.data!.names[n.ownerOrganizationId] ?? n.ownerOrganizationId}
              member={data.data!.memberOf.has(n.id)}
              manage={isAdmin && n.ownerOrganizationId === org}
              onChanged={data.reload}
            />
          ))}
        </ul>
      )}
      {isAdmin && data.data?.mayRun && <StartForm org={org} onStarted={data.reload} />}
    </section>
  );
}

function NetworkItem(props: { network: Network; runBy: string; member: boolean; manage: boolean; onChanged: () => void }) {
  const t = useT(messages);
  const { api } = useSession();
  const { network } = props;
  const [open, setOpen] = useState(false);
  const members = useLoad(
    () =>
      open
        ? allPages<NetworkMember>(api, `/v1/networks/${encodeURIComponent(network.id)}/members`, 'members', { pageSize: 200 })
        : Promise.resolve([] as NetworkMember[]),
    [network.id, open],
  );
  const remove = useAction();
  const headingId = `network-${network.id}`;

  async function removeMember(m: NetworkMember) {
    const ok = await remove.run(() => api.del(`/v1/networks/${encodeURIComponent(network.id)}/members/${encodeURIComponent(m.organizationId)}`).then(() => true));
    if (ok) {
      members.reload();
      props.onChanged();
    }
  }

  return (
    <li className="org-network" aria-labelledby={headingId}>
      <h2 id={headingId}>{network.name}</h2>
      <p className="muted">
        {t((network.kind ?? 'NETWORK_KIND_LEARNING_NETWORK') as Key)} · {t('runBy')}: {props.runBy} · {t('members')}: {network.memberCount ?? 0}
        {props.manage ? ` · ${t('ourNetwork')}` : props.member ? ` · ${t('ours')}` : ''}
      </p>
      {network.description && <p>{network.description}</p>}
      <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('hide', { name: network.name }) : t('show', { name: network.name })}
      </button>
      {open && (
        <div className="org-network-members">
          {members.error !== undefined && <ErrorNote errors={[errorText(members.error)]} onRetry={members.reload} />}
          {members.loading && !members.data && <Loading />}
          {members.data && members.data.length === 0 && !members.loading && <p className="muted">{t('noMembers')}</p>}
          {members.data && members.data.length > 0 && (
            <ul>
              {members.data.map((m) => (
                <li key={m.organizationId} className="row org-actions">
                  <span>
                    {m.organizationName || m.organizationId} {m.country && <span className="muted">({m.country})</span>}
                  </span>
                  {props.manage && (
                    <ConfirmButton
                      label={t('remove')}
                      question={t('removeQuestion', { name: m.organizationName || m.organizationId, network: network.name })}
                      yes={t('yes')}
                      no={t('no')}
                      danger
                      disabled={remove.busy}
                      onConfirm={() => void removeMember(m)}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
          <ErrorNote errors={remove.unclaimed([])} />
          {props.manage && (
            <AddMember
              network={network}
              members={new Set((members.data ?? []).map((m) => m.organizationId))}
              onAdded={() => {
                members.reload();
                props.onChanged();
              }}
            />
          )}
        </div>
      )}
    </li>
  );
}

function AddMember(props: { network: Network; members: Set<string>; onAdded: () => void }) {
  const t = useT(messages);
  const { api } = useSession();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Organization[] | null>(null);
  const search = useAction();
  const add = useAction();

  async function find(e: FormEvent) {
    e.preventDefault();
    const r = await search.run(() => api.get<{ organizations?: Organization[] }>('/v1/organizations', { nameContains: query.trim(), pageSize: 20 }));
    if (r) setFound(r.organizations ?? []);
  }

  async function addOne(o: Organization) {
    const ok = await add.run(() => api.post(`/v1/networks/${encodeURIComponent(props.network.id)}/members`, { organizationId: o.id }).then(() => true));
    if (ok) props.onAdded();
  }

  return (
    <form onSubmit={find} noValidate className="org-form" aria-label={t('add', { network: props.network.name })}>
      <h3>{t('add', { network: props.network.name })}</h3>
      <div className="row org-actions">
        <Field label={t('find')} hint={t('findHint')}>
          {(f) => <input id={f.id} aria-describedby={f.describedBy} value={query} onChange={(e) => setQuery(e.target.value)} />}
        </Field>
        <button type="submit" className="secondary" disabled={search.busy}>
          {t('search')}
        </button>
      </div>
      <ErrorNote errors={[...search.unclaimed([]), ...add.unclaimed([])]} />
      {found && found.length === 0 && <p className="muted">{t('noMatch')}</p>}
      {found && found.length > 0 && (
        <ul>
          {found.map((o) => (
            <li key={o.id} className="row org-actions">
              <span>
                {o.name} {o.country && <span className="muted">({o.country})</span>}
              </span>
              {props.members.has(o.id) ? (
                <span className="muted">{t('already')}</span>
              ) : (
                <button type="button" className="secondary" disabled={add.busy} onClick={() => void addOne(o)}>
                  {t('addNamed', { name: o.name })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

function StartForm({ org, onStarted }: { org: string; onStarted: () => void }) {
  const t = useT(messages);
  const { api } = useSession();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState('NETWORK_KIND_LEARNING_NETWORK');
  const [problem, setProblem] = useState('');
  const [done, setDone] = useState('');
  const action = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone('');
    if (!name.trim()) {
      setProblem(t('needName'));
      action.clear();
      return;
    }
    setProblem('');
    const created = await action.run(() => api.post<Network>('/v1/networks', { name: name.trim(), description: description.trim(), kind, ownerOrganizationId: org }));
    if (created) {
      setDone(t('started', { name: created.name }));
      setName('');
      setDescription('');
      onStarted();
    }
  }

  return (
    <form onSubmit={submit} noValidate className="org-form" aria-labelledby="start-heading">
      <h2 id="start-heading">{t('start')}</h2>
      <p className="hint">{t('startIntro')}</p>
      <Field label={t('name')} required errors={[...(problem ? [problem] : []), ...action.forField('name')]}>
        {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t('kind')} errors={action.forField('kind')}>
        {(f) => (
          <select id={f.id} aria-describedby={f.describedBy} value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="NETWORK_KIND_LEARNING_NETWORK">{t('NETWORK_KIND_LEARNING_NETWORK')}</option>
            <option value="NETWORK_KIND_POOL">{t('NETWORK_KIND_POOL')}</option>
          </select>
        )}
      </Field>
      <Field label={t('description')} errors={action.forField('description')}>
        {(f) => <textarea id={f.id} rows={3} aria-describedby={f.describedBy} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <ErrorNote errors={action.unclaimed(['name', 'kind', 'description'])} />
      <div className="row org-actions">
        <button type="submit" disabled={action.busy}>
          {action.busy ? t('creating') : t('create')}
        </button>
        <span role="status" aria-live="polite" className="org-saved">
          {done}
        </span>
      </div>
    </form>
  );
}
