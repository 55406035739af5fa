// One reservation: its details and price, what happened to it (who and when), and the actions
// its status allows for the acting organisation's side (borrower or owner).
import { useEffect, useRef, useState } from 'react';
import { defineMessages, useFormat, useLang, useT } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import { ErrorNote, Loading, PageTitle, errorText, useLoad } from '../../components/ui';
import {
  StatusBadge,
  formatRange,
  formatTime,
  useAudienceName,
  useCommonT,
  useListingTitle,
  useListings,
  useMembers,
  useOrgNames,
  type Reservation,
} from './common';
import { CancelForm, CheckInForm, CheckOutForm, ConfirmHoldForm, HandOverForm, NoShowForm, actionMessages, type CancelTerms } from './actions';
import { DecisionForm } from './decide';

interface ReservationEvent {
  id: string;
  time: string;
  actorPersonId: string;
  actorOrganizationId: string;
  type: string;
  status: string;
  details: string;
}

const messages = defineMessages({
  en: {
    back: 'Our reservations',
    backOwner: 'Requests',
    details: 'Details',
    status: 'Status',
    reason: 'Reason',
    when: 'When',
    occupied: 'Equipment occupied',
    occupiedHint: 'including setup, teardown and transport',
    kind: 'Type',
    destination: 'Delivered to',
    transport: 'Transport',
    transportText: '{out} there, {back} back',
    learners: 'Learners',
    planned: 'Planned',
    units: 'Units',
    responsible: 'Responsible person',
    createdBy: 'Booked by',
    borrower: 'Borrower',
    owner: 'Owner',
    notes: 'Notes',
    holdUntil: 'Held until',
    checkedOut: 'Checked out',
    checkedIn: 'Checked in',
    present: 'Present',
    condition: 'Condition',
    CONDITION_GOOD: 'Good',
    CONDITION_DAMAGED: 'Damaged',
    damage: 'Damage report',
    fee: 'Cancellation fee',
    series: 'Part of a weekly series',
    someone: 'someone at {org}',
    unknownPerson: 'another person',
    system: 'Leerpool (automatic)',
    price: 'Price',
    total: 'Total',
    deposit: 'Deposit',
    termsVersion: 'Quoted under terms version {v}.',
    noPrice: 'No price: free of charge.',
    item: 'Item',
    amount: 'Amount',
    history: 'History',
    noHistory: 'No changes recorded yet.',
    by: 'by {who}',
    actions: 'What you can do',
    noActions: 'There is nothing to do on this reservation now.',
    decide: 'Decide on this request',
    done_checked_out: 'Checked out.',
    done_checked_in: 'Checked in: the reservation is completed.',
    done_cancelled: 'The reservation is cancelled.',
    done_cancelled_fee: 'The reservation is cancelled. Cancellation fee: {fee}.',
    done_handed_over: 'Handed over: {name} is now responsible.',
    done_no_show: 'Marked as no-show.',
    done_hold_confirmed: 'Confirmed.',
    done_approved: 'Approved: the reservation is confirmed.',
    done_rejected: 'Rejected: the borrower is told your reason.',
    ev_created: 'Requested',
    ev_imported: 'Imported',
    ev_approved: 'Approved',
    ev_rejected: 'Rejected',
    ev_cancelled: 'Cancelled',
    ev_handed_over: 'Handed over',
    ev_checked_out: 'Checked out',
    ev_checked_in: 'Checked in',
    ev_no_show: 'Marked as no-show',
    ev_hold_expired: 'Hold expired',
    ev_hold_confirmed: 'Hold confirmed',
    ev_offer_sent: 'Waitlist offer sent',
    ev_offer_accepted: 'Waitlist offer accepted',
    notFound: 'This reservation does not exist or you may not see it.',
  },
  nl: {
    back: 'Onze reserveringen',
    backOwner: 'Aanvragen',
    details: 'Gegevens',
    status: 'Status',
    reason: 'Reden',
    when: 'Wanneer',
    occupied: 'Materiaal bezet',
    occupiedHint: 'inclusief opbouw, afbouw en transport',
    kind: 'Soort',
    destination: 'Geleverd aan',
    transport: 'Transport',
    transportText: '{out} heen, {back} terug',
    learners: 'Deelnemers',
    planned: 'Gepland',
    units: 'Eenheden',
    responsible: 'Verantwoordelijke',
    createdBy: 'Gereserveerd door',
    borrower: 'Aanvrager',
    owner: 'Eigenaar',
    notes: 'Opmerkingen',
    holdUntil: 'Vastgehouden tot',
    checkedOut: 'Uitgecheckt',
    checkedIn: 'Ingecheckt',
    present: 'Aanwezig',
    condition: 'Staat',
    CONDITION_GOOD: 'Goed',
    CONDITION_DAMAGED: 'Beschadigd',
    damage: 'Schademelding',
    fee: 'Annuleringskosten',
    series: 'Onderdeel van een wekelijkse reeks',
    someone: 'iemand van {org}',
    unknownPerson: 'een andere persoon',
    system: 'Leerpool (automatisch)',
    price: 'Prijs',
    total: 'Totaal',
    deposit: 'Borg',
    termsVersion: 'Berekend volgens voorwaarden versie {v}.',
    noPrice: 'Geen prijs: kosteloos.',
    item: 'Onderdeel',
    amount: 'Bedrag',
    history: 'Geschiedenis',
    noHistory: 'Nog geen wijzigingen vastgelegd.',
    by: 'door {who}',
    actions: 'Wat u kunt doen',
    noActions: 'Er is nu niets te doen aan deze reservering.',
    decide: 'Beslissen over deze aanvraag',
    done_checked_out: 'Uitgecheckt.',
    done_checked_in: 'Ingecheckt: de reservering is afgerond.',
    done_cancelled: 'De reservering is geannuleerd.',
    done_cancelled_fee: 'De reservering is geannuleerd. Annuleringskosten: {fee}.',
    done_handed_over: 'Overgedragen: {name} is nu verantwoordelijk.',
    done_no_show: 'Gemarkeerd als niet verschenen.',
    done_hold_confirmed: 'Bevestigd.',
    done_approved: 'Goedgekeurd: de reservering is bevestigd.',
    done_rejected: 'Afgewezen: de aanvrager krijgt uw reden te zien.',
    ev_created: 'Aangevraagd',
    ev_imported: 'Geïmporteerd',
    ev_approved: 'Goedgekeurd',
    ev_rejected: 'Afgewezen',
    ev_cancelled: 'Geannuleerd',
    ev_handed_over: 'Overgedragen',
    ev_checked_out: 'Uitgecheckt',
    ev_checked_in: 'Ingecheckt',
    ev_no_show: 'Niet verschenen',
    ev_hold_expired: 'Vasthouden verlopen',
    ev_hold_confirmed: 'Vastgehouden plek bevestigd',
    ev_offer_sent: 'Wachtlijstaanbod verstuurd',
    ev_offer_accepted: 'Wachtlijstaanbod geaccepteerd',
    notFound: 'Deze reservering bestaat niet of u mag haar niet zien.',
  },
});
type Key = keyof (typeof messages)['en'];

