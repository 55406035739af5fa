// The basket: reservation requests gathered from booking forms (kept in this browser, per
// organisation), booked all at once: either every item is reserved or none is, and the item that
// stopped it is marked.
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api';
import { defineMessages, useFormat, useLang, useT } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import { ErrorNote, Loading, PageTitle } from '../../components/ui';
import { loadQualificationTypes, useLabels, type Reservation } from './common';
import { useBasket, type BasketItem } from './basket';
import './catalogue.css';

const messages = defineMessages({
  en: {
    title: 'Basket',
    intro: 'Book several things together: either all of them are reserved, or none is.',
    empty: 'Your basket is empty. Use “Add to basket” on a booking form to collect several reservations.',
    toCatalogue: 'Go to the catalogue',
    items: '{n} items',
    oneItem: '1 item',
    when: 'When',
    where: 'Where',
    learners: 'Learners',
    responsible: 'Responsible',
    loan: 'Loan to {site}',
    session: 'Session at {site}',
    remove: 'Remove',
    removeLabel: 'Remove {title} from the basket',
    edit: 'Open the listing',
    bookAll: 'Book all {n}',
    booking: 'Booking…',
    failedItem: 'This item could not be booked:',
    failedTop: 'Nothing was booked: item {n} ({title}) could not be. Remove or change it and try again.',
    failedGeneral: 'Nothing was booked.',
    done: 'Booked: {n} reservations',
    doneOne: 'Booked: 1 reservation',
    view: 'View',
    toReservations: 'See all our reservations',
    taken: 'This time is taken.',
    RESERVATION_STATUS_CONFIRMED: 'Confirmed',
    RESERVATION_STATUS_PENDING_APPROVAL: 'Waiting for approval',
    RESERVATION_STATUS_HELD: 'Held',
    total: 'Total',
    note: 'Note',
  },
  nl: {
    title: 'Mandje',
    intro: 'Reserveer meerdere dingen samen: alles wordt gereserveerd, of niets.',
    empty: 'Uw mandje is leeg. Gebruik „In het mandje” op een reserveringsformulier om meerdere reserveringen te verzamelen.',
    toCatalogue: 'Naar de catalogus',
    items: '{n} items',
    oneItem: '1 item',
    when: 'Wanneer',
    where: 'Waar',
    learners: 'Leerlingen',
    responsible: 'Verantwoordelijke',
    loan: 'Uitlening naar {site}',
    session: 'Sessie op {site}',
    remove: 'Verwijderen',
    removeLabel: '{title} uit het mandje verwijderen',
    edit: 'Open het aanbod',
    bookAll: 'Alle {n} reserveren',
    booking: 'Bezig met reserveren…',
    failedItem: 'Dit item kon niet gereserveerd worden:',
    failedTop: 'Er is niets gereserveerd: item {n} ({title}) lukte niet. Verwijder of wijzig het en probeer opnieuw.',
    failedGeneral: 'Er is niets gereserveerd.',
    done: 'Gereserveerd: {n} reserveringen',
    doneOne: 'Gereserveerd: 1 reservering',
    view: 'Bekijken',
    toReservations: 'Al onze reserveringen',
    taken: 'Dit moment is bezet.',
    RESERVATION_STATUS_CONFIRMED: 'Bevestigd',
    RESERVATION_STATUS_PENDING_APPROVAL: 'Wacht op goedkeuring',
    RESERVATION_STATUS_HELD: 'Vastgehouden',
    total: 'Totaal',
    note: 'Opmerking',
  },
});

type Msg = keyof typeof messages.en;

