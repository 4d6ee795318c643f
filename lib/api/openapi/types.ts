// The shape of one /api/v1 operation's entry in the OpenAPI registry (lib/api/openapi/routes/*.ts): the zod schemas
// the handler validates with, and what it answers. The document (./document.ts) is generated from these entries.
import type { z } from 'zod';
import type { ErrorCode } from '@/lib/errors';

export const TAGS = {
  Account: 'The signed-in user: profile, SSH keys, invitations, sessions, API tokens.',
  Instances: 'Containers and virtual machines of an organisation: create, operate, logs, stats, snapshots.',
  Volumes: 'Persistent volumes of an organisation: create, attach to containers and VMs, detach, grow, snapshots.',
  Functions: 'Serverless functions of an organisation: create, deploy, versions, test, logs, stats.',
  Images: 'Container images of an organisation in the console’s registry: repositories, tags, layers; the registry’s token endpoint.',
  Builds: 'Image builds of an organisation from a Dockerfile (upload or git), with a live log and cancel.',
  Organisation: 'Members, invitations and quota of an organisation.',
  Billing: 'Metered usage, invoices, budgets and cost estimates.',
  Performance: 'How fast this platform is, as measured: time to ready, memory, cold starts; a workload compared as VM, container and function.',
  'Platform admin': 'Platform administrators only: tenants, users, prices, settings, capacity.',
  System: 'Health and this document.',
} as const;
export type Tag = keyof typeof TAGS;

/**
 * Who may call: `public` (no credentials), `user` (any signed-in user), `tenant` (a member of the organisation in the
 * path, with the role the description names; others get 404), `admin` (a platform administrator), `session` (a
 * signed-in user with a browser session: API tokens are refused with token_not_allowed).
 */
export type Access = 'public' | 'user' | 'session' | 'tenant' | 'admin';

/** Where a schema comes from: `validator` — the zod schema the handler parses with; `handler` — written here for a
 * handler that reads the value by hand (so the document describes it, nothing checks it against the code). */
export type Provenance = 'validator' | 'handler';

export type RouteDoc = {
  tag: Tag;
  summary: string;
  description?: string;
  access: Access;
  /** Query parameters: a zod object whose fields are the parameters. */
  query?: z.ZodObject;
  queryFrom?: Provenance;
  /** The JSON request body. */
  body?: z.ZodType;
  bodyFrom?: Provenance;
  /** Another accepted body type (e.g. a CSV upload), described in words. */
  altBody?: { contentType: string; description: string };
  response: {
    status: number;
    description: string;
    /** `json` (default), a download, an event stream, or no body (204). */
    type?: 'json' | 'csv' | 'event-stream' | 'none';
    /** The body's schema; absent for json means "not described by a schema yet" (shown as such). */
    schema?: z.ZodType;
  };
  /** A create that honours an `Idempotency-Key` header (lib/api/idempotency.ts): the document declares the header
   * and its three problems. */
  idempotent?: boolean;
  /** Codes this operation may answer besides the ones every operation of its kind may (see document.ts). */
  errors?: ErrorCode[];
};

/** `METHOD pattern`, the pattern as the directory under app/api/v1 (`GET tenants/[slug]/instances`). */
export type RouteDocs = Record<string, RouteDoc>;
