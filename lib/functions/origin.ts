// The origin people reach the console at, as the request names it: the base of a function's invoke URL.
export function originOf(headers: Headers, fallback: string): string {
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!host) return fallback;
  const proto = headers.get('x-forwarded-proto') ?? new URL(fallback).protocol.replace(':', '');
  return `${proto}://${host}`;
}
