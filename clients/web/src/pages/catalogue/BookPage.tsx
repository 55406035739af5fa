// Booking one listing: a session at the owner's site or, for a mobile setup, a loan to one of
// our sites; learners (per audience), the responsible person, a note; optionally a weekly series
// with a preview of every date and its likely conflicts. Every problem the server names is shown
// next to the input it is about; a taken slot can join the waitlist; "add to basket" keeps the
// request to book together with others.
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { serverText } from '../../serverText';
import { ApiError } from '../../api';
import { defineMessages, locale, useFormat, useLang, useT } from '../../i18n';
import { href, useRoute } from '../../router';
import { useSession } from '../../session';
import { ErrorNote, Field, Loading, PageTitle, errorText, useLoad } from '../../components/ui';
import {
  AUDIENCE_NUMBER,
  addDays,
  distanceKm,
  fromZoned,
  loadOwnSites,
  loadQualificationTypes,
  loadVocabulary,
  localInputValue,
  newKey,
  toZoned,
  useLabels,
  weekdayOf,
  type Listing,
  type Reservation,
  type SharingTerms,
  type Site,
} from './common';
import { addToBasket, useBasket } from './basket';
import './catalogue.css';

const messages = defineMessages({
  en: {
    title: 'Book: {title}',
    back: 'Back to the listing',
    notFound: 'This listing does not exist or is not published.',
    noTerms: 'The owner has not set sharing terms yet, so it cannot be booked.',
    what: 'What do you need?',
    loan: 'A loan: the setup comes to one of our sites',
    session: 'A session at the owner’s site ({place})',
    sessionOnly: 'A session at {place}.',
    ourSite: 'Our site it goes to',
    noSites: 'Your organisation has no site with a location yet, so a loan cannot be delivered. Ask your administrator to add one, or book a session at the owner’s site.',
    transport: 'About {km} from {base}: {minutes} transport each way, {setup} setup before and {teardown} teardown after your times.',
    outsideRadius: 'This is {km} away, further than the {radius} this setup travels.',
    when: 'When',
    zoneNote: 'Times are in {zone} time (the site’s time zone).',
    start: 'Start',
    end: 'End',
    duration: 'That is {duration}.',
    who: 'Who',
    learners: 'Number of learners',
    learnersHint: 'At most {max} ({units} × {per} per unit).',
    perAudience: 'Of whom (optional)',
    audienceSum: 'The learners per audience add up to {sum}, not {total}.',
    responsible: 'Responsible person',
    responsibleHint: 'A member of your organisation who will be there and answers for the equipment.',
    needs: 'Must hold: {names}.',
    qualified: 'qualified',
    notQualified: 'lacks a required qualification',
    checking: 'checking qualifications…',
    notes: 'Note for the owner (optional)',
    repeat: 'Repeat every week',
    repeatLegend: 'Repeat',
    every: 'Every how many weeks',
    weekdays: 'On',
    endsBy: 'Ends',
    until: 'On a date',
    untilDate: 'Last date',
    afterCount: 'After a set number of times',
    count: 'How many times',
    mode: 'If some dates are taken',
    allOrNothing: 'Book nothing (all or nothing)',
    bestEffort: 'Book the free dates only',
    preview: 'Preview the dates',
    previewing: 'Working out the dates…',
    previewHeading: 'The dates',
    previewSummary: '{n} dates; {conflicts} look taken or not allowed.',
    previewNote: 'Checked against the current availability; the server checks again when you book.',
    occurrence: '#',
    date: 'Date',
    time: 'Time',
    state: 'Looks',
    free: 'Free',
    taken: 'Taken: not enough units free',
    tooSoon: 'Too soon: book {n} hours ahead',
    tooLong: 'Longer than {n} hours',
    closed: 'Not open at that time',
    book: 'Book',
    bookSeries: 'Book the series',
    booking: 'Booking…',
    addToBasket: 'Add to basket',
    added: 'Added to the basket ({n} items).',
    toBasket: 'Go to the basket',
    estimate: 'Estimated price',
    estimateNote: 'The quote you get with the reservation counts.',
    summary: 'Summary',
    approval: 'The owner approves each request.',
    instant: 'Confirmed at once when it is free.',
    required: 'Fill this in.',
    endAfterStart: 'The end must be after the start.',
    pickSite: 'Choose one of your sites.',
    addSite: 'Add a site of your organisation',
    pickWeekday: 'Choose at least one weekday.',
    atLeastOne: 'At least 1.',
    conflict: 'This time is taken: with setup, teardown and transport the equipment would be busy from {from} to {to}, and another reservation overlaps that.',
    conflictShort: 'This time is taken.',
    waitlistHeading: 'Join the waitlist?',
    waitlistText: 'If the time frees up, you get an offer to accept (or it is booked for you at once if you tick the box).',
    autoAccept: 'Book it for us at once when it frees up',
    joinWaitlist: 'Join the waitlist',
    onWaitlistHeading: 'You are on the waitlist',
    onWaitlist: 'You are on the waitlist (entry {id}). You will get a message in your requests when the time frees up.',
    confirmed: 'Reservation confirmed',
    pending: 'Request sent: waiting for the owner’s approval',
    held: 'Held for a few minutes',
    status: 'Status',
    quote: 'Price quote',
    total: 'Total',
    deposit: 'Deposit',
    termsVersion: 'Under terms version {n}',
    view: 'View the reservation',
    another: 'Book another time',
    transportBooked: 'Transport: {out} out, {back} back.',
    seriesDone: 'Series booked: {n} reservations',
    seriesConflicts: 'Not booked',
    listingTitle: 'Equipment',
    place: 'Where',
    kindLoan: 'Loan to {site}',
    kindSession: 'Session at {site}',
    problemsAbove: 'Some things need your attention; they are marked below.',
    mayNotBook: 'You may not book this',
    statusName: '{status}',
    RESERVATION_STATUS_CONFIRMED: 'Confirmed',
    RESERVATION_STATUS_PENDING_APPROVAL: 'Waiting for approval',
    RESERVATION_STATUS_HELD: 'Held',
  },
  nl: {
    title: 'Reserveren: {title}',
    back: 'Terug naar het aanbod',
    notFound: 'Dit aanbod bestaat niet of is niet gepubliceerd.',
    noTerms: 'De eigenaar heeft nog geen voorwaarden vastgelegd; reserveren kan nog niet.',
    what: 'Wat heeft u nodig?',
    loan: 'Een uitlening: de opstelling komt naar een van onze locaties',
    session: 'Een sessie op de locatie van de eigenaar ({place})',
    sessionOnly: 'Een sessie op {place}.',
    ourSite: 'Onze locatie waar het naartoe gaat',
    noSites: 'Uw organisatie heeft nog geen locatie met coördinaten, dus een uitlening kan niet geleverd worden. Vraag uw beheerder er een toe te voegen, of reserveer een sessie bij de eigenaar.',
    transport: 'Ongeveer {km} van {base}: {minutes} transport per rit, {setup} opbouw vóór en {teardown} afbouw na uw tijden.',
    outsideRadius: 'Dit ligt {km} ver, verder dan de {radius} waarin deze opstelling rijdt.',
    when: 'Wanneer',
    zoneNote: 'Tijden in de tijdzone {zone} (die van de locatie).',
    start: 'Begin',
    end: 'Einde',
    duration: 'Dat is {duration}.',
    who: 'Wie',
    learners: 'Aantal leerlingen',
    learnersHint: 'Hoogstens {max} ({units} × {per} per eenheid).',
    perAudience: 'Waarvan (optioneel)',
    audienceSum: 'De leerlingen per doelgroep tellen op tot {sum}, niet {total}.',
    responsible: 'Verantwoordelijke persoon',
    responsibleHint: 'Een lid van uw organisatie dat aanwezig is en verantwoordelijk is voor het leermiddel.',
    needs: 'Moet beschikken over: {names}.',
    qualified: 'gekwalificeerd',
    notQualified: 'mist een verplichte kwalificatie',
    checking: 'kwalificaties worden gecontroleerd…',
    notes: 'Opmerking voor de eigenaar (optioneel)',
    repeat: 'Elke week herhalen',
    repeatLegend: 'Herhalen',
    every: 'Om de hoeveel weken',
    weekdays: 'Op',
    endsBy: 'Eindigt',
    until: 'Op een datum',
    untilDate: 'Laatste datum',
    afterCount: 'Na een vast aantal keer',
    count: 'Hoeveel keer',
    mode: 'Als sommige data bezet zijn',
    allOrNothing: 'Niets reserveren (alles of niets)',
    bestEffort: 'Alleen de vrije data reserveren',
    preview: 'Toon de data',
    previewing: 'De data worden berekend…',
    previewHeading: 'De data',
    previewSummary: '{n} data; {conflicts} lijken bezet of niet toegestaan.',
    previewNote: 'Gecontroleerd met de huidige beschikbaarheid; de server controleert opnieuw bij het reserveren.',
    occurrence: '#',
    date: 'Datum',
    time: 'Tijd',
    state: 'Lijkt',
    free: 'Vrij',
    taken: 'Bezet: niet genoeg eenheden vrij',
    tooSoon: 'Te kort dag: reserveer {n} uur vooraf',
    tooLong: 'Langer dan {n} uur',
    closed: 'Niet open op dat moment',
    book: 'Reserveren',
    bookSeries: 'De reeks reserveren',
    booking: 'Bezig met reserveren…',
    addToBasket: 'In het mandje',
    added: 'In het mandje gelegd ({n} items).',
    toBasket: 'Naar het mandje',
    estimate: 'Geschatte prijs',
    estimateNote: 'De offerte bij de reservering telt.',
    summary: 'Overzicht',
    approval: 'De eigenaar keurt elke aanvraag goed.',
    instant: 'Meteen bevestigd als het vrij is.',
    required: 'Vul dit in.',
    endAfterStart: 'Het einde moet na het begin liggen.',
    pickSite: 'Kies een van uw locaties.',
    addSite: 'Een locatie van uw organisatie toevoegen',
    pickWeekday: 'Kies minstens één weekdag.',
    atLeastOne: 'Minstens 1.',
    conflict: 'Dit moment is bezet: met opbouw, afbouw en transport zou het leermiddel bezet zijn van {from} tot {to}, en een andere reservering overlapt daarmee.',
    conflictShort: 'Dit moment is bezet.',
    waitlistHeading: 'Op de wachtlijst?',
    waitlistText: 'Komt het moment vrij, dan krijgt u een aanbod om te aanvaarden (of het wordt meteen voor u gereserveerd als u het vakje aanvinkt).',
    autoAccept: 'Meteen voor ons reserveren zodra het vrijkomt',
    joinWaitlist: 'Op de wachtlijst zetten',
    onWaitlistHeading: 'U staat op de wachtlijst',
    onWaitlist: 'U staat op de wachtlijst (nummer {id}). U krijgt een bericht bij uw aanvragen als het moment vrijkomt.',
    confirmed: 'Reservering bevestigd',
    pending: 'Aanvraag verstuurd: wacht op goedkeuring van de eigenaar',
    held: 'Enkele minuten vastgehouden',
    status: 'Status',
    quote: 'Prijsopgave',
    total: 'Totaal',
    deposit: 'Borg',
    termsVersion: 'Volgens voorwaarden versie {n}',
    view: 'Bekijk de reservering',
    another: 'Nog een moment reserveren',
    transportBooked: 'Transport: {out} heen, {back} terug.',
    seriesDone: 'Reeks gereserveerd: {n} reserveringen',
    seriesConflicts: 'Niet gereserveerd',
    listingTitle: 'Leermiddel',
    place: 'Waar',
    kindLoan: 'Uitlening naar {site}',
    kindSession: 'Sessie op {site}',
    problemsAbove: 'Enkele dingen vragen uw aandacht; ze staan hieronder aangeduid.',
    mayNotBook: 'U mag dit niet reserveren',
    statusName: '{status}',
    RESERVATION_STATUS_CONFIRMED: 'Bevestigd',
    RESERVATION_STATUS_PENDING_APPROVAL: 'Wacht op goedkeuring',
    RESERVATION_STATUS_HELD: 'Vastgehouden',
  },
});

