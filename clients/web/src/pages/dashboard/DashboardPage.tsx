// The multi-use dashboard for sector bodies, owners, governments and analysts: how much shared
// equipment is used, by how many organisations, across the border, reaching which learners and
// at what cost, for a scope the caller may see (docs/security.md, "Statistics") and a period.
// Every number comes from the statistics API; charts are plain SVG with their numbers as tables.
import { useMemo, useState } from 'react';
import { ApiError } from '../../api';
import { ErrorNote, Field, Loading, PageTitle, downloadText, errorText, useLoad } from '../../components/ui';
import { defineMessages, locale, useFormat, useLang, useT } from '../../i18n';
import { href, useRoute } from '../../router';
import { useSession } from '../../session';
import { BarChart } from './BarChart';
import {
  INTERVALS,
  INTERVAL_ENUM,
  isDay,
  lastDay,
  parseScope,
  periodQuery,
  schoolYearOf,
  schoolYearPeriod,
  scopeQuery,
  toCsv,
  type Interval,
  type Period,
  type Scope,
  type StatsFigures,
  type StatsSummary,
  type StatsTimeSeries,
  type StatsTop,
} from './stats';
import './dashboard.css';

const messages = defineMessages({
  en: {
    title: 'Dashboard: use of shared equipment',
    intro: 'How much the shared learning equipment is used, by how many organisations, across the border, and how many learners it reaches.',
    choose: 'What to show',
    scope: 'Figures for',
    scopePlatform: 'The whole platform',
    scopeUse: '{name}: our use as borrower',
    scopeOwner: '{name}: our listings, as owner',
    scopeNetwork: 'Network: {name}',
    scopeLinked: 'From the link: {id}',
    groupPlatform: 'Platform',
    groupNetworks: 'Networks',
    groupOurs: 'Our organisation',
    groupOwners: 'Organisations as owner',
    groupUse: 'Organisations as borrower',
    ownerOf: '{name} (listings)',
    useOf: '{name} (use)',
    scopeHint: 'You see your own organisation’s use and listings; sector bodies also their networks; analysts, governments and platform administrators the whole platform.',
    period: 'Period',
    schoolYear: 'School year',
    custom: 'Custom dates',
    year: 'School year',
    yearHint: '1 September {a} to 31 August {b}',
    notApplicable: 'does not apply',
    utilisationUse: 'utilisation does not apply to an organisation’s own use as borrower',
    from: 'From',
    to: 'To (inclusive)',
    interval: 'Per',
    month: 'month',
    quarter: 'quarter',
    week: 'week (Monday to Sunday)',
    endBeforeStart: 'The end date must be on or after the start date.',
    badDate: 'Enter a date.',
    loading: 'Loading the figures…',
    loadingContext: 'Loading what you may see…',
    denied: 'You may not see the figures for this choice. Organisations see their own use and their own listings; sector bodies the networks they belong to; analysts, governments and platform administrators the whole platform.',
    signIn: 'Your session has ended. Sign in again to see the figures.',
    unavailable: 'The statistics cannot be reached right now. Try again in a moment.',
    invalid: 'The figures cannot be computed for this choice: {message}',
    notFound: 'This organisation, network or listing does not exist (any more).',
    other: 'The figures could not be loaded: {message}',
    keyFigures: 'Key figures',
    periodLabel: '{from} – {to}',
    forPeriod: 'Period: {period} (UTC days)',
    utilisation: 'Utilisation',
    utilisationSub: '{used} used of {available} available',
    hours: '{n} h',
    usedHours: 'Used hours',
    usedSub: 'check-out to check-in, completed reservations',
    reservedHours: 'Reserved hours',
    reservedSub: 'scheduled, confirmed and later; not the same as used',
    distinctOrgs: 'Organisations that used it',
    distinctSub: 'distinct organisations with a completed reservation',
    crossBorder: 'Cross-border use',
    crossBorderSub: 'of used hours went to organisations from another country than the owner: {n} organisations, {orgs} of all',
    learners: 'Learners reached',
    learnersSub: 'head count at check-in (a learner at two sessions counts twice)',
    learnerHours: 'Learner-hours',
    learnerHoursSub: 'learners × used hours',
    cost: 'Cost per learner-hour',
    costSub: 'depreciation {dep} ÷ learner-hours',
    reservations: 'Reservations',
    reservationsSub: '{completed} completed, {active} still to be used, {cancelled} cancelled, {noShows} no-shows',
    revenue: 'Revenue',
    revenueSub: 'quotes of completed reservations plus cancellation fees',
    listings: 'Listings in scope',
    listingsSub: 'count',
    downloadFigures: 'Download key figures (CSV)',
    downloading: 'Preparing CSV…',
    charts: 'Over time and by group',
    chartUtilisation: 'Utilisation per {interval}',
    descUtilisation: 'Used hours as a share of available hours, per {interval}, {period}. Unit: percent.',
    seriesUtilisation: 'Utilisation (%)',
    colUsed: 'Used (h)',
    colAvailable: 'Available (h)',
    chartHours: 'Reserved and used hours per {interval}',
    descHours: 'Reserved hours (scheduled) and used hours (check-out to check-in), two separate series, per {interval}, {period}. Unit: hours.',
    seriesReserved: 'Reserved (h)',
    seriesUsed: 'Used (h)',
    chartOrgs: 'Distinct organisations per {interval} (multi-use)',
    descOrgs: 'Organisations with at least one completed reservation, per {interval}, {period}. Unit: organisations.',
    seriesOrgs: 'Organisations',
    chartKinds: 'Organisations by kind',
    descKinds: 'Distinct borrowing organisations by kind over {period}. Unit: organisations.',
    kind: 'Kind of organisation',
    chartCross: 'Cross-border share per {interval}',
    descCross: 'Share of used hours and share of organisations from another country than the owner, per {interval}, {period}. Unit: percent.',
    seriesCrossHours: 'Share of used hours (%)',
    seriesCrossOrgs: 'Share of organisations (%)',
    chartAudience: 'Learners reached by audience',
    descAudience: 'Learners present at check-in per audience over {period}. Unit: learners (head count); learner-hours in the table.',
    audience: 'Audience',
    seriesLearners: 'Learners',
    colLearnerHours: 'Learner-hours',
    chartLearnerHours: 'Learner-hours per {interval}',
    descLearnerHours: 'Learners times used hours, per {interval}, {period}. Unit: learner-hours.',
    seriesLearnerHours: 'Learner-hours',
    chartCost: 'Cost per learner-hour per {interval}',
    descCost: 'Depreciation divided by learner-hours, per {interval}, {period}. Unit: euro per learner-hour; 0 where no learners were recorded.',
    seriesCost: 'Cost per learner-hour (€)',
    colDepreciation: 'Depreciation (€)',
    chartCancel: 'Completed, cancelled and no-show reservations per {interval}',
    descCancel: 'Reservations counted on the day they start: completed, cancelled and no-shows, per {interval}, {period}. Unit: reservations.',
    seriesCompleted: 'Completed',
    seriesCancelled: 'Cancelled',
    seriesNoShows: 'No-shows',
    top: 'Listings ranked',
    topIntro: 'The listings in this scope over {period}.',
    orderBy: 'Rank by',
    orderUtilisation: 'utilisation',
    orderOrgs: 'distinct organisations',
    direction: 'Show',
    highest: 'highest first',
    lowest: 'lowest first',
    listing: 'Listing',
    colUtilisation: 'Utilisation (%)',
    colOrgs: 'Organisations',
    colLearners: 'Learners',
    colCancellations: 'Cancellations',
    colNoShows: 'No-shows',
    noListings: 'No listings in this scope.',
    downloadTop: 'Download this table (CSV)',
    borrowers: 'Borrowing organisations',
    borrowersIntro: 'Named only where the owner’s terms allow it; over {period}.',
    organisation: 'Organisation',
    noUse: 'Nothing was used in this period yet.',
    tryPrevious: 'Show school year {label}',
    kind_ORGANIZATION_KIND_SCHOOL: 'Schools',
    kind_ORGANIZATION_KIND_TRAINING_CENTRE: 'Training centres',
    kind_ORGANIZATION_KIND_COMPANY: 'Companies',
    kind_ORGANIZATION_KIND_MANUFACTURER: 'Manufacturers',
    kind_ORGANIZATION_KIND_SECTOR_BODY: 'Sector bodies',
    kind_ORGANIZATION_KIND_GOVERNMENT: 'Governments',
    kind_ORGANIZATION_KIND_SIMULATION_CENTRE: 'Simulation centres',
    kind_ORGANIZATION_KIND_UNSPECIFIED: 'Other',
    audience_1: 'Pupils',
    audience_2: 'Teachers',
    audience_3: 'Upskilling workers',
    audience_4: 'Job seekers and side-entrants',
    audience_5: 'Teens (orientation)',
    audience_0: 'Other',
    audienceShort_1: 'Pupils',
    audienceShort_2: 'Teachers',
    audienceShort_3: 'Upskilling',
    audienceShort_4: 'Job seekers',
    audienceShort_5: 'Teens',
    audienceShort_0: 'Other',
  },
  nl: {
    title: 'Dashboard: gebruik van gedeelde leermiddelen',
    intro: 'Hoeveel de gedeelde leermiddelen gebruikt worden, door hoeveel organisaties, over de grens, en hoeveel lerenden ze bereiken.',
    choose: 'Wat tonen',
    scope: 'Cijfers voor',
    scopePlatform: 'Het hele platform',
    scopeUse: '{name}: ons gebruik als lener',
    scopeOwner: '{name}: ons aanbod, als eigenaar',
    scopeNetwork: 'Netwerk: {name}',
    scopeLinked: 'Uit de link: {id}',
    groupPlatform: 'Platform',
    groupNetworks: 'Netwerken',
    groupOurs: 'Onze organisatie',
    groupOwners: 'Organisaties als eigenaar',
    groupUse: 'Organisaties als lener',
    ownerOf: '{name} (aanbod)',
    useOf: '{name} (gebruik)',
    scopeHint: 'U ziet het gebruik en aanbod van uw eigen organisatie; sectororganisaties ook hun netwerken; analisten, overheden en platformbeheerders het hele platform.',
    period: 'Periode',
    schoolYear: 'Schooljaar',
    custom: 'Eigen data',
    year: 'Schooljaar',
    yearHint: '1 september {a} tot en met 31 augustus {b}',
    notApplicable: 'niet van toepassing',
    utilisationUse: 'bezettingsgraad geldt niet voor het eigen gebruik van een organisatie als lener',
    from: 'Van',
    to: 'Tot en met',
    interval: 'Per',
    month: 'maand',
    quarter: 'kwartaal',
    week: 'week (maandag tot zondag)',
    endBeforeStart: 'De einddatum moet op of na de begindatum liggen.',
    badDate: 'Vul een datum in.',
    loading: 'De cijfers worden geladen…',
    loadingContext: 'Bezig met nagaan wat u mag zien…',
    denied: 'U mag de cijfers voor deze keuze niet zien. Organisaties zien hun eigen gebruik en hun eigen aanbod; sectororganisaties de netwerken waar ze lid van zijn; analisten, overheden en platformbeheerders het hele platform.',
    signIn: 'Uw sessie is verlopen. Meld u opnieuw aan om de cijfers te zien.',
    unavailable: 'De statistieken zijn nu niet bereikbaar. Probeer het zo opnieuw.',
    invalid: 'Voor deze keuze kunnen geen cijfers berekend worden: {message}',
    notFound: 'Deze organisatie, dit netwerk of dit aanbod bestaat niet (meer).',
    other: 'De cijfers konden niet geladen worden: {message}',
    keyFigures: 'Kerncijfers',
    periodLabel: '{from} – {to}',
    forPeriod: 'Periode: {period} (UTC-dagen)',
    utilisation: 'Bezettingsgraad',
    utilisationSub: '{used} gebruikt van {available} beschikbaar',
    hours: '{n} u',
    usedHours: 'Gebruikte uren',
    usedSub: 'uitgifte tot inname, afgeronde reserveringen',
    reservedHours: 'Gereserveerde uren',
    reservedSub: 'gepland, bevestigd en later; niet hetzelfde als gebruikt',
    distinctOrgs: 'Organisaties die het gebruikten',
    distinctSub: 'verschillende organisaties met een afgeronde reservering',
    crossBorder: 'Grensoverschrijdend gebruik',
    crossBorderSub: 'van de gebruikte uren ging naar organisaties uit een ander land dan de eigenaar: {n} organisaties, {orgs} van alle',
    learners: 'Bereikte lerenden',
    learnersSub: 'aanwezig bij inname (wie twee sessies volgt, telt twee keer)',
    learnerHours: 'Lerende-uren',
    learnerHoursSub: 'lerenden × gebruikte uren',
    cost: 'Kosten per lerende-uur',
    costSub: 'afschrijving {dep} ÷ lerende-uren',
    reservations: 'Reserveringen',
    reservationsSub: '{completed} afgerond, {active} nog te gebruiken, {cancelled} geannuleerd, {noShows} niet opgedaagd',
    revenue: 'Opbrengst',
    revenueSub: 'prijzen van afgeronde reserveringen plus annuleringskosten',
    listings: 'Aanbod in beeld',
    listingsSub: 'aantal',
    downloadFigures: 'Kerncijfers downloaden (CSV)',
    downloading: 'CSV wordt gemaakt…',
    charts: 'In de tijd en per groep',
    chartUtilisation: 'Bezettingsgraad per {interval}',
    descUtilisation: 'Gebruikte uren als aandeel van de beschikbare uren, per {interval}, {period}. Eenheid: procent.',
    seriesUtilisation: 'Bezettingsgraad (%)',
    colUsed: 'Gebruikt (u)',
    colAvailable: 'Beschikbaar (u)',
    chartHours: 'Gereserveerde en gebruikte uren per {interval}',
    descHours: 'Gereserveerde uren (gepland) en gebruikte uren (uitgifte tot inname), twee aparte reeksen, per {interval}, {period}. Eenheid: uren.',
    seriesReserved: 'Gereserveerd (u)',
    seriesUsed: 'Gebruikt (u)',
    chartOrgs: 'Verschillende organisaties per {interval} (multi-gebruik)',
    descOrgs: 'Organisaties met minstens één afgeronde reservering, per {interval}, {period}. Eenheid: organisaties.',
    seriesOrgs: 'Organisaties',
    chartKinds: 'Organisaties naar soort',
    descKinds: 'Verschillende lenende organisaties naar soort over {period}. Eenheid: organisaties.',
    kind: 'Soort organisatie',
    chartCross: 'Grensoverschrijdend aandeel per {interval}',
    descCross: 'Aandeel van de gebruikte uren en van de organisaties uit een ander land dan de eigenaar, per {interval}, {period}. Eenheid: procent.',
    seriesCrossHours: 'Aandeel gebruikte uren (%)',
    seriesCrossOrgs: 'Aandeel organisaties (%)',
    chartAudience: 'Bereikte lerenden per doelgroep',
    descAudience: 'Lerenden aanwezig bij inname per doelgroep over {period}. Eenheid: lerenden (aantal); lerende-uren in de tabel.',
    audience: 'Doelgroep',
    seriesLearners: 'Lerenden',
    colLearnerHours: 'Lerende-uren',
    chartLearnerHours: 'Lerende-uren per {interval}',
    descLearnerHours: 'Lerenden maal gebruikte uren, per {interval}, {period}. Eenheid: lerende-uren.',
    seriesLearnerHours: 'Lerende-uren',
    chartCost: 'Kosten per lerende-uur per {interval}',
    descCost: 'Afschrijving gedeeld door lerende-uren, per {interval}, {period}. Eenheid: euro per lerende-uur; 0 waar geen lerenden geteld zijn.',
    seriesCost: 'Kosten per lerende-uur (€)',
    colDepreciation: 'Afschrijving (€)',
    chartCancel: 'Afgeronde, geannuleerde en niet-opgedaagde reserveringen per {interval}',
    descCancel: 'Reserveringen geteld op de dag dat ze beginnen: afgerond, geannuleerd en niet opgedaagd, per {interval}, {period}. Eenheid: reserveringen.',
    seriesCompleted: 'Afgerond',
    seriesCancelled: 'Geannuleerd',
    seriesNoShows: 'Niet opgedaagd',
    top: 'Aanbod gerangschikt',
    topIntro: 'Het aanbod in deze selectie over {period}.',
    orderBy: 'Rangschikken op',
    orderUtilisation: 'bezettingsgraad',
    orderOrgs: 'verschillende organisaties',
    direction: 'Toon',
    highest: 'hoogste eerst',
    lowest: 'laagste eerst',
    listing: 'Aanbod',
    colUtilisation: 'Bezettingsgraad (%)',
    colOrgs: 'Organisaties',
    colLearners: 'Lerenden',
    colCancellations: 'Annuleringen',
    colNoShows: 'Niet opgedaagd',
    noListings: 'Geen aanbod in deze selectie.',
    downloadTop: 'Deze tabel downloaden (CSV)',
    borrowers: 'Lenende organisaties',
    borrowersIntro: 'Alleen met naam waar de voorwaarden van de eigenaar dat toestaan; over {period}.',
    organisation: 'Organisatie',
    noUse: 'In deze periode is nog niets gebruikt.',
    tryPrevious: 'Toon schooljaar {label}',
    kind_ORGANIZATION_KIND_SCHOOL: 'Scholen',
    kind_ORGANIZATION_KIND_TRAINING_CENTRE: 'Opleidingscentra',
    kind_ORGANIZATION_KIND_COMPANY: 'Bedrijven',
    kind_ORGANIZATION_KIND_MANUFACTURER: 'Fabrikanten',
    kind_ORGANIZATION_KIND_SECTOR_BODY: 'Sectororganisaties',
    kind_ORGANIZATION_KIND_GOVERNMENT: 'Overheden',
    kind_ORGANIZATION_KIND_SIMULATION_CENTRE: 'Simulatiecentra',
    kind_ORGANIZATION_KIND_UNSPECIFIED: 'Overig',
    audience_1: 'Leerlingen',
    audience_2: 'Leraren',
    audience_3: 'Werkenden (bijscholing)',
    audience_4: 'Werkzoekenden en zij-instromers',
    audience_5: 'Jongeren (oriëntatie)',
    audience_0: 'Overig',
    audienceShort_1: 'Leerlingen',
    audienceShort_2: 'Leraren',
    audienceShort_3: 'Bijscholing',
    audienceShort_4: 'Werkzoekend',
    audienceShort_5: 'Jongeren',
    audienceShort_0: 'Overig',
  },
});

