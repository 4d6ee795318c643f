// Issue 13, OpenAPI: the document of /api/v1 (lib/api/openapi) is valid OpenAPI 3.1 by an independent validator
// (@seriousme/openapi-schema-validator, which also refuses a broken copy here); it lists exactly the route handlers
// on disk (test/helpers/api-routes.ts), each method, path parameter and body; its request-body schemas, compiled by
// ajv as JSON Schema 2020-12, accept the fuzz suite's known-good bodies (test/helpers/api-seeds.ts, which the handlers
// accept) and refuse each of them with an unknown field or a field of the wrong type, as the handlers do; and
// GET /api/v1/openapi.json serves it without credentials, cacheable.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openApiDocument, openApiPath, type JsonSchema, type OpenApiDocument, type Operation } from '@/lib/api/openapi/document';
import { API_ROUTES } from '@/lib/api/openapi/registry';
import { loadApiRoutes, METHODS, type ApiRoute } from '../helpers/api-routes';
import { SEEDS, type SeedFixture } from '../helpers/api-seeds';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

let routes: ApiRoute[];
let doc: OpenApiDocument;
beforeAll(async () => {
  routes = await loadApiRoutes();
  doc = openApiDocument();
});

/** Stand-ins for the ids and key the fuzz suite makes in its database: the schemas only see their shape. */
const FIXTURE: SeedFixture = { v1: 'cmabcdefghijklmnopqrstuvw', sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOpenApiTestKeyOpenApiTestKeyOpenApiTestK0 t@x', slug: 'acme' };

function op(key: string): Operation | undefined {
  const [method, pattern] = key.split(' ') as [string, string];
  return doc.paths[openApiPath(pattern)]?.[method.toLowerCase()];
}

/** A schema with the document's component references resolved, to compile on its own. */
function standalone(schema: JsonSchema): JsonSchema {
  return { ...schema, $defs: { ...(schema.$defs as object), ...doc.components.schemas } };
}
// Formats (date-time, uri) are annotations here: the shapes are what is checked.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
function compile(schema: JsonSchema) {
  return ajv.compile(JSON.parse(JSON.stringify(standalone(schema)).replaceAll('#/components/schemas/', '#/$defs/')));
}

describe('the OpenAPI document of /api/v1', () => {
  it('is valid OpenAPI 3.1 by an independent validator, which refuses a broken copy', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');

    // The validator is not a rubber stamp: a document without a title, or with a path parameter not required, fails.
    const broken = structuredClone(doc);
    delete broken.info.title;
    expect((await new Validator().validate(broken as never)).valid).toBe(false);
    const optionalParam = structuredClone(doc) as unknown as { paths: Record<string, Record<string, { parameters: { required: boolean }[] }>> };
    optionalParam.paths['/api/v1/tenants/{slug}/instances']!.get!.parameters[0]!.required = false;
    expect((await new Validator().validate(optionalParam as never)).valid).toBe(false);
  });

  it('lists exactly the route handlers on disk (every route file and method), with their path parameters', () => {
    const onDisk = new Set(routes.flatMap((r) => METHODS.filter((m) => r.handlers[m]).map((m) => `${m} ${r.pattern}`)));
    const declared = new Set(Object.keys(API_ROUTES));
    const missing = [...onDisk].filter((k) => !declared.has(k));
    const stale = [...declared].filter((k) => !onDisk.has(k));
    const howToAdd = missing.map(
      (k) =>
        `  add to lib/api/openapi/routes/<area>.ts:\n    '${k}': { tag: '…', summary: '…', access: 'tenant' | 'user' | 'session' | 'admin' | 'public', ` +
        `${k.startsWith('GET') || k.startsWith('DELETE') ? '' : 'body: Z… (the schema the handler parses with), '}response: { status: …, description: '…' } },`,
    );
    const howToRemove = stale.map((k) => `  remove (no such handler in app/api/v1): '${k}'`);
    expect([...howToAdd, ...howToRemove].join('\n'), 'the OpenAPI registry and app/api/v1 disagree').toBe('');
    expect(onDisk.size).toBeGreaterThanOrEqual(60);

    // Every operation is in the served document at its path, with one required path parameter per dynamic segment.
    for (const r of routes) {
      for (const m of METHODS.filter((x) => r.handlers[x])) {
        const o = op(`${m} ${r.pattern}`);
        expect(o, `${m} ${r.pattern} in doc.paths`).toBeDefined();
        const pathParams = (o!.parameters ?? []).filter((p) => p.in === 'path');
        expect(pathParams.map((p) => p.name)).toEqual(r.params.map((p) => p.name));
        expect(pathParams.every((p) => p.required)).toBe(true);
      }
    }
    // And nothing else: as many operations in the document as handlers on disk.
    expect(Object.values(doc.paths).flatMap((p) => Object.keys(p)).length).toBe(onDisk.size);
  });

  it('declares a request body exactly for the handlers that read one', () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const readsBody = /readJson\(|readText\(|req\.(json|text|formData)\(/.test(r.source);
      for (const m of METHODS.filter((x) => r.handlers[x] && x !== 'GET')) {
        const key = `${m} ${r.pattern}`;
        // A file that reads a body does so in its POST, PUT and PATCH handlers; a DELETE only where it has a seed.
        const reads = readsBody && (m !== 'DELETE' || SEEDS[key] !== undefined);
        if (reads !== Boolean(op(key)?.requestBody)) wrong.push(`${key}: reads a body ${reads}, document declares one ${Boolean(op(key)?.requestBody)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('declares query parameters for every route file that reads the query string', () => {
    const missing = routes
      .filter((r) => /searchParams/.test(r.source))
      .filter((r) => !METHODS.some((m) => r.handlers[m] && API_ROUTES[`${m} ${r.pattern}`]?.query))
      .map((r) => `${r.pattern}: reads the query string; give its operation \`query: Z…\` (the schema it parses with)`);
    expect(missing).toEqual([]);
  });

  it('declares the Idempotency-Key header on exactly the creates that honour it, and cursor pagination on every list', () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const usesKey = /\bidempotent\(/.test(r.source);
      for (const m of METHODS.filter((x) => r.handlers[x])) {
        const key = `${m} ${r.pattern}`;
        const declared = (op(key)?.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
        if (m === 'POST' && declared !== usesKey) wrong.push(`${key}: handler uses idempotent() ${usesKey}, document declares the header ${declared}`);
        if (m !== 'POST' && declared) wrong.push(`${key}: only creates take an Idempotency-Key`);
        if (declared && !JSON.stringify(op(key)!.responses).includes('idempotency_key_reused')) wrong.push(`${key}: lacks the idempotency problems`);
      }
      // A list read with lib/api/pagination.ts documents `limit` and `cursor`, its answer `items` and `nextCursor`.
      if (r.handlers.GET && /pageQueryOf\(|pageBody\(|listInstances|listFunctions|listUsers|listTenantsForAdmin|AuditLog\(/.test(r.source)) {
        const o = op(`GET ${r.pattern}`)!;
        const names = (o.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        if (!names.includes('limit') || !names.includes('cursor')) wrong.push(`GET ${r.pattern}: a list without limit/cursor parameters`);
        if (!JSON.stringify(o.responses['400'] ?? {}).includes('invalid_cursor')) wrong.push(`GET ${r.pattern}: a list without invalid_cursor`);
      }
    }
    expect(wrong).toEqual([]);
    // The creates this convention covers.
    for (const key of ['POST tenants/[slug]/instances', 'POST tenants/[slug]/functions', 'POST tenants/[slug]/members', 'POST me/ssh-keys', 'POST admin/tenants']) {
      expect(op(key)!.parameters!.find((p) => p.in === 'header')?.name, key).toBe('Idempotency-Key');
    }
  });

  it('every operation has its success response, a problem+json for each error status, and says who may call it', () => {
    for (const [key, entry] of Object.entries(API_ROUTES)) {
      const o = op(key)!;
      expect(o.responses[String(entry.response.status)], key).toBeDefined();
      expect(o.responses.default?.content?.['application/problem+json'], key).toBeDefined();
      for (const [status, res] of Object.entries(o.responses)) {
        if (status === 'default' || Number(status) < 400) continue;
        expect(Object.keys(res.content ?? {}), `${key} ${status}`).toEqual(['application/problem+json']);
      }
      if (entry.access === 'public') expect(o.security, key).toEqual([]);
      else if (entry.access === 'session') {
        expect(o.security, key).toEqual([{ sessionCookie: [] }]);
        expect(JSON.stringify(o.responses['403'] ?? {}), key).toContain('token_not_allowed');
      } else {
        expect(o.security, key).toEqual([{ sessionCookie: [] }, { bearerAuth: [] }]);
        expect(o.responses['401'], `${key} answers 401 unauthenticated`).toBeDefined();
      }
      if (key.startsWith('GET ') === false) expect(JSON.stringify(o.responses['403'] ?? {}), key).toContain('cross_site_request');
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearerAuth', 'sessionCookie']);
  });

  it('every schema in it compiles as JSON Schema 2020-12', () => {
    let n = 0;
    for (const [key] of Object.entries(API_ROUTES)) {
      const o = op(key)!;
      const schemas = [
        ...(o.parameters ?? []).map((p) => p.schema),
        ...Object.values(o.requestBody?.content ?? {}).map((c) => c.schema),
        ...Object.values(o.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
      ];
      for (const s of schemas) {
        expect(() => compile(s), key).not.toThrow();
        n++;
      }
    }
    expect(n).toBeGreaterThan(200);
  });

  it('its request-body schemas accept the known-good seed bodies and refuse an unknown field, as the handlers do', () => {
    const failures: string[] = [];
    const bodyOps = Object.keys(API_ROUTES).filter((k) => op(k)?.requestBody?.content['application/json']);
    // Every JSON body the document declares is checked here: each has seeds.
    expect(bodyOps.filter((k) => !SEEDS[k])).toEqual([]);
    for (const [key, seed] of Object.entries(SEEDS)) {
      const schema = op(key)?.requestBody?.content['application/json']?.schema;
      if (!schema) {
        failures.push(`${key}: no JSON request body in the document`);
        continue;
      }
      const validate = compile(schema);
      for (const body of seed.bodies(FIXTURE)) {
        if (!validate(body)) failures.push(`${key}: refuses its seed: ${JSON.stringify(validate.errors)}`);
        // The handlers' schemas are strict: an unknown field is refused, at the top and in every nested object.
        for (const path of objectPaths(body, seed.open ?? [])) {
          const withExtra = structuredClone(body);
          at(withExtra, path).notAField = 1;
          if (validate(withExtra)) failures.push(`${key}: accepts an unknown field at ${path.join('.') || '(root)'}`);
        }
        // A field of the wrong type is refused too (an object where each value goes, at the top level).
        for (const field of Object.keys(body as object)) {
          if ((seed.open ?? []).includes(field)) continue;
          const wrong = { ...(body as object), [field]: { wrong: true } };
          if (validate(wrong)) failures.push(`${key}: accepts an object as ${field}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

/** The paths of every object in a body (not inside the open maps named). */
function objectPaths(v: unknown, open: string[], path: string[] = []): string[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => objectPaths(x, open, [...path, String(i)]));
  if (!v || typeof v !== 'object' || open.includes(path.join('.'))) return [];
  return [path, ...Object.entries(v).flatMap(([k, x]) => objectPaths(x, open, [...path, k]))];
}
function at(root: unknown, path: string[]): Record<string, unknown> {
  return path.reduce((o, k) => (o as Record<string, unknown>)[k], root) as Record<string, unknown>;
}

describe('GET /api/v1/openapi.json', () => {
  it('serves the document without credentials, as JSON, cacheable; other methods do not exist', async () => {
    session.userId = null;
    const mod = (await import('@/app/api/v1/openapi.json/route')) as Record<string, unknown>;
    const GET = mod.GET as (req: Request, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;
    const res = await GET(new Request('http://localhost:3000/api/v1/openapi.json'), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    const served = (await res.json()) as OpenApiDocument;
    expect(served).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(served.openapi).toBe('3.1.0');
    // Read-only: no handler that could change it.
    expect(Object.keys(mod).filter((k) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(k))).toEqual([]);
  });
});
