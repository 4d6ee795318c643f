'use client';
// An action a member could take but for the organisation's suspension: shown disabled, with why (read by screen
// readers with the button), instead of vanishing without explanation.
import { useId } from 'react';
import { Button } from '@/components/ui/button';

export const SUSPENDED_HINT = 'Disabled while this organisation is suspended.';

export function SuspendedButton({ label }: { label: string }) {
  const id = useId();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button type="button" disabled aria-describedby={id}>
        {label}
      </Button>
      <span id={id} className="text-xs text-zinc-600 dark:text-zinc-400">
        {SUSPENDED_HINT}
      </span>
    </span>
  );
}
