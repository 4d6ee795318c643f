// OpenAPI entries: platform administration (tenants, users, prices, settings, capacity, billing).
import { z } from 'zod';
import { ZTenantStatusChange } from '@/lib/admin/tenants';
import { ZUserListQuery, ZUserPatch } from '@/lib/admin/users';
import { ZQuotaUpdate } from '@/lib/admin/quota';
import { ZAdminCreateTenant, ZDeleteTenant, ZRenameTenant } from '@/lib/admin/tenant-admin';
import { ZTenantListQuery } from '@/lib/admin/tenant-list';
import { ZAppsAddress } from '@/lib/admin/apps-address';
import { ZEgressSettings } from '@/lib/admin/egress-input';
import { ZSettingsPatch } from '@/lib/admin/settings';
import { ZCatalogFile, ZCatalogMeta, ZCatalogPatch, ZRate } from '@/lib/billing/catalog-format';
import { ZApiToken, ZCatalogExport } from '../responses';
import { ZMonthQuery } from './billing';
import { ZAdminAuditQuery } from '@/lib/audit/query';
import { ZAuditRetention } from '@/lib/audit/retention';
import type { RouteDocs } from '../types';
import { pageSchema, ZPageQuery } from '@/lib/api/pagination';

/** `effectiveFrom` is read by hand (lib/billing/catalogs.ts effectiveDate): ISO 8601, now or later; UTC when no zone. */
const effectiveFrom = z.string().max(64).optional().meta({ description: 'ISO 8601 date-time, now or later (default now); UTC when it has no zone.' });
const ZRateChange = z.strictObject({ ...ZRate.shape, effectiveFrom });
const ZRateRemoval = z.strictObject({ ...ZRate.shape, unitPrice: ZRate.shape.unitPrice.optional(), effectiveFrom });
const ZCatalogImport = ZCatalogFile.extend({ effectiveFrom });
const ZCsvImportQuery = z.object({
  format: z.enum(['csv']).optional().meta({ description: '`csv`: the body is text/csv rates, the catalog’s fields are these query parameters.' }),
  ...ZCatalogMeta.partial().shape,
  effectiveFrom,
});
const ZCatalogQuery = z.object({
  at: z.string().optional().meta({ description: 'ISO 8601: the rates in force then (default now).' }),
  format: z.enum(['json', 'csv']).optional().meta({ description: '`csv`: the rates as a CSV download.' }),
});
const ZSignup = z.object({ signupEnabled: z.boolean() });

