// The catalogue: full-text search with filters and facet counts, distances, estimated cost and
// travel time from one of our sites, an optional "free between" window, and per result whether
// our organisation may book it. All search state lives in the URL (#/catalogue?q=...), so the
// back button, reloads and shared links show the same results.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { defineMessages, useFormat, useT } from '../../i18n';
import { href, useRoute } from '../../router';
import { useSession } from '../../session';
import { ErrorNote, Field, Loading, PageTitle, errorText, useLoad } from '../../components/ui';
import {
  AUDIENCES,
  CATEGORIES,
  ORG_KINDS,
  fromZoned,
  loadOwnSites,
  loadQualificationTypes,
  loadVocabulary,
  useLabels,
  type Eligibility,
  type Listing,
  type Site,
} from './common';
import './catalogue.css';

const messages = defineMessages({
  en: {
    title: 'Catalogue',
    intro: 'Find shared learning equipment: installations, mobile setups that come to your school, VR/AR, simulators and e-learning.',
    search: 'Search the catalogue',
    searchHint: 'Words in Dutch or English, e.g. “heat pump” or “warmtepomp”.',
    searchButton: 'Search',
    filters: 'Filters',
    activeFilters: '{n} active',
    clearFilters: 'Clear all filters',
    category: 'Kind of equipment',
    technology: 'Technology',
    sector: 'Sector',
    audience: 'Audience',
    country: 'Owner’s country',
    anyCountry: 'Any country',
    ownerKind: 'Kind of owner',
    anyOwner: 'Any kind of owner',
    comesToMe: 'Only mobile setups that come to the chosen site',
    forYourClass: 'Your class',
    learners: 'Learners',
    learnersHint: 'Only equipment where one unit takes this many learners.',
    hours: 'Session length (hours)',
    hoursHint: 'For the estimated cost.',
    maxPrice: 'Maximum price per hour (€)',
    near: 'Distances from',
    nearOrg: 'Our organisation’s address',
    within: 'Within (km)',
    window: 'Free between',
    windowHint: 'Shows how many units are free for the whole period ({zone} time).',
    from: 'Free from',
    to: 'Free until',
    bothOrNeither: 'Give both a start and an end.',
    endAfterStart: 'The end must be after the start.',
    sort: 'Sort by',
    sortDefault: 'Best match',
    sortRelevance: 'Relevance',
    sortDistance: 'Distance',
    sortPrice: 'Price',
    apply: 'Apply',
    results: '{n} results',
    oneResult: '1 result',
    noResults: 'Nothing matches. Try fewer words, or clear some filters.',
    searching: 'Searching…',
    distance: 'Distance',
    travel: 'Travel time',
    transport: 'Transport to you',
    cost: 'Estimated cost',
    costFor: 'for {learners} learners, {hours} h',
    capacity: 'Capacity',
    capacityValue: '{units} × {per} learners',
    seats: '{units} seats',
    freeUnits: 'Free in that period',
    freeUnitsValue: '{n} of {total}',
    mayBook: 'You may book',
    approval: 'The owner approves each request',
    mayNotBook: 'You may not book this',
    noAnswer: 'Sign in as a member of one organisation to see whether you may book.',
    owner: 'Owner',
    at: 'At',
    details: 'Details and availability',
    book: 'Book',
    previous: 'Previous page',
    next: 'Next page',
    page: 'Page {n}',
    paging: 'Result pages',
    noSite: 'Your organisation has no site yet, so distances are from its address.',
    resultsFor: 'Results',
    facetCount: '{n} listings',
  },
  nl: {
    title: 'Catalogus',
    intro: 'Vind gedeelde leermiddelen: installaties, mobiele opstellingen die naar uw school komen, VR/AR, simulatoren en e-learning.',
    search: 'Zoek in de catalogus',
    searchHint: 'Woorden in het Nederlands of Engels, bv. „warmtepomp” of „heat pump”.',
    searchButton: 'Zoeken',
    filters: 'Filters',
    activeFilters: '{n} actief',
    clearFilters: 'Alle filters wissen',
    category: 'Soort leermiddel',
    technology: 'Technologie',
    sector: 'Sector',
    audience: 'Doelgroep',
    country: 'Land van de eigenaar',
    anyCountry: 'Elk land',
    ownerKind: 'Soort eigenaar',
    anyOwner: 'Elke soort eigenaar',
    comesToMe: 'Alleen mobiele opstellingen die naar de gekozen locatie komen',
    forYourClass: 'Uw groep',
    learners: 'Leerlingen',
    learnersHint: 'Alleen leermiddelen waar één eenheid zoveel leerlingen aankan.',
    hours: 'Duur van de sessie (uren)',
    hoursHint: 'Voor de geschatte kosten.',
    maxPrice: 'Maximumprijs per uur (€)',
    near: 'Afstanden vanaf',
    nearOrg: 'Het adres van onze organisatie',
    within: 'Binnen (km)',
    window: 'Vrij tussen',
    windowHint: 'Toont hoeveel eenheden de hele periode vrij zijn (tijd in {zone}).',
    from: 'Vrij vanaf',
    to: 'Vrij tot',
    bothOrNeither: 'Geef zowel een begin als een einde.',
    endAfterStart: 'Het einde moet na het begin liggen.',
    sort: 'Sorteren op',
    sortDefault: 'Beste overeenkomst',
    sortRelevance: 'Relevantie',
    sortDistance: 'Afstand',
    sortPrice: 'Prijs',
    apply: 'Toepassen',
    results: '{n} resultaten',
    oneResult: '1 resultaat',
    noResults: 'Niets gevonden. Probeer minder woorden of wis enkele filters.',
    searching: 'Bezig met zoeken…',
    distance: 'Afstand',
    travel: 'Reistijd',
    transport: 'Transport naar u',
    cost: 'Geschatte kosten',
    costFor: 'voor {learners} leerlingen, {hours} u',
    capacity: 'Capaciteit',
    capacityValue: '{units} × {per} leerlingen',
    seats: '{units} licenties',
    freeUnits: 'Vrij in die periode',
    freeUnitsValue: '{n} van {total}',
    mayBook: 'U mag reserveren',
    approval: 'De eigenaar keurt elke aanvraag goed',
    mayNotBook: 'U mag dit niet reserveren',
    noAnswer: 'Meld u aan als lid van één organisatie om te zien of u mag reserveren.',
    owner: 'Eigenaar',
    at: 'Locatie',
    details: 'Details en beschikbaarheid',
    book: 'Reserveren',
    previous: 'Vorige pagina',
    next: 'Volgende pagina',
    page: 'Pagina {n}',
    paging: 'Resultaatpagina’s',
    noSite: 'Uw organisatie heeft nog geen locatie; afstanden zijn vanaf haar adres.',
    resultsFor: 'Resultaten',
    facetCount: '{n} aanbiedingen',
  },
});

