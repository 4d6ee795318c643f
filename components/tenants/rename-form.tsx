'use client';
// Renames the organisation (owners only; the slug in its URLs stays the same).
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

export function RenameForm({ action, name }: { action: (p: FormState, fd: FormData) => Promise<FormState>; name: string }) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  return (
    <form action={formAction} onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
      <TextField
        label="Organisation name"
        name="name"
        required
        defaultValue={state.ok ? name : (state.values?.name ?? name)}
        error={state.fields?.name}
        hint="Its address in URLs does not change."
      />
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Saving…">Save</SubmitButton>
    </form>
  );
}
