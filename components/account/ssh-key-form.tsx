'use client';
// Adds an SSH public key: the server validates it (type, key data, size) and shows why a key is refused next to it.
import { useEffect, useRef } from 'react';
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { Field, TextField, controlProps } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

export function SshKeyForm({ action }: { action: (p: FormState, fd: FormData) => Promise<FormState> }) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok && state.at) form.current?.reset();
  }, [state]);
  const hint = 'One line, as in ~/.ssh/id_ed25519.pub: ssh-ed25519, ecdsa-sha2-nistp256/384/521, or ssh-rsa of 2048 bits or more. Make one with ssh-keygen -t ed25519.';
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="max-w-2xl space-y-4" noValidate>
      <Field label="Public key" name="publicKey" error={state.fields?.publicKey} hint={hint}>
        <textarea
          {...controlProps('publicKey', hint, state.fields?.publicKey)}
          className={`${controlProps('publicKey').className} font-mono`}
          rows={4}
          required
          spellCheck={false}
          placeholder="ssh-ed25519 AAAAC3Nza… you@laptop"
          defaultValue={state.ok ? '' : (state.values?.publicKey ?? '')}
        />
      </Field>
      <TextField
        label="Name (optional)"
        name="name"
        maxLength={100}
        error={state.fields?.name}
        hint="Defaults to the key's comment."
        defaultValue={state.ok ? '' : (state.values?.name ?? '')}
      />
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Adding…">Add key</SubmitButton>
    </form>
  );
}
