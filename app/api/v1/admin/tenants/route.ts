// Platform admins: GET every tenant with its usage (?q= name/slug/owner email, ?sort= a column, - for descending,
// ?page= or ?cursor=, ?limit=); POST {name, slug?, ownerEmail} creates an organisation and invites its owner.
import { json, readJson, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { listTenantsForAdmin } from '@/lib/admin/tenant-list';
import { createTenantForOwner } from '@/lib/admin/tenant-admin';
import { idempotent } from '@/lib/api/idempotency';

export const GET = route(async (req) => {
  const admin = await requirePlatformAdmin();
  const params = Object.fromEntries(new URL(req.url).searchParams);
  return json(await listTenantsForAdmin(admin, params));
});

export const POST = route(async (req) => {
  const admin = await requirePlatformAdmin();
  const body = await readJson(req);
  return idempotent(req, { userId: admin.id }, body, async () => {
    const created = await createTenantForOwner(admin, body);
    return json({ ...created, invitation: { ...created.invitation, invitePath: `/invite/${created.invitation.token}` } }, 201);
  });
});
