// The listing's own fields (what it is, how many, where, mobile details, media, vocabulary), for
// creating a draft (POST /v1/listings) and changing a listing (PATCH /v1/listings/{id}).
import { useState, type FormEvent } from 'react';
import { ErrorNote, Field, Loading, errorText, useAction, useLoad } from '../../components/ui';
import { defineMessages, useLang, useT } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import {
  AUDIENCES,
  CATEGORIES,
  MEDIA_KINDS,
  decimalNumber,
  useLabels,
  useVocabularyLabel,
  wholeNumber,
  type Listing,
  type MediaLink,
  type Site,
  type VocabularyTerm,
} from './listingShared';

const messages = defineMessages({
  en: {
    heading: 'Description',
    titleNl: 'Title in Dutch',
    titleEn: 'Title in English',
    titleHint: 'At least one of the two titles; at most 200 characters.',
    descriptionNl: 'Description in Dutch',
    descriptionEn: 'Description in English',
    descriptionHint: 'What it is, what learners practise on it, safety rules. At most 5000 characters.',
    category: 'Category',
    chooseCategory: 'Choose a category',
    site: 'Site',
    noSite: 'No site yet (required before publishing)',
    siteHint: 'Where it is; for a mobile setup, where it leaves from and returns to.',
    noSites: 'Your organisation has no sites yet; a listing needs one before it can be published.',
    manageSites: 'Add or change sites (save this form first)',
    addSite: 'Add your first site (save this form first)',
    amount: 'Units and capacity',
    unitCount: 'Number of identical units',
    unitCountHint: 'For e-learning: the number of licence seats.',
    capacity: 'Learners per unit per session',
    mobileHeading: 'Mobile setup: travels to the borrower',
    mobileIntro: 'A mobile setup is brought to the school. These figures let the booking engine plan transport, setup and teardown.',
    radius: 'Service radius (km)',
    radiusHint: 'How far from the site it will travel; above 0, at most 1000.',
    speed: 'Average travel speed (km/h)',
    speedHint: 'Door to door, used to derive transport time from distance; above 0, at most 200.',
    setup: 'Setup time (minutes)',
    teardown: 'Teardown time (minutes)',
    notMobile: 'Only the category "Mobile setup" travels to the borrower; other listings are used at the site.',
    audiences: 'For whom',
    languages: 'Languages of instruction',
    languagesHint: 'Two-letter codes separated by commas, e.g. nl, fr, en.',
    vocabulary: 'Tags',
    vocabularyIntro: 'Tags help schools find the listing in the catalogue.',
    VOCABULARY_KIND_TECHNOLOGY: 'Technologies',
    VOCABULARY_KIND_SECTOR: 'Sectors',
    VOCABULARY_KIND_COMPETENCE: 'Competences',
    media: 'Photos, videos and manuals',
    mediaEmpty: 'No links yet.',
    mediaUrl: 'Link {n} (web address)',
    mediaKind: 'Kind of link {n}',
    mediaCaption: 'Caption of link {n}',
    addMedia: 'Add a link',
    removeMedia: 'Remove link {n}',
    create: 'Create draft',
    save: 'Save description',
    saving: 'Saving…',
    saved: 'Saved.',
    notNumber: 'Enter a whole number.',
    needTitle: 'Give a title in Dutch or English.',
    needCategory: 'Choose a category.',
    notDecimal: 'Enter a number, e.g. 7.5.',
    retiredNote: 'This listing is retired and can no longer change.',
    loadingVocabulary: 'Loading tags…',
    viewPublic: 'View in the catalogue',
  },
  nl: {
    heading: 'Beschrijving',
    titleNl: 'Titel in het Nederlands',
    titleEn: 'Titel in het Engels',
    titleHint: 'Minstens één van beide titels; hoogstens 200 tekens.',
    descriptionNl: 'Beschrijving in het Nederlands',
    descriptionEn: 'Beschrijving in het Engels',
    descriptionHint: 'Wat het is, wat deelnemers ermee oefenen, veiligheidsregels. Hoogstens 5000 tekens.',
    category: 'Categorie',
    chooseCategory: 'Kies een categorie',
    site: 'Locatie',
    noSite: 'Nog geen locatie (nodig om te publiceren)',
    siteHint: 'Waar het staat; bij een mobiele opstelling: waar die vertrekt en terugkomt.',
    noSites: 'Uw organisatie heeft nog geen locaties; aanbod heeft er een nodig om gepubliceerd te worden.',
    manageSites: 'Locaties toevoegen of wijzigen (sla dit formulier eerst op)',
    addSite: 'Uw eerste locatie toevoegen (sla dit formulier eerst op)',
    amount: 'Eenheden en capaciteit',
    unitCount: 'Aantal gelijke eenheden',
    unitCountHint: 'Bij e-learning: het aantal licenties.',
    capacity: 'Deelnemers per eenheid per sessie',
    mobileHeading: 'Mobiele opstelling: komt naar de lener toe',
    mobileIntro: 'Een mobiele opstelling wordt naar de school gebracht. Met deze gegevens plant de reserveringsmodule vervoer, opbouw en afbouw.',
    radius: 'Werkgebied (km)',
    radiusHint: 'Hoe ver van de locatie ze komt; meer dan 0, hoogstens 1000.',
    speed: 'Gemiddelde reissnelheid (km/u)',
    speedHint: 'Van deur tot deur, om de reistijd uit de afstand te berekenen; meer dan 0, hoogstens 200.',
    setup: 'Opbouwtijd (minuten)',
    teardown: 'Afbouwtijd (minuten)',
    notMobile: 'Alleen de categorie "Mobiele opstelling" komt naar de lener toe; ander aanbod wordt op de locatie gebruikt.',
    audiences: 'Voor wie',
    languages: 'Voertalen',
    languagesHint: 'Codes van twee letters, gescheiden door komma’s, bijv. nl, fr, en.',
    vocabulary: 'Trefwoorden',
    vocabularyIntro: 'Met trefwoorden vinden scholen het aanbod in de catalogus.',
    VOCABULARY_KIND_TECHNOLOGY: 'Technologieën',
    VOCABULARY_KIND_SECTOR: 'Sectoren',
    VOCABULARY_KIND_COMPETENCE: 'Competenties',
    media: 'Foto’s, video’s en handleidingen',
    mediaEmpty: 'Nog geen links.',
    mediaUrl: 'Link {n} (webadres)',
    mediaKind: 'Soort van link {n}',
    mediaCaption: 'Onderschrift van link {n}',
    addMedia: 'Link toevoegen',
    removeMedia: 'Link {n} verwijderen',
    create: 'Concept aanmaken',
    save: 'Beschrijving opslaan',
    saving: 'Bezig met opslaan…',
    saved: 'Opgeslagen.',
    notNumber: 'Vul een geheel getal in.',
    needTitle: 'Geef een titel in het Nederlands of Engels.',
    needCategory: 'Kies een categorie.',
    notDecimal: 'Vul een getal in, bijv. 7,5.',
    retiredNote: 'Dit aanbod is uit gebruik genomen en kan niet meer veranderen.',
    loadingVocabulary: 'Trefwoorden laden…',
    viewPublic: 'Bekijken in de catalogus',
  },
});

