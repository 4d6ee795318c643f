'use client';
// "Reset password" on the admin's user page: after a confirmation, makes a one-time link and shows it once, to be
// handed to the user (the console sends no email).
import { useActionState, useEffect, useRef } from 'react';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

type Props = { action: (prev: FormState, fd: FormData) => Promise<FormState>; userId: string; email: string };

export function PasswordResetLink({ action, userId, email }: Props) {
  const [state, formAction] = useActionState(action, initialFormState);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (state.ok && state.at) ref.current?.close();
  }, [state]);
  const path = state.ok ? state.data?.resetPath : undefined;
  const url = path && typeof window !== 'undefined' ? new URL(path, window.location.origin).toString() : path;
  return (
    <div className="space-y-3">
      <ConfirmDialog
        dialogRef={ref}
        label="Make a reset link"
        title={`Make a password reset link for ${email}?`}
        body="You get a link to hand to them: it works once, for 24 hours, and lets whoever holds it set a new password. Using it signs them out everywhere. A link made earlier stops working."
      >
        <form action={formAction} className="mt-5 space-y-3">
          <input type="hidden" name="userId" value={userId} />
          {state.ok ? null : <FormMessage state={state} testId="confirm-message" />}
          <div className="flex justify-end gap-2">
            <Button type="button" tone="secondary" onClick={() => ref.current?.close()}>
              Cancel
            </Button>
            <SubmitButton pendingText="Making…">Make link</SubmitButton>
          </div>
        </form>
      </ConfirmDialog>
      {url ? (
        <>
          <FormMessage state={state} testId="reset-message" />
          <div className="flex items-center gap-2">
            <label htmlFor="reset-link" className="sr-only">
              Password reset link
            </label>
            <input
              id="reset-link"
              readOnly
              value={url}
              data-testid="reset-link"
              className="w-full rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs dark:border-zinc-600 dark:bg-zinc-800"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button type="button" tone="secondary" onClick={() => navigator.clipboard?.writeText(url)}>
              Copy
            </Button>
          </div>
        </>
      ) : null}
    </div>
  );
}
