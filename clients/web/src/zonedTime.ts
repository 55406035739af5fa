// Wall-clock times in a site's IANA zone and the UTC instants they mean, for every page that
// shows or takes times (a site's opening hours, closures, bookings are in the site's zone, not
// the browser's). The one place that converts, so DST changes are handled once.

const partsCache = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    partsCache.set(zone, f);
  }
  return f;
}

const WEEKDAY_NUMBER: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface ZonedParts {
  date: string; // YYYY-MM-DD
  time: string; // HH:mm
  weekday: number; // 1 = Monday ... 7 = Sunday
}

export function toZoned(instant: string | number | Date, zone: string): ZonedParts {
  const p = Object.fromEntries(zoneFormatter(zone).formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const hour = p.hour === '24' ? '00' : p.hour;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${hour}:${p.minute}`, weekday: WEEKDAY_NUMBER[p.weekday] ?? 1 };
}

function offsetMs(utcMs: number, zone: string): number {
  const p = Object.fromEntries(zoneFormatter(zone).formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, p.hour === '24' ? 0 : +p.hour, +p.minute, +p.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

// "2026-12-14T09:00" on the wall clock of `zone` -> the instant. A wall time of a DST change
// lands next to it: in zones east of UTC, as the region's, a time in the skipped spring hour
// moves an hour later, and a time in the repeated autumn hour means the second one (after the
// clocks went back).
export function fromZoned(local: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(local);
  if (!m) return null;
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0));
  const first = offsetMs(guess, zone);
  let utc = guess - first;
  const second = offsetMs(utc, zone);
  if (second !== first) utc = guess - second;
  return new Date(utc);
}

// "2026-12-14" + n days (calendar arithmetic, no zone).
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

// The Monday on or before a date.
export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // 0 = Monday
  return addDays(date, -weekday);
}

export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

// datetime-local value for an instant in a zone.
export function localInputValue(instant: string | Date, zone: string): string {
  const z = toZoned(instant, zone);
  return `${z.date}T${z.time}`;
}

// The instant of a datetime-local value ("2026-12-24T08:00") in a zone, as RFC 3339 UTC; null
// when the text is not a date and time.
export function localInputToIso(local: string, zone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)) return null;
  return fromZoned(local, zone)?.toISOString() ?? null;
}
