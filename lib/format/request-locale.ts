// The reader's locale on the server: from this request's Accept-Language (lib/format/locale.ts).
import 'server-only';
import { headers } from 'next/headers';
import { formatDate, formatDateTime, type DateInput } from './date';
import { localeFrom } from './locale';

export async function requestLocale(): Promise<string> {
  return localeFrom((await headers()).get('accept-language'));
}

/** The date formatters bound to this request's locale, for server components. */
export async function serverDates() {
  const locale = await requestLocale();
  return {
    locale,
    date: (v: DateInput) => formatDate(v, locale),
    dateTime: (v: DateInput, opts?: { seconds?: boolean }) => formatDateTime(v, locale, opts),
  };
}
