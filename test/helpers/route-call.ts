// Calling a /api/v1 route handler in a test as a given user (per call: concurrent calls are each their own caller),
// as the console's own page would (its Origin, so the CSRF guard passes). Use with:
//   const session = vi.hoisted(() => ({ caller: (): string | null => null, get userId() { return this.caller(); } }));
//   vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
//   session.caller = callerOf;
import { AsyncLocalStorage } from 'node:async_hooks';

export const ORIGIN = 'http://localhost:3000';
const callers = new AsyncLocalStorage<string | null>();
/** The user the current call runs as (for the auth mock). */
export const callerOf = (): string | null => callers.getStore() ?? null;

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
export type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { code?: string } };

export async function callRoute<P>(
  as: string | null,
  h: Handler<P>,
  params: P,
  opts: { method?: string; path?: string; query?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { origin: ORIGIN, ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const url = new URL(`${ORIGIN}${opts.path ?? '/api/v1/x'}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const req = new Request(url, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const res = await callers.run(as, () => h(req, { params: Promise.resolve(params) }));
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}
