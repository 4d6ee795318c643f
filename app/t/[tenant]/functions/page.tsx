import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { ButtonLink } from '@/components/ui/button';
import { FunctionTable } from '@/components/functions/function-table';
import { pageTenantFor } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { listFunctions } from '@/lib/functions/queries';
import { pageOrigin } from '@/lib/functions/page-origin';

export const metadata: Metadata = { title: 'Functions' };

export default async function FunctionsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const list = await listFunctions(ctx, await pageOrigin());
  return (
    <>
      <PageHeader
        title="Functions"
        description="Serverless functions of this organisation: code that runs on each request to its URL."
        actions={can(ctx.principal, 'resource.create', ctx.tenant) ? <ButtonLink href={`/t/${slug}/functions/new`}>Create function</ButtonLink> : null}
      />
      <Card>
        {list.functions.length === 0 ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">No functions yet.</p>
        ) : (
          <FunctionTable slug={slug} initial={list} />
        )}
      </Card>
    </>
  );
}
