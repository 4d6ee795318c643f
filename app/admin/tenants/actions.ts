'use server';
// Platform-admin server actions of the Tenants area: create for someone, rename, quota, default quota, delete.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { runFormAction, type FormState } from '@/lib/actions';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { formNumber } from '@/lib/form-number';
import { QUOTA_FIELDS, setDefaultQuota, setTenantQuota } from '@/lib/admin/quota';
import { createTenantForOwner, renameTenant, requestTenantDeletion } from '@/lib/admin/tenant-admin';

const FN_FIELDS = new Set(['maxFnRequestsPerSecond', 'maxFnContainers', 'maxFnLogMib']);

/** The quota form's fields as the API takes them: numbers; an empty functions' limit = null (the console's default). */
function quotaInput(fd: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of QUOTA_FIELDS) {
    const raw = fd.get(k);
    if (raw === null) continue;
    const v = formNumber(raw);
    out[k] = v === undefined ? (FN_FIELDS.has(k) ? null : raw) : v;
  }
  return out;
}

export async function setTenantQuotaAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const id = String(fd.get('tenantId') ?? '');
    await setTenantQuota(admin, id, quotaInput(fd));
    revalidatePath(`/admin/tenants/${id}`);
    return { ok: true, message: 'Quota saved.' };
  });
}

export async function setDefaultQuotaAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    await setDefaultQuota(admin, quotaInput(fd));
    revalidatePath('/admin/tenants/defaults');
    return { ok: true, message: 'Default quota saved: new organisations start with it.' };
  });
}

export async function createTenantAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const created = await createTenantForOwner(admin, { name: fd.get('name'), slug: fd.get('slug') ?? '', ownerEmail: fd.get('ownerEmail') });
    revalidatePath('/admin/tenants');
    return {
      ok: true,
      message: `${created.tenant.name} created. ${created.invitation.email} is invited as its owner: they accept from their pending invitations when signed in, or through this link (shown once).`,
      data: { invitePath: `/invite/${created.invitation.token}`, tenantId: created.tenant.id },
    };
  });
}

/** Bound to the tenant's id by the page (the shared rename form has no hidden fields). */
export async function renameTenantAction(id: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    await renameTenant(admin, id, { name: fd.get('name') });
    revalidatePath(`/admin/tenants/${id}`);
    return { ok: true, message: 'Renamed.' };
  });
}

export async function deleteTenantAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const state = await runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    await requestTenantDeletion(admin, String(fd.get('tenantId') ?? ''), { confirm: String(fd.get('confirm') ?? ''), force: fd.get('force') === 'on' });
    revalidatePath('/admin/tenants');
  });
  if (state.ok) redirect('/admin/tenants?deleted=1');
  return state;
}
