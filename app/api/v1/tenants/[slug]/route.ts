// GET: the organisation (id, slug, name, status) and the caller's role in it. PATCH {name}: rename it (owners; the
// slug stays) — the settings page's "Rename".
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { renameTenant } from '@/lib/tenants/settings';
import type { TenantContext } from '@/lib/auth/context';

type P = { slug: string };

function view(ctx: TenantContext, name = ctx.tenant.name) {
  return { id: ctx.tenant.id, slug: ctx.tenant.slug, name, status: ctx.tenant.status, role: ctx.principal.role };
}

export const GET = route<P>(async (_req, { params }) => json(view(await tenantContext((await params).slug))));

export const PATCH = route<P>(async (req, { params }) => {
  const ctx = await tenantContext((await params).slug);
  const body = await readJson(req);
  await renameTenant(ctx, body);
  return json(view(ctx, (body as { name: string }).name.trim()));
});
