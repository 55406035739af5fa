// One listing: what it is, who owns it and where, photos and links, the sharing terms, whether
// we may book it, and a week of availability (free times per unit in the site's time zone) from
// which a free slot opens the booking form.
import { useId } from 'react';
import { ApiError } from '../../api';
import { defineMessages, useFormat, useLang, useT, locale } from '../../i18n';
import { href, navigate, useRoute } from '../../router';
import { useSession } from '../../session';
import { ErrorNote, Field, Loading, PageTitle, errorText, useLoad } from '../../components/ui';
import {
  addDays,
  distanceKm,
  fromZoned,
  isImageUrl,
  loadOwnSites,
  loadQualificationTypes,
  loadVocabulary,
  mondayOf,
  safeUrl,
  toZoned,
  useLabels,
  type Eligibility,
  type Listing,
  type SharingTerms,
  type Site,
} from './common';
import './catalogue.css';

const messages = defineMessages({
  en: {
    back: 'Back to the catalogue',
    notFound: 'This listing does not exist or is not published.',
    owner: 'Owner',
    site: 'Where',
    mobileBase: 'Leaves from',
    about: 'About',
    media: 'Photos and links',
    equipment: 'Equipment',
    units: 'Units',
    seats: 'Licence seats',
    capacity: 'Learners per unit per session',
    audiences: 'For',
    languages: 'Languages',
    technologies: 'Technologies',
    sectors: 'Sectors',
    competences: 'Competences',
    serviceRadius: 'Travels up to',
    setup: 'Setup and teardown',
    setupValue: '{setup} setup, {teardown} teardown',
    terms: 'Terms',
    noTerms: 'The owner has not set sharing terms yet, so it cannot be booked.',
    price: 'Price',
    perHour: '{amount} per hour',
    perHalfDay: '{amount} per half day',
    perDay: '{amount} per day',
    perLearner: '{amount} per learner',
    perKm: '{amount} per km transport (there and back)',
    free: 'Free of charge',
    deposit: 'Deposit',
    leadTime: 'Book at least',
    leadTimeValue: '{n} hours ahead',
    leadTimeDays: '{n} days ahead',
    maxDuration: 'Longest reservation',
    maxDurationValue: '{n} hours',
    noMax: 'No maximum',
    approval: 'Approval',
    approvalYes: 'The owner approves each request',
    approvalNo: 'Confirmed at once',
    cancellation: 'Cancellation',
    cancellationValue: 'Free until {n} hours before the start; after that {fee}',
    cancellationFree: 'Free until {n} hours before the start',
    cancellationAny: 'Free at any time',
    quota: 'Quota',
    quotaValue: '{n} hours per organisation per month',
    who: 'Who may book',
    everyone: 'Everyone',
    kinds: 'Organisations of kind: {kinds}',
    networks: 'Members of the owner’s network',
    listed: 'Organisations the owner has listed',
    qualifications: 'The responsible person needs',
    intake: 'Intake',
    intakeValue: 'An intake with the owner before your first reservation',
    version: 'Terms version {n}',
    mayBook: 'You may book this',
    mayNotBook: 'You may not book this',
    approvalNote: 'The owner approves each request.',
    book: 'Book this',
    availability: 'Availability',
    availabilityFor: 'Show availability for',
    loanTo: 'A loan to {site}',
    sessionAt: 'A session at the owner’s site',
    prevWeek: 'Previous week',
    nextWeek: 'Next week',
    thisWeek: 'This week',
    weekOf: 'Week of {date}',
    zoneNote: 'Times are in {zone} time. Pick a free time to book it.',
    day: 'Day',
    freeTimes: 'Free times',
    nothingFree: 'Nothing free',
    tooSoon: 'Free earlier, but too soon to book (book {notice} ahead)',
    allDay: 'All day',
    days: '{n} days',
    hours: '{n} hours',
    unitsFree: 'unit {units}',
    unitsFreePlural: 'units {units}',
    outOfService: 'Unit {n} is out of service after a damage report.',
    pick: 'Book {day},',
    loadingWeek: 'Loading the week…',
    leadTimeShift: 'Book {notice} ahead: the week shown is the first one you can book.',
    distanceFrom: '{km} from {site}, about {minutes} transport',
    outsideRadius: '{site} is {km} away, outside the {radius} this setup travels.',
    descriptionMissing: 'No description yet.',
  },
  nl: {
    back: 'Terug naar de catalogus',
    notFound: 'Dit aanbod bestaat niet of is niet gepubliceerd.',
    owner: 'Eigenaar',
    site: 'Waar',
    mobileBase: 'Vertrekt vanaf',
    about: 'Over dit aanbod',
    media: 'Foto’s en links',
    equipment: 'Leermiddel',
    units: 'Eenheden',
    seats: 'Licenties',
    capacity: 'Leerlingen per eenheid per sessie',
    audiences: 'Voor',
    languages: 'Talen',
    technologies: 'Technologieën',
    sectors: 'Sectoren',
    competences: 'Competenties',
    serviceRadius: 'Rijdt tot',
    setup: 'Opbouw en afbouw',
    setupValue: '{setup} opbouw, {teardown} afbouw',
    terms: 'Voorwaarden',
    noTerms: 'De eigenaar heeft nog geen voorwaarden vastgelegd; reserveren kan nog niet.',
    price: 'Prijs',
    perHour: '{amount} per uur',
    perHalfDay: '{amount} per dagdeel',
    perDay: '{amount} per dag',
    perLearner: '{amount} per leerling',
    perKm: '{amount} per km transport (heen en terug)',
    free: 'Kosteloos',
    deposit: 'Borg',
    leadTime: 'Reserveer minstens',
    leadTimeValue: '{n} uur vooraf',
    leadTimeDays: '{n} dagen vooraf',
    maxDuration: 'Langste reservering',
    maxDurationValue: '{n} uur',
    noMax: 'Geen maximum',
    approval: 'Goedkeuring',
    approvalYes: 'De eigenaar keurt elke aanvraag goed',
    approvalNo: 'Meteen bevestigd',
    cancellation: 'Annuleren',
    cancellationValue: 'Kosteloos tot {n} uur voor het begin; daarna {fee}',
    cancellationFree: 'Kosteloos tot {n} uur voor het begin',
    cancellationAny: 'Altijd kosteloos',
    quota: 'Quotum',
    quotaValue: '{n} uur per organisatie per maand',
    who: 'Wie mag reserveren',
    everyone: 'Iedereen',
    kinds: 'Organisaties van het soort: {kinds}',
    networks: 'Leden van het netwerk van de eigenaar',
    listed: 'Organisaties die de eigenaar heeft aangewezen',
    qualifications: 'De verantwoordelijke persoon heeft nodig',
    intake: 'Intake',
    intakeValue: 'Een intakegesprek met de eigenaar vóór uw eerste reservering',
    version: 'Voorwaarden versie {n}',
    mayBook: 'U mag dit reserveren',
    mayNotBook: 'U mag dit niet reserveren',
    approvalNote: 'De eigenaar keurt elke aanvraag goed.',
    book: 'Reserveer dit',
    availability: 'Beschikbaarheid',
    availabilityFor: 'Toon beschikbaarheid voor',
    loanTo: 'Een uitlening naar {site}',
    sessionAt: 'Een sessie op de locatie van de eigenaar',
    prevWeek: 'Vorige week',
    nextWeek: 'Volgende week',
    thisWeek: 'Deze week',
    weekOf: 'Week van {date}',
    zoneNote: 'Tijden in de tijdzone {zone}. Kies een vrij moment om het te reserveren.',
    day: 'Dag',
    freeTimes: 'Vrije tijden',
    nothingFree: 'Niets vrij',
    tooSoon: 'Eerder vrij, maar te kort dag (reserveer {notice} vooraf)',
    allDay: 'Hele dag',
    days: '{n} dagen',
    hours: '{n} uur',
    unitsFree: 'eenheid {units}',
    unitsFreePlural: 'eenheden {units}',
    outOfService: 'Eenheid {n} is buiten gebruik na een schademelding.',
    pick: 'Reserveer {day},',
    loadingWeek: 'De week wordt geladen…',
    leadTimeShift: 'Reserveer {notice} vooraf: de getoonde week is de eerste waarin dat kan.',
    distanceFrom: '{km} van {site}, ongeveer {minutes} transport',
    outsideRadius: '{site} ligt {km} ver, buiten de {radius} waarin deze opstelling rijdt.',
    descriptionMissing: 'Nog geen beschrijving.',
  },
});

