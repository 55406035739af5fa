// The acting organisation's waitlist entries: waiting ones can be left; an open offer shows
// until when it holds and can be accepted (the slot becomes a reservation) or turned down.
import { useState } from 'react';
import { defineMessages, useLang, useT } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import { ErrorNote, Loading, errorText, useAction, useLoad } from '../../components/ui';
import { formatRange, formatTime, useLearnersText, useListingTitle, useListings, type Reservation } from './common';

interface WaitlistEntry {
  id: string;
  request: { listingId: string; startTime?: string; endTime?: string; learners: number; plannedLearners: { audience: number; count: number }[] };
  createTime: string;
  offerExpireTime?: string;
  state: string;
  reservationId: string;
}

const messages = defineMessages({
  en: {
    heading: 'Waitlist',
    intro: 'When a slot you wait for frees up, you get an offer that holds for a short time.',
    waiting: 'Waiting',
    offered: 'Offer open',
    offerUntil: 'Offer holds until {time}',
    offerExpired: 'This offer has expired',
    accept: 'Accept offer',
    leave: 'Leave waitlist',
    decline: 'Decline offer',
    confirmLeave: 'Leave the waitlist for this slot? You lose your place.',
    yesLeave: 'Yes, leave',
    keep: 'Keep my place',
    accepted: 'Offer accepted: the slot is now a reservation.',
    open: 'Open the reservation',
    left: 'You left the waitlist.',
    since: 'On the list since {time}',
  },
  nl: {
    heading: 'Wachtlijst',
    intro: 'Komt een plek vrij waarop u wacht, dan krijgt u een aanbod dat kort geldig is.',
    waiting: 'Wachtend',
    offered: 'Aanbod open',
    offerUntil: 'Aanbod geldig tot {time}',
    offerExpired: 'Dit aanbod is verlopen',
    accept: 'Aanbod accepteren',
    leave: 'Wachtlijst verlaten',
    decline: 'Aanbod afslaan',
    confirmLeave: 'De wachtlijst voor deze plek verlaten? U verliest uw plaats.',
    yesLeave: 'Ja, verlaten',
    keep: 'Plaats houden',
    accepted: 'Aanbod geaccepteerd: de plek is nu een reservering.',
    open: 'Reservering openen',
    left: 'U hebt de wachtlijst verlaten.',
    since: 'Op de lijst sinds {time}',
  },
});

export function Waitlist({ onChange }: { onChange?: () => void }) {
  const t = useT(messages);
  const { lang } = useLang();
  const { api, session } = useSession();
  const orgId = session?.organizationId ?? '';
  const { data, error, loading, reload } = useLoad(
    () => api.get<{ entries: WaitlistEntry[] }>('/v1/waitlist', { organizationId: orgId }).then((r) => r.entries ?? []),
    [api, orgId],
  );
  const active = (data ?? [])
    .filter((e) => e.state === 'waiting' || e.state === 'offered')
    .sort((a, b) => (a.state === b.state ? 0 : a.state === 'offered' ? -1 : 1));
  const listings = useListings(api, active.map((e) => e.request.listingId));
  const title = useListingTitle();
  const learnersText = useLearnersText();
  const action = useAction();
  const [confirming, setConfirming] = useState('');
  const [done, setDone] = useState<{ text: string; reservationId?: string } | null>(null);

  if (loading && !data) return <Loading />;
  if (error !== undefined && !data) return <ErrorNote errors={[errorText(error)]} onRetry={reload} />;
  if (!active.length && !done) return null;

  const accept = async (entry: WaitlistEntry) => {
    const r = await action.run(() => api.post<Reservation>(`/v1/waitlist/${encodeURIComponent(entry.id)}:accept`, {}));
    if (r) {
      setDone({ text: t('accepted'), reservationId: r.id });
      reload();
      onChange?.();
    }
  };
  const leave = async (entry: WaitlistEntry) => {
    const ok = await action.run(() => api.del(`/v1/waitlist/${encodeURIComponent(entry.id)}`));
    if (ok !== undefined) {
      setConfirming('');
      setDone({ text: t('left') });
      reload();
      onChange?.();
    }
  };

  return (
    <section aria-labelledby="waitlist-heading" className="waitlist">
      <h2 id="waitlist-heading">{t('heading')}</h2>
      <p className="muted">{t('intro')}</p>
      <div aria-live="polite">
        {done && (
          <p className="notice">
            {done.text} {done.reservationId && <a href={href(`/reservations/${done.reservationId}`)}>{t('open')}</a>}
          </p>
        )}
      </div>
      <ErrorNote errors={action.unclaimed([])} />
      <ul className="rsv-list">
        {active.map((e) => {
          const zone = listings[e.request.listingId]?.site?.timeZone ?? '';
          const expired = e.offerExpireTime ? new Date(e.offerExpireTime) < new Date() : false;
          const headingId = `wl-${e.id}`;
          return (
            <li key={e.id} className="card rsv-item" aria-labelledby={headingId}>
              <div className="rsv-head">
                <h3 id={headingId}>{title(listings, e.request.listingId)}</h3>
                <span className={`badge ${e.state === 'offered' ? 'ok' : 'warn'}`}>{e.state === 'offered' ? t('offered') : t('waiting')}</span>
              </div>
              <p className="rsv-when">{formatRange(lang, e.request.startTime, e.request.endTime, zone)}</p>
              <p className="muted rsv-meta">
                <span>{learnersText(e.request.learners, e.request.plannedLearners ?? [])}</span>
                <span>{t('since', { time: formatTime(lang, e.createTime, zone) })}</span>
              </p>
              {e.state === 'offered' && e.offerExpireTime && (
                <p className={expired ? 'offer-expiry expired' : 'offer-expiry'}>
                  <strong>{expired ? t('offerExpired') : t('offerUntil', { time: formatTime(lang, e.offerExpireTime, zone) })}</strong>
                </p>
              )}
              {confirming === e.id ? (
                <div className="confirm-box" role="group" aria-labelledby={`${headingId}-q`}>
                  <p id={`${headingId}-q`}>{t('confirmLeave')}</p>
                  <div className="row">
                    <button type="button" className="danger" disabled={action.busy} onClick={() => void leave(e)}>
                      {t('yesLeave')}
                    </button>
                    <button type="button" className="secondary" autoFocus onClick={() => setConfirming('')}>
                      {t('keep')}
                    </button>
                  </div>
                </div>
              ) : (
                <div className="row">
                  {e.state === 'offered' && !expired && (
                    <button type="button" disabled={action.busy} onClick={() => void accept(e)}>
                      {t('accept')}
                    </button>
                  )}
                  <button type="button" className="secondary" onClick={() => setConfirming(e.id)}>
                    {e.state === 'offered' ? t('decline') : t('leave')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
