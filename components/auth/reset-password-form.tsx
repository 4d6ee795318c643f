'use client';
// Choosing a new password through a reset link; once set, the form gives way to a link to sign in.
import Link from 'next/link';
import { useKeptForm } from '@/components/ui/use-kept-form';
import { resetPasswordAction } from '@/app/reset-password/actions';
import { initialFormState } from '@/lib/form-state';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const { state, formAction: action, onSubmit, pending } = useKeptForm(resetPasswordAction, initialFormState);
  if (state.ok && state.data?.email) {
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        <Link className="font-medium text-sky-700 underline dark:text-sky-400" href="/login">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {/* For password managers: the account this password belongs to. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters."
        error={state.fields?.password}
      />
      <TextField label="Type it again" name="confirmPassword" type="password" autoComplete="new-password" required error={state.fields?.confirmPassword} />
      <FormMessage state={state} />
      <SubmitButton pending={pending} className="w-full" pendingText="Setting…">
        Set password
      </SubmitButton>
    </form>
  );
}
