'use client';
// Creates an organisation for someone: its owner is invited (membership is by invitation only); the link is shown once.
import { useKeptForm } from '@/components/ui/use-kept-form';
import Link from 'next/link';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

export function CreateTenantForm({ action }: { action: (p: FormState, fd: FormData) => Promise<FormState> }) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const link = state.ok && state.data?.invitePath ? `${typeof window === 'undefined' ? '' : window.location.origin}${state.data.invitePath}` : null;
  return (
    <form action={formAction} onSubmit={onSubmit} className="max-w-xl space-y-4" noValidate key={state.ok ? state.at : undefined}>
      <TextField label="Organisation name" name="name" required defaultValue={state.ok ? '' : state.values?.name} error={state.fields?.name} />
      <TextField
        label="Address (slug)"
        name="slug"
        defaultValue={state.ok ? '' : state.values?.slug}
        error={state.fields?.slug}
        hint="In its URLs and function addresses; never changes. Empty: made from the name."
      />
      <TextField
        label="Owner’s email"
        name="ownerEmail"
        type="email"
        required
        defaultValue={state.ok ? '' : state.values?.ownerEmail}
        error={state.fields?.ownerEmail}
        hint="They are invited as owner and become one when they accept; until then the organisation has no members and platform admins manage it."
      />
      <FormMessage state={state} testId="create-tenant-message" />
      {link ? (
        <p className="text-sm">
          Invitation link: <code data-testid="invite-link" className="break-all rounded bg-zinc-100 px-1 dark:bg-zinc-800">{link}</code>{' '}
          {state.data?.tenantId ? (
            <Link className="underline" href={`/admin/tenants/${state.data.tenantId}`}>
              Open the organisation
            </Link>
          ) : null}
        </p>
      ) : null}
      <SubmitButton pending={pending} pendingText="Creating…">Create organisation</SubmitButton>
    </form>
  );
}
