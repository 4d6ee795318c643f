'use client';
// The versions of a function, newest first: what each was (deploy, settings, created), who made it, its settings, and a
// confirmed roll back to any older one. "Open in editor" loads an older version's code to read or redeploy.
import { Card } from '@/components/ui/card';
import { When } from '@/components/ui/locale';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import type { FunctionDetail, VersionAuthor } from '@/lib/functions/queries';
import { ConfirmButton } from './confirm-button';
import { callApi } from './api';

type Props = {
  api: string;
  versions: FunctionDetail['versions'];
  canDeploy: boolean;
  onChanged: (message: string) => void;
  onOpen: (code: string, number: number) => void;
};

/** A person by name (email underneath), "API token <name>" with its owner, or "a removed user". */
function Author({ by }: { by: VersionAuthor }) {
  const who = by.name ?? by.email ?? 'a removed user';
  return (
    <>
      {by.token ? `API token ${by.token}` : who}
      {by.token ? <span className="block text-xs text-zinc-600 dark:text-zinc-400">of {who}</span> : null}
      {!by.token && by.email && by.name ? <span className="block text-xs text-zinc-600 dark:text-zinc-400">{by.email}</span> : null}
    </>
  );
}

export function VersionsPanel({ api, versions, canDeploy, onChanged, onOpen }: Props) {
  async function open(id: string) {
    const res = await callApi<{ code: string; number: number }>(`${api}/versions/${id}`, 'GET');
    if (res.ok) onOpen(res.data.code, res.data.number);
  }
  return (
    <Card title="Versions">
      <DataTable
        caption="Versions"
        testId="versions"
        density="compact"
        columns={[
          { key: 'version', header: 'Version' },
          { key: 'change', header: 'Change' },
          { key: 'by', header: 'Made by' },
          { key: 'settings', header: 'Memory · timeout' },
          { key: 'when', header: 'When' },
          { key: 'actions', header: 'Actions', hiddenHeader: true },
        ]}
        rows={versions.map((v) => ({
          id: v.id,
          label: `version ${v.number}`,
          testId: `version-${v.number}`,
          cells: [
            <>
              v{v.number}
              {v.active ? (
                <>
                  {' '}
                  <span className="ml-1 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-50">active</span>
                </>
              ) : null}
            </>,
            v.note,
            <span key="by" data-testid="made-by">
              <Author by={v.madeBy} />
            </span>,
            `${v.memoryMib} MiB · ${v.timeoutMs} ms`,
            <When key="when" at={v.createdAt} />,
            <div key="actions" className="flex flex-wrap justify-end gap-2">
              <Button type="button" tone="secondary" onClick={() => open(v.id)} aria-label={`Open version ${v.number} in the editor`}>
                Open
              </Button>
              {canDeploy && !v.active ? (
                <ConfirmButton
                  label="Roll back"
                  ariaLabel={`Roll back to version ${v.number}`}
                  title={`Roll back to version ${v.number}?`}
                  body={`Requests will be served by version ${v.number} (its code, memory, timeout and variables) from the next request on. You can roll forward again later.`}
                  confirmLabel={`Roll back to v${v.number}`}
                  tone="primary"
                  onConfirm={async () => {
                    const res = await callApi(`${api}/rollback`, 'POST', { versionId: v.id });
                    if (!res.ok) return res.problem.title;
                    onChanged(`Rolled back to version ${v.number}.`);
                    return null;
                  }}
                />
              ) : null}
            </div>,
          ],
        }))}
      />
    </Card>
  );
}
