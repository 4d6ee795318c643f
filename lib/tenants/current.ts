// The organisation a person is working in, for pages outside any organisation (their account, the API reference,
// admin): proxy.ts remembers the last /t/<slug> page they opened in a cookie, and those pages keep that
// organisation's navigation around them. Without it they showed the alphabetically first organisation's, so its
// Settings (and quota, all 0) looked like the one the person had just left.

/** The cookie proxy.ts sets; a slug, never trusted for access (pages check membership as always). */
export const CURRENT_ORG_COOKIE = 'overcast-org';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** The slug of the organisation page a path belongs to (/t/<slug>/…), if any. */
export function orgSlugOfPath(pathname: string): string | null {
  const m = /^\/t\/([^/]+)(?:\/|$)/.exec(pathname);
  return m && SLUG.test(m[1]!) ? m[1]! : null;
}

/** The remembered organisation if the person still belongs to it, else their first one (by name). */
export function currentOf<T extends { slug: string }>(tenants: T[], remembered: string | undefined): T | undefined {
  return tenants.find((t) => t.slug === remembered) ?? tenants[0];
}
