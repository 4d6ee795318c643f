'use client';
// The create-instance form: the kind (container or virtual machine), then image, flavor, ports and what the kind
// takes (variables and command for containers; hostname, user-data and — for images with SSH — SSH keys for VMs),
// with the quota it will use and its live price shown before "Create".
import { useState } from 'react';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { KindCatalog } from '@/lib/instances/catalog';
import { HOSTNAME_RULE, USER_DATA_MAX_BYTES, diskBounds, kibText } from '@/lib/instances/spec';
import { kindLabel } from '@/lib/instances/kinds';
import { Field, SelectField, TextField, controlProps, inputClass } from '@/components/ui/field';
import { SshKeyPicker, type SshKeyChoice } from './ssh-key-picker';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';
import { PriceSummary } from '@/components/billing/price-summary';
import { estimate, findRate, type Catalog } from '@/lib/billing/estimate';
import { exact, mul, toMinor } from '@/lib/billing/decimal';
import { formatMoney } from '@/lib/billing/units';
import { VOLUME_MAX_GIB, VOLUME_MIN_GIB } from '@/lib/volumes/spec';
import { ReadyHint, type ReadyFigures } from '@/components/performance/ready-hint';
import { OWN_IMAGE_CHOICE } from '@/lib/instances/run-settings-form';

type Kind = 'container' | 'vm';
type Usage = { instances: number; cpuMillis: number; memoryMib: number; diskGib: number };
type Quota = { maxInstances: number; maxVcpus: number; maxMemoryMib: number; maxDiskGib: number };

type Props = {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  /** What each kind can be created with (images and flavors of the provider that runs it). */
  catalogs: Record<Kind, KindCatalog>;
  initialKind?: Kind;
  usage: Usage;
  quota: Quota;
  /** The price list tenants are billed with, in force now; the estimate is computed here, as the flavor changes. */
  prices: Catalog;
  /** The signed-in user's SSH keys, offered for VM images with an SSH user. */
  sshKeys: SshKeyChoice[];
  /** Prefilled (editable) until the user types their own. */
  suggestedName?: string;
  /** Create → ready as measured on this platform, per kind (lib/performance). */
  readyIn?: Record<Kind, ReadyFigures>;
  /** Where the organisation's own images are named ("<registry>/<slug>/" or "<slug>/"), for the reference's hint. */
  imageNamespace?: string;
  /** The tenant's volumes that are free to attach (an instance can take one here, or a new one). */
  freeVolumes?: { id: string; name: string; sizeGib: number }[];
};

