'use client';
// The labels of one instance or function, edited in place: remove a chip with its button, add `key=value` with the
// field and Enter. Each change is saved at once (PUT …/labels); a refused label shows its reason under the field.
import { useRef, useState, type FormEvent } from 'react';
import { Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { Field, controlProps } from '@/components/ui/field';
import { callApi } from '@/components/functions/api';
import { keyProblem, labelText, MAX_LABELS, valueProblem } from '@/lib/labels/labels';
import { chipClass } from './label-chips';

type Labels = Record<string, string>;

export function LabelEditor({ url, initial, canEdit }: { url: string; initial: Labels; canEdit: boolean }) {
  const [labels, setLabels] = useState<Labels>(initial);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function save(next: Labels, done: string): Promise<boolean> {
    setBusy(true);
    setStatus('');
    const r = await callApi<{ labels: Labels }>(url, 'PUT', { labels: next });
    setBusy(false);
    if (!r.ok) {
      const errors = r.problem.errors ?? {};
      setError(Object.entries(errors).find(([k]) => k.startsWith('labels.'))?.[1] ?? errors.labels ?? r.problem.title);
      return false;
    }
    setLabels(r.data.labels);
    setError(undefined);
    setStatus(done);
    return true;
  }

  async function add(e: FormEvent) {
    e.preventDefault();
    const raw = text.trim();
    const eq = raw.indexOf('=');
    const key = eq < 0 ? raw : raw.slice(0, eq);
    const value = eq < 0 ? '' : raw.slice(eq + 1);
    const problem = keyProblem(key) ?? valueProblem(value) ?? (!(key in labels) && Object.keys(labels).length >= MAX_LABELS ? `At most ${MAX_LABELS} labels.` : null);
    if (problem) {
      setError(problem);
      input.current?.focus();
      return;
    }
    if (await save({ ...labels, [key]: value }, `Added ${labelText(key, value)}.`)) setText('');
    input.current?.focus();
  }

  async function remove(key: string) {
    const next = { ...labels };
    delete next[key];
    await save(next, `Removed ${labelText(key, labels[key])}.`);
    input.current?.focus();
  }

  const entries = Object.entries(labels);
  return (
    <Card title="Labels" className="h-fit text-sm">
      {entries.length ? (
        <ul aria-label="Labels" className="flex flex-wrap gap-2" data-testid="label-chips">
          {entries.map(([key, value]) => (
            <li key={key} className={chipClass}>
              <span>{labelText(key, value)}</span>
              {canEdit ? (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => remove(key)}
                  aria-label={`Remove label ${labelText(key, value)}`}
                  className="-mr-1 rounded-full px-1 text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-700 dark:hover:text-white"
                >
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-zinc-700 dark:text-zinc-300">No labels.</p>
      )}
      {canEdit ? (
        <form onSubmit={add} className="mt-3 flex flex-wrap items-start gap-2" noValidate>
          <div className="min-w-56 flex-1">
            <Field label="Add a label" name="label-add" error={error} hint="key=value, e.g. team=web (the value may be empty).">
              <input
                {...controlProps('label-add', true, error)}
                ref={input}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="team=web"
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
          </div>
          <Button type="submit" tone="secondary" disabled={busy || !text.trim()} className="mt-6">
            Add label
          </Button>
        </form>
      ) : null}
      <p role="status" className="sr-only">
        {status}
      </p>
    </Card>
  );
}
