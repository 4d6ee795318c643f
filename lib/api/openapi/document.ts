// The OpenAPI 3.1 document of /api/v1, generated from the registry (./registry.ts): request bodies and query
// parameters are the zod schemas the handlers validate with, converted by zod's own z.toJSONSchema (JSON Schema
// 2020-12, the dialect of OpenAPI 3.1); errors are the problem+json shape with the stable codes of lib/errors.ts.
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '@/lib/errors';
import { API_ROUTES } from './registry';
import { TAGS, type Access, type RouteDoc } from './types';

export type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, Record<string, unknown>> };
};
export type Parameter = { name: string; in: 'path' | 'query' | 'header'; required: boolean; description?: string; schema: JsonSchema; 'x-overcast-source'?: string };
export type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }>; 'x-overcast-source'?: string };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }>; 'x-overcast-loose'?: boolean }>;
  'x-overcast-access': Access;
};

export const API_PREFIX = '/api/v1';
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Problems written without an AppError (lib/http.ts problem()): the terminal's "upgrade to a WebSocket". */
const OTHER_CODES = { upgrade_required: 426 } as const;
type Code = ErrorCode | keyof typeof OTHER_CODES;
const STATUS_OF: Record<Code, number> = { ...ERROR_STATUS, ...OTHER_CODES };

/** Auth.js's session cookie (`__Secure-` prefixed over https), as lib/server/csrf.ts recognises it. */
export const SESSION_COOKIE = 'authjs.session-token';

const ACCESS_TEXT: Record<Access, string> = {
  public: 'No credentials needed.',
  user: 'Any signed-in user (session cookie or API token).',
  session: 'A signed-in user with a browser session only: an API token gets 403 `token_not_allowed` (a token cannot manage tokens, sessions or the account).',
  tenant:
    'Members of the organisation in the path; anyone else gets 404, as for an organisation that does not exist. An API token reaches only its own organisation, with the lower of its role and its owner’s current role.',
  admin: 'Platform administrators only (a session, or a platform-admin API token; an organisation’s token gets 404).',
};

/** What each path parameter names, by its name and the collection before it. */
function paramDescription(name: string, after: string): string {
  if (name === 'slug') return 'The organisation’s slug (as in the console’s URLs).';
  if (name === 'snapshotId') return 'The snapshot’s id.';
  if (name === 'versionId') return 'The function version’s id.';
  if (name === 'tokenId') return 'The API token’s id.';
  const what: Record<string, string> = {
    instances: 'instance',
    functions: 'function',
    builds: 'build',
    members: 'membership',
    invitations: 'invitation',
    sessions: 'session',
    tokens: 'API token',
    'ssh-keys': 'SSH key',
    tenants: 'tenant',
    users: 'user',
    prices: 'price catalog',
  };
  return `The ${what[after] ?? after.replace(/s$/, '')}’s id.`;
}

/** A zod schema as JSON Schema 2020-12, describing what a client may send (`io: 'input'`: defaults make fields
 * optional, transforms show their input). Refinements (cross-field rules, sets of allowed numbers) are not
 * expressible there: the server still checks them, so the document is never stricter than the handler on those. */
export function toSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema; // the document's dialect (OpenAPI 3.1: 2020-12) applies
  return json;
}

/** `tenants/[slug]/instances` → `/api/v1/tenants/{slug}/instances`. */
export function openApiPath(pattern: string): string {
  return `${API_PREFIX}/${pattern.replace(/\[(\w+)\]/g, '{$1}')}`;
}

function operationId(method: string, pattern: string): string {
  return [method.toLowerCase(), ...pattern.split('/').map((s) => s.replace(/^\[(\w+)\]$/, 'by_$1'))].join('_').replace(/[^A-Za-z0-9_]/g, '_');
}

