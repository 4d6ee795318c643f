'use server';
// Server actions of the SSH keys page: always on the signed-in user's own keys.
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { requireUser } from '@/lib/auth/session';
import { addMySshKey, deleteMySshKey } from '@/lib/ssh-keys/service';

export async function addSshKeyAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const key = await addMySshKey(await requireUser(), { name: fd.get('name') ?? '', publicKey: fd.get('publicKey') ?? '' });
    revalidatePath('/account/ssh-keys');
    return { ok: true, message: `Key “${key.name}” added (${key.fingerprint}).` };
  });
}

export async function deleteSshKeyAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    await deleteMySshKey(await requireUser(), String(fd.get('id') ?? ''));
    revalidatePath('/account/ssh-keys');
    return { ok: true, message: 'Key deleted.' };
  });
}
