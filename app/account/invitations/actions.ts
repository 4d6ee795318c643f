'use server';
// Server actions of the invitations page: always on the signed-in user's own invitations.
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { requireUser } from '@/lib/auth/session';
import { acceptMyInvitation, declineMyInvitation } from '@/lib/tenants/invitations';

export async function answerInvitationAction(_prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const user = await requireUser();
    const id = String(fd.get('id') ?? '');
    if (fd.get('answer') === 'accept') {
      const { tenantSlug } = await acceptMyInvitation(user, id);
      redirect(`/t/${tenantSlug}/dashboard`);
    }
    await declineMyInvitation(user, id);
    revalidatePath('/', 'layout');
    return { ok: true, message: 'Invitation declined.' };
  });
}
