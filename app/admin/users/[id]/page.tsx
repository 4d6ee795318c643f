import type { Metadata } from 'next';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { notFound } from 'next/navigation';
import { Card, Notice, PageHeader } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { PasswordResetLink } from '@/components/admin/password-reset-link';
import { pageAdmin } from '@/lib/auth/page';
import { AppError } from '@/lib/errors';
import { getUser } from '@/lib/admin/users';
import { ApiTokenList } from '@/components/account/api-token-list';
import { listUserApiTokens } from '@/lib/auth/api-tokens';
import { createPasswordResetAction, revokeUserApiTokenAction, setPlatformAdminAction, setUserDisabledAction } from '../actions';
import { When } from '@/components/ui/locale';

export const metadata: Metadata = { title: 'Admin · User' };

const when = (d: Date | null) => (d ? <When at={d} /> : 'never');

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await pageAdmin();
  const { id } = await params;
  const user = await getUser(id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  const tokens = await listUserApiTokens(admin, user.id);
  const self = user.id === admin.id;
  const disabled = user.status === 'disabled';
  return (
    <>
      <Breadcrumbs items={[{ label: 'Admin', href: '/admin' }, { label: 'Users', href: '/admin/users' }, { label: user.name }]} />
      <PageHeader title={user.name} description={user.email} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Account">
          <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
            <dd data-testid="user-status">{disabled ? <>disabled since {when(user.disabledAt)}</> : 'active'}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Platform admin</dt>
            <dd data-testid="user-admin">{user.isPlatformAdmin ? 'yes' : 'no'}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Created</dt>
            <dd>{when(user.createdAt)}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Last sign-in</dt>
            <dd>{when(user.lastSignInAt)}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Active sessions</dt>
            <dd data-testid="user-sessions">{user.liveSessions}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Reset link</dt>
            <dd>{user.pendingPasswordReset ? <>one unused, valid until {when(user.pendingPasswordReset.expiresAt)}</> : 'none pending'}</dd>
          </dl>
        </Card>
        <Card title="Actions">
          <div className="space-y-5 text-sm">
            <div className="space-y-2">
              <p className="text-zinc-700 dark:text-zinc-300">
                {disabled
                  ? 'Disabled: they cannot sign in. Re-enabling lets them sign in again; their old sessions stay ended.'
                  : self
                    ? 'You cannot disable your own account.'
                    : 'Disabling signs them out everywhere at once (pages, API, open terminals) and refuses their sign-in.'}
              </p>
              {self && !disabled ? null : (
                <ConfirmAction
                  action={setUserDisabledAction}
                  label={disabled ? 'Re-enable' : 'Disable'}
                  title={disabled ? `Re-enable ${user.email}?` : `Disable ${user.email}?`}
                  body={
                    disabled
                      ? 'They will be able to sign in again.'
                      : `Every session of theirs ends now (${user.liveSessions} active) and they cannot sign in until re-enabled.`
                  }
                  confirmLabel={disabled ? 'Re-enable' : 'Disable'}
                  hidden={{ userId: user.id, disabled: disabled ? 'false' : 'true' }}
                />
              )}
            </div>
            <div className="space-y-2">
              <p className="text-zinc-700 dark:text-zinc-300">
                Platform admins see and manage every organisation and user. The console always keeps at least one active
                platform admin.
              </p>
              <ConfirmAction
                action={setPlatformAdminAction}
                label={user.isPlatformAdmin ? (self ? 'Give up platform admin' : 'Unmake platform admin') : 'Make platform admin'}
                title={
                  user.isPlatformAdmin
                    ? self
                      ? 'Give up your platform admin rights?'
                      : `Unmake ${user.email} platform admin?`
                    : `Make ${user.email} a platform admin?`
                }
                body={
                  user.isPlatformAdmin
                    ? self
                      ? 'You lose access to the admin area at once, and only another platform admin can give it back.'
                      : 'They lose access to the admin area at once.'
                    : 'They will see and manage every organisation and every user of this console.'
                }
                confirmLabel={user.isPlatformAdmin ? (self ? 'Give up' : 'Unmake') : 'Make platform admin'}
                hidden={{ userId: user.id, isPlatformAdmin: user.isPlatformAdmin ? 'false' : 'true' }}
              />
            </div>
            <div className="space-y-2">
              <p className="text-zinc-700 dark:text-zinc-300">
                Reset password: a one-time link for them to set a new one{disabled ? ' (they still cannot sign in while disabled)' : ''}.
              </p>
              <PasswordResetLink action={createPasswordResetAction} userId={user.id} email={user.email} />
            </div>
          </div>
        </Card>
      </div>
      <Card title={`Organisations (${user.organisations.length})`} className="mt-6">
        {user.organisations.length === 0 ? (
          <Notice>Not a member of any organisation.</Notice>
        ) : (
          <DataTable
            caption="Organisations"
            columns={[
              { key: 'name', header: 'Organisation' },
              { key: 'slug', header: 'Slug' },
              { key: 'role', header: 'Role' },
              { key: 'status', header: 'Status' },
            ]}
            rows={user.organisations.map((o) => ({
              id: o.tenantId,
              label: o.name,
              cells: [o.name, <span key="s" className="font-mono text-xs">{o.slug}</span>, o.role, o.status],
            }))}
          />
        )}
      </Card>
      <Card title={`API tokens (${tokens.filter((t) => t.status === 'active').length} active)`} className="mt-6">
        <p className="mb-2 text-sm text-zinc-700 dark:text-zinc-300">
          Tokens stop working while the user is disabled, and a token for an organisation stops when they leave it.
        </p>
        <ApiTokenList tokens={tokens} revokeAction={revokeUserApiTokenAction} hidden={{ userId: user.id }} owner={user.name} />
      </Card>
    </>
  );
}
