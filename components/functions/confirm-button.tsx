'use client';
// A button that asks before doing something that cannot be taken back (native <dialog>: focus stays inside,
// Escape cancels); the action's error, if any, is shown in the dialog.
import { useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';

type Props = {
  label: string;
  ariaLabel?: string;
  title: string;
  body: string;
  confirmLabel: string;
  tone?: 'danger' | 'primary';
  /** Returns an error message to show, or null when done. */
  onConfirm: () => Promise<string | null>;
};

export function ConfirmButton({ label, ariaLabel, title, body, confirmLabel, tone = 'danger', onConfirm }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    setBusy(true);
    const err = await onConfirm();
    setBusy(false);
    setError(err);
    if (!err) ref.current?.close();
  }
  return (
    <>
      <Button type="button" tone="secondary" aria-label={ariaLabel} onClick={() => (setError(null), ref.current?.showModal())}>
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
        {error ? (
          <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button type="button" tone="secondary" onClick={() => ref.current?.close()}>
            Cancel
          </Button>
          <Button type="button" tone={tone} onClick={confirm} disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
