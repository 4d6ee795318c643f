// Platform admins. GET: the price catalogs. POST: import a catalog — JSON {name, currency, hoursPerMonth, rates,
// effectiveFrom?}, or with ?format=csv a text/csv body of rates and the catalog's fields as query parameters
// (name, currency, hoursPerMonth, description, effectiveFrom). An existing name gets a new version of its prices.
import { json, readJson, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { catalogFileFromCsv, importCatalog, listCatalogs } from '@/lib/billing/catalogs';

export const GET = route(async () => {
  await requirePlatformAdmin();
  const catalogs = await listCatalogs();
  return json({ catalogs: catalogs.map(({ _count, ...c }) => ({ ...c, versions: _count.rates })) });
});

export const POST = route(async (req) => {
  const admin = await requirePlatformAdmin();
  const q = Object.fromEntries(new URL(req.url).searchParams);
  if (q.format === 'csv') {
    const { effectiveFrom, ...meta } = q;
    delete meta.format;
    return json(await importCatalog(admin, catalogFileFromCsv(meta, await req.text()), effectiveFrom), 201);
  }
  const body = (await readJson(req)) as Record<string, unknown> | null;
  const { effectiveFrom, ...file } = body && typeof body === 'object' ? body : { effectiveFrom: undefined };
  return json(await importCatalog(admin, file, effectiveFrom), 201);
});
