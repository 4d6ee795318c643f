'use client';
// A server-action form that keeps what was typed and chosen after a refused submit. React 19 resets a form after its
// `action` runs (requestFormReset): uncontrolled inputs go back to their defaults, and controlled ones (selects,
// radios) show their first-render value in the DOM while React's state — and so the summary — keeps the choice,
// until the next submit sends what the DOM shows. Submitting through onSubmit + startTransition skips that reset;
// `action` stays on the form so that it still posts without JavaScript. Every server-action form with fields uses
// this (selects, checkboxes, passwords and files cannot be put back from an echo of the submitted values).
import { startTransition, useActionState, useEffect, useRef, type FormEvent } from 'react';
import type { FormState } from '@/lib/form-state';

type Options = {
  /** Empty the form after a successful submit (forms that add one more of something: a price, an import). */
  resetOnSuccess?: boolean;
};

export function useKeptForm(action: (prev: FormState, fd: FormData) => Promise<FormState>, initial: FormState, options: Options = {}) {
  const [state, formAction, pending] = useActionState(action, initial);
  const submitted = useRef<HTMLFormElement | null>(null);
  const { resetOnSuccess = false } = options;
  useEffect(() => {
    if (resetOnSuccess && state.ok && state !== initial) submitted.current?.reset();
  }, [state, initial, resetOnSuccess]);
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    submitted.current = e.currentTarget;
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const fd = new FormData(e.currentTarget, submitter instanceof HTMLElement ? submitter : null);
    startTransition(() => formAction(fd));
  }
  return { state, formAction, onSubmit, pending };
}
