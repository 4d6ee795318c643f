// The console's one way of writing dates and times: in the reader's locale (lib/format/locale.ts picks it from
// Accept-Language on the server and hands the same one to client components, so server and browser render the
// same text), always in UTC and saying so — billing months are UTC months, and a server cannot know the browser's
// time zone, so local time would differ between the server's HTML and the browser's hydration.

export type DateInput = Date | string | number;

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' });
    cache.set(key, f);
  }
  return f;
}

function toDate(v: DateInput): Date {
  return v instanceof Date ? v : new Date(v);
}

/** A day, e.g. "6 Dec 2026" (en-GB) or "Dec 6, 2026" (en-US): the month in words, so 05/12 cannot be misread. */
export function formatDate(v: DateInput, locale: string): string {
  return formatter(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(toDate(v));
}

/** A moment to the minute (or second), e.g. "6 Dec 2026, 14:05 UTC". */
export function formatDateTime(v: DateInput, locale: string, opts: { seconds?: boolean } = {}): string {
  const f = formatter(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  });
  return `${f.format(toDate(v))} UTC`;
}

/** A time of day for chart axes and log lines, e.g. "14:05:09" (UTC, 24-hour in every locale: short and sortable). */
export function formatTime(v: DateInput, locale: string, opts: { seconds?: boolean } = { seconds: true }): string {
  return formatter(locale, { hour: '2-digit', minute: '2-digit', ...(opts.seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' }).format(toDate(v));
}
