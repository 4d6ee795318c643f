// The reader's locale for dates and numbers, from the Accept-Language header (server) — the same value is given to
// client components (components/ui/locale.tsx) so that both render the same text.

export const DEFAULT_LOCALE = 'en-GB';

/** The first language of an Accept-Language header that this runtime can format; else the default. */
export function localeFrom(acceptLanguage: string | null | undefined): string {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: (tag ?? '').trim(), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((l) => l.tag && l.tag !== '*' && l.weight > 0 && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(l.tag))
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const { tag } of ranked) {
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // a malformed tag: try the next one
    }
  }
  return DEFAULT_LOCALE;
}
