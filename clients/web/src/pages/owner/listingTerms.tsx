// Sharing terms: who may book, on which conditions, at what price. `TermsFields` is the form
// itself (the CSV import reuses it for default terms); `TermsSection` loads and saves a listing's
// terms (PUT /v1/listings/{id}/terms stores a new version; reservations keep theirs).
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { ErrorNote, Field, Loading, errorText, useAction, useLoad } from '../../components/ui';
import { defineMessages, useFormat, useLang, useT } from '../../i18n';
import { useSession } from '../../session';
import { ORGANIZATION_KINDS, centsToEuros, emptyTerms, eurosToCents, useLabels, wholeNumber, type SharingTerms } from './listingShared';

const messages = defineMessages({
  en: {
    heading: 'Sharing terms',
    version: 'Version {v} in force since {date}.',
    noTerms: 'No terms yet. A listing needs terms before it can be published.',
    versionNote: 'Saving stores a new version; reservations already made keep the terms they were made under.',
    who: 'Who may book',
    whoIntro: 'Your own organisation may always book. Others may when any of the ticked rules applies.',
    everyone: 'Every organisation on Leerpool',
    kinds: 'Organisations of these kinds',
    networks: 'Members of these networks',
    noNetworks: 'There are no networks yet.',
    orgs: 'These organisations',
    orgsNone: 'No organisations named.',
    orgSearch: 'Find an organisation by name',
    search: 'Search',
    searching: 'Searching…',
    noResults: 'No organisation found with “{q}”.',
    add: 'Add {name}',
    remove: 'Remove {name}',
    conditions: 'Conditions',
    approval: 'We approve every request before it is confirmed',
    intake: 'An intake with us is needed before an organisation’s first reservation',
    qualifications: 'Qualifications the responsible teacher must hold',
    qualificationsHint: 'Checked on the dates of the reservation, e.g. a train-the-trainer session or a safety certificate.',
    noQualifications: 'No qualification types are registered yet.',
    time: 'Time limits',
    lead: 'Minimum notice (hours)',
    leadHint: 'How long before the start a request must come in.',
    maxDuration: 'Longest reservation (hours)',
    zeroNone: '0 means no limit.',
    quota: 'Hours per borrowing organisation per month',
    cancelDeadline: 'Free cancellation until (hours before the start)',
    cancelFee: 'Cancellation fee after that (€)',
    prices: 'Prices (euros, excluding VAT)',
    pricesHint: 'Leave a rate empty when you do not charge that way. The estimate for borrowers takes the cheapest rate that applies.',
    perHour: 'Per hour (€)',
    perHalfDay: 'Per half day, up to 4 hours (€)',
    perDay: 'Per day (€)',
    perLearner: 'Per learner (€)',
    perKm: 'Transport per km driven, there and back (€)',
    deposit: 'Deposit (€)',
    stats: 'For the multi-use statistics',
    acquisition: 'Acquisition cost (€)',
    acquisitionHint: 'With the expected lifetime this gives the cost per learner hour.',
    lifetime: 'Expected lifetime (years)',
    disclose: 'Statistics may name the organisations that used it',
    save: 'Save terms as a new version',
    saving: 'Saving…',
    saved: 'Saved as version {v}.',
    money: 'Enter an amount in euros, e.g. 12,50.',
    number: 'Enter a whole number.',
    retired: 'This listing is retired; its terms can no longer change.',
    noTermsRetired: 'This listing never had sharing terms.',
  },
  nl: {
    heading: 'Voorwaarden',
    version: 'Versie {v}, geldig sinds {date}.',
    noTerms: 'Nog geen voorwaarden. Aanbod heeft voorwaarden nodig om gepubliceerd te worden.',
    versionNote: 'Opslaan maakt een nieuwe versie; reserveringen die al gemaakt zijn houden hun voorwaarden.',
    who: 'Wie mag reserveren',
    whoIntro: 'Uw eigen organisatie mag altijd reserveren. Anderen mogen dat als een van de aangevinkte regels geldt.',
    everyone: 'Iedere organisatie op Leerpool',
    kinds: 'Organisaties van deze soort',
    networks: 'Leden van deze netwerken',
    noNetworks: 'Er zijn nog geen netwerken.',
    orgs: 'Deze organisaties',
    orgsNone: 'Geen organisaties genoemd.',
    orgSearch: 'Zoek een organisatie op naam',
    search: 'Zoeken',
    searching: 'Bezig met zoeken…',
    noResults: 'Geen organisatie gevonden met “{q}”.',
    add: '{name} toevoegen',
    remove: '{name} verwijderen',
    conditions: 'Voorwaarden voor gebruik',
    approval: 'Wij keuren elke aanvraag goed voordat die bevestigd is',
    intake: 'Een intake bij ons is nodig vóór de eerste reservering van een organisatie',
    qualifications: 'Kwalificaties die de verantwoordelijke docent moet hebben',
    qualificationsHint: 'Gecontroleerd op de data van de reservering, bijv. een train-de-trainer of een veiligheidscertificaat.',
    noQualifications: 'Er zijn nog geen soorten kwalificaties geregistreerd.',
    time: 'Termijnen',
    lead: 'Minimale aanvraagtermijn (uren)',
    leadHint: 'Hoe lang vóór de start een aanvraag binnen moet zijn.',
    maxDuration: 'Langste reservering (uren)',
    zeroNone: '0 betekent geen grens.',
    quota: 'Uren per lenende organisatie per maand',
    cancelDeadline: 'Kosteloos annuleren tot (uren vóór de start)',
    cancelFee: 'Annuleringskosten daarna (€)',
    prices: 'Prijzen (euro, exclusief btw)',
    pricesHint: 'Laat een tarief leeg als u het niet rekent. De schatting voor leners neemt het goedkoopste tarief dat past.',
    perHour: 'Per uur (€)',
    perHalfDay: 'Per dagdeel, tot 4 uur (€)',
    perDay: 'Per dag (€)',
    perLearner: 'Per deelnemer (€)',
    perKm: 'Vervoer per gereden km, heen en terug (€)',
    deposit: 'Borg (€)',
    stats: 'Voor de statistieken over multi-gebruik',
    acquisition: 'Aanschafwaarde (€)',
    acquisitionHint: 'Met de verwachte levensduur geeft dit de kosten per deelnemersuur.',
    lifetime: 'Verwachte levensduur (jaren)',
    disclose: 'Statistieken mogen de organisaties noemen die het gebruikten',
    save: 'Voorwaarden opslaan als nieuwe versie',
    saving: 'Bezig met opslaan…',
    saved: 'Opgeslagen als versie {v}.',
    money: 'Vul een bedrag in euro in, bijv. 12,50.',
    number: 'Vul een geheel getal in.',
    retired: 'Dit aanbod is uit gebruik genomen; de voorwaarden kunnen niet meer veranderen.',
    noTermsRetired: 'Dit aanbod heeft nooit voorwaarden gehad.',
  },
});

