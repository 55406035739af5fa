// "Our sites": the places of the acting organisation, where its equipment stands, where a mobile
// setup leaves from and returns to, and where borrowed setups come to; each with its weekly
// opening hours in its own time zone, and the closures of the whole site.
// GET/POST /v1/sites, GET/PATCH /v1/sites/{site_id}.
import { useState, type FormEvent } from 'react';
import { allPages } from '../../api';
import { ErrorNote, Field, Loading, PageTitle, errorText, useAction, useLoad } from '../../components/ui';
import { ZoneOptions } from '../../components/ZoneOptions';
import { defineMessages, useFormat, useLang, useT } from '../../i18n';
import { WEEKDAYS, type LocalTime, type OpeningPeriod, type Weekday } from '../../model';
import { href, navigate, useRoute } from '../../router';
import { useSession } from '../../session';
import { ClosuresSection } from './listingClosures';
import { decimalNumber, useTitle, type Site } from './listingShared';
import './owner-listings.css';

const messages = defineMessages({
  en: {
    title: 'Our sites',
    intro: 'The places of your organisation: where equipment stands and sessions take place, where a mobile setup leaves from and returns to, and where setups you borrow are brought. A listing needs a site before it can be published.',
    newSite: 'New site',
    toListings: 'Our listings',
    name: 'Name',
    address: 'Address',
    zone: 'Time zone',
    hours: 'Opening hours',
    updated: 'Last changed',
    editNamed: 'Edit {name}',
    empty: 'Your organisation has no sites yet. Add the first one.',
    count: 'Sites: {n}',
    notAdmin: 'Only administrators of an organisation can change its sites. You act for an organisation in which you are not an administrator.',
    alwaysOpen: 'No opening hours: sessions can be booked at any time',
    back: 'All our sites',
    newTitle: 'New site',
    created: 'Site created.',
    saved: 'Saved.',
    create: 'Create site',
    save: 'Save changes',
    saving: 'Saving…',
    notOurs: 'This site belongs to another organisation: you can look, not change it.',
    details: 'Name and address',
    nameHint: 'As borrowers will recognise it, e.g. “Technical workshop, Mol campus”.',
    street: 'Street and number',
    postalCode: 'Postal code',
    locality: 'Town or city',
    country: 'Country',
    chooseCountry: 'Choose a country',
    place: 'Position on the map',
    placeIntro: 'Distances to borrowers and the travel time of mobile setups are measured from here. Decimal degrees, e.g. 51.1913 and 5.1165.',
    latitude: 'Latitude',
    longitude: 'Longitude',
    findOnMap: 'Look up the address on OpenStreetMap (opens a new tab; right-click the building and choose “Show address” to see its coordinates)',
    here: 'Use my current position',
    locating: 'Finding your position…',
    locateFailed: 'Your browser could not tell the position; type the coordinates instead.',
    zoneHint: 'Opening hours and closures are in this zone; 09:00 stays 09:00 in summer and winter time.',
    hoursIntro: 'When sessions at this site can take place. A day without hours is closed. Loans of mobile setups do not depend on these hours.',
    day: 'Day',
    periods: 'Open',
    closedDay: 'Closed',
    from: 'From {day} {n}',
    until: 'Until {day} {n}',
    untilHint: 'Until 00:00 means until midnight.',
    addPeriod: 'Add hours on {day}',
    removePeriod: 'Remove {day} {from}–{until}',
    copyMonday: 'Copy Monday to Tuesday–Friday',
    clearHours: 'No opening hours (always open)',
    needName: 'Give the site a name.',
    needNumber: 'Enter a number such as 51.1913.',
    needTime: 'Enter both times.',
    closeAfterOpen: 'The closing time must be after the opening time.',
    closures: 'Closures',
    listingsHere: 'Listings at this site',
    noListingsHere: 'None of your listings is at this site yet.',
    MONDAY: 'Monday',
    TUESDAY: 'Tuesday',
    WEDNESDAY: 'Wednesday',
    THURSDAY: 'Thursday',
    FRIDAY: 'Friday',
    SATURDAY: 'Saturday',
    SUNDAY: 'Sunday',
  },
  nl: {
    title: 'Onze locaties',
    intro: 'De plaatsen van uw organisatie: waar apparatuur staat en sessies plaatsvinden, waar een mobiele opstelling vertrekt en terugkomt, en waar opstellingen die u leent naartoe komen. Aanbod heeft een locatie nodig om gepubliceerd te worden.',
    newSite: 'Nieuwe locatie',
    toListings: 'Ons aanbod',
    name: 'Naam',
    address: 'Adres',
    zone: 'Tijdzone',
    hours: 'Openingstijden',
    updated: 'Laatst gewijzigd',
    editNamed: '{name} bewerken',
    empty: 'Uw organisatie heeft nog geen locaties. Voeg de eerste toe.',
    count: 'Locaties: {n}',
    notAdmin: 'Alleen beheerders van een organisatie kunnen haar locaties wijzigen. U handelt namens een organisatie waarin u geen beheerder bent.',
    alwaysOpen: 'Geen openingstijden: sessies zijn altijd te reserveren',
    back: 'Al onze locaties',
    newTitle: 'Nieuwe locatie',
    created: 'Locatie aangemaakt.',
    saved: 'Opgeslagen.',
    create: 'Locatie aanmaken',
    save: 'Wijzigingen opslaan',
    saving: 'Bezig met opslaan…',
    notOurs: 'Deze locatie hoort bij een andere organisatie: u kunt kijken, niet wijzigen.',
    details: 'Naam en adres',
    nameHint: 'Zoals leners haar kennen, bijv. “Technisch atelier, campus Mol”.',
    street: 'Straat en huisnummer',
    postalCode: 'Postcode',
    locality: 'Plaats',
    country: 'Land',
    chooseCountry: 'Kies een land',
    place: 'Positie op de kaart',
    placeIntro: 'Afstanden tot leners en de reistijd van mobiele opstellingen worden vanaf hier gemeten. Decimale graden, bijv. 51.1913 en 5.1165.',
    latitude: 'Breedtegraad',
    longitude: 'Lengtegraad',
    findOnMap: 'Zoek het adres op OpenStreetMap (opent een nieuw tabblad; klik met rechts op het gebouw en kies “Adres tonen” om de coördinaten te zien)',
    here: 'Mijn huidige positie gebruiken',
    locating: 'Uw positie wordt bepaald…',
    locateFailed: 'Uw browser kon de positie niet bepalen; typ de coördinaten.',
    zoneHint: 'Openingstijden en sluitingen gelden in deze zone; 09:00 blijft 09:00 in zomer- en wintertijd.',
    hoursIntro: 'Wanneer sessies op deze locatie kunnen plaatsvinden. Een dag zonder tijden is gesloten. Uitleen van mobiele opstellingen hangt niet van deze tijden af.',
    day: 'Dag',
    periods: 'Open',
    closedDay: 'Gesloten',
    from: 'Van {day} {n}',
    until: 'Tot {day} {n}',
    untilHint: 'Tot 00:00 betekent tot middernacht.',
    addPeriod: 'Tijden toevoegen op {day}',
    removePeriod: '{day} {from}–{until} verwijderen',
    copyMonday: 'Maandag kopiëren naar dinsdag–vrijdag',
    clearHours: 'Geen openingstijden (altijd open)',
    needName: 'Geef de locatie een naam.',
    needNumber: 'Vul een getal in zoals 51.1913.',
    needTime: 'Vul beide tijden in.',
    closeAfterOpen: 'De sluitingstijd moet na de openingstijd liggen.',
    closures: 'Sluitingen',
    listingsHere: 'Aanbod op deze locatie',
    noListingsHere: 'Nog geen aanbod van u op deze locatie.',
    MONDAY: 'maandag',
    TUESDAY: 'dinsdag',
    WEDNESDAY: 'woensdag',
    THURSDAY: 'donderdag',
    FRIDAY: 'vrijdag',
    SATURDAY: 'zaterdag',
    SUNDAY: 'zondag',
  },
});

