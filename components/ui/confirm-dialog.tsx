'use client';
// The shell of every confirmation in the console: a button that opens a native <dialog> (focus stays inside,
// Escape cancels) with a title, an explanation and the caller's controls. ConfirmAction (server actions) and
// ConfirmButton (client calls) fill it.
import { useId, type ReactNode, type RefObject } from 'react';
import { Button } from '@/components/ui/button';

type Props = {
  dialogRef: RefObject<HTMLDialogElement | null>;
  label: string;
  /** Accessible name of the opening button when `label` alone is ambiguous in a list. */
  ariaLabel?: string;
  title: string;
  body: string;
  onOpen?: () => void;
  children: ReactNode;
};

export function ConfirmDialog({ dialogRef, label, ariaLabel, title, body, onOpen, children }: Props) {
  return (
    <>
      <Button type="button" tone="secondary" aria-label={ariaLabel} onClick={() => (onOpen?.(), dialogRef.current?.showModal())}>
        {label}
      </Button>
      <Modal dialogRef={dialogRef} title={title} body={body}>
        {children}
      </Modal>
    </>
  );
}

/** The dialog alone, opened by its owner (`dialogRef.current.showModal()`): a list's bulk or row-menu confirmation. */
export function Modal({ dialogRef, title, body, children }: { dialogRef: Props['dialogRef']; title: string; body: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      className="m-auto w-full max-w-md rounded-lg border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      <div id={`${id}-body`} className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
        {body}
      </div>
      {children}
    </dialog>
  );
}