export const adminRoutes: RouteDocs = {
  'GET admin/tenants': {
    tag: 'Platform admin',
    summary: 'Every tenant, with its usage',
    description: 'Search (`q`: name, slug or owner email), sort by a column (`-` for descending), by cursor (or a page number, as the console’s own list does).',
    access: 'admin',
    query: ZTenantListQuery,
    response: {
      status: 200,
      description: 'A page of tenants, each with its usage and month-to-date cost; `total` and `pages` for the whole search.',
      schema: pageSchema('tenants', z.object({ id: z.string(), slug: z.string(), name: z.string(), status: z.string() }).loose(), { total: z.number().int(), pages: z.number().int() }),
    },
  },
  'POST admin/tenants': {
    tag: 'Platform admin',
    summary: 'Create an organisation for someone',
    description: 'Its owner is invited as owner (the invitation link is in the answer, once); nobody is a member until they accept.',
    access: 'admin',
    idempotent: true,
    body: ZAdminCreateTenant,
    response: { status: 201, description: '`{tenant, invitation}`.' },
    errors: ['conflict'],
  },
  'GET admin/tenants/[id]': {
    tag: 'Platform admin',
    summary: 'One tenant',
    description: 'Its quota with use, members and invitations, instances, functions, month to date and forecast, latest audit entries.',
    access: 'admin',
    response: { status: 200, description: 'The tenant.' },
  },
  'PATCH admin/tenants/[id]': {
    tag: 'Platform admin',
    summary: 'Rename, suspend or reactivate a tenant',
    description:
      '`{name}` renames (the slug stays). `{status: "suspended", reason}` suspends: every running instance is stopped by the reconciler, its functions answer 403 `tenant_suspended` and their containers are removed, compute billing stops; members can still sign in, read, stop and delete, while creates, starts, deploys and invocations are refused with 409 `tenant_suspended`. `{status: "active", reason}` reactivates and starts nothing by itself. The reason (3–500 characters) is shown to the tenant’s members and kept in the audit log. 409 `invalid_state` when the tenant already has that status.',
    access: 'admin',
    body: z.union([ZTenantStatusChange, ZRenameTenant]),
    response: { status: 200, description: '`{status, instancesStopping}` after a status change, `{tenant}` after a rename.' },
    errors: ['invalid_state'],
  },
  'DELETE admin/tenants/[id]': {
    tag: 'Platform admin',
    summary: 'Delete a tenant',
    description:
      'The slug typed as `confirm`. Refused (409) while it holds instances or functions unless `force`; then its members lose it at once and the reconciler removes its engine objects, then its records.',
    access: 'admin',
    body: ZDeleteTenant,
    response: { status: 202, description: 'Deletion under way.' },
    errors: ['conflict'],
  },
  'GET admin/tenants/[id]/quota': {
    tag: 'Platform admin',
    summary: 'A tenant’s quota, each limit with its use',
    access: 'admin',
    response: { status: 200, description: '`{quota}`.' },
  },
  'GET admin/settings/quota': {
    tag: 'Platform admin',
    summary: 'The default quota of new organisations',
    access: 'admin',
    response: { status: 200, description: '`{quota}`.' },
  },
  'PATCH admin/settings/quota': {
    tag: 'Platform admin',
    summary: 'Change the default quota of new organisations',
    description: 'Existing organisations keep theirs.',
    access: 'admin',
    body: ZQuotaUpdate,
    response: { status: 200, description: '`{quota}`.' },
  },
  'PATCH admin/tenants/[id]/quota': {
    tag: 'Platform admin',
    summary: 'Change a tenant’s quota',
    description: 'Any of its limits; the functions’ limits `null` = the console’s default.',
    access: 'admin',
    body: ZQuotaUpdate,
    response: { status: 200, description: '`{quota}`.' },
  },
  'GET admin/audit': {
    tag: 'Platform admin',
    summary: 'The audit log',
    description:
      'Every recorded action, newest first: actor, tenant, action, target, time, client address, outcome (`success`, `refused`, `failed`). Filters: `tenant` (slug or id), `actor` (email or id), `action` (prefix), `outcome`, `from`, `to`; `format=csv` downloads every match.',
    access: 'admin',
    query: ZAdminAuditQuery,
    response: { status: 200, description: 'A page of entries (`{entries, items, nextCursor}`), or text/csv.' },
  },
  'GET admin/settings/audit': {
    tag: 'Platform admin',
    summary: 'How long audit entries are kept',
    access: 'admin',
    response: { status: 200, description: '`{retentionDays}`.', schema: ZAuditRetention },
  },
  'PUT admin/settings/audit': {
    tag: 'Platform admin',
    summary: 'Change how long audit entries are kept',
    description: '1–3650 days; an hourly job deletes older entries.',
    access: 'admin',
    body: ZAuditRetention,
    response: { status: 200, description: '`{retentionDays}`.' },
  },
  'GET admin/users': {
    tag: 'Platform admin',
    summary: 'Every user',
    description: 'Newest first, with organisations and roles, status, last sign-in and live sessions; `q` searches email and name.',
    access: 'admin',
    query: ZUserListQuery,
    response: {
      status: 200,
      description: 'A page of users, and how many match.',
      schema: pageSchema('users', z.object({ id: z.string(), email: z.string(), status: z.enum(['active', 'disabled']) }).loose(), { total: z.number().int() }),
    },
  },
  'GET admin/users/[id]': {
    tag: 'Platform admin',
    summary: 'One user',
    description: 'Organisations, live sessions and whether an unused reset link exists.',
    access: 'admin',
    response: { status: 200, description: 'The user.' },
  },
  'GET admin/users/[id]/tokens': {
    tag: 'Platform admin',
    summary: 'A user’s API tokens',
    description: 'Never their secrets; revoked and expired ones marked by `status`.',
    access: 'admin',
    response: { status: 200, description: 'The tokens.', schema: z.object({ tokens: z.array(ZApiToken) }) },
  },
  'DELETE admin/users/[id]/tokens/[tokenId]': {
    tag: 'Platform admin',
    summary: 'Revoke a user’s API token (at once)',
    access: 'admin',
    response: { status: 200, description: 'The token, revoked.', schema: ZApiToken },
  },
  'PATCH admin/users/[id]': {
    tag: 'Platform admin',
    summary: 'Disable, re-enable, make or unmake platform admin',
    description:
      'A disabled user cannot sign in and every session of theirs ends. The last active platform admin can be neither disabled nor unmade (409 `last_platform_admin`).',
    access: 'admin',
    body: ZUserPatch,
    response: { status: 200, description: 'The user.' },
    errors: ['invalid_state', 'last_platform_admin'],
  },
  'POST admin/users/[id]/password-reset': {
    tag: 'Platform admin',
    summary: 'Make a one-time password reset link',
    description: 'Valid 24 h; older links of the user stop working. The token and URL are in this answer only.',
    access: 'admin',
    idempotent: true,
    response: { status: 201, description: '`{token, url, path, expiresAt}`.' },
  },
  'GET admin/settings': {
    tag: 'Platform admin',
    summary: 'Platform settings',
    access: 'admin',
    response: { status: 200, description: 'The settings.', schema: ZSignup },
  },
  'PATCH admin/settings': {
    tag: 'Platform admin',
    summary: 'Open or close sign-up',
    access: 'admin',
    body: ZSettingsPatch,
    response: { status: 200, description: 'The settings.', schema: ZSignup },
  },
  'GET admin/settings/apps': {
    tag: 'Platform admin',
    summary: 'The public apps address',
    description: 'The host shown in links to published ports and the functions’ base URL: what is set, the defaults and what is in effect.',
    access: 'admin',
    response: { status: 200, description: 'The apps address.' },
  },
  'PUT admin/settings/apps': {
    tag: 'Platform admin',
    summary: 'Set the public apps address',
    description: '`null` or `""` for the default. Host names are compared lower-case and trimmed.',
    access: 'admin',
    body: ZAppsAddress.partial().strict(),
    response: { status: 200, description: 'The apps address.' },
  },
  'GET admin/settings/egress': {
    tag: 'Platform admin',
    summary: 'The egress policy',
    description: 'Exceptions, blocked ranges, resolvers and the last apply.',
    access: 'admin',
    response: { status: 200, description: 'The policy.' },
  },
  'PUT admin/settings/egress': {
    tag: 'Platform admin',
    summary: 'Set the egress exceptions',
    access: 'admin',
    body: ZEgressSettings,
    response: { status: 200, description: 'The policy.' },
  },
  'GET admin/capacity': {
    tag: 'Platform admin',
    summary: 'Host, VM and container capacity',
    description: 'And what each engine object uses.',
    access: 'admin',
    response: { status: 200, description: 'The capacity.' },
  },
  'GET admin/billing': {
    tag: 'Platform admin',
    summary: 'Every tenant’s month',
    description: 'Totals, and forecasts while the month is open.',
    access: 'admin',
    query: ZMonthQuery,
    response: { status: 200, description: 'The month.' },
  },
  'GET admin/prices': {
    tag: 'Platform admin',
    summary: 'Price catalogs (the billing one first, then by name)',
    access: 'admin',
    query: ZPageQuery,
    response: { status: 200, description: 'A page of catalogs.', schema: pageSchema('catalogs', z.object({ id: z.string(), name: z.string(), isBilling: z.boolean() }).loose()) },
  },
  'POST admin/prices': {
    tag: 'Platform admin',
    summary: 'Import a price catalog',
    description: 'An existing name gets a new version of its prices from `effectiveFrom` (never earlier than now).',
    access: 'admin',
    idempotent: true,
    query: ZCsvImportQuery,
    queryFrom: 'handler',
    body: ZCatalogImport,
    altBody: { contentType: 'text/csv', description: 'With `?format=csv`: the rates as CSV (provider, unit, flavor, unitPrice, freePerMonth).' },
    response: { status: 201, description: 'Imported.', schema: z.object({ id: z.string(), created: z.boolean(), changed: z.number().int() }) },
    errors: ['conflict'],
  },
  'GET admin/prices/[id]': {
    tag: 'Platform admin',
    summary: 'Export a price catalog',
    access: 'admin',
    query: ZCatalogQuery,
    queryFrom: 'handler',
    response: { status: 200, description: 'The catalog with the rates in force (CSV with `format=csv`).', schema: ZCatalogExport },
  },
  'PATCH admin/prices/[id]': {
    tag: 'Platform admin',
    summary: 'Change a catalog, or make it the one tenants are billed with',
    access: 'admin',
    body: ZCatalogPatch,
    response: { status: 200, description: 'The catalog.', schema: ZCatalogExport },
  },
  'PUT admin/prices/[id]/rates': {
    tag: 'Platform admin',
    summary: 'Set one price from `effectiveFrom`',
    access: 'admin',
    body: ZRateChange,
    response: { status: 200, description: 'How many rate versions were written, and the catalog.', schema: z.object({ changed: z.number().int(), catalog: ZCatalogExport }) },
    errors: ['conflict'],
  },
  'DELETE admin/prices/[id]/rates': {
    tag: 'Platform admin',
    summary: 'End one price from `effectiveFrom`',
    access: 'admin',
    body: ZRateRemoval,
    response: { status: 200, description: 'How many rate versions were written, and the catalog.', schema: z.object({ changed: z.number().int(), catalog: ZCatalogExport }) },
    errors: ['conflict'],
  },
};