type MessageKey = keyof typeof messages.en;

// What the inputs hold: text for numbers so a half-typed value is not lost.
interface Draft {
  titleNl: string;
  titleEn: string;
  descriptionNl: string;
  descriptionEn: string;
  category: string;
  siteId: string;
  unitCount: string;
  capacityPerUnit: string;
  radius: string;
  speed: string;
  setup: string;
  teardown: string;
  audiences: string[];
  languages: string;
  technologies: string[];
  sectors: string[];
  competences: string[];
  media: MediaLink[];
}

function toDraft(l: Listing | undefined): Draft {
  return {
    titleNl: l?.titleNl ?? '',
    titleEn: l?.titleEn ?? '',
    descriptionNl: l?.descriptionNl ?? '',
    descriptionEn: l?.descriptionEn ?? '',
    category: l?.category && l.category !== 'CATEGORY_UNSPECIFIED' ? l.category : '',
    siteId: l?.siteId ?? '',
    unitCount: String(l?.unitCount ?? 1),
    capacityPerUnit: String(l?.capacityPerUnit ?? 8),
    radius: l?.mobile ? String(l.mobile.serviceRadiusKm) : '50',
    speed: l?.mobile ? String(l.mobile.travelSpeedKmh) : '60',
    setup: l?.mobile ? String(l.mobile.setupMinutes) : '30',
    teardown: l?.mobile ? String(l.mobile.teardownMinutes) : '30',
    audiences: l?.audiences ?? ['AUDIENCE_PUPILS'],
    languages: (l?.languages ?? ['nl']).join(', '),
    technologies: l?.technologies ?? [],
    sectors: l?.sectors ?? [],
    competences: l?.competences ?? [],
    media: (l?.media ?? []).map((m) => ({ url: m.url, kind: m.kind || 'website', caption: m.caption ?? '' })),
  };
}

