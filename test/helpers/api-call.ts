// Calling /api/v1 route handlers in integration tests the way a client would: signed in with a browser session
// (auth-mock, per call through AsyncLocalStorage so that parallel calls are each their own caller), with an API token
// (`Authorization: Bearer …`), or with nothing, from a chosen client address.
// Use as: const session = vi.hoisted(() => ({ caller: (): string | null => null, get userId() { return this.caller(); } }));
//         vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
//         session.caller = sessionCaller;
import { AsyncLocalStorage } from 'node:async_hooks';

export const ORIGIN = 'http://localhost:3000';
export type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
export type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { code?: string } };
export type CallOpts = {
  /** The user whose browser session makes the call (null/undefined: no session). */
  as?: string | null;
  /** An API token secret sent as `Authorization: Bearer …`. */
  bearer?: string;
  method?: string;
  body?: unknown;
  path?: string;
  address?: string;
};

const callers = new AsyncLocalStorage<string | null>();
/** The session user of the call in progress, for the auth-mock's `userId`. */
export const sessionCaller = (): string | null => callers.getStore() ?? null;

export async function call<P>(h: Handler<P>, params: P, opts: CallOpts = {}): Promise<Answer> {
  const method = opts.method ?? 'GET';
  // A browser session's writes come from the console's own page (CSRF guard); a token client sends no Origin.
  const headers: Record<string, string> = { 'x-forwarded-for': opts.address ?? '127.0.0.1' };
  if (!opts.bearer) headers.origin = ORIGIN;
  if (opts.bearer !== undefined) headers.authorization = `Bearer ${opts.bearer}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(`${ORIGIN}${opts.path ?? '/api/v1/x'}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const res = await callers.run(opts.as ?? null, () => h(req, { params: Promise.resolve(params) }));
  const text = await res.text();
  let body: Answer['body'] = {};
  if (text) {
    try {
      body = JSON.parse(text) as Answer['body'];
    } catch {
      body = { text };
    }
  }
  return { status: res.status, headers: res.headers, body };
}
