import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth/auth-card';
import { AcceptInviteForm } from '@/components/auth/accept-invite-form';
import { Notice } from '@/components/ui/card';
import { previewInvitation } from '@/lib/tenants/invitations';
import { currentUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Invitation' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invite, user] = await Promise.all([previewInvitation(token), currentUser()]);
  if (!invite) {
    return (
      <AuthCard title="Invitation not found">
        <Notice tone="warning">This invitation link is not valid: it may have expired or already been used.</Notice>
      </AuthCard>
    );
  }
  const signedInAsOther = invite.accountExists && user?.email !== invite.email;
  return (
    <AuthCard title={`Join ${invite.tenantName}`}>
      <p className="mb-4 text-sm text-zinc-700 dark:text-zinc-300">
        You are invited as <strong>{invite.role}</strong> with the email <strong>{invite.email}</strong>.
      </p>
      {signedInAsOther ? (
        <Notice>
          This email already has an account.{' '}
          <Link className="underline" href={`/login?next=${encodeURIComponent(`/invite/${token}`)}`}>
            Sign in as {invite.email}
          </Link>{' '}
          to accept.
        </Notice>
      ) : (
        <AcceptInviteForm token={token} needsAccount={!invite.accountExists} />
      )}
    </AuthCard>
  );
}
