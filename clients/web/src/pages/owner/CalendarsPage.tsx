// Calendar feeds: secret iCalendar URLs of one listing's reservations or the whole
// organisation's, to subscribe to from any calendar app; created here, shown once, revocable.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { allPages } from '../../api';
import { defineMessages, useLang, useT } from '../../i18n';
import { useSession } from '../../session';
import { ErrorNote, Field, Loading, PageTitle, errorText, useAction, useLoad } from '../../components/ui';
import { formatTime, useListingTitle, useListings, type Listing } from '../mine/common';
import { CopyField } from './calendarsCopy';

interface CalendarFeed {
  id: string;
  listingId: string;
  organizationId: string;
  url: string;
  revoked: boolean;
  createTime: string;
}

const messages = defineMessages({
  en: {
    title: 'Calendars',
    intro: 'Subscribe to our reservations from Outlook, Google Calendar or Apple Calendar. Each feed has a secret address: whoever has it can read the feed, so share it only with the people who need it, and revoke it when it leaks.',
    create: 'New calendar feed',
    scope: 'Feed of',
    wholeOrg: 'The whole organisation (all our reservations)',
    listingOption: 'Listing: {title}',
    createBtn: 'Create feed',
    created: 'The feed is ready. Copy its address now: for your safety it is shown only this once.',
    https: 'Web address',
    webcal: 'Address for calendar apps (webcal)',
    subscribe: 'Subscribe in a calendar app',
    feeds: 'Our feeds',
    none: 'No calendar feeds yet.',
    colFeed: 'Feed',
    colCreated: 'Created',
    colState: 'State',
    colActions: 'Actions',
    active: 'Active',
    revoked: 'Revoked',
    revoke: 'Revoke',
    revokeLabel: 'Revoke feed {feed}',
    confirmRevoke: 'Revoke the feed “{feed}”? Calendars subscribed to it stop updating. This cannot be undone.',
    yesRevoke: 'Yes, revoke',
    keep: 'Keep it',
    revokedDone: 'The feed “{feed}” is revoked.',
    lostUrl: 'Lost an address? Create a new feed and revoke the old one.',
    showRevoked: 'Show revoked feeds',
    listingsFailed: 'Our listings could not be loaded; the organisation feed can still be created.',
  },
  nl: {
    title: 'Agenda’s',
    intro: 'Abonneer u op onze reserveringen vanuit Outlook, Google Agenda of Apple Agenda. Elke feed heeft een geheim adres: wie het heeft kan de feed lezen, deel het dus alleen met wie het nodig heeft en trek het in als het uitlekt.',
    create: 'Nieuwe agendafeed',
    scope: 'Feed van',
    wholeOrg: 'De hele organisatie (al onze reserveringen)',
    listingOption: 'Aanbod: {title}',
    createBtn: 'Feed aanmaken',
    created: 'De feed is klaar. Kopieer het adres nu: voor uw veiligheid wordt het maar één keer getoond.',
    https: 'Webadres',
    webcal: 'Adres voor agenda-apps (webcal)',
    subscribe: 'Abonneren in een agenda-app',
    feeds: 'Onze feeds',
    none: 'Nog geen agendafeeds.',
    colFeed: 'Feed',
    colCreated: 'Aangemaakt',
    colState: 'Status',
    colActions: 'Acties',
    active: 'Actief',
    revoked: 'Ingetrokken',
    revoke: 'Intrekken',
    revokeLabel: 'Feed {feed} intrekken',
    confirmRevoke: 'De feed “{feed}” intrekken? Agenda’s die erop geabonneerd zijn worden niet meer bijgewerkt. Dit kan niet ongedaan worden gemaakt.',
    yesRevoke: 'Ja, intrekken',
    keep: 'Behouden',
    revokedDone: 'De feed “{feed}” is ingetrokken.',
    lostUrl: 'Adres kwijt? Maak een nieuwe feed aan en trek de oude in.',
    showRevoked: 'Ingetrokken feeds tonen',
    listingsFailed: 'Ons aanbod kon niet worden geladen; de feed van de organisatie kan wel worden aangemaakt.',
  },
});

