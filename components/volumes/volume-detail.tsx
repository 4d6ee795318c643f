'use client';
// One volume, live: its size, use, price and attachment; attach (an instance, a path, read-only) or detach, grow,
// snapshots (take, restore — only while detached or its instance is stopped — and delete) and delete, each
// destructive step behind a confirmation.
import Link from 'next/link';
import { useKeptForm } from '@/components/ui/use-kept-form';
import { Card } from '@/components/ui/card';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { SelectField, TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { DataTable } from '@/components/ui/data-table';
import { useLive } from '@/components/live/use-live';
import { When } from '@/components/ui/locale';
import { initialFormState, type FormState } from '@/lib/form-state';
import { formatMoney } from '@/lib/billing/units';
import { bytesText } from '@/lib/volumes/format';
import type { getVolume } from '@/lib/volumes/service';

type Volume = Awaited<ReturnType<typeof getVolume>>;
type Action = (p: FormState, fd: FormData) => Promise<FormState>;
type InstanceChoice = { id: string; name: string; kind: string; status: string };

function OpForm({ action, op, children, submit, pendingText, testId }: { action: Action; op: string; children?: (state: FormState) => React.ReactNode; submit: string; pendingText: string; testId: string }) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-3" key={state.ok ? state.at : 'form'}>
      <input type="hidden" name="op" value={op} />
      {children?.(state)}
      <SubmitButton pending={pending} pendingText={pendingText}>
        {submit}
      </SubmitButton>
      <FormMessage state={state} testId={testId} />
    </form>
  );
}

