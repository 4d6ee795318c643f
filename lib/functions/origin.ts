// The origin people reach the console at, as the request names it: the base of a function's invoke URL.
/** `url` is the request's URL (or any URL of the console): its origin is used when no Host header says better. */
export function originOf(headers: Headers, url: string): string {
  const fallback = new URL(url);
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!host) return fallback.origin;
  const proto = headers.get('x-forwarded-proto') ?? fallback.protocol.replace(':', '');
  return `${proto}://${host}`;
}
