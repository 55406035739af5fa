// Holidays and maintenance windows at a site: the whole site, or only one listing. On a listing's
// page (listingId given) it shows the site's closures and that listing's, and adds either; on a
// site's page it shows them all and adds closures of the whole site.
// GET/POST /v1/sites/{site_id}/closures, DELETE /v1/sites/{site_id}/closures/{id}.
import { useState, type FormEvent } from 'react';
import { ErrorNote, Field, Loading, errorText, useAction, useLoad } from '../../components/ui';
import { defineMessages, useFormat, useT } from '../../i18n';
import { useSession } from '../../session';
import { ConfirmButton, zonedToIso, type Site } from './listingShared';

const messages = defineMessages({
  en: {
    intro: 'Nobody can book while the site or this listing is closed. Times are in the site’s time zone ({zone}).',
    introSite: 'Nobody can book anything at this site while it is closed; a closure of one listing is added on that listing’s page. Times are in the site’s time zone ({zone}).',
    oneListing: 'One listing',
    none: 'No closures planned.',
    from: 'From',
    until: 'Until',
    what: 'Applies to',
    reason: 'Reason',
    wholeSite: 'Whole site',
    thisListing: 'Only this listing',
    remove: 'Remove',
    removeQuestion: 'Remove this closure?',
    removeSiteQuestion: 'Remove this closure of the whole site (it also applies to your other listings there)?',
    yes: 'Yes, remove',
    no: 'Cancel',
    add: 'Add a closure',
    start: 'Closed from',
    end: 'Closed until',
    scope: 'What is closed',
    scopeSite: 'The whole site (all listings there, e.g. a holiday)',
    scopeListing: 'Only this listing (e.g. maintenance)',
    reasonHint: 'Shown to borrowers, e.g. “Christmas holiday” or “annual service”.',
    save: 'Add closure',
    saving: 'Adding…',
    needTime: 'Choose a date and time.',
    endAfterStart: 'Must be after the start.',
    added: 'Closure added.',
    removed: 'Closure removed.',
    noSite: 'Choose a site for this listing first; closures belong to a site.',
  },
  nl: {
    intro: 'Niemand kan reserveren terwijl de locatie of dit aanbod gesloten is. Tijden in de tijdzone van de locatie ({zone}).',
    introSite: 'Niemand kan op deze locatie iets reserveren terwijl ze gesloten is; een sluiting van één aanbod voegt u toe op de pagina van dat aanbod. Tijden in de tijdzone van de locatie ({zone}).',
    oneListing: 'Eén aanbod',
    none: 'Geen sluitingen gepland.',
    from: 'Van',
    until: 'Tot',
    what: 'Geldt voor',
    reason: 'Reden',
    wholeSite: 'Hele locatie',
    thisListing: 'Alleen dit aanbod',
    remove: 'Verwijderen',
    removeQuestion: 'Deze sluiting verwijderen?',
    removeSiteQuestion: 'Deze sluiting van de hele locatie verwijderen (die geldt ook voor uw andere aanbod daar)?',
    yes: 'Ja, verwijderen',
    no: 'Annuleren',
    add: 'Sluiting toevoegen',
    start: 'Gesloten vanaf',
    end: 'Gesloten tot',
    scope: 'Wat is gesloten',
    scopeSite: 'De hele locatie (al het aanbod daar, bijv. een vakantie)',
    scopeListing: 'Alleen dit aanbod (bijv. onderhoud)',
    reasonHint: 'Leners zien dit, bijv. “Kerstvakantie” of “jaarlijks onderhoud”.',
    save: 'Sluiting toevoegen',
    saving: 'Bezig met toevoegen…',
    needTime: 'Kies een datum en tijd.',
    endAfterStart: 'Moet na het begin liggen.',
    added: 'Sluiting toegevoegd.',
    removed: 'Sluiting verwijderd.',
    noSite: 'Kies eerst een locatie voor dit aanbod; sluitingen horen bij een locatie.',
  },
});

interface Closure {
  id: string;
  siteId: string;
  listingId: string;
  startTime: string;
  endTime: string;
  reason: string;
}

const FIELDS = ['start_time', 'end_time', 'reason', 'listing_id'];