interface SearchResult {
  listing: Listing;
  distanceKm?: number;
  travelMinutes: number;
  estimatedCostCents: string;
  eligibility?: Eligibility;
  freeUnits: number;
}

interface Facet {
  name: string;
  values: { value: string; count: number }[];
}

interface SearchResponse {
  results: SearchResult[];
  facets: Facet[];
  totalCount: number;
  nextPageToken: string;
}

const PAGE_SIZE = 20;
// URL parameter -> the facet it filters, and whether several values may be chosen.
const FACETS: { param: string; facet: string; api: string; multi: boolean }[] = [
  { param: 'cat', facet: 'category', api: 'categories', multi: true },
  { param: 'tech', facet: 'technology', api: 'technologies', multi: true },
  { param: 'sector', facet: 'sector', api: 'sectors', multi: true },
  { param: 'aud', facet: 'audience', api: 'audiences', multi: true },
  { param: 'country', facet: 'country', api: 'country', multi: false },
  { param: 'kind', facet: 'owner_kind', api: 'ownerKind', multi: false },
];
// Parameters that are not filters: changing them keeps the page.
const FILTER_PARAMS = ['q', 'cat', 'tech', 'sector', 'aud', 'country', 'kind', 'max', 'learners', 'hours', 'near', 'within', 'mobile', 'from', 'to', 'sort'];

