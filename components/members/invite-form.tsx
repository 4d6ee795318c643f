'use client';
// Invites someone by email with a role (they join once they accept); shows the invitation link once.
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { SelectField, TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

type Props = { action: (prev: FormState, fd: FormData) => Promise<FormState>; roles: string[] };

export function InviteForm({ action, roles }: Props) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const link = state.data?.invitePath;
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate key={state.ok ? state.at : 'form'}>
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          required
          defaultValue={state.ok ? '' : state.values?.email}
          error={state.fields?.email}
        />
        <SelectField label="Role" name="role" defaultValue={state.values?.role ?? 'member'} error={state.fields?.role}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
      </div>
      <FormMessage state={state} testId="invite-message" />
      {link ? <InviteLink path={link} /> : null}
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Nobody joins without accepting: someone with an account here sees the invitation when they sign in; anyone can
        accept through the link.
      </p>
      <SubmitButton pending={pending} pendingText="Inviting…">Invite</SubmitButton>
    </form>
  );
}

function InviteLink({ path }: { path: string }) {
  const url = typeof window === 'undefined' ? path : new URL(path, window.location.origin).toString();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="invite-link" className="sr-only">
        Invitation link
      </label>
      <input
        id="invite-link"
        readOnly
        value={url}
        data-testid="invite-link"
        className="w-full rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs dark:border-zinc-600 dark:bg-zinc-800"
        onFocus={(e) => e.currentTarget.select()}
      />
      <button
        type="button"
        className="rounded-md border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-600"
        onClick={() => navigator.clipboard?.writeText(url)}
      >
        Copy
      </button>
    </div>
  );
}
