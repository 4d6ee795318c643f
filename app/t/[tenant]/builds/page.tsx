import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { BuildForm } from '@/components/builds/build-form';
import { BuildList } from '@/components/builds/build-list';
import { pageTenantFor } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { listBuilds } from '@/lib/builds/service';
import { buildSettings } from '@/lib/builds/settings';
import { BASE_IMAGES } from '@/lib/builds/dockerfile';

export const metadata: Metadata = { title: 'Builds' };

export default async function BuildsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const list = await listBuilds(ctx, { limit: 100 });
  const maxMib = Math.round(buildSettings().contextMaxBytes / 1048576);
  return (
    <>
      <PageHeader
        title="Builds"
        description={
          <>
            Build an image from a Dockerfile with BuildKit, from an upload or a git repository. Start <code>FROM</code> one of the built-in images ({BASE_IMAGES.map((b, i) => (
              <span key={b}>
                {i ? ', ' : ''}
                <code>{b}</code>
              </span>
            ))}
            ) or one of this organisation&apos;s images. RUN steps have no network.
          </>
        }
      />
      {can(ctx.principal, 'resource.create', ctx.tenant) ? (
        <Card title="Start a build" className="mb-6">
          <BuildForm slug={slug} maxMib={maxMib} />
        </Card>
      ) : null}
      <Card title="History">
        <BuildList slug={slug} initial={list} />
      </Card>
    </>
  );
}
