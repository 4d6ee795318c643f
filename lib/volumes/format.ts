// How volume figures read in the console (pure: pages and client components).

/** "1.4 GiB", "312 MiB", "8 KiB"; "—" when unknown (not mounted on the host). */
export function bytesText(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
