// The owner's inbox: requests on our listings waiting for a decision (approve or reject, with
// a reason, right here), and the organisation's notices, kept up to date live.
import { useCallback, useMemo, useState } from 'react';
import { defineMessages, useFormat, useLang, useT } from '../../i18n';
import { allPages } from '../../api';
import { href } from '../../router';
import { useSession } from '../../session';
import { ErrorNote, Loading, PageTitle, errorText, useLoad } from '../../components/ui';
import {
  formatRange,
  formatTime,
  useCommonT,
  useLearnersText,
  useListingTitle,
  useListings,
  useOrgNames,
  type Reservation,
} from '../mine/common';
import { DecisionForm } from '../mine/decide';
import { useInboxWatch, type InboxEvent, type LiveState } from './inboxWatch';

const messages = defineMessages({
  en: {
    title: 'Requests',
    pending: 'Waiting for your decision',
    pendingCount: '{n} waiting',
    nonePending: 'No requests are waiting for a decision.',
    from: 'From {org}',
    destination: 'To {place}',
    price: 'Price {total}',
    notes: 'Note from the borrower: {notes}',
    details: 'Details and history',
    approved: 'Approved: the reservation is confirmed.',
    rejected: 'Rejected: the borrower sees your reason.',
    notices: 'Notices',
    noNotices: 'No notices yet.',
    more: 'Show older notices',
    open: 'Open reservation',
    live_connecting: 'Connecting for live updates…',
    live_live: 'Live: new notices appear here',
    live_retrying: 'Live updates interrupted, reconnecting…',
    live_off: 'Live updates are not available',
    n_request: 'New request',
    n_approved: 'Approved',
    n_rejected: 'Rejected',
    n_cancelled: 'Cancelled',
    n_offer: 'Waitlist offer',
    n_checked_in: 'Checked in',
    n_checked_out: 'Checked out',
    n_handed_over: 'Handed over',
    n_no_show: 'No-show',
    n_hold_expired: 'Hold expired',
    n_other: 'Notice',
    newNotice: 'New notice: {text}',
  },
  nl: {
    title: 'Aanvragen',
    pending: 'Wachten op uw beslissing',
    pendingCount: '{n} wachtend',
    nonePending: 'Er wachten geen aanvragen op een beslissing.',
    from: 'Van {org}',
    destination: 'Naar {place}',
    price: 'Prijs {total}',
    notes: 'Opmerking van de aanvrager: {notes}',
    details: 'Gegevens en geschiedenis',
    approved: 'Goedgekeurd: de reservering is bevestigd.',
    rejected: 'Afgewezen: de aanvrager ziet uw reden.',
    notices: 'Meldingen',
    noNotices: 'Nog geen meldingen.',
    more: 'Oudere meldingen tonen',
    open: 'Reservering openen',
    live_connecting: 'Verbinden voor live meldingen…',
    live_live: 'Live: nieuwe meldingen verschijnen hier',
    live_retrying: 'Live meldingen onderbroken, opnieuw verbinden…',
    live_off: 'Live meldingen zijn niet beschikbaar',
    n_request: 'Nieuwe aanvraag',
    n_approved: 'Goedgekeurd',
    n_rejected: 'Afgewezen',
    n_cancelled: 'Geannuleerd',
    n_offer: 'Wachtlijstaanbod',
    n_checked_in: 'Ingecheckt',
    n_checked_out: 'Uitgecheckt',
    n_handed_over: 'Overgedragen',
    n_no_show: 'Niet verschenen',
    n_hold_expired: 'Vasthouden verlopen',
    n_other: 'Melding',
    newNotice: 'Nieuwe melding: {text}',
  },
});
type Key = keyof (typeof messages)['en'];

const PENDING = 'RESERVATION_STATUS_PENDING_APPROVAL';