// The countries of the border region and its neighbours, with the zone a new site there starts with.
const COUNTRIES: [code: string, zone: string][] = [
  ['NL', 'Europe/Amsterdam'],
  ['BE', 'Europe/Brussels'],
  ['DE', 'Europe/Berlin'],
  ['FR', 'Europe/Paris'],
  ['LU', 'Europe/Luxembourg'],
];
const COUNTRY_NAMES: Record<string, Record<string, string>> = {
  en: { NL: 'Netherlands', BE: 'Belgium', DE: 'Germany', FR: 'France', LU: 'Luxembourg' },
  nl: { NL: 'Nederland', BE: 'België', DE: 'Duitsland', FR: 'Frankrijk', LU: 'Luxemburg' },
};

const pad = (n: number) => String(n).padStart(2, '0');

// "08:30" for an input; 24:00 (closing at midnight) shows as 00:00.
function timeText(t: LocalTime | undefined): string {
  return `${pad((t?.hours ?? 0) % 24)}:${pad(t?.minutes ?? 0)}`;
}

function minuteOfDay(t: LocalTime | undefined): number {
  return (t?.hours ?? 0) * 60 + (t?.minutes ?? 0);
}

// One day's periods in the order they come, as "08:00–12:00, 13:00–17:00".
function dayText(periods: OpeningPeriod[]): string {
  return [...periods]
    .sort((a, b) => minuteOfDay(a.open) - minuteOfDay(b.open))
    .map((p) => `${timeText(p.open)}–${minuteOfDay(p.close) === 24 * 60 ? '24:00' : timeText(p.close)}`)
    .join(', ');
}

