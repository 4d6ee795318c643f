import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { ConfirmAction } from '@/components/ui/confirm-action';
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
        <Card title="Add a member" className="mb-6">
          <InviteForm action={inviteAction.bind(null, slug)} roles={grantable} />
        </Card>
      ) : null}
      <Card title={`Members (${members.length})`}>
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Members">
          {members.map((m) => {
            const self = m.userId === ctx.user.id;
            const mayEdit = manage && canManageRole(ctx.principal, m.role, m.role);
            return (
              <li key={m.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid={`member-${m.email}`}>
                <div>
                  <p className="text-sm font-medium">
                    {m.name}
                    {self ? <span className="ml-2 text-xs text-zinc-600 dark:text-zinc-400">(you)</span> : null}
                  </p>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">{m.email}</p>
                </div>
                <div className="flex flex-wrap items-start gap-2">
                  {mayEdit ? (
                    <RoleForm action={changeRoleAction.bind(null, slug)} membershipId={m.id} role={m.role} roles={grantable} who={m.email} />
                  ) : (
                    <span className="rounded bg-zinc-100 px-2 py-1 text-sm dark:bg-zinc-800">{m.role}</span>
                  )}
                  {mayEdit || self ? (
                    <ConfirmAction
                      action={removeMemberAction.bind(null, slug)}
                      label={self ? 'Leave' : 'Remove'}
                      ariaLabel={self ? 'Leave this organisation' : `Remove ${m.email}`}
                      title={self ? `Leave ${ctx.tenant.name}?` : `Remove ${m.name}?`}
                      body={
                        self
                          ? 'You will lose access to this organisation until someone adds you again.'
                          : `${m.email} will lose access to ${ctx.tenant.name} at once.`
                      }
                      confirmLabel={self ? 'Leave' : 'Remove member'}
                      hidden={{ membershipId: m.id }}
                    />
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      </Card>
      {invitations.length ? (
        <Card title="Pending invitations" className="mt-6">
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Pending invitations">
            {invitations.map((inv) => (
              <li key={inv.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <p className="text-sm font-medium">{inv.email}</p>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">
                    {inv.role} · expires {inv.expiresAt.toISOString().slice(0, 10)}
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