type Panel = '' | 'cancel' | 'handover' | 'noshow';

export function ReservationPage({ reservationId }: { reservationId: string }) {
  const t = useT(messages);
  const at = useT(actionMessages);
  const ct = useCommonT();
  const fmt = useFormat();
  const { lang } = useLang();
  const { api, session, hasRole, platformAdmin } = useSession();
  const audienceName = useAudienceName();
  const title = useListingTitle();

  const loaded = useLoad(() => api.get<Reservation>(`/v1/reservations/${encodeURIComponent(reservationId)}`), [api, reservationId]);
  const events = useLoad(
    () => api.get<{ events: ReservationEvent[] }>(`/v1/reservations/${encodeURIComponent(reservationId)}/events`).then((r) => r.events ?? []),
    [api, reservationId],
  );
  const [updated, setUpdated] = useState<Reservation | null>(null);
  const r = updated && updated.id === reservationId ? updated : loaded.data;
  const listings = useListings(api, r ? [r.listingId] : []);
  const listing = r ? listings[r.listingId] : undefined;

  const orgId = session?.organizationId ?? '';
  const { members, names } = useMembers(api, orgId);
  const isBorrower = !!r && r.organizationId === orgId;
  const isOwner = !!listing && listing.ownerOrganizationId === orgId;
  const manager = hasRole('ROLE_ORG_ADMIN', 'ROLE_COORDINATOR') || platformAdmin;
  const staff = manager || hasRole('ROLE_INSTRUCTOR');
  const isResponsible = !!r && r.responsiblePersonId === session?.person.id;

  const orgNames = useOrgNames(api, [r?.organizationId ?? '', ...(events.data ?? []).map((e) => e.actorOrganizationId)]);

  // The terms the reservation was made under, for the cancellation deadline and fee.
  const [terms, setTerms] = useState<CancelTerms | null | undefined>(undefined);
  useEffect(() => {
    if (!r) return;
    if (!r.termsVersion) {
      setTerms(null);
      return;
    }
    let live = true;
    api
      .get<CancelTerms>(`/v1/listings/${encodeURIComponent(r.listingId)}/terms`, { version: r.termsVersion })
      .then((x) => live && setTerms(x), () => live && setTerms(undefined));
    return () => {
      live = false;
    };
  }, [api, r?.listingId, r?.termsVersion]);

  const [panel, setPanel] = useState<Panel>('');
  const [done, setDone] = useState('');
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) noticeRef.current?.focus();
  }, [done]);
  useEffect(() => {
    // A panel opened: move to its heading so keyboard and screen-reader users land in it.
    if (panel) document.getElementById(`${panel}-h`)?.focus();
  }, [panel]);

  if (loaded.loading && !loaded.data) return <Loading />;
  if (!r) {
    const e = loaded.error;
    const notFound = e && typeof e === 'object' && 'httpStatus' in e && ((e as { httpStatus: number }).httpStatus === 404 || (e as { httpStatus: number }).httpStatus === 403);
    return (
      <section className="mine">
        <p>
          <a href={href('/reservations')}>← {t('back')}</a>
        </p>
        <ErrorNote errors={[notFound ? t('notFound') : errorText(e)]} onRetry={notFound ? undefined : loaded.reload} />
      </section>
    );
  }

  const personName = (id: string, orgOfPerson?: string) => {
    if (!id) return '';
    if (names[id]) return names[id];
    const org = orgOfPerson && orgNames[orgOfPerson];
    return org ? t('someone', { org }) : t('unknownPerson');
  };
  const withNames = (text: string) => text.replace(/person_[0-9a-f]+/g, (id) => names[id] ?? t('unknownPerson'));

  const onDone = (next: Reservation, what: string) => {
    setUpdated(next);
    setPanel('');
    events.reload();
    let text: string;
    if (what === 'cancelled' && Number(next.cancellationFeeCents) > 0) text = t('done_cancelled_fee', { fee: fmt.cents(next.cancellationFeeCents) });
    else if (what === 'handed_over') text = t('done_handed_over', { name: personName(next.responsiblePersonId, next.organizationId) });
    else text = t(`done_${what}` as Key);
    setDone(text);
  };

  const s = r.status;
  const borrowerManager = (isBorrower || platformAdmin) && manager;
  const ownerManager = (isOwner || platformAdmin) && manager;
  const started = new Date(r.startTime) <= new Date();
  const canConfirm = s === 'RESERVATION_STATUS_HELD' && (isBorrower || platformAdmin) && staff;
  const canDecide = s === 'RESERVATION_STATUS_PENDING_APPROVAL' && ownerManager;
  const canCheckOut = s === 'RESERVATION_STATUS_CONFIRMED' && (isBorrower || isOwner || platformAdmin) && staff;
  const canCheckIn = s === 'RESERVATION_STATUS_CHECKED_OUT' && (isBorrower || isOwner || platformAdmin) && staff;
  const cancellable = ['RESERVATION_STATUS_HELD', 'RESERVATION_STATUS_PENDING_APPROVAL', 'RESERVATION_STATUS_CONFIRMED'].includes(s);
  const canCancel = cancellable && (borrowerManager || ownerManager);
  const cancelAsOwner = !borrowerManager && ownerManager;
  const canHandOver =
    ['RESERVATION_STATUS_HELD', 'RESERVATION_STATUS_PENDING_APPROVAL', 'RESERVATION_STATUS_CONFIRMED', 'RESERVATION_STATUS_CHECKED_OUT'].includes(s) &&
    isBorrower &&
    (manager || isResponsible);
  const canNoShow = s === 'RESERVATION_STATUS_CONFIRMED' && ownerManager && started;
  const anything = canConfirm || canDecide || canCheckOut || canCheckIn || canCancel || canHandOver || canNoShow;

  const quote = r.quote;
  const lines = quote?.lines ?? [];
  const listingName = title(listings, r.listingId);

  return (
    <section className="mine reservation">
      <p className="crumbs">
        <a href={href(isBorrower || !isOwner ? '/reservations' : '/inbox')}>← {isBorrower || !isOwner ? t('back') : t('backOwner')}</a>
      </p>
      <PageTitle>{listingName}</PageTitle>
      <p className="rsv-summary">
        <StatusBadge status={s} /> <span className="rsv-when">{formatRange(lang, r.startTime, r.endTime, r.timeZone)}</span>
      </p>

      <div aria-live="polite">
        {done && (
          <p className="notice" tabIndex={-1} ref={noticeRef}>
            {done}
          </p>
        )}
      </div>

      <div className="rsv-layout">
        <section aria-labelledby="actions-h" className="rsv-actions">
          <h2 id="actions-h">{t('actions')}</h2>
          {!anything && <p className="muted">{t('noActions')}</p>}
          {canConfirm && <ConfirmHoldForm reservation={r} onDone={onDone} />}
          {canDecide && (
            <section className="card action-form" aria-labelledby="decide-h">
              <h3 id="decide-h">{t('decide')}</h3>
              <DecisionForm reservationId={r.id} onDone={(next, approved) => onDone(next, approved ? 'approved' : 'rejected')} />
            </section>
          )}
          {canCheckOut && <CheckOutForm reservation={r} onDone={onDone} />}
          {canCheckIn && <CheckInForm reservation={r} listing={listing} onDone={onDone} />}
          {(canCancel || canHandOver || canNoShow) && (
            <div className="row more-actions">
              {canHandOver && panel !== 'handover' && (
                <button type="button" className="secondary" aria-expanded={false} onClick={() => setPanel('handover')}>
                  {at('handOverOpen')}
                </button>
              )}
              {canNoShow && panel !== 'noshow' && (
                <button type="button" className="secondary" aria-expanded={false} onClick={() => setPanel('noshow')}>
                  {at('noShowOpen')}
                </button>
              )}
              {canCancel && panel !== 'cancel' && (
                <button type="button" className="secondary danger-text" aria-expanded={false} onClick={() => setPanel('cancel')}>
                  {at('cancelOpen')}
                </button>
              )}
            </div>
          )}
          {panel === 'cancel' && canCancel && <CancelForm reservation={r} terms={terms} asOwner={cancelAsOwner} onDone={onDone} onClose={() => setPanel('')} />}
          {panel === 'handover' && canHandOver && <HandOverForm reservation={r} members={members} onDone={onDone} onClose={() => setPanel('')} />}
          {panel === 'noshow' && canNoShow && <NoShowForm reservation={r} onDone={onDone} onClose={() => setPanel('')} />}
        </section>

        <aside className="rsv-side">
          <section aria-labelledby="details-h" className="card">
            <h2 id="details-h">{t('details')}</h2>
            <dl className="rsv-facts">
              <dt>{t('status')}</dt>
              <dd>
                <StatusBadge status={s} />
              </dd>
              {r.reason && (
                <>
                  <dt>{t('reason')}</dt>
                  <dd>{r.reason}</dd>
                </>
              )}
              <dt>{t('when')}</dt>
              <dd>{formatRange(lang, r.startTime, r.endTime, r.timeZone)}</dd>
              {r.occupiedStartTime && (r.occupiedStartTime !== r.startTime || r.occupiedEndTime !== r.endTime) && (
                <>
                  <dt>{t('occupied')}</dt>
                  <dd>
                    {formatRange(lang, r.occupiedStartTime, r.occupiedEndTime, r.timeZone)} <span className="muted">({t('occupiedHint')})</span>
                  </dd>
                </>
              )}
              <dt>{t('kind')}</dt>
              <dd>{ct((r.kind || 'RESERVATION_KIND_UNSPECIFIED') as 'RESERVATION_KIND_SESSION')}</dd>
              {r.kind === 'RESERVATION_KIND_LOAN' && r.destination?.name && (
                <>
                  <dt>{t('destination')}</dt>
                  <dd>
                    {r.destination.name}
                    {r.destination.address?.locality && `, ${[r.destination.address.street, r.destination.address.locality].filter(Boolean).join(', ')}`}
                  </dd>
                </>
              )}
              {(r.transportMinutesOut > 0 || r.transportMinutesBack > 0) && (
                <>
                  <dt>{t('transport')}</dt>
                  <dd>{t('transportText', { out: fmt.minutes(r.transportMinutesOut), back: fmt.minutes(r.transportMinutesBack) })}</dd>
                </>
              )}
              <dt>{t('learners')}</dt>
              <dd>
                {r.learners}
                {r.plannedLearners.length > 0 && (
                  <ul className="plain">
                    {r.plannedLearners.map((p) => (
                      <li key={p.audience}>
                        {audienceName(p.audience)}: {p.count}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
              {r.units.length > 0 && (
                <>
                  <dt>{t('units')}</dt>
                  <dd>{r.units.join(', ')}</dd>
                </>
              )}
              {r.responsiblePersonId && (
                <>
                  <dt>{t('responsible')}</dt>
                  <dd>{personName(r.responsiblePersonId, r.organizationId)}</dd>
                </>
              )}
              {r.createdByPersonId && (
                <>
                  <dt>{t('createdBy')}</dt>
                  <dd>{personName(r.createdByPersonId, r.organizationId)}</dd>
                </>
              )}
              <dt>{t('borrower')}</dt>
              <dd>{orgNames[r.organizationId] ?? '…'}</dd>
              {listing?.ownerName && (
                <>
                  <dt>{t('owner')}</dt>
                  <dd>{listing.ownerName}</dd>
                </>
              )}
              {r.holdExpireTime && s === 'RESERVATION_STATUS_HELD' && (
                <>
                  <dt>{t('holdUntil')}</dt>
                  <dd>{formatTime(lang, r.holdExpireTime, r.timeZone)}</dd>
                </>
              )}
              {r.checkOutTime && (
                <>
                  <dt>{t('checkedOut')}</dt>
                  <dd>{formatTime(lang, r.checkOutTime, r.timeZone)}</dd>
                </>
              )}
              {r.checkInTime && (
                <>
                  <dt>{t('checkedIn')}</dt>
                  <dd>{formatTime(lang, r.checkInTime, r.timeZone)}</dd>
                </>
              )}
              {r.learnersPresent.length > 0 && (
                <>
                  <dt>{t('present')}</dt>
                  <dd>
                    <ul className="plain">
                      {r.learnersPresent.map((p) => (
                        <li key={p.audience}>
                          {audienceName(p.audience)}: {p.count}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
              {(r.condition === 'CONDITION_GOOD' || r.condition === 'CONDITION_DAMAGED') && (
                <>
                  <dt>{t('condition')}</dt>
                  <dd>{t(r.condition)}</dd>
                </>
              )}
              {r.damageReport && (
                <>
                  <dt>{t('damage')}</dt>
                  <dd>{r.damageReport}</dd>
                </>
              )}
              {Number(r.cancellationFeeCents) > 0 && (
                <>
                  <dt>{t('fee')}</dt>
                  <dd>{fmt.cents(r.cancellationFeeCents)}</dd>
                </>
              )}
              {r.notes && (
                <>
                  <dt>{t('notes')}</dt>
                  <dd>{r.notes}</dd>
                </>
              )}
            </dl>
            {r.seriesId && <p className="muted">{t('series')}</p>}
          </section>

          <section aria-labelledby="price-h" className="card">
            <h2 id="price-h">{t('price')}</h2>
            {!quote || (Number(quote.totalCents) === 0 && lines.length === 0) ? (
              <p className="muted">{t('noPrice')}</p>
            ) : (
              <>
                <table className="rsv-quote">
                  <thead className="visually-hidden">
                    <tr>
                      <th scope="col">{t('item')}</th>
                      <th scope="col">{t('amount')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {lines.map((line, i) => (
                      <tr key={i}>
                        <td>{line.description}</td>
                        <td className="num">{fmt.cents(line.amountCents)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('total')}</th>
                      <td className="num">
                        <strong>{fmt.cents(quote.totalCents)}</strong>
                      </td>
                    </tr>
                    {Number(quote.depositCents) > 0 && (
                      <tr>
                        <th scope="row">{t('deposit')}</th>
                        <td className="num">{fmt.cents(quote.depositCents)}</td>
                      </tr>
                    )}
                  </tfoot>
                </table>
                {quote.termsVersion > 0 && <p className="muted small">{t('termsVersion', { v: quote.termsVersion })}</p>}
              </>
            )}
          </section>
        </aside>

        <section aria-labelledby="history-h" className="rsv-history">
          <h2 id="history-h">{t('history')}</h2>
          {events.loading && !events.data && <Loading />}
          {events.error !== undefined && <ErrorNote errors={[errorText(events.error)]} onRetry={events.reload} />}
          {events.data && events.data.length === 0 && <p className="muted">{t('noHistory')}</p>}
          {events.data && events.data.length > 0 && (
            <ol className="history">
              {events.data.map((e) => {
                const label = (messages.en as Record<string, string>)[`ev_${e.type}`] ? t(`ev_${e.type}` as Key) : e.type.replace(/_/g, ' ');
                const who = e.actorPersonId ? personName(e.actorPersonId, e.actorOrganizationId) : t('system');
                return (
                  <li key={e.id}>
                    <div className="history-head">
                      <strong>{label}</strong> <span className="muted">{t('by', { who })}</span>
                    </div>
                    <div className="muted">
                      <time dateTime={e.time}>{formatTime(lang, e.time, r.timeZone)}</time>
                    </div>
                    {e.details && <div className="history-details">{withNames(e.details)}</div>}
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      </div>
    </section>
  );
}
