'use server';
// Platform-admin server action: saves the egress exceptions typed on the settings page and applies them.
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { setEgressExceptions } from '@/lib/admin/egress';
import { parseEgressLines } from '@/lib/admin/egress-input';

export async function setEgressAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const admin = await requirePlatformAdmin();
    const exceptions = parseEgressLines(String(fd.get('exceptions') ?? ''));
    const { applied } = await setEgressExceptions(admin, { exceptions });
    revalidatePath('/admin/settings');
    if (applied?.ok) return { ok: true, message: `Saved and applied (${exceptions.length} exception${exceptions.length === 1 ? '' : 's'}).` };
    return { ok: false, message: `Saved, but ${applied?.message ?? 'not applied'}.` };
  });
}
