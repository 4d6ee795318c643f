'use client';
// The instance page's live part: status, endpoints, the actions its state allows, and the activity feed.
import { When } from '@/components/ui/locale';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { useActionState } from 'react';
import { Card, Notice } from '@/components/ui/card';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';
import { StatusBadge } from './status-badge';
import { useInstance } from './instance-context';
import { SshCommand } from './ssh-command';
import { SUSPENDED_HINT } from '@/components/tenants/suspended-button';
import { Button } from '@/components/ui/button';

type Props = {
  /** What the viewer may ask for: start/restart (operate), stop, delete. */
  may: { operate: boolean; stop: boolean; delete: boolean };
  /** Starting is refused only because the organisation is suspended: shown disabled, with why. */
  operateSuspended: boolean;
  action: (p: FormState, fd: FormData) => Promise<FormState>;
};

const HEALTH_TONE: Record<string, string> = {
  healthy: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100',
  starting: 'bg-sky-100 text-sky-900 dark:bg-sky-900/60 dark:text-sky-100',
  unhealthy: 'bg-red-100 text-red-900 dark:bg-red-900/60 dark:text-red-100',
};

const CONFIRM: Record<string, { title: string; body: string }> = {
  stop: { title: 'Stop this instance?', body: 'Its processes are stopped; it can be started again later.' },
  delete: { title: 'Delete this instance?', body: 'It is removed with everything written inside it (a VM’s disk too). This cannot be undone.' },
};

function PlainAction({ action, name }: { action: Props['action']; name: string }) {
  const [state, formAction] = useActionState(action, initialFormState);
  return (
    <form action={formAction}>
      <input type="hidden" name="action" value={name} />
      <SubmitButton tone="secondary" pendingText={`${name}…`}>
        {name[0]!.toUpperCase() + name.slice(1)}
      </SubmitButton>
      {state.ok ? null : <FormMessage state={state} />}
    </form>
  );
}

/** Whether this viewer may ask for the action (stop and delete stay allowed while the organisation is suspended). */
function permitted(may: Props['may'], a: string): boolean {
  return a === 'stop' ? may.stop : a === 'delete' ? may.delete : may.operate;
}

