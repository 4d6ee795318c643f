// The volumes attached to an instance (its page): where each appears, its size and use, with a link to the volume.
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { StaticTable } from '@/components/ui/table';
import { bytesText } from '@/lib/volumes/format';

type Attached = { id: string; name: string; sizeGib: number; mountPath: string; readOnly: boolean; usedBytes: number | null };

/** `asDisks`: the instance's driver attaches volumes as disks (a VM's /dev/vdb …), not at a path. */
export function InstanceVolumes({ slug, volumes, asDisks }: { slug: string; volumes: Attached[]; asDisks: boolean }) {
  return (
    <Card title="Volumes" className="h-fit">
      <StaticTable
        caption="Volumes attached to this instance"
        testId="instance-volumes"
        columns={[
          { key: 'name', header: 'Volume' },
          { key: 'path', header: asDisks ? 'Disk' : 'Mount path' },
          { key: 'size', header: 'Size', align: 'right' },
          { key: 'used', header: 'Used', align: 'right' },
        ]}
        rows={volumes.map((v, i) => ({
          id: v.id,
          testId: `instance-volume-${v.name}`,
          cells: [
            <Link key="n" href={`/t/${slug}/volumes/${v.id}`} className="text-sky-800 underline dark:text-sky-300">
              {v.name}
            </Link>,
            <span key="p" className="font-mono text-xs">
              {asDisks ? `/dev/vd${String.fromCharCode(98 + i)}` : v.mountPath}
              {v.readOnly ? ' (read-only)' : ''}
            </span>,
            `${v.sizeGib} GiB`,
            bytesText(v.usedBytes),
          ],
        }))}
        empty={
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            No volumes. <Link href={`/t/${slug}/volumes`} className="text-sky-800 underline dark:text-sky-300">Attach one</Link> for data that outlives the instance.
          </p>
        }
      />
    </Card>
  );
}