type Msg = keyof typeof messages.en;

interface Member {
  person: { id: string; displayName: string; email: string };
  roles: string[];
}

interface Occurrence {
  index: number;
  startTime: string;
  endTime: string;
  localStart: string;
}

interface Series {
  id: string;
  reservations: Reservation[];
  conflicts: { index: number; startTime: string; endTime: string; reasons: string[] }[];
}

interface AvailabilityResponse {
  units: { unit: number; free: { startTime: string; endTime: string }[]; outOfService: boolean }[];
}

const WEEKDAY_NAMES = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

// Where each of the server's field names shows: the inputs' keys.
const FIELD_OF: Record<string, string> = {
  start_time: 'start',
  min_lead_time: 'start',
  opening_hours: 'start',
  closed: 'start',
  end_time: 'end',
  max_duration: 'end',
  learners: 'learners',
  planned_learners: 'learners',
  quota: 'end',
  responsible_person_id: 'responsible',
  destination: 'site',
  location: 'site',
  site_id: 'site',
  kind: 'kind',
  notes: 'notes',
  recurrence: 'repeat',
  weekdays: 'weekdays',
  until_date: 'until',
  count: 'count',
  interval_weeks: 'interval',
  first_date: 'start',
  duration_minutes: 'end',
};

interface Form {
  kind: 'loan' | 'session';
  siteId: string;
  start: string;
  end: string;
  learners: string;
  audiences: Record<string, string>;
  responsible: string;
  notes: string;
  repeat: boolean;
  interval: string;
  weekdays: number[];
  endsBy: 'until' | 'count';
  until: string;
  count: string;
  mode: string;
}