export function InboxPage() {
  const t = useT(messages);
  const ct = useCommonT();
  const fmt = useFormat();
  const { lang } = useLang();
  const { api, session } = useSession();
  const orgId = session?.organizationId ?? '';
  const title = useListingTitle();
  const learnersText = useLearnersText();

  // ---- Requests waiting for a decision.
  const [pendingTick, setPendingTick] = useState(0);
  const pending = useLoad(
    () => allPages<Reservation>(api, '/v1/reservations', 'reservations', { ownerOrganizationId: orgId, statuses: [PENDING], pageSize: 100 }, 1000),
    [api, orgId, pendingTick],
  );
  const [decided, setDecided] = useState<Record<string, { r: Reservation; approved: boolean }>>({});
  const requests = useMemo(() => {
    const list = [...(pending.data ?? [])];
    for (const d of Object.values(decided)) if (!list.some((x) => x.id === d.r.id)) list.push(d.r);
    return list;
  }, [pending.data, decided]);
  const waiting = requests.filter((r) => !decided[r.id]).length;

  // ---- Notices: the stored ones a page at a time, then live ones on top.
  const [older, setOlder] = useState<{ events: InboxEvent[]; next: string; loading: boolean; error?: unknown }>({ events: [], next: '', loading: false });
  const first = useLoad(() => api.get<{ events: InboxEvent[]; nextPageToken: string }>('/v1/inbox', { organizationId: orgId, pageSize: 20 }), [api, orgId]);
  const [live, setLive] = useState<InboxEvent[]>([]);
  const [announce, setAnnounce] = useState('');

  const notices = useMemo(() => {
    const seen = new Set<string>();
    const out: InboxEvent[] = [];
    for (const e of [...live, ...(first.data?.events ?? []), ...older.events]) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      out.push(e);
    }
    return out;
  }, [live, first.data, older.events]);
  const liveIds = useMemo(() => new Set(live.map((e) => e.id)), [live]);

  const after = first.data ? Math.max(0, ...(first.data.events ?? []).map((e) => Number(e.sequence ?? 0))) : null;

  const listingIds = [...requests.map((r) => r.listingId), ...notices.map((e) => e.listingId)];
  const listings = useListings(api, listingIds);
  const orgIdsInSummaries = notices.flatMap((e) => e.summary.match(/org_[0-9a-f]+/g) ?? []);
  const orgNames = useOrgNames(api, [...requests.map((r) => r.organizationId), ...orgIdsInSummaries]);

  const noticeLabel = (type: string) => ((messages.en as Record<string, string>)[`n_${type}`] ? t(`n_${type}` as Key) : t('n_other'));

  const onEvent = useCallback(
    (e: InboxEvent) => {
      setLive((prev) => (prev.some((x) => x.id === e.id) ? prev : [e, ...prev]));
      setAnnounce(`${e.type} ${e.id}`);
      if (['request', 'cancelled', 'hold_expired', 'approved', 'rejected'].includes(e.type)) setPendingTick((n) => n + 1);
    },
    [],
  );
  const liveState: LiveState = useInboxWatch(orgId, after, onEvent);

  const loadOlder = async () => {
    const token = older.next || first.data?.nextPageToken;
    if (!token) return;
    setOlder((s) => ({ ...s, loading: true, error: undefined }));
    try {
      const r = await api.get<{ events: InboxEvent[]; nextPageToken: string }>('/v1/inbox', { organizationId: orgId, pageSize: 20, pageToken: token });
      setOlder((s) => ({ events: [...s.events, ...(r.events ?? [])], next: r.nextPageToken || '', loading: false }));
    } catch (error) {
      setOlder((s) => ({ ...s, loading: false, error }));
    }
  };
  const hasOlder = older.events.length ? !!older.next : !!first.data?.nextPageToken;

  // The server's summary names ids; show names and local times instead.
  const cleanSummary = (e: InboxEvent) => {
    const zone = listings[e.listingId]?.site?.timeZone ?? '';
    return e.summary
      .replace(/\s*\(reservation rsv_[0-9a-f]+\)/g, '')
      .replace(/lst_[0-9a-f]+/g, (id) => title(listings, id))
      .replace(/org_[0-9a-f]+/g, (id) => orgNames[id] ?? id)
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, (iso) => formatTime(lang, iso, zone));
  };

  const latestLive = live[0];

  return (
    <section className="mine inbox">
      <PageTitle>{t('title')}</PageTitle>

      <section aria-labelledby="pending-h">
        <div className="section-head">
          <h2 id="pending-h">{t('pending')}</h2>
          {pending.data && waiting > 0 && <span className="badge warn">{t('pendingCount', { n: waiting })}</span>}
        </div>
        {pending.loading && !pending.data && <Loading />}
        {pending.error !== undefined && <ErrorNote errors={[errorText(pending.error)]} onRetry={pending.reload} />}
        {pending.data && requests.length === 0 && <p className="empty">{t('nonePending')}</p>}
        {requests.length > 0 && (
          <ul className="rsv-list">
            {requests.map((r) => {
              const headingId = `req-${r.id}`;
              const result = decided[r.id];
              const org = orgNames[r.organizationId];
              return (
                <li key={r.id}>
                  <article className="card request" aria-labelledby={headingId}>
                    <div className="rsv-head">
                      <h3 id={headingId}>{title(listings, r.listingId)}</h3>
                      {org && <span className="muted">{t('from', { org })}</span>}
                    </div>
                    <p className="rsv-when">{formatRange(lang, r.startTime, r.endTime, r.timeZone)}</p>
                    <p className="muted rsv-meta">
                      <span>{ct((r.kind || 'RESERVATION_KIND_UNSPECIFIED') as 'RESERVATION_KIND_SESSION')}</span>
                      <span>{learnersText(r.learners, r.plannedLearners)}</span>
                      {r.kind === 'RESERVATION_KIND_LOAN' && r.destination?.name && <span>{t('destination', { place: r.destination.name })}</span>}
                      {r.quote && Number(r.quote.totalCents) > 0 && <span>{t('price', { total: fmt.cents(r.quote.totalCents) })}</span>}
                    </p>
                    {r.notes && <p>{t('notes', { notes: r.notes })}</p>}
                    <p>
                      <a href={href(`/reservations/${r.id}`)}>{t('details')}</a>
                    </p>
                    {result ? (
                      <p className={result.approved ? 'notice' : 'notice rejected'} role="status">
                        {result.approved ? t('approved') : t('rejected')}
                      </p>
                    ) : (
                      <DecisionForm
                        reservationId={r.id}
                        describedBy={headingId}
                        onDone={(next, approved) => setDecided((d) => ({ ...d, [r.id]: { r: next, approved } }))}
                      />
                    )}
                  </article>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="notices-h">
        <div className="section-head">
          <h2 id="notices-h">{t('notices')}</h2>
          <span className={`live ${liveState === 'live' ? 'on' : liveState === 'connecting' ? '' : 'off'}`}>
            <span className="dot" aria-hidden="true" />
            {t(`live_${liveState}` as Key)}
          </span>
        </div>
        {/* Announces live notices to screen readers, one at a time. */}
        <p className="visually-hidden" aria-live="polite" data-key={announce}>
          {latestLive ? t('newNotice', { text: `${noticeLabel(latestLive.type)}: ${title(listings, latestLive.listingId)}` }) : ''}
        </p>
        {first.loading && !first.data && <Loading />}
        {first.error !== undefined && <ErrorNote errors={[errorText(first.error)]} onRetry={first.reload} />}
        {first.data && notices.length === 0 && <p className="empty">{t('noNotices')}</p>}
        {notices.length > 0 && (
          <ul className="notices">
            {notices.map((e) => (
              <li key={e.id} className={liveIds.has(e.id) ? 'fresh' : undefined}>
                <div>
                  <strong>{noticeLabel(e.type)}</strong>
                  {e.listingId && <>: {title(listings, e.listingId)}</>}
                  {e.summary && (
                    <div className="muted small" lang="en">
                      {cleanSummary(e)}
                    </div>
                  )}
                  {e.reservationId && (
                    <div>
                      <a href={href(`/reservations/${e.reservationId}`)}>{t('open')}</a>
                    </div>
                  )}
                </div>
                <time className="when" dateTime={e.time}>
                  {formatTime(lang, e.time)}
                </time>
              </li>
            ))}
          </ul>
        )}
        {older.error !== undefined && <ErrorNote errors={[errorText(older.error)]} onRetry={() => void loadOlder()} />}
        {hasOlder && (
          <p>
            <button type="button" className="secondary" disabled={older.loading} onClick={() => void loadOlder()}>
              {t('more')}
            </button>
          </p>
        )}
      </section>
    </section>
  );
}
