// "Organisation details": how the acting organisation appears to everyone (the directory is
// public): name, region, address, position and education tracks, which its administrators keep
// up to date. Kind and country decide who may book what and what counts as cross-border, so
// only the platform's administrators change them. GET/PATCH /v1/organizations/{id}.
import { useState, type FormEvent } from 'react';
import { ErrorNote, Field, Loading, PageTitle, errorText, useAction, useLoad } from '../../components/ui';
import { ZoneOptions } from '../../components/ZoneOptions';
import { defineMessages, useT } from '../../i18n';
import type { Address, LatLng } from '../../model';
import { useSession } from '../../session';
import { decimalNumber } from '../owner/listingShared';
import './organisation.css';

const messages = defineMessages({
  en: {
    title: 'Organisation details',
    intro: 'How your organisation appears to the other partners.',
    notAdmin: 'Only administrators of the organisation can change its details.',
    fixed: 'Kind: {kind} · country: {country}. Ask the platform’s administrators to change these: they decide who may book what and what counts as cross-border use.',
    name: 'Name',
    region: 'Province or region',
    regionHint: 'e.g. Noord-Brabant, Antwerpen.',
    street: 'Street and number',
    postalCode: 'Postal code',
    locality: 'Town or city',
    latitude: 'Latitude',
    longitude: 'Longitude',
    placeHint: 'Decimal degrees, e.g. 51.5890 and 4.7760; both empty for none.',
    tracks: 'Education tracks',
    tracksHint: 'Separated by commas, e.g. MBO-BOL, MBO-BBL, BSO, TSO, DUAL.',
    zone: 'Time zone',
    save: 'Save changes',
    saving: 'Saving…',
    saved: 'Saved.',
    needName: 'Give the organisation a name.',
    needNumber: 'Enter a number such as 51.589, or leave both empty.',
    ORGANIZATION_KIND_SCHOOL: 'school',
    ORGANIZATION_KIND_TRAINING_CENTRE: 'training centre',
    ORGANIZATION_KIND_COMPANY: 'company',
    ORGANIZATION_KIND_MANUFACTURER: 'manufacturer',
    ORGANIZATION_KIND_SECTOR_BODY: 'sector body',
    ORGANIZATION_KIND_GOVERNMENT: 'government',
    ORGANIZATION_KIND_SIMULATION_CENTRE: 'simulation centre',
  },
  nl: {
    title: 'Gegevens van de organisatie',
    intro: 'Hoe uw organisatie voor de andere partners verschijnt.',
    notAdmin: 'Alleen beheerders van de organisatie kunnen haar gegevens wijzigen.',
    fixed: 'Soort: {kind} · land: {country}. Vraag de beheerders van het platform deze te wijzigen: zij bepalen wie wat mag reserveren en wat als grensoverschrijdend gebruik telt.',
    name: 'Naam',
    region: 'Provincie of regio',
    regionHint: 'bijv. Noord-Brabant, Antwerpen.',
    street: 'Straat en huisnummer',
    postalCode: 'Postcode',
    locality: 'Plaats',
    latitude: 'Breedtegraad',
    longitude: 'Lengtegraad',
    placeHint: 'Decimale graden, bijv. 51.5890 en 4.7760; beide leeg voor geen.',
    tracks: 'Opleidingen',
    tracksHint: 'Gescheiden door komma’s, bijv. MBO-BOL, MBO-BBL, BSO, TSO, DUAL.',
    zone: 'Tijdzone',
    save: 'Wijzigingen opslaan',
    saving: 'Bezig met opslaan…',
    saved: 'Opgeslagen.',
    needName: 'Geef de organisatie een naam.',
    needNumber: 'Vul een getal in zoals 51.589, of laat beide leeg.',
    ORGANIZATION_KIND_SCHOOL: 'school',
    ORGANIZATION_KIND_TRAINING_CENTRE: 'opleidingscentrum',
    ORGANIZATION_KIND_COMPANY: 'bedrijf',
    ORGANIZATION_KIND_MANUFACTURER: 'fabrikant',
    ORGANIZATION_KIND_SECTOR_BODY: 'sectororganisatie',
    ORGANIZATION_KIND_GOVERNMENT: 'overheid',
    ORGANIZATION_KIND_SIMULATION_CENTRE: 'simulatiecentrum',
  },
});

interface Organization {
  id: string;
  name: string;
  kind?: string;
  country?: string;
  region?: string;
  address?: Address;
  location?: LatLng;
  educationTracks?: string[];
  status?: string;
  timeZone?: string;
}

const FIELDS = ['name', 'region', 'street', 'postal_code', 'locality', 'location', 'latitude', 'longitude', 'education_tracks', 'time_zone'];

export function OrganisationPage() {
  const t = useT(messages);
  const { session, api, orgAdmin: isAdmin } = useSession();
  const org = session?.organizationId ?? '';
  const loaded = useLoad(() => api.get<Organization>(`/v1/organizations/${encodeURIComponent(org)}`), [org]);

  return (
    <section className="org-page">
      <PageTitle>{t('title')}</PageTitle>
      <p className="muted">{t('intro')}</p>
      {!isAdmin && <p className="notice">{t('notAdmin')}</p>}
      {loaded.error !== undefined && <ErrorNote errors={[errorText(loaded.error)]} onRetry={loaded.reload} />}
      {loaded.loading && !loaded.data && <Loading />}
      {loaded.data && <DetailsForm key={loaded.data.id} organization={loaded.data} readOnly={!isAdmin} />}
    </section>
  );
}

