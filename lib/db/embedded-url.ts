// Facts about the embedded database that its clients need, without loading PGlite itself.

/**
 * Connections a process may open to the embedded database. Workaround: pglite-socket queues the wire messages of
 * all connections onto one PGlite session and only keeps them together inside a transaction, so two connections'
 * Parse/Bind of unnamed statements interleave ("bind message supplies 2 parameters, but prepared statement ""
 * requires 4", seen under the reconciler's load). One connection per process serialises them; PGlite runs one
 * query at a time anyway.
 */
export const EMBEDDED_POOL_SIZE = 1;
/** Whether a postgres:// URL points at an embedded database served by this module (a Unix socket directory). */
export function isEmbeddedUrl(url: string): boolean {
  return /[?&]host=(%2F|\/)/i.test(url);
}
