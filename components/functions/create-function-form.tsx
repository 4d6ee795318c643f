'use client';
// The create-function form: name, memory, timeout, access, env, the code (editor prefilled with a working example)
// and the live price for an expected number of requests. Sends JSON to POST …/functions; field errors appear next
// to their field, a code error at its line. A private function's token is shown once, here.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import type { Catalog } from '@/lib/billing/estimate';
import { EXAMPLE_CODE } from '@/lib/functions/example';
import { DEFAULT_MEMORY_MIB, DEFAULT_TIMEOUT_MS, FUNCTION_NAME_RULE, MEMORY_STEPS_MIB, ZCreateFunction } from '@/lib/functions/schemas';
import { codeProblem } from '@/lib/functions/validate-code';
import { labelsFromText } from '@/lib/labels/labels';
import { Field, SelectField, TextField, controlProps, inputClass } from '@/components/ui/field';
import { Button, ButtonLink } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { LazyCodeEditor } from './code-editor-lazy';
import { FunctionPrice } from './function-price';
import { envFromFields } from '@/lib/env-text';
import { formNumber } from '@/lib/form-number';
import { callApi, type Problem } from './api';
import { TokenOnce } from './token-once';
import { ColdStartHint, type FunctionStartFigures } from '@/components/performance/ready-hint';

type Props = { slug: string; prices: Catalog; provider: string | null; usage: { functions: number; maxFunctions: number | null }; startFigures: FunctionStartFigures };
type Created = { id: string; name: string; token: string | null; invokeUrl: string };

/** The API's own checks of the body (schema and code), run here, with the form's own errors first. */
function localProblem(body: unknown, fields: Record<string, string>): Problem {
  const errors = { ...fields };
  const r = ZCreateFunction.safeParse(body);
  if (!r.success) for (const issue of r.error.issues) errors[String(issue.path[0] ?? '_')] ??= issue.message;
  const code = (body as { code: string }).code;
  const bad = code ? codeProblem(code) : null;
  if (bad) errors.code ??= `Line ${bad.line}: ${bad.message}`;
  return { code: 'validation_failed', title: 'Some fields need attention.', status: 400, errors, ...(bad ? { line: bad.line, column: bad.column } : {}) };
}