const FIELDS = [
  'title_nl', 'title_en', 'description_nl', 'description_en', 'category', 'site_id', 'unit_count',
  'capacity_per_unit', 'mobile', 'service_radius_km', 'setup_minutes', 'teardown_minutes', 'travel_speed_kmh',
  'audiences', 'languages', 'technologies', 'sectors', 'competences', 'media', 'url', 'kind', 'caption',
];

export function ListingDetailsForm(props: { listing?: Listing; sites: Site[]; onSaved: (l: Listing) => void }) {
  const t = useT(messages);
  const label = useLabels();
  const vocabLabel = useVocabularyLabel();
  const { lang } = useLang();
  const { session, api } = useSession();
  const [draft, setDraft] = useState<Draft>(() => toDraft(props.listing));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const retired = props.listing?.status === 'LISTING_STATUS_RETIRED';
  const vocabulary = useLoad(() => api.get<{ terms?: VocabularyTerm[] }>('/v1/vocabulary').then((r) => r.terms ?? []), []);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const toggle = (key: 'audiences' | 'technologies' | 'sectors' | 'competences', code: string, on: boolean) =>
    set(key, on ? [...draft[key], code] : draft[key].filter((c) => c !== code));
  const errors = (...names: string[]) => [...names.flatMap((n) => (local[n] ? [local[n]] : [])), ...action.forField(...names)];
  const mobile = draft.category === 'CATEGORY_MOBILE_SETUP';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const whole = (name: string, text: string) => {
      const n = wholeNumber(text);
      if (n === null) problems[name] = t('notNumber');
      return n ?? 0;
    };
    const decimal = (name: string, text: string) => {
      const n = decimalNumber(text);
      if (n === null) problems[name] = t('notDecimal');
      return n ?? 0;
    };
    const body: Partial<Listing> = {
      ownerOrganizationId: props.listing?.ownerOrganizationId ?? session?.organizationId ?? '',
      titleNl: draft.titleNl.trim(),
      titleEn: draft.titleEn.trim(),
      descriptionNl: draft.descriptionNl,
      descriptionEn: draft.descriptionEn,
      category: draft.category || 'CATEGORY_UNSPECIFIED',
      siteId: draft.siteId,
      unitCount: whole('unit_count', draft.unitCount),
      capacityPerUnit: whole('capacity_per_unit', draft.capacityPerUnit),
      audiences: draft.audiences,
      languages: draft.languages.split(/[,;\s]+/).map((s) => s.trim().toLowerCase()).filter(Boolean),
      technologies: draft.technologies,
      sectors: draft.sectors,
      competences: draft.competences,
      media: draft.media.filter((m) => m.url.trim() !== '').map((m) => ({ ...m, url: m.url.trim() })),
    };
    if (mobile) {
      body.mobile = {
        serviceRadiusKm: decimal('service_radius_km', draft.radius),
        travelSpeedKmh: decimal('travel_speed_kmh', draft.speed),
        setupMinutes: whole('setup_minutes', draft.setup),
        teardownMinutes: whole('teardown_minutes', draft.teardown),
      };
    }
    if (!body.titleNl && !body.titleEn) problems.title_nl = t('needTitle');
    if (!draft.category) problems.category = t('needCategory');
    setLocal(problems);
    if (Object.keys(problems).length) {
      action.clear();
      return;
    }
    const result = await action.run(() =>
      props.listing
        ? api.patch<Listing>(`/v1/listings/${encodeURIComponent(props.listing.id)}`, { ...body, id: props.listing.id })
        : api.post<Listing>('/v1/listings', body),
    );
    if (result) {
      setSaved(true);
      props.onSaved(result);
    }
  }

  const kinds = ['VOCABULARY_KIND_TECHNOLOGY', 'VOCABULARY_KIND_SECTOR', 'VOCABULARY_KIND_COMPETENCE'] as const;
  const kindKey = { VOCABULARY_KIND_TECHNOLOGY: 'technologies', VOCABULARY_KIND_SECTOR: 'sectors', VOCABULARY_KIND_COMPETENCE: 'competences' } as const;
  const unclaimed = action.unclaimed(FIELDS);

  return (
    <form onSubmit={submit} noValidate className="owner-form" aria-labelledby="details-heading">
      <h2 id="details-heading" tabIndex={-1}>{t('heading')}</h2>
      {retired && <p className="notice">{t('retiredNote')}</p>}
      <fieldset disabled={retired || action.busy} className="plain">
        <div className="owner-two">
          <Field label={t('titleNl')} hint={t('titleHint')} errors={errors('title_nl')}>
            {(f) => (
              <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.titleNl} maxLength={200} lang="nl" onChange={(e) => set('titleNl', e.target.value)} />
            )}
          </Field>
          <Field label={t('titleEn')} errors={errors('title_en')}>
            {(f) => (
              <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.titleEn} maxLength={200} lang="en" onChange={(e) => set('titleEn', e.target.value)} />
            )}
          </Field>
          <Field label={t('descriptionNl')} hint={t('descriptionHint')} errors={errors('description_nl')}>
            {(f) => (
              <textarea id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} rows={5} value={draft.descriptionNl} lang="nl" onChange={(e) => set('descriptionNl', e.target.value)} />
            )}
          </Field>
          <Field label={t('descriptionEn')} errors={errors('description_en')}>
            {(f) => (
              <textarea id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} rows={5} value={draft.descriptionEn} lang="en" onChange={(e) => set('descriptionEn', e.target.value)} />
            )}
          </Field>
          <Field label={t('category')} required errors={errors('category')}>
            {(f) => (
              <select id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.category} required onChange={(e) => set('category', e.target.value)}>
                <option value="">{t('chooseCategory')}</option>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {label(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('site')} hint={props.sites.length ? t('siteHint') : t('noSites')} errors={errors('site_id')}>
            {(f) => (
              <select id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.siteId} onChange={(e) => set('siteId', e.target.value)}>
                <option value="">{t('noSite')}</option>
                {props.sites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                    {s.address?.locality ? ` (${s.address.locality})` : ''}
                  </option>
                ))}
                {draft.siteId && !props.sites.some((s) => s.id === draft.siteId) && <option value={draft.siteId}>{draft.siteId}</option>}
              </select>
            )}
          </Field>
          <p className="owner-site-link">
            {props.sites.length ? <a href={href('/owner/sites')}>{t('manageSites')}</a> : <a href={href('/owner/sites/new')}>{t('addSite')}</a>}
          </p>
        </div>

        <fieldset>
          <legend>{t('amount')}</legend>
          <div className="row">
            <Field label={t('unitCount')} hint={t('unitCountHint')} required errors={errors('unit_count')}>
              {(f) => (
                <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} inputMode="numeric" className="owner-num" value={draft.unitCount} onChange={(e) => set('unitCount', e.target.value)} />
              )}
            </Field>
            <Field label={t('capacity')} required errors={errors('capacity_per_unit')}>
              {(f) => (
                <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} inputMode="numeric" className="owner-num" value={draft.capacityPerUnit} onChange={(e) => set('capacityPerUnit', e.target.value)} />
              )}
            </Field>
          </div>
        </fieldset>

        {mobile ? (
          <fieldset>
            <legend>{t('mobileHeading')}</legend>
            <p className="hint">{t('mobileIntro')}</p>
            <ErrorNote errors={errors('mobile')} />
            <div className="row">
              <Field label={t('radius')} hint={t('radiusHint')} errors={errors('service_radius_km')}>
                {(f) => (
                  <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} inputMode="decimal" className="owner-num" value={draft.radius} onChange={(e) => set('radius', e.target.value)} />
                )}
              </Field>
              <Field label={t('speed')} hint={t('speedHint')} errors={errors('travel_speed_kmh')}>
                {(f) => (
                  <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} inputMode="decimal" className="owner-num" value={draft.speed} onChange={(e) => set('speed', e.target.value)} />
                )}
              </Field>
              <Field label={t('setup')} errors={errors('setup_minutes')}>
                {(f) => (
                  <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} inputMode="numeric" className="owner-num" value={draft.setup} onChange={(e) => set('setup', e.target.value)} />
                )}
              </Field>
              <Field label={t('teardown')} errors={errors('teardown_minutes')}>
                {(f) => (
                  <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} inputMode="numeric" className="owner-num" value={draft.teardown} onChange={(e) => set('teardown', e.target.value)} />
                )}
              </Field>
            </div>
          </fieldset>
        ) : (
          draft.category && <p className="hint">{t('notMobile')}</p>
        )}

        <fieldset>
          <legend>{t('audiences')}</legend>
          <ErrorNote errors={errors('audiences')} />
          <div className="owner-checks">
            {AUDIENCES.map((a) => (
              <label key={a}>
                <input type="checkbox" checked={draft.audiences.includes(a)} onChange={(e) => toggle('audiences', a, e.target.checked)} /> {label(a)}
              </label>
            ))}
          </div>
        </fieldset>
        <Field label={t('languages')} hint={t('languagesHint')} errors={errors('languages')}>
          {(f) => (
            <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={draft.languages} autoCapitalize="none" onChange={(e) => set('languages', e.target.value)} />
          )}
        </Field>

        <fieldset>
          <legend>{t('vocabulary')}</legend>
          <p className="hint">{t('vocabularyIntro')}</p>
          {vocabulary.loading && !vocabulary.data && <Loading label={t('loadingVocabulary')} />}
          {vocabulary.error !== undefined && <ErrorNote errors={[errorText(vocabulary.error)]} onRetry={vocabulary.reload} />}
          {vocabulary.data &&
            kinds.map((kind) => {
              const key = kindKey[kind];
              const terms = vocabulary.data!.filter((v) => v.kind === kind).sort((a, b) => vocabLabel(a).localeCompare(vocabLabel(b), lang));
              return (
                <fieldset key={kind} className="owner-sub">
                  <legend>{t(kind as MessageKey)}</legend>
                  <ErrorNote errors={errors(key)} />
                  <div className="owner-checks">
                    {terms.map((v) => (
                      <label key={v.code}>
                        <input type="checkbox" checked={draft[key].includes(v.code)} onChange={(e) => toggle(key, v.code, e.target.checked)} /> {vocabLabel(v)}
                      </label>
                    ))}
                  </div>
                </fieldset>
              );
            })}
        </fieldset>

        <fieldset>
          <legend>{t('media')}</legend>
          <ErrorNote errors={errors('media', 'url', 'kind', 'caption')} />
          {draft.media.length === 0 && <p className="muted">{t('mediaEmpty')}</p>}
          {draft.media.map((m, i) => {
            const n = i + 1;
            const update = (patch: Partial<MediaLink>) => set('media', draft.media.map((x, j) => (j === i ? { ...x, ...patch } : x)));
            return (
              <div className="row owner-media" key={i}>
                <Field label={t('mediaUrl', { n })}>
                  {(f) => <input id={f.id} type="url" inputMode="url" className="owner-url" value={m.url} placeholder="https://" onChange={(e) => update({ url: e.target.value })} />}
                </Field>
                <Field label={t('mediaKind', { n })}>
                  {(f) => (
                    <select id={f.id} value={m.kind} onChange={(e) => update({ kind: e.target.value })}>
                      {MEDIA_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {label(k)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('mediaCaption', { n })}>
                  {(f) => <input id={f.id} value={m.caption} maxLength={200} onChange={(e) => update({ caption: e.target.value })} />}
                </Field>
                <button type="button" className="secondary" onClick={() => set('media', draft.media.filter((_, j) => j !== i))}>
                  {t('removeMedia', { n })}
                </button>
              </div>
            );
          })}
          <button type="button" className="secondary" onClick={() => set('media', [...draft.media, { url: '', kind: 'photo', caption: '' }])}>
            {t('addMedia')}
          </button>
        </fieldset>
      </fieldset>

      <ErrorNote errors={unclaimed} />
      {!retired && (
        <div className="row owner-actions">
          <button type="submit" disabled={action.busy}>
            {action.busy ? t('saving') : props.listing ? t('save') : t('create')}
          </button>
          <span role="status" aria-live="polite" className="owner-saved">
            {saved && props.listing ? t('saved') : ''}
          </span>
          {props.listing?.status === 'LISTING_STATUS_PUBLISHED' && <a href={href(`/listings/${encodeURIComponent(props.listing.id)}`)}>{t('viewPublic')}</a>}
        </div>
      )}
    </form>
  );
}
