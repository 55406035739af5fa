// What the organisation pages (people, qualifications) share: roles, the registry's
// qualification shapes and its calendar dates ({year, month, day}).
import type { ApiClient } from '../../api';
import { useLoad } from '../../components/ui';
import { loadQualificationTypes, type QualificationType } from '../catalogue/common';

export { forgetQualificationTypes, loadQualificationTypes, type QualificationType } from '../catalogue/common';

// leerpool.registry.v1.Role names, in the order forms list them.
export const ROLES = ['ROLE_ORG_ADMIN', 'ROLE_COORDINATOR', 'ROLE_INSTRUCTOR', 'ROLE_ANALYST'] as const;

// leerpool.type.v1.Date.
export interface DateJson {
  year?: number;
  month?: number;
  day?: number;
}

export interface Qualification {
  id: string;
  qualificationTypeId: string;
  personId: string;
  issueDate?: DateJson;
  expiryDate?: DateJson;
  revoked?: boolean;
  revocationReason?: string;
}

// "2027-03-31" ('' for no date), which sorts and compares as dates do.
export function isoDate(d: DateJson | undefined): string {
  if (!d?.year) return '';
  const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

// Today's date where the person is, as "2027-03-31" (not UTC's, which is yesterday's or
// tomorrow's for part of the day).
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// "2027-03-31" (a date input's value) → {year, month, day}; null when it is not a date.
export function dateJson(iso: string): DateJson | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? { year: +m[1], month: +m[2], day: +m[3] } : null;
}

export function useQualificationTypes(api: ApiClient) {
  return useLoad(() => loadQualificationTypes(api), []);
}

// A type's name in the chosen language, else its code, else the id.
export function qualificationName(types: QualificationType[] | undefined, id: string, lang: string): string {
  const q = types?.find((x) => x.id === id);
  return q ? (lang === 'nl' ? q.nameNl || q.nameEn : q.nameEn || q.nameNl) || q.code : id;
}