function list(query: URLSearchParams, param: string): string[] {
  return (query.get(param) ?? '').split(',').filter(Boolean);
}

function go(query: URLSearchParams) {
  const s = query.toString();
  window.location.hash = `/catalogue${s ? `?${s}` : ''}`;
  // The browser announces the change later; tell the router now, so a ticked box or a chosen
  // option shows its new state at once instead of flicking back until then.
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

// A new URL from the current one: `changes` set (empty string removes), the page reset when a
// filter changes.
function update(current: URLSearchParams, changes: Record<string, string>) {
  const next = new URLSearchParams(current);
  let filterChanged = false;
  for (const [k, v] of Object.entries(changes)) {
    if ((current.get(k) ?? '') !== v && FILTER_PARAMS.includes(k)) filterChanged = true;
    if (v) next.set(k, v);
    else next.delete(k);
  }
  if (filterChanged) {
    next.delete('page');
    next.delete('prev');
  }
  go(next);
}

export function CataloguePage() {
  const t = useT(messages);
  const { api, session } = useSession();
  const route = useRoute();
  const query = route.query;
  const organizationId = session?.organizationId ?? '';

  // Our sites (distances start from one), the vocabulary (facet labels) and qualification names.
  const sites = useLoad(async () => {
    const [own] = await Promise.all([
      organizationId ? loadOwnSites(api, organizationId) : Promise.resolve([] as Site[]),
      loadVocabulary(api).catch(() => []),
      loadQualificationTypes(api).catch(() => []),
    ]);
    return own;
  }, [api, organizationId]);
  const ownSites = sites.data ?? [];
  const nearParam = query.get('near') ?? '';
  const nearSite: Site | undefined = nearParam === 'org' ? undefined : ownSites.find((s) => s.id === nearParam) ?? ownSites.find((s) => s.location);
  const zone = nearSite?.timeZone || 'Europe/Brussels';

  const learners = Number(query.get('learners') ?? '') || 0;
  const hours = Number(query.get('hours') ?? '') || 0;
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const windowStart = from ? fromZoned(from, zone) : null;
  const windowEnd = to ? fromZoned(to, zone) : null;
  const windowProblem = from || to ? (!windowStart || !windowEnd ? t('bothOrNeither') : windowEnd <= windowStart ? t('endAfterStart') : '') : '';

  const key = query.toString();
  const ready = !sites.loading || sites.data !== undefined || sites.error !== undefined;
  const search = useLoad(async (): Promise<{ response: SearchResponse; facets: Record<string, Facet['values']> } | null> => {
    if (!ready) return null;
    const base: Record<string, string | number | boolean | string[] | undefined> = {
      q: query.get('q') ?? undefined,
      maxPricePerHourCents: query.get('max') ? Math.round(Number(query.get('max')) * 100) : undefined,
      learners: learners || undefined,
      durationHours: hours || undefined,
      near: nearSite?.location ? `${nearSite.location.latitude},${nearSite.location.longitude}` : undefined,
      withinKm: Number(query.get('within') ?? '') || undefined,
      comesToMe: query.get('mobile') === '1' || undefined,
      sort: query.get('sort') || undefined,
      organizationId: organizationId || undefined,
    };
    if (windowStart && windowEnd && !windowProblem) {
      base.availableStart = windowStart.toISOString();
      base.availableEnd = windowEnd.toISOString();
    }
    const filters: Record<string, string | string[] | undefined> = {};
    for (const f of FACETS) {
      const values = list(query, f.param);
      if (values.length) filters[f.api] = f.multi ? values : values[0];
    }
    const main = api.get<SearchResponse>('/v1/listings:search', { ...base, ...filters, pageSize: PAGE_SIZE, pageToken: query.get('page') ?? undefined });
    // A facet with a choice made is counted without its own filter, so its other options keep
    // their counts and stay visible.
    const others = FACETS.filter((f) => filters[f.api] !== undefined).map(async (f) => {
      const rest = { ...filters };
      delete rest[f.api];
      const r = await api.get<SearchResponse>('/v1/listings:search', { ...base, ...rest, pageSize: 1 });
      return [f.facet, r.facets?.find((x) => x.name === f.facet)?.values ?? []] as const;
    });
    const [response, ...extra] = await Promise.all([main, ...others]);
    const facets: Record<string, Facet['values']> = {};
    for (const f of response.facets ?? []) facets[f.name] = f.values ?? [];
    for (const [name, values] of extra) facets[name] = values;
    return { response, facets };
  }, [api, key, ready, nearSite?.id, organizationId]);

  const activeCount = FACETS.reduce((n, f) => n + list(query, f.param).length, 0) + ['max', 'within', 'mobile', 'from'].filter((p) => query.get(p)).length;
  const pageNumber = list(query, 'prev').length + (query.get('page') ? 2 : 1);

  // Filters open beside the results on wide screens, folded above them on phones.
  const [wide] = useState(() => window.matchMedia?.('(min-width: 56rem)').matches ?? true);

  const response = search.data?.response;
  const results = response?.results ?? [];

  return (
    <section className="catalogue">
      <PageTitle>{t('title')}</PageTitle>
      <p className="muted">{t('intro')}</p>
      <SearchBox query={query} />
      <div className="catalogue-layout">
        <details className="catalogue-filters card" open={wide}>
          <summary>
            {t('filters')}
            {activeCount > 0 && <span className="badge">{t('activeFilters', { n: activeCount })}</span>}
          </summary>
          <FilterPanel query={query} facets={search.data?.facets ?? {}} ownSites={ownSites} nearSite={nearSite} zone={zone} windowProblem={windowProblem} activeCount={activeCount} />
        </details>
        <div className="catalogue-results">
          <div className="row results-head">
            <h2 id="results-heading">{t('resultsFor')}</h2>
            <p aria-live="polite" className="result-count">
              {search.loading ? '' : response ? (response.totalCount === 1 ? t('oneResult') : t('results', { n: response.totalCount })) : ''}
            </p>
            <SortSelect query={query} />
          </div>
          {!sites.loading && organizationId && ownSites.length === 0 && <p className="muted">{t('noSite')}</p>}
          {search.error !== undefined && (
            <ErrorNote
              errors={[
                search.error instanceof ApiError && search.error.status === 'FAILED_PRECONDITION' && (from || to)
                  ? `${t('window')}: ${errorText(search.error)}`
                  : errorText(search.error),
              ]}
              onRetry={search.reload}
            />
          )}
          {search.loading && <Loading label={t('searching')} />}
          {!search.loading && response && results.length === 0 && <p className="empty">{t('noResults')}</p>}
          <ol className="results" aria-labelledby="results-heading" aria-busy={search.loading}>
            {results.map((r) => (
              <ResultCard key={r.listing.id} result={r} nearSite={nearSite} learners={learners} hours={hours} slot={windowStart && windowEnd && !windowProblem ? { start: windowStart, end: windowEnd } : null} />
            ))}
          </ol>
          {(query.get('page') || response?.nextPageToken) && (
            <nav className="row pager" aria-label={t('paging')}>
              <button
                type="button"
                className="secondary"
                disabled={!query.get('page')}
                onClick={() => {
                  const prev = list(query, 'prev');
                  const next = new URLSearchParams(query);
                  const back = prev.pop();
                  if (back && back !== '-') next.set('page', back);
                  else next.delete('page');
                  if (prev.length) next.set('prev', prev.join(','));
                  else next.delete('prev');
                  go(next);
                }}
              >
                {t('previous')}
              </button>
              <span>{t('page', { n: pageNumber })}</span>
              <button
                type="button"
                className="secondary"
                disabled={!response?.nextPageToken}
                onClick={() => {
                  const next = new URLSearchParams(query);
                  next.set('prev', [...list(query, 'prev'), query.get('page') || '-'].join(','));
                  next.set('page', response!.nextPageToken);
                  go(next);
                  document.getElementById('results-heading')?.scrollIntoView();
                }}
              >
                {t('next')}
              </button>
            </nav>
          )}
        </div>
      </div>
    </section>
  );
}

function SearchBox({ query }: { query: URLSearchParams }) {
  const t = useT(messages);
  const [text, setText] = useState(query.get('q') ?? '');
  useEffect(() => setText(query.get('q') ?? ''), [query.get('q')]);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update(query, { q: text.trim() });
  };
  return (
    <form role="search" className="search-box" onSubmit={onSubmit}>
      <Field label={t('search')} hint={t('searchHint')}>
        {({ id, describedBy }) => (
          <div className="search-input">
            <input id={id} type="search" value={text} aria-describedby={describedBy} onChange={(e) => setText(e.target.value)} />
            <button type="submit">{t('searchButton')}</button>
          </div>
        )}
      </Field>
    </form>
  );
}

