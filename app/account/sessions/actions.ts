'use server';
// Server actions of the sessions page: end one of the user's own sessions, or all of them ("sign out everywhere").
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { signOut } from '@/lib/auth/auth';
import { currentSessionId, requireUser } from '@/lib/auth/session';
import { revokeAllMySessions, revokeMySession } from '@/lib/auth/sessions';

export async function revokeSessionAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const id = String(fd.get('id') ?? '');
    const current = id === (await currentSessionId());
    await revokeMySession(await requireUser(), id);
    if (current) await signOut({ redirectTo: '/login' });
    revalidatePath('/account/sessions');
    return { ok: true, message: 'Session ended.' };
  });
}

export async function signOutEverywhereAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    await revokeAllMySessions(await requireUser());
    await signOut({ redirectTo: '/login' });
    redirect('/login');
  });
}
