// The forms that change a reservation: check out, check in, confirm a hold, cancel (with the
// fee that applies), hand over, mark no-show. Each posts to the booking API and hands the
// updated reservation back.
import { useState, type FormEvent } from 'react';
import { defineMessages, useFormat, useLang, useT } from '../../i18n';
import { useSession } from '../../session';
import { ErrorNote, Field, useAction } from '../../components/ui';
import { AUDIENCES, audienceNumber, formatTime, isoToLocalInput, localInputToIso, useAudienceName, type Listing, type Member, type Reservation } from './common';

const messages = defineMessages({
  en: {
    checkOutHeading: 'Check out',
    checkOutIntro: 'Record when the equipment was actually picked up or the session started.',
    checkOutTime: 'Time of check-out ({zone})',
    checkOutNotes: 'Notes (optional)',
    checkOut: 'Check out',
    checkInHeading: 'Check in',
    checkInIntro: 'Record when it came back or the session ended, who was there and its condition.',
    checkInTime: 'Time of check-in ({zone})',
    present: 'Learners actually present',
    condition: 'Condition',
    good: 'Good, no damage',
    damaged: 'Damaged',
    damageReport: 'Damage report',
    damageHint: 'What is damaged and how. The unit stays out of service until the owner clears it.',
    damageNeeded: 'Describe the damage.',
    checkIn: 'Check in',
    badTime: 'Enter a date and time.',
    badCount: 'Enter a whole number, 0 or more.',
    confirmHeading: 'Confirm the hold',
    confirmIntro: 'This slot is held for you until {time}. Confirm it to make it a reservation.',
    confirmHold: 'Confirm reservation',
    cancelOpen: 'Cancel reservation',
    cancelHeading: 'Cancel this reservation',
    freeUntil: 'Free cancellation until {deadline}. Cancelling now costs nothing.',
    feeNow: 'The free-cancellation deadline ({deadline}) has passed: cancelling now costs {fee}.',
    feeNone: 'Cancelling costs nothing.',
    heldFree: 'A held slot can be released free of charge.',
    ownerCancel: 'You cancel as the owner: the borrower pays no fee and sees your reason.',
    termsUnknown: 'The cancellation terms could not be loaded; any fee is shown after cancelling.',
    reasonOptional: 'Reason (optional)',
    reasonRequired: 'Reason (shown to the borrower)',
    reasonNeeded: 'Give a reason: the borrower sees it.',
    confirmCancel: 'Confirm cancellation',
    keep: 'Keep reservation',
    handOverOpen: 'Hand over',
    handOverHeading: 'Hand over to someone else',
    handOverIntro: 'Make another person of our organisation responsible for this reservation.',
    person: 'New responsible person',
    choose: 'Choose a person',
    noPeople: 'There is no one else in the organisation to hand over to.',
    handOver: 'Change responsible person',
    close: 'Close',
    noShowOpen: 'Mark as no-show',
    noShowHeading: 'Mark as no-show',
    noShowIntro: 'The borrower did not turn up. This is recorded in the history and the statistics.',
    noShow: 'Confirm no-show',
    roles: '{roles}',
    personNeeded: 'Choose a person.',
    ROLE_ORG_ADMIN: 'admin',
    ROLE_COORDINATOR: 'coordinator',
    ROLE_INSTRUCTOR: 'instructor',
    ROLE_ANALYST: 'analyst',
  },
  nl: {
    checkOutHeading: 'Uitchecken',
    checkOutIntro: 'Leg vast wanneer het materiaal echt is opgehaald of de sessie begon.',
    checkOutTime: 'Tijdstip van uitchecken ({zone})',
    checkOutNotes: 'Opmerkingen (optioneel)',
    checkOut: 'Uitchecken',
    checkInHeading: 'Inchecken',
    checkInIntro: 'Leg vast wanneer het terugkwam of de sessie eindigde, wie er was en in welke staat.',
    checkInTime: 'Tijdstip van inchecken ({zone})',
    present: 'Werkelijk aanwezige deelnemers',
    condition: 'Staat',
    good: 'Goed, geen schade',
    damaged: 'Beschadigd',
    damageReport: 'Schademelding',
    damageHint: 'Wat is er beschadigd en hoe. De eenheid blijft buiten gebruik tot de eigenaar haar vrijgeeft.',
    damageNeeded: 'Beschrijf de schade.',
    checkIn: 'Inchecken',
    badTime: 'Vul een datum en tijd in.',
    badCount: 'Vul een heel getal in, 0 of meer.',
    confirmHeading: 'Vastgehouden plek bevestigen',
    confirmIntro: 'Deze plek wordt voor u vastgehouden tot {time}. Bevestig om er een reservering van te maken.',
    confirmHold: 'Reservering bevestigen',
    cancelOpen: 'Reservering annuleren',
    cancelHeading: 'Deze reservering annuleren',
    freeUntil: 'Kosteloos annuleren kan tot {deadline}. Nu annuleren kost niets.',
    feeNow: 'De termijn voor kosteloos annuleren ({deadline}) is verstreken: nu annuleren kost {fee}.',
    feeNone: 'Annuleren kost niets.',
    heldFree: 'Een vastgehouden plek kunt u kosteloos vrijgeven.',
    ownerCancel: 'U annuleert als eigenaar: de aanvrager betaalt geen kosten en ziet uw reden.',
    termsUnknown: 'De annuleringsvoorwaarden konden niet worden geladen; eventuele kosten ziet u na het annuleren.',
    reasonOptional: 'Reden (optioneel)',
    reasonRequired: 'Reden (de aanvrager ziet deze)',
    reasonNeeded: 'Geef een reden: de aanvrager ziet deze.',
    confirmCancel: 'Annulering bevestigen',
    keep: 'Reservering houden',
    handOverOpen: 'Overdragen',
    handOverHeading: 'Overdragen aan iemand anders',
    handOverIntro: 'Maak een andere persoon van onze organisatie verantwoordelijk voor deze reservering.',
    person: 'Nieuwe verantwoordelijke',
    choose: 'Kies een persoon',
    noPeople: 'Er is niemand anders in de organisatie om aan over te dragen.',
    handOver: 'Verantwoordelijke wijzigen',
    close: 'Sluiten',
    noShowOpen: 'Als niet verschenen markeren',
    noShowHeading: 'Als niet verschenen markeren',
    noShowIntro: 'De aanvrager is niet gekomen. Dit komt in de geschiedenis en de statistieken.',
    noShow: 'Niet verschenen bevestigen',
    roles: '{roles}',
    personNeeded: 'Kies een persoon.',
    ROLE_ORG_ADMIN: 'beheerder',
    ROLE_COORDINATOR: 'coördinator',
    ROLE_INSTRUCTOR: 'docent',
    ROLE_ANALYST: 'analist',
  },
});

