'use client';
// How many days audit entries are kept (Admin → Settings).
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';
import { Field, controlProps } from '@/components/ui/field';

export function AuditRetentionForm({ action, days, max }: { action: (p: FormState, fd: FormData) => Promise<FormState>; days: number; max: number }) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const error = state.fields?.retentionDays;
  const hint = `Entries older than this are deleted (checked every hour). 1 to ${max} days.`;
  return (
    <form action={formAction} onSubmit={onSubmit} className="max-w-sm space-y-4">
      <Field label="Keep audit entries for (days)" name="retentionDays" hint={hint} error={error}>
        <input {...controlProps('retentionDays', hint, error)} type="number" min={1} max={max} step={1} defaultValue={state.values?.retentionDays ?? days} />
      </Field>
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Saving…">Save retention</SubmitButton>
    </form>
  );
}
