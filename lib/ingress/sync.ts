// The reconciler's ingress pass: routes from the database → certificates → nginx's sites file → reload. Requests for a
// pass coalesce (one runs at a time; any asked for meanwhile become one more), and nothing is reloaded when the
// generated text is unchanged. It does nothing where this data directory's nginx does not run or was started for
// another console id (tests of other things, OVERCAST_INGRESS=off), so only the console that started it configures it.
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { certFor, issuedHosts } from './certs';
import { sitesConfig, type Route } from './config';
import { applySites, ingressOwnedHere } from './daemon';
import { ingressRoutes } from './routes';
import { ingressSettings } from './settings';

type State = { running: Promise<void> | null; again: boolean; applied: string | null };
const g = globalThis as unknown as { overcastIngress?: Map<string, State> };

export type SyncResult = { routes: number; reloaded: boolean } | null;

/** One pass now. Null when there is no ingress to configure here. */
export async function syncIngress(db: PrismaClient, opts: { force?: boolean } = {}): Promise<SyncResult> {
  const s = ingressSettings();
  if (!s.enabled || !ingressOwnedHere(s.dir)) return null;
  const targets = await ingressRoutes(db, s);
  const routes: Route[] = [];
  for (const t of targets) routes.push({ ...t, ...(await certFor(s, t.host)) });
  // Hosts that were someone's (deleted apps, renamed organisations) keep answering 404 under their own certificate,
  // rather than a TLS error from the catch-all.
  const live = new Set(targets.map((t) => t.host));
  for (const host of issuedHosts(s)) if (!live.has(host)) routes.push({ host, upstreamPort: null, instanceId: '', tenantId: '', ...(await certFor(s, host)) });
  const text = sitesConfig(s, routes);
  g.overcastIngress ??= new Map();
  const state = g.overcastIngress.get(s.dir) ?? { running: null, again: false, applied: null };
  g.overcastIngress.set(s.dir, state);
  if (!opts.force && state.applied === text) return { routes: routes.length, reloaded: false };
  const reloaded = await applySites(s, text);
  state.applied = text;
  return { routes: routes.length, reloaded };
}

/** Asks for a pass soon (after a write that changed an instance's status or endpoints); never throws. */
export function requestIngressSync(db: PrismaClient, log: (m: string) => void = console.log): void {
  const s = ingressSettings();
  if (!s.enabled) return;
  g.overcastIngress ??= new Map();
  const state = g.overcastIngress.get(s.dir) ?? { running: null, again: false, applied: null };
  g.overcastIngress.set(s.dir, state);
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = (async () => {
    do {
      state.again = false;
      await syncIngress(db).catch((err: Error) => log(`ingress: ${err.message}`));
    } while (state.again);
  })().finally(() => {
    state.running = null;
  });
}

/** Resolves once no pass is running or asked for (tests wait on it). */
export async function ingressSettled(): Promise<void> {
  const state = g.overcastIngress?.get(ingressSettings().dir);
  while (state?.running) await state.running;
}
