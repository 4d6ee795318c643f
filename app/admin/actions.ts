'use server';
// Platform-admin server actions.
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { setSignupEnabled } from '@/lib/admin/settings';
import { setTenantStatus } from '@/lib/admin/tenants';

export async function setTenantStatusAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    await setTenantStatus(admin, String(fd.get('tenantId') ?? ''), { status: fd.get('status') });
    revalidatePath('/admin/tenants');
    return { ok: true, message: 'Tenant updated.' };
  });
}

export async function setSignupAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const enabled = fd.get('enabled') === 'on';
    await setSignupEnabled(admin, enabled);
    revalidatePath('/admin/settings');
    return { ok: true, message: enabled ? 'Sign-up is open.' : 'Sign-up is switched off.' };
  });
}
