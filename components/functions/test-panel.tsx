'use client';
// The Test panel: a sample request (method, path, query, headers, body) sent through the same invoke path as the
// gateway; shows the response (status, headers, body), how long it took, whether it started cold, and its logs.
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { SUSPENDED_HINT } from '@/components/tenants/suspended-button';
import { Card } from '@/components/ui/card';
import { inputClass } from '@/components/ui/field';
import type { InvocationResult } from '@/lib/functions/types';
import { callApi, type Problem } from './api';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

function pairs(text: string, sep: RegExp): [string, string][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = sep.exec(l);
      return m ? [l.slice(0, m.index).trim(), l.slice(m.index + m[0].length).trim()] : [l, ''];
    });
}

export function TestPanel({ api, canInvoke, suspended = false }: { api: string; canInvoke: boolean; suspended?: boolean }) {
  const [method, setMethod] = useState('GET');
  const [path, setPath] = useState('/');
  const [query, setQuery] = useState('name=console');
  const [headers, setHeaders] = useState('');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<InvocationResult | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function run(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    const q: Record<string, string | string[]> = {};
    for (const [k, v] of pairs(query, /=/)) {
      const prev = q[k];
      q[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const res = await callApi<InvocationResult>(`${api}/test`, 'POST', { method, path, query: q, headers: Object.fromEntries(pairs(headers, /:/)), body });
    setBusy(false);
    if (res.ok) {
      setResult(res.data);
      setProblem(null);
    } else {
      setProblem(res.problem);
    }
  }

  return (
    <Card title="Test">
      <form onSubmit={run} className="space-y-3 text-sm" aria-busy={busy}>
        <div className="grid grid-cols-[7rem_1fr] gap-3">
          <div className="space-y-1">
            <label htmlFor="t-method" className="block font-medium">Method</label>
            <select id="t-method" value={method} onChange={(e) => setMethod(e.target.value)} className={inputClass}>
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="t-path" className="block font-medium">Path</label>
            <input id="t-path" value={path} onChange={(e) => setPath(e.target.value)} className={`${inputClass} font-mono`} />
          </div>
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1">
            <label htmlFor="t-query" className="block font-medium">Query (name=value per line)</label>
            <textarea id="t-query" rows={2} value={query} onChange={(e) => setQuery(e.target.value)} className={`${inputClass} font-mono`} />
          </div>
          <div className="space-y-1">
            <label htmlFor="t-headers" className="block font-medium">Headers (Name: value per line)</label>
            <textarea id="t-headers" rows={2} value={headers} onChange={(e) => setHeaders(e.target.value)} className={`${inputClass} font-mono`} />
          </div>
        </div>
        <div className="space-y-1">
          <label htmlFor="t-body" className="block font-medium">Body</label>
          <textarea id="t-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} className={`${inputClass} font-mono`} />
        </div>
        <Button type="submit" disabled={busy || !canInvoke} aria-describedby={canInvoke ? undefined : 't-why'}>
          {busy ? 'Running…' : 'Run test'}
        </Button>
        {!canInvoke ? (
          <p id="t-why" className="text-zinc-600 dark:text-zinc-400">
            {suspended ? SUSPENDED_HINT : 'Your role may not run this function.'}
          </p>
        ) : null}
      </form>
      {problem ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400" data-testid="test-problem">
          {problem.title}
        </p>
      ) : null}
      {result ? (
        <div className="mt-4 space-y-3 text-sm" data-testid="test-result" aria-live="polite">
          <p>
            <span className="font-semibold" data-testid="test-status">
              {result.response.status}
            </span>{' '}
            · {result.outcome} · {result.durationMs.toFixed(1)} ms · {result.start === 'warm' ? 'warm' : `cold (${result.start}, ${result.coldMs.toFixed(0)} ms to start)`} · invocation{' '}
            <code className="font-mono text-xs">{result.invocationId}</code>
          </p>
          <details>
            <summary className="cursor-pointer">Response headers ({Object.keys(result.response.headers).length})</summary>
            <pre tabIndex={0} aria-label="Response headers" className="mt-1 overflow-x-auto rounded bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-800">
              {Object.entries(result.response.headers)
                .map(([k, v]) => `${k}: ${v}`)
                .join('\n')}
            </pre>
          </details>
          <div>
            <h3 className="font-medium">Body</h3>
            <pre className="max-h-64 overflow-auto rounded bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-800" data-testid="test-body" tabIndex={0} aria-label="Response body">
              {result.response.body || '(empty)'}
            </pre>
          </div>
          <div>
            <h3 className="font-medium">Logs of this invocation</h3>
            <pre className="max-h-48 overflow-auto rounded bg-zinc-950 p-2 font-mono text-xs text-zinc-100" data-testid="test-logs" tabIndex={0} aria-label="Logs of this invocation">
              {result.logs.length ? result.logs.map((l) => `${l.stream === 'stderr' ? '! ' : ''}${l.text}`).join('\n') : '(no output)'}
            </pre>
          </div>
        </div>
      ) : null}
    </Card>
  );
}