/** The codes an operation may answer: those every operation of its kind may, and its own. */
export function errorCodes(method: string, pattern: string, doc: RouteDoc): Code[] {
  const codes = new Set<Code>(['invalid_characters']); // route() refuses NUL and broken Unicode in the path or query
  const write = method !== 'GET';
  codes.add('rate_limited'); // route() limits requests per client address and per token
  if (doc.access !== 'public') codes.add('unauthenticated');
  // A Bearer header is checked on every route: a bad token is refused even where no credentials are needed.
  codes.add('invalid_token');
  if (doc.access === 'session') codes.add('token_not_allowed');
  if (doc.access === 'tenant') {
    codes.add('forbidden');
    codes.add('not_found');
    if (write) codes.add('tenant_suspended');
  }
  if (doc.access === 'admin') codes.add('forbidden');
  if (pattern.split('/').some((s) => /^\[\w+\]$/.test(s) && s !== '[slug]')) codes.add('not_found');
  if (write) codes.add('cross_site_request');
  if (doc.body) {
    codes.add('validation_failed');
    codes.add('unsupported_media_type');
  }
  if (doc.query && doc.queryFrom !== 'handler') codes.add('validation_failed');
  // A paginated list (lib/api/pagination.ts): a cursor it did not give out is refused.
  if (doc.query?.shape && 'cursor' in doc.query.shape) codes.add('invalid_cursor');
  if (doc.idempotent) {
    codes.add('invalid_idempotency_key');
    codes.add('idempotency_key_reused');
    codes.add('idempotency_in_progress');
  }
  for (const c of doc.errors ?? []) codes.add(c);
  return [...codes];
}

const problemRef = { $ref: '#/components/schemas/Problem' };

function problemResponse(codes: Code[]) {
  return {
    description: codes.map((c) => `\`${c}\``).join(', '),
    content: { 'application/problem+json': { schema: { allOf: [problemRef, { properties: { code: { enum: codes } } }] } } },
  };
}

function queryParameters(doc: RouteDoc): Parameter[] {
  if (!doc.query) return [];
  const schema = toSchema(doc.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: 'query' as const,
      required: (schema.required ?? []).includes(name),
      ...(typeof description === 'string' && { description }),
      schema: rest,
      ...(doc.queryFrom === 'handler' && { 'x-overcast-source': 'handler' }),
    };
  });
}

/** The header every create accepts (lib/api/idempotency.ts). */
const IDEMPOTENCY_PARAMETER: Parameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'A key of your choosing (1–255 visible ASCII characters, e.g. a UUID) that makes retrying this create safe for 24 h: the same key with the same body answers the first success again (same status and body, header `Idempotent-Replayed: true`) and creates nothing more; with another body 422 `idempotency_key_reused`; while the first is still running 409 `idempotency_in_progress`. An error answer releases the key. Keys are per user, organisation and route.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
};

function operation(method: string, pattern: string, doc: RouteDoc): Operation {
  const segments = pattern.split('/');
  const pathParams: Parameter[] = segments.flatMap((s, i) =>
    /^\[\w+\]$/.test(s) ? [{ name: s.slice(1, -1), in: 'path' as const, required: true, description: paramDescription(s.slice(1, -1), segments[i - 1] ?? ''), schema: { type: 'string' } }] : [],
  );
  const parameters = [...pathParams, ...queryParameters(doc), ...(doc.idempotent ? [IDEMPOTENCY_PARAMETER] : [])];

  const responses: Operation['responses'] = {};
  const { status, description, type = 'json', schema } = doc.response;
  if (status >= 400) {
    responses[String(status)] = { ...problemResponse(['upgrade_required']), description };
  } else if (type === 'none') {
    responses[String(status)] = { description };
  } else if (type === 'csv') {
    responses[String(status)] = { description, content: { 'text/csv': { schema: { type: 'string' } } } };
  } else if (type === 'event-stream') {
    responses[String(status)] = { description, content: { 'text/event-stream': { schema: { type: 'string' } } } };
  } else if (schema) {
    responses[String(status)] = { description, content: { 'application/json': { schema: toSchema(schema) } } };
  } else {
    responses[String(status)] = {
      description: `${description} (Its shape is not described by a schema yet.)`,
      content: { 'application/json': { schema: {} } },
      'x-overcast-loose': true,
    };
  }
  const byStatus = new Map<number, Code[]>();
  for (const code of errorCodes(method, pattern, doc)) byStatus.set(STATUS_OF[code], [...(byStatus.get(STATUS_OF[code]) ?? []), code]);
  for (const [s, codes] of [...byStatus].sort(([a], [b]) => a - b)) responses[String(s)] = problemResponse(codes);
  responses.default = problemResponse(['internal']);

  const content: Record<string, { schema: JsonSchema }> = {};
  if (doc.body) content['application/json'] = { schema: toSchema(doc.body) };
  if (doc.altBody) content[doc.altBody.contentType] = { schema: { type: 'string', description: doc.altBody.description } };

  return {
    operationId: operationId(method, pattern),
    tags: [doc.tag],
    summary: doc.summary,
    description: [doc.description, ACCESS_TEXT[doc.access]].filter(Boolean).join('\n\n'),
    security: doc.access === 'public' ? [] : doc.access === 'session' ? [{ sessionCookie: [] }] : [{ sessionCookie: [] }, { bearerAuth: [] }],
    ...(parameters.length && { parameters }),
    ...(doc.body && {
      requestBody: { required: true, content, ...(doc.bodyFrom === 'handler' && { 'x-overcast-source': 'handler' }) },
    }),
    responses,
    'x-overcast-access': doc.access,
  };
}

