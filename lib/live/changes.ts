// Change notifications of a tenant's instances and functions, in this process: the reconciler's status writes and
// users' requests publish here; lib/live/listen.ts listens (with a fallback check of the database for another
// process's writes), for the watch API. Free of server-only imports: the reconciler also runs in plain Node
// processes. Tenant-scoped by construction: a listener names one tenant and hears only its changes.
import { EventEmitter } from 'node:events';

export type ChangeKind = 'instance' | 'function' | 'build';
export type Change = { kind: ChangeKind; id: string; tenantId: string };

type Hub = { bus: EventEmitter };

// On globalThis: the reconciler (loaded by instrumentation) and the route handlers may be different module copies.
const g = globalThis as unknown as { overcastChanges?: Hub };
function hub(): Hub {
  if (!g.overcastChanges) {
    const bus = new EventEmitter();
    bus.setMaxListeners(0);
    g.overcastChanges = { bus };
  }
  return g.overcastChanges;
}

/** Tells this process's listeners that something of the tenant changed. Never throws. */
export function publishChange(change: Change): void {
  try {
    hub().bus.emit(change.tenantId, change);
  } catch {
    // a listener's failure is its own
  }
}

/** Calls `fn` on each change published in this process for the tenant; returns the unsubscribe function. */
export function onPublished(tenantId: string, fn: (c: Change) => void): () => void {
  const h = hub();
  h.bus.on(tenantId, fn);
  return () => {
    h.bus.off(tenantId, fn);
  };
}