function SortSelect({ query }: { query: URLSearchParams }) {
  const t = useT(messages);
  return (
    <Field label={t('sort')}>
      {({ id }) => (
        <select id={id} value={query.get('sort') ?? ''} onChange={(e) => update(query, { sort: e.target.value })}>
          <option value="">{t('sortDefault')}</option>
          <option value="SEARCH_SORT_RELEVANCE">{t('sortRelevance')}</option>
          <option value="SEARCH_SORT_DISTANCE">{t('sortDistance')}</option>
          <option value="SEARCH_SORT_PRICE">{t('sortPrice')}</option>
        </select>
      )}
    </Field>
  );
}

function FilterPanel(props: { query: URLSearchParams; facets: Record<string, Facet['values']>; ownSites: Site[]; nearSite?: Site; zone: string; windowProblem: string; activeCount: number }) {
  const t = useT(messages);
  const L = useLabels();
  const { query, activeCount } = props;
  const key = query.toString();
  // Numbers and dates are applied together with "Apply"; choices apply at once.
  const [draft, setDraft] = useState(() => ({
    learners: query.get('learners') ?? '',
    hours: query.get('hours') ?? '',
    max: query.get('max') ?? '',
    within: query.get('within') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
  }));
  useEffect(
    () =>
      setDraft({
        learners: query.get('learners') ?? '',
        hours: query.get('hours') ?? '',
        max: query.get('max') ?? '',
        within: query.get('within') ?? '',
        from: query.get('from') ?? '',
        to: query.get('to') ?? '',
      }),
    [key],
  );
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const onApply = (e: FormEvent) => {
    e.preventDefault();
    update(query, draft);
  };
  const label = (facet: string, value: string) => {
    switch (facet) {
      case 'category':
        return L.category(value);
      case 'audience':
        return L.audience(value);
      case 'country':
        return L.country(value);
      case 'owner_kind':
        return L.ownerKind(value);
      default:
        return L.vocab(value);
    }
  };
  // Every value the server counted, plus the ones chosen (a choice never disappears), plus
  // for enums the values not counted.
  const options = (f: (typeof FACETS)[number]) => {
    const counted = props.facets[f.facet] ?? [];
    const counts = new Map(counted.map((v) => [v.value, v.count]));
    const all = [...counted.map((v) => v.value)];
    const known = f.facet === 'category' ? CATEGORIES : f.facet === 'audience' ? AUDIENCES : f.facet === 'owner_kind' ? ORG_KINDS.map(String) : f.facet === 'country' ? ['NL', 'BE'] : [];
    for (const v of [...list(query, f.param), ...known]) if (!all.includes(v)) all.push(v);
    return all.map((value) => ({ value, count: counts.get(value) ?? 0, label: label(f.facet, value) }));
  };
  return (
    <div className="filter-panel">
      {FACETS.filter((f) => f.multi).map((f) => {
        const chosen = list(query, f.param);
        const opts = options(f).filter((o) => o.count > 0 || chosen.includes(o.value));
        if (!opts.length) return null;
        return (
          <fieldset key={f.param} className="facet">
            <legend>{t(f.facet as 'category')}</legend>
            <ul>
              {opts.map((o) => (
                <li key={o.value}>
                  <label>
                    <input
                      type="checkbox"
                      checked={chosen.includes(o.value)}
                      onChange={(e) =>
                        update(query, { [f.param]: (e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value)).join(',') })
                      }
                    />{' '}
                    {o.label} <span className="facet-count" aria-label={t('facetCount', { n: o.count })}>({o.count})</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        );
      })}
      {FACETS.filter((f) => !f.multi).map((f) => {
        const chosen = query.get(f.param) ?? '';
        const opts = options(f).filter((o) => o.count > 0 || o.value === chosen);
        const isCountry = f.facet === 'country';
        return (
          <Field key={f.param} label={isCountry ? t('country') : t('ownerKind')}>
            {({ id }) => (
              <select id={id} value={chosen} onChange={(e) => update(query, { [f.param]: e.target.value })}>
                <option value="">{isCountry ? t('anyCountry') : t('anyOwner')}</option>
                {opts.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label} ({o.count})
                  </option>
                ))}
              </select>
            )}
          </Field>
        );
      })}
      <Field label={t('near')}>
        {({ id }) => (
          <select id={id} value={props.nearSite?.id ?? 'org'} onChange={(e) => update(query, { near: e.target.value })}>
            {props.ownSites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {s.address?.locality ? ` (${s.address.locality})` : ''}
              </option>
            ))}
            <option value="org">{t('nearOrg')}</option>
          </select>
        )}
      </Field>
      <div className="checkbox-line">
        <label>
          <input type="checkbox" checked={query.get('mobile') === '1'} onChange={(e) => update(query, { mobile: e.target.checked ? '1' : '' })} /> {t('comesToMe')}
        </label>
      </div>
      <form onSubmit={onApply} className="filter-numbers">
        <fieldset>
          <legend>{t('forYourClass')}</legend>
          <Field label={t('learners')} hint={t('learnersHint')}>
            {({ id, describedBy }) => <input id={id} type="number" min={1} inputMode="numeric" value={draft.learners} aria-describedby={describedBy} onChange={set('learners')} />}
          </Field>
          <Field label={t('hours')} hint={t('hoursHint')}>
            {({ id, describedBy }) => <input id={id} type="number" min={0.5} step={0.5} value={draft.hours} aria-describedby={describedBy} placeholder="4" onChange={set('hours')} />}
          </Field>
          <Field label={t('maxPrice')}>
            {({ id }) => <input id={id} type="number" min={0} step={1} value={draft.max} onChange={set('max')} />}
          </Field>
          <Field label={t('within')}>
            {({ id }) => <input id={id} type="number" min={0} step={5} value={draft.within} onChange={set('within')} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('window')}</legend>
          <p className="hint">{t('windowHint', { zone: props.zone })}</p>
          <Field label={t('from')} errors={props.windowProblem && !draft.from ? [props.windowProblem] : []}>
            {({ id, describedBy, invalid }) => (
              <input id={id} type="datetime-local" value={draft.from} aria-describedby={describedBy} aria-invalid={invalid} onChange={set('from')} />
            )}
          </Field>
          <Field label={t('to')} errors={props.windowProblem && draft.from ? [props.windowProblem] : []}>
            {({ id, describedBy, invalid }) => (
              <input id={id} type="datetime-local" value={draft.to} aria-describedby={describedBy} aria-invalid={invalid} onChange={set('to')} />
            )}
          </Field>
        </fieldset>
        <div className="row">
          <button type="submit">{t('apply')}</button>
          {activeCount > 0 && (
            <a className="button secondary" href={href('/catalogue', { q: query.get('q') ?? undefined, near: query.get('near') ?? undefined })}>
              {t('clearFilters')}
            </a>
          )}
        </div>
      </form>
    </div>
  );
}