export function BookPage({ listingId }: { listingId: string }) {
  const t = useT(messages);
  const L = useLabels();
  const { api, session } = useSession();
  const route = useRoute();
  const organizationId = session?.organizationId ?? '';

  const data = useLoad(async () => {
    const [listing, terms, sites, members] = await Promise.all([
      api.get<Listing>(`/v1/listings/${encodeURIComponent(listingId)}`),
      api.get<SharingTerms>(`/v1/listings/${encodeURIComponent(listingId)}/terms`).catch((e) => {
        if (e instanceof ApiError && e.status === 'NOT_FOUND') return null;
        throw e;
      }),
      loadOwnSites(api, organizationId),
      api
        .get<{ members: Member[] }>(`/v1/organizations/${encodeURIComponent(organizationId)}/members`, { pageSize: 500 })
        .then((r) => r.members ?? [])
        // Coordinators may not be allowed to list everyone: then only they can be responsible.
        .catch(() => [] as Member[]),
      loadQualificationTypes(api).catch(() => []),
      loadVocabulary(api).catch(() => []),
    ]);
    let site = listing.site;
    if (!site && listing.siteId) site = await api.get<Site>(`/v1/sites/${encodeURIComponent(listing.siteId)}`).catch(() => undefined);
    return { listing, terms, sites, members, site };
  }, [api, listingId, organizationId]);

  if (data.loading && !data.data) return <Loading />;
  if (data.error !== undefined && !data.data) {
    const missing = data.error instanceof ApiError && (data.error.status === 'NOT_FOUND' || data.error.status === 'PERMISSION_DENIED');
    return (
      <section>
        <PageTitle>{missing ? t('notFound') : errorText(data.error)}</PageTitle>
        {!missing && <ErrorNote errors={[errorText(data.error)]} onRetry={data.reload} />}
        <a href={href('/catalogue')}>{t('back')}</a>
      </section>
    );
  }
  const d = data.data!;
  if (!d.terms) {
    return (
      <section>
        <PageTitle>{t('title', { title: L.title(d.listing) })}</PageTitle>
        <p>{t('noTerms')}</p>
        <a href={href(`/listings/${listingId}`)}>{t('back')}</a>
      </section>
    );
  }
  // A new link (another listing, or another slot picked) starts a fresh form.
  return <BookForm key={`${route.path}?${route.query.toString()}`} listing={d.listing} terms={d.terms} site={d.site} ownSites={d.sites} members={d.members} />;
}

