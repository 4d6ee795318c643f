'use server';
// Platform-admin server action: how long the audit log is kept (Admin → Settings).
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { setAuditRetentionDays } from '@/lib/audit/retention';
import { formNumber } from '@/lib/form-number';

export async function setAuditRetentionAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const { retentionDays } = await setAuditRetentionDays(admin, { retentionDays: formNumber(fd.get('retentionDays')) });
    revalidatePath('/admin/settings');
    return { ok: true, message: `Audit entries are kept ${retentionDays} day${retentionDays === 1 ? '' : 's'}.` };
  });
}