type Done = (r: Reservation, what: string) => void;

function post(api: ReturnType<typeof useSession>['api'], r: Reservation, verb: string, body: unknown) {
  return api.post<Reservation>(`/v1/reservations/${encodeURIComponent(r.id)}:${verb}`, body);
}

export function CheckOutForm({ reservation, onDone }: { reservation: Reservation; onDone: Done }) {
  const t = useT(messages);
  const { api } = useSession();
  const action = useAction();
  const zone = reservation.timeZone;
  const [time, setTime] = useState(() => isoToLocalInput(new Date(), zone));
  const [notes, setNotes] = useState('');
  const [timeError, setTimeError] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const iso = localInputToIso(time, zone);
    setTimeError(iso ? '' : t('badTime'));
    if (!iso) return;
    const r = await action.run(() => post(api, reservation, 'checkOut', { time: iso, notes: notes.trim() }));
    if (r) onDone(r, 'checked_out');
  };

  return (
    <form className="card action-form" onSubmit={submit} aria-labelledby="checkout-h" noValidate>
      <h3 id="checkout-h">{t('checkOutHeading')}</h3>
      <p className="muted">{t('checkOutIntro')}</p>
      <Field label={t('checkOutTime', { zone })} errors={[...(timeError ? [timeError] : []), ...action.forField('time')]} required>
        {({ id, describedBy, invalid }) => (
          <input id={id} type="datetime-local" required value={time} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => setTime(e.target.value)} />
        )}
      </Field>
      <Field label={t('checkOutNotes')} errors={action.forField('notes')}>
        {({ id, describedBy, invalid }) => (
          <textarea id={id} rows={2} value={notes} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => setNotes(e.target.value)} />
        )}
      </Field>
      <ErrorNote errors={action.unclaimed(['time', 'notes'])} />
      <button type="submit" disabled={action.busy}>
        {t('checkOut')}
      </button>
    </form>
  );
}