const KINDS: { kind: Kind; label: string; description: string }[] = [
  { kind: 'container', label: kindLabel('container'), description: 'A Docker container: starts in seconds.' },
  { kind: 'vm', label: kindLabel('vm'), description: 'A QEMU VM with its own kernel, disk and serial console. It has no outbound network (neither the internet nor this machine); only its forwarded ports reach it.' },
];

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * The volume part of the wizard's form: none, one of the tenant's free volumes, or a new one. A container mounts it at
 * a path; a VM gets it as its next virtio disk (the attachment's path only names it, so the form sends a fixed one).
 */
function VolumeChoice({ vm, free, values, fields, newGib, onNewGib, choice, onChoice, priceText }: {
  vm: boolean;
  free: { id: string; name: string; sizeGib: number }[];
  values: Record<string, string>;
  fields: Record<string, string>;
  newGib: string;
  onNewGib: (v: string) => void;
  choice: string;
  onChoice: (v: string) => void;
  priceText: string | null;
}) {
  const f = (k: string) => fields[`volumes.0.${k}`];
  return (
    <fieldset className="space-y-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-700">
      <legend className="px-1 text-sm font-medium">Volume (optional)</legend>
      <SelectField
        label="Persistent volume"
        name="volumeChoice"
        value={choice}
        onChange={(e) => onChoice(e.target.value)}
        error={f('volumeId') ?? fields.volumes}
        hint={
          vm
            ? 'An extra disk (/dev/vdb) that outlives the VM: format and mount it in the guest; it can move to another VM or a container later.'
            : 'Data written there outlives the container; the root filesystem stays read-only.'
        }
      >
        <option value="">None</option>
        <option value="new">A new volume…</option>
        {free.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name} ({v.sizeGib} GiB)
          </option>
        ))}
      </SelectField>
      {choice === 'new' ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label="Volume name" name="volumeName" defaultValue={values.volumeName} autoComplete="off" error={f('create.name')} />
          <TextField
            label="Volume size (GiB)"
            name="volumeSizeGib"
            type="number"
            inputMode="numeric"
            min={VOLUME_MIN_GIB}
            max={VOLUME_MAX_GIB}
            value={newGib}
            onChange={(e) => onNewGib(e.target.value)}
            error={f('create.sizeGib')}
            hint={priceText ?? `${VOLUME_MIN_GIB}–${VOLUME_MAX_GIB} GiB`}
          />
        </div>
      ) : null}
      {choice ? (
        <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
          {vm ? (
            <input type="hidden" name="volumeMountPath" value="/data" />
          ) : (
            <TextField label="Mount path" name="volumeMountPath" defaultValue={values.volumeMountPath ?? '/data'} error={f('mountPath')} hint="Where it appears in the container." />
          )}
          <div className="flex items-center gap-2 pb-2">
            <input id="f-volumeReadOnly" name="volumeReadOnly" type="checkbox" className="h-4 w-4" defaultChecked={values.volumeReadOnly === 'on'} />
            <label htmlFor="f-volumeReadOnly" className="text-sm">
              Read-only
            </label>
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}

export function CreateWizard({ action, catalogs, initialKind = 'container', usage, quota, prices, sshKeys, suggestedName, readyIn, imageNamespace = '', freeVolumes = [] }: Props) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const v = state.values ?? {};
  const [kind, setKind] = useState<Kind>(v.kind === 'vm' || v.kind === 'container' ? v.kind : initialKind);
  const catalog = catalogs[kind];
  const [imageId, setImageId] = useState(v.imageId ?? catalog.images[0]?.id ?? '');
  const [flavorId, setFlavorId] = useState(v.flavorId ?? catalog.flavors[0]?.id ?? '');
  const image = catalog.images.find((i) => i.id === imageId);
  const ownImage = kind === 'container' && imageId === OWN_IMAGE_CHOICE;
  const [healthType, setHealthType] = useState(v.healthType ?? '');
  const flavor = catalog.flavors.find((f) => f.id === flavorId);
  const [ports, setPorts] = useState(v.ports ?? image?.defaultPorts.join(', ') ?? '');
  const [userData, setUserData] = useState(v.userData ?? '');
  // The boot disk (VMs): text while typed (priced at the flavor's size while it is not a number); starts at, and a
  // flavor change resets it to, the flavor's own size.
  const [diskText, setDiskText] = useState(v.diskGib ?? String(flavor?.diskGib ?? ''));
  const bounds = flavor ? diskBounds(flavor) : { min: 0, max: 0 };
  const diskGib = kind === 'vm' && /^\d+$/.test(diskText.trim()) ? Number(diskText.trim()) : (flavor?.diskGib ?? 0);
  // Controlled, so that a refused submit keeps the choice: every key is chosen to begin with.
  const [keyIds, setKeyIds] = useState<string[]>(() => sshKeys.map((k) => k.id));
  const [pastedKeys, setPastedKeys] = useState('');
  const [volumeChoice, setVolumeChoice] = useState(v.volumeChoice ?? '');
  const [volumeGib, setVolumeGib] = useState(v.volumeSizeGib ?? '10');
  const newVolumeGib = volumeChoice === 'new' && /^\d+$/.test(volumeGib.trim()) ? Number(volumeGib.trim()) : 0;
  const volumeRate = findRate(prices, 'volumes', 'disk_gib_month');
  const volumePrice = newVolumeGib && volumeRate ? formatMoney(toMinor(mul(exact(volumeRate.unitPrice), exact(newVolumeGib)), prices.minorUnits), prices.currency, prices.minorUnits) : null;

  /** An image that needs more memory than the flavor has moves the flavor up to the first that fits. */
  function chooseImage(c: KindCatalog, id: string, currentFlavorId = flavorId) {
    const img = c.images.find((i) => i.id === id);
    setImageId(id);
    setPorts(img?.defaultPorts.join(', ') ?? '');
    const current = c.flavors.find((f) => f.id === currentFlavorId);
    if (img && (!current || current.memoryMib < img.minMemoryMib)) chooseFlavor(c.flavors.find((f) => f.memoryMib >= img.minMemoryMib)?.id ?? '', c);
  }

  function chooseFlavor(id: string, c: KindCatalog = catalog) {
    setFlavorId(id);
    setDiskText(String(c.flavors.find((f) => f.id === id)?.diskGib ?? ''));
  }

  function chooseKind(next: Kind) {
    setKind(next);
    const c = catalogs[next];
    const first = c.flavors[0]?.id ?? '';
    chooseFlavor(first, c);
    chooseImage(c, c.images[0]?.id ?? '', first);
  }

  const after = {
    instances: usage.instances + 1,
    cpu: (usage.cpuMillis + (flavor?.cpuMillis ?? 0)) / 1000,
    mem: usage.memoryMib + (flavor?.memoryMib ?? 0),
    disk: usage.diskGib + diskGib + newVolumeGib,
  };
  const price = flavor
    ? estimate(
        { items: [{ type: 'instance', provider: catalog.provider, flavor: { name: flavor.name, vcpus: flavor.cpuMillis / 1000, memoryGib: flavor.memoryMib / 1024 }, diskGib: diskGib || undefined }] },
        prices,
      )
    : null;
  const over = after.instances > quota.maxInstances || after.cpu > quota.maxVcpus || after.mem > quota.maxMemoryMib || after.disk > quota.maxDiskGib;
  const userDataBytes = utf8Bytes(userData);
  return (
    <form action={formAction} onSubmit={onSubmit} className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]" noValidate>
      <div className="space-y-5">
        <fieldset>
          <legend className="mb-2 block text-sm font-medium">Kind</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {KINDS.map((k) => (
              <label
                key={k.kind}
                className="flex cursor-pointer gap-3 rounded-lg border border-zinc-300 bg-white p-3 text-sm has-[:checked]:border-sky-700 has-[:checked]:ring-2 has-[:checked]:ring-sky-700 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-sky-700 dark:border-zinc-600 dark:bg-zinc-900 dark:has-[:checked]:border-sky-400 dark:has-[:checked]:ring-sky-400"
              >
                <input
                  type="radio"
                  name="kind"
                  value={k.kind}
                  checked={kind === k.kind}
                  onChange={() => chooseKind(k.kind)}
                  aria-describedby={`kind-${k.kind}-hint`}
                  className="mt-0.5 h-4 w-4"
                />
                <span>
                  <span className="block font-medium">{k.label}</span>
                  <span id={`kind-${k.kind}-hint`} className="block text-xs text-zinc-600 dark:text-zinc-400">
                    {k.description}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextField label="Name" name="name" required defaultValue={v.name ?? suggestedName} autoComplete="off" error={state.fields?.name} hint="Lowercase letters, digits and hyphens; unique in this organisation. A suggestion is filled in: change it as you like." />
        <SelectField
          label="Image"
          name="imageId"
          value={imageId}
          onChange={(e) => chooseImage(catalog, e.target.value)}
          error={state.fields?.imageId}
          hint={image?.description}
        >
          {catalog.images.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
          {kind === 'container' ? <option value={OWN_IMAGE_CHOICE}>Your own image (by reference)…</option> : null}
        </SelectField>
        {ownImage ? (
          <TextField
            label="Image reference"
            name="image"
            required
            defaultValue={v.image}
            autoComplete="off"
            spellCheck={false}
            placeholder={`${imageNamespace}app:1`}
            error={state.fields?.image}
            hint={`An image of your organisation’s, named ${imageNamespace}<name>:<tag> (or one of the catalogue’s). Checked before anything is created.`}
          />
        ) : null}
        <SelectField label="Flavor" name="flavorId" value={flavorId} onChange={(e) => chooseFlavor(e.target.value)} error={state.fields?.flavorId}>
          {catalog.flavors.map((f) => (
            <option key={f.id} value={f.id} disabled={!!image && f.memoryMib < image.minMemoryMib}>
              {f.name} — {f.description}
              {image && f.memoryMib < image.minMemoryMib ? ` (too small for ${image.name})` : ''}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Ports"
          name="ports"
          value={ports}
          onChange={(e) => setPorts(e.target.value)}
          error={state.fields?.ports}
          hint={
            kind === 'vm'
              ? `Guest TCP ports to forward, separated by commas. Each gets a URL on this machine.${image?.sshUser ? ' Port 22 (SSH) is always forwarded.' : ''}`
              : 'Container ports to publish, separated by commas. Each gets a URL on this machine.'
          }
        />
        {kind === 'vm' ? (
          <>
            {flavor ? (
              <TextField
                label="Boot disk (GiB)"
                name="diskGib"
                type="number"
                inputMode="numeric"
                min={bounds.min}
                max={bounds.max}
                step={1}
                value={diskText}
                onChange={(e) => setDiskText(e.target.value)}
                error={state.fields?.diskGib}
                hint={bounds.min === bounds.max ? `${flavor.name} has a fixed ${bounds.min} GiB disk.` : `${bounds.min} to ${bounds.max} GiB on ${flavor.name}; priced per GiB-month (see the summary).`}
              />
            ) : null}
            {image?.sshUser ? (
              <SshKeyPicker
                sshUser={image.sshUser}
                keys={sshKeys}
                chosen={keyIds}
                onChosen={setKeyIds}
                pasted={pastedKeys}
                onPasted={setPastedKeys}
                errors={{ sshKeyIds: state.fields?.sshKeyIds, sshPublicKeys: state.fields?.sshPublicKeys }}
              />
            ) : null}
            <TextField
              label="Hostname"
              name="hostname"
              defaultValue={v.hostname}
              placeholder="the instance’s name"
              error={state.fields?.hostname}
              hint={`The guest’s hostname; empty for the instance’s name. ${HOSTNAME_RULE}`}
            />
            <Field
              label="User-data (optional)"
              name="userData"
              error={state.fields?.userData}
              hint={
                <span data-testid="user-data-size" className={userDataBytes > USER_DATA_MAX_BYTES ? 'text-red-700 dark:text-red-400' : undefined}>
                  A shell script the guest runs as root at its first boot only (not at restarts), before it reports ready; viewers cannot see it. {kibText(userDataBytes)} of{' '}
                  {USER_DATA_MAX_BYTES / 1024} KiB.
                </span>
              }
            >
              <textarea
                {...controlProps('userData', true, state.fields?.userData)}
                rows={5}
                value={userData}
                onChange={(e) => setUserData(e.target.value)}
                spellCheck={false}
                placeholder={'#!/bin/sh\necho hello > /www/hello.txt'}
                className={`${inputClass} font-mono`}
              />
            </Field>
            <VolumeChoice
              vm
              free={freeVolumes}
              values={v}
              fields={state.fields ?? {}}
              newGib={volumeGib}
              onNewGib={setVolumeGib}
              choice={volumeChoice}
              onChoice={setVolumeChoice}
              priceText={volumePrice ? `${volumePrice} per month` : null}
            />
          </>
        ) : (
          <>
            <Field label="Environment variables" name="env" error={state.fields?.env} hint="One NAME=value per line.">
              <textarea {...controlProps('env', true, state.fields?.env)} rows={3} defaultValue={v.env} className={`${inputClass} font-mono`} />
            </Field>
            <Field label="Secret variables" name="secrets" error={state.fields?.secrets} hint="Like above; the values are never shown again, in the console or the API.">
              <textarea {...controlProps('secrets', true, state.fields?.secrets)} rows={2} className={`${inputClass} font-mono`} />
            </Field>
            <TextField label="Command (optional)" name="command" defaultValue={v.command} error={state.fields?.command} hint="Overrides the image’s default command; words separated by spaces." />
            <TextField label="Entrypoint (optional)" name="entrypoint" defaultValue={v.entrypoint} error={state.fields?.entrypoint} hint="Overrides the image’s entrypoint; words separated by spaces." />
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField label="Working directory (optional)" name="workingDir" defaultValue={v.workingDir} placeholder="/app" error={state.fields?.workingDir} hint="An absolute path; the image’s when empty." />
              <TextField
                label="User (optional)"
                name="user"
                defaultValue={v.user}
                placeholder="1000:1000"
                error={state.fields?.user}
                hint="A name or uid[:gid]; the image’s when empty. Whoever it is, the container has no capabilities and a read-only root."
              />
            </div>
            <fieldset className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
              <legend className="px-1 text-sm font-medium">Health check</legend>
              <SelectField
                label="Check"
                name="healthType"
                value={healthType}
                onChange={(e) => setHealthType(e.target.value)}
                error={state.fields?.healthCheck && !Object.keys(state.fields).some((k) => k.startsWith('healthCheck.')) ? state.fields.healthCheck : undefined}
                hint="With a check, “running” means healthy: until it passes the instance shows “creating”, and a container that fails it is restarted (with a growing pause) and says why."
              >
                <option value="">None</option>
                <option value="http">HTTP: GET a path</option>
                <option value="tcp">TCP: a port accepts connections</option>
                <option value="command">Command: run a program in the container</option>
              </SelectField>
              {healthType === 'http' || healthType === 'tcp' ? (
                <div className="grid gap-4 sm:grid-cols-2">
                  {healthType === 'http' ? (
                    <TextField label="Path" name="healthPath" defaultValue={v.healthPath ?? '/healthz'} error={state.fields?.['healthCheck.path']} hint="Healthy when it answers 2xx or 3xx." />
                  ) : null}
                  <TextField label="Port" name="healthPort" inputMode="numeric" defaultValue={v.healthPort ?? image?.defaultPorts[0]?.toString() ?? '8080'} error={state.fields?.['healthCheck.port']} hint="The container’s port (need not be published)." />
                </div>
              ) : null}
              {healthType === 'command' ? (
                <TextField label="Command to run" name="healthCommand" defaultValue={v.healthCommand} error={state.fields?.['healthCheck.command']} hint="Healthy when it exits 0; the program must be in the image. Words separated by spaces." />
              ) : null}
              {healthType ? (
                <div className="grid gap-4 sm:grid-cols-4">
                  <TextField label="Interval (s)" name="healthInterval" inputMode="numeric" defaultValue={v.healthInterval ?? '10'} error={state.fields?.['healthCheck.intervalS']} />
                  <TextField label="Timeout (s)" name="healthTimeout" inputMode="numeric" defaultValue={v.healthTimeout ?? '5'} error={state.fields?.['healthCheck.timeoutS']} />
                  <TextField label="Retries" name="healthRetries" inputMode="numeric" defaultValue={v.healthRetries ?? '3'} error={state.fields?.['healthCheck.retries']} hint="Failures in a row before unhealthy." />
                  <TextField label="Start period (s)" name="healthStartPeriod" inputMode="numeric" defaultValue={v.healthStartPeriod ?? '0'} error={state.fields?.['healthCheck.startPeriodS']} hint="Failures do not count while it starts." />
                </div>
              ) : null}
            </fieldset>
            <VolumeChoice
              vm={false}
              free={freeVolumes}
              values={v}
              fields={state.fields ?? {}}
              newGib={volumeGib}
              onNewGib={setVolumeGib}
              choice={volumeChoice}
              onChoice={setVolumeChoice}
              priceText={volumePrice ? `${volumePrice} per month` : null}
            />
          </>
        )}
        <Field label="Labels (optional)" name="labels" error={state.fields?.labels} hint="key=value pairs, one a line or separated by spaces or commas, e.g. team=web.">
          <textarea {...controlProps('labels', true, state.fields?.labels)} rows={2} defaultValue={v.labels} className={`${inputClass} font-mono`} />
        </Field>
        <div className="flex items-center gap-2">
          <input id="f-start" name="start" type="checkbox" defaultChecked className="h-4 w-4" />
          <label htmlFor="f-start" className="text-sm">
            Start it once created
          </label>
        </div>
        {/* Wide screens show the summary beside the form: its Create button is repeated where the form ends. */}
        <div className="hidden lg:block">
          <SubmitButton pendingText="Creating…" pending={pending} disabled={over || pending}>
            Create
          </SubmitButton>
        </div>
      </div>
      <aside aria-label="Summary" className="h-fit space-y-3 self-start rounded-lg lg:sticky lg:top-6 lg:max-h-[calc(100vh-3rem)] lg:overflow-y-auto border border-zinc-200 bg-white p-5 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h2 className="text-base font-semibold">Summary</h2>
        <p data-testid="summary-choice">
          {kindLabel(kind)}: {ownImage ? 'your own image' : (image?.name ?? '—')} on {flavor?.name ?? '—'} ({flavor?.description})
        </p>
        {kind === 'vm' ? <p data-testid="summary-disk">Boot disk: {diskGib} GiB</p> : null}
        {newVolumeGib ? (
          <p data-testid="summary-volume">
            New volume: {newVolumeGib} GiB{volumePrice ? `, ${volumePrice} per month` : ''}
          </p>
        ) : null}
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
          <dt>Disk</dt>
          <dd>
            {after.disk} / {quota.maxDiskGib} GiB
          </dd>
        </dl>
        {price ? <PriceSummary estimate={price} /> : null}
        {readyIn ? <ReadyHint figures={readyIn[kind]} flavorId={flavorId} flavorName={flavor?.name} vm={kind === 'vm'} /> : null}
        {over ? <p className="text-red-700 dark:text-red-400">This would exceed the quota.</p> : null}
        <FormMessage state={state} />
        <SubmitButton className="w-full" pendingText="Creating…" pending={pending} disabled={over || pending}>
          Create
        </SubmitButton>
      </aside>
    </form>
  );
}
