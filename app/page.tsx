import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { Notice } from '@/components/ui/card';
import { pageUser } from '@/lib/auth/page';
import { myTenants } from '@/lib/tenants/queries';
import { signOutAction } from '@/app/(auth)/actions';
import { Button } from '@/components/ui/button';

// The landing route: the first organisation's dashboard, or the admin area for an admin with none.
export default async function Home() {
  const user = await pageUser();
  const tenants = await myTenants(user.id);
  if (tenants[0]) redirect(`/t/${tenants[0].slug}/dashboard`);
  if (user.isPlatformAdmin) redirect('/admin');
  return (
    <AuthCard title="No organisation yet">
      <Notice>You are not a member of any organisation. Ask an owner or admin to add {user.email}.</Notice>
      <form action={signOutAction} className="mt-4">
        <Button type="submit" tone="secondary">
          Sign out
        </Button>
      </form>
    </AuthCard>
  );
}
