// Shared by the reservation, inbox and calendar pages: the API shapes they read, status and
// audience names in both languages, times in the site's zone, and cached look-ups of listing
// titles, organisation names and the people of one's own organisation.
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../../api';
import { defineMessages, locale, useLang, useT, type Lang } from '../../i18n';
import { localInputToIso as zonedLocalInputToIso, localInputValue } from '../../zonedTime';
import './mine.css';

export interface AudienceCount {
  audience: number;
  count: number;
}

export interface PriceQuote {
  totalCents: string;
  lines: { description: string; amountCents: string }[];
  depositCents: string;
  termsVersion: number;
}

export interface Reservation {
  id: string;
  listingId: string;
  units: number[];
  organizationId: string;
  responsiblePersonId: string;
  createdByPersonId: string;
  kind: string;
  status: string;
  startTime: string;
  endTime: string;
  occupiedStartTime?: string;
  occupiedEndTime?: string;
  timeZone: string;
  learners: number;
  plannedLearners: AudienceCount[];
  destination?: { name: string; address?: { street: string; postalCode: string; locality: string; country: string } };
  transportMinutesOut: number;
  transportMinutesBack: number;
  termsVersion: number;
  quote?: PriceQuote;
  holdExpireTime?: string;
  seriesId: string;
  basketId: string;
  checkOutTime?: string;
  checkInTime?: string;
  learnersPresent: AudienceCount[];
  condition: string;
  damageReport: string;
  cancellationFeeCents: string;
  reason: string;
  notes: string;
  createTime?: string;
  updateTime?: string;
}

export type { Listing } from '../../model';
import type { Listing } from '../../model';

export interface Member {
  person: { id: string; email: string; displayName: string };
  roles: string[];
}

export const STATUSES = [
  'RESERVATION_STATUS_HELD',
  'RESERVATION_STATUS_PENDING_APPROVAL',
  'RESERVATION_STATUS_CONFIRMED',
  'RESERVATION_STATUS_CHECKED_OUT',
  'RESERVATION_STATUS_COMPLETED',
  'RESERVATION_STATUS_REJECTED',
  'RESERVATION_STATUS_CANCELLED',
  'RESERVATION_STATUS_NO_SHOW',
  'RESERVATION_STATUS_EXPIRED',
] as const;

export { AUDIENCES, audienceNumber } from '../../model';

const messages = defineMessages({
  en: {
    RESERVATION_STATUS_HELD: 'On hold',
    RESERVATION_STATUS_PENDING_APPROVAL: 'Awaiting approval',
    RESERVATION_STATUS_CONFIRMED: 'Confirmed',
    RESERVATION_STATUS_CHECKED_OUT: 'Checked out',
    RESERVATION_STATUS_COMPLETED: 'Completed',
    RESERVATION_STATUS_REJECTED: 'Rejected',
    RESERVATION_STATUS_CANCELLED: 'Cancelled',
    RESERVATION_STATUS_NO_SHOW: 'No-show',
    RESERVATION_STATUS_EXPIRED: 'Expired',
    RESERVATION_STATUS_UNSPECIFIED: 'Unknown',
    a1: 'Pupils',
    a2: 'Teachers',
    a3: 'Workers (upskilling)',
    a4: 'Job seekers and side-entrants',
    a5: 'Teens (orientation)',
    a0: 'Other learners',
    RESERVATION_KIND_SESSION: 'Session at the owner’s site',
    RESERVATION_KIND_LOAN: 'Loan (delivered to the borrower)',
    RESERVATION_KIND_UNSPECIFIED: 'Reservation',
    unknownListing: 'Listing {id}',
    learners: '{n} learners',
  },
  nl: {
    RESERVATION_STATUS_HELD: 'Vastgehouden',
    RESERVATION_STATUS_PENDING_APPROVAL: 'Wacht op goedkeuring',
    RESERVATION_STATUS_CONFIRMED: 'Bevestigd',
    RESERVATION_STATUS_CHECKED_OUT: 'Uitgecheckt',
    RESERVATION_STATUS_COMPLETED: 'Afgerond',
    RESERVATION_STATUS_REJECTED: 'Afgewezen',
    RESERVATION_STATUS_CANCELLED: 'Geannuleerd',
    RESERVATION_STATUS_NO_SHOW: 'Niet verschenen',
    RESERVATION_STATUS_EXPIRED: 'Verlopen',
    RESERVATION_STATUS_UNSPECIFIED: 'Onbekend',
    a1: 'Leerlingen',
    a2: 'Docenten',
    a3: 'Werkenden (bijscholing)',
    a4: 'Werkzoekenden en zij-instromers',
    a5: 'Jongeren (oriëntatie)',
    a0: 'Overige deelnemers',
    RESERVATION_KIND_SESSION: 'Sessie op locatie van de eigenaar',
    RESERVATION_KIND_LOAN: 'Uitlening (geleverd bij de aanvrager)',
    RESERVATION_KIND_UNSPECIFIED: 'Reservering',
    unknownListing: 'Aanbod {id}',
    learners: '{n} deelnemers',
  },
});

