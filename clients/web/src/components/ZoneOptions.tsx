// The <option>s of a time-zone <select>: every IANA zone the browser knows, the region's two
// first, plus `current` if the browser does not know it (so a stored zone is never lost), and
// an empty choice when nothing is chosen yet.
export function ZoneOptions({ current }: { current: string }) {
  return (
    <>
      {!current && <option value="">—</option>}
      {zoneChoices(current).map((z) => (
        <option key={z} value={z}>
          {z}
        </option>
      ))}
    </>
  );
}

function zoneChoices(current: string): string[] {
  let all: string[] = [];
  try {
    all = (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  const first = ['Europe/Amsterdam', 'Europe/Brussels'];
  const rest = all.filter((z) => !first.includes(z));
  if (current && !first.includes(current) && !rest.includes(current)) rest.unshift(current);
  return [...first, ...rest];
}
