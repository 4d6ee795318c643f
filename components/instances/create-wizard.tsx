'use client';
// The create-container form: image, flavor, ports, variables, with the quota it will use shown before "Create".
import { useActionState, useState } from 'react';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import type { ContainerCatalog } from '@/lib/instances/catalog';
import { Field, SelectField, TextField, controlProps, inputClass } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';
import { PriceSummary } from '@/components/billing/price-summary';
import { estimate, type Catalog } from '@/lib/billing/estimate';

type Usage = { instances: number; cpuMillis: number; memoryMib: number };
type Quota = { maxInstances: number; maxVcpus: number; maxMemoryMib: number };

type Props = {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  catalog: ContainerCatalog;
  usage: Usage;
  quota: Quota;
  /** The price list tenants are billed with, in force now; the estimate is computed here, as the flavor changes. */
  prices: Catalog;
  provider: string;
};

export function CreateWizard({ action, catalog, usage, quota, prices, provider }: Props) {
  const [state, formAction] = useActionState(action, initialFormState);
  const v = state.values ?? {};
  const [imageId, setImageId] = useState(v.imageId ?? catalog.images[0]?.id ?? '');
  const [flavorId, setFlavorId] = useState(v.flavorId ?? catalog.flavors[0]?.id ?? '');
  const image = catalog.images.find((i) => i.id === imageId);
  const flavor = catalog.flavors.find((f) => f.id === flavorId);
  const [ports, setPorts] = useState(v.ports ?? image?.defaultPorts.join(', ') ?? '');
  const after = {
    instances: usage.instances + 1,
    cpu: (usage.cpuMillis + (flavor?.cpuMillis ?? 0)) / 1000,
    mem: usage.memoryMib + (flavor?.memoryMib ?? 0),
  };
  const price = flavor
    ? estimate({ items: [{ type: 'instance', provider, flavor: { name: flavor.name, vcpus: flavor.cpuMillis / 1000, memoryGib: flavor.memoryMib / 1024 }, diskGib: flavor.diskGib || undefined }] }, prices)
    : null;
  const over = after.instances > quota.maxInstances || after.cpu > quota.maxVcpus || after.mem > quota.maxMemoryMib;
  return (
    <form action={formAction} className="grid gap-6 lg:grid-cols-[1fr_20rem]" noValidate>
      <div className="space-y-5">
        <TextField label="Name" name="name" required defaultValue={v.name} error={state.fields?.name} hint="Lowercase letters, digits and hyphens; unique in this organisation." />
        <SelectField
          label="Image"
          name="imageId"
          value={imageId}
          onChange={(e) => {
            setImageId(e.target.value);
            const img = catalog.images.find((i) => i.id === e.target.value);
            setPorts(img?.defaultPorts.join(', ') ?? '');
          }}
          error={state.fields?.imageId}
          hint={image?.description}
        >
          {catalog.images.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Flavor" name="flavorId" value={flavorId} onChange={(e) => setFlavorId(e.target.value)} error={state.fields?.flavorId}>
          {catalog.flavors.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name} — {f.description}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Ports"
          name="ports"
          value={ports}
          onChange={(e) => setPorts(e.target.value)}
          error={state.fields?.ports}
          hint="Container ports to publish, separated by commas. Each gets a URL on this machine."
        />
        <Field label="Environment variables" name="env" error={state.fields?.env} hint="One NAME=value per line.">
          <textarea {...controlProps('env', true, state.fields?.env)} rows={3} defaultValue={v.env} className={`${inputClass} font-mono`} />
        </Field>
        <Field label="Secret variables" name="secrets" error={state.fields?.secrets} hint="Like above; the values are never shown again, in the console or the API.">
          <textarea {...controlProps('secrets', true, state.fields?.secrets)} rows={2} className={`${inputClass} font-mono`} />
        </Field>
        <TextField label="Command (optional)" name="command" defaultValue={v.command} error={state.fields?.command} hint="Overrides the image’s default command; words separated by spaces." />
        <div className="flex items-center gap-2">
          <input id="f-start" name="start" type="checkbox" defaultChecked className="h-4 w-4" />
          <label htmlFor="f-start" className="text-sm">
            Start it once created
          </label>
        </div>
      </div>
      <aside aria-label="Summary" className="h-fit space-y-3 rounded-lg border border-zinc-200 bg-white p-5 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h2 className="text-base font-semibold">Summary</h2>
        <p>
          {image?.name ?? '—'} on {flavor?.name ?? '—'} ({flavor?.description})
        </p>
        <h3 className="font-medium">Quota after creating</h3>
        <dl className="grid grid-cols-[1fr_auto] gap-y-1" data-testid="quota-impact">
          <dt>Instances</dt>
          <dd>
            {after.instances} / {quota.maxInstances}
          </dd>
          <dt>vCPUs</dt>
          <dd>
            {after.cpu} / {quota.maxVcpus}
          </dd>
          <dt>Memory</dt>
          <dd>
            {after.mem} / {quota.maxMemoryMib} MiB
          </dd>
        </dl>
        {price ? <PriceSummary estimate={price} /> : null}
        {over ? <p className="text-red-700 dark:text-red-400">This would exceed the quota.</p> : null}
        <FormMessage state={state} />
        <SubmitButton className="w-full" pendingText="Creating…" disabled={over}>
          Create
        </SubmitButton>
      </aside>
    </form>
  );
}
