'use client';
// Makes an API token: a name, the organisation (or, for platform admins, a platform-admin token), a role up to the
// user's own there, an expiry. The secret comes back once and is shown here once, with a copy button.
import { useEffect, useRef, useState } from 'react';
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { SelectField, TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';
import { Notice } from '@/components/ui/card';
import { CopyButton } from '@/components/functions/copy-button';

type Role = 'owner' | 'admin' | 'member' | 'viewer';
const ROLES: Role[] = ['owner', 'admin', 'member', 'viewer'];
const PLATFORM = '__platform__';
const EXPIRY = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
];

type Props = {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  tenants: { slug: string; name: string; role: Role }[];
  platformAdmin: boolean;
};

/** The roles a token may have where the user has `own`: theirs and every lower one. */
function rolesUpTo(own: Role | undefined): Role[] {
  return own ? ROLES.slice(ROLES.indexOf(own)) : [];
}

export function ApiTokenForm({ action, tenants, platformAdmin }: Props) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const form = useRef<HTMLFormElement>(null);
  const [tenant, setTenant] = useState(tenants[0]?.slug ?? (platformAdmin ? PLATFORM : ''));
  useEffect(() => {
    if (state.ok && state.at) form.current?.reset();
  }, [state]);
  const secret = state.ok ? state.data?.secret : undefined;
  const own = tenants.find((t) => t.slug === tenant)?.role;
  const roles = rolesUpTo(own);
  if (!tenants.length && !platformAdmin) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">You are not a member of any organisation yet: a token needs one.</p>;
  }
  return (
    <div className="space-y-4">
      {secret ? (
        <div className="space-y-2" data-testid="new-token">
          <Notice tone="success">
            Token “{state.data?.name}” made. Copy its secret now: <strong>you won’t see it again</strong>.
          </Notice>
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor="new-token-secret" className="sr-only">
              The new token’s secret
            </label>
            <input
              id="new-token-secret"
              readOnly
              value={secret}
              data-testid="token-secret"
              className="w-full max-w-xl rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs dark:border-zinc-600 dark:bg-zinc-800"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={secret} label="Copy secret" />
          </div>
        </div>
      ) : null}
      <form ref={form} action={formAction} onSubmit={onSubmit} className="max-w-2xl space-y-4" noValidate>
        <TextField
          label="Name"
          name="name"
          maxLength={100}
          required
          error={state.fields?.name}
          hint="What it is for, e.g. “CI deploys” — to recognise it later."
          defaultValue={state.ok ? '' : (state.values?.name ?? '')}
        />
        <SelectField
          label="Organisation"
          name="tenant"
          error={state.fields?.tenant}
          value={tenant}
          onChange={(e) => setTenant(e.currentTarget.value)}
          hint={platformAdmin ? 'A platform-admin token acts as you everywhere, the admin area included: keep it for automation that needs it.' : undefined}
        >
          {tenants.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name} (you: {t.role})
            </option>
          ))}
          {platformAdmin ? <option value={PLATFORM}>Platform admin (every organisation and the admin area)</option> : null}
        </SelectField>
        {tenant !== PLATFORM ? (
          <SelectField
            key={tenant}
            label="Role"
            name="role"
            error={state.fields?.role}
            hint="At most your own role in this organisation. The token never does more than you can at the time it is used."
            defaultValue={roles.includes(state.values?.role as Role) ? state.values?.role : roles.includes('member') ? 'member' : roles[0]}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField label="Expires" name="expiresInDays" error={state.fields?.expiresInDays ?? state.fields?.expiresAt} defaultValue={state.values?.expiresInDays ?? '30'}>
          {EXPIRY.map((e) => (
            <option key={e.value} value={e.value}>
              {e.label}
            </option>
          ))}
        </SelectField>
        {state.ok ? null : <FormMessage state={state} />}
        <SubmitButton pending={pending} pendingText="Making…">Make token</SubmitButton>
      </form>
    </div>
  );
}
