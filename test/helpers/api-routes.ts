// The console's /api/v1 route handlers as the app defines them: every app/api/v1/**/route.ts file and the HTTP
// methods it exports, found on disk (so a new route is picked up by the tests that walk this list), and a way to
// call one with a Request the way Next does.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];
export type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type ApiRoute = {
  /** e.g. `tenants/[slug]/instances/[id]` (relative to /api/v1). */
  pattern: string;
  /** The dynamic segments in order, with the static segment before each (`instances` for `[id]` above). */
  params: { name: string; after: string }[];
  handlers: Partial<Record<Method, RouteHandler>>;
  /** The module's source, to tell which handlers read a body. */
  source: string;
};

const root = path.resolve(import.meta.dirname, '..', '..');
const API_DIR = path.join(root, 'app', 'api', 'v1');

/** Every route module under app/api/v1, imported, with its exported method handlers. */
export async function loadApiRoutes(): Promise<ApiRoute[]> {
  const files = (readdirSync(API_DIR, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'route.ts').sort();
  const routes: ApiRoute[] = [];
  for (const file of files) {
    const pattern = path.dirname(file).split(path.sep).join('/');
    const segments = pattern.split('/');
    const params = segments.flatMap((s, i) => (/^\[\w+\]$/.test(s) ? [{ name: s.slice(1, -1), after: segments[i - 1] ?? '' }] : []));
    const mod = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
    const handlers: ApiRoute['handlers'] = {};
    for (const m of METHODS) if (typeof mod[m] === 'function') handlers[m] = mod[m] as RouteHandler;
    routes.push({ pattern, params, handlers, source: readFileSync(path.join(API_DIR, file), 'utf8') });
  }
  return routes;
}

/** The URL path of a route with its parameters filled in (each encoded as a browser would). */
export function routePath(route: ApiRoute, params: Record<string, string>): string {
  return `/api/v1/${route.pattern
    .split('/')
    .map((s) => (/^\[\w+\]$/.test(s) ? encodeSegment(params[s.slice(1, -1)] ?? '') : s))
    .join('/')}`;
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) is sent as U+FFFD; handlers get the raw value. */
function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
}
