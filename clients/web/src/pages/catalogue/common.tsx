// What the catalogue, listing, booking and basket pages share: the API shapes they read, labels
// for enums and vocabulary in both languages, time-zone arithmetic (a site's wall clock <-> UTC),
// and small loaders cached for the page's lifetime.
import { useCallback } from 'react';
import { allPages, type ApiClient } from '../../api';
import { defineMessages, useLang, useT } from '../../i18n';

// ---- API shapes (protobuf JSON: int64 as strings, enums as names).

export type { LatLng, Listing, MediaLink, SharingTerms, Site } from '../../model';
export { AUDIENCES, CATEGORIES } from '../../model';
import { audienceNumber, AUDIENCES, ORGANIZATION_KINDS, type LatLng, type Listing, type MediaLink, type Site } from '../../model';

export interface Eligibility {
  mayBook: boolean;
  reasons: { code: string; message: string }[];
  termsVersion: number;
  approvalRequired: boolean;
}

export interface QualificationType {
  id: string;
  code: string;
  nameNl: string;
  nameEn: string;
  issuerOrganizationId?: string;
  description?: string;
  validityMonths?: number;
}

export interface Reservation {
  id: string;
  listingId: string;
  kind: string;
  status: string;
  startTime: string;
  endTime: string;
  timeZone: string;
  learners: number;
  transportMinutesOut: number;
  transportMinutesBack: number;
  quote?: { totalCents: string; lines: { description: string; amountCents: string }[]; depositCents: string; termsVersion: number };
  destination?: { name: string };
}

// AudienceCount.audience is the enum's number.
export const AUDIENCE_NUMBER: Record<string, number> = Object.fromEntries(AUDIENCES.map((a) => [a, audienceNumber(a)]));

export const ORG_KINDS = ORGANIZATION_KINDS;

const labels = defineMessages({
  en: {
    CATEGORY_FIXED_INSTALLATION: 'Fixed installation',
    CATEGORY_MOBILE_SETUP: 'Mobile setup (comes to you)',
    CATEGORY_VR_AR_SET: 'VR/AR set',
    CATEGORY_SIMULATOR: 'Simulator',
    CATEGORY_SIMULATION_SPACE: 'Simulation space',
    CATEGORY_E_LEARNING: 'E-learning',
    AUDIENCE_PUPILS: 'Pupils',
    AUDIENCE_TEACHERS: 'Teachers',
    AUDIENCE_UPSKILLING_WORKERS: 'Workers upskilling',
    AUDIENCE_JOB_SEEKERS_AND_SIDE_ENTRANTS: 'Job seekers and side-entrants',
    AUDIENCE_TEENS_ORIENTATION: 'Young teens (orientation)',
    kind1: 'School',
    kind2: 'Training centre',
    kind3: 'Company',
    kind4: 'Manufacturer',
    kind5: 'Sector body',
    kind6: 'Government',
    kind7: 'Simulation centre',
    NL: 'Netherlands',
    BE: 'Belgium (Flanders)',
    not_in_network: 'Only for members of the owner’s network.',
    organization_kind: 'Not open to your kind of organisation.',
    not_listed: 'Only for organisations the owner has listed.',
    missing_qualification: 'The responsible person needs a qualification: {what}.',
    capacity: 'Too many learners for this equipment.',
    outside_service_radius: 'Your site is outside the area this setup travels to.',
    not_published: 'This listing is not published.',
    no_terms: 'The owner has not set sharing terms yet.',
    aQualification: 'a required qualification',
  },
  nl: {
    CATEGORY_FIXED_INSTALLATION: 'Vaste installatie',
    CATEGORY_MOBILE_SETUP: 'Mobiele opstelling (komt naar u toe)',
    CATEGORY_VR_AR_SET: 'VR/AR-set',
    CATEGORY_SIMULATOR: 'Simulator',
    CATEGORY_SIMULATION_SPACE: 'Simulatieruimte',
    CATEGORY_E_LEARNING: 'E-learning',
    AUDIENCE_PUPILS: 'Leerlingen',
    AUDIENCE_TEACHERS: 'Docenten en leerkrachten',
    AUDIENCE_UPSKILLING_WORKERS: 'Werkenden (bijscholing)',
    AUDIENCE_JOB_SEEKERS_AND_SIDE_ENTRANTS: 'Werkzoekenden en zij-instromers',
    AUDIENCE_TEENS_ORIENTATION: 'Jongeren (oriëntatie)',
    kind1: 'School',
    kind2: 'Opleidingscentrum',
    kind3: 'Bedrijf',
    kind4: 'Fabrikant',
    kind5: 'Sectororganisatie',
    kind6: 'Overheid',
    kind7: 'Simulatiecentrum',
    NL: 'Nederland',
    BE: 'België (Vlaanderen)',
    not_in_network: 'Alleen voor leden van het netwerk van de eigenaar.',
    organization_kind: 'Niet open voor uw soort organisatie.',
    not_listed: 'Alleen voor organisaties die de eigenaar heeft aangewezen.',
    missing_qualification: 'De verantwoordelijke persoon heeft een kwalificatie nodig: {what}.',
    capacity: 'Te veel leerlingen voor dit leermiddel.',
    outside_service_radius: 'Uw locatie ligt buiten het gebied waar deze opstelling naartoe komt.',
    not_published: 'Dit aanbod is niet gepubliceerd.',
    no_terms: 'De eigenaar heeft nog geen voorwaarden vastgelegd.',
    aQualification: 'een verplichte kwalificatie',
  },
});