export type CommonKey = keyof (typeof messages)['en'];

export function useCommonT() {
  return useT(messages);
}

export function statusClass(status: string): string {
  switch (status) {
    case 'RESERVATION_STATUS_CONFIRMED':
    case 'RESERVATION_STATUS_COMPLETED':
    case 'RESERVATION_STATUS_CHECKED_OUT':
      return 'ok';
    case 'RESERVATION_STATUS_HELD':
    case 'RESERVATION_STATUS_PENDING_APPROVAL':
      return 'warn';
    case 'RESERVATION_STATUS_REJECTED':
    case 'RESERVATION_STATUS_NO_SHOW':
    case 'RESERVATION_STATUS_CANCELLED':
    case 'RESERVATION_STATUS_EXPIRED':
      return 'error';
    default:
      return '';
  }
}

export function StatusBadge({ status }: { status: string }) {
  const t = useCommonT();
  const key = (STATUSES as readonly string[]).includes(status) ? (status as CommonKey) : 'RESERVATION_STATUS_UNSPECIFIED';
  return <span className={`badge ${statusClass(status)}`}>{t(key)}</span>;
}

export function useAudienceName() {
  const t = useCommonT();
  return (audience: number) => t((audience >= 1 && audience <= 5 ? `a${audience}` : 'a0') as CommonKey);
}

// "12 learners: Pupils 12, Teachers 1"
export function useLearnersText() {
  const t = useCommonT();
  const audienceName = useAudienceName();
  return (total: number, counts: AudienceCount[]) => {
    const parts = counts.filter((c) => c.count > 0).map((c) => `${audienceName(c.audience)} ${c.count}`);
    return parts.length ? `${t('learners', { n: total })} (${parts.join(', ')})` : t('learners', { n: total });
  };
}

export function listingTitle(listing: Listing | undefined, lang: Lang, fallbackId: string, t: (k: CommonKey, v?: Record<string, string>) => string): string {
  if (!listing) return t('unknownListing', { id: fallbackId });
  return (lang === 'nl' ? listing.titleNl || listing.titleEn : listing.titleEn || listing.titleNl) || listing.id;
}

export function useListingTitle() {
  const { lang } = useLang();
  const t = useCommonT();
  return (listings: Record<string, Listing>, id: string) => listingTitle(listings[id], lang, id, t);
}

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

// A time range in the given IANA zone, e.g. "7 Dec 2026, 09:00 – 15:00"; the zone is named
// when it differs from the browser's, so nobody misreads a Brussels time in Lisbon.
export function formatRange(lang: Lang, start: string | undefined, end: string | undefined, zone: string): string {
  if (!start) return '';
  const tz = zone || undefined;
  const fmt = new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeStyle: 'short', timeZone: tz });
  let text: string;
  try {
    text = end ? fmt.formatRange(new Date(start), new Date(end)) : fmt.format(new Date(start));
  } catch {
    text = `${fmt.format(new Date(start))}${end ? ` – ${fmt.format(new Date(end))}` : ''}`;
  }
  return tz && tz !== browserZone ? `${text} (${tz})` : text;
}

