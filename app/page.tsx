import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { Notice } from '@/components/ui/card';
import { pageUser } from '@/lib/auth/page';
import { myTenants } from '@/lib/tenants/queries';
import { countMyInvitations } from '@/lib/tenants/invitations';
import Link from 'next/link';
import { signOutAction } from '@/app/(auth)/actions';
import { Button } from '@/components/ui/button';

// The landing route: the first organisation's dashboard, or the admin area for an admin with none.
export default async function Home() {
  const user = await pageUser();
  const tenants = await myTenants(user.id);
  if (tenants[0]) redirect(`/t/${tenants[0].slug}/dashboard`);
  if (user.isPlatformAdmin) redirect('/admin');
  const invitations = await countMyInvitations(user);
  return (
    <AuthCard title="No organisation yet">
      <Notice>You are not a member of any organisation. Ask an owner or admin to invite {user.email}.</Notice>
      {invitations ? (
        <p className="mt-4 text-sm">
          <Link className="underline" href="/account/invitations">
            {invitations === 1 ? 'An invitation is' : `${invitations} invitations are`} waiting for your answer
          </Link>
          .
        </p>
      ) : null}
      <form action={signOutAction} className="mt-4">
        <Button type="submit" tone="secondary">
          Sign out
        </Button>
      </form>
    </AuthCard>
  );
}