function BookForm(props: { listing: Listing; terms: SharingTerms; site?: Site; ownSites: Site[]; members: Member[] }) {
  const { listing, terms, site } = props;
  const t = useT(messages);
  const L = useLabels();
  const fmt = useFormat();
  const { lang } = useLang();
  const { api, session, hasRole } = useSession();
  const route = useRoute();
  const organizationId = session?.organizationId ?? '';
  const zone = site?.timeZone || 'Europe/Brussels';
  const mobile = listing.category === 'CATEGORY_MOBILE_SETUP' && Boolean(listing.mobile);
  const deliverable = props.ownSites.filter((s) => s.location);
  const title = L.title(listing);
  const basket = useBasket(organizationId);

  // The people who can be responsible: instructors, coordinators and admins of our organisation.
  const people = useMemo(() => {
    const list = props.members
      .filter((m) => m.roles.some((r) => r === 'ROLE_INSTRUCTOR' || r === 'ROLE_COORDINATOR' || r === 'ROLE_ORG_ADMIN'))
      .map((m) => ({ id: m.person.id, name: m.person.displayName || m.person.email }));
    if (session && !list.some((p) => p.id === session.person.id)) {
      list.unshift({ id: session.person.id, name: session.person.displayName || session.person.email || session.person.id });
    }
    return list;
  }, [props.members, session]);

  const [form, setForm] = useState<Form>(() => {
    const q = route.query;
    const startIso = q.get('start');
    const endIso = q.get('end');
    const start = startIso && !isNaN(Date.parse(startIso)) ? localInputValue(startIso, zone) : '';
    const end = endIso && !isNaN(Date.parse(endIso)) ? localInputValue(endIso, zone) : '';
    const siteId = deliverable.find((s) => s.id === q.get('site'))?.id ?? deliverable[0]?.id ?? '';
    return {
      kind: mobile && deliverable.length > 0 && q.get('kind') !== 'session' ? 'loan' : 'session',
      siteId,
      start,
      end,
      learners: q.get('learners') ?? '',
      audiences: {},
      responsible: session?.person.id ?? '',
      notes: '',
      repeat: false,
      interval: '1',
      weekdays: start ? [weekdayOf(start.slice(0, 10))] : [],
      endsBy: 'count',
      until: '',
      count: '6',
      mode: 'SERIES_MODE_ALL_OR_NOTHING',
    };
  });
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  // One key per attempt at this form: a retry after a network failure is not booked twice.
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [clientErrors, setClientErrors] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<{ reservation?: Reservation; series?: Series; waitlist?: string } | null>(null);
  const [addedNote, setAddedNote] = useState(false);
  const [autoAccept, setAutoAccept] = useState(false);
  const [preview, setPreview] = useState<{ occurrences: Occurrence[]; states: string[] } | null>(null);
  const [previewBusy, setPreviewBusy] = useState(false);
  const resultRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const ourSite = deliverable.find((s) => s.id === form.siteId);
  const isLoan = form.kind === 'loan';
  const startAt = form.start ? fromZoned(form.start, zone) : null;
  const endAt = form.end ? fromZoned(form.end, zone) : null;
  const hours = startAt && endAt && endAt > startAt ? (endAt.getTime() - startAt.getTime()) / 3600_000 : 0;
  const learners = Math.max(0, Math.floor(Number(form.learners) || 0));
  const maxLearners = listing.unitCount * listing.capacityPerUnit;
  const transport =
    isLoan && ourSite?.location && site?.location && listing.mobile
      ? (() => {
          const km = distanceKm(site.location!, ourSite.location!);
          return { km, minutes: Math.ceil((km / (listing.mobile!.travelSpeedKmh || 50)) * 60) };
        })()
      : null;
  const estimate = estimateCents(terms, hours, learners || 1, transport?.km ?? 0);

  // Qualification check of every candidate over the dates, when the terms require some.
  const required = terms.requiredQualificationTypeIds ?? [];
  const dates = startAt && endAt && endAt > startAt ? { from: toZoned(startAt, zone).date, to: toZoned(new Date(endAt.getTime() - 1), zone).date } : null;
  const qualified = useLoad(async () => {
    if (!required.length || !dates) return {} as Record<string, boolean>;
    const [sy, sm, sd] = dates.from.split('-').map(Number);
    const [ey, em, ed] = dates.to.split('-').map(Number);
    const answers = await Promise.all(
      people.map((p) =>
        api
          .get<{ allValid: boolean }>(`/v1/people/${encodeURIComponent(p.id)}/qualifications:check`, {
            qualificationTypeIds: required,
            'startDate.year': sy,
            'startDate.month': sm,
            'startDate.day': sd,
            'endDate.year': ey,
            'endDate.month': em,
            'endDate.day': ed,
          })
          .then((r) => [p.id, Boolean(r.allValid)] as const)
          .catch(() => [p.id, undefined] as const),
      ),
    );
    return Object.fromEntries(answers.filter(([, v]) => v !== undefined)) as Record<string, boolean>;
  }, [api, required.join(','), dates?.from, dates?.to, people]);

  // ---- Problems: the client's own checks, then the server's, each next to its input.
  const serverProblems = useMemo(() => placeProblems(error, t, L.withQualificationNames, zone, fmt, lang), [error, lang]);
  const errorsFor = (field: string) => [...(clientErrors[field] ?? []), ...(serverProblems.fields[field] ?? [])];
  const conflict = error instanceof ApiError && error.status === 'ALREADY_EXISTS' && !form.repeat;

  function validate(forSeries: boolean): boolean {
    const e: Record<string, string[]> = {};
    if (!form.start || !startAt) e.start = [t('required')];
    if (!form.end || !endAt) e.end = [t('required')];
    if (startAt && endAt && endAt <= startAt) e.end = [t('endAfterStart')];
    if (!learners || learners < 1) e.learners = [form.learners ? t('atLeastOne') : t('required')];
    const sum = Object.values(form.audiences).reduce((n, v) => n + (Number(v) || 0), 0);
    if (sum > 0 && learners && sum !== learners) e.learners = [...(e.learners ?? []), t('audienceSum', { sum, total: learners })];
    if (isLoan && !ourSite) e.site = [t('pickSite')];
    if (forSeries) {
      if (!form.weekdays.length) e.weekdays = [t('pickWeekday')];
      if (form.endsBy === 'until' && !form.until) e.until = [t('required')];
      if (form.endsBy === 'count' && !(Number(form.count) >= 1)) e.count = [t('atLeastOne')];
      if (!(Number(form.interval) >= 1)) e.interval = [t('atLeastOne')];
    }
    setClientErrors(e);
    return Object.keys(e).length === 0;
  }

  function request(): Record<string, unknown> {
    const planned = Object.entries(form.audiences)
      .filter(([, v]) => Number(v) > 0)
      .map(([a, v]) => ({ audience: AUDIENCE_NUMBER[a], count: Number(v) }));
    return {
      listingId: listing.id,
      organizationId,
      responsiblePersonId: form.responsible || undefined,
      kind: isLoan ? 'RESERVATION_KIND_LOAN' : 'RESERVATION_KIND_SESSION',
      startTime: startAt?.toISOString(),
      endTime: endAt?.toISOString(),
      learners,
      plannedLearners: planned,
      destination: isLoan && ourSite ? { name: ourSite.name, address: ourSite.address, location: ourSite.location } : undefined,
      notes: form.notes.trim() || undefined,
    };
  }

  function recurrence() {
    const [y, m, dd] = form.start.slice(0, 10).split('-').map(Number);
    const [hh, mm] = form.start.slice(11, 16).split(':').map(Number);
    const r: Record<string, unknown> = {
      timeZone: zone,
      firstDate: { year: y, month: m, day: dd },
      startTime: { hours: hh, minutes: mm },
      durationMinutes: Math.round(hours * 60),
      weekdays: [...form.weekdays].sort().map((w) => WEEKDAY_NAMES[w - 1]),
      intervalWeeks: Number(form.interval) || 1,
    };
    if (form.endsBy === 'until') {
      const [uy, um, ud] = form.until.split('-').map(Number);
      r.untilDate = { year: uy, month: um, day: ud };
    } else r.count = Number(form.count);
    return r;
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setAddedNote(false);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!validate(form.repeat)) return;
    if (form.repeat) {
      void run(async () => {
        const series = await api.post<Series>('/v1/series', { reservation: request(), recurrence: recurrence(), mode: form.mode, idempotencyKey: key });
        setResult({ series });
      });
    } else {
      void run(async () => {
        const reservation = await api.post<Reservation>('/v1/reservations', { ...request(), idempotencyKey: key });
        setResult({ reservation });
      });
    }
  };

  const joinWaitlist = () =>
    void run(async () => {
      try {
        await api.post<Reservation>('/v1/reservations', { ...request(), idempotencyKey: key, joinWaitlist: true, autoAcceptOffer: autoAccept });
        // The slot freed meanwhile: booked after all.
      } catch (e) {
        const m = e instanceof ApiError ? /joined the waitlist as entry (\S+)/.exec(e.message) : null;
        if (m) {
          setResult({ waitlist: m[1] });
          return;
        }
        throw e;
      }
    });

  const onAddToBasket = () => {
    if (!validate(false)) return;
    setError(null);
    const person = people.find((p) => p.id === form.responsible);
    addToBasket(organizationId, {
      listingId: listing.id,
      titleNl: listing.titleNl,
      titleEn: listing.titleEn,
      timeZone: zone,
      destinationName: isLoan ? ourSite?.name : site?.name,
      responsibleName: person?.name,
      request: request(),
    });
    setAddedNote(true);
  };

  const onPreview = () => {
    if (!validate(true)) return;
    setPreviewBusy(true);
    setError(null);
    void (async () => {
      try {
        const r = await api.post<{ occurrences: Occurrence[] }>('/v1/series:preview', { recurrence: recurrence() });
        const occurrences = r.occurrences ?? [];
        let states = occurrences.map(() => 'free');
        if (occurrences.length) {
          const dest = isLoan ? ourSite?.location : undefined;
          const availability = await api.get<AvailabilityResponse>(`/v1/listings/${encodeURIComponent(listing.id)}/availability`, {
            startTime: occurrences[0].startTime,
            endTime: occurrences[occurrences.length - 1].endTime,
            'destination.latitude': dest?.latitude,
            'destination.longitude': dest?.longitude,
          });
          const needed = Math.max(1, Math.ceil(learners / Math.max(1, listing.capacityPerUnit)));
          const earliest = Date.now() + terms.minLeadTimeHours * 3600_000;
          states = occurrences.map((o) => {
            const s = Date.parse(o.startTime);
            const e = Date.parse(o.endTime);
            if (s < earliest) return 'tooSoon';
            if (terms.maxDurationHours && e - s > terms.maxDurationHours * 3600_000) return 'tooLong';
            const free = (availability.units ?? []).filter(
              (u) => !u.outOfService && (u.free ?? []).some((f) => Date.parse(f.startTime) <= s && Date.parse(f.endTime) >= e),
            ).length;
            return free >= needed ? 'free' : 'taken';
          });
        }
        setPreview({ occurrences, states });
      } catch (e) {
        setError(e instanceof Error ? e : new Error(String(e)));
      } finally {
        setPreviewBusy(false);
      }
    })();
  };

  const startOver = () => {
    setResult(null);
    setError(null);
    setPreview(null);
    setKey(newKey());
  };

  const heading = t('title', { title });
  if (result) {
    return (
      <section>
        <PageTitle>{heading}</PageTitle>
        <Confirmation result={result} headingRef={resultRef} zone={zone} onAnother={startOver} listingId={listing.id} />
      </section>
    );
  }

  const durationText = hours > 0 ? fmt.minutes(hours * 60) : '';
  const topErrors = serverProblems.top;
  const clientCount = Object.keys(clientErrors).length;
  const fieldLabel = (k: string, v: ReactNode) => (
    <div>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </div>
  );

  return (
    <section>
      <p>
        <a href={href(`/listings/${listing.id}`)}>← {t('back')}</a>
      </p>
      <PageTitle>{heading}</PageTitle>
      <div className="book-layout">
        <form className="book-form" onSubmit={onSubmit} noValidate>
          <ErrorNote errors={[...(conflict ? [] : topErrors), ...(clientCount && !topErrors.length && !conflict ? [t('problemsAbove')] : [])]} />
          {conflict && (
            <div className="error-note" role="alert">
              <p>{serverProblems.conflict || t('conflictShort')}</p>
              <h2>{t('waitlistHeading')}</h2>
              <p>{t('waitlistText')}</p>
              <label className="inline-check">
                <input type="checkbox" checked={autoAccept} onChange={(e) => setAutoAccept(e.target.checked)} /> {t('autoAccept')}
              </label>
              <div className="actions">
                <button type="button" onClick={joinWaitlist} disabled={busy}>
                  {t('joinWaitlist')}
                </button>
              </div>
            </div>
          )}

          <fieldset>
            <legend>{t('what')}</legend>
            {mobile ? (
              <div role="radiogroup" aria-label={t('what')}>
                <label className="choice">
                  <input type="radio" name="kind" value="loan" checked={isLoan} disabled={!deliverable.length} onChange={() => set('kind', 'loan')} />
                  <span>{t('loan')}</span>
                </label>
                <label className="choice">
                  <input type="radio" name="kind" value="session" checked={!isLoan} onChange={() => set('kind', 'session')} />
                  <span>{t('session', { place: site?.name ?? listing.ownerName ?? '' })}</span>
                </label>
                {!deliverable.length && (
                  <p className="hint">
                    {t('noSites')} {hasRole('ROLE_ORG_ADMIN') && <a href={href('/owner/sites/new')}>{t('addSite')}</a>}
                  </p>
                )}
              </div>
            ) : (
              <p>{t('sessionOnly', { place: [site?.name, site?.address?.locality].filter(Boolean).join(', ') || (listing.ownerName ?? '') })}</p>
            )}
            {errorsFor('kind').length > 0 && <ErrorList errors={errorsFor('kind')} />}
            {isLoan && (
              <Field label={t('ourSite')} required errors={errorsFor('site')}>
                {({ id, describedBy, invalid }) => (
                  <select id={id} value={form.siteId} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => set('siteId', e.target.value)}>
                    {deliverable.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                        {s.address?.locality ? ` (${s.address.locality})` : ''}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {isLoan && transport && listing.mobile && (
              <p className={transport.km > listing.mobile.serviceRadiusKm ? 'slot-soon' : ''}>
                {transport.km > listing.mobile.serviceRadiusKm
                  ? t('outsideRadius', { km: fmt.km(transport.km), radius: fmt.km(listing.mobile.serviceRadiusKm) })
                  : t('transport', {
                      km: fmt.km(transport.km),
                      base: site?.name ?? '',
                      minutes: fmt.minutes(transport.minutes),
                      setup: fmt.minutes(listing.mobile.setupMinutes),
                      teardown: fmt.minutes(listing.mobile.teardownMinutes),
                    })}
              </p>
            )}
          </fieldset>

          <fieldset>
            <legend>{t('when')}</legend>
            <p className="hint">{t('zoneNote', { zone })}</p>
            <div className="row top">
              <Field label={t('start')} required errors={errorsFor('start')}>
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    type="datetime-local"
                    step={900}
                    value={form.start}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                    onChange={(e) => {
                      const v = e.target.value;
                      setForm((f) => ({ ...f, start: v, weekdays: f.weekdays.length <= 1 && v ? [weekdayOf(v.slice(0, 10))] : f.weekdays }));
                    }}
                  />
                )}
              </Field>
              <Field label={t('end')} required errors={errorsFor('end')} hint={durationText ? t('duration', { duration: durationText }) : undefined}>
                {({ id, describedBy, invalid }) => (
                  <input id={id} type="datetime-local" step={900} value={form.end} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => set('end', e.target.value)} />
                )}
              </Field>
            </div>
          </fieldset>

          <fieldset>
            <legend>{t('who')}</legend>
            <Field
              label={t('learners')}
              required
              errors={errorsFor('learners')}
              hint={maxLearners > 0 && listing.category !== 'CATEGORY_E_LEARNING' ? t('learnersHint', { max: maxLearners, units: listing.unitCount, per: listing.capacityPerUnit }) : undefined}
            >
              {({ id, describedBy, invalid }) => (
                <input id={id} type="number" min={1} inputMode="numeric" value={form.learners} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => set('learners', e.target.value)} />
              )}
            </Field>
            {listing.audiences.length > 1 && (
              <fieldset className="audiences">
                <legend>{t('perAudience')}</legend>
                <div className="row">
                  {listing.audiences.map((a) => (
                    <Field key={a} label={L.audience(a)}>
                      {({ id }) => (
                        <input
                          id={id}
                          type="number"
                          min={0}
                          inputMode="numeric"
                          value={form.audiences[a] ?? ''}
                          onChange={(e) => setForm((f) => ({ ...f, audiences: { ...f.audiences, [a]: e.target.value } }))}
                        />
                      )}
                    </Field>
                  ))}
                </div>
              </fieldset>
            )}
            <Field
              label={t('responsible')}
              required
              errors={errorsFor('responsible')}
              hint={[t('responsibleHint'), required.length ? t('needs', { names: required.map(L.qualification).join(', ') }) : ''].filter(Boolean).join(' ')}
            >
              {({ id, describedBy, invalid }) => (
                <select id={id} value={form.responsible} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => set('responsible', e.target.value)}>
                  {people.map((p) => {
                    const q = qualified.data?.[p.id];
                    const note = !required.length || !dates ? '' : qualified.loading ? ` — ${t('checking')}` : q === undefined ? '' : q ? ` — ${t('qualified')}` : ` — ${t('notQualified')}`;
                    return (
                      <option key={p.id} value={p.id}>
                        {p.name}
                        {note}
                      </option>
                    );
                  })}
                </select>
              )}
            </Field>
            <Field label={t('notes')} errors={errorsFor('notes')}>
              {({ id, describedBy }) => <textarea id={id} rows={3} value={form.notes} aria-describedby={describedBy} onChange={(e) => set('notes', e.target.value)} />}
            </Field>
          </fieldset>

          <fieldset>
            <legend>{t('repeatLegend')}</legend>
            <label className="inline-check">
              <input
                type="checkbox"
                checked={form.repeat}
                onChange={(e) => {
                  set('repeat', e.target.checked);
                  setPreview(null);
                }}
              />{' '}
              {t('repeat')}
            </label>
            {errorsFor('repeat').length > 0 && <ErrorList errors={errorsFor('repeat')} />}
            {form.repeat && (
              <SeriesInputs form={form} setForm={setForm} errorsFor={errorsFor} onChange={() => setPreview(null)} />
            )}
          </fieldset>

          {form.repeat && preview && <PreviewTable preview={preview} zone={zone} terms={terms} />}
          {previewBusy && <Loading label={t('previewing')} />}

          {addedNote && (
            <p className="notice" role="status">
              {t('added', { n: basket.items.length })} <a href={href('/basket')}>{t('toBasket')}</a>
            </p>
          )}
          <div className="actions">
            {form.repeat && (
              <button type="button" className="secondary" onClick={onPreview} disabled={previewBusy}>
                {t('preview')}
              </button>
            )}
            <button type="submit" disabled={busy}>
              {busy ? t('booking') : form.repeat ? t('bookSeries') : t('book')}
            </button>
            {!form.repeat && (
              <button type="button" className="secondary" onClick={onAddToBasket} disabled={busy}>
                {t('addToBasket')}
              </button>
            )}
          </div>
          {busy && <Loading label={t('booking')} />}
        </form>

        <aside className="card">
          <h2>{t('summary')}</h2>
          <dl className="summary">
            {fieldLabel(t('listingTitle'), title)}
            {fieldLabel(t('place'), isLoan ? t('kindLoan', { site: ourSite?.name ?? '—' }) : t('kindSession', { site: site?.name ?? listing.ownerName ?? '' }))}
            {startAt && endAt && endAt > startAt && fieldLabel(t('when'), `${fmt.dateTime(startAt.toISOString(), zone)} – ${fmt.dateTime(endAt.toISOString(), zone)}`)}
            {hours > 0 && fieldLabel(t('estimate'), <>{fmt.cents(estimate)}</>)}
          </dl>
          {hours > 0 && <p className="hint">{t('estimateNote')}</p>}
          <p>{terms.approvalRequired ? t('approval') : t('instant')}</p>
        </aside>
      </div>
    </section>
  );
}

