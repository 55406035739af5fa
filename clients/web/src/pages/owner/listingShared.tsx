// Types and small helpers shared by the owner's listing pages (list, editor, import): the
// catalogue's JSON shapes, labels for its enums in both languages, and euro ↔ cent conversion.
import { useState } from 'react';
import { defineMessages, useLang, useT } from '../../i18n';
import { localInputToIso } from '../../zonedTime';

export type { Listing, MediaLink, MobileSetup, Site } from '../../model';
export { AUDIENCES, CATEGORIES, ORGANIZATION_KINDS } from '../../model';

export type { Price, SharingTerms } from '../../model';
import type { SharingTerms } from '../../model';

export interface VocabularyTerm {
  code: string;
  kind: string;
  labelNl: string;
  labelEn: string;
}

export const MEDIA_KINDS = ['photo', 'video', 'manual', 'website'] as const;

export const labels = defineMessages({
  en: {
    CATEGORY_UNSPECIFIED: 'No category',
    CATEGORY_FIXED_INSTALLATION: 'Fixed installation',
    CATEGORY_MOBILE_SETUP: 'Mobile setup',
    CATEGORY_VR_AR_SET: 'VR/AR set',
    CATEGORY_SIMULATOR: 'Simulator',
    CATEGORY_SIMULATION_SPACE: 'Simulation space',
    CATEGORY_E_LEARNING: 'E-learning',
    AUDIENCE_PUPILS: 'Pupils (initial vocational education)',
    AUDIENCE_TEACHERS: 'Teachers',
    AUDIENCE_UPSKILLING_WORKERS: 'Upskilling current workers',
    AUDIENCE_JOB_SEEKERS_AND_SIDE_ENTRANTS: 'Job seekers and side-entrants',
    AUDIENCE_TEENS_ORIENTATION: 'Young teens on orientation',
    LISTING_STATUS_UNSPECIFIED: 'Unknown',
    LISTING_STATUS_DRAFT: 'Draft',
    LISTING_STATUS_PUBLISHED: 'Published',
    LISTING_STATUS_RETIRED: 'Retired',
    kind1: 'Schools',
    kind2: 'Training centres',
    kind3: 'Companies',
    kind4: 'Manufacturers',
    kind5: 'Sector bodies',
    kind6: 'Government',
    kind7: 'Simulation centres',
    photo: 'Photo',
    video: 'Video',
    manual: 'Manual',
    website: 'Website',
  },
  nl: {
    CATEGORY_UNSPECIFIED: 'Geen categorie',
    CATEGORY_FIXED_INSTALLATION: 'Vaste installatie',
    CATEGORY_MOBILE_SETUP: 'Mobiele opstelling',
    CATEGORY_VR_AR_SET: 'VR/AR-set',
    CATEGORY_SIMULATOR: 'Simulator',
    CATEGORY_SIMULATION_SPACE: 'Simulatieruimte',
    CATEGORY_E_LEARNING: 'E-learning',
    AUDIENCE_PUPILS: 'Leerlingen (initieel beroepsonderwijs)',
    AUDIENCE_TEACHERS: 'Docenten',
    AUDIENCE_UPSKILLING_WORKERS: 'Bijscholing van werkenden',
    AUDIENCE_JOB_SEEKERS_AND_SIDE_ENTRANTS: 'Werkzoekenden en zij-instromers',
    AUDIENCE_TEENS_ORIENTATION: 'Jongeren in oriëntatie',
    LISTING_STATUS_UNSPECIFIED: 'Onbekend',
    LISTING_STATUS_DRAFT: 'Concept',
    LISTING_STATUS_PUBLISHED: 'Gepubliceerd',
    LISTING_STATUS_RETIRED: 'Uit gebruik',
    kind1: 'Scholen',
    kind2: 'Opleidingscentra',
    kind3: 'Bedrijven',
    kind4: 'Fabrikanten',
    kind5: 'Sectororganisaties',
    kind6: 'Overheid',
    kind7: 'Simulatiecentra',
    photo: 'Foto',
    video: 'Video',
    manual: 'Handleiding',
    website: 'Website',
  },
});

