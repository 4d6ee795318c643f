// OpenAPI entries: an organisation's members, invitations and quota.
import { ZChangeRole, ZInvite } from '@/lib/tenants/schemas';
import { ZMembers, ZOk, ZQuotaItems } from '../responses';
import { ZTenantAuditQuery } from '@/lib/audit/query';
import type { RouteDocs } from '../types';
import { z } from 'zod';
import { ZRename } from '@/lib/tenants/settings';
import { ZSearchQuery } from '@/lib/search/search';
import { pageSchema, ZPageQuery } from '@/lib/api/pagination';

const ZTenantView = z.object({ id: z.string(), slug: z.string(), name: z.string(), status: z.enum(['active', 'suspended']), role: z.enum(['owner', 'admin', 'member', 'viewer']).nullable() });

export const organisationRoutes: RouteDocs = {
  'GET tenants/[slug]': {
    tag: 'Organisation',
    summary: 'The organisation, and your role in it',
    access: 'tenant',
    response: { status: 200, description: 'The organisation.', schema: ZTenantView },
  },
  'GET tenants/[slug]/events': {
    tag: 'Organisation',
    summary: 'Changes of the organisation’s instances and functions, as a server-sent event stream',
    description:
      'First `ready` (re-read what you show: changes while disconnected are not replayed), then one `change` event `{kind: "instance" | "function", id}` per change, as it happens (within a few seconds for a change made by another console process); a comment line every 15 s keeps the connection. Read what changed through the API. Only this organisation’s changes; viewers may listen. The stream ends with a `revoked` event `{code}` once the session is signed out, the API token revoked or the caller no longer a member (checked every 15 s, and at once for changes made through this console process); do not reconnect then. One user may hold 20 streams open at once (429 `rate_limited` beyond).',
    access: 'tenant',
    response: { status: 200, description: 'An event stream.', type: 'event-stream' },
    errors: ['rate_limited'],
  },
  'PATCH tenants/[slug]': {
    tag: 'Organisation',
    summary: 'Rename the organisation',
    description: 'Owners. The slug (and so every URL) stays.',
    access: 'tenant',
    body: ZRename,
    response: { status: 200, description: 'The organisation.', schema: ZTenantView },
  },
  'GET tenants/[slug]/search': {
    tag: 'Organisation',
    summary: 'Find instances and functions by name',
    description: 'Names containing `q` (any case), newest first, at most 8 of each kind: what the console’s command palette shows. Any member.',
    access: 'tenant',
    query: ZSearchQuery,
    response: {
      status: 200,
      description: 'The matches.',
      schema: z.object({
        instances: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['container', 'vm']), status: z.string() })),
        functions: z.array(z.object({ id: z.string(), name: z.string() })),
      }),
    },
  },
  'GET tenants/[slug]/audit': {
    tag: 'Organisation',
    summary: 'The organisation’s audit log',
    description: 'Owners and admins. The same filters as the admin log, without `tenant`; `format=csv` downloads every match.',
    access: 'tenant',
    query: ZTenantAuditQuery,
    response: { status: 200, description: 'A page of entries (`{entries, items, nextCursor}`), or text/csv.' },
  },
  'GET tenants/[slug]/members': {
    tag: 'Organisation',
    summary: 'Members (oldest first) and pending invitations',
    description: 'The members are paginated; every pending invitation comes with each page.',
    access: 'tenant',
    query: ZPageQuery,
    response: { status: 200, description: 'A page of members, and the pending invitations.', schema: ZMembers.extend(pageSchema('members', ZMembers.shape.members.element).shape).loose() },
  },
  'POST tenants/[slug]/members': {
    tag: 'Organisation',
    summary: 'Add an existing user, or invite by email',
    description: 'An invitation’s token is returned once. Owners and admins.',
    access: 'tenant',
    idempotent: true,
    body: ZInvite,
    response: { status: 201, description: 'Added, or invited.' },
    errors: ['conflict'],
  },
  'PATCH tenants/[slug]/members/[id]': {
    tag: 'Organisation',
    summary: 'Change a member’s role',
    access: 'tenant',
    body: ZChangeRole,
    response: { status: 200, description: 'Changed.', schema: ZOk },
    errors: ['last_owner'],
  },
  'DELETE tenants/[slug]/members/[id]': {
    tag: 'Organisation',
    summary: 'Remove a member (or leave, for oneself)',
    access: 'tenant',
    response: { status: 204, description: 'Removed.', type: 'none' },
    errors: ['last_owner'],
  },
  'DELETE tenants/[slug]/invitations/[id]': {
    tag: 'Organisation',
    summary: 'Revoke a pending invitation',
    access: 'tenant',
    response: { status: 204, description: 'Revoked.', type: 'none' },
  },
  'GET tenants/[slug]/quota': {
    tag: 'Organisation',
    summary: 'The quota, each limit with what is in use',
    description: 'Owners and admins.',
    access: 'tenant',
    response: {
      status: 200,
      description:
        'Each limit with what is in use (`used` is null for rates). `registryBytes`: the organisation’s images in the registry with shared layers counted once, against `maxRegistryGib` (in bytes); when the registry cannot be asked, the level last measured, said in `note`.',
      schema: ZQuotaItems,
    },
  },
};
