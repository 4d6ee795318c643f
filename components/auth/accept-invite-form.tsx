'use client';
// Accepting an invitation: new people choose a name and password; existing users just confirm.
import { useKeptForm } from '@/components/ui/use-kept-form';
import { acceptInviteAction } from '@/app/(auth)/actions';
import { initialFormState } from '@/lib/form-state';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

export function AcceptInviteForm({ token, needsAccount }: { token: string; needsAccount: boolean }) {
  const { state, formAction: action, onSubmit, pending } = useKeptForm(acceptInviteAction, initialFormState);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {needsAccount ? (
        <>
          <TextField label="Your name" name="name" autoComplete="name" required defaultValue={state.values?.name} error={state.fields?.name} />
          <TextField
            label="Choose a password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 12 characters."
            error={state.fields?.password}
          />
        </>
      ) : null}
      <FormMessage state={state} />
      <SubmitButton pending={pending} className="w-full" pendingText="Joining…">
        Accept invitation
      </SubmitButton>
    </form>
  );
}