// What the inputs hold: amounts as euro text, counts as text.
export interface TermsDraft {
  everyone: boolean;
  kinds: number[];
  networkIds: string[];
  organizationIds: string[];
  approvalRequired: boolean;
  intakeRequired: boolean;
  discloseBorrowerNames: boolean;
  qualificationIds: string[];
  minLead: string;
  maxDuration: string;
  quota: string;
  cancelDeadline: string;
  cancelFee: string;
  perHour: string;
  perHalfDay: string;
  perDay: string;
  perLearner: string;
  perKm: string;
  deposit: string;
  acquisition: string;
  lifetime: string;
}

export function toTermsDraft(terms: SharingTerms, lang: string): TermsDraft {
  const w = terms.whoMayBook ?? { everyone: false, organizationKinds: [], networkIds: [], organizationIds: [] };
  const p = terms.price ?? emptyTerms().price;
  return {
    everyone: Boolean(w.everyone),
    kinds: (w.organizationKinds ?? []).map(Number),
    networkIds: w.networkIds ?? [],
    organizationIds: w.organizationIds ?? [],
    approvalRequired: terms.approvalRequired,
    intakeRequired: terms.intakeRequired,
    discloseBorrowerNames: terms.discloseBorrowerNames,
    qualificationIds: terms.requiredQualificationTypeIds ?? [],
    minLead: String(terms.minLeadTimeHours ?? 0),
    maxDuration: String(terms.maxDurationHours ?? 0),
    quota: String(terms.quotaHoursPerMonth ?? 0),
    cancelDeadline: String(terms.cancellationDeadlineHours ?? 0),
    cancelFee: centsToEuros(terms.cancellationFeeCents, lang),
    perHour: centsToEuros(p.perHourCents, lang),
    perHalfDay: centsToEuros(p.perHalfDayCents, lang),
    perDay: centsToEuros(p.perDayCents, lang),
    perLearner: centsToEuros(p.perLearnerCents, lang),
    perKm: centsToEuros(p.perKmCents, lang),
    deposit: centsToEuros(terms.depositCents, lang),
    acquisition: centsToEuros(terms.acquisitionCostCents, lang),
    lifetime: String(terms.expectedLifetimeYears ?? 0),
  };
}

