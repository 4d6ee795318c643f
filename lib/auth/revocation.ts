// In-process news that someone's access may have shrunk (a session revoked, a user disabled, a membership removed or
// downgraded), so that open web terminals re-check at once instead of at their next periodic check. Kept on
// globalThis: Next compiles route handlers and the instrumentation hook (where the terminal server lives) into
// separate bundles, each with its own copy of this module. Another console process learns only by its periodic check.
import { EventEmitter } from 'node:events';

export type AccessChange = { userId: string; tenantId?: string };

const KEY = Symbol.for('overcast.access-changes');
const g = globalThis as unknown as { [KEY]?: EventEmitter };

function emitter(): EventEmitter {
  if (!g[KEY]) {
    g[KEY] = new EventEmitter();
    g[KEY].setMaxListeners(0);
  }
  return g[KEY];
}

export function accessChanged(change: AccessChange): void {
  emitter().emit('change', change);
}

/** Calls `fn` on every change; returns the unsubscribe function. */
export function onAccessChange(fn: (change: AccessChange) => void): () => void {
  emitter().on('change', fn);
  return () => emitter().off('change', fn);
}
