import type { Metadata } from 'next';
import { When } from '@/components/ui/locale';
import { Card, Notice, PageHeader } from '@/components/ui/card';
import { InvitationAnswer } from '@/components/account/invitation-answer';
import { pageUser } from '@/lib/auth/page';
import { listMyInvitations } from '@/lib/tenants/invitations';
import { answerInvitationAction } from './actions';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';

export const metadata: Metadata = { title: 'Invitations' };

export default async function InvitationsPage() {
  const user = await pageUser();
  const invitations = await listMyInvitations(user);
  return (
    <>
      <Breadcrumbs items={[{ label: 'Your account' }, { label: 'Invitations' }]} />
      <PageHeader title="Invitations" description={`Organisations that invited ${user.email}. You join only if you accept.`} />
      <Card title={`Pending (${invitations.length})`}>
        {invitations.length ? (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Pending invitations">
            {invitations.map((inv) => (
              <li key={inv.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid={`invitation-${inv.tenantSlug}`}>
                <div>
                  <p className="text-sm font-medium">{inv.tenantName}</p>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">
                    as {inv.role}
                    {inv.invitedBy ? ` · invited by ${inv.invitedBy}` : ''} · expires <When at={inv.expiresAt} day />
                  </p>
                </div>
                <InvitationAnswer action={answerInvitationAction} id={inv.id} organisation={inv.tenantName} />
              </li>
            ))}
          </ul>
        ) : (
          <Notice>No invitations are waiting for you.</Notice>
        )}
      </Card>
    </>
  );
}