export type LabelKey = keyof typeof labels.en;

// Label lookup for API enum names and other codes; unknown values are shown as they are.
export function useLabels() {
  const t = useT(labels);
  return (key: string) => (key in labels.en ? t(key as LabelKey) : key);
}

// The listing's title in the chosen language, falling back to the other one.
export function useTitle() {
  const { lang } = useLang();
  return (l: { titleNl?: string; titleEn?: string }) =>
    (lang === 'en' ? l.titleEn || l.titleNl : l.titleNl || l.titleEn) || '—';
}

export function useVocabularyLabel() {
  const { lang } = useLang();
  return (term: VocabularyTerm) => (lang === 'en' ? term.labelEn || term.labelNl : term.labelNl || term.labelEn) || term.code;
}

export function StatusBadge({ status }: { status: string }) {
  const label = useLabels();
  const tone = status === 'LISTING_STATUS_PUBLISHED' ? 'ok' : status === 'LISTING_STATUS_RETIRED' ? 'error' : 'warn';
  return <span className={`badge ${tone}`}>{label(status)}</span>;
}

// "12,50", "12.50", "1.250,00", "€ 12" → "1250"; '' → '0'; unreadable → null.
export function eurosToCents(text: string): string | null {
  let s = text.replace(/[€\s]/g, '');
  if (s === '') return '0';
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(s)) s = s.replace(/,/g, '');
  else s = s.replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, fraction = ''] = s.split('.');
  const cents = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  return cents.toString();
}

// "1250" → "12,50" (nl) or "12.50" (en); "0" → ''.
export function centsToEuros(cents: string | number | undefined, lang: string): string {
  const c = BigInt(String(cents ?? '0') || '0');
  if (c === 0n) return '';
  const whole = c / 100n;
  const fraction = (c % 100n).toString().padStart(2, '0');
  const text = fraction === '00' ? whole.toString() : `${whole}.${fraction}`;
  return lang === 'nl' ? text.replace('.', ',') : text;
}

// A whole number from an input, or null when it is not one ('' is 0).
export function wholeNumber(text: string): number | null {
  const s = text.trim();
  if (s === '') return 0;
  return /^-?\d+$/.test(s) ? Number(s) : null;
}

// A decimal number from an input ("7,5" or "7.5"), or null.
export function decimalNumber(text: string): number | null {
  const s = text.trim().replace(',', '.');
  if (s === '') return 0;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

export function emptyTerms(): SharingTerms {
  return {
    whoMayBook: { everyone: true, organizationKinds: [], networkIds: [], organizationIds: [] },
    approvalRequired: true,
    requiredQualificationTypeIds: [],
    intakeRequired: false,
    minLeadTimeHours: 48,
    maxDurationHours: 0,
    cancellationDeadlineHours: 48,
    cancellationFeeCents: '0',
    quotaHoursPerMonth: 0,
    price: { perHourCents: '0', perHalfDayCents: '0', perDayCents: '0', perLearnerCents: '0', perKmCents: '0' },
    depositCents: '0',
    acquisitionCostCents: '0',
    expectedLifetimeYears: 0,
    discloseBorrowerNames: false,
  };
}

// A button that asks once more before it acts: the first press shows the question with
// "yes" and "cancel" buttons in its place (keyboard focus moves to "yes").
export function ConfirmButton(props: {
  label: string;
  question: string;
  yes: string;
  no: string;
  danger?: boolean;
  disabled?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={props.danger ? 'danger' : undefined} disabled={props.disabled} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span className="owner-confirm" role="group" aria-label={props.question}>
      <span>{props.question}</span>
      <button
        type="button"
        className={props.danger ? 'danger' : undefined}
        autoFocus
        disabled={props.disabled}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {props.yes}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        {props.no}
      </button>
    </span>
  );
}

// The UTC instant of a wall-clock time ("2026-12-24T08:00") in an IANA zone (the site's), so
// closures mean the site's local time whatever zone the browser is in.
export function zonedToIso(local: string, zone: string): string | null {
  return localInputToIso(local, zone || 'UTC');
}