export function CreateFunctionForm({ slug, prices, provider, usage, startFigures }: Props) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [memory, setMemory] = useState(DEFAULT_MEMORY_MIB);
  const [timeout, setTimeoutMs] = useState(String(DEFAULT_TIMEOUT_MS));
  const [access, setAccess] = useState<'public' | 'token'>('public');
  const [env, setEnv] = useState('');
  const [secrets, setSecrets] = useState('');
  const [labels, setLabels] = useState('');
  const [code, setCode] = useState(EXAMPLE_CODE);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const errors = problem?.errors ?? {};
  const over = usage.maxFunctions !== null && usage.functions + 1 > usage.maxFunctions;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const vars = envFromFields(env, secrets);
    const body = {
      name,
      memoryMib: memory,
      // The API takes numbers; text that is not one is sent as it is, for the API to name the field.
      timeoutMs: formNumber(timeout) ?? timeout,
      access,
      env: 'env' in vars ? vars.env : [],
      code,
      labels: labelsFromText(labels),
    };
    // A variable line the API cannot be sent: reported here with every other field's error, checked as the API would.
    if ('errors' in vars) return setProblem(localProblem(body, vars.errors));
    setBusy(true);
    const res = await callApi<Created>(`/api/v1/tenants/${slug}/functions`, 'POST', body);
    setBusy(false);
    if (!res.ok) return setProblem(res.problem);
    setProblem(null);
    if (res.data.token) setCreated(res.data);
    else router.push(`/t/${slug}/functions/${res.data.id}`);
  }

  if (created?.token) {
    return (
      <div className="max-w-2xl space-y-4">
        <Notice tone="success">Function {created.name} created and deployed as version 1.</Notice>
        <TokenOnce token={created.token} invokeUrl={created.invokeUrl} />
        <ButtonLink href={`/t/${slug}/functions/${created.id}`}>Open {created.name}</ButtonLink>
      </div>
    );
  }

  const codeError = errors.code;
  return (
    <form onSubmit={submit} noValidate className="grid grid-cols-[minmax(0,1fr)] gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]" aria-busy={busy}>
      <div className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} hint={FUNCTION_NAME_RULE} autoComplete="off" />
          <SelectField label="Memory" name="memoryMib" value={memory} onChange={(e) => setMemory(Number(e.target.value))} error={errors.memoryMib}>
            {MEMORY_STEPS_MIB.map((m) => (
              <option key={m} value={m}>
                {m} MiB
              </option>
            ))}
          </SelectField>
          <TextField label="Timeout (ms)" name="timeoutMs" inputMode="numeric" value={timeout} onChange={(e) => setTimeoutMs(e.target.value)} error={errors.timeoutMs} hint="100 to 60000" />
        </div>
        <fieldset>
          <legend className="mb-2 block text-sm font-medium">Access</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {(
              [
                ['public', 'Public: anyone with the URL may call it'],
                ['token', 'Token: callers send Authorization: Bearer <token>'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-2">
                <input type="radio" name="access" value={value} checked={access === value} onChange={() => setAccess(value)} className="h-4 w-4" />
                {label}
              </label>
            ))}
          </div>
          {errors.access ? <p className="text-sm text-red-700 dark:text-red-400">{errors.access}</p> : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Environment variables" name="env" error={errors.env} hint="One NAME=value per line.">
            <textarea {...controlProps('env', true, errors.env)} rows={3} value={env} onChange={(e) => setEnv(e.target.value)} className={`${inputClass} font-mono`} />
          </Field>
          <Field label="Secret variables" name="secrets" error={errors.secrets} hint="Like the above; values are never shown again.">
            <textarea {...controlProps('secrets', true, errors.secrets)} rows={3} value={secrets} onChange={(e) => setSecrets(e.target.value)} className={`${inputClass} font-mono`} />
          </Field>
        </div>
        <Field label="Labels (optional)" name="labels" error={errors.labels} hint="key=value pairs, one a line or separated by spaces or commas, e.g. team=web.">
          <textarea {...controlProps('labels', true, errors.labels)} rows={2} value={labels} onChange={(e) => setLabels(e.target.value)} className={`${inputClass} font-mono`} />
        </Field>
        <div className="space-y-1">
          <p id="f-code-label" className="text-sm font-medium">
            Code (Node.js, an ES module with a default-exported handler)
          </p>
          <LazyCodeEditor value={code} onChange={setCode} labelledBy="f-code-label" describedBy={`f-code-hint${codeError ? ' f-code-error' : ''}`} errorLine={problem?.line ?? null} />
          <p id="f-code-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
            Tab indents; press Escape then Tab to move on. At most 256 KiB.
          </p>
          {codeError ? (
            <p id="f-code-error" className="text-sm text-red-700 dark:text-red-400" data-field-error="code">
              {codeError}
            </p>
          ) : null}
        </div>
        {/* Wide screens show the summary beside the form: its button is repeated where the form ends. */}
        <div className="hidden xl:block">
          <Button type="submit" disabled={busy || over}>
            {busy ? 'Creating…' : 'Create and deploy'}
          </Button>
        </div>
      </div>
      <aside aria-label="Summary" className="h-fit space-y-4 self-start rounded-lg xl:sticky xl:top-6 border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
        <h2 className="text-base font-semibold">Summary</h2>
        <p className="text-sm" data-testid="fn-quota">
          Functions after creating: {usage.functions + 1}
          {usage.maxFunctions !== null ? ` / ${usage.maxFunctions}` : ''}
        </p>
        <FunctionPrice prices={prices} provider={provider} memoryMib={memory} />
        <ColdStartHint figures={startFigures} memoryMib={memory} />
        {over ? <p className="text-sm text-red-700 dark:text-red-400">This would exceed the quota.</p> : null}
        {problem ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="form-message">
            {problem.title}
          </p>
        ) : null}
        <Button type="submit" className="w-full" disabled={busy || over}>
          {busy ? 'Creating…' : 'Create and deploy'}
        </Button>
      </aside>
    </form>
  );
}