// The terms to send, and the inputs that could not be read (by the server's field names, so
// they show where the server's own problems would).
export function fromTermsDraft(d: TermsDraft): { terms: SharingTerms; problems: Record<string, 'money' | 'number'> } {
  const problems: Record<string, 'money' | 'number'> = {};
  const money = (field: string, text: string) => {
    const c = eurosToCents(text);
    if (c === null) problems[field] = 'money';
    return c ?? '0';
  };
  const whole = (field: string, text: string) => {
    const n = wholeNumber(text);
    if (n === null) problems[field] = 'number';
    return n ?? 0;
  };
  const terms: SharingTerms = {
    whoMayBook: { everyone: d.everyone, organizationKinds: d.kinds, networkIds: d.networkIds, organizationIds: d.organizationIds },
    approvalRequired: d.approvalRequired,
    intakeRequired: d.intakeRequired,
    discloseBorrowerNames: d.discloseBorrowerNames,
    requiredQualificationTypeIds: d.qualificationIds,
    minLeadTimeHours: whole('min_lead_time_hours', d.minLead),
    maxDurationHours: whole('max_duration_hours', d.maxDuration),
    quotaHoursPerMonth: whole('quota_hours_per_month', d.quota),
    cancellationDeadlineHours: whole('cancellation_deadline_hours', d.cancelDeadline),
    cancellationFeeCents: money('cancellation_fee_cents', d.cancelFee),
    price: {
      perHourCents: money('per_hour_cents', d.perHour),
      perHalfDayCents: money('per_half_day_cents', d.perHalfDay),
      perDayCents: money('per_day_cents', d.perDay),
      perLearnerCents: money('per_learner_cents', d.perLearner),
      perKmCents: money('per_km_cents', d.perKm),
    },
    depositCents: money('deposit_cents', d.deposit),
    acquisitionCostCents: money('acquisition_cost_cents', d.acquisition),
    expectedLifetimeYears: whole('expected_lifetime_years', d.lifetime),
  };
  return { terms, problems };
}

// Terms as query parameters (defaultTerms.price.perHourCents=2500), as the import takes them.
export function termsToQuery(terms: SharingTerms, prefix: string): Record<string, string | number | boolean | (string | number)[]> {
  const q: Record<string, string | number | boolean | (string | number)[]> = {};
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      if (value.length) q[path] = value as (string | number)[];
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    } else if (value !== undefined && value !== null && value !== '' && value !== 0 && value !== '0' && value !== false) {
      q[path] = value as string | number | boolean;
    }
  };
  walk(terms, prefix);
  return q;
}

// The server's names of every terms input, for placing its problems.
export const TERMS_FIELDS = [
  'who_may_book', 'everyone', 'organization_kinds', 'network_ids', 'organization_ids', 'approval_required', 'intake_required',
  'required_qualification_type_ids', 'min_lead_time_hours', 'max_duration_hours', 'quota_hours_per_month',
  'cancellation_deadline_hours', 'cancellation_fee_cents', 'price', 'per_hour_cents', 'per_half_day_cents', 'per_day_cents',
  'per_learner_cents', 'per_km_cents', 'deposit_cents', 'acquisition_cost_cents', 'expected_lifetime_years',
  'disclose_borrower_names',
];

interface Network {
  id: string;
  name: string;
}
interface QualificationType {
  id: string;
  code: string;
  nameNl: string;
  nameEn: string;
}
interface Organization {
  id: string;
  name: string;
  country?: string;
}

