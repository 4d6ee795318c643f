'use client';
// A destructive action behind a confirmation dialog (native <dialog>: focus trapped, Escape cancels).
import { useActionState, useEffect, useId, useRef } from 'react';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { Button } from '@/components/ui/button';
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
  const id = useId();
  useEffect(() => {
    if (state.ok && state.at) ref.current?.close();
  }, [state]);
  return (
    <>
      <Button type="button" tone="secondary" aria-label={ariaLabel} onClick={() => ref.current?.showModal()}>
        {label}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        className="m-auto w-full max-w-md rounded-lg border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <p id={`${id}-body`} className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
          {body}
        </p>
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
      </dialog>
    </>
  );
}
