'use client';
// The SSH keys a VM image with an SSH user takes: the signed-in user's saved keys (checkboxes) and/or pasted ones.
import Link from 'next/link';
import { Field, controlProps, inputClass } from '@/components/ui/field';

export type SshKeyChoice = { id: string; name: string; fingerprint: string };

type PickerProps = {
  sshUser: string;
  keys: SshKeyChoice[];
  chosen: string[];
  onChosen: (ids: string[]) => void;
  pasted: string;
  onPasted: (text: string) => void;
  errors: { sshKeyIds?: string; sshPublicKeys?: string };
};

/** Which public keys may log in as the image's user: the user's saved keys (checkboxes) and/or pasted ones. */
export function SshKeyPicker({ sshUser, keys, chosen, onChosen, pasted, onPasted, errors }: PickerProps) {
  const hint = `You log in as “${sshUser}” (passwordless sudo) with one of these keys; the VM keeps a copy.`;
  return (
    <>
      <fieldset aria-describedby={['f-sshKeyIds-hint', errors.sshKeyIds ? 'f-sshKeyIds-error' : ''].filter(Boolean).join(' ')} data-testid="ssh-key-picker">
        <legend className="mb-1 block text-sm font-medium">SSH keys</legend>
        {keys.length ? (
          <ul className="space-y-1">
            {keys.map((k) => (
              <li key={k.id} className="flex items-center gap-2 text-sm">
                <input
                  id={`f-key-${k.id}`}
                  type="checkbox"
                  name="sshKeyIds"
                  value={k.id}
                  checked={chosen.includes(k.id)}
                  onChange={(e) => onChosen(e.target.checked ? [...chosen, k.id] : chosen.filter((id) => id !== k.id))}
                  className="h-4 w-4"
                />
                <label htmlFor={`f-key-${k.id}`}>
                  {k.name} <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{k.fingerprint}</span>
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">You have no saved SSH keys.</p>
        )}
        <p id="f-sshKeyIds-hint" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          {hint}{' '}
          <Link href="/account/ssh-keys" className="underline">
            Add a key to your account
          </Link>
          .
        </p>
        {errors.sshKeyIds ? (
          <p id="f-sshKeyIds-error" className="text-sm text-red-700 dark:text-red-400" data-field-error="sshKeyIds">
            {errors.sshKeyIds}
          </p>
        ) : null}
      </fieldset>
      <Field label="Paste a public key (optional)" name="sshPublicKeys" error={errors.sshPublicKeys} hint="For this VM only; one key per line.">
        <textarea
          {...controlProps('sshPublicKeys', true, errors.sshPublicKeys)}
          rows={2}
          value={pasted}
          onChange={(e) => onPasted(e.target.value)}
          spellCheck={false}
          placeholder="ssh-ed25519 AAAAC3Nza… you@laptop"
          className={`${inputClass} font-mono`}
        />
      </Field>
    </>
  );
}
