'use client';
// A function's settings: memory, timeout and variables (a change makes a new version with the same code), access
// (turning token access on shows the new token once) and scaling. Secret values show as a mask and keep their value
// unless replaced.
import { useState } from 'react';
import { Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { Field, SelectField, TextField, controlProps, inputClass } from '@/components/ui/field';
import { MEMORY_STEPS_MIB } from '@/lib/functions/schemas';
import type { FunctionDetail } from '@/lib/functions/queries';
import { envFromFields } from '@/lib/env-text';
import { formNumber } from '@/lib/form-number';
import { callApi, envText, type Problem } from './api';

type Props = { api: string; fn: FunctionDetail; canDeploy: boolean; onChanged: (message: string, token?: string | null) => void };

export function SettingsPanel({ api, fn, canDeploy, onChanged }: Props) {
  const env = fn.active?.env ?? [];
  const [memory, setMemory] = useState(fn.active?.memoryMib ?? 128);
  const [timeout, setTimeoutMs] = useState(String(fn.active?.timeoutMs ?? 3000));
  const [access, setAccess] = useState(fn.access);
  const [plain, setPlain] = useState(envText(env, false));
  const [secrets, setSecrets] = useState(envText(env, true));
  const [concurrency, setConcurrency] = useState(String(fn.concurrency));
  const [maxScale, setMaxScale] = useState(String(fn.maxScale));
  const [idle, setIdle] = useState(String(fn.idleSeconds));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const errors = problem?.errors ?? {};

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const vars = envFromFields(plain, secrets);
    if ('errors' in vars) return setProblem({ code: 'validation_failed', title: 'Some fields need attention.', status: 400, errors: vars.errors });
    setBusy(true);
    const res = await callApi<{ versionNumber: number | null; token: string | null; changed: string[] }>(api, 'PATCH', {
      memoryMib: memory,
      // The API takes numbers; text that is not one is sent as it is, for the API to name the field.
      timeoutMs: formNumber(timeout) ?? timeout,
      access,
      env: vars.env,
      concurrency: formNumber(concurrency) ?? concurrency,
      maxScale: formNumber(maxScale) ?? maxScale,
      idleSeconds: formNumber(idle) ?? idle,
    });
    setBusy(false);
    if (!res.ok) return setProblem(res.problem);
    setProblem(null);
    const { changed, versionNumber, token } = res.data;
    onChanged(changed.length ? `Saved${versionNumber ? ` as version ${versionNumber}` : ''}: ${changed.join(', ')}.` : 'Nothing changed.', token);
  }

  return (
    <Card title="Settings">
      <form onSubmit={save} noValidate className="space-y-4" aria-busy={busy}>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Memory" name="s-memory" value={memory} onChange={(e) => setMemory(Number(e.target.value))} error={errors.memoryMib} disabled={!canDeploy}>
            {MEMORY_STEPS_MIB.map((m) => (
              <option key={m} value={m}>
                {m} MiB
              </option>
            ))}
          </SelectField>
          <TextField label="Timeout (ms)" name="s-timeout" value={timeout} onChange={(e) => setTimeoutMs(e.target.value)} error={errors.timeoutMs} disabled={!canDeploy} inputMode="numeric" />
        </div>
        <fieldset disabled={!canDeploy}>
          <legend className="mb-1 text-sm font-medium">Access</legend>
          <div className="flex gap-4 text-sm">
            {(['public', 'token'] as const).map((a) => (
              <label key={a} className="flex items-center gap-2">
                <input type="radio" name="s-access" checked={access === a} onChange={() => setAccess(a)} className="h-4 w-4" />
                {a === 'public' ? 'Public' : 'Token required'}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Environment variables" name="s-env" error={errors.env} hint="One NAME=value per line.">
            <textarea {...controlProps('s-env', true, errors.env)} rows={3} value={plain} onChange={(e) => setPlain(e.target.value)} className={`${inputClass} font-mono`} disabled={!canDeploy} />
          </Field>
          <Field label="Secret variables" name="s-secrets" error={errors.secrets} hint="Masked values are kept; type a new value to replace one.">
            <textarea {...controlProps('s-secrets', true, errors.secrets)} rows={3} value={secrets} onChange={(e) => setSecrets(e.target.value)} className={`${inputClass} font-mono`} disabled={!canDeploy} />
          </Field>
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Concurrency per container" name="s-concurrency" value={concurrency} onChange={(e) => setConcurrency(e.target.value)} error={errors.concurrency} disabled={!canDeploy} inputMode="numeric" />
          <TextField label="Most containers" name="s-maxscale" value={maxScale} onChange={(e) => setMaxScale(e.target.value)} error={errors.maxScale} disabled={!canDeploy} inputMode="numeric" />
          <TextField label="Idle seconds before scale to zero" name="s-idle" value={idle} onChange={(e) => setIdle(e.target.value)} error={errors.idleSeconds} disabled={!canDeploy} inputMode="numeric" />
        </div>
        {problem ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {problem.title}
          </p>
        ) : null}
        {canDeploy ? (
          <Button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save settings'}
          </Button>
        ) : null}
      </form>
    </Card>
  );
}
