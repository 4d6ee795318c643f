'use client';
// A price list's own fields: its description and the hours per month its monthly figures use.
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

type Props = { action: (p: FormState, fd: FormData) => Promise<FormState>; description: string; hoursPerMonth: number };

export function CatalogSettingsForm({ action, description, hoursPerMonth }: Props) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={formAction} onSubmit={onSubmit} className="max-w-xl space-y-4" noValidate>
      <TextField label="Description" name="description" defaultValue={v.description ?? description} error={state.fields?.description} />
      <TextField
        label="Hours per month"
        name="hoursPerMonth"
        inputMode="numeric"
        defaultValue={v.hoursPerMonth ?? String(hoursPerMonth)}
        error={state.fields?.hoursPerMonth}
        hint="Used for monthly estimates of hourly prices (730 is what public clouds quote). Bills use the real hours."
      />
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Saving…">Save</SubmitButton>
    </form>
  );
}
