// Platform admins. GET: the price catalogs. POST: import a catalog — JSON {name, currency, hoursPerMonth, rates,
// effectiveFrom?}, or with ?format=csv a text/csv body of rates and the catalog's fields as query parameters
// (name, currency, hoursPerMonth, description, effectiveFrom). An existing name gets a new version of its prices.
import { json, readJson, readText, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { catalogFileFromCsv, importCatalog, listCatalogs } from '@/lib/billing/catalogs';
import { idempotent } from '@/lib/api/idempotency';
import { pageArray, pageBody, pageQueryOf } from '@/lib/api/pagination';

export const GET = route(async (req) => {
  await requirePlatformAdmin();
  const query = pageQueryOf(req);
  const catalogs = (await listCatalogs()).map(({ _count, ...c }) => ({ ...c, versions: _count.rates }));
  // The billing catalog first, then by name (as listCatalogs orders them).
  return json(pageBody('catalogs', pageArray(catalogs, query, (c) => [`${c.isBilling ? 0 : 1}${c.name}`, c.id], { order: 'asc', kind: 'string' })));
});

export const POST = route(async (req) => {
  const admin = await requirePlatformAdmin();
  const q = Object.fromEntries(new URL(req.url).searchParams);
  if (q.format === 'csv') {
    const { effectiveFrom, ...meta } = q;
    delete meta.format;
    const text = await readText(req);
    // The key is bound to the CSV and the catalog's fields in the query.
    return idempotent(req, { userId: admin.id }, { query: q, text }, async () => json(await importCatalog(admin, catalogFileFromCsv(meta, text), effectiveFrom), 201));
  }
  const body = (await readJson(req)) as Record<string, unknown> | null;
  const { effectiveFrom, ...file } = body && typeof body === 'object' ? body : { effectiveFrom: undefined };
  return idempotent(req, { userId: admin.id }, body, async () => json(await importCatalog(admin, file, effectiveFrom), 201));
});
