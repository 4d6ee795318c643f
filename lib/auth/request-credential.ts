// The credential an /api/v1 request was authenticated with when it is not the browser's session cookie: an API token
// from `Authorization: Bearer …`, resolved once by route() (lib/http.ts) and carried with AsyncLocalStorage to
// lib/auth/session.ts, so that currentUser()/tenantContext()/requirePlatformAdmin() answer for the token everywhere
// without any handler passing it along. Outside such a request (pages, server actions) there is none and the
// session cookie decides. A request that carries a Bearer header is never answered for by its cookie as well.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '@/lib/generated/prisma/enums';

export type TokenCredential = {
  kind: 'token';
  tokenId: string;
  name: string;
  /** The owner; isPlatformAdmin only for a platform-admin token (a tenant token never carries the owner's flag). */
  user: { id: string; email: string; name: string; isPlatformAdmin: boolean };
  /** A tenant token: its organisation and the role it may use there (already capped by its owner's current role). */
  tenant: { id: string; role: Role } | null;
  /** A platform-admin token (its owner was checked to still be one). */
  platformAdmin: boolean;
};

/** Per request: whether it carried a Bearer header, and the token once resolved. */
type RequestCredential = { bearer: boolean; token?: TokenCredential };

// One store per process: Next may load this module once per bundle layer, and all of them must share it.
const KEY = Symbol.for('overcast.requestCredential');
const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestCredential> | undefined>;
const storage: AsyncLocalStorage<RequestCredential> = (g[KEY] ??= new AsyncLocalStorage<RequestCredential>());

/** Runs `fn` as a request that did (bearer) or did not carry a Bearer header; setRequestToken fills in the token. */
export function withRequestCredential<T>(bearer: boolean, fn: () => Promise<T>): Promise<T> {
  return storage.run({ bearer }, fn);
}

export function setRequestToken(token: TokenCredential): void {
  const store = storage.getStore();
  if (store) store.token = token;
}

/** The API token of the request in progress, or undefined (a session cookie, or no request). */
export function requestToken(): TokenCredential | undefined {
  return storage.getStore()?.token;
}

/** Whether the request in progress carries a Bearer header (then its cookie, if any, counts for nothing). */
export function isBearerRequest(): boolean {
  return storage.getStore()?.bearer ?? false;
}

/** The secret of an `Authorization: Bearer <secret>` header; null without one (another scheme counts as none). */
export function bearerSecret(headers: Pick<Headers, 'get'>): string | null {
  const value = headers.get('authorization');
  if (!value) return null;
  const m = /^\s*bearer(?:\s+(.*))?$/i.exec(value);
  if (!m) return null;
  return (m[1] ?? '').trim();
}
