// Platform admins. PUT {provider, unit, flavor?, unitPrice, freePerMonth?, effectiveFrom?}: sets one price from
// effectiveFrom (default now; never earlier). DELETE with the same key fields: ends that price from effectiveFrom.
import { json, readJson, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { exportCatalog, setRate } from '@/lib/billing/catalogs';

type P = { id: string };

async function change(req: Request, id: string, remove: boolean) {
  const admin = await requirePlatformAdmin();
  const body = (await readJson(req)) as Record<string, unknown>;
  const { effectiveFrom, ...rate } = body && typeof body === 'object' ? body : {};
  const changed = await setRate(admin, id, remove ? { unitPrice: '0', ...rate } : rate, { effectiveFrom, remove });
  return json({ changed, catalog: await exportCatalog(id) });
}

export const PUT = route<P>(async (req, { params }) => change(req, (await params).id, false));
export const DELETE = route<P>(async (req, { params }) => change(req, (await params).id, true));
