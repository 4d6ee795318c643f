'use client';
// The live list of instances: polls the API, so status changes appear without a reload.
import Link from 'next/link';
import type { InstanceView } from '@/lib/instances/queries';
import { StatusBadge } from './status-badge';
import { usePoll } from './use-poll';

type Page = { total: number; page: number; pageSize: number; instances: InstanceView[] };

export function InstanceTable({ slug, initial, query }: { slug: string; initial: Page; query: string }) {
  const { data, error } = usePoll<Page>(`/api/v1/tenants/${slug}/instances?${query}`, initial);
  if (data.instances.length === 0) {
    return <p className="text-sm text-zinc-700 dark:text-zinc-300">No instances match.</p>;
  }
  return (
    <div className="overflow-x-auto">
      {error ? <p className="mb-2 text-sm text-amber-800 dark:text-amber-300">{error}</p> : null}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Instances</caption>
        <thead>
          <tr className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <th scope="col" className="py-2 pr-4 font-medium">Name</th>
            <th scope="col" className="py-2 pr-4 font-medium">Status</th>
            <th scope="col" className="py-2 pr-4 font-medium">Kind</th>
            <th scope="col" className="py-2 pr-4 font-medium">Image</th>
            <th scope="col" className="py-2 pr-4 font-medium">Flavor</th>
            <th scope="col" className="py-2 pr-4 font-medium">Endpoints</th>
          </tr>
        </thead>
        <tbody>
          {data.instances.map((i) => (
            <tr key={i.id} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800" data-testid={`instance-row-${i.name}`}>
              <th scope="row" className="py-2 pr-4 font-medium">
                <Link className="text-sky-800 underline dark:text-sky-300" href={`/t/${slug}/instances/${i.id}`}>
                  {i.name}
                </Link>
              </th>
              <td className="py-2 pr-4">
                <StatusBadge status={i.desiredState === 'deleted' ? 'deleting' : i.status} />
              </td>
              <td className="py-2 pr-4">{i.kind}</td>
              <td className="py-2 pr-4">{i.image.name}</td>
              <td className="py-2 pr-4">{i.flavor.name}</td>
              <td className="py-2 pr-4">
                {i.endpoints.map((e) => (
                  <a key={e.port} className="mr-2 font-mono text-xs underline" href={e.url} target="_blank" rel="noreferrer">
                    :{e.port} → {e.hostPort}
                  </a>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