// The week in a line or a few: consecutive days with the same hours are joined ("Monday–Friday").
function useWeekSummary() {
  const t = useT(messages);
  return (hours: OpeningPeriod[] | undefined): string[] => {
    if (!hours?.length) return [t('alwaysOpen')];
    const texts = WEEKDAYS.map((d) => dayText(hours.filter((p) => p.weekday === d)));
    const lines: string[] = [];
    for (let i = 0; i < 7; ) {
      let j = i;
      while (j + 1 < 7 && texts[j + 1] === texts[i]) j++;
      const days = i === j ? t(WEEKDAYS[i]) : `${t(WEEKDAYS[i])}–${t(WEEKDAYS[j])}`;
      lines.push(`${days}: ${texts[i] || t('closedDay')}`);
      i = j + 1;
    }
    return lines;
  };
}

export function SitesPage() {
  const t = useT(messages);
  const fmt = useFormat();
  const week = useWeekSummary();
  const { session, api, orgAdmin: isAdmin } = useSession();
  const org = session?.organizationId ?? '';
  const sites = useLoad(() => allPages<Site>(api, '/v1/sites', 'sites', { ownerOrganizationId: org, pageSize: 200 }), [org]);
  const rows = sites.data ?? [];

  return (
    <section className="owner-page">
      <PageTitle>{t('title')}</PageTitle>
      <p className="muted">{t('intro')}</p>
      {!isAdmin && <p className="notice">{t('notAdmin')}</p>}
      <div className="row owner-toolbar">
        {isAdmin && (
          <a className="button" href={href('/owner/sites/new')}>
            {t('newSite')}
          </a>
        )}
        <a className="button secondary" href={href('/owner/listings')}>
          {t('toListings')}
        </a>
      </div>
      {sites.error !== undefined && <ErrorNote errors={[errorText(sites.error)]} onRetry={sites.reload} />}
      {sites.loading && !sites.data && <Loading />}
      {sites.data && rows.length === 0 && <p className="notice">{t('empty')}</p>}
      {rows.length > 0 && (
        <>
          <table className="owner-table">
            <caption className="visually-hidden">{t('title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('address')}</th>
                <th scope="col">{t('zone')}</th>
                <th scope="col">{t('hours')}</th>
                <th scope="col">{t('updated')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <a href={href(`/owner/sites/${encodeURIComponent(s.id)}`)} aria-label={t('editNamed', { name: s.name })}>
                      {s.name}
                    </a>
                  </th>
                  <td data-label={t('address')}>{[s.address?.street, [s.address?.postalCode, s.address?.locality].filter(Boolean).join(' '), s.address?.country].filter(Boolean).join(', ') || '—'}</td>
                  <td data-label={t('zone')}>{s.timeZone}</td>
                  <td data-label={t('hours')}>
                    {week(s.openingHours).map((line) => (
                      <div key={line}>{line}</div>
                    ))}
                  </td>
                  <td data-label={t('updated')}>{fmt.date(s.updateTime)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('count', { n: rows.length })}</p>
        </>
      )}
    </section>
  );
}

// What the inputs hold: text, so a half-typed value is not lost.
interface Draft {
  name: string;
  street: string;
  postalCode: string;
  locality: string;
  country: string;
  latitude: string;
  longitude: string;
  timeZone: string;
  hours: Record<Weekday, { open: string; close: string }[]>;
}

function emptyWeek(): Draft['hours'] {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as Draft['hours'];
}

function toDraft(site: Site | undefined): Draft {
  const hours = emptyWeek();
  if (site) {
    for (const p of site.openingHours ?? []) hours[p.weekday]?.push({ open: timeText(p.open), close: timeText(p.close) });
    for (const d of WEEKDAYS) hours[d].sort((a, b) => a.open.localeCompare(b.open));
  } else {
    for (const d of WEEKDAYS.slice(0, 5)) hours[d] = [{ open: '08:00', close: '17:00' }];
  }
  return {
    name: site?.name ?? '',
    street: site?.address?.street ?? '',
    postalCode: site?.address?.postalCode ?? '',
    locality: site?.address?.locality ?? '',
    country: site?.address?.country ?? '',
    latitude: site?.location ? String(site.location.latitude ?? 0) : '',
    longitude: site?.location ? String(site.location.longitude ?? 0) : '',
    timeZone: site?.timeZone || 'Europe/Brussels',
    hours,
  };
}

// "08:30" → {hours: 8, minutes: 30}; a closing "00:00" is midnight at the end of the day.
function parseTime(text: string, closing: boolean): LocalTime | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 23 || minutes > 59) return null;
  if (closing && hours === 0 && minutes === 0) return { hours: 24, minutes: 0 };
  return { hours, minutes };
}

const FIELDS = ['name', 'street', 'postal_code', 'locality', 'country', 'location', 'latitude', 'longitude', 'time_zone', 'opening_hours'];

export function SitePage({ siteId }: { siteId: string }) {
  const t = useT(messages);
  const { api } = useSession();
  const isNew = siteId === 'new';
  const route = useRoute();
  const site = useLoad(() => (isNew ? Promise.resolve(undefined) : api.get<Site>(`/v1/sites/${encodeURIComponent(siteId)}`)), [siteId]);

  return (
    <section className="owner-page">
      <p>
        <a href={href('/owner/sites')}>← {t('back')}</a>
      </p>
      {site.loading && !site.data && !isNew && <Loading />}
      {site.error !== undefined && <ErrorNote errors={[errorText(site.error)]} onRetry={site.reload} />}
      {isNew && (
        <>
          <PageTitle>{t('newTitle')}</PageTitle>
          <SiteForm onSaved={(s) => navigate(`/owner/sites/${encodeURIComponent(s.id)}`, { created: '1' })} />
        </>
      )}
      {!isNew && site.data && (
        <ExistingSite key={site.data.id} site={site.data} justCreated={Boolean(route.query.get('created'))} />
      )}
    </section>
  );
}

function ExistingSite({ site: loaded, justCreated }: { site: Site; justCreated: boolean }) {
  const t = useT(messages);
  const { session, api, orgAdmin: isAdmin } = useSession();
  const [site, setSite] = useState(loaded);
  const ours = site.ownerOrganizationId === session?.organizationId;
  const listings = useLoad(
    () =>
      allPages<{ id: string; titleNl?: string; titleEn?: string; siteId?: string }>(api, '/v1/listings', 'listings', {
        ownerOrganizationId: site.ownerOrganizationId,
        pageSize: 200,
      }).then((all) => all.filter((l) => l.siteId === site.id)),
    [site.id],
  );
  const title = useTitle();

  return (
    <>
      <PageTitle>{site.name}</PageTitle>
      {!ours && <p className="notice">{t('notOurs')}</p>}
      {justCreated && <p className="owner-saved">{t('created')}</p>}
      {ours && !isAdmin && <p className="notice">{t('notAdmin')}</p>}
      <SiteForm site={site} readOnly={!ours || !isAdmin} onSaved={setSite} />
      <section className="owner-section" aria-labelledby="site-closures">
        <h2 id="site-closures">{t('closures')}</h2>
        <ClosuresSection site={site} readOnly={!ours || !isAdmin} />
      </section>
      <section className="owner-section" aria-labelledby="site-listings">
        <h2 id="site-listings">{t('listingsHere')}</h2>
        {listings.error !== undefined && <ErrorNote errors={[errorText(listings.error)]} onRetry={listings.reload} />}
        {listings.data && listings.data.length === 0 && <p className="muted">{t('noListingsHere')}</p>}
        {listings.data && listings.data.length > 0 && (
          <ul>
            {listings.data.map((l) => (
              <li key={l.id}>
                <a href={href(`/owner/listings/${encodeURIComponent(l.id)}`)}>{title(l)}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function SiteForm(props: { site?: Site; readOnly?: boolean; onSaved: (s: Site) => void }) {
  const t = useT(messages);
  const { lang } = useLang();
  const { session, api } = useSession();
  const [draft, setDraft] = useState<Draft>(() => toDraft(props.site));
  const [zoneTouched, setZoneTouched] = useState(Boolean(props.site));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [hourProblems, setHourProblems] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [locating, setLocating] = useState<'' | 'busy' | 'failed'>('');
  const action = useAction();

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const setHours = (day: Weekday, periods: { open: string; close: string }[]) => {
    // A day's problems are keyed by position, so they go when its periods change.
    setHourProblems((p) => Object.fromEntries(Object.entries(p).filter(([key]) => !key.startsWith(`${day}-`))));
    set('hours', { ...draft.hours, [day]: periods });
  };
  const errors = (...names: string[]) => [...names.flatMap((n) => (local[n] ? [local[n]] : [])), ...action.forField(...names)];

  function chooseCountry(code: string) {
    setSaved(false);
    const zone = COUNTRIES.find(([c]) => c === code)?.[1];
    setDraft((d) => ({ ...d, country: code, timeZone: !zoneTouched && zone ? zone : d.timeZone }));
  }

  function locate() {
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating('');
        setSaved(false);
        setDraft((d) => ({ ...d, latitude: position.coords.latitude.toFixed(6), longitude: position.coords.longitude.toFixed(6) }));
      },
      () => setLocating('failed'),
      { timeout: 15000 },
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const periodProblems: Record<string, string> = {};
    if (!draft.name.trim()) problems.name = t('needName');
    const latitude = decimalNumber(draft.latitude);
    const longitude = decimalNumber(draft.longitude);
    if (latitude === null || !draft.latitude.trim()) problems.latitude = t('needNumber');
    if (longitude === null || !draft.longitude.trim()) problems.longitude = t('needNumber');
    const openingHours: OpeningPeriod[] = [];
    for (const day of WEEKDAYS) {
      draft.hours[day].forEach((p, i) => {
        const open = parseTime(p.open, false);
        const close = parseTime(p.close, true);
        if (!open || !close) periodProblems[`${day}-${i}`] = t('needTime');
        else if (minuteOfDay(close) <= minuteOfDay(open)) periodProblems[`${day}-${i}`] = t('closeAfterOpen');
        else openingHours.push({ weekday: day, open, close });
      });
    }
    setLocal(problems);
    setHourProblems(periodProblems);
    if (Object.keys(problems).length || Object.keys(periodProblems).length) {
      action.clear();
      return;
    }
    const body: Partial<Site> = {
      name: draft.name.trim(),
      address: { street: draft.street.trim(), postalCode: draft.postalCode.trim(), locality: draft.locality.trim(), country: draft.country },
      location: { latitude: latitude ?? 0, longitude: longitude ?? 0 },
      timeZone: draft.timeZone,
      openingHours,
    };
    const result = await action.run(() =>
      props.site
        ? api.patch<Site>(`/v1/sites/${encodeURIComponent(props.site.id)}`, { ...body, id: props.site.id })
        : api.post<Site>('/v1/sites', { ...body, ownerOrganizationId: session?.organizationId ?? '' }),
    );
    if (result) {
      setSaved(true);
      props.onSaved(result);
    }
  }

  const mapQuery = [draft.street, draft.postalCode, draft.locality, draft.country].map((s) => s.trim()).filter(Boolean).join(', ');

  return (
    <form onSubmit={submit} noValidate className="owner-form" aria-label={props.site ? props.site.name : t('newTitle')}>
      <fieldset disabled={props.readOnly || action.busy} className="plain">
        <fieldset>
          <legend>{t('details')}</legend>
          <div className="owner-two">
            <Field label={t('name')} hint={t('nameHint')} required errors={errors('name')}>
              {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.name} maxLength={200} onChange={(e) => set('name', e.target.value)} />}
            </Field>
            <Field label={t('street')} errors={errors('street')}>
              {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.street} maxLength={200} autoComplete="street-address" onChange={(e) => set('street', e.target.value)} />}
            </Field>
            <Field label={t('postalCode')} errors={errors('postal_code')}>
              {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.postalCode} maxLength={20} autoComplete="postal-code" onChange={(e) => set('postalCode', e.target.value)} />}
            </Field>
            <Field label={t('locality')} errors={errors('locality')}>
              {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.locality} maxLength={200} autoComplete="address-level2" onChange={(e) => set('locality', e.target.value)} />}
            </Field>
            <Field label={t('country')} errors={errors('country')}>
              {(f) => (
                <select id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.country} onChange={(e) => chooseCountry(e.target.value)}>
                  <option value="">{t('chooseCountry')}</option>
                  {COUNTRIES.map(([code]) => (
                    <option key={code} value={code}>
                      {COUNTRY_NAMES[lang]?.[code] ?? code}
                    </option>
                  ))}
                  {draft.country && !COUNTRIES.some(([c]) => c === draft.country) && <option value={draft.country}>{draft.country}</option>}
                </select>
              )}
            </Field>
            <Field label={t('zone')} hint={t('zoneHint')} required errors={errors('time_zone')}>
              {(f) => (
                <select
                  id={f.id}
                  aria-describedby={f.describedBy}
                  aria-invalid={f.invalid}
                  value={draft.timeZone}
                  onChange={(e) => {
                    setZoneTouched(true);
                    set('timeZone', e.target.value);
                  }}
                >
                  <ZoneOptions current={draft.timeZone} />
                </select>
              )}
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('place')}</legend>
          <p className="hint">{t('placeIntro')}</p>
          <ErrorNote errors={errors('location')} />
          <div className="row">
            <Field label={t('latitude')} required errors={errors('latitude')}>
              {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} inputMode="decimal" className="owner-num" value={draft.latitude} onChange={(e) => set('latitude', e.target.value)} />}
            </Field>
            <Field label={t('longitude')} required errors={errors('longitude')}>
              {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} inputMode="decimal" className="owner-num" value={draft.longitude} onChange={(e) => set('longitude', e.target.value)} />}
            </Field>
          </div>
          <div className="row owner-place-actions">
            {'geolocation' in navigator && (
              <button type="button" className="secondary" onClick={locate} disabled={locating === 'busy'}>
                {locating === 'busy' ? t('locating') : t('here')}
              </button>
            )}
            <a href={`https://www.openstreetmap.org/search?query=${encodeURIComponent(mapQuery)}`} target="_blank" rel="noreferrer noopener">
              {t('findOnMap')}
            </a>
          </div>
          {locating === 'failed' && <p role="alert">{t('locateFailed')}</p>}
        </fieldset>

        <fieldset>
          <legend>{t('hours')}</legend>
          <p className="hint">
            {t('hoursIntro')} {t('untilHint')}
          </p>
          <ErrorNote errors={errors('opening_hours')} />
          <table className="owner-hours">
            <thead>
              <tr>
                <th scope="col">{t('day')}</th>
                <th scope="col">{t('periods')}</th>
              </tr>
            </thead>
            <tbody>
              {WEEKDAYS.map((day) => {
                const periods = draft.hours[day];
                const dayName = t(day);
                return (
                  <tr key={day}>
                    <th scope="row">{dayName}</th>
                    <td>
                      {periods.length === 0 && <span className="muted">{t('closedDay')}</span>}
                      {periods.map((p, i) => {
                        const update = (patch: Partial<{ open: string; close: string }>) => setHours(day, periods.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                        const problem = hourProblems[`${day}-${i}`];
                        const problemId = `hours-${day}-${i}-problem`;
                        return (
                          <div className="owner-period" key={i}>
                            <label>
                              <span className="visually-hidden">{t('from', { day: dayName, n: i + 1 })}</span>
                              <input type="time" value={p.open} aria-invalid={Boolean(problem)} aria-describedby={problem ? problemId : undefined} onChange={(e) => update({ open: e.target.value })} />
                            </label>
                            <span aria-hidden="true">–</span>
                            <label>
                              <span className="visually-hidden">{t('until', { day: dayName, n: i + 1 })}</span>
                              <input type="time" value={p.close} aria-invalid={Boolean(problem)} aria-describedby={problem ? problemId : undefined} onChange={(e) => update({ close: e.target.value })} />
                            </label>
                            <button type="button" className="secondary" onClick={() => setHours(day, periods.filter((_, j) => j !== i))}>
                              <span aria-hidden="true">×</span>
                              <span className="visually-hidden">{t('removePeriod', { day: dayName, from: p.open, until: p.close })}</span>
                            </button>
                            {problem && (
                              <span id={problemId} role="alert" className="field-errors">
                                {problem}
                              </span>
                            )}
                          </div>
                        );
                      })}
                      <button
                        type="button"
                        className="secondary owner-add-period"
                        onClick={() => {
                          const last = periods[periods.length - 1];
                          setHours(day, [...periods, last ? { open: last.close, close: '' } : { open: '08:00', close: '17:00' }]);
                        }}
                      >
                        {t('addPeriod', { day: dayName })}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="row">
            <button
              type="button"
              className="secondary"
              onClick={() => set('hours', { ...draft.hours, TUESDAY: [...draft.hours.MONDAY], WEDNESDAY: [...draft.hours.MONDAY], THURSDAY: [...draft.hours.MONDAY], FRIDAY: [...draft.hours.MONDAY] })}
            >
              {t('copyMonday')}
            </button>
            <button type="button" className="secondary" onClick={() => set('hours', emptyWeek())}>
              {t('clearHours')}
            </button>
          </div>
        </fieldset>
      </fieldset>

      <ErrorNote errors={action.unclaimed(FIELDS)} />
      {!props.readOnly && (
        <div className="row owner-actions">
          <button type="submit" disabled={action.busy}>
            {action.busy ? t('saving') : props.site ? t('save') : t('create')}
          </button>
          <span role="status" aria-live="polite" className="owner-saved">
            {saved && props.site ? t('saved') : ''}
          </span>
        </div>
      )}
    </form>
  );
}
