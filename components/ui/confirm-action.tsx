'use client';
// A destructive server action behind a confirmation dialog (ConfirmDialog).
import { useActionState, useEffect, useRef } from 'react';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

type Props = {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  label: string;
  /** Accessible name of the opening button when `label` alone is ambiguous in a list. */
  ariaLabel?: string;
  title: string;
  body: string;
  confirmLabel: string;
  hidden: Record<string, string>;
};

export function ConfirmAction({ action, label, ariaLabel, title, body, confirmLabel, hidden }: Props) {
  const [state, formAction] = useActionState(action, initialFormState);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (state.ok && state.at) ref.current?.close();
  }, [state]);
  return (
    <ConfirmDialog dialogRef={ref} label={label} ariaLabel={ariaLabel} title={title} body={body}>
      <form action={formAction} className="mt-5 space-y-3">
        {Object.entries(hidden).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        {state.ok ? null : <FormMessage state={state} testId="confirm-message" />}
        <div className="flex justify-end gap-2">
          <Button type="button" tone="secondary" onClick={() => ref.current?.close()}>
            Cancel
          </Button>
          <SubmitButton tone="danger">{confirmLabel}</SubmitButton>
        </div>
      </form>
    </ConfirmDialog>
  );
}
