'use client';
// Imports a price catalog: a JSON file (the whole catalog) or a CSV of rates with the catalog's fields here.
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { Field, TextField, controlProps } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

export function ImportCatalogForm({ action }: { action: (p: FormState, fd: FormData) => Promise<FormState> }) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState, { resetOnSuccess: true });
  const v = state.values ?? {};
  const f = state.fields ?? {};
  const errorFor = (k: string) => f[k] ?? Object.entries(f).find(([key]) => key.startsWith(`${k}.`))?.[1];
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="Catalog file (.json or .csv)" name="file" error={errorFor('file') ?? errorFor('rates') ?? f._} hint="JSON: the whole catalog as exported. CSV: columns provider, unit, flavor, unitPrice, freePerMonth.">
        <input type="file" accept=".json,.csv,application/json,text/csv" {...controlProps('file', true, errorFor('file') ?? errorFor('rates') ?? f._)} />
      </Field>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">For a CSV, name the catalog here (an existing name gets a new version of its prices):</p>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField label="Name" name="name" defaultValue={v.name} error={f.name} />
        <TextField label="Currency" name="currency" defaultValue={v.currency ?? 'USD'} error={f.currency} />
        <TextField label="Hours a month" name="hoursPerMonth" defaultValue={v.hoursPerMonth ?? '730'} error={f.hoursPerMonth} />
      </div>
      <TextField label="Effective from (UTC, optional)" name="effectiveFrom" type="datetime-local" defaultValue={v.effectiveFrom} error={f.effectiveFrom} hint="Empty: now. Prices never change for time already past." />
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Importing…">Import</SubmitButton>
    </form>
  );
}