export function CheckInForm({ reservation, listing, onDone }: { reservation: Reservation; listing?: Listing; onDone: Done }) {
  const t = useT(messages);
  const audienceName = useAudienceName();
  const { api } = useSession();
  const action = useAction();
  const zone = reservation.timeZone;
  // The audiences planned, then the listing's other audiences; pupils when nothing is known.
  const audiences = (() => {
    const list = reservation.plannedLearners.map((p) => p.audience);
    for (const a of listing?.audiences ?? []) {
      const n = audienceNumber(a);
      if (n > 0 && !list.includes(n)) list.push(n);
    }
    if (!list.length) list.push(audienceNumber(AUDIENCES[0]));
    return list;
  })();
  const [time, setTime] = useState(() => isoToLocalInput(new Date(), zone));
  const [counts, setCounts] = useState<Record<number, string>>(() =>
    Object.fromEntries(audiences.map((a) => [a, String(reservation.plannedLearners.find((p) => p.audience === a)?.count ?? (reservation.plannedLearners.length ? 0 : '')),])),
  );
  const [condition, setCondition] = useState<'CONDITION_GOOD' | 'CONDITION_DAMAGED'>('CONDITION_GOOD');
  const [damage, setDamage] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const iso = localInputToIso(time, zone);
    if (!iso) problems.time = t('badTime');
    const present = audiences.map((a) => ({ audience: a, count: Number(counts[a] === '' ? 0 : counts[a]) }));
    audiences.forEach((a) => {
      const v = counts[a] ?? '';
      if (v !== '' && !/^\d+$/.test(v.trim())) problems[`a${a}`] = t('badCount');
    });
    if (condition === 'CONDITION_DAMAGED' && !damage.trim()) problems.damage_report = t('damageNeeded');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const r = await action.run(() =>
      post(api, reservation, 'checkIn', {
        time: iso,
        learnersPresent: present.filter((p) => p.count > 0),
        condition,
        damageReport: condition === 'CONDITION_DAMAGED' ? damage.trim() : '',
      }),
    );
    if (r) onDone(r, 'checked_in');
  };

  const fieldErr = (key: string, ...server: string[]) => [...(local[key] ? [local[key]] : []), ...action.forField(...server)];

  return (
    <form className="card action-form" onSubmit={submit} aria-labelledby="checkin-h" noValidate>
      <h3 id="checkin-h">{t('checkInHeading')}</h3>
      <p className="muted">{t('checkInIntro')}</p>
      <Field label={t('checkInTime', { zone })} errors={fieldErr('time', 'time')} required>
        {({ id, describedBy, invalid }) => (
          <input id={id} type="datetime-local" required value={time} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => setTime(e.target.value)} />
        )}
      </Field>
      <fieldset className="counts">
        <legend>{t('present')}</legend>
        {audiences.map((a) => (
          <Field key={a} label={audienceName(a)} errors={fieldErr(`a${a}`)}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                value={counts[a] ?? ''}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(e) => setCounts((c) => ({ ...c, [a]: e.target.value }))}
              />
            )}
          </Field>
        ))}
        <ErrorNote errors={action.forField('learners_present')} />
      </fieldset>
      <fieldset>
        <legend>{t('condition')}</legend>
        <label className="choice">
          <input type="radio" name="condition" checked={condition === 'CONDITION_GOOD'} onChange={() => setCondition('CONDITION_GOOD')} /> {t('good')}
        </label>
        <label className="choice">
          <input type="radio" name="condition" checked={condition === 'CONDITION_DAMAGED'} onChange={() => setCondition('CONDITION_DAMAGED')} /> {t('damaged')}
        </label>
        {condition === 'CONDITION_DAMAGED' && (
          <Field label={t('damageReport')} hint={t('damageHint')} errors={fieldErr('damage_report', 'damage_report')} required>
            {({ id, describedBy, invalid }) => (
              <textarea id={id} rows={3} required value={damage} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => setDamage(e.target.value)} />
            )}
          </Field>
        )}
      </fieldset>
      <ErrorNote errors={action.unclaimed(['time', 'learners_present', 'damage_report', 'condition'])} />
      <button type="submit" disabled={action.busy}>
        {t('checkIn')}
      </button>
    </form>
  );
}

