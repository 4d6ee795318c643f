// Platform admins. GET ?at=ISO&format=json|csv: the catalog with the rates in force then (an export).
// PATCH {description?, hoursPerMonth?, isBilling?: true}: its fields, or make it the catalog tenants are billed with.
import { json, readJson, route } from '@/lib/http';
import { parseInput } from '@/lib/errors';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { exportCatalog, setBillingCatalog, updateCatalogMeta } from '@/lib/billing/catalogs';
import { ratesToCsv, ZCatalogPatch } from '@/lib/billing/catalog-format';

type P = { id: string };

export const GET = route<P>(async (req, { params }) => {
  await requirePlatformAdmin();
  const { id } = await params;
  const q = new URL(req.url).searchParams;
  const at = q.get('at') ? new Date(q.get('at')!) : new Date();
  const file = await exportCatalog(id, Number.isNaN(at.getTime()) ? new Date() : at);
  if (q.get('format') === 'csv') {
    return new Response(ratesToCsv(file.rates), { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="prices-${id}.csv"` } });
  }
  return json(file);
});

export const PATCH = route<P>(async (req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id } = await params;
  const body = parseInput(ZCatalogPatch, await readJson(req));
  const { isBilling, description, hoursPerMonth } = body;
  const meta = { ...(description !== undefined && { description }), ...(hoursPerMonth !== undefined && { hoursPerMonth }) };
  if (Object.keys(meta).length) await updateCatalogMeta(admin, id, meta);
  if (isBilling) await setBillingCatalog(admin, id);
  return json(await exportCatalog(id));
});
