// Platform admins. GET ?at=ISO&format=json|csv: the catalog with the rates in force then (an export).
// PATCH {description?, hoursPerMonth?, isBilling?: true}: its fields, or make it the catalog tenants are billed with.
import { z } from 'zod';
import { json, readJson, route } from '@/lib/http';
import { parseInput } from '@/lib/errors';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { exportCatalog, setBillingCatalog, updateCatalogMeta } from '@/lib/billing/catalogs';
import { ratesToCsv } from '@/lib/billing/catalog-format';

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

const ZPatch = z.object({ isBilling: z.literal(true).optional() }).passthrough();

export const PATCH = route<P>(async (req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id } = await params;
  const body = parseInput(ZPatch, await readJson(req));
  const { isBilling, ...meta } = body;
  if (Object.keys(meta).length) await updateCatalogMeta(admin, id, meta);
  if (isBilling) await setBillingCatalog(admin, id);
  return json(await exportCatalog(id));
});