export function useTermsProblemText() {
  const t = useT(messages);
  return (problem: 'money' | 'number') => t(problem);
}

// The terms inputs. `errors(...names)` gives the problems for the inputs with those server names.
export function TermsFields(props: { draft: TermsDraft; onChange: (d: TermsDraft) => void; errors: (...names: string[]) => string[]; mobile: boolean }) {
  const t = useT(messages);
  const label = useLabels();
  const { lang } = useLang();
  const { api } = useSession();
  const d = props.draft;
  const set = <K extends keyof TermsDraft>(key: K, value: TermsDraft[K]) => props.onChange({ ...d, [key]: value });
  const toggle = <K extends 'kinds' | 'networkIds' | 'qualificationIds'>(key: K, value: TermsDraft[K][number], on: boolean) =>
    set(key, (on ? [...d[key], value] : (d[key] as unknown[]).filter((x) => x !== value)) as TermsDraft[K]);

  const networks = useLoad(() => api.get<{ networks?: Network[] }>('/v1/networks', { pageSize: 200 }).then((r) => r.networks ?? []), []);
  const qualifications = useLoad(
    () => api.get<{ qualificationTypes?: QualificationType[] }>('/v1/qualificationTypes', { pageSize: 200 }).then((r) => r.qualificationTypes ?? []),
    [],
  );
  const qName = (q: QualificationType) => (lang === 'en' ? q.nameEn || q.nameNl : q.nameNl || q.nameEn) || q.code;

  const num = (key: keyof TermsDraft, name: string, text: string, hint?: string, inputMode: 'numeric' | 'decimal' = 'numeric') => (
    <Field label={text} hint={hint} errors={props.errors(name)}>
      {(f) => (
        <input
          id={f.id}
          aria-describedby={f.describedBy}
          aria-invalid={f.invalid}
          inputMode={inputMode}
          className="owner-num"
          value={d[key] as string}
          onChange={(e) => set(key, e.target.value as never)}
        />
      )}
    </Field>
  );
  const money = (key: keyof TermsDraft, name: string, text: string, hint?: string) => num(key, name, text, hint, 'decimal');

  return (
    <>
      <fieldset>
        <legend>{t('who')}</legend>
        <p className="hint">{t('whoIntro')}</p>
        <ErrorNote errors={props.errors('who_may_book', 'everyone')} />
        <label className="owner-check">
          <input type="checkbox" checked={d.everyone} onChange={(e) => set('everyone', e.target.checked)} /> {t('everyone')}
        </label>
        {!d.everyone && (
          <>
            <fieldset className="owner-sub">
              <legend>{t('kinds')}</legend>
              <ErrorNote errors={props.errors('organization_kinds')} />
              <div className="owner-checks">
                {ORGANIZATION_KINDS.map((k) => (
                  <label key={k}>
                    <input type="checkbox" checked={d.kinds.includes(k)} onChange={(e) => toggle('kinds', k, e.target.checked)} /> {label(`kind${k}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset className="owner-sub">
              <legend>{t('networks')}</legend>
              <ErrorNote errors={props.errors('network_ids')} />
              {networks.loading && !networks.data && <Loading />}
              {networks.error !== undefined && <ErrorNote errors={[errorText(networks.error)]} onRetry={networks.reload} />}
              {networks.data && networks.data.length === 0 && <p className="muted">{t('noNetworks')}</p>}
              <div className="owner-checks">
                {networks.data?.map((n) => (
                  <label key={n.id}>
                    <input type="checkbox" checked={d.networkIds.includes(n.id)} onChange={(e) => toggle('networkIds', n.id, e.target.checked)} /> {n.name}
                  </label>
                ))}
                {d.networkIds
                  .filter((id) => networks.data && !networks.data.some((n) => n.id === id))
                  .map((id) => (
                    <label key={id}>
                      <input type="checkbox" checked onChange={(e) => toggle('networkIds', id, e.target.checked)} /> {id}
                    </label>
                  ))}
              </div>
            </fieldset>
            <OrganizationPicker ids={d.organizationIds} onChange={(ids) => set('organizationIds', ids)} errors={props.errors('organization_ids')} />
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('conditions')}</legend>
        <label className="owner-check">
          <input type="checkbox" checked={d.approvalRequired} onChange={(e) => set('approvalRequired', e.target.checked)} /> {t('approval')}
        </label>
        <label className="owner-check">
          <input type="checkbox" checked={d.intakeRequired} onChange={(e) => set('intakeRequired', e.target.checked)} /> {t('intake')}
        </label>
        <fieldset className="owner-sub" aria-describedby="terms-q-hint">
          <legend>{t('qualifications')}</legend>
          <p className="hint" id="terms-q-hint">
            {t('qualificationsHint')}
          </p>
          <ErrorNote errors={props.errors('required_qualification_type_ids')} />
          {qualifications.loading && !qualifications.data && <Loading />}
          {qualifications.error !== undefined && <ErrorNote errors={[errorText(qualifications.error)]} onRetry={qualifications.reload} />}
          {qualifications.data && qualifications.data.length === 0 && <p className="muted">{t('noQualifications')}</p>}
          <div className="owner-checks">
            {qualifications.data?.map((q) => (
              <label key={q.id}>
                <input type="checkbox" checked={d.qualificationIds.includes(q.id)} onChange={(e) => toggle('qualificationIds', q.id, e.target.checked)} />
                <span>
                  {qName(q)} <span className="muted">({q.code})</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      </fieldset>

      <fieldset>
        <legend>{t('time')}</legend>
        <div className="row">
          {num('minLead', 'min_lead_time_hours', t('lead'), t('leadHint'))}
          {num('maxDuration', 'max_duration_hours', t('maxDuration'), t('zeroNone'))}
          {num('quota', 'quota_hours_per_month', t('quota'), t('zeroNone'))}
        </div>
        <div className="row">
          {num('cancelDeadline', 'cancellation_deadline_hours', t('cancelDeadline'))}
          {money('cancelFee', 'cancellation_fee_cents', t('cancelFee'))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('prices')}</legend>
        <p className="hint">{t('pricesHint')}</p>
        <ErrorNote errors={props.errors('price')} />
        <div className="row">
          {money('perHour', 'per_hour_cents', t('perHour'))}
          {money('perHalfDay', 'per_half_day_cents', t('perHalfDay'))}
          {money('perDay', 'per_day_cents', t('perDay'))}
          {money('perLearner', 'per_learner_cents', t('perLearner'))}
          {(props.mobile || d.perKm !== '') && money('perKm', 'per_km_cents', t('perKm'))}
          {money('deposit', 'deposit_cents', t('deposit'))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('stats')}</legend>
        <div className="row">
          {money('acquisition', 'acquisition_cost_cents', t('acquisition'), t('acquisitionHint'))}
          {num('lifetime', 'expected_lifetime_years', t('lifetime'))}
        </div>
        <label className="owner-check">
          <input type="checkbox" checked={d.discloseBorrowerNames} onChange={(e) => set('discloseBorrowerNames', e.target.checked)} /> {t('disclose')}
        </label>
      </fieldset>
    </>
  );
}

// Specific organisations that may book: the chosen ones by name, and a search to add more.
function OrganizationPicker(props: { ids: string[]; onChange: (ids: string[]) => void; errors: string[] }) {
  const t = useT(messages);
  const { api } = useSession();
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const [results, setResults] = useState<Organization[] | null>(null);
  const search = useAction();
  const names = useLoad(
    () =>
      Promise.all(
        props.ids.map((id) =>
          api.get<Organization>(`/v1/organizations/${encodeURIComponent(id)}`).catch(() => ({ id, name: id }) as Organization),
        ),
      ),
    [props.ids.join(',')],
  );
  const nameOf = (id: string) => names.data?.find((o) => o.id === id)?.name ?? id;

  async function find() {
    const q = query.trim();
    if (!q) return;
    const r = await search.run(() => api.get<{ organizations?: Organization[] }>('/v1/organizations', { nameContains: q, pageSize: 20 }));
    setSearched(q);
    setResults(r?.organizations ?? []);
  }

  return (
    <fieldset className="owner-sub">
      <legend>{t('orgs')}</legend>
      <ErrorNote errors={props.errors} />
      {props.ids.length === 0 ? (
        <p className="muted">{t('orgsNone')}</p>
      ) : (
        <ul className="owner-chips">
          {props.ids.map((id) => (
            <li key={id}>
              {nameOf(id)}{' '}
              <button type="button" className="secondary" aria-label={t('remove', { name: nameOf(id) })} onClick={() => props.onChange(props.ids.filter((x) => x !== id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row owner-search">
        <Field label={t('orgSearch')} errors={search.unclaimed([])}>
          {(f) => (
            <input
              id={f.id}
              aria-describedby={f.describedBy}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                // Enter searches here instead of submitting the whole terms form.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void find();
                }
              }}
            />
          )}
        </Field>
        <div className="field">
          <button type="button" className="secondary" onClick={() => void find()} disabled={search.busy}>
            {search.busy ? t('searching') : t('search')}
          </button>
        </div>
      </div>
      <div aria-live="polite">
        {results && results.length === 0 && <p className="muted">{t('noResults', { q: searched })}</p>}
        {results && results.length > 0 && (
          <ul className="owner-results">
            {results.map((o) => (
              <li key={o.id}>
                <span>
                  {o.name} {o.country && <span className="muted">({o.country})</span>}
                </span>
                <button
                  type="button"
                  className="secondary"
                  disabled={props.ids.includes(o.id)}
                  onClick={() => props.onChange([...props.ids, o.id])}
                  aria-label={t('add', { name: o.name })}
                >
                  +
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </fieldset>
  );
}

// A listing's current terms, and a form to store a new version.
export function TermsSection(props: { listingId: string; retired: boolean; mobile: boolean; onSaved: (version: number) => void }) {
  const t = useT(messages);
  const fmt = useFormat();
  const { lang } = useLang();
  const { api } = useSession();
  const problemText = useTermsProblemText();
  const current = useLoad(
    () =>
      api.get<SharingTerms>(`/v1/listings/${encodeURIComponent(props.listingId)}/terms`).catch((e) => {
        if (e instanceof ApiError && e.httpStatus === 404) return null;
        throw e;
      }),
    [props.listingId],
  );
  const [draft, setDraft] = useState<TermsDraft | null>(null);
  const [local, setLocal] = useState<Record<string, 'money' | 'number'>>({});
  const [savedVersion, setSavedVersion] = useState(0);
  const action = useAction();

  if (current.loading && current.data === undefined) return <Loading />;
  if (current.error !== undefined && current.data === undefined) return <ErrorNote errors={[errorText(current.error)]} onRetry={current.reload} />;
  const terms = current.data ?? null;
  const shown = draft ?? toTermsDraft(terms ?? emptyTerms(), lang);
  const errors = (...names: string[]) => [...names.flatMap((n) => (local[n] ? [problemText(local[n])] : [])), ...action.forField(...names)];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { terms: next, problems } = fromTermsDraft(shown);
    setLocal(problems);
    if (Object.keys(problems).length) {
      action.clear();
      return;
    }
    const saved = await action.run(() => api.put<SharingTerms>(`/v1/listings/${encodeURIComponent(props.listingId)}/terms`, next));
    if (saved) {
      setSavedVersion(saved.version ?? 0);
      setDraft(null);
      current.reload();
      props.onSaved(saved.version ?? 0);
    }
  }

  if (props.retired && !terms) return <p className="muted">{t('noTermsRetired')}</p>;
  return (
    <form onSubmit={submit} noValidate className="owner-form">
      <p className={terms ? 'muted' : 'notice owner-warn'}>
        {terms ? t('version', { v: terms.version ?? 0, date: fmt.dateTime(terms.createTime) }) : t('noTerms')}
      </p>
      {props.retired ? <p className="notice">{t('retired')}</p> : <p className="hint">{t('versionNote')}</p>}
      <fieldset disabled={props.retired || action.busy} className="plain">
        <TermsFields
          draft={shown}
          onChange={(d) => {
            setSavedVersion(0);
            setDraft(d);
          }}
          errors={errors}
          mobile={props.mobile}
        />
      </fieldset>
      <ErrorNote errors={action.unclaimed(TERMS_FIELDS)} />
      {!props.retired && (
        <div className="row owner-actions">
          <button type="submit" disabled={action.busy}>
            {action.busy ? t('saving') : t('save')}
          </button>
          <span role="status" aria-live="polite" className="owner-saved">
            {savedVersion ? t('saved', { v: savedVersion }) : ''}
          </span>
        </div>
      )}
    </form>
  );
}