function ErrorList({ errors: raw }: { errors: string[] }) {
  const { lang } = useLang();
  const errors = raw.map((e) => serverText(e, lang));
  return (
    <div role="alert">
      <ul className="field-errors">
        {errors.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
    </div>
  );
}

function SeriesInputs(props: { form: Form; setForm: (f: (x: Form) => Form) => void; errorsFor: (f: string) => string[]; onChange: () => void }) {
  const t = useT(messages);
  const { lang } = useLang();
  const { form } = props;
  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    props.setForm((f) => ({ ...f, [k]: v }));
    props.onChange();
  };
  const dayName = new Intl.DateTimeFormat(locale(lang), { weekday: 'long', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  const names = Array.from({ length: 7 }, (_, i) => dayName.format(new Date(Date.UTC(2024, 0, 1 + i, 12))));
  return (
    <div>
      <Field label={t('every')} errors={props.errorsFor('interval')}>
        {({ id, describedBy, invalid }) => (
          <input id={id} type="number" min={1} max={52} value={form.interval} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => set('interval', e.target.value)} />
        )}
      </Field>
      <fieldset>
        <legend>{t('weekdays')}</legend>
        <ul className="weekdays">
          {names.map((n, i) => (
            <li key={i}>
              <label>
                <input
                  type="checkbox"
                  checked={form.weekdays.includes(i + 1)}
                  onChange={(e) => set('weekdays', e.target.checked ? [...form.weekdays, i + 1] : form.weekdays.filter((w) => w !== i + 1))}
                />
                {n}
              </label>
            </li>
          ))}
        </ul>
        {props.errorsFor('weekdays').length > 0 && <ErrorList errors={props.errorsFor('weekdays')} />}
      </fieldset>
      <fieldset>
        <legend>{t('endsBy')}</legend>
        <label className="choice">
          <input type="radio" name="endsBy" checked={form.endsBy === 'count'} onChange={() => set('endsBy', 'count')} />
          <span>{t('afterCount')}</span>
        </label>
        {form.endsBy === 'count' && (
          <Field label={t('count')} errors={props.errorsFor('count')}>
            {({ id, describedBy, invalid }) => (
              <input id={id} type="number" min={1} max={200} value={form.count} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => set('count', e.target.value)} />
            )}
          </Field>
        )}
        <label className="choice">
          <input type="radio" name="endsBy" checked={form.endsBy === 'until'} onChange={() => set('endsBy', 'until')} />
          <span>{t('until')}</span>
        </label>
        {form.endsBy === 'until' && (
          <Field label={t('untilDate')} errors={props.errorsFor('until')}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                type="date"
                min={form.start ? form.start.slice(0, 10) : undefined}
                max={form.start ? addDays(form.start.slice(0, 10), 366) : undefined}
                value={form.until}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(e) => set('until', e.target.value)}
              />
            )}
          </Field>
        )}
      </fieldset>
      <Field label={t('mode')}>
        {({ id }) => (
          <select id={id} value={form.mode} onChange={(e) => set('mode', e.target.value)}>
            <option value="SERIES_MODE_ALL_OR_NOTHING">{t('allOrNothing')}</option>
            <option value="SERIES_MODE_BEST_EFFORT">{t('bestEffort')}</option>
          </select>
        )}
      </Field>
    </div>
  );
}

