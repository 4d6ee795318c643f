// Small response shapes several operations share (written here: the handlers build these objects inline).
import { z } from 'zod';

export const ZAccepted = z.object({ accepted: z.literal(true) }).meta({ description: 'Recorded; the reconciler makes it real.' });
export const ZOk = z.object({ ok: z.literal(true) });
/** A price catalog as exported (GET /admin/prices/{id}). */
export const ZCatalogExport = z.object({
  name: z.string(),
  description: z.string(),
  currency: z.string(),
  hoursPerMonth: z.number().int(),
  rates: z.array(z.object({ provider: z.string(), unit: z.string(), flavor: z.string().nullable(), unitPrice: z.string(), freePerMonth: z.string() }).loose()),
}).loose();

// The objects below name the fields clients rely on and allow more (`.loose()`): the response test
// (test/integration/openapi-responses.test.ts) checks them against what the handlers really answer.
const ZRole = z.enum(['owner', 'admin', 'member', 'viewer']);

/** An instance as lists and the instance page show it (lib/instances/queries.ts view()). */
export const ZInstanceView = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['container', 'vm']),
    provider: z.string(),
    desiredState: z.string(),
    status: z.enum(['pending', 'creating', 'running', 'stopping', 'stopped', 'error', 'deleting']),
    statusReason: z.string().nullable(),
    flavor: z.object({ id: z.string(), name: z.string(), cpuMillis: z.number().int(), memoryMib: z.number().int(), diskGib: z.number() }).loose(),
    image: z.object({ id: z.string(), name: z.string(), ref: z.string() }).loose(),
    health: z.enum(['starting', 'healthy', 'unhealthy']).nullable().meta({ description: 'The health check’s verdict; null without one. `running` means healthy.' }),
    labels: z.record(z.string(), z.string()).meta({ description: 'Its labels, key: value.' }),
    endpoints: z.array(
      z
        .object({
          port: z.number().int(),
          hostPort: z.number().int(),
          url: z.string().meta({ description: 'The published port on the apps address (plain HTTP or any TCP protocol).' }),
          httpsUrl: z
            .string()
            .nullable()
            .meta({ description: 'The same port through the ingress: `https://<name>-<organisation>.<apps domain>[:port]/` (other ports: `<name>-<port>-<organisation>`); null when the console runs no ingress.' }),
        })
        .loose(),
    ),
    actions: z.array(z.enum(['start', 'stop', 'restart', 'delete'])),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .loose();

export const ZInstanceDetail = ZInstanceView.extend({
  spec: z.object({}).loose(),
  capabilities: z.array(z.string()),
  events: z.array(z.object({ id: z.string(), type: z.string(), message: z.string().nullable(), at: z.iso.datetime() }).loose()),
}).loose();

export const ZMe = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), isPlatformAdmin: z.boolean() }).loose(),
  tenants: z.array(z.object({ slug: z.string(), name: z.string(), role: ZRole, status: z.enum(['active', 'suspended']) }).loose()),
  token: z
    .object({ id: z.string(), name: z.string(), platformAdmin: z.boolean(), tenant: z.string().nullable(), role: ZRole.nullable() })
    .optional()
    .meta({ description: 'Only with an API token: the token, its organisation and the role it acts with now.' }),
});

/** An API token as lists show it (lib/auth/api-tokens.ts ApiTokenView). */
export const ZApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: 'The secret’s first characters, to tell tokens apart.' }),
  tenant: z.object({ slug: z.string(), name: z.string() }).nullable(),
  role: ZRole.nullable(),
  platformAdmin: z.boolean(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  lastUsedAddress: z.string().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});

export const ZMembers = z.object({
  members: z.array(z.object({ id: z.string(), userId: z.string(), email: z.string(), name: z.string(), role: ZRole, createdAt: z.iso.datetime() }).loose()),
  invitations: z.array(z.object({ id: z.string(), email: z.string(), role: ZRole, expiresAt: z.iso.datetime(), createdAt: z.iso.datetime() }).loose()),
});

export const ZQuotaItems = z.object({
  quota: z.array(z.object({ key: z.string(), label: z.string(), used: z.number().nullable(), limit: z.number() }).loose()),
});