function ResultCard({ result, nearSite, learners, hours, slot }: { result: SearchResult; nearSite?: Site; learners: number; hours: number; slot: { start: Date; end: Date } | null }) {
  const t = useT(messages);
  const fmt = useFormat();
  const L = useLabels();
  const windowShown = slot !== null;
  const l = result.listing;
  const title = L.title(l);
  const headingId = useId();
  const mobile = l.category === 'CATEGORY_MOBILE_SETUP';
  const elearning = l.category === 'CATEGORY_E_LEARNING';
  const e = result.eligibility;
  const carry = {
    site: nearSite?.id,
    learners: learners || undefined,
    start: slot ? slot.start.toISOString() : undefined,
    end: slot ? slot.end.toISOString() : undefined,
  };
  return (
    <li className="card result" aria-labelledby={headingId}>
      <div className="result-main">
        <h3 id={headingId}>
          <a href={href(`/listings/${l.id}`, { site: carry.site })}>{title}</a>
        </h3>
        <p className="result-meta">
          <span className="badge">{L.category(l.category)}</span>{' '}
          <span>
            {t('owner')}: {l.ownerName || '—'}
            {l.ownerCountry ? ` (${l.ownerCountry})` : ''}
          </span>
          {l.site?.address?.locality && (
            <span>
              {' · '}
              {t('at')}: {l.site.address.locality}
            </span>
          )}
        </p>
        {L.description(l) && <p className="result-description">{L.description(l)}</p>}
        <dl className="facts">
          {!elearning && result.distanceKm !== undefined && (
            <div>
              <dt>{t('distance')}</dt>
              <dd>{fmt.km(result.distanceKm)}</dd>
            </div>
          )}
          {!elearning && result.travelMinutes > 0 && (
            <div>
              <dt>{mobile ? t('transport') : t('travel')}</dt>
              <dd>{fmt.minutes(result.travelMinutes)}</dd>
            </div>
          )}
          <div>
            <dt>{t('cost')}</dt>
            <dd>
              {fmt.cents(result.estimatedCostCents)} <span className="muted">{t('costFor', { learners: learners || 1, hours: fmt.number(hours || 4) })}</span>
            </dd>
          </div>
          <div>
            <dt>{t('capacity')}</dt>
            <dd>{elearning ? t('seats', { units: l.unitCount }) : t('capacityValue', { units: l.unitCount, per: l.capacityPerUnit })}</dd>
          </div>
          {windowShown && (
            <div>
              <dt>{t('freeUnits')}</dt>
              <dd>
                <span className={`badge ${result.freeUnits > 0 ? 'ok' : 'error'}`}>{t('freeUnitsValue', { n: result.freeUnits, total: l.unitCount })}</span>
              </dd>
            </div>
          )}
        </dl>
        {e ? (
          e.mayBook ? (
            <p className="eligibility">
              <span className="badge ok">✓ {t('mayBook')}</span>
              {e.approvalRequired && <span className="badge warn">{t('approval')}</span>}
            </p>
          ) : (
            <div className="eligibility">
              <span className="badge error">✗ {t('mayNotBook')}</span>
              <ul>
                {e.reasons.map((r) => (
                  <li key={r.code + r.message}>{L.reason(r)}</li>
                ))}
              </ul>
            </div>
          )
        ) : (
          <p className="muted">{t('noAnswer')}</p>
        )}
      </div>
      <div className="result-actions">
        <a className="button secondary" href={href(`/listings/${l.id}`, { site: carry.site })}>
          {t('details')}
          <span className="visually-hidden">: {title}</span>
        </a>
        {e?.mayBook && (
          <a className="button" href={href(`/book/${l.id}`, carry)}>
            {t('book')}
            <span className="visually-hidden"> {title}</span>
          </a>
        )}
      </div>
    </li>
  );
}