type Key = keyof (typeof messages)['en'];

interface Named {
  id: string;
  name: string;
  kind?: string;
  ownerOrganizationId?: string;
}

interface ScopeOption {
  value: string;
  label: string;
  group: 'platform' | 'networks' | 'ours' | 'owners' | 'use' | 'linked';
}

function schoolYearLabel(year: number): string {
  return `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
}

// ISO 8601 week number of a UTC day.
function isoWeek(iso: string): number {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  return 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86400000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
}

export function DashboardPage() {
  const t = useT(messages);
  const fmt = useFormat();
  const { lang } = useLang();
  const route = useRoute();
  const { session, api, hasRole, platformAdmin: isAdmin, organizationName: ourName } = useSession();
  const orgId = session?.organizationId ?? '';
  const isAnalyst = !!session?.memberships.some((m) => m.roles.includes('ROLE_ANALYST'));

  // Dates as UTC calendar days (the API counts whole UTC days).
  const dayFormat = useMemo(() => new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }), [lang]);
  const monthFormat = useMemo(() => new Intl.DateTimeFormat(locale(lang), { month: 'short', year: '2-digit', timeZone: 'UTC' }), [lang]);
  const day = (d: string) => dayFormat.format(new Date(`${d.slice(0, 10)}T00:00:00Z`));
  const hours = (n: number) => t('hours', { n: fmt.number(n) });

  // The state lives in the URL query, so a view can be bookmarked and shared.
  const q = route.query;
  const currentYear = schoolYearOf(new Date());
  const [scopeText, setScopeText] = useState<string>(q.get('scope') ?? '');
  const [mode, setMode] = useState<'year' | 'custom'>(q.get('from') || q.get('to') ? 'custom' : 'year');
  const [year, setYear] = useState<number>(Number(q.get('year')) || currentYear);
  const [from, setFrom] = useState<string>(q.get('from') ?? schoolYearPeriod(currentYear).start);
  const [to, setTo] = useState<string>(q.get('to') ?? schoolYearPeriod(currentYear).end);
  const [interval, setInterval] = useState<Interval>((INTERVALS as string[]).includes(q.get('interval') ?? '') ? (q.get('interval') as Interval) : 'month');
  const [orderBy, setOrderBy] = useState<'utilisation' | 'orgs'>('utilisation');
  const [bottom, setBottom] = useState(false);

  // What this person may see: their organisation's kind, its networks, and for platform
  // administrators every organisation and network.
  const context = useLoad(async () => {
    const org = orgId ? await api.get<Named & { kind: string }>(`/v1/organizations/${encodeURIComponent(orgId)}`) : null;
    let networks: Named[] = [];
    let organizations: Named[] = [];
    if (isAdmin) {
      const [n, o] = await Promise.all([
        api.get<{ networks: Named[] }>('/v1/networks', { pageSize: 100 }),
        api.get<{ organizations: Named[] }>('/v1/organizations', { pageSize: 200 }),
      ]);
      networks = n.networks ?? [];
      organizations = o.organizations ?? [];
    } else if (org?.kind === 'ORGANIZATION_KIND_SECTOR_BODY') {
      // Networks the sector body belongs to or runs.
      const [member, all] = await Promise.all([
        api.get<{ networks: Named[] }>('/v1/networks', { memberOrganizationId: orgId, pageSize: 100 }),
        api.get<{ networks: Named[] }>('/v1/networks', { pageSize: 100 }),
      ]);
      const seen = new Set<string>();
      networks = [...(member.networks ?? []), ...(all.networks ?? []).filter((n) => n.ownerOrganizationId === orgId)].filter((n) =>
        seen.has(n.id) ? false : (seen.add(n.id), true),
      );
    }
    return { org, networks, organizations };
  }, [orgId, isAdmin]);

  const platformAllowed = isAdmin || isAnalyst || context.data?.org?.kind === 'ORGANIZATION_KIND_GOVERNMENT';

  const options: ScopeOption[] = useMemo(() => {
    const list: ScopeOption[] = [];
    if (!context.data) return list;
    if (platformAllowed) list.push({ value: 'platform', label: t('scopePlatform'), group: 'platform' });
    for (const n of context.data.networks) list.push({ value: `network:${n.id}`, label: t('scopeNetwork', { name: n.name }), group: 'networks' });
    if (orgId) {
      list.push({ value: `owner:${orgId}`, label: t('scopeOwner', { name: ourName }), group: 'ours' });
      list.push({ value: `use:${orgId}`, label: t('scopeUse', { name: ourName }), group: 'ours' });
    }
    for (const o of context.data.organizations.filter((o) => o.id !== orgId)) list.push({ value: `owner:${o.id}`, label: t('ownerOf', { name: o.name }), group: 'owners' });
    for (const o of context.data.organizations.filter((o) => o.id !== orgId)) list.push({ value: `use:${o.id}`, label: t('useOf', { name: o.name }), group: 'use' });
    return list;
  }, [context.data, platformAllowed, orgId, ourName, t]);

  // The default: the widest view this person has.
  const defaultScope = (() => {
    if (platformAllowed) return 'platform';
    const network = options.find((o) => o.group === 'networks');
    if (network) return network.value;
    // Owners (organisation administrators) first see their listings; coordinators their use.
    return hasRole('ROLE_ORG_ADMIN') ? `owner:${orgId}` : `use:${orgId}`;
  })();
  const chosen = scopeText && parseScope(scopeText) ? scopeText : context.data ? defaultScope : '';
  const scope: Scope | null = parseScope(chosen);
  const allOptions = chosen && !options.some((o) => o.value === chosen) ? [...options, { value: chosen, label: t('scopeLinked', { id: chosen }), group: 'linked' as const }] : options;

  // The period, checked before asking.
  const periodErrors: { from: string[]; to: string[] } = { from: [], to: [] };
  let period: Period | null = null;
  if (mode === 'year') period = schoolYearPeriod(year);
  else {
    if (!isDay(from)) periodErrors.from.push(t('badDate'));
    if (!isDay(to)) periodErrors.to.push(t('badDate'));
    if (isDay(from) && isDay(to) && to < from) periodErrors.to.push(t('endBeforeStart'));
    if (!periodErrors.from.length && !periodErrors.to.length) period = { start: from, end: to };
  }

  // Keep the URL in step without adding history entries for every change.
  const syncUrl = (next: Record<string, string | undefined>) => {
    const state: Record<string, string | undefined> = {
      scope: chosen,
      interval,
      year: mode === 'year' ? String(year) : undefined,
      from: mode === 'custom' ? from : undefined,
      to: mode === 'custom' ? to : undefined,
      ...next,
    };
    window.history.replaceState(null, '', href('/dashboard', state));
  };

  const baseQuery = scope && period ? { ...scopeQuery(scope), ...periodQuery(period) } : null;
  const queryKey = JSON.stringify(baseQuery);

  const figures = useLoad(async () => {
    if (!baseQuery) return null;
    const [summary, series] = await Promise.all([
      api.get<StatsSummary>('/v1/stats:summary', baseQuery),
      api.get<StatsTimeSeries>('/v1/stats:timeseries', { ...baseQuery, interval: INTERVAL_ENUM[interval] }),
    ]);
    return { summary, series };
  }, [queryKey, interval]);

  const top = useLoad(async () => {
    if (!baseQuery) return null;
    return api.get<StatsTop>('/v1/stats:top', {
      ...baseQuery,
      orderBy: orderBy === 'orgs' ? 'STATS_ORDER_DISTINCT_ORGANIZATIONS' : 'STATS_ORDER_UTILISATION',
      bottom,
      limit: 10,
    });
  }, [queryKey, orderBy, bottom]);

  // Errors in plain words; a period error goes next to the dates.
  const explain = (e: unknown): string => {
    if (e instanceof ApiError) {
      switch (e.status) {
        case 'PERMISSION_DENIED':
          return t('denied');
        case 'UNAUTHENTICATED':
          return t('signIn');
        case 'UNAVAILABLE':
        case 'DEADLINE_EXCEEDED':
          return t('unavailable');
        case 'NOT_FOUND':
          return t('notFound');
        case 'INVALID_ARGUMENT':
          return t('invalid', { message: e.problems.map((p) => p.text).join('; ') || e.message });
        default:
          return t('other', { message: e.message });
      }
    }
    return t('other', { message: errorText(e) });
  };
  // Asking again helps only when the server could not answer, not when it said no.
  const retryable = (e: unknown) => !(e instanceof ApiError) || !['PERMISSION_DENIED', 'INVALID_ARGUMENT', 'NOT_FOUND', 'UNAUTHENTICATED'].includes(e.status);
  const apiPeriodErrors = (field: string) =>
    figures.error instanceof ApiError && figures.error.status === 'INVALID_ARGUMENT' ? figures.error.forField(field) : [];
  const periodClaimed = apiPeriodErrors('start_time').length + apiPeriodErrors('end_time').length > 0;

  const summary = figures.data?.summary.groups[0];
  const points = figures.data?.series.points ?? [];
  const periodText = summary ? t('periodLabel', { from: day(summary.periodStart), to: day(lastDay(summary.periodEnd)) }) : period ? t('periodLabel', { from: day(period.start), to: day(period.end) }) : '';
  const intervalName = t(interval);

  const bucketLabel = (p: StatsFigures) => {
    if (interval === 'month') return monthFormat.format(new Date(p.periodStart));
    if (interval === 'week') return `W${isoWeek(p.periodStart)}`;
    const d = new Date(p.periodStart);
    return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ’${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
  };
  const labels = points.map(bucketLabel);
  const longLabels = points.map((p) => t('periodLabel', { from: day(p.periodStart), to: day(lastDay(p.periodEnd)) }));
  const pct = (f: number) => fmt.percent(f);
  const num = (n: number) => fmt.number(n);
  const euro = (c: number) => fmt.cents(Math.round(c));

  const scopeSlug = chosen.replace(/[^a-z0-9]+/gi, '-');
  const fileName = (what: string) => `leerpool-${what}-${scopeSlug}-${period?.start ?? ''}-${period?.end ?? ''}.csv`;
  const exportCsv = (what: string, extra: Record<string, string>) => async () => {
    if (!baseQuery) return;
    try {
      const csv = await api.text('/v1/stats:export', { ...baseQuery, ...extra });
      downloadText(fileName(what), csv);
    } catch (e) {
      throw new Error(explain(e));
    }
  };
  const seriesCsv = exportCsv(`per-${interval}`, { interval: INTERVAL_ENUM[interval] });

  const [figuresBusy, setFiguresBusy] = useState(false);
  const [figuresCsvError, setFiguresCsvError] = useState('');

  const kinds = summary?.organizationsByKind ?? [];
  const audiences = summary?.audiences ?? [];
  const nothingUsed = summary && summary.usedHours === 0 && Number(summary.reservationsCompleted) === 0;

  return (
    <section className="dashboard">
      <PageTitle>{t('title')}</PageTitle>
      <p>{t('intro')}</p>

      <form className="card dashboard-controls" aria-labelledby="dashboard-choose" onSubmit={(e) => e.preventDefault()}>
        <h2 id="dashboard-choose">{t('choose')}</h2>
        {context.loading && !context.data ? (
          <Loading label={t('loadingContext')} />
        ) : context.error && !context.data ? (
          <ErrorNote errors={[explain(context.error)]} onRetry={context.reload} />
        ) : (
          <div className="row">
            <Field label={t('scope')} hint={t('scopeHint')}>
              {({ id, describedBy }) => (
                <select
                  id={id}
                  aria-describedby={describedBy}
                  value={chosen}
                  onChange={(e) => {
                    setScopeText(e.target.value);
                    syncUrl({ scope: e.target.value });
                  }}
                >
                  {(['platform', 'networks', 'ours', 'owners', 'use', 'linked'] as const).map((group) => {
                    const inGroup = allOptions.filter((o) => o.group === group);
                    if (!inGroup.length) return null;
                    const groupLabel: Record<typeof group, Key> = {
                      platform: 'groupPlatform',
                      networks: 'groupNetworks',
                      ours: 'groupOurs',
                      owners: 'groupOwners',
                      use: 'groupUse',
                      linked: 'scope',
                    };
                    return (
                      <optgroup key={group} label={t(groupLabel[group])}>
                        {inGroup.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </optgroup>
                    );
                  })}
                </select>
              )}
            </Field>
          </div>
        )}
        <fieldset className="dashboard-period">
          <legend>{t('period')}</legend>
          <div className="row">
            <label className="radio">
              <input
                type="radio"
                name="period-mode"
                checked={mode === 'year'}
                onChange={() => {
                  setMode('year');
                  syncUrl({ year: String(year), from: undefined, to: undefined });
                }}
              />{' '}
              {t('schoolYear')}
            </label>
            <label className="radio">
              <input
                type="radio"
                name="period-mode"
                checked={mode === 'custom'}
                onChange={() => {
                  setMode('custom');
                  syncUrl({ from, to, year: undefined });
                }}
              />{' '}
              {t('custom')}
            </label>
          </div>
          {mode === 'year' ? (
            <Field label={t('year')} hint={t('yearHint', { a: year, b: year + 1 })}>
              {({ id, describedBy }) => (
                <select
                  id={id}
                  aria-describedby={describedBy}
                  value={year}
                  onChange={(e) => {
                    const y = Number(e.target.value);
                    setYear(y);
                    setFrom(schoolYearPeriod(y).start);
                    setTo(schoolYearPeriod(y).end);
                    syncUrl({ year: String(y) });
                  }}
                >
                  {Array.from({ length: 7 }, (_, i) => currentYear + 1 - i).map((y) => (
                    <option key={y} value={y}>
                      {schoolYearLabel(y)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <div className="row">
              <Field label={t('from')} errors={[...periodErrors.from, ...apiPeriodErrors('start_time')]}>
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    type="date"
                    value={from}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                    onChange={(e) => {
                      setFrom(e.target.value);
                      syncUrl({ from: e.target.value, to, year: undefined });
                    }}
                  />
                )}
              </Field>
              <Field label={t('to')} errors={[...periodErrors.to, ...apiPeriodErrors('end_time')]}>
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    type="date"
                    value={to}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                    onChange={(e) => {
                      setTo(e.target.value);
                      syncUrl({ from, to: e.target.value, year: undefined });
                    }}
                  />
                )}
              </Field>
            </div>
          )}
        </fieldset>
        <Field label={t('interval')}>
          {({ id }) => (
            <select
              id={id}
              value={interval}
              onChange={(e) => {
                setInterval(e.target.value as Interval);
                syncUrl({ interval: e.target.value });
              }}
            >
              {INTERVALS.map((i) => (
                <option key={i} value={i}>
                  {t(i)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>

      <div aria-live="polite" className="dashboard-status">
        {figures.loading && baseQuery && <Loading label={t('loading')} />}
      </div>
      {figures.error != null && !periodClaimed && <ErrorNote errors={[explain(figures.error)]} onRetry={retryable(figures.error) ? figures.reload : undefined} />}

      {summary && !figures.error && (
        <div aria-busy={figures.loading} className={figures.loading ? 'dashboard-stale' : undefined}>
          <section aria-labelledby="dashboard-key">
            <h2 id="dashboard-key">
              {t('keyFigures')} <span className="muted dashboard-period-note">· {periodText}</span>
            </h2>
            {nothingUsed && (
              <p className="notice">
                {t('noUse')}{' '}
                {mode === 'year' && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => {
                      setYear(year - 1);
                      syncUrl({ year: String(year - 1) });
                    }}
                  >
                    {t('tryPrevious', { label: schoolYearLabel(year - 1) })}
                  </button>
                )}
              </p>
            )}
            <dl className="grid key-figures">
              <KeyFigure
                label={t('utilisation')}
                value={scope?.kind === 'use' ? t('notApplicable') : pct(summary.utilisation)}
                sub={scope?.kind === 'use' ? t('utilisationUse') : t('utilisationSub', { used: hours(summary.usedHours), available: hours(summary.availableHours) })}
                period={periodText}
                t={t}
              />
              <KeyFigure label={t('usedHours')} value={hours(summary.usedHours)} sub={t('usedSub')} period={periodText} t={t} />
              <KeyFigure label={t('reservedHours')} value={hours(summary.reservedHours)} sub={t('reservedSub')} period={periodText} t={t} />
              <KeyFigure label={t('distinctOrgs')} value={num(summary.distinctOrganizations)} sub={t('distinctSub')} period={periodText} t={t} />
              <KeyFigure
                label={t('crossBorder')}
                value={pct(summary.crossBorderUsedHoursShare)}
                sub={t('crossBorderSub', { orgs: pct(summary.crossBorderOrganizationsShare), n: num(summary.crossBorderOrganizations) })}
                period={periodText}
                t={t}
              />
              <KeyFigure label={t('learners')} value={num(Number(summary.learnersReached))} sub={t('learnersSub')} period={periodText} t={t} />
              <KeyFigure label={t('learnerHours')} value={num(summary.learnerHours)} sub={t('learnerHoursSub')} period={periodText} t={t} />
              <KeyFigure label={t('cost')} value={euro(summary.costPerLearnerHourCents)} sub={t('costSub', { dep: euro(Number(summary.depreciationCents)) })} period={periodText} t={t} />
              <KeyFigure
                label={t('reservations')}
                value={num(Number(summary.reservationsCompleted) + Number(summary.reservationsActive) + Number(summary.cancellations) + Number(summary.noShows))}
                sub={t('reservationsSub', {
                  completed: num(Number(summary.reservationsCompleted)),
                  active: num(Number(summary.reservationsActive)),
                  cancelled: num(Number(summary.cancellations)),
                  noShows: num(Number(summary.noShows)),
                })}
                period={periodText}
                t={t}
              />
              <KeyFigure label={t('revenue')} value={euro(Number(summary.revenueCents))} sub={t('revenueSub')} period={periodText} t={t} />
              <KeyFigure label={t('listings')} value={num(summary.listingCount)} sub={t('listingsSub')} period={periodText} t={t} />
            </dl>
            <div className="row">
              <button
                type="button"
                className="secondary"
                disabled={figuresBusy}
                onClick={async () => {
                  setFiguresBusy(true);
                  setFiguresCsvError('');
                  try {
                    await exportCsv('key-figures', {})();
                  } catch (e) {
                    setFiguresCsvError(errorText(e));
                  } finally {
                    setFiguresBusy(false);
                  }
                }}
              >
                {figuresBusy ? t('downloading') : t('downloadFigures')}
              </button>
            </div>
            {figuresCsvError && (
              <p className="field-errors" role="alert">
                {figuresCsvError}
              </p>
            )}
          </section>

          <section aria-labelledby="dashboard-charts">
            <h2 id="dashboard-charts">
              {t('charts')} <span className="muted dashboard-period-note">· {periodText}</span>
            </h2>
            <div className="chart-grid-layout">
              <BarChart
                title={t('chartUtilisation', { interval: intervalName })}
                desc={t('descUtilisation', { interval: intervalName, period: periodText })}
                labels={labels}
                longLabels={longLabels}
                series={[{ name: t('seriesUtilisation'), values: points.map((p) => p.utilisation) }]}
                format={pct}
                extraColumns={[
                  { name: t('colUsed'), cells: points.map((p) => num(p.usedHours)) },
                  { name: t('colAvailable'), cells: points.map((p) => num(p.availableHours)) },
                ]}
                onDownload={seriesCsv}
              />
              <BarChart
                title={t('chartHours', { interval: intervalName })}
                desc={t('descHours', { interval: intervalName, period: periodText })}
                labels={labels}
                longLabels={longLabels}
                series={[
                  { name: t('seriesReserved'), values: points.map((p) => p.reservedHours) },
                  { name: t('seriesUsed'), values: points.map((p) => p.usedHours) },
                ]}
                format={num}
                onDownload={seriesCsv}
              />
              <BarChart
                title={t('chartOrgs', { interval: intervalName })}
                integer
                desc={t('descOrgs', { interval: intervalName, period: periodText })}
                labels={labels}
                longLabels={longLabels}
                series={[{ name: t('seriesOrgs'), values: points.map((p) => p.distinctOrganizations) }]}
                format={num}
                onDownload={seriesCsv}
              />
              <BarChart
                title={t('chartKinds')}
                integer
                desc={t('descKinds', { period: periodText })}
                labelHeader={t('kind')}
                labels={kinds.map((k) => t(`kind_${k.kind}` as Key))}
                series={[{ name: t('seriesOrgs'), values: kinds.map((k) => k.organizations) }]}
                format={num}
                onDownload={exportCsv('by-borrower-kind', { groupBy: 'STATS_GROUP_BY_BORROWER_KIND' })}
              />
              <BarChart
                title={t('chartCross', { interval: intervalName })}
                desc={t('descCross', { interval: intervalName, period: periodText })}
                labels={labels}
                longLabels={longLabels}
                series={[
                  { name: t('seriesCrossHours'), values: points.map((p) => p.crossBorderUsedHoursShare) },
                  { name: t('seriesCrossOrgs'), values: points.map((p) => p.crossBorderOrganizationsShare) },
                ]}
                format={pct}
                onDownload={seriesCsv}
              />
              <BarChart
                title={t('chartAudience')}
                integer
                desc={t('descAudience', { period: periodText })}
                labelHeader={t('audience')}
                labels={audiences.map((a) => t(`audienceShort_${a.audience}` as Key))}
                longLabels={audiences.map((a) => t(`audience_${a.audience}` as Key))}
                series={[{ name: t('seriesLearners'), values: audiences.map((a) => Number(a.learners)) }]}
                format={num}
                extraColumns={[{ name: t('colLearnerHours'), cells: audiences.map((a) => num(a.learnerHours)) }]}
                onDownload={exportCsv('learners-by-audience', {})}
              />
              <BarChart
                title={t('chartLearnerHours', { interval: intervalName })}
                desc={t('descLearnerHours', { interval: intervalName, period: periodText })}
                labels={labels}
                longLabels={longLabels}
                series={[{ name: t('seriesLearnerHours'), values: points.map((p) => p.learnerHours) }]}
                format={num}
                onDownload={seriesCsv}
              />
              <BarChart
                title={t('chartCost', { interval: intervalName })}
                desc={t('descCost', { interval: intervalName, period: periodText })}
                labels={labels}
                longLabels={longLabels}
                series={[{ name: t('seriesCost'), values: points.map((p) => p.costPerLearnerHourCents / 100) }]}
                format={(v) => fmt.cents(Math.round(v * 100))}
                extraColumns={[
                  { name: t('colDepreciation'), cells: points.map((p) => euro(Number(p.depreciationCents))) },
                  { name: t('colLearnerHours'), cells: points.map((p) => num(p.learnerHours)) },
                ]}
                onDownload={seriesCsv}
              />
              <BarChart
                title={t('chartCancel', { interval: intervalName })}
                integer
                desc={t('descCancel', { interval: intervalName, period: periodText })}
                labels={labels}
                longLabels={longLabels}
                series={[
                  { name: t('seriesCompleted'), values: points.map((p) => Number(p.reservationsCompleted)) },
                  { name: t('seriesCancelled'), values: points.map((p) => Number(p.cancellations)) },
                  { name: t('seriesNoShows'), values: points.map((p) => Number(p.noShows)) },
                ]}
                format={num}
                onDownload={seriesCsv}
              />
            </div>
          </section>

          {summary.borrowers.length > 0 && (
            <section aria-labelledby="dashboard-borrowers">
              <h2 id="dashboard-borrowers">{t('borrowers')}</h2>
              <p className="muted">{t('borrowersIntro', { period: periodText })}</p>
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('organisation')}</th>
                      <th scope="col" className="num">
                        {t('colUsed')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.borrowers.map((b) => (
                      <tr key={b.organizationId}>
                        <th scope="row">{b.name || b.organizationId}</th>
                        <td className="num">{num(b.usedHours)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </div>
      )}

      {baseQuery && figures.error == null && (
        <section aria-labelledby="dashboard-top" className="dashboard-top">
          <h2 id="dashboard-top">
            {t('top')} <span className="muted dashboard-period-note">· {periodText}</span>
          </h2>
          <p className="muted">{t('topIntro', { period: periodText })}</p>
          <div className="row">
            <Field label={t('orderBy')}>
              {({ id }) => (
                <select id={id} value={orderBy} onChange={(e) => setOrderBy(e.target.value as 'utilisation' | 'orgs')}>
                  <option value="utilisation">{t('orderUtilisation')}</option>
                  <option value="orgs">{t('orderOrgs')}</option>
                </select>
              )}
            </Field>
            <Field label={t('direction')}>
              {({ id }) => (
                <select id={id} value={bottom ? 'lowest' : 'highest'} onChange={(e) => setBottom(e.target.value === 'lowest')}>
                  <option value="highest">{t('highest')}</option>
                  <option value="lowest">{t('lowest')}</option>
                </select>
              )}
            </Field>
          </div>
          {top.loading && <Loading label={t('loading')} />}
          {top.error != null && <ErrorNote errors={[explain(top.error)]} onRetry={retryable(top.error) ? top.reload : undefined} />}
          {top.data && !top.error && (
            <TopTable
              rows={top.data.listings}
              t={t}
              fmt={{ pct, num, hours }}
              onDownload={() => {
                const rows: (string | number)[][] = [
                  ['listing_id', 'listing', 'period_start', 'period_end', 'utilisation', 'used_hours', 'available_hours', 'reserved_hours', 'distinct_organizations', 'learners_reached', 'learner_hours', 'cancellations', 'no_shows'],
                  ...top.data!.listings.map((l) => [
                    l.groupKey,
                    l.groupLabel,
                    l.periodStart,
                    l.periodEnd,
                    l.utilisation,
                    l.usedHours,
                    l.availableHours,
                    l.reservedHours,
                    l.distinctOrganizations,
                    l.learnersReached,
                    l.learnerHours,
                    l.cancellations,
                    l.noShows,
                  ]),
                ];
                downloadText(fileName(`listings-${orderBy}-${bottom ? 'lowest' : 'highest'}`), toCsv(rows));
              }}
            />
          )}
        </section>
      )}
    </section>
  );
}

function KeyFigure(props: { label: string; value: string; sub: string; period: string; t: (k: 'forPeriod', v: Record<string, string>) => string }) {
  return (
    <div className="card key-figure">
      <dt>{props.label}</dt>
      <dd className="key-value">{props.value}</dd>
      <dd className="muted key-sub">{props.sub}</dd>
      <dd className="muted key-period">{props.t('forPeriod', { period: props.period })}</dd>
    </div>
  );
}

function TopTable(props: {
  rows: StatsFigures[];
  t: (k: Key, v?: Record<string, string | number>) => string;
  fmt: { pct: (n: number) => string; num: (n: number) => string; hours: (n: number) => string };
  onDownload: () => void;
}) {
  const { t, fmt } = props;
  if (!props.rows.length) return <p className="muted">{t('noListings')}</p>;
  return (
    <>
      <div className="table-scroll">
        <table className="top-table">
          <caption className="visually-hidden">{t('top')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('listing')}</th>
              <th scope="col" className="num">
                {t('colUtilisation')}
              </th>
              <th scope="col" className="num">
                {t('colUsed')}
              </th>
              <th scope="col" className="num">
                {t('colAvailable')}
              </th>
              <th scope="col" className="num">
                {t('colOrgs')}
              </th>
              <th scope="col" className="num">
                {t('colLearners')}
              </th>
              <th scope="col" className="num">
                {t('colCancellations')}
              </th>
              <th scope="col" className="num">
                {t('colNoShows')}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((l) => (
              <tr key={l.groupKey}>
                <th scope="row">
                  <a href={href(`/listings/${l.groupKey}`)}>{l.groupLabel || l.groupKey}</a>
                </th>
                <td className="num">{fmt.pct(l.utilisation)}</td>
                <td className="num">{fmt.num(l.usedHours)}</td>
                <td className="num">{fmt.num(l.availableHours)}</td>
                <td className="num">{fmt.num(l.distinctOrganizations)}</td>
                <td className="num">{fmt.num(Number(l.learnersReached))}</td>
                <td className="num">{fmt.num(Number(l.cancellations))}</td>
                <td className="num">{fmt.num(Number(l.noShows))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <button type="button" className="secondary" onClick={props.onDownload}>
          {t('downloadTop')}
        </button>
      </div>
    </>
  );
}