/** The problem+json body every error has (RFC 9457, lib/http.ts). */
const ZProblem = z
  .object({
    type: z.string().meta({ description: '`about:blank#<code>`.' }),
    title: z.string().meta({ description: 'What went wrong, for people.' }),
    status: z.number().int(),
    code: z.enum(Object.keys(STATUS_OF) as [Code, ...Code[]]).meta({ description: 'The stable code: match on this, not on the title.' }),
    errors: z.record(z.string(), z.string()).optional().meta({ description: 'validation_failed: a message per field (dotted paths).' }),
    errorId: z.string().optional().meta({ description: 'internal: the id the server logged the failure under.' }),
  })
  .loose()
  .meta({ description: 'An RFC 9457 problem. Some codes add members (invalid_code: `line`, `column`).' });

function build(): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const [key, doc] of Object.entries(API_ROUTES)) {
    const [method, pattern] = key.split(' ') as [string, string];
    (paths[openApiPath(pattern)] ??= {})[method.toLowerCase()] = operation(method, pattern, doc);
  }
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Overcast API',
      version: '1',
      description: [
        'The API of the Overcast console: everything under `/api/v1`. Errors are `application/problem+json` with a stable `code`.',
        'Lists are paginated by cursor: `limit` (1–200, default 50) and `cursor` (the `nextCursor` of the page before, opaque; 400 `invalid_cursor` for one the list did not give out); the answer is `{items, nextCursor, …}` (`nextCursor` null on the last page), with the list also under its own name (e.g. `instances`). Pages are stable: rows added meanwhile neither repeat nor skip one. Creates accept an `Idempotency-Key` header (see each create).',
        'Authenticate with an API token: make one in the console (user menu → *API tokens*, or `POST /api/v1/me/tokens` from a signed-in session) for one organisation with a role up to your own, or — platform admins — a platform-admin token; the secret (`ovc_…`) is shown once. Send it as `Authorization: Bearer ovc_…`. A token acts with the lower of its role and your current role in its organisation, reaches no other organisation and, unless it is a platform-admin token, not the admin area; it stops working when revoked, expired, or when you are disabled or leave the organisation (401 `invalid_token`). From the console’s own pages the session cookie authenticates instead; a cookie-authenticated write must come from the console’s origin and send `application/json`.',
        'Requests are rate-limited per client address and per token (429 `rate_limited` with `Retry-After` in seconds).',
        'Request bodies and validated query parameters are generated from the zod schemas the handlers validate with. Rules JSON Schema cannot state (e.g. “each port only once”, memory sizes from a fixed set, a rate needing a flavor only for `flavor_hour`) are checked by the server alone; the server also trims text and lower-cases host names before checking them, where the document describes the canonical form. Parameters marked `x-overcast-source: handler` are read by hand in the handler and described here; responses marked `x-overcast-loose` are not described by a schema yet.',
      ].join('\n\n'),
    },
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths: sorted,
    components: {
      schemas: { Problem: toSchema(ZProblem) },
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The console’s session (`__Secure-authjs.session-token` over https). Writes must come from the console’s own origin.',
        },
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token (`ovc_` + 43 characters), made under user menu → API tokens or with `POST /api/v1/me/tokens`: `Authorization: Bearer ovc_…`.',
        },
      },
    },
  };
}

let cached: OpenApiDocument | undefined;
/** The document, built once per process (it depends on code only). */
export function openApiDocument(): OpenApiDocument {
  return (cached ??= build());
}
