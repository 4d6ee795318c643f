'use client';
// A server-action form that keeps what was typed and chosen after a refused submit. React 19 resets a form after its
// `action` runs (requestFormReset): uncontrolled inputs go back to their defaults, and controlled ones (selects,
// radios) show their first-render value in the DOM while React's state — and so the summary — keeps the choice,
// until the next submit sends what the DOM shows. Submitting through onSubmit + startTransition skips that reset;
// `action` stays on the form so that it still posts without JavaScript.
import { startTransition, useActionState, type FormEvent } from 'react';
import type { FormState } from '@/lib/form-state';

export function useKeptForm(action: (prev: FormState, fd: FormData) => Promise<FormState>, initial: FormState) {
  const [state, formAction, pending] = useActionState(action, initial);
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const fd = new FormData(e.currentTarget, submitter instanceof HTMLElement ? submitter : null);
    startTransition(() => formAction(fd));
  }
  return { state, formAction, onSubmit, pending };
}
