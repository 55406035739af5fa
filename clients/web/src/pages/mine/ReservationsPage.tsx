// Our reservations: the acting organisation's upcoming and past reservations (filter by
// status, page on), and its waitlist entries with their time-limited offers.
import { useCallback, useEffect, useRef, useState } from 'react';
import { defineMessages, useLang, useT } from '../../i18n';
import { href, navigate, useRoute } from '../../router';
import { useSession } from '../../session';
import { ErrorNote, Loading, PageTitle, errorText } from '../../components/ui';
import {
  STATUSES,
  StatusBadge,
  formatRange,
  useCommonT,
  useLearnersText,
  useListingTitle,
  useListings,
  useMembers,
  type Reservation,
} from './common';
import { Waitlist } from './waitlist';

const messages = defineMessages({
  en: {
    title: 'Our reservations',
    views: 'Which reservations',
    upcoming: 'Upcoming',
    past: 'Past',
    status: 'Status',
    allStatuses: 'All statuses',
    noneUpcoming: 'No upcoming reservations. Find equipment in the catalogue to book it.',
    nonePast: 'No past reservations.',
    noneFilter: 'No reservations with this status.',
    toCatalogue: 'Go to the catalogue',
    more: 'Show more',
    count: '{shown} of {total} shown',
    responsible: 'Responsible: {name}',
    owner: 'From {owner}',
    reservations: 'Reservations',
  },
  nl: {
    title: 'Onze reserveringen',
    views: 'Welke reserveringen',
    upcoming: 'Komend',
    past: 'Afgelopen',
    status: 'Status',
    allStatuses: 'Alle statussen',
    noneUpcoming: 'Geen komende reserveringen. Zoek materiaal in de catalogus om het te reserveren.',
    nonePast: 'Geen afgelopen reserveringen.',
    noneFilter: 'Geen reserveringen met deze status.',
    toCatalogue: 'Naar de catalogus',
    more: 'Meer tonen',
    count: '{shown} van {total} getoond',
    responsible: 'Verantwoordelijk: {name}',
    owner: 'Van {owner}',
    reservations: 'Reserveringen',
  },
});

const PAGE = 25;

interface ListState {
  items: Reservation[];
  next: string; // upcoming: the API's page token
  loading: boolean;
  error?: unknown;
}

