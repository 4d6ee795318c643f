'use client';
// Sign-in form: email + password; errors appear next to the field or, for wrong credentials, above the button.
import { useKeptForm } from '@/components/ui/use-kept-form';
import { signInAction } from '@/app/(auth)/actions';
import { initialFormState } from '@/lib/form-state';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

export function LoginForm({ next }: { next?: string }) {
  const { state, formAction: action, onSubmit, pending } = useKeptForm(signInAction, initialFormState);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next ?? '/'} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.values?.email}
        error={state.fields?.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fields?.password}
      />
      <FormMessage state={state} />
      <SubmitButton pending={pending} className="w-full" pendingText="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
