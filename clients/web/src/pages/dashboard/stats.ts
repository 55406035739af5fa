// The statistics API's shapes (proto/leerpool/booking/v1/statistics.proto in JSON) and the
// small helpers the dashboard needs to ask for them: scopes, periods and CSV.

export interface StatsAudience {
  audience: number;
  learners: string; // int64
  learnerHours: number;
}

export interface StatsFigures {
  groupKey: string;
  groupLabel: string;
  periodStart: string;
  periodEnd: string;
  listingCount: number;
  availableHours: number;
  reservedHours: number;
  usedHours: number;
  utilisation: number;
  reservationsActive: string;
  reservationsCompleted: string;
  cancellations: string;
  noShows: string;
  distinctOrganizations: number;
  organizationsByKind: { kind: string; organizations: number }[];
  crossBorderOrganizations: number;
  crossBorderOrganizationsShare: number;
  crossBorderUsedHours: number;
  crossBorderUsedHoursShare: number;
  learnersReached: string;
  learnerHours: number;
  audiences: StatsAudience[];
  revenueCents: string;
  depreciationCents: string;
  costPerLearnerHourCents: number;
  borrowers: { organizationId: string; name: string; usedHours: number }[];
}

export interface StatsSummary {
  periodStart: string;
  periodEnd: string;
  groups: StatsFigures[];
}

export interface StatsTimeSeries {
  interval: string;
  points: StatsFigures[];
}

export interface StatsTop {
  listings: StatsFigures[];
}

export type Interval = 'month' | 'week' | 'quarter';
export const INTERVALS: Interval[] = ['month', 'quarter', 'week'];
export const INTERVAL_ENUM: Record<Interval, string> = {
  month: 'STATS_INTERVAL_MONTH',
  week: 'STATS_INTERVAL_WEEK',
  quarter: 'STATS_INTERVAL_QUARTER',
};

// A scope as the dashboard keeps it in its URL: "platform", "use:<org>", "owner:<org>",
// "network:<net>".
export type ScopeKind = 'platform' | 'use' | 'owner' | 'network';
export interface Scope {
  kind: ScopeKind;
  id: string;
}

export function parseScope(value: string | null): Scope | null {
  if (!value) return null;
  if (value === 'platform') return { kind: 'platform', id: '' };
  const m = /^(use|owner|network):(.+)$/.exec(value);
  return m ? { kind: m[1] as ScopeKind, id: m[2] } : null;
}

export function scopeValue(scope: Scope): string {
  return scope.kind === 'platform' ? 'platform' : `${scope.kind}:${scope.id}`;
}

// The scope as query parameters of the statistics API (StatsScope in the request).
export function scopeQuery(scope: Scope): Record<string, string> {
  switch (scope.kind) {
    case 'use':
      return { 'scope.organizationId': scope.id };
    case 'owner':
      return { 'scope.ownerOrganizationId': scope.id };
    case 'network':
      return { 'scope.networkId': scope.id };
    default:
      return {};
  }
}

// A period of whole UTC days [start, end) as the API takes it; the dashboard shows `end` minus
// one day as the last day.
export interface Period {
  start: string; // YYYY-MM-DD, first day
  end: string; // YYYY-MM-DD, last day (inclusive)
}

// The school year (1 September to 31 August) that contains `day`: its first calendar year.
export function schoolYearOf(day: Date): number {
  return day.getUTCMonth() >= 8 ? day.getUTCFullYear() : day.getUTCFullYear() - 1;
}

export function schoolYearPeriod(year: number): Period {
  return { start: `${year}-09-01`, end: `${year + 1}-08-31` };
}

export function isDay(value: string | null | undefined): value is string {
  return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function periodQuery(period: Period): Record<string, string> {
  return { startTime: `${period.start}T00:00:00Z`, endTime: `${addDays(period.end, 1)}T00:00:00Z` };
}

// An RFC 3339 exclusive end as the last day it covers, YYYY-MM-DD.
export function lastDay(exclusiveEnd: string): string {
  return addDays(exclusiveEnd.slice(0, 10), -1);
}

// RFC 4180: every field quoted, CRLF line ends (as the API's own export).
export function toCsv(rows: (string | number)[][]): string {
  return rows.map((row) => row.map((cell) => `"${String(cell).replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';
}
