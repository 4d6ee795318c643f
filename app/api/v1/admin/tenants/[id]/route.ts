// Platform admins: GET one tenant (quota, members, instances, functions, month, recent audit); PATCH {name} renames
// it, PATCH {status: 'active' | 'suspended', reason} suspends (stopping what runs) or reactivates it (starting nothing); DELETE {confirm: '<slug>', force?} deletes it
// (202: the reconciler removes its engine objects, then its rows).
import { json, readJson, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { setTenantStatus } from '@/lib/admin/tenants';
import { renameTenant, requestTenantDeletion } from '@/lib/admin/tenant-admin';
import { adminTenantDetail } from '@/lib/admin/tenant-detail';

export const GET = route<{ id: string }>(async (_req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id } = await params;
  return json(await adminTenantDetail(admin, id));
});

export const PATCH = route<{ id: string }>(async (req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id } = await params;
  const body = await readJson(req);
  if (body && typeof body === 'object' && 'name' in body) return json({ tenant: await renameTenant(admin, id, body) });
  return json(await setTenantStatus(admin, id, body));
});

export const DELETE = route<{ id: string }>(async (req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id } = await params;
  return json(await requestTenantDeletion(admin, id, await readJson(req)), 202);
});
