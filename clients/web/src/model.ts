// The catalogue's JSON shapes and enum lists that several pages read, written once (protobuf
// JSON: int64 as strings, enums as names). Page folders keep only the views of their own.

export interface LatLng {
  latitude: number;
  longitude: number;
}

export interface Address {
  street?: string;
  postalCode?: string;
  locality?: string;
  country?: string;
}

// leerpool.type.v1.LocalTime; proto3 JSON leaves out zeros, so 00:00 may arrive as {}.
export interface LocalTime {
  hours?: number;
  minutes?: number;
}

// leerpool.type.v1.Weekday names, Monday first (ISO 8601).
export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

// Open on `weekday` from `open` to `close` in the site's zone; close may be 24:00.
export interface OpeningPeriod {
  weekday: Weekday;
  open?: LocalTime;
  close?: LocalTime;
}

export interface Site {
  id: string;
  ownerOrganizationId?: string;
  name: string;
  address?: Address;
  location?: LatLng;
  timeZone: string;
  openingHours?: OpeningPeriod[];
  createTime?: string;
  updateTime?: string;
}

export interface MediaLink {
  url: string;
  kind: string;
  caption: string;
}

export interface MobileSetup {
  serviceRadiusKm: number;
  setupMinutes: number;
  teardownMinutes: number;
  travelSpeedKmh: number;
}

export interface Listing {
  id: string;
  ownerOrganizationId: string;
  titleNl: string;
  titleEn: string;
  descriptionNl: string;
  descriptionEn: string;
  category: string;
  technologies: string[];
  sectors: string[];
  competences: string[];
  unitCount: number;
  capacityPerUnit: number;
  audiences: string[];
  languages: string[];
  media: MediaLink[];
  status: string;
  siteId: string;
  mobile?: MobileSetup;
  termsVersion: number;
  // Filled in by the catalogue's search and lookups, not by the owner's editor.
  ownerName?: string;
  ownerCountry?: string;
  createTime?: string;
  updateTime?: string;
  site?: Site;
}

export interface Price {
  perHourCents: string;
  perHalfDayCents: string;
  perDayCents: string;
  perLearnerCents: string;
  perKmCents: string;
}

// A listing's sharing terms: what the catalogue shows a borrower and the owner edits.
export interface SharingTerms {
  listingId?: string;
  version?: number;
  whoMayBook: { everyone: boolean; organizationKinds: number[]; networkIds: string[]; organizationIds: string[] };
  approvalRequired: boolean;
  requiredQualificationTypeIds: string[];
  intakeRequired: boolean;
  minLeadTimeHours: number;
  maxDurationHours: number;
  cancellationDeadlineHours: number;
  cancellationFeeCents: string;
  quotaHoursPerMonth: number;
  price: Price;
  depositCents: string;
  acquisitionCostCents: string;
  expectedLifetimeYears: number;
  discloseBorrowerNames: boolean;
  createTime?: string;
}

// leerpool.catalogue.v1.Category names.
export const CATEGORIES = [
  'CATEGORY_FIXED_INSTALLATION',
  'CATEGORY_MOBILE_SETUP',
  'CATEGORY_VR_AR_SET',
  'CATEGORY_SIMULATOR',
  'CATEGORY_SIMULATION_SPACE',
  'CATEGORY_E_LEARNING',
] as const;

// leerpool.catalogue.v1.Audience: listings carry the name, AudienceCount the number.
export const AUDIENCES = [
  'AUDIENCE_PUPILS',
  'AUDIENCE_TEACHERS',
  'AUDIENCE_UPSKILLING_WORKERS',
  'AUDIENCE_JOB_SEEKERS_AND_SIDE_ENTRANTS',
  'AUDIENCE_TEENS_ORIENTATION',
] as const;
export const audienceNumber = (name: string) => AUDIENCES.indexOf(name as (typeof AUDIENCES)[number]) + 1;

// leerpool.registry.v1.OrganizationKind numbers, as WhoMayBook.organization_kinds and the
// owner_kind facet take them.
export const ORGANIZATION_KINDS = [1, 2, 3, 4, 5, 6, 7] as const;