// ---- Cached loaders: the vocabulary and qualification types change rarely.

interface VocabularyTerm {
  code: string;
  kind: string;
  labelNl: string;
  labelEn: string;
}

let vocabulary: Promise<VocabularyTerm[]> | null = null;
let vocabularyCache: Record<string, VocabularyTerm> = {};
let qualificationTypes: Promise<QualificationType[]> | null = null;
let qualificationCache: Record<string, QualificationType> = {};

export function loadVocabulary(api: ApiClient): Promise<VocabularyTerm[]> {
  if (!vocabulary) {
    vocabulary = api.get<{ terms: VocabularyTerm[] }>('/v1/vocabulary').then(
      (r) => {
        vocabularyCache = Object.fromEntries((r.terms ?? []).map((t) => [t.code, t]));
        return r.terms ?? [];
      },
      (e) => {
        vocabulary = null;
        throw e;
      },
    );
  }
  return vocabulary;
}

// After a new type is defined, so the next load sees it.
export function forgetQualificationTypes(): void {
  qualificationTypes = null;
}

export function loadQualificationTypes(api: ApiClient): Promise<QualificationType[]> {
  if (!qualificationTypes) {
    qualificationTypes = (async () => {
      const all = await allPages<QualificationType>(api, '/v1/qualificationTypes', 'qualificationTypes', { pageSize: 200 });
      qualificationCache = Object.fromEntries(all.map((q) => [q.id, q]));
      return all;
    })().catch((e) => {
      qualificationTypes = null;
      throw e;
    });
  }
  return qualificationTypes;
}

// The sites of an organisation (the places a mobile setup can come to, distances start from).
export async function loadOwnSites(api: ApiClient, organizationId: string): Promise<Site[]> {
  const r = await api.get<{ sites: Site[] }>('/v1/sites', { ownerOrganizationId: organizationId, pageSize: 100 });
  return r.sites ?? [];
}

// Labels for enums, vocabulary codes and eligibility reasons in the chosen language.
export function useLabels() {
  const t = useT(labels);
  const { lang } = useLang();
  const qualification = useCallback(
    (id: string) => {
      const q = qualificationCache[id];
      return q ? (lang === 'nl' ? q.nameNl : q.nameEn) || q.nameEn || q.code : id;
    },
    [lang],
  );
  return {
    category: (name: string) => t(name as keyof typeof labels.en),
    audience: (name: string) => t(name as keyof typeof labels.en),
    ownerKind: (n: number | string) => t(`kind${n}` as keyof typeof labels.en),
    country: (code: string) => (code === 'NL' || code === 'BE' ? t(code) : code),
    vocab: (code: string) => {
      const v = vocabularyCache[code];
      return v ? (lang === 'nl' ? v.labelNl : v.labelEn) || v.labelEn || code : code;
    },
    qualification,
    title: (l: Pick<Listing, 'titleNl' | 'titleEn'>) => (lang === 'nl' ? l.titleNl || l.titleEn : l.titleEn || l.titleNl),
    description: (l: Pick<Listing, 'descriptionNl' | 'descriptionEn'>) =>
      lang === 'nl' ? l.descriptionNl || l.descriptionEn : l.descriptionEn || l.descriptionNl,
    // An eligibility reason in plain words; the server's text when the code is new.
    reason: (r: { code: string; message: string }) => {
      if (r.code === 'missing_qualification') {
        const ids = r.message.match(/qtype_[0-9a-z]+/g) ?? [];
        return t('missing_qualification', { what: ids.length ? ids.map(qualification).join(', ') : t('aQualification') });
      }
      return r.code in labels.en ? t(r.code as keyof typeof labels.en) : r.message;
    },
    // Server texts can name qualification types by id: show their names instead.
    withQualificationNames: (text: string) => text.replace(/qtype_[0-9a-z]+/g, (id) => qualification(id)),
  };
}

// ---- Time: kept in ../../zonedTime, re-exported for the catalogue pages.

export { addDays, fromZoned, localInputValue, mondayOf, toZoned, weekdayOf, type ZonedParts } from '../../zonedTime';

// Great-circle distance in km.
export function distanceKm(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

// A fresh idempotency key (crypto.randomUUID needs a secure context; fall back to random bytes).
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function isImageUrl(m: MediaLink): boolean {
  return m.kind === 'photo' || /\.(png|jpe?g|gif|webp|avif|svg)(\?.*)?$/i.test(m.url);
}

// Only http(s) links are rendered: a listing's media URL is owner-supplied text.
export function safeUrl(url: string): string | null {
  try {
    const u = new URL(url, window.location.origin);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}
