// Approve or reject a pending request (the owner): used on the reservation page and in the inbox.
import { useRef, useState } from 'react';
import { defineMessages, useT } from '../../i18n';
import { useSession } from '../../session';
import { ErrorNote, Field, useAction } from '../../components/ui';
import type { Reservation } from './common';

const messages = defineMessages({
  en: {
    reason: 'Reason or message to the borrower',
    reasonHint: 'Optional when approving, required when rejecting.',
    approve: 'Approve',
    reject: 'Reject',
    reasonNeeded: 'Say why you reject the request: the borrower sees this.',
  },
  nl: {
    reason: 'Reden of bericht aan de aanvrager',
    reasonHint: 'Optioneel bij goedkeuren, verplicht bij afwijzen.',
    approve: 'Goedkeuren',
    reject: 'Afwijzen',
    reasonNeeded: 'Geef aan waarom u de aanvraag afwijst: de aanvrager ziet dit.',
  },
});

export function DecisionForm({ reservationId, onDone, describedBy }: { reservationId: string; onDone: (r: Reservation, approved: boolean) => void; describedBy?: string }) {
  const t = useT(messages);
  const { api } = useSession();
  const action = useAction();
  const [reason, setReason] = useState('');
  const [localError, setLocalError] = useState('');
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  const decide = async (approve: boolean) => {
    setLocalError('');
    action.clear();
    if (!approve && !reason.trim()) {
      setLocalError(t('reasonNeeded'));
      reasonRef.current?.focus();
      return;
    }
    const verb = approve ? 'approve' : 'reject';
    const r = await action.run(() => api.post<Reservation>(`/v1/reservations/${encodeURIComponent(reservationId)}:${verb}`, { reason: reason.trim() }));
    if (r) onDone(r, approve);
  };

  const reasonErrors = [...(localError ? [localError] : []), ...action.forField('reason')];
  return (
    <div className="decision">
      <Field label={t('reason')} hint={t('reasonHint')} errors={reasonErrors}>
        {({ id, describedBy: d, invalid }) => (
          <textarea id={id} ref={reasonRef} rows={2} value={reason} aria-describedby={d} aria-invalid={invalid} onChange={(e) => setReason(e.target.value)} />
        )}
      </Field>
      <ErrorNote errors={action.unclaimed(['reason'])} />
      <div className="row">
        <button type="button" disabled={action.busy} aria-describedby={describedBy} onClick={() => void decide(true)}>
          {t('approve')}
        </button>
        <button type="button" className="danger" disabled={action.busy} aria-describedby={describedBy} onClick={() => void decide(false)}>
          {t('reject')}
        </button>
      </div>
    </div>
  );
}
