// Human output: aligned tables, money in the catalog's currency, sizes, and errors as one line each.
import { ApiError } from './api.ts';
import { formatMoney } from '../../lib/billing/units.ts';

export { formatMoney };

export type Column<T> = { header: string; value: (row: T) => string | number | null | undefined; align?: 'right' };

/** A plain-text table: a header row in capitals, columns two spaces apart, no trailing spaces. */
export function table<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => cellText(c.value(r))));
  const headers = columns.map((c) => c.header.toUpperCase());
  const widths = columns.map((_, i) => Math.max(headers[i]!.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}

function cellText(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '-';
  // One line per row: a value's own line breaks and tabs would break the columns.
  return String(v).replace(/[\r\n\t]+/g, ' ');
}

/** "0.25" vCPU for 250 millis, "1" for 1000. */
export function vcpus(cpuMillis: number): string {
  return String(cpuMillis / 1000);
}

/** "128 MiB", "1 GiB", "1.5 GiB". */
export function mib(n: number): string {
  return n >= 1024 ? `${Number((n / 1024).toFixed(2))} GiB` : `${n} MiB`;
}

/** Key–value lines with the keys aligned ("Status:   running"). */
export function fields(pairs: [string, string | number | null | undefined][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length)) + 1;
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width)}  ${cellText(v)}`).join('\n') + '\n';
}

/** The one or more lines an error prints on stderr (the caller exits with 1). */
export function errorLines(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) {
      return `error: ${err.title} (${err.code})\nRun \`ovc login --url URL\` with a valid API token (the console’s user menu → API tokens).\n`;
    }
    const lines = [`error: ${err.title} (${err.code})`];
    for (const [field, message] of Object.entries(err.fields)) lines.push(`  ${field}: ${message}`);
    return lines.join('\n') + '\n';
  }
  return `error: ${(err as Error).message ?? String(err)}\n`;
}
