'use client';
// The tenant's functions, refreshed every few seconds: status, active version, invoke URL, invocations today.
import Link from 'next/link';
import { usePoll } from '@/components/instances/use-poll';
import type { FunctionListItem } from '@/lib/functions/queries';

export function FunctionTable({ slug, initial }: { slug: string; initial: { functions: FunctionListItem[] } }) {
  const { data, error } = usePoll(`/api/v1/tenants/${slug}/functions`, initial, 5000);
  return (
    <div className="overflow-x-auto">
      {error ? <p className="mb-2 text-sm text-amber-800 dark:text-amber-300">{error}</p> : null}
      <table className="w-full text-left text-sm" data-testid="function-table">
        <caption className="sr-only">Functions</caption>
        <thead className="text-zinc-600 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Name</th>
            <th scope="col" className="py-2 pr-4 font-medium">Status</th>
            <th scope="col" className="py-2 pr-4 font-medium">Version</th>
            <th scope="col" className="py-2 pr-4 font-medium">Invoke URL</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Invocations today</th>
            <th scope="col" className="py-2 text-right font-medium">Errors today</th>
          </tr>
        </thead>
        <tbody>
          {data.functions.map((f) => (
            <tr key={f.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-2 pr-4">
                <Link className="font-medium underline" href={`/t/${slug}/functions/${f.id}`}>
                  {f.name}
                </Link>
                {f.access === 'token' ? <span className="ml-2 text-xs text-zinc-600 dark:text-zinc-400">token</span> : null}
              </td>
              <td className="py-2 pr-4">{f.status === 'ready' ? 'Ready' : 'Not deployed'}</td>
              <td className="py-2 pr-4">{f.activeVersion ? `v${f.activeVersion.number} · ${f.activeVersion.memoryMib} MiB` : '—'}</td>
              <td className="py-2 pr-4 font-mono text-xs break-all">{f.invokeUrl}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{f.today.invocations}</td>
              <td className="py-2 text-right tabular-nums">{f.today.errors}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
