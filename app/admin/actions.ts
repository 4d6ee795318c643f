'use server';
// Platform-admin server actions.
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { setSignupEnabled } from '@/lib/admin/settings';
import { setTenantStatus } from '@/lib/admin/tenants';
import { consoleHostName, setAppsAddress } from '@/lib/admin/apps-address';
import { headers } from 'next/headers';

export async function setTenantStatusAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const id = String(fd.get('tenantId') ?? '');
    const r = await setTenantStatus(admin, id, { status: fd.get('status'), reason: fd.get('reason') ?? '' });
    revalidatePath('/admin/tenants');
    revalidatePath(`/admin/tenants/${id}`);
    if (r.status === 'active') return { ok: true, message: 'Reactivated: its members may start things again (nothing was started).' };
    const n = r.instancesStopping;
    return { ok: true, message: `Suspended: ${n} running instance${n === 1 ? ' is' : 's are'} being stopped and its functions no longer run.` };
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

export async function setAppsAddressAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    await setAppsAddress(admin, { host: String(fd.get('host') ?? ''), functionsBaseUrl: String(fd.get('functionsBaseUrl') ?? '') }, consoleHostName(await headers()));
    revalidatePath('/admin/settings');
    return { ok: true, message: 'Apps address saved.' };
  });
}