export function CalendarsPage() {
  const t = useT(messages);
  const { lang } = useLang();
  const { api, session } = useSession();
  const orgId = session?.organizationId ?? '';
  const title = useListingTitle();

  const feeds = useLoad(() => api.get<{ feeds: CalendarFeed[] }>('/v1/calendarFeeds', { organizationId: orgId }).then((r) => r.feeds ?? []), [api, orgId]);
  const own = useLoad(() => allPages<Listing>(api, '/v1/listings', 'listings', { ownerOrganizationId: orgId, pageSize: 200 }, 2000), [api, orgId]);
  const listings = useListings(api, (feeds.data ?? []).map((f) => f.listingId));
  const ownById = Object.fromEntries((own.data ?? []).map((l) => [l.id, l]));
  const feedName = (f: CalendarFeed) => (f.listingId ? title({ ...listings, ...ownById }, f.listingId) : t('wholeOrg'));

  const [scope, setScope] = useState('');
  const create = useAction();
  const [fresh, setFresh] = useState<CalendarFeed | null>(null);
  const freshRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (fresh) freshRef.current?.focus();
  }, [fresh]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = scope ? { listingId: scope } : { organizationId: orgId };
    const feed = await create.run(() => api.post<CalendarFeed>('/v1/calendarFeeds', body));
    if (feed) {
      setFresh(feed);
      feeds.reload();
    }
  };

  const revoke = useAction();
  const [confirming, setConfirming] = useState('');
  const [revokedText, setRevokedText] = useState('');
  const [showRevoked, setShowRevoked] = useState(false);
  const doRevoke = async (f: CalendarFeed) => {
    const r = await revoke.run(() => api.post<CalendarFeed>(`/v1/calendarFeeds/${encodeURIComponent(f.id)}:revoke`, {}));
    if (r) {
      setConfirming('');
      setRevokedText(t('revokedDone', { feed: feedName(f) }));
      if (fresh?.id === f.id) setFresh(null);
      feeds.reload();
    }
  };

  const httpsUrl = fresh ? new URL(fresh.url, window.location.origin).toString() : '';
  const webcalUrl = httpsUrl.replace(/^https?:/, 'webcal:');
  const visible = (feeds.data ?? []).filter((f) => showRevoked || !f.revoked);
  const revokedCount = (feeds.data ?? []).filter((f) => f.revoked).length;

  return (
    <section className="mine calendars">
      <PageTitle>{t('title')}</PageTitle>
      <p className="muted">{t('intro')}</p>

      <form className="card" onSubmit={submit} aria-labelledby="newfeed-h" noValidate>
        <h2 id="newfeed-h">{t('create')}</h2>
        {own.error !== undefined && <p className="muted">{t('listingsFailed')}</p>}
        <div className="row">
          <Field label={t('scope')} errors={create.forField('listing_id', 'organization_id')}>
            {({ id, describedBy, invalid }) => (
              <select id={id} value={scope} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => setScope(e.target.value)}>
                <option value="">{t('wholeOrg')}</option>
                {(own.data ?? []).map((l) => (
                  <option key={l.id} value={l.id}>
                    {t('listingOption', { title: title(ownById, l.id) })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="field">
            <button type="submit" disabled={create.busy}>
              {t('createBtn')}
            </button>
          </div>
        </div>
        <ErrorNote errors={create.unclaimed(['listing_id', 'organization_id'])} />
      </form>

      {fresh && (
        <div className="card feed-url notice-card" tabIndex={-1} ref={freshRef} role="region" aria-labelledby="fresh-h">
          <h2 id="fresh-h">{feedName(fresh)}</h2>
          <p className="notice">{t('created')}</p>
          <CopyField label={t('https')} value={httpsUrl} />
          <CopyField label={t('webcal')} value={webcalUrl} />
          <p>
            <a href={webcalUrl}>{t('subscribe')}</a>
          </p>
        </div>
      )}

      <section aria-labelledby="feeds-h">
        <h2 id="feeds-h">{t('feeds')}</h2>
        <div aria-live="polite">{revokedText && <p className="notice">{revokedText}</p>}</div>
        {feeds.loading && !feeds.data && <Loading />}
        {feeds.error !== undefined && <ErrorNote errors={[errorText(feeds.error)]} onRetry={feeds.reload} />}
        <ErrorNote errors={revoke.unclaimed([])} />
        {feeds.data && visible.length === 0 && <p className="empty">{t('none')}</p>}
        {visible.length > 0 && (
          <div className="table-scroll">
            <table className="feeds">
              <thead>
                <tr>
                  <th scope="col">{t('colFeed')}</th>
                  <th scope="col">{t('colCreated')}</th>
                  <th scope="col">{t('colState')}</th>
                  <th scope="col">{t('colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((f) => (
                  <tr key={f.id}>
                    <th scope="row">{feedName(f)}</th>
                    <td>{formatTime(lang, f.createTime)}</td>
                    <td>
                      <span className={`badge ${f.revoked ? 'error' : 'ok'}`}>{f.revoked ? t('revoked') : t('active')}</span>
                    </td>
                    <td>
                      {!f.revoked &&
                        (confirming === f.id ? (
                          <div className="confirm-box" role="group" aria-label={t('revokeLabel', { feed: feedName(f) })}>
                            <p>{t('confirmRevoke', { feed: feedName(f) })}</p>
                            <div className="row">
                              <button type="button" className="danger" disabled={revoke.busy} onClick={() => void doRevoke(f)}>
                                {t('yesRevoke')}
                              </button>
                              <button type="button" className="secondary" autoFocus onClick={() => setConfirming('')}>
                                {t('keep')}
                              </button>
                            </div>
                          </div>
                        ) : (
                          <button type="button" className="secondary danger-text" aria-label={t('revokeLabel', { feed: feedName(f) })} onClick={() => setConfirming(f.id)}>
                            {t('revoke')}
                          </button>
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {revokedCount > 0 && (
          <label className="choice">
            <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} /> {t('showRevoked')} ({revokedCount})
          </label>
        )}
        {feeds.data && feeds.data.length > 0 && <p className="muted small">{t('lostUrl')}</p>}
      </section>
    </section>
  );
}