export function ReservationsPage() {
  const t = useT(messages);
  const ct = useCommonT();
  const { lang } = useLang();
  const { api, session } = useSession();
  const route = useRoute();
  const view = route.query.get('view') === 'past' ? 'past' : 'upcoming';
  const status = route.query.get('status') ?? '';
  const orgId = session?.organizationId ?? '';

  const [state, setState] = useState<ListState>({ items: [], next: '', loading: true });
  const [shown, setShown] = useState(PAGE); // past: all are loaded, shown in steps
  const generation = useRef(0);

  // Upcoming: the API's order (soonest first), a page at a time. Past: newest first, which the
  // API does not sort by, so all past ones are loaded (in large pages) and reversed.
  const load = useCallback(
    async (pageToken: string) => {
      const mine = ++generation.current;
      setState((s) => ({ ...s, loading: true, error: undefined }));
      const now = new Date().toISOString();
      const statuses = status ? [status] : undefined;
      try {
        if (view === 'upcoming') {
          const r = await api.get<{ reservations: Reservation[]; nextPageToken: string }>('/v1/reservations', {
            organizationId: orgId,
            endAfter: now,
            statuses,
            pageSize: PAGE,
            pageToken,
          });
          if (mine !== generation.current) return;
          setState((s) => ({ items: pageToken ? [...s.items, ...(r.reservations ?? [])] : r.reservations ?? [], next: r.nextPageToken, loading: false }));
        } else {
          const all: Reservation[] = [];
          let token = '';
          do {
            const r = await api.get<{ reservations: Reservation[]; nextPageToken: string }>('/v1/reservations', {
              organizationId: orgId,
              startBefore: now,
              statuses,
              pageSize: 500,
              pageToken: token,
            });
            all.push(...(r.reservations ?? []));
            token = r.nextPageToken;
          } while (token && all.length < 5000);
          if (mine !== generation.current) return;
          const past = all.filter((x) => x.endTime <= now || new Date(x.endTime) <= new Date(now)).reverse();
          setState({ items: past, next: '', loading: false });
        }
      } catch (error) {
        if (mine === generation.current) setState((s) => ({ ...s, loading: false, error }));
      }
    },
    [api, orgId, view, status],
  );

  useEffect(() => {
    setState({ items: [], next: '', loading: true });
    setShown(PAGE);
    void load('');
  }, [load]);

  const visible = view === 'past' ? state.items.slice(0, shown) : state.items;
  const listings = useListings(api, visible.map((r) => r.listingId));
  const title = useListingTitle();
  const { names } = useMembers(api, orgId);
  const learnersText = useLearnersText();

  const setQuery = (next: { view?: string; status?: string }) =>
    navigate('/reservations', { view: (next.view ?? view) === 'past' ? 'past' : undefined, status: next.status ?? status });

  const empty = status ? t('noneFilter') : view === 'past' ? t('nonePast') : t('noneUpcoming');
  const moreAvailable = view === 'past' ? shown < state.items.length : !!state.next;

  return (
    <section className="mine">
      <PageTitle>{t('title')}</PageTitle>

      <Waitlist onChange={() => void load('')} />

      <h2 id="rsv-heading">{t('reservations')}</h2>
      <div className="rsv-controls">
        <nav aria-label={t('views')} className="tabs">
          <a href={href('/reservations', { status })} aria-current={view === 'upcoming' ? 'page' : undefined}>
            {t('upcoming')}
          </a>
          <a href={href('/reservations', { view: 'past', status })} aria-current={view === 'past' ? 'page' : undefined}>
            {t('past')}
          </a>
        </nav>
        <label className="inline-field">
          <span>{t('status')}</span>
          <select value={status} onChange={(e) => setQuery({ status: e.target.value })}>
            <option value="">{t('allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {ct(s)}
              </option>
            ))}
          </select>
        </label>
      </div>

      {state.error !== undefined && <ErrorNote errors={[errorText(state.error)]} onRetry={() => void load('')} />}
      {state.loading && state.items.length === 0 && <Loading />}
      {!state.loading && state.error === undefined && state.items.length === 0 && (
        <p className="empty">
          {empty}{' '}
          {view === 'upcoming' && !status && <a href={href('/catalogue')}>{t('toCatalogue')}</a>}
        </p>
      )}

      {visible.length > 0 && (
        <ul className="rsv-list" aria-labelledby="rsv-heading">
          {visible.map((r) => {
            const l = listings[r.listingId];
            const responsible = r.responsiblePersonId && names[r.responsiblePersonId];
            return (
              <li key={r.id} className="card rsv-item">
                <div className="rsv-head">
                  <h3>
                    <a href={href(`/reservations/${r.id}`)}>{title(listings, r.listingId)}</a>
                  </h3>
                  <StatusBadge status={r.status} />
                </div>
                <p className="rsv-when">{formatRange(lang, r.startTime, r.endTime, r.timeZone)}</p>
                <p className="muted rsv-meta">
                  <span>{ct((r.kind || 'RESERVATION_KIND_UNSPECIFIED') as 'RESERVATION_KIND_SESSION')}</span>
                  <span>{learnersText(r.learners, r.plannedLearners)}</span>
                  {l?.ownerName && <span>{t('owner', { owner: l.ownerName })}</span>}
                  {responsible && <span>{t('responsible', { name: responsible })}</span>}
                </p>
              </li>
            );
          })}
        </ul>
      )}

      {state.items.length > 0 && (
        <div className="row list-foot">
          {view === 'past' && <p className="muted" aria-live="polite">{t('count', { shown: Math.min(shown, state.items.length), total: state.items.length })}</p>}
          {moreAvailable && (
            <button
              type="button"
              className="secondary"
              disabled={state.loading}
              onClick={() => (view === 'past' ? setShown((n) => n + PAGE) : void load(state.next))}
            >
              {t('more')}
            </button>
          )}
          {state.loading && state.items.length > 0 && <Loading />}
        </div>
      )}
    </section>
  );
}