export function ClosuresSection(props: { listingId?: string; site: Site | undefined; readOnly: boolean }) {
  const t = useT(messages);
  const fmt = useFormat();
  const { api } = useSession();
  const siteId = props.site?.id ?? '';
  const zone = props.site?.timeZone || 'Europe/Amsterdam';
  const closures = useLoad(
    () =>
      siteId
        ? api
            .get<{ closures?: Closure[] }>(`/v1/sites/${encodeURIComponent(siteId)}/closures`, { endAfter: new Date().toISOString() })
            .then((r) => r.closures ?? [])
        : Promise.resolve([] as Closure[]),
    [siteId],
  );
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const [onlyListing, setOnlyListing] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState('');
  const add = useAction();
  const remove = useAction();

  if (!siteId) return <p className="muted">{t('noSite')}</p>;
  const errors = (name: string) => [...(local[name] ? [local[name]] : []), ...add.forField(name)];
  const mine = (closures.data ?? [])
    .filter((c) => !props.listingId || !c.listingId || c.listingId === props.listingId)
    .sort((a, b) => a.startTime.localeCompare(b.startTime));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone('');
    const startIso = zonedToIso(start, zone);
    const endIso = zonedToIso(end, zone);
    const problems: Record<string, string> = {};
    if (!startIso) problems.start_time = t('needTime');
    if (!endIso) problems.end_time = t('needTime');
    else if (startIso && endIso <= startIso) problems.end_time = t('endAfterStart');
    setLocal(problems);
    if (Object.keys(problems).length) {
      add.clear();
      return;
    }
    const created = await add.run(() =>
      api.post<Closure>(`/v1/sites/${encodeURIComponent(siteId)}/closures`, {
        startTime: startIso,
        endTime: endIso,
        reason: reason.trim(),
        listingId: onlyListing && props.listingId ? props.listingId : '',
      }),
    );
    if (created) {
      setStart('');
      setEnd('');
      setReason('');
      setDone(t('added'));
      closures.reload();
    }
  }

  async function removeOne(c: Closure) {
    setDone('');
    const ok = await remove.run(() => api.del(`/v1/sites/${encodeURIComponent(siteId)}/closures/${encodeURIComponent(c.id)}`));
    if (ok !== undefined) {
      setDone(t('removed'));
      closures.reload();
    }
  }

  return (
    <div>
      <p className="hint">{props.listingId ? t('intro', { zone }) : t('introSite', { zone })}</p>
      {closures.error !== undefined && <ErrorNote errors={[errorText(closures.error)]} onRetry={closures.reload} />}
      {closures.loading && !closures.data && <Loading />}
      {closures.data && mine.length === 0 && <p className="muted">{t('none')}</p>}
      {mine.length > 0 && (
        <table className="owner-table">
          <thead>
            <tr>
              <th scope="col">{t('from')}</th>
              <th scope="col">{t('until')}</th>
              <th scope="col">{t('what')}</th>
              <th scope="col">{t('reason')}</th>
              {!props.readOnly && (
                <th scope="col">
                  <span className="visually-hidden">{t('remove')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {mine.map((c) => (
              <tr key={c.id}>
                <td data-label={t('from')}>{fmt.dateTime(c.startTime, zone)}</td>
                <td data-label={t('until')}>{fmt.dateTime(c.endTime, zone)}</td>
                <td data-label={t('what')}>{!c.listingId ? t('wholeSite') : props.listingId ? t('thisListing') : t('oneListing')}</td>
                <td data-label={t('reason')}>{c.reason || '—'}</td>
                {!props.readOnly && (
                  <td>
                    <ConfirmButton
                      label={t('remove')}
                      question={c.listingId ? t('removeQuestion') : t('removeSiteQuestion')}
                      yes={t('yes')}
                      no={t('no')}
                      danger
                      disabled={remove.busy}
                      onConfirm={() => void removeOne(c)}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote errors={remove.unclaimed([])} />
      <p role="status" aria-live="polite" className="owner-saved">
        {done}
      </p>

      {!props.readOnly && (
        <form onSubmit={submit} noValidate className="owner-form owner-closure-form">
          <h3>{t('add')}</h3>
          <div className="row">
            <Field label={t('start')} required errors={errors('start_time')}>
              {(f) => (
                <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
              )}
            </Field>
            <Field label={t('end')} required errors={errors('end_time')}>
              {(f) => (
                <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} type="datetime-local" value={end} min={start || undefined} onChange={(e) => setEnd(e.target.value)} />
              )}
            </Field>
          </div>
          {props.listingId && (
          <fieldset>
            <legend>{t('scope')}</legend>
            <ErrorNote errors={add.forField('listing_id')} />
            <label className="owner-check">
              <input type="radio" name="closure-scope" checked={!onlyListing} onChange={() => setOnlyListing(false)} /> {t('scopeSite')}
            </label>
            <label className="owner-check">
              <input type="radio" name="closure-scope" checked={onlyListing} onChange={() => setOnlyListing(true)} /> {t('scopeListing')}
            </label>
          </fieldset>
          )}
          <Field label={t('reason')} hint={t('reasonHint')} errors={errors('reason')}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <ErrorNote errors={add.unclaimed(FIELDS)} />
          <button type="submit" disabled={add.busy}>
            {add.busy ? t('saving') : t('save')}
          </button>
        </form>
      )}
    </div>
  );
}