function PreviewTable({ preview, zone, terms }: { preview: { occurrences: Occurrence[]; states: string[] }; zone: string; terms: SharingTerms }) {
  const t = useT(messages);
  const { lang } = useLang();
  const dateFmt = new Intl.DateTimeFormat(locale(lang), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: zone });
  const conflicts = preview.states.filter((s) => s !== 'free').length;
  const stateText = (s: string) =>
    s === 'free'
      ? t('free')
      : s === 'tooSoon'
        ? t('tooSoon', { n: terms.minLeadTimeHours })
        : s === 'tooLong'
          ? t('tooLong', { n: terms.maxDurationHours })
          : t('taken');
  return (
    <section aria-labelledby="preview-heading" className="preview">
      <h2 id="preview-heading">{t('previewHeading')}</h2>
      <p role="status">{t('previewSummary', { n: preview.occurrences.length, conflicts })}</p>
      <p className="hint">{t('previewNote')}</p>
      <div className="table-scroll">
        <table className="occurrences">
          <thead>
            <tr>
              <th scope="col">{t('occurrence')}</th>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('time')}</th>
              <th scope="col">{t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.occurrences.map((o, i) => (
              <tr key={o.index}>
                <td>{o.index + 1}</td>
                <td>{dateFmt.format(new Date(o.startTime))}</td>
                <td>
                  {toZoned(o.startTime, zone).time}–{toZoned(o.endTime, zone).time}
                </td>
                <td>
                  <span className={`badge ${preview.states[i] === 'free' ? 'ok' : 'error'}`}>
                    {preview.states[i] === 'free' ? '✓' : '✗'} {stateText(preview.states[i])}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Confirmation(props: {
  result: { reservation?: Reservation; series?: Series; waitlist?: string };
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  zone: string;
  listingId: string;
  onAnother: () => void;
}) {
  const t = useT(messages);
  const fmt = useFormat();
  const L = useLabels();
  const { reservation, series, waitlist } = props.result;
  const statusText = (s: string) => (s in messages.en ? t(s as Msg) : s.replace('RESERVATION_STATUS_', '').toLowerCase().replace(/_/g, ' '));
  const again = (
    <div className="actions">
      <button type="button" className="secondary" onClick={props.onAnother}>
        {t('another')}
      </button>
      <a className="button secondary" href={href(`/listings/${props.listingId}`)}>
        {t('back')}
      </a>
    </div>
  );
  if (waitlist) {
    return (
      <div className="card confirmation pending" role="status">
        <h2 tabIndex={-1} ref={props.headingRef}>
          {t('onWaitlistHeading')}
        </h2>
        <p>{t('onWaitlist', { id: waitlist })}</p>
        {again}
      </div>
    );
  }
  if (series) {
    return (
      <div className="card confirmation" role="status">
        <h2 tabIndex={-1} ref={props.headingRef}>
          {t('seriesDone', { n: series.reservations.length })}
        </h2>
        <ul>
          {series.reservations.map((r) => (
            <li key={r.id}>
              <a href={href(`/reservations/${r.id}`)}>{fmt.dateTime(r.startTime, r.timeZone || props.zone)}</a> — {statusText(r.status)}
              {r.quote && ` — ${fmt.cents(r.quote.totalCents)}`}
            </li>
          ))}
        </ul>
        {series.conflicts?.length > 0 && (
          <>
            <h3>{t('seriesConflicts')}</h3>
            <ul>
              {series.conflicts.map((c) => (
                <li key={c.index}>
                  {fmt.dateTime(c.startTime, props.zone)}: {c.reasons.map(L.withQualificationNames).join('; ')}
                </li>
              ))}
            </ul>
          </>
        )}
        {again}
      </div>
    );
  }
  const r = reservation!;
  const pending = r.status === 'RESERVATION_STATUS_PENDING_APPROVAL';
  return (
    <div className={`card confirmation${pending ? ' pending' : ''}`} role="status">
      <h2 tabIndex={-1} ref={props.headingRef}>
        {r.status === 'RESERVATION_STATUS_CONFIRMED' ? t('confirmed') : pending ? t('pending') : r.status === 'RESERVATION_STATUS_HELD' ? t('held') : statusText(r.status)}
      </h2>
      <dl className="summary">
        <dt>{t('status')}</dt>
        <dd>
          <span className={`badge ${pending ? 'warn' : 'ok'}`}>{statusText(r.status)}</span>
        </dd>
        <dt>{t('when')}</dt>
        <dd>
          {fmt.dateTime(r.startTime, r.timeZone || props.zone)} – {fmt.dateTime(r.endTime, r.timeZone || props.zone)}
        </dd>
      </dl>
      {r.kind === 'RESERVATION_KIND_LOAN' && (r.transportMinutesOut > 0 || r.transportMinutesBack > 0) && (
        <p>{t('transportBooked', { out: fmt.minutes(r.transportMinutesOut), back: fmt.minutes(r.transportMinutesBack) })}</p>
      )}
      {r.quote && (
        <>
          <h3>{t('quote')}</h3>
          <table className="quote">
            <tbody>
              {(r.quote.lines ?? []).map((line, i) => (
                <tr key={i}>
                  <td>{line.description}</td>
                  <td>{fmt.cents(line.amountCents)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('total')}</th>
                <th>{fmt.cents(r.quote.totalCents)}</th>
              </tr>
              {Number(r.quote.depositCents) > 0 && (
                <tr>
                  <td>{t('deposit')}</td>
                  <td>{fmt.cents(r.quote.depositCents)}</td>
                </tr>
              )}
            </tbody>
          </table>
          <p className="hint">{t('termsVersion', { n: r.quote.termsVersion })}</p>
        </>
      )}
      <p>
        <a className="button" href={href(`/reservations/${r.id}`)}>
          {t('view')}
        </a>
      </p>
      {again}
    </div>
  );
}

// The cheapest of the set time rates, plus per learner, plus transport (there and back), as the
// catalogue's search estimates it.
export function estimateCents(terms: SharingTerms, hours: number, learners: number, km: number): number {
  const p = terms.price;
  if (!p || hours <= 0) return 0;
  const options: number[] = [];
  if (Number(p.perHourCents) > 0) options.push(Number(p.perHourCents) * hours);
  if (Number(p.perHalfDayCents) > 0 && hours <= 4) options.push(Number(p.perHalfDayCents));
  if (Number(p.perDayCents) > 0) options.push(Number(p.perDayCents) * Math.ceil(hours / 24));
  const time = options.length ? Math.min(...options) : 0;
  return Math.round(time + Number(p.perLearnerCents) * learners + Number(p.perKmCents) * 2 * km);
}

// The server's problems sorted by input; the rest for the top of the form. A conflict
// (ALREADY_EXISTS) becomes one plain sentence.
function placeProblems(
  error: Error | null,
  t: (k: Msg, v?: Record<string, string | number>) => string,
  names: (s: string) => string,
  zone: string,
  fmt: ReturnType<typeof useFormat>,
  _lang: string,
): { fields: Record<string, string[]>; top: string[]; conflict: string } {
  const fields: Record<string, string[]> = {};
  const top: string[] = [];
  if (!error) return { fields, top, conflict: '' };
  if (!(error instanceof ApiError)) return { fields, top: [error.message], conflict: '' };
  if (error.status === 'ALREADY_EXISTS') {
    const m = /from (\S+) to (\S+) \(/.exec(error.message);
    const conflict = m ? t('conflict', { from: fmt.dateTime(m[1], zone), to: fmt.dateTime(m[2], zone) }) : t('conflictShort');
    return { fields: { start: [t('conflictShort')] }, top: [conflict], conflict };
  }
  for (const p of error.problems) {
    let field = FIELD_OF[p.field];
    const text = names(p.text);
    if (p.field === 'eligibility') {
      if (/responsible person|qualification/i.test(p.text)) field = 'responsible';
      else if (/radius|destination/i.test(p.text)) field = 'site';
      else if (/capacity|learners/i.test(p.text)) field = 'learners';
    }
    if (field) (fields[field] ??= []).push(text);
    else top.push(p.field ? `${p.field.replace(/_/g, ' ')}: ${text}` : text);
  }
  return { fields, top, conflict: '' };
}
