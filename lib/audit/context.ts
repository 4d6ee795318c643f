// What the audit log needs to know about the request in progress — its client address, and why the authorization
// layer said no — carried with AsyncLocalStorage from the route and form-action wrappers (lib/http.ts, lib/actions.ts)
// to recordAudit deep inside domain code, so that no domain function has to pass the request along.
import { AsyncLocalStorage } from 'node:async_hooks';

export type RequestAudit = {
  /** The client address the web server pinned in X-Forwarded-For (lib/server/client-address.ts). */
  clientAddress: string | null;
  /** Set by the authorization layer when it refuses: the policy action, and the tenant when the actor belongs to it. */
  refusal?: { action?: string; tenantId?: string; reason: 'role' | 'suspended' | 'not_member' | 'not_admin' };
  /** The tenant the request was resolved to, when the actor is a member (or a platform admin). */
  tenantId?: string;
  /** The API token the request was authenticated with (lib/auth/request-credential.ts), if any. */
  token?: { id: string; name: string };
};

// One store per process: Next may load this module once per bundle layer, and all of them must share it.
const KEY = Symbol.for('overcast.auditRequestContext');
const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestAudit> | undefined>;
const storage: AsyncLocalStorage<RequestAudit> = (g[KEY] ??= new AsyncLocalStorage<RequestAudit>());

/** Runs `fn` with `info` as the request's audit context. */
export function withRequestAudit<T>(info: RequestAudit, fn: () => Promise<T>): Promise<T> {
  return storage.run(info, fn);
}

export function requestAudit(): RequestAudit | undefined {
  return storage.getStore();
}

/** The address the console's web server pinned (it replaces X-Forwarded-For with exactly one address). */
export function clientAddressFrom(headers: Pick<Headers, 'get'>): string | null {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || null;
}

/** Called by the authorization layer as it refuses, so that the wrappers can record the refusal. */
export function noteRefusal(refusal: NonNullable<RequestAudit['refusal']>): void {
  const store = storage.getStore();
  if (store) store.refusal = refusal;
}

/** Called when a request is resolved to a tenant the actor belongs to (refusals are then shown in its log). */
export function noteTenant(tenantId: string): void {
  const store = storage.getStore();
  if (store) store.tenantId = tenantId;
}

/** Called when the request is authenticated with an API token: its entries say "via token <name>". */
export function noteToken(token: { id: string; name: string }): void {
  const store = storage.getStore();
  if (store) store.token = token;
}
