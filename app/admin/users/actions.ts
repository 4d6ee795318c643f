'use server';
// Platform-admin server actions on users: disable / re-enable, make / unmake platform admin, make a reset link.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { runFormAction, type FormState } from '@/lib/actions';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { updateUser } from '@/lib/admin/users';
import { adminRevokeApiToken } from '@/lib/auth/api-tokens';
import { createPasswordReset, PASSWORD_RESET_TTL_HOURS } from '@/lib/auth/password-reset';

const str = (fd: FormData, k: string) => String(fd.get(k) ?? '');

export async function setUserDisabledAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const disabled = str(fd, 'disabled') === 'true';
    await updateUser(admin, str(fd, 'userId'), { disabled });
    revalidatePath('/admin/users', 'layout');
    return { ok: true, message: disabled ? 'User disabled: every session of theirs has ended.' : 'User re-enabled: they can sign in again.' };
  });
}

export async function setPlatformAdminAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const userId = str(fd, 'userId');
    const isPlatformAdmin = str(fd, 'isPlatformAdmin') === 'true';
    await updateUser(admin, userId, { isPlatformAdmin });
    // Unmaking yourself ends your access to this area: go home rather than to a "not found" page.
    if (userId === admin.id && !isPlatformAdmin) redirect('/');
    revalidatePath('/admin/users', 'layout');
    return { ok: true, message: isPlatformAdmin ? 'They are now a platform admin.' : 'They are no longer a platform admin.' };
  });
}

export async function createPasswordResetAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const reset = await createPasswordReset(admin, str(fd, 'userId'));
    revalidatePath(`/admin/users/${reset.userId}`);
    return {
      ok: true,
      message: `Reset link for ${reset.email}, shown only now: it works once, for ${PASSWORD_RESET_TTL_HOURS} hours. Any older link stops working.`,
      data: { resetPath: reset.path },
    };
  });
}

export async function revokeUserApiTokenAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const userId = String(fd.get('userId') ?? '');
    const t = await adminRevokeApiToken(admin, userId, String(fd.get('id') ?? ''));
    revalidatePath(`/admin/users/${userId}`);
    return { ok: true, message: `Token “${t.name}” revoked.` };
  });
}
