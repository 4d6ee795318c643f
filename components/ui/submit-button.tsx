'use client';
// A submit button that shows progress while its form's action runs (`pending` when the form submits through a
// transition of its own, which useFormStatus does not see: components/ui/use-kept-form.ts).
import { useFormStatus } from 'react-dom';
import { Button } from '@/components/ui/button';
import type { ComponentProps } from 'react';

export function SubmitButton({ children, pendingText, pending: submitting, ...props }: ComponentProps<typeof Button> & { pendingText?: string; pending?: boolean }) {
  const status = useFormStatus();
  const pending = submitting || status.pending;
  return (
    <Button type="submit" disabled={pending} aria-disabled={pending} {...props}>
      {pending ? (
        <>
          <span aria-hidden="true" className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" />
          {pendingText ?? children}
        </>
      ) : (
        children
      )}
    </Button>
  );
}
