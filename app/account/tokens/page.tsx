import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { ApiTokenForm } from '@/components/account/api-token-form';
import { ApiTokenList } from '@/components/account/api-token-list';
import { pageUser } from '@/lib/auth/page';
import { listMyApiTokens } from '@/lib/auth/api-tokens';
import { myTenants } from '@/lib/tenants/queries';
import { createApiTokenAction, revokeApiTokenAction } from './actions';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';

export const metadata: Metadata = { title: 'API tokens' };

export default async function ApiTokensPage() {
  const user = await pageUser();
  const [tokens, tenants] = await Promise.all([listMyApiTokens(user), myTenants(user.id)]);
  return (
    <>
      <Breadcrumbs items={[{ label: 'Your account' }, { label: 'API tokens' }]} />
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and the CLI use the API as you, in one organisation and with a role no higher than yours there. Send one as “Authorization: Bearer …”. A token loses rights when your role shrinks, and stops working when you leave the organisation."
      />
      <div className="space-y-6">
        <Card title="Your tokens">
          <ApiTokenList tokens={tokens} revokeAction={revokeApiTokenAction} />
        </Card>
        <Card title="Make a token">
          <ApiTokenForm action={createApiTokenAction} tenants={tenants.map((t) => ({ slug: t.slug, name: t.name, role: t.role }))} platformAdmin={user.isPlatformAdmin} />
        </Card>
      </div>
    </>
  );
}