interface Availability {
  timeZone: string;
  units: { unit: number; free: { startTime: string; endTime: string }[]; outOfService: boolean }[];
}

export function ListingPage({ listingId }: { listingId: string }) {
  const t = useT(messages);
  const fmt = useFormat();
  const L = useLabels();
  const { api, session } = useSession();
  const route = useRoute();
  const organizationId = session?.organizationId ?? '';

  const data = useLoad(async () => {
    const [listing, terms, sites, eligibility] = await Promise.all([
      api.get<Listing>(`/v1/listings/${encodeURIComponent(listingId)}`),
      api.get<SharingTerms>(`/v1/listings/${encodeURIComponent(listingId)}/terms`).catch((e) => {
        if (e instanceof ApiError && (e.status === 'NOT_FOUND' || e.httpStatus === 404)) return null;
        throw e;
      }),
      organizationId ? loadOwnSites(api, organizationId) : Promise.resolve([] as Site[]),
      organizationId
        ? api.get<Eligibility>(`/v1/listings/${encodeURIComponent(listingId)}:checkEligibility`, { organizationId }).catch(() => null)
        : Promise.resolve(null),
      loadVocabulary(api).catch(() => []),
      loadQualificationTypes(api).catch(() => []),
    ]);
    let site = listing.site;
    if (!site && listing.siteId) site = await api.get<Site>(`/v1/sites/${encodeURIComponent(listing.siteId)}`).catch(() => undefined);
    return { listing, terms, sites, eligibility, site };
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
  const { listing, terms, sites, eligibility, site } = data.data!;
  const title = L.title(listing);
  const mobile = listing.category === 'CATEGORY_MOBILE_SETUP';
  const elearning = listing.category === 'CATEGORY_E_LEARNING';
  const zone = site?.timeZone || 'Europe/Brussels';
  const ourSite = sites.find((s) => s.id === route.query.get('site')) ?? sites.find((s) => s.location);
  const mode = mobile && ourSite && route.query.get('mode') !== 'session' ? 'loan' : 'session';
  const address = site?.address ? [site.address.street, [site.address.postalCode, site.address.locality].filter(Boolean).join(' '), site.address.country].filter(Boolean).join(', ') : '';
  const bookQuery = { site: mode === 'loan' ? ourSite?.id : undefined, kind: mode };
  const travel =
    mobile && ourSite?.location && site?.location && listing.mobile
      ? { km: distanceKm(site.location, ourSite.location), speed: listing.mobile.travelSpeedKmh || 50 }
      : null;

  return (
    <article className="listing">
      <p>
        <a href={href('/catalogue')}>← {t('back')}</a>
      </p>
      <PageTitle>{title}</PageTitle>
      <p className="listing-head">
        <span className="badge">{L.category(listing.category)}</span>
        <span>
          {t('owner')}: <strong>{listing.ownerName || '—'}</strong>
          {listing.ownerCountry ? ` (${L.country(listing.ownerCountry)})` : ''}
        </span>
        {site && (
          <span>
            {mobile ? t('mobileBase') : t('site')}: {site.name}
            {address ? `, ${address}` : ''}
          </span>
        )}
      </p>
      <div className="listing-layout">
        <div>
          <h2>{t('about')}</h2>
          <p>{L.description(listing) || <span className="muted">{t('descriptionMissing')}</span>}</p>
          {listing.media.length > 0 && (
            <>
              <h2>{t('media')}</h2>
              <ul className="media">
                {listing.media.map((m, i) => {
                  const url = safeUrl(m.url);
                  if (!url) return null;
                  return (
                    <li key={i}>
                      {isImageUrl(m) ? (
                        <figure>
                          <a href={url} target="_blank" rel="noopener noreferrer">
                            <img src={url} alt={m.caption || title} loading="lazy" />
                          </a>
                          {m.caption && <figcaption>{m.caption}</figcaption>}
                        </figure>
                      ) : (
                        <a href={url} target="_blank" rel="noopener noreferrer">
                          {m.caption || m.kind || url}
                        </a>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
          <h2>{t('equipment')}</h2>
          <dl className="terms">
            <dt>{elearning ? t('seats') : t('units')}</dt>
            <dd>{listing.unitCount}</dd>
            {!elearning && (
              <>
                <dt>{t('capacity')}</dt>
                <dd>{listing.capacityPerUnit}</dd>
              </>
            )}
            {listing.audiences.length > 0 && (
              <>
                <dt>{t('audiences')}</dt>
                <dd>{listing.audiences.map(L.audience).join(', ')}</dd>
              </>
            )}
            {listing.technologies.length > 0 && (
              <>
                <dt>{t('technologies')}</dt>
                <dd>{listing.technologies.map(L.vocab).join(', ')}</dd>
              </>
            )}
            {listing.sectors.length > 0 && (
              <>
                <dt>{t('sectors')}</dt>
                <dd>{listing.sectors.map(L.vocab).join(', ')}</dd>
              </>
            )}
            {listing.competences.length > 0 && (
              <>
                <dt>{t('competences')}</dt>
                <dd>{listing.competences.map(L.vocab).join(', ')}</dd>
              </>
            )}
            {listing.languages.length > 0 && (
              <>
                <dt>{t('languages')}</dt>
                <dd>{listing.languages.map((l) => l.toUpperCase()).join(', ')}</dd>
              </>
            )}
            {listing.mobile && (
              <>
                <dt>{t('serviceRadius')}</dt>
                <dd>{fmt.km(listing.mobile.serviceRadiusKm)}</dd>
                <dt>{t('setup')}</dt>
                <dd>{t('setupValue', { setup: fmt.minutes(listing.mobile.setupMinutes), teardown: fmt.minutes(listing.mobile.teardownMinutes) })}</dd>
              </>
            )}
          </dl>
        </div>
        <aside className="card">
          <h2>{t('terms')}</h2>
          {eligibility &&
            (eligibility.mayBook ? (
              <p>
                <span className="badge ok">✓ {t('mayBook')}</span>
              </p>
            ) : (
              <div>
                <p>
                  <span className="badge error">✗ {t('mayNotBook')}</span>
                </p>
                <ul>
                  {eligibility.reasons.map((r) => (
                    <li key={r.code + r.message}>{L.reason(r)}</li>
                  ))}
                </ul>
              </div>
            ))}
          {terms ? <TermsList terms={terms} /> : <p>{t('noTerms')}</p>}
          {terms && (eligibility?.mayBook ?? true) && (
            <a className="button" href={href(`/book/${listing.id}`, bookQuery)}>
              {t('book')}
            </a>
          )}
        </aside>
      </div>

      <h2 id="availability-heading">{t('availability')}</h2>
      {mobile && sites.length > 0 && (
        <Field label={t('availabilityFor')}>
          {({ id }) => (
            <select
              id={id}
              value={mode === 'loan' ? ourSite?.id ?? '' : 'session'}
              onChange={(e) => {
                const q = Object.fromEntries(route.query);
                if (e.target.value === 'session') navigate(`/listings/${listing.id}`, { ...q, mode: 'session', site: undefined });
                else navigate(`/listings/${listing.id}`, { ...q, mode: undefined, site: e.target.value });
              }}
            >
              {sites
                .filter((s) => s.location)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {t('loanTo', { site: s.name })}
                  </option>
                ))}
              <option value="session">{t('sessionAt')}</option>
            </select>
          )}
        </Field>
      )}
      {mode === 'loan' && travel && ourSite && listing.mobile && (
        <p>
          {travel.km > listing.mobile.serviceRadiusKm
            ? t('outsideRadius', { site: ourSite.name, km: fmt.km(travel.km), radius: fmt.km(listing.mobile.serviceRadiusKm) })
            : t('distanceFrom', { km: fmt.km(travel.km), site: ourSite.name, minutes: fmt.minutes(Math.ceil((travel.km / travel.speed) * 60)) })}
        </p>
      )}
      <WeekView listing={listing} zone={zone} terms={terms} destination={mode === 'loan' ? ourSite : undefined} bookQuery={bookQuery} />
    </article>
  );
}

function TermsList({ terms }: { terms: SharingTerms }) {
  const t = useT(messages);
  const fmt = useFormat();
  const L = useLabels();
  const p = terms.price;
  const prices = p
    ? [
        Number(p.perHourCents) > 0 && t('perHour', { amount: fmt.cents(p.perHourCents) }),
        Number(p.perHalfDayCents) > 0 && t('perHalfDay', { amount: fmt.cents(p.perHalfDayCents) }),
        Number(p.perDayCents) > 0 && t('perDay', { amount: fmt.cents(p.perDayCents) }),
        Number(p.perLearnerCents) > 0 && t('perLearner', { amount: fmt.cents(p.perLearnerCents) }),
        Number(p.perKmCents) > 0 && t('perKm', { amount: fmt.cents(p.perKmCents) }),
      ].filter(Boolean)
    : [];
  const who = terms.whoMayBook;
  const whoLines = who?.everyone
    ? [t('everyone')]
    : [
        who?.organizationKinds.length ? t('kinds', { kinds: who.organizationKinds.map(L.ownerKind).join(', ') }) : '',
        who?.networkIds.length ? t('networks') : '',
        who?.organizationIds.length ? t('listed') : '',
      ].filter(Boolean);
  const fee = Number(terms.cancellationFeeCents);
  return (
    <dl className="terms">
      <dt>{t('price')}</dt>
      <dd>
        {prices.length ? (
          <ul>
            {prices.map((x) => (
              <li key={String(x)}>{x}</li>
            ))}
          </ul>
        ) : (
          t('free')
        )}
      </dd>
      {Number(terms.depositCents) > 0 && (
        <>
          <dt>{t('deposit')}</dt>
          <dd>{fmt.cents(terms.depositCents)}</dd>
        </>
      )}
      <dt>{t('leadTime')}</dt>
      <dd>
        {terms.minLeadTimeHours >= 48 && terms.minLeadTimeHours % 24 === 0
          ? t('leadTimeDays', { n: terms.minLeadTimeHours / 24 })
          : t('leadTimeValue', { n: terms.minLeadTimeHours })}
      </dd>
      <dt>{t('maxDuration')}</dt>
      <dd>{terms.maxDurationHours ? t('maxDurationValue', { n: terms.maxDurationHours }) : t('noMax')}</dd>
      <dt>{t('approval')}</dt>
      <dd>{terms.approvalRequired ? t('approvalYes') : t('approvalNo')}</dd>
      <dt>{t('cancellation')}</dt>
      <dd>
        {terms.cancellationDeadlineHours
          ? fee
            ? t('cancellationValue', { n: terms.cancellationDeadlineHours, fee: fmt.cents(fee) })
            : t('cancellationFree', { n: terms.cancellationDeadlineHours })
          : t('cancellationAny')}
      </dd>
      {terms.quotaHoursPerMonth > 0 && (
        <>
          <dt>{t('quota')}</dt>
          <dd>{t('quotaValue', { n: terms.quotaHoursPerMonth })}</dd>
        </>
      )}
      <dt>{t('who')}</dt>
      <dd>{whoLines.join('; ')}</dd>
      {terms.requiredQualificationTypeIds.length > 0 && (
        <>
          <dt>{t('qualifications')}</dt>
          <dd>
            <ul>
              {terms.requiredQualificationTypeIds.map((id) => (
                <li key={id}>{L.qualification(id)}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {terms.intakeRequired && (
        <>
          <dt>{t('intake')}</dt>
          <dd>{t('intakeValue')}</dd>
        </>
      )}
      <dd className="muted">{t('version', { n: terms.version ?? '' })}</dd>
    </dl>
  );
}

interface DaySlot {
  start: Date;
  end: Date;
  from: string;
  to: string;
  units: number[];
}

// A week of free times: a table with a row per day, each free time a link that opens the booking
// form with that time filled in.
function WeekView(props: { listing: Listing; zone: string; terms: SharingTerms | null; destination?: Site; bookQuery: Record<string, string | undefined> }) {
  const t = useT(messages);
  const { lang } = useLang();
  const fmt = useFormat();
  const { api } = useSession();
  const route = useRoute();
  const captionId = useId();
  const { listing, zone, terms, destination } = props;
  const leadHours = terms?.minLeadTimeHours ?? 0;
  const earliest = new Date(Date.now() + leadHours * 3600_000);
  // The first week with bookable time; when that is only a weekend, the week after.
  const earliestDay = toZoned(earliest, zone);
  const firstBookableWeek = mondayOf(earliestDay.weekday >= 6 ? addDays(earliestDay.date, 7) : earliestDay.date);
  const requested = route.query.get('week');
  const week = requested && /^\d{4}-\d{2}-\d{2}$/.test(requested) ? mondayOf(requested) : firstBookableWeek;
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const dest = destination?.location;

  const availability = useLoad(
    () =>
      api.get<Availability>(`/v1/listings/${encodeURIComponent(listing.id)}/availability`, {
        startTime: fromZoned(`${week}T00:00`, zone)!.toISOString(),
        endTime: fromZoned(`${addDays(week, 7)}T00:00`, zone)!.toISOString(),
        'destination.latitude': dest?.latitude,
        'destination.longitude': dest?.longitude,
      }),
    [api, listing.id, week, zone, dest?.latitude, dest?.longitude],
  );

  const setWeek = (w: string) => navigate(route.path, { ...Object.fromEntries(route.query), week: w });
  const dayName = new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  const label = (date: string) => dayName.format(new Date(`${date}T12:00:00Z`));

  // Per day: the free intervals clipped to the day, same times of several units merged.
  const perDay = days.map((date) => {
    const dayStart = fromZoned(`${date}T00:00`, zone)!;
    const dayEnd = fromZoned(`${addDays(date, 1)}T00:00`, zone)!;
    const slots = new Map<string, DaySlot>();
    let tooSoon = false;
    for (const u of availability.data?.units ?? []) {
      if (u.outOfService) continue;
      for (const f of u.free ?? []) {
        let s = new Date(Math.max(new Date(f.startTime).getTime(), dayStart.getTime()));
        const e = new Date(Math.min(new Date(f.endTime).getTime(), dayEnd.getTime()));
        if (e <= s) continue;
        if (s < earliest) {
          tooSoon = true;
          if (e <= earliest) continue;
          // Round the first bookable moment up to the next quarter hour.
          s = new Date(Math.ceil(earliest.getTime() / 900_000) * 900_000);
          if (e <= s) continue;
        }
        const from = toZoned(s, zone).time;
        const to = e.getTime() === dayEnd.getTime() ? '24:00' : toZoned(e, zone).time;
        const k = `${from}-${to}`;
        const slot = slots.get(k) ?? { start: s, end: e, from, to, units: [] };
        slot.units.push(u.unit);
        slots.set(k, slot);
      }
    }
    return { date, slots: [...slots.values()].sort((a, b) => a.start.getTime() - b.start.getTime()), tooSoon };
  });

  // A whole free day (loans run round the clock) suggests school hours; the form can change it.
  const bookHref = (date: string, slot: DaySlot) => {
    let start = slot.start;
    let end = slot.end;
    if (slot.from === '00:00' && slot.to === '24:00') {
      start = fromZoned(`${date}T08:00`, zone)!;
      end = fromZoned(`${date}T17:00`, zone)!;
    }
    return href(`/book/${listing.id}`, { ...props.bookQuery, start: start.toISOString(), end: end.toISOString() });
  };
  const notice = leadHours >= 48 && leadHours % 24 === 0 ? t('days', { n: leadHours / 24 }) : t('hours', { n: leadHours });
  const outOfService = (availability.data?.units ?? []).filter((u) => u.outOfService);
  const today = mondayOf(toZoned(new Date(), zone).date);

  return (
    <section aria-labelledby="availability-heading">
      {leadHours > 0 && !requested && firstBookableWeek !== today && <p className="muted">{t('leadTimeShift', { notice })}</p>}
      <div className="week-nav">
        <button type="button" className="secondary" onClick={() => setWeek(addDays(week, -7))}>
          ← {t('prevWeek')}
        </button>
        <strong id={captionId}>{t('weekOf', { date: fmt.date(`${week}T12:00:00Z`) })}</strong>
        <span className="row">
          {week !== today && (
            <button type="button" className="secondary" onClick={() => setWeek(today)}>
              {t('thisWeek')}
            </button>
          )}
          <button type="button" className="secondary" onClick={() => setWeek(addDays(week, 7))}>
            {t('nextWeek')} →
          </button>
        </span>
      </div>
      <p className="muted">{t('zoneNote', { zone })}</p>
      {outOfService.map((u) => (
        <p key={u.unit} className="slot-soon">
          {t('outOfService', { n: u.unit })}
        </p>
      ))}
      {availability.error !== undefined && <ErrorNote errors={[errorText(availability.error)]} onRetry={availability.reload} />}
      {availability.loading ? (
        <Loading label={t('loadingWeek')} />
      ) : (
        <div className="table-scroll">
          <table className="week-table" aria-labelledby={captionId}>
            <thead>
              <tr>
                <th scope="col">{t('day')}</th>
                <th scope="col">{t('freeTimes')}</th>
              </tr>
            </thead>
            <tbody>
              {perDay.map((d) => (
                <tr key={d.date}>
                  <th scope="row">{label(d.date)}</th>
                  <td>
                    {d.slots.length > 0 && (
                      <ul className="slot-list">
                        {d.slots.map((s) => (
                          <li key={s.from + s.to}>
                            <a href={bookHref(d.date, s)}>
                              <span className="visually-hidden">{t('pick', { day: label(d.date) })} </span>
                              {s.from === '00:00' && s.to === '24:00' ? t('allDay') : `${s.from}–${s.to}`}
                            </a>
                            {listing.unitCount > 1 && (
                              <span className="muted">
                                {' '}
                                ({s.units.length > 1 ? t('unitsFreePlural', { units: s.units.join(', ') }) : t('unitsFree', { units: s.units[0] })})
                              </span>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                    {!d.slots.length && !d.tooSoon && <span className="slot-none">{t('nothingFree')}</span>}
                    {d.tooSoon && <div className="slot-soon">{t('tooSoon', { notice: notice })}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
