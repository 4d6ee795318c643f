'use client';
// Sign-up form: creates the person's account and their organisation, then signs them in.
import { useKeptForm } from '@/components/ui/use-kept-form';
import { signUpAction } from '@/app/(auth)/actions';
import { initialFormState } from '@/lib/form-state';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

export function SignupForm() {
  const { state, formAction: action, onSubmit, pending } = useKeptForm(signUpAction, initialFormState);
  const v = state.values ?? {};
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <TextField label="Your name" name="name" autoComplete="name" required defaultValue={v.name} error={state.fields?.name} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={v.email}
        error={state.fields?.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters."
        error={state.fields?.password}
      />
      <TextField
        label="Organisation"
        name="organisation"
        autoComplete="organization"
        required
        hint="Your team or company; you will be its owner."
        defaultValue={v.organisation}
        error={state.fields?.organisation}
      />
      <FormMessage state={state} />
      <SubmitButton pending={pending} className="w-full" pendingText="Creating your account…">
        Create account
      </SubmitButton>
    </form>
  );
}
