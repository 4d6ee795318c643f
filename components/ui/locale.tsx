'use client';
// The reader's locale (picked from Accept-Language on the server, lib/format/locale.ts) for client components, so
// that dates render the same in the server's HTML and after hydration. Helpers bind lib/format/date.ts to it.
import { createContext, useContext, type ReactNode } from 'react';
import { DEFAULT_LOCALE } from '@/lib/format/locale';
import { formatDate, formatDateTime, formatTime, type DateInput } from '@/lib/format/date';

const Locale = createContext<string>(DEFAULT_LOCALE);

export function LocaleProvider({ locale, children }: { locale: string; children: ReactNode }) {
  return <Locale.Provider value={locale}>{children}</Locale.Provider>;
}

export function useLocale(): string {
  return useContext(Locale);
}

/** The date formatters of lib/format/date.ts in the reader's locale. */
export function useDates() {
  const locale = useLocale();
  return {
    date: (v: DateInput) => formatDate(v, locale),
    dateTime: (v: DateInput, opts?: { seconds?: boolean }) => formatDateTime(v, locale, opts),
    time: (v: DateInput, opts?: { seconds?: boolean }) => formatTime(v, locale, opts),
  };
}

/**
 * A date (`day`) or a moment (to the minute, or `seconds`) in the reader's locale, as a <time> element: usable from
 * server components too, with the same text on the server and after hydration.
 */
export function When({ at, day = false, seconds = false }: { at: DateInput; day?: boolean; seconds?: boolean }) {
  const locale = useLocale();
  const d = at instanceof Date ? at : new Date(at);
  return <time dateTime={d.toISOString()}>{day ? formatDate(d, locale) : formatDateTime(d, locale, { seconds })}</time>;
}