export function ConfirmHoldForm({ reservation, onDone }: { reservation: Reservation; onDone: Done }) {
  const t = useT(messages);
  const { lang } = useLang();
  const { api } = useSession();
  const action = useAction();
  const run = async () => {
    const r = await action.run(() => post(api, reservation, 'confirm', {}));
    if (r) onDone(r, 'hold_confirmed');
  };
  return (
    <section className="card action-form" aria-labelledby="confirm-h">
      <h3 id="confirm-h">{t('confirmHeading')}</h3>
      <p>{t('confirmIntro', { time: formatTime(lang, reservation.holdExpireTime, reservation.timeZone) })}</p>
      <ErrorNote errors={action.unclaimed([])} />
      <button type="button" disabled={action.busy} onClick={() => void run()}>
        {t('confirmHold')}
      </button>
    </section>
  );
}

export interface CancelTerms {
  cancellationDeadlineHours: number;
  cancellationFeeCents: string;
}

export function CancelForm({
  reservation,
  terms,
  asOwner,
  onDone,
  onClose,
}: {
  reservation: Reservation;
  terms: CancelTerms | null | undefined; // undefined: loading or failed
  asOwner: boolean;
  onDone: Done;
  onClose: () => void;
}) {
  const t = useT(messages);
  const fmt = useFormat();
  const { lang } = useLang();
  const { api } = useSession();
  const action = useAction();
  const [reason, setReason] = useState('');
  const [localError, setLocalError] = useState('');

  let feeText: string;
  if (asOwner) feeText = t('ownerCancel');
  else if (reservation.status === 'RESERVATION_STATUS_HELD') feeText = t('heldFree');
  else if (terms === null) feeText = t('feeNone');
  else if (!terms) feeText = t('termsUnknown');
  else {
    const deadline = new Date(new Date(reservation.startTime).getTime() - terms.cancellationDeadlineHours * 3600_000);
    const fee = Number(terms.cancellationFeeCents ?? 0);
    const deadlineText = formatTime(lang, deadline.toISOString(), reservation.timeZone);
    if (fee <= 0) feeText = t('feeNone');
    else if (new Date() <= deadline) feeText = t('freeUntil', { deadline: deadlineText });
    else feeText = t('feeNow', { deadline: deadlineText, fee: fmt.cents(fee) });
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLocalError('');
    if (asOwner && !reason.trim()) {
      setLocalError(t('reasonNeeded'));
      return;
    }
    const r = await action.run(() => post(api, reservation, 'cancel', { reason: reason.trim() }));
    if (r) onDone(r, 'cancelled');
  };

  return (
    <form className="card action-form danger-zone" onSubmit={submit} aria-labelledby="cancel-h" noValidate>
      <h3 id="cancel-h" tabIndex={-1}>
        {t('cancelHeading')}
      </h3>
      <p className="fee-note">
        <strong>{feeText}</strong>
      </p>
      <Field label={asOwner ? t('reasonRequired') : t('reasonOptional')} errors={[...(localError ? [localError] : []), ...action.forField('reason')]} required={asOwner}>
        {({ id, describedBy, invalid }) => (
          <textarea id={id} rows={2} value={reason} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => setReason(e.target.value)} />
        )}
      </Field>
      <ErrorNote errors={action.unclaimed(['reason'])} />
      <div className="row">
        <button type="submit" className="danger" disabled={action.busy}>
          {t('confirmCancel')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('keep')}
        </button>
      </div>
    </form>
  );
}

