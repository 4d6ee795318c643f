'use client';
// The organisation's build history, kept live by the organisation's event stream (a build starting or ending is
// announced): who, source, image, result, duration, digest.
import Link from 'next/link';
import { useLive } from '@/components/live/use-live';
import { StaticTable } from '@/components/ui/table';
import type { BuildView } from '@/lib/builds/service';
import { BuildStatus } from './build-status';
import { duration, shortDigest, sourceText } from './format';

const COLUMNS = [
  { key: 'number', header: 'Build' },
  { key: 'image', header: 'Image' },
  { key: 'source', header: 'Source' },
  { key: 'by', header: 'Started by' },
  { key: 'status', header: 'Result' },
  { key: 'duration', header: 'Duration', align: 'right' as const },
  { key: 'digest', header: 'Digest' },
];

export function BuildList({ slug, initial }: { slug: string; initial: { builds: BuildView[] } }) {
  const { data, error } = useLive(`/api/v1/tenants/${slug}/builds`, initial, (c) => c.kind === 'build');
  return (
    <>
      {error ? <p className="mb-2 text-sm text-amber-800 dark:text-amber-300">{error}</p> : null}
      <StaticTable
        caption="Builds"
        visuallyHidden={false}
        testId="build-list"
        columns={COLUMNS}
        empty={<p className="text-sm text-zinc-600 dark:text-zinc-400">No builds yet. Start one above: upload a context or name a git repository.</p>}
        rows={data.builds.map((b) => ({
          id: b.id,
          testId: `build-row-${b.number}`,
          data: { status: b.status },
          cells: [
            <Link key="n" href={`/t/${slug}/builds/${b.id}`} className="font-medium text-sky-800 underline dark:text-sky-300">
              #{b.number}
            </Link>,
            <code key="i" className="text-xs">{b.image}</code>,
            <span key="s" className="break-all text-xs">{sourceText(b)}</span>,
            b.createdBy?.name ?? '—',
            <BuildStatus key="st" status={b.status} />,
            duration(b.durationMs),
            <code key="d" className="text-xs" title={b.imageDigest ?? undefined}>{shortDigest(b.imageDigest)}</code>,
          ],
        }))}
      />
    </>
  );
}
