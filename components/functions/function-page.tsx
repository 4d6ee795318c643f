'use client';
// One function's page: its URL (copy, curl), the code editor with Deploy (an error is shown at its line and nothing
// changes), the Test panel, versions with rollback, settings, live figures, live logs, price and delete. Every
// change goes through /api/v1 (the same calls an API client makes); the page re-reads itself when the organisation's event stream announces a change of it.
import { useCallback, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { Catalog } from '@/lib/billing/estimate';
import type { FunctionDetail } from '@/lib/functions/queries';
import type { FunctionStats } from '@/lib/functions/types';
import { Card, Notice } from '@/components/ui/card';
import { SuspendedButton } from '@/components/tenants/suspended-button';
import { Button } from '@/components/ui/button';
import { LogViewer } from '@/components/instances/log-viewer';
import { LazyCodeEditor } from './code-editor-lazy';
import { CopyButton } from './copy-button';
import { ConfirmButton } from './confirm-button';
import { TestPanel } from './test-panel';
import { VersionsPanel } from './versions-panel';
import { SettingsPanel } from './settings-panel';
import { StatsPanel } from './stats-panel';
import { FunctionPrice } from './function-price';
import { TokenOnce } from './token-once';
import { callApi, type Problem } from './api';
import { useTenantChanges } from '@/components/live/use-live';
import { plural } from '@/lib/plural';

type Props = {
  slug: string;
  initial: FunctionDetail;
  stats: FunctionStats | null;
  prices: Catalog;
  provider: string | null;
  /** `suspended`: deploying and invoking are refused only because the organisation is suspended (shown disabled, with why). */
  can: { deploy: boolean; invoke: boolean; token: boolean; delete: boolean; suspended: boolean };
};

export function FunctionPage({ slug, initial, stats, prices, provider, can }: Props) {
  const router = useRouter();
  const api = `/api/v1/tenants/${slug}/functions/${initial.id}`;
  const [fn, setFn] = useState(initial);
  const [code, setCode] = useState(initial.active?.code ?? '');
  const [deploying, setDeploying] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [token, setToken] = useState<string | null>(null);
  // Settings are a form of their own: remount it with fresh values after each change.
  const [settingsKey, setSettingsKey] = useState(0);

  const refresh = useCallback(async () => {
    const res = await callApi<FunctionDetail>(api, 'GET');
    if (res.ok) setFn(res.data);
    return res.ok ? res.data : null;
  }, [api]);

  // Re-read when the organisation's event stream announces a change of this function (a deploy elsewhere, new
  // invocations recorded), and when it reconnects.
  useTenantChanges(slug, (c) => c.kind === 'function' && c.id === initial.id, () => void refresh());

  async function changed(message: string, newToken?: string | null) {
    setNotice(message);
    if (newToken) setToken(newToken);
    const next = await refresh();
    if (next?.active) setCode(next.active.code);
    setSettingsKey((k) => k + 1);
  }

  async function deploy() {
    setDeploying(true);
    setNotice(null);
    const res = await callApi<{ versionNumber: number }>(`${api}/deploy`, 'POST', { code });
    setDeploying(false);
    if (!res.ok) return setProblem(res.problem);
    setProblem(null);
    await changed(`Deployed version ${res.data.versionNumber}.`);
  }

  const curl = `curl -i${fn.access === 'token' ? " -H 'Authorization: Bearer <token>'" : ''} '${fn.invokeUrl}?name=world'`;
  const codeError = problem?.errors?.code ?? (problem ? problem.title : null);
  return (
    <div className="space-y-6">
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {token ? <TokenOnce token={token} invokeUrl={fn.invokeUrl} /> : null}
      <Card title="Overview">
        <dl className="grid gap-3 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
            <dd data-testid="fn-status">{fn.status === 'ready' ? 'Ready' : 'Not deployed'}</dd>
          </div>
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Active version</dt>
            <dd data-testid="fn-active-version">{fn.active ? `v${fn.active.number} · ${fn.active.memoryMib} MiB · ${fn.active.timeoutMs} ms` : '—'}</dd>
          </div>
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Access</dt>
            <dd>{fn.access === 'token' ? 'Token required' : 'Public'}</dd>
          </div>
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Today</dt>
            <dd>
              {plural(fn.today.invocations, 'invocation')}, {plural(fn.today.errors, 'error')}
            </dd>
          </div>
        </dl>
        <div className="mt-4 space-y-2 text-sm">
          <p className="font-medium">Invoke URL</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="rounded bg-zinc-100 px-2 py-1 font-mono break-all dark:bg-zinc-800" data-testid="fn-url">
              {fn.invokeUrl}
            </code>
            <CopyButton text={fn.invokeUrl} label="Copy URL" />
          </div>
          <pre className="overflow-x-auto rounded bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-800" aria-label="curl example" tabIndex={0}>
            {curl}
          </pre>
          {fn.access === 'token' && can.token ? (
            <ConfirmButton
              label="New token"
              title="Make a new token?"
              body="The current token stops working at once; callers need the new one, which is shown once."
              confirmLabel="Make a new token"
              onConfirm={async () => {
                const res = await callApi<{ token: string }>(`${api}/token`, 'POST');
                if (!res.ok) return res.problem.title;
                setToken(res.data.token);
                setNotice('A new token was made; the old one no longer works.');
                return null;
              }}
            />
          ) : null}
        </div>
      </Card>

      <div className="grid gap-6 2xl:grid-cols-2">
        <Card title="Code">
          <div className="space-y-2">
            <p id="fn-code-label" className="text-sm font-medium">
              Code of {fn.name}
            </p>
            <LazyCodeEditor value={code} onChange={setCode} labelledBy="fn-code-label" describedBy={`fn-code-hint${codeError ? ' fn-code-error' : ''}`} errorLine={problem?.line ?? null} readOnly={!can.deploy} />
            <p id="fn-code-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
              Tab indents; press Escape then Tab to move on. Deploying makes a new version; the current one keeps serving if the code has an error.
            </p>
            {codeError ? (
              <p id="fn-code-error" role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="deploy-error">
                {codeError}
              </p>
            ) : null}
            {can.deploy ? (
              <div className="flex items-center gap-3">
                <Button type="button" onClick={deploy} disabled={deploying || code === fn.active?.code}>
                  {deploying ? 'Deploying…' : 'Deploy'}
                </Button>
                {code !== fn.active?.code ? <span className="text-xs text-zinc-600 dark:text-zinc-400">Changed since v{fn.active?.number}</span> : null}
              </div>
            ) : can.suspended ? (
              <SuspendedButton label="Deploy" />
            ) : null}
          </div>
        </Card>
        <TestPanel api={api} canInvoke={can.invoke} suspended={can.suspended} />
      </div>

      <StatsPanel api={api} initial={stats} />

      <div className="grid gap-6 xl:grid-cols-2">
        <VersionsPanel api={api} versions={fn.versions} canDeploy={can.deploy} onChanged={changed} onOpen={(c, n) => (setCode(c), setNotice(`Version ${n} is in the editor: deploy it to make it a new version, or roll back to it.`))} />
        <Card title="Logs">
          <LogViewer url={`${api}/logs?follow=1&tail=200`} />
        </Card>
      </div>

      <div className="grid gap-6 xl:grid-cols-2">
        <SettingsPanel key={settingsKey} api={api} fn={fn} canDeploy={can.deploy} onChanged={changed} />
        <Card title="Price">
          <FunctionPrice prices={prices} provider={provider} memoryMib={fn.active?.memoryMib ?? 128} initialDurationMs={Math.max(1, Math.ceil(stats?.p50Ms ?? 100))} />
        </Card>
      </div>

      {can.delete ? (
        <Card title="Delete">
          <p className="mb-3 text-sm">Deleting stops serving its URL at once. Its versions and usage stay for the bill.</p>
          <ConfirmButton
            label={`Delete ${fn.name}`}
            title={`Delete ${fn.name}?`}
            body="Its URL answers 404 from the next request and its containers are removed. This cannot be undone."
            confirmLabel="Delete"
            onConfirm={async () => {
              const res = await callApi(api, 'DELETE');
              if (!res.ok) return res.problem.title;
              router.push(`/t/${slug}/functions`);
              return null;
            }}
          />
        </Card>
      ) : null}
    </div>
  );
}
