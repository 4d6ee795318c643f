'use client';
// The tenant's volumes, live (attach and detach change them as the reconciler works), with the create form: a name and
// a size, checked next to each field, priced per month as typed.
import Link from 'next/link';
import { useState } from 'react';
import { useKeptForm } from '@/components/ui/use-kept-form';
import { Card } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { DataTable } from '@/components/ui/data-table';
import { useLive } from '@/components/live/use-live';
import { When } from '@/components/ui/locale';
import { initialFormState, type FormState } from '@/lib/form-state';
import { formatMoney } from '@/lib/billing/units';
import { bytesText } from '@/lib/volumes/format';
import { VOLUME_MAX_GIB, VOLUME_MIN_GIB } from '@/lib/volumes/spec';
import type { VolumeView } from '@/lib/volumes/service';

export type VolumeListData = { volumes: VolumeView[]; currency: string; minorUnits: number };

function CreateVolumeForm({ action, perGibMinor, currency, minorUnits }: { action: (p: FormState, fd: FormData) => Promise<FormState>; perGibMinor: number | null; currency: string; minorUnits: number }) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const [size, setSize] = useState(state.values?.sizeGib ?? '10');
  const gib = /^\d+$/.test(size.trim()) ? Number(size.trim()) : null;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start" key={state.ok ? state.at : 'form'}>
      <TextField label="Name" name="name" defaultValue={state.ok ? '' : (state.values?.name ?? '')} autoComplete="off" error={state.fields?.name} hint="Lowercase letters, digits and hyphens." />
      <TextField
        label="Size (GiB)"
        name="sizeGib"
        type="number"
        inputMode="numeric"
        min={VOLUME_MIN_GIB}
        max={VOLUME_MAX_GIB}
        value={size}
        onChange={(e) => setSize(e.target.value)}
        error={state.fields?.sizeGib}
        hint={gib !== null && perGibMinor !== null ? <span data-testid="new-volume-price">{formatMoney(perGibMinor * gib, currency, minorUnits)} per month</span> : `${VOLUME_MIN_GIB}–${VOLUME_MAX_GIB} GiB`}
      />
      <div className="sm:pt-6">
        <SubmitButton pending={pending} pendingText="Creating…">
          Create volume
        </SubmitButton>
      </div>
      <div className="sm:col-span-3">
        <FormMessage state={state} testId="volume-message" />
      </div>
    </form>
  );
}

/** What the server rendered, as a key: a create (the page re-rendered by its action) starts the live table anew. */
function versionOf(d: VolumeListData): string {
  return d.volumes.map((v) => `${v.id}:${v.sizeGib}:${v.status}`).join(',');
}

export function VolumeList({ slug, initial, canCreate, createAction, perGibMinor }: { slug: string; initial: VolumeListData; canCreate: boolean; createAction: (p: FormState, fd: FormData) => Promise<FormState>; perGibMinor: number | null }) {
  return (
    <>
      {canCreate ? (
        <Card title="New volume">
          <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">
            A volume is a disk of its own size that outlives the instances it is attached to. A write past its size fails (“No space left on device”). It
            counts in the organisation’s disk quota and is billed per GiB-month, attached or not.
          </p>
          <CreateVolumeForm action={createAction} perGibMinor={perGibMinor} currency={initial.currency} minorUnits={initial.minorUnits} />
        </Card>
      ) : null}
      <VolumeTable key={versionOf(initial)} slug={slug} initial={initial} />
    </>
  );
}

/** The list, live: attach and detach (instance changes) update it without a reload. */
function VolumeTable({ slug, initial }: { slug: string; initial: VolumeListData }) {
  const { data } = useLive<VolumeListData>(`/api/v1/tenants/${slug}/volumes`, initial, (c) => c.kind === 'instance');
  return (
    <>
      <Card title="Volumes">
        <DataTable
          caption="Volumes of this organisation"
          testId="volume-table"
          sortMode="client"
          columns={[
            { key: 'name', header: 'Name' },
            { key: 'size', header: 'Size', align: 'right' },
            { key: 'used', header: 'Used', align: 'right' },
            { key: 'attached', header: 'Attached to' },
            { key: 'price', header: 'Per month', align: 'right' },
            { key: 'created', header: 'Created' },
          ]}
          rows={data.volumes.map((v) => ({
            id: v.id,
            label: v.name,
            testId: `volume-${v.name}`,
            cells: [
              <Link key="n" href={`/t/${slug}/volumes/${v.id}`} className="font-medium text-sky-800 underline dark:text-sky-300">
                {v.name}
              </Link>,
              `${v.sizeGib} GiB`,
              bytesText(v.usedBytes),
              v.attachedTo ? (
                <span key="a">
                  <Link href={`/t/${slug}/instances/${v.attachedTo.instanceId}`} className="text-sky-800 underline dark:text-sky-300">
                    {v.attachedTo.instanceName}
                  </Link>{' '}
                  <span className="font-mono text-xs">
                    {v.attachedTo.attachedAs === 'disk' ? 'disk' : v.attachedTo.mountPath}
                    {v.attachedTo.readOnly ? ' (ro)' : ''}
                  </span>
                </span>
              ) : v.status === 'restoring' ? (
                'restoring…'
              ) : (
                <span className="text-zinc-600 dark:text-zinc-400">—</span>
              ),
              v.monthlyPriceMinor === null ? '—' : formatMoney(v.monthlyPriceMinor, data.currency, data.minorUnits),
              <When key="c" at={v.createdAt} />,
            ],
          }))}
          empty={<p className="text-sm text-zinc-600 dark:text-zinc-400">No volumes yet.</p>}
        />
      </Card>
    </>
  );
}
