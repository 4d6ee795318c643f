'use server';
// Server actions of the organisation settings and members pages. The tenant is the URL's, checked against the
// session's memberships by tenantContext; ids in the form are looked up inside that tenant only.
import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/actions';
import { tenantContext } from '@/lib/auth/session';
import { changeMemberRole, inviteMember, removeMember, revokeInvitation } from '@/lib/tenants/members';
import { renameTenant } from '@/lib/tenants/settings';

const str = (fd: FormData, k: string) => String(fd.get(k) ?? '');

export async function renameTenantAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    await renameTenant(await tenantContext(slug), { name: fd.get('name') });
    revalidatePath(`/t/${slug}`, 'layout');
    return { ok: true, message: 'Organisation renamed.' };
  });
}

export async function inviteAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    const result = await inviteMember(await tenantContext(slug), { email: fd.get('email'), role: fd.get('role') });
    revalidatePath(`/t/${slug}/settings/members`);
    return {
      ok: true,
      message:
        `${result.email} is invited as ${result.role}: they join once they accept. With an account here they see the ` +
        'invitation when they sign in; otherwise send them this link (shown only now, valid 7 days).',
      data: { invitePath: `/invite/${result.token}` },
    };
  });
}

export async function changeRoleAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    await changeMemberRole(await tenantContext(slug), str(fd, 'membershipId'), { role: fd.get('role') });
    revalidatePath(`/t/${slug}/settings/members`);
    return { ok: true, message: 'Role updated.' };
  });
}

export async function removeMemberAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    await removeMember(await tenantContext(slug), str(fd, 'membershipId'));
    revalidatePath(`/t/${slug}/settings/members`);
    return { ok: true, message: 'Member removed.' };
  });
}

export async function revokeInvitationAction(slug: string, _prev: FormState, fd: FormData): Promise<FormState> {
  return runFormAction(fd, async () => {
    await revokeInvitation(await tenantContext(slug), str(fd, 'invitationId'));
    revalidatePath(`/t/${slug}/settings/members`);
    return { ok: true, message: 'Invitation revoked.' };
  });
}
