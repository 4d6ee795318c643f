'use client';
// A button that asks before doing something that cannot be taken back, for client-side calls (ConfirmDialog); the
// call's error, if any, is shown in the dialog.
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

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
    <ConfirmDialog dialogRef={ref} label={label} ariaLabel={ariaLabel} title={title} body={body} onOpen={() => setError(null)}>
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
    </ConfirmDialog>
  );
}