export function InstanceLive({ may, operateSuspended, action }: Props) {
  const { data: i, error } = useInstance();
  const status = i.desiredState === 'deleted' ? 'deleting' : i.status;
  return (
    <div className="space-y-6">
      {error === 'gone' ? <Notice tone="warning">This instance no longer exists.</Notice> : null}
      <Card title="Status">
        <div className="flex flex-wrap items-center gap-3">
          <span data-testid="instance-status">
            <StatusBadge status={status} />
          </span>
          <span className="text-sm text-zinc-600 dark:text-zinc-400">wanted: {i.desiredState}</span>
          {i.health ? (
            <span data-testid="instance-health" data-health={i.health} className={`rounded-full px-2 py-0.5 text-xs font-medium ${HEALTH_TONE[i.health]}`}>
              health: {i.health}
            </span>
          ) : null}
        </div>
        {i.statusReason ? (
          // A reason while coming up ("The guest is booting") is progress, not a failure.
          <p
            className={`mt-2 text-sm ${status === 'creating' || status === 'pending' ? 'text-zinc-600 dark:text-zinc-400' : 'text-red-700 dark:text-red-400'}`}
            data-testid="status-reason"
          >
            {i.statusReason}
          </p>
        ) : null}
        {i.endpoints.length ? (
          <ul className="mt-3 space-y-1 text-sm" aria-label="Endpoints">
            {i.endpoints.map((e) =>
              // The SSH port is no web page: its address, not a link (the ssh line below is how to use it).
              i.ssh && e.hostPort === i.ssh.port ? (
                <li key={e.port}>
                  Port 22 (SSH): <span className="font-mono" data-testid="endpoint-22">{i.ssh.host}:{e.hostPort}</span>
                </li>
              ) : (
                <li key={e.port}>
                  Port {e.port}:{' '}
                  <a className="font-mono text-sky-800 underline dark:text-sky-300" href={e.url} target="_blank" rel="noreferrer" data-testid={`endpoint-${e.port}`}>
                    {e.url}
                  </a>
                  {e.httpsUrl ? (
                    <>
                      {' · '}
                      <a className="font-mono text-sky-800 underline dark:text-sky-300" href={e.httpsUrl} target="_blank" rel="noreferrer" data-testid={`https-endpoint-${e.port}`}>
                        {e.httpsUrl}
                      </a>
                    </>
                  ) : null}
                </li>
              ),
            )}
          </ul>
        ) : null}
        {i.ssh ? <SshCommand command={i.ssh.command} /> : null}
        {i.actions.some((a) => permitted(may, a) || operateSuspended) ? (
          <div className="mt-4 flex flex-wrap gap-2">
            {i.actions.map((a) =>
              !permitted(may, a) ? (
                operateSuspended ? (
                  <Button key={a} type="button" tone="secondary" disabled aria-describedby="suspended-hint">
                    {a[0]!.toUpperCase() + a.slice(1)}
                  </Button>
                ) : null
              ) : CONFIRM[a] ? (
                <ConfirmAction key={a} action={action} label={a[0]!.toUpperCase() + a.slice(1)} title={CONFIRM[a].title} body={CONFIRM[a].body} confirmLabel={a[0]!.toUpperCase() + a.slice(1)} hidden={{ action: a }} />
              ) : (
                <PlainAction key={a} action={action} name={a} />
              ),
            )}
          </div>
        ) : null}
        {operateSuspended && i.actions.some((a) => !permitted(may, a)) ? (
          <p id="suspended-hint" className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
            {SUSPENDED_HINT}
          </p>
        ) : null}
      </Card>
      <Card title="Details">
        <dl className="grid grid-cols-[9rem_1fr] gap-y-1 text-sm">
          <dt className="text-zinc-600 dark:text-zinc-400">Image</dt>
          <dd>{i.image.name}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Flavor</dt>
          <dd>
            {i.flavor.name} ({i.flavor.cpuMillis / 1000} vCPU, {i.flavor.memoryMib} MiB{i.diskGib ? `, ${i.diskGib} GiB disk` : ''})
          </dd>
          {i.kind === 'vm' ? (
            <>
              <dt className="text-zinc-600 dark:text-zinc-400">Hostname</dt>
              <dd className="font-mono text-xs">{i.spec.hostname ?? i.name}</dd>
              {i.spec.sshPublicKeys?.length ? (
                <>
                  <dt className="text-zinc-600 dark:text-zinc-400">SSH keys</dt>
                  <dd className="font-mono text-xs" data-testid="vm-ssh-keys">
                    {i.spec.sshPublicKeys.map((k) => k.split(' ').slice(2).join(' ') || k.split(' ')[0]).join(', ')}
                  </dd>
                </>
              ) : null}
              <dt className="text-zinc-600 dark:text-zinc-400">User-data</dt>
              <dd>
                {i.spec.userDataBytes !== undefined ? (
                  <span data-testid="user-data-hidden">
                    {i.spec.userDataBytes} bytes, hidden: it may hold secrets, so only members who may change this VM see it
                  </span>
                ) : i.spec.userData ? (
                  <details>
                    <summary className="cursor-pointer">{new TextEncoder().encode(i.spec.userData).length} bytes</summary>
                    <pre className="mt-1 max-h-40 overflow-auto rounded bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-800">{i.spec.userData}</pre>
                  </details>
                ) : (
                  '—'
                )}
              </dd>
            </>
          ) : (
            <>
              <dt className="text-zinc-600 dark:text-zinc-400">Variables</dt>
              <dd className="font-mono text-xs">{i.spec.env.length ? i.spec.env.map((e) => `${e.name}=${e.value}`).join('  ') : '—'}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Command</dt>
              <dd className="font-mono text-xs" data-testid="spec-command">{i.spec.command.join(' ') || 'image default'}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Entrypoint</dt>
              <dd className="font-mono text-xs">{i.spec.entrypoint?.join(' ') || 'image default'}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Working dir</dt>
              <dd className="font-mono text-xs">{i.spec.workingDir || 'image default'}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">User</dt>
              <dd className="font-mono text-xs">{i.spec.user || 'image default'}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Health check</dt>
              <dd className="text-xs" data-testid="spec-health">
                {i.spec.healthCheck
                  ? `${i.spec.healthCheck.type === 'http' ? `GET ${i.spec.healthCheck.path} on port ${i.spec.healthCheck.port}` : i.spec.healthCheck.type === 'tcp' ? `TCP port ${i.spec.healthCheck.port}` : i.spec.healthCheck.command.join(' ')}, every ${i.spec.healthCheck.intervalS} s (timeout ${i.spec.healthCheck.timeoutS} s, ${i.spec.healthCheck.retries} retries, start period ${i.spec.healthCheck.startPeriodS} s)`
                  : 'none'}
              </dd>
            </>
          )}
        </dl>
      </Card>
      <Card title="Activity">
        <ol className="space-y-1 text-sm" data-testid="activity">
          {i.events.map((e) => (
            <li key={e.id} className="flex gap-3">
              <span className="shrink-0 text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
                <When at={e.at} seconds />
              </span>
              <span>{e.message}</span>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
