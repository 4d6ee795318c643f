'use client';
// A VM's snapshots, live: take one (a name), and restore (only while the VM is stopped) or delete one after a
// confirmation. Each request only records intent; the list follows what the reconciler does (polling the API).
import { useKeptForm } from '@/components/ui/use-kept-form';
import { Card } from '@/components/ui/card';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { Field, controlProps } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { initialFormState, type FormState } from '@/lib/form-state';
import type { SnapshotView } from '@/lib/instances/snapshots';
import { StatusBadge } from './status-badge';
import { DataTable } from '@/components/ui/data-table';
import { useLive } from '@/components/live/use-live';
import { When } from '@/components/ui/locale';

type List = { snapshots: SnapshotView[]; canRestore: boolean };
type Props = { url: string; initial: List; canOperate: boolean; canDelete: boolean; action: (p: FormState, fd: FormData) => Promise<FormState> };

function CreateForm({ action }: { action: Props['action'] }) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  return (
    <form action={formAction} onSubmit={onSubmit} className="mb-4 flex flex-wrap items-end gap-3" key={state.ok ? state.at : 'form'}>
      <input type="hidden" name="op" value="create" />
      <div className="min-w-48 flex-1">
        <Field label="Snapshot name" name="name" error={state.fields?.name}>
          <input {...controlProps('name', false, state.fields?.name)} defaultValue={state.ok ? '' : (state.values?.name ?? '')} autoComplete="off" />
        </Field>
      </div>
      <SubmitButton pending={pending} pendingText="Requesting…">Take snapshot</SubmitButton>
      <div className="w-full">
        <FormMessage state={state} testId="snapshot-message" />
      </div>
    </form>
  );
}

export function InstanceSnapshots({ url, initial, canOperate, canDelete, action }: Props) {
  const { data, error } = useLive<List>(url, initial, (c) => c.kind === 'instance' && url.includes(`/instances/${c.id}/`));
  return (
    <Card title="Snapshots">
      <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">
        A snapshot keeps the VM’s disk as it is at that moment (not its memory). Restoring puts the disk back and needs the VM
        stopped; snapshots are deleted with the VM.
      </p>
      {error && error !== 'gone' ? <p className="mb-2 text-sm text-red-700 dark:text-red-400">{error}</p> : null}
      {canOperate ? <CreateForm action={action} /> : null}
      <DataTable
        caption="Snapshots of this VM"
        columns={[
          { key: 'name', header: 'Name' },
          { key: 'taken', header: 'Taken' },
          { key: 'status', header: 'Status' },
          { key: 'actions', header: 'Actions', hiddenHeader: true },
        ]}
        rows={data.snapshots.map((s) => ({
          id: s.id,
          label: s.name,
          testId: `snapshot-${s.name}`,
          cells: [
            s.name,
            <time key="t" className="font-mono text-xs" dateTime={s.createdAt}>
              <When at={s.createdAt} seconds />
            </time>,
            <>
              <StatusBadge status={s.status} />
              {s.statusReason ? <p className="mt-1 text-xs text-red-700 dark:text-red-400">{s.statusReason}</p> : null}
            </>,
            (canOperate || canDelete) && s.status === 'ready' ? (
              <div key="a" className="flex flex-wrap gap-2">
                {!canOperate ? null : data.canRestore ? (
                  <ConfirmAction
                    action={action}
                    label="Restore"
                    ariaLabel={`Restore snapshot ${s.name}`}
                    title={`Restore “${s.name}”?`}
                    body="The VM’s disk goes back to this snapshot: everything written since is lost. The VM stays stopped."
                    confirmLabel="Restore"
                    hidden={{ op: 'restore', snapshotId: s.id }}
                  />
                ) : (
                  <span className="self-center text-xs text-zinc-600 dark:text-zinc-400">Stop the VM to restore</span>
                )}
                {canDelete ? (
                  <ConfirmAction
                    action={action}
                    label="Delete"
                    ariaLabel={`Delete snapshot ${s.name}`}
                    title={`Delete snapshot “${s.name}”?`}
                    body="The snapshot is removed from the VM’s disk. The VM itself is not changed."
                    confirmLabel="Delete"
                    hidden={{ op: 'delete', snapshotId: s.id }}
                  />
                ) : null}
              </div>
            ) : null,
          ],
        }))}
        empty={<p className="text-sm text-zinc-600 dark:text-zinc-400">No snapshots yet.</p>}
      />
    </Card>
  );
}
