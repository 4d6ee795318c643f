import type { Metadata } from 'next';
import { When } from '@/components/ui/locale';
import { Card, PageHeader } from '@/components/ui/card';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { DataTable } from '@/components/ui/data-table';
import { InviteForm } from '@/components/members/invite-form';
import { RoleForm } from '@/components/members/role-form';
import { SettingsTabs } from '@/components/tenants/settings-tabs';
import { pageTenantFor } from '@/lib/auth/page';
import { can, canManageRole, ROLES } from '@/lib/auth/policy';
import { listMembers } from '@/lib/tenants/members';
import { changeRoleAction, inviteAction, removeMemberAction, revokeInvitationAction } from '../actions';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenantFor(slug, 'members.read');
  const { members, invitations } = await listMembers(ctx);
  const manage = can(ctx.principal, 'members.manage', ctx.tenant);
  const grantable = ROLES.filter((r) => canManageRole(ctx.principal, r));
  return (
    <>
      <PageHeader title="Settings" description={`Organisation ${ctx.tenant.name}`} />
      <SettingsTabs slug={slug} showMembers />
      {manage ? (
        <Card title="Invite a member" className="mb-6">
          <InviteForm action={inviteAction.bind(null, slug)} roles={grantable} />
        </Card>
      ) : null}
      <Card title={`Members (${members.length})`}>
        <DataTable
          caption="Members"
          columns={[
            { key: 'name', header: 'Member' },
            { key: 'role', header: 'Role' },
            { key: 'actions', header: 'Actions', hiddenHeader: true },
          ]}
          rows={members.map((m) => {
            const self = m.userId === ctx.user.id;
            const mayEdit = manage && canManageRole(ctx.principal, m.role, m.role);
            return {
              id: m.id,
              label: m.email,
              testId: `member-${m.email}`,
              cells: [
                <>
                  <span className="block">
                    {m.name}
                    {self ? <span className="ml-2 text-xs font-normal text-zinc-600 dark:text-zinc-400">(you)</span> : null}
                  </span>
                  <span className="block font-normal text-zinc-600 dark:text-zinc-400">{m.email}</span>
                </>,
                mayEdit ? (
                  <RoleForm key="r" action={changeRoleAction.bind(null, slug)} membershipId={m.id} role={m.role} roles={grantable} who={m.email} />
                ) : (
                  <span key="r" className="rounded bg-zinc-100 px-2 py-1 text-sm dark:bg-zinc-800">
                    {m.role}
                  </span>
                ),
                mayEdit || self ? (
                  <ConfirmAction
                    key="x"
                    action={removeMemberAction.bind(null, slug)}
                    label={self ? 'Leave' : 'Remove'}
                    ariaLabel={self ? 'Leave this organisation' : `Remove ${m.email}`}
                    title={self ? `Leave ${ctx.tenant.name}?` : `Remove ${m.name}?`}
                    body={self ? 'You will lose access to this organisation until someone adds you again.' : `${m.email} will lose access to ${ctx.tenant.name} at once.`}
                    confirmLabel={self ? 'Leave' : 'Remove member'}
                    hidden={{ membershipId: m.id }}
                  />
                ) : null,
              ],
            };
          })}
        />
      </Card>
      {invitations.length ? (
        <Card title="Pending invitations" className="mt-6">
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Pending invitations">
            {invitations.map((inv) => (
              <li key={inv.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <p className="text-sm font-medium">{inv.email}</p>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">
                    {inv.role} · expires <When at={inv.expiresAt} day />
                  </p>
                </div>
                {manage && canManageRole(ctx.principal, inv.role) ? (
                  <ConfirmAction
                    action={revokeInvitationAction.bind(null, slug)}
                    label="Revoke"
                    ariaLabel={`Revoke invitation of ${inv.email}`}
                    title={`Revoke the invitation of ${inv.email}?`}
                    body="The link they received will stop working."
                    confirmLabel="Revoke invitation"
                    hidden={{ invitationId: inv.id }}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  );
}
