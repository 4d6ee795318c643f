'use client';
// A container's versions, live: deploy another image (a reference, checked before anything changes) and roll back
// to an earlier version after a confirmation. Each request records a new version; the reconciler replaces the
// container and the status card above follows it (creating → running, or why not).
import { useRef } from 'react';
import { useKeptForm } from '@/components/ui/use-kept-form';
import { Card } from '@/components/ui/card';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { SelectField, TextField } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { initialFormState, type FormState } from '@/lib/form-state';
import type { VersionView } from '@/lib/instances/versions';
import type { DeployChoices } from '@/lib/instances/deploy-choices';
import { DataTable } from '@/components/ui/data-table';
import { useLive } from '@/components/live/use-live';
import { When } from '@/components/ui/locale';

type List = { versions: VersionView[] };
type Props = { url: string; initial: List; canOperate: boolean; imageNamespace: string; choices?: DeployChoices; action: (p: FormState, fd: FormData) => Promise<FormState> };

function DeployForm({ action, imageNamespace, current, choices }: { action: Props['action']; imageNamespace: string; current: string; choices?: DeployChoices }) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const input = useRef<HTMLInputElement>(null);
  const offered = choices && (choices.builds.length > 0 || choices.tags.length > 0) ? choices : null;
  return (
    <form action={formAction} onSubmit={onSubmit} className="mb-4 flex flex-wrap items-end gap-3" key={state.ok ? state.at : 'form'}>
      <input type="hidden" name="op" value="deploy" />
      {offered ? (
        <div className="w-full sm:w-auto sm:min-w-64">
          <SelectField
            label="Choose one of your images"
            name="pick"
            defaultValue=""
            data-testid="deploy-pick"
            hint="Fills in the image to deploy."
            onChange={(e) => {
              if (input.current && e.currentTarget.value) {
                input.current.value = e.currentTarget.value;
                input.current.focus();
              }
            }}
          >
            <option value="">—</option>
            {offered.builds.length ? (
              <optgroup label="Recent successful builds">
                {offered.builds.map((b) => (
                  <option key={`b-${b.ref}`} value={b.ref}>
                    {b.label}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {offered.tags.length ? (
              <optgroup label="Images in your registry">
                {offered.tags.map((t) => (
                  <option key={`t-${t}`} value={t}>
                    {t}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </SelectField>
        </div>
      ) : null}
      <div className="min-w-64 flex-1">
        <TextField
          ref={input}
          label="Image to deploy"
          name="image"
          defaultValue={state.ok ? '' : (state.values?.image ?? '')}
          placeholder={current}
          autoComplete="off"
          spellCheck={false}
          error={state.fields?.image}
          hint={`Another tag of yours (${imageNamespace}<name>:<tag>) or a catalogue image. The container is replaced; its name and ports stay.`}
        />
      </div>
      <SubmitButton pending={pending} pendingText="Deploying…">
        Deploy
      </SubmitButton>
      <div className="w-full">
        <FormMessage state={state} testId="deploy-message" />
      </div>
    </form>
  );
}

const CAUSE: Record<string, string> = { create: 'created', deploy: 'deployed', rollback: 'rolled back' };

function settingsText(s: VersionView['settings']): string {
  const parts = [
    s.entrypoint?.length ? `entrypoint ${s.entrypoint.join(' ')}` : '',
    s.command?.length ? `command ${s.command.join(' ')}` : '',
    s.workingDir ? `in ${s.workingDir}` : '',
    s.user ? `as ${s.user}` : '',
    s.healthCheck ? `health: ${s.healthCheck.type === 'http' ? `GET ${s.healthCheck.path} :${s.healthCheck.port}` : s.healthCheck.type === 'tcp' ? `TCP :${s.healthCheck.port}` : s.healthCheck.command.join(' ')}` : '',
  ].filter(Boolean);
  return parts.join(' · ') || 'image defaults';
}

export function InstanceVersions({ url, initial, canOperate, imageNamespace, choices, action }: Props) {
  const { data, error } = useLive<List>(url, initial, (c) => c.kind === 'instance' && url.includes(`/instances/${c.id}/`));
  const current = data.versions.find((v) => v.current);
  return (
    <Card title="Versions">
      <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">
        Every deploy is a new version; rolling back deploys an earlier one again (as a new version). If the new version fails its health check, the status above says
        so: roll back from here.
      </p>
      {error && error !== 'gone' ? <p className="mb-2 text-sm text-red-700 dark:text-red-400">{error}</p> : null}
      {canOperate ? <DeployForm action={action} imageNamespace={imageNamespace} current={current?.image ?? ''} choices={choices} /> : null}
      <DataTable
        caption="Versions of this container"
        columns={[
          { key: 'number', header: 'Version' },
          { key: 'image', header: 'Image and settings' },
          { key: 'when', header: 'When, by whom' },
          { key: 'actions', header: 'Actions', hiddenHeader: true },
        ]}
        rows={data.versions.map((v) => ({
          id: String(v.number),
          label: `Version ${v.number}`,
          testId: `version-${v.number}`,
          cells: [
            <span key="n">
              v{v.number}
              {v.current ? <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100">current</span> : null}
            </span>,
            <span key="i">
              <span className="block font-mono text-xs">{v.image}</span>
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                {settingsText(v.settings)}
                {v.rolledBackTo ? ` · copy of v${v.rolledBackTo}` : ''}
              </span>
            </span>,
            <span key="w" className="text-xs">
              {CAUSE[v.cause] ?? v.cause} <When at={v.createdAt} seconds />
              {v.createdBy ? ` by ${v.createdBy}` : ''}
            </span>,
            canOperate && !v.current ? (
              <ConfirmAction
                key="a"
                action={action}
                label="Roll back"
                ariaLabel={`Roll back to version ${v.number}`}
                title={`Roll back to version ${v.number}?`}
                body={`The container is replaced by one running ${v.image} with version ${v.number}’s settings, recorded as a new version.`}
                confirmLabel="Roll back"
                hidden={{ op: 'rollback', version: String(v.number) }}
              />
            ) : null,
          ],
        }))}
      />
    </Card>
  );
}