export function BasketPage() {
  const t = useT(messages);
  const fmt = useFormat();
  const L = useLabels();
  const { lang } = useLang();
  const { api, session } = useSession();
  const organizationId = session?.organizationId ?? '';
  const basket = useBasket(organizationId);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ index: number; problems: string[]; general: string[] } | null>(null);
  const [booked, setBooked] = useState<Reservation[] | null>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    void loadQualificationTypes(api).catch(() => undefined);
  }, [api]);
  useEffect(() => {
    if (booked) doneRef.current?.focus();
  }, [booked]);

  const titleOf = (item: BasketItem) => (lang === 'nl' ? item.titleNl || item.titleEn : item.titleEn || item.titleNl);
  const statusText = (s: string) => (s in messages.en ? t(s as Msg) : s.replace('RESERVATION_STATUS_', '').toLowerCase().replace(/_/g, ' '));

  const bookAll = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const items = basket.items.map((i) => ({ ...i.request, organizationId }));
      const r = await api.post<{ id: string; reservations: Reservation[] }>('/v1/baskets', { items, idempotencyKey: basket.key });
      setBooked(r.reservations ?? []);
      basket.clear();
    } catch (e) {
      setFailure(explain(e));
    } finally {
      setBusy(false);
    }
  };

  // "items[2]: min_lead_time: ...; eligibility: ..." -> item 2 and its problems in plain words.
  function explain(e: unknown): { index: number; problems: string[]; general: string[] } {
    if (!(e instanceof ApiError)) return { index: -1, problems: [], general: [e instanceof Error ? e.message : String(e)] };
    const m = /^items\[(\d+)\]: (.*)$/s.exec(e.message);
    if (!m) return { index: -1, problems: [], general: [e.message] };
    const rest = m[2];
    const problems =
      e.status === 'ALREADY_EXISTS'
        ? [t('taken'), L.withQualificationNames(rest)]
        : rest.split('; ').map((p) => L.withQualificationNames(p.replace(/^([a-z_.]+): /, (_, f: string) => `${f.replace(/^.*\./, '').replace(/_/g, ' ')}: `)));
    return { index: Number(m[1]), problems, general: [] };
  }

  if (booked) {
    return (
      <section>
        <PageTitle>{t('title')}</PageTitle>
        <div className="card confirmation" role="status">
          <h2 tabIndex={-1} ref={doneRef}>
            {booked.length === 1 ? t('doneOne') : t('done', { n: booked.length })}
          </h2>
          <ul>
            {booked.map((r) => (
              <li key={r.id}>
                <a href={href(`/reservations/${r.id}`)}>{fmt.dateTime(r.startTime, r.timeZone)}</a> — <span className="badge">{statusText(r.status)}</span>
                {r.quote && ` — ${fmt.cents(r.quote.totalCents)}`}
              </li>
            ))}
          </ul>
          <p>
            <a href={href('/reservations')}>{t('toReservations')}</a>
          </p>
        </div>
      </section>
    );
  }

  const n = basket.items.length;
  const failedItem = failure && failure.index >= 0 ? basket.items[failure.index] : undefined;
  return (
    <section>
      <PageTitle>{t('title')}</PageTitle>
      <p className="muted">{t('intro')}</p>
      {n === 0 ? (
        <p className="empty">
          {t('empty')} <a href={href('/catalogue')}>{t('toCatalogue')}</a>
        </p>
      ) : (
        <>
          <ErrorNote
            errors={
              failure
                ? failedItem
                  ? [t('failedTop', { n: failure.index + 1, title: titleOf(failedItem) })]
                  : [t('failedGeneral'), ...failure.general]
                : []
            }
          />
          <p aria-live="polite">{n === 1 ? t('oneItem') : t('items', { n })}</p>
          <ol className="basket-items">
            {basket.items.map((item, i) => {
              const r = item.request as Record<string, any>;
              const failed = failure?.index === i;
              return (
                <li key={item.id} className={`card${failed ? ' failed' : ''}`}>
                  <div>
                    <h2>
                      {i + 1}. <a href={href(`/listings/${item.listingId}`)}>{titleOf(item)}</a>
                    </h2>
                    <dl className="summary">
                      <dt>{t('when')}</dt>
                      <dd>
                        {fmt.dateTime(r.startTime, item.timeZone)} – {fmt.dateTime(r.endTime, item.timeZone)}
                      </dd>
                      <dt>{t('where')}</dt>
                      <dd>{r.kind === 'RESERVATION_KIND_LOAN' ? t('loan', { site: item.destinationName ?? '' }) : t('session', { site: item.destinationName ?? '' })}</dd>
                      <dt>{t('learners')}</dt>
                      <dd>{r.learners}</dd>
                      {item.responsibleName && (
                        <>
                          <dt>{t('responsible')}</dt>
                          <dd>{item.responsibleName}</dd>
                        </>
                      )}
                      {r.notes && (
                        <>
                          <dt>{t('note')}</dt>
                          <dd>{r.notes}</dd>
                        </>
                      )}
                    </dl>
                    {failed && failure && (
                      <div className="field-errors" role="alert">
                        <p>{t('failedItem')}</p>
                        <ul>
                          {failure.problems.map((p) => (
                            <li key={p}>{p}</li>
                          ))}
                        </ul>
                      </div>
                    )}
                  </div>
                  <div>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={t('removeLabel', { title: titleOf(item) })}
                      onClick={() => {
                        basket.remove(item.id);
                        setFailure(null);
                      }}
                      disabled={busy}
                    >
                      {t('remove')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <div className="actions">
            <button type="button" onClick={() => void bookAll()} disabled={busy}>
              {busy ? t('booking') : t('bookAll', { n })}
            </button>
          </div>
          {busy && <Loading label={t('booking')} />}
        </>
      )}
    </section>
  );
}
