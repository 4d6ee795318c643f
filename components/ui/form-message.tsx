'use client';
// The form-level message of a FormState: an error (announced) or a success note.
import type { FormState } from '@/lib/form-state';
import { Notice } from '@/components/ui/card';

export function FormMessage({ state, testId = 'form-message' }: { state: FormState; testId?: string }) {
  if (!state.message) return null;
  return (
    <div data-testid={testId}>
      <Notice tone={state.ok ? 'success' : 'error'}>{state.message}</Notice>
    </div>
  );
}
