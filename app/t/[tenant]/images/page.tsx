import type { Metadata } from 'next';
import { Card, Notice, PageHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { StaticTable } from '@/components/ui/table';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { When } from '@/components/ui/locale';
import { LayerBars } from '@/components/images/layer-bars';
import { pageTenantFor } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { AppError } from '@/lib/errors';
import { formatBytes } from '@/lib/format/bytes';
import { formatMoney, formatUnitPrice } from '@/lib/billing/units';
import { listImages, type ImagesView } from '@/lib/registry/images';
import { registrySettings } from '@/lib/registry/settings';
import { deleteImageAction } from './actions';

export const metadata: Metadata = { title: 'Images' };

function Quickstart({ address, slug, email }: { address: string; slug: string; email: string }) {
  const lines = [
    `docker login ${address} -u ${email}   # password: an API token of this organisation`,
    `docker tag my-app:latest ${address}/${slug}/my-app:1`,
    `docker push ${address}/${slug}/my-app:1`,
  ];
  return (
    <details className="text-sm" data-testid="images-quickstart">
      <summary className="cursor-pointer font-medium">Push an image</summary>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        Make an API token in your account settings, then sign in with your email and the token as password. Members push and pull, viewers only pull; every
        repository of this organisation is under <code className="font-mono">{`${address}/${slug}/`}</code>.
      </p>
      <pre className="mt-2 overflow-x-auto rounded bg-zinc-100 p-3 font-mono text-xs dark:bg-zinc-800">{lines.join('\n')}</pre>
    </details>
  );
}

function Totals({ totals, cost, limitBytes }: { totals: ImagesView['totals']; cost: ImagesView['storageCost']; limitBytes: number | null }) {
  const storedPct = totals.logicalBytes ? Math.round((totals.storedBytes / totals.logicalBytes) * 100) : 100;
  return (
    <Card title="Storage" className="mb-6">
      <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4" data-testid="images-totals">
        <div>
          <dt className="text-zinc-600 dark:text-zinc-400">Images</dt>
          <dd className="text-lg font-semibold tabular-nums">{totals.images}</dd>
        </div>
        <div>
          <dt className="text-zinc-600 dark:text-zinc-400">Their size, each on its own</dt>
          <dd className="text-lg font-semibold tabular-nums">{formatBytes(totals.logicalBytes)}</dd>
        </div>
        <div>
          <dt className="text-zinc-600 dark:text-zinc-400">Stored (shared layers once)</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="images-stored">{formatBytes(totals.storedBytes)}</dd>
        </div>
        <div>
          <dt className="text-zinc-600 dark:text-zinc-400">Saved by sharing layers</dt>
          <dd className="text-lg font-semibold tabular-nums text-emerald-800 dark:text-emerald-300" data-testid="images-saved">{formatBytes(Math.max(0, totals.savedBytes))}</dd>
        </div>
      </dl>
      <p className="mt-4 text-sm" data-testid="images-storage-cost">
        Stored bytes count against the registry quota{limitBytes !== null ? <> ({formatBytes(totals.storedBytes)} of {formatBytes(limitBytes)})</> : null} and are billed per
        GiB-month
        {cost ? (
          <>
            {' '}
            at {formatUnitPrice(cost.pricePerGibMonth, cost.currency)}: <strong className="tabular-nums">{formatMoney(cost.monthlyMinor, cost.currency, cost.minorUnits)}</strong> a
            month at this size.
          </>
        ) : (
          <> (the price list has no price for them: free).</>
        )}
      </p>
      <div className="mt-4" role="img" aria-label={`Stored bytes are ${storedPct}% of the images' combined size`}>
        <div className="h-3 rounded bg-emerald-200 dark:bg-emerald-900">
          <div className="h-3 rounded bg-sky-600 dark:bg-sky-400" style={{ width: `${storedPct}%` }} />
        </div>
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Blue: stored. Green: what storing each image separately would add.</p>
      </div>
    </Card>
  );
}

export default async function ImagesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const settings = registrySettings();
  let view: ImagesView | null = null;
  let error: string | null = null;
  try {
    view = await listImages(ctx);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = err.message;
  }
  const mayDelete = can(ctx.principal, 'resource.delete', ctx.tenant);
  const action = deleteImageAction.bind(null, slug);
  return (
    <>
      <PageHeader
        title="Images"
        description={
          <>
            Container images of this organisation in the console’s registry, <code className="font-mono">{`${settings.address}/${slug}/…`}</code>.
          </>
        }
      />
      <div className="mb-6">
        <Quickstart address={settings.address} slug={slug} email={ctx.user.email} />
      </div>
      {error ? (
        <Notice tone="error">{error}</Notice>
      ) : view && view.repositories.length === 0 ? (
        <Card>
          <EmptyState title="No images yet" testId="images-empty">
            Push an image with the docker client (see “Push an image” above) and it appears here with its tags and layers.
          </EmptyState>
        </Card>
      ) : view ? (
        <>
          <Totals totals={view.totals} cost={view.storageCost} limitBytes={view.quotaBytes} />
          {view.repositories.map((repo) => (
            <Card key={repo.repository} title={repo.name} className="mb-6">
              <StaticTable
                caption={`Tags of ${repo.name}`}
                testId="image-tags"
                columns={[
                  { key: 'tag', header: 'Tag' },
                  { key: 'digest', header: 'Digest' },
                  { key: 'size', header: 'Size', align: 'right' },
                  { key: 'shared', header: 'Shared', align: 'right' },
                  { key: 'created', header: 'Created' },
                  { key: 'used', header: 'Used by' },
                  ...(mayDelete ? [{ key: 'actions', header: 'Actions', hiddenHeader: true, shrink: true }] : []),
                ]}
                rows={repo.tags.map((t) => ({
                  id: t.tag,
                  testId: 'image-tag-row',
                  data: { tag: t.tag },
                  cells: [
                    <span key="tag" className="font-mono">{t.tag}</span>,
                    <span key="digest" className="font-mono text-xs" title={t.digest}>{t.digest.slice(0, 19)}</span>,
                    formatBytes(t.size),
                    formatBytes(t.sharedBytes),
                    t.created ? <When key="created" at={t.created} /> : '—',
                    t.usedBy.length ? t.usedBy.map((u) => u.name).join(', ') : <span key="none" className="text-zinc-600 dark:text-zinc-400">none</span>,
                    ...(mayDelete
                      ? [
                          <ConfirmAction
                            key="delete"
                            action={action}
                            label="Delete"
                            ariaLabel={`Delete ${repo.name}:${t.tag}`}
                            title={`Delete ${repo.name}:${t.tag}?`}
                            body="The registry deletes the image this tag points at, with every other tag of the same image. Instances using it must be deleted first. Its storage is freed by the next garbage collection."
                            confirmLabel="Delete image"
                            hidden={{ name: repo.name, tag: t.tag }}
                          />,
                        ]
                      : []),
                  ],
                }))}
              />
              <div className="mt-4 space-y-2">
                {repo.tags.map((t) => (
                  <details key={t.tag} data-testid="image-layers-details" data-tag={t.tag}>
                    <summary className="cursor-pointer text-sm">
                      Layers of <span className="font-mono">{`${repo.name}:${t.tag}`}</span> ({t.layers.length}, {formatBytes(t.sharedBytes)} shared)
                    </summary>
                    <div className="mt-2 space-y-2">
                      <p className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{t.ref}</p>
                      <LayerBars layers={t.layers} label={`${repo.name}:${t.tag}`} />
                    </div>
                  </details>
                ))}
              </div>
            </Card>
          ))}
        </>
      ) : null}
    </>
  );
}