function DetailsForm(props: { organization: Organization; readOnly: boolean }) {
  const t = useT(messages);
  const { api } = useSession();
  const [stored, setStored] = useState(props.organization);
  const o = props.organization;
  const [draft, setDraft] = useState({
    name: o.name ?? '',
    region: o.region ?? '',
    street: o.address?.street ?? '',
    postalCode: o.address?.postalCode ?? '',
    locality: o.address?.locality ?? '',
    latitude: o.location ? String(o.location.latitude ?? 0) : '',
    longitude: o.location ? String(o.location.longitude ?? 0) : '',
    tracks: (o.educationTracks ?? []).join(', '),
    timeZone: o.timeZone ?? '',
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const set = (key: keyof typeof draft, value: string) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const errors = (...names: string[]) => [...names.flatMap((n) => (local[n] ? [local[n]] : [])), ...action.forField(...names)];
  const kind = stored.kind && stored.kind in messages.en ? t(stored.kind as keyof typeof messages.en) : stored.kind || '—';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!draft.name.trim()) problems.name = t('needName');
    const noPlace = !draft.latitude.trim() && !draft.longitude.trim();
    const latitude = decimalNumber(draft.latitude);
    const longitude = decimalNumber(draft.longitude);
    if (!noPlace && (latitude === null || !draft.latitude.trim())) problems.latitude = t('needNumber');
    if (!noPlace && (longitude === null || !draft.longitude.trim())) problems.longitude = t('needNumber');
    setLocal(problems);
    if (Object.keys(problems).length) {
      action.clear();
      return;
    }
    // The whole organisation as stored, with the edits: kind, country and status go back as
    // they are, which the registry accepts from an organisation's own administrator.
    const body: Organization = {
      ...stored,
      name: draft.name.trim(),
      region: draft.region.trim(),
      address: { ...stored.address, street: draft.street.trim(), postalCode: draft.postalCode.trim(), locality: draft.locality.trim(), country: stored.address?.country ?? '' },
      location: noPlace ? undefined : { latitude: latitude ?? 0, longitude: longitude ?? 0 },
      educationTracks: draft.tracks.split(',').map((x) => x.trim()).filter(Boolean),
      timeZone: draft.timeZone,
    };
    const result = await action.run(() => api.patch<Organization>(`/v1/organizations/${encodeURIComponent(stored.id)}`, body));
    if (result) {
      setStored(result);
      setSaved(true);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="org-details" aria-label={t('title')}>
      <p className="hint">{t('fixed', { kind, country: stored.country || '—' })}</p>
      <fieldset disabled={props.readOnly || action.busy} className="org-choice">
        <legend className="visually-hidden">{t('title')}</legend>
        <div className="row">
          <Field label={t('name')} required errors={errors('name')}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.name} maxLength={200} onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <Field label={t('region')} hint={t('regionHint')} errors={errors('region')}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.region} maxLength={200} onChange={(e) => set('region', e.target.value)} />}
          </Field>
        </div>
        <div className="row">
          <Field label={t('street')} errors={errors('street')}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.street} maxLength={200} autoComplete="street-address" onChange={(e) => set('street', e.target.value)} />}
          </Field>
          <Field label={t('postalCode')} errors={errors('postal_code')}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.postalCode} maxLength={20} autoComplete="postal-code" onChange={(e) => set('postalCode', e.target.value)} />}
          </Field>
          <Field label={t('locality')} errors={errors('locality')}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.locality} maxLength={200} autoComplete="address-level2" onChange={(e) => set('locality', e.target.value)} />}
          </Field>
        </div>
        <ErrorNote errors={errors('location')} />
        <div className="row">
          <Field label={t('latitude')} hint={t('placeHint')} errors={errors('latitude')}>
            {(f) => <input id={f.id} inputMode="decimal" className="org-num" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.latitude} onChange={(e) => set('latitude', e.target.value)} />}
          </Field>
          <Field label={t('longitude')} errors={errors('longitude')}>
            {(f) => <input id={f.id} inputMode="decimal" className="org-num" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.longitude} onChange={(e) => set('longitude', e.target.value)} />}
          </Field>
        </div>
        <div className="row">
          <Field label={t('tracks')} hint={t('tracksHint')} errors={errors('education_tracks')}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.tracks} onChange={(e) => set('tracks', e.target.value)} />}
          </Field>
          <Field label={t('zone')} errors={errors('time_zone')}>
            {(f) => (
              <select id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.timeZone} onChange={(e) => set('timeZone', e.target.value)}>
                <ZoneOptions current={draft.timeZone} />
              </select>
            )}
          </Field>
        </div>
      </fieldset>
      <ErrorNote errors={action.unclaimed(FIELDS)} />
      {!props.readOnly && (
        <div className="row org-actions">
          <button type="submit" disabled={action.busy}>
            {action.busy ? t('saving') : t('save')}
          </button>
          <span role="status" aria-live="polite" className="org-saved">
            {saved ? t('saved') : ''}
          </span>
        </div>
      )}
    </form>
  );
}