export function HandOverForm({
  reservation,
  members,
  onDone,
  onClose,
}: {
  reservation: Reservation;
  members: Member[];
  onDone: Done;
  onClose: () => void;
}) {
  const t = useT(messages);
  const { api } = useSession();
  const action = useAction();
  const [person, setPerson] = useState('');
  const [localError, setLocalError] = useState('');
  const candidates = members.filter((m) => m.person.id !== reservation.responsiblePersonId);
  const roleText = (roles: string[]) =>
    roles
      .map((r) => (['ROLE_ORG_ADMIN', 'ROLE_COORDINATOR', 'ROLE_INSTRUCTOR', 'ROLE_ANALYST'].includes(r) ? t(r as 'ROLE_ORG_ADMIN') : r))
      .join(', ');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLocalError('');
    if (!person) {
      setLocalError(t('personNeeded'));
      return;
    }
    const r = await action.run(() => post(api, reservation, 'handOver', { responsiblePersonId: person }));
    if (r) onDone(r, 'handed_over');
  };

  return (
    <form className="card action-form" onSubmit={submit} aria-labelledby="handover-h" noValidate>
      <h3 id="handover-h" tabIndex={-1}>
        {t('handOverHeading')}
      </h3>
      <p className="muted">{t('handOverIntro')}</p>
      {candidates.length === 0 ? (
        <p>{t('noPeople')}</p>
      ) : (
        <Field label={t('person')} errors={[...(localError ? [localError] : []), ...action.forField('responsible_person_id')]} required>
          {({ id, describedBy, invalid }) => (
            <select id={id} value={person} aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => setPerson(e.target.value)}>
              <option value="">{t('choose')}</option>
              {candidates.map((m) => (
                <option key={m.person.id} value={m.person.id}>
                  {(m.person.displayName || m.person.email) + (m.roles.length ? ` (${roleText(m.roles)})` : '')}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <ErrorNote errors={action.unclaimed(['responsible_person_id'])} />
      <div className="row">
        {candidates.length > 0 && (
          <button type="submit" disabled={action.busy}>
            {t('handOver')}
          </button>
        )}
        <button type="button" className="secondary" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </form>
  );
}

export function NoShowForm({ reservation, onDone, onClose }: { reservation: Reservation; onDone: Done; onClose: () => void }) {
  const t = useT(messages);
  const { api } = useSession();
  const action = useAction();
  const run = async () => {
    const r = await action.run(() => post(api, reservation, 'markNoShow', {}));
    if (r) onDone(r, 'no_show');
  };
  return (
    <section className="card action-form danger-zone" aria-labelledby="noshow-h">
      <h3 id="noshow-h" tabIndex={-1}>
        {t('noShowHeading')}
      </h3>
      <p>{t('noShowIntro')}</p>
      <ErrorNote errors={action.unclaimed([])} />
      <div className="row">
        <button type="button" className="danger" disabled={action.busy} onClick={() => void run()}>
          {t('noShow')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </section>
  );
}

export const actionMessages = messages;