export function VolumeDetail({ slug, initial, instances, canOperate, canDelete, action }: { slug: string; initial: Volume; instances: InstanceChoice[]; canOperate: boolean; canDelete: boolean; action: Action }) {
  const { data: v } = useLive<Volume>(`/api/v1/tenants/${slug}/volumes/${initial.id}`, initial, (c) => c.kind === 'instance');
  const price = v.monthlyPriceMinor === null ? 'no price in the billing catalog' : `${formatMoney(v.monthlyPriceMinor, v.currency, v.minorUnits)} per month`;
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card title="Details" className="h-fit">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm" data-testid="volume-details">
          <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
          <dd data-testid="volume-status">{v.status}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Size</dt>
          <dd>{v.sizeGib} GiB</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Used</dt>
          <dd>{bytesText(v.usedBytes)}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Price</dt>
          <dd data-testid="volume-price">{price}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Attached to</dt>
          <dd data-testid="volume-attached">
            {v.attachedTo ? (
              <>
                <Link href={`/t/${slug}/instances/${v.attachedTo.instanceId}`} className="text-sky-800 underline dark:text-sky-300">
                  {v.attachedTo.instanceName}
                </Link>{' '}
                <span className="font-mono text-xs">
                  {v.attachedTo.attachedAs === 'disk' ? 'as an extra disk' : v.attachedTo.mountPath}
                  {v.attachedTo.readOnly ? ' (read-only)' : ''}
                </span>
              </>
            ) : (
              'nothing'
            )}
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Created</dt>
          <dd>
            <When at={v.createdAt} />
          </dd>
        </dl>
        {v.statusReason ? <p className="mt-2 text-sm text-red-700 dark:text-red-400">{v.statusReason}</p> : null}
        <div className="mt-4 flex flex-wrap gap-2">
          {canOperate && v.attachedTo ? (
            <ConfirmAction
              action={action}
              label="Detach"
              title={`Detach ${v.name}?`}
              body={`${v.attachedTo.instanceName} is made again without the volume (a running container restarts). The data stays on the volume.`}
              confirmLabel="Detach"
              hidden={{ op: 'detach' }}
            />
          ) : null}
          {canDelete && !v.attachedTo ? (
            <ConfirmAction
              action={action}
              label="Delete volume"
              title={`Delete ${v.name}?`}
              body="The volume, its data and its snapshots are deleted for good."
              confirmLabel="Delete"
              hidden={{ op: 'delete' }}
            />
          ) : null}
        </div>
        {canDelete && v.attachedTo ? <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">Detach the volume before deleting it.</p> : null}
      </Card>
      {canOperate && !v.attachedTo ? (
        <Card title="Attach" className="h-fit">
          <OpForm action={action} op="attach" submit="Attach" pendingText="Attaching…" testId="attach-message">
            {(state) => (
              <>
                <SelectField label="Instance" name="instanceId" defaultValue={state.values?.instanceId} error={state.fields?.instanceId} hint="A running container is made again with the volume; a VM must be stopped and gets it as its next disk (/dev/vdb …).">
                  {instances.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name} ({i.kind}, {i.status})
                    </option>
                  ))}
                </SelectField>
                <TextField label="Mount path" name="mountPath" defaultValue={state.values?.mountPath ?? '/data'} error={state.fields?.mountPath} hint="Where it appears in a container, such as /data (ignored by VMs)." />
                <div className="flex items-center gap-2">
                  <input id="f-readOnly" name="readOnly" type="checkbox" className="h-4 w-4" defaultChecked={state.values?.readOnly === 'on'} />
                  <label htmlFor="f-readOnly" className="text-sm">
                    Read-only
                  </label>
                </div>
              </>
            )}
          </OpForm>
        </Card>
      ) : null}
      {canOperate ? (
        <Card title="Grow" className="h-fit">
          <OpForm action={action} op="resize" submit="Grow" pendingText="Growing…" testId="resize-message">
            {(state) => <TextField label="New size (GiB)" name="sizeGib" type="number" inputMode="numeric" min={v.sizeGib} defaultValue={state.values?.sizeGib ?? String(v.sizeGib + 1)} error={state.fields?.sizeGib} hint="Volumes only grow; the filesystem grows with it." />}
          </OpForm>
        </Card>
      ) : null}
      <Card title="Snapshots" className="xl:col-span-2">
        <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">
          A snapshot is a copy of the volume at that moment (taken with its filesystem frozen for the copy). Restoring puts it back and needs the volume
          detached or its instance stopped.
        </p>
        {canOperate ? (
          <div className="mb-4">
            <OpForm action={action} op="snapshot" submit="Take snapshot" pendingText="Copying…" testId="snapshot-message">
              {(state) => <TextField label="Snapshot name" name="name" defaultValue={state.ok ? '' : (state.values?.name ?? '')} autoComplete="off" error={state.fields?.name} />}
            </OpForm>
          </div>
        ) : null}
        <DataTable
          caption="Snapshots of this volume"
          columns={[
            { key: 'name', header: 'Name' },
            { key: 'size', header: 'Size', align: 'right' },
            { key: 'taken', header: 'Taken' },
            { key: 'actions', header: 'Actions', hiddenHeader: true },
          ]}
          rows={v.snapshots.map((s) => ({
            id: s.id,
            label: s.name,
            testId: `volume-snapshot-${s.name}`,
            cells: [
              s.name,
              bytesText(s.sizeBytes),
              <When key="t" at={s.createdAt} seconds />,
              <div key="a" className="flex flex-wrap gap-2">
                {canOperate ? (
                  v.canRestore ? (
                    <ConfirmAction
                      action={action}
                      label="Restore"
                      ariaLabel={`Restore snapshot ${s.name}`}
                      title={`Restore “${s.name}”?`}
                      body="The volume goes back to this snapshot: everything written since is lost."
                      confirmLabel="Restore"
                      hidden={{ op: 'restore', snapshotId: s.id }}
                    />
                  ) : (
                    <span className="self-center text-xs text-zinc-600 dark:text-zinc-400">Detach or stop the instance to restore</span>
                  )
                ) : null}
                {canDelete ? (
                  <ConfirmAction
                    action={action}
                    label="Delete"
                    ariaLabel={`Delete snapshot ${s.name}`}
                    title={`Delete snapshot “${s.name}”?`}
                    body="The snapshot is deleted. The volume is not changed."
                    confirmLabel="Delete"
                    hidden={{ op: 'deleteSnapshot', snapshotId: s.id }}
                  />
                ) : null}
              </div>,
            ],
          }))}
          empty={<p className="text-sm text-zinc-600 dark:text-zinc-400">No snapshots yet.</p>}
        />
      </Card>
    </div>
  );
}