export function formatTime(lang: Lang, iso: string | undefined, zone?: string): string {
  if (!iso) return '';
  const tz = zone || undefined;
  const text = new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeStyle: 'short', timeZone: tz }).format(new Date(iso));
  return tz && tz !== browserZone ? `${text} (${tz})` : text;
}

// ---- Wall-clock times in a zone, for <input type="datetime-local"> in the site's zone (the
// browser's when the site's is not known).

export function localInputToIso(value: string, zone: string): string | null {
  return zonedLocalInputToIso(value, zone || browserZone);
}

export function isoToLocalInput(iso: string | Date, zone: string): string {
  return localInputValue(iso, zone || browserZone);
}

// ---- Cached look-ups (per page load; names rarely change while a page is open).

const listingCache = new Map<string, Listing | null>();

// Titles (and owners, audiences) of many listings at once, through GET /v1/listings:batchGet.
export function useListings(api: ApiClient, ids: string[]): Record<string, Listing> {
  const key = [...new Set(ids.filter(Boolean))].sort().join(',');
  const [found, setFound] = useState<Record<string, Listing>>({});
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split(',') : [];
    const missing = wanted.filter((id) => !listingCache.has(id));
    const publish = () => {
      if (!live) return;
      const next: Record<string, Listing> = {};
      for (const id of wanted) {
        const l = listingCache.get(id);
        if (l) next[id] = l;
      }
      setFound(next);
    };
    if (!missing.length) {
      publish();
      return;
    }
    (async () => {
      for (let i = 0; i < missing.length; i += 500) {
        const chunk = missing.slice(i, i + 500);
        try {
          const r = await api.get<{ listings: Listing[]; missingListingIds: string[] }>('/v1/listings:batchGet', { listingIds: chunk });
          for (const l of r.listings ?? []) listingCache.set(l.id, l);
          for (const id of r.missingListingIds ?? []) listingCache.set(id, null);
        } catch {
          // Titles are decoration: the rows still show, with the id.
        }
      }
      publish();
    })();
    return () => {
      live = false;
    };
  }, [api, key]);
  return found;
}

const orgCache = new Map<string, Promise<string>>();

export function orgName(api: ApiClient, id: string): Promise<string> {
  if (!orgCache.has(id)) {
    orgCache.set(
      id,
      api.get<{ name: string }>(`/v1/organizations/${encodeURIComponent(id)}`).then(
        (o) => o.name || id,
        () => {
          orgCache.delete(id);
          return id;
        },
      ),
    );
  }
  return orgCache.get(id)!;
}

export function useOrgNames(api: ApiClient, ids: string[]): Record<string, string> {
  const key = [...new Set(ids.filter(Boolean))].sort().join(',');
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split(',') : [];
    Promise.all(wanted.map(async (id) => [id, await orgName(api, id)] as const)).then((pairs) => {
      if (live) setNames(Object.fromEntries(pairs));
    });
    return () => {
      live = false;
    };
  }, [api, key]);
  return names;
}

// The people of an organisation one belongs to (for names and hand-over); empty when the
// caller may not list them.
export function useMembers(api: ApiClient, organizationId: string | undefined) {
  const [members, setMembers] = useState<Member[]>([]);
  useEffect(() => {
    let live = true;
    if (!organizationId) return;
    (async () => {
      const all: Member[] = [];
      let pageToken = '';
      try {
        do {
          const r = await api.get<{ members: Member[]; nextPageToken: string }>(`/v1/organizations/${encodeURIComponent(organizationId)}/members`, {
            pageSize: 200,
            pageToken,
          });
          all.push(...(r.members ?? []));
          pageToken = r.nextPageToken;
        } while (pageToken && all.length < 2000);
      } catch {
        // Not a member (an owner looking at a borrower's reservation): no names.
      }
      if (live) setMembers(all);
    })();
    return () => {
      live = false;
    };
  }, [api, organizationId]);
  const names = useMemo(() => Object.fromEntries(members.map((m) => [m.person.id, m.person.displayName || m.person.email])), [members]);
  return { members, names };
}
