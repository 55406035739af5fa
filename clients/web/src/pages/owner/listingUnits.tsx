// Units taken out of service by a damage report at check-in, and putting them back
// (POST /v1/listings/{id}/units/{unit}:clearDamage). The booking engine's availability says
// which units are out of service.
import { useState } from 'react';
import { ErrorNote, Loading, errorText, useAction, useLoad } from '../../components/ui';
import { defineMessages, useT } from '../../i18n';
import { useSession } from '../../session';
import { ConfirmButton } from './listingShared';

const messages = defineMessages({
  en: {
    allFine: 'All {n} units are in service.',
    damaged: '{n} of {total} units are out of service after a damage report. Nobody can book them until you put them back in service.',
    unit: 'Unit {u}',
    clear: 'Back in service',
    question: 'Is unit {u} repaired and safe to use again?',
    yes: 'Yes, back in service',
    no: 'Cancel',
    cleared: 'Unit {u} is back in service.',
    unavailable: 'The state of the units cannot be read right now: {message}',
  },
  nl: {
    allFine: 'Alle {n} eenheden zijn in gebruik.',
    damaged: '{n} van {total} eenheden zijn buiten gebruik na een schademelding. Niemand kan ze reserveren tot u ze weer in gebruik neemt.',
    unit: 'Eenheid {u}',
    clear: 'Weer in gebruik',
    question: 'Is eenheid {u} hersteld en weer veilig te gebruiken?',
    yes: 'Ja, weer in gebruik',
    no: 'Annuleren',
    cleared: 'Eenheid {u} is weer in gebruik.',
    unavailable: 'De staat van de eenheden is nu niet te lezen: {message}',
  },
});

interface Availability {
  units?: { unit: number; outOfService: boolean }[];
}

export function DamagedUnits(props: { listingId: string; readOnly: boolean }) {
  const t = useT(messages);
  const { api } = useSession();
  const [done, setDone] = useState('');
  const action = useAction();
  // A short window from now: only the units' out-of-service flags are needed.
  const units = useLoad(() => {
    const start = new Date();
    const end = new Date(start.getTime() + 60 * 60 * 1000);
    return api
      .get<Availability>(`/v1/listings/${encodeURIComponent(props.listingId)}/availability`, { startTime: start.toISOString(), endTime: end.toISOString() })
      .then((r) => r.units ?? []);
  }, [props.listingId]);

  if (units.loading && !units.data) return <Loading />;
  if (units.error !== undefined && !units.data) return <p className="muted">{t('unavailable', { message: errorText(units.error) })}</p>;
  const all = units.data ?? [];
  const damaged = all.filter((u) => u.outOfService);

  async function clear(u: number) {
    setDone('');
    const ok = await action.run(() => api.post(`/v1/listings/${encodeURIComponent(props.listingId)}/units/${u}:clearDamage`, {}));
    if (ok !== undefined) {
      setDone(t('cleared', { u }));
      units.reload();
    }
  }

  return (
    <div>
      {damaged.length === 0 ? (
        <p>{t('allFine', { n: all.length })}</p>
      ) : (
        <>
          <p className="notice owner-warn">{t('damaged', { n: damaged.length, total: all.length })}</p>
          <ul className="owner-units">
            {damaged.map((u) => (
              <li key={u.unit}>
                <span className="badge error">{t('unit', { u: u.unit })}</span>
                {!props.readOnly && (
                  <ConfirmButton label={t('clear')} question={t('question', { u: u.unit })} yes={t('yes')} no={t('no')} disabled={action.busy} onConfirm={() => void clear(u.unit)} />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorNote errors={action.unclaimed([])} />
      <p role="status" aria-live="polite" className="owner-saved">
        {done}
      </p>
    </div>
  );
}
