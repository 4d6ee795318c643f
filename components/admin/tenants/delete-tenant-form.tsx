'use client';
// Deletes an organisation: the slug typed as confirmation; with "everything it holds" its instances and functions go
// first (their engine objects removed by the reconciler), otherwise it is refused while it holds any.
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

type Props = { action: (p: FormState, fd: FormData) => Promise<FormState>; tenantId: string; slug: string; holdings: { instances: number; functions: number } };

export function DeleteTenantForm({ action, tenantId, slug, holdings }: Props) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const holds = holdings.instances + holdings.functions > 0;
  return (
    <form action={formAction} onSubmit={onSubmit} className="max-w-xl space-y-4" noValidate>
      <input type="hidden" name="tenantId" value={tenantId} />
      <p className="text-sm">
        {holds
          ? `It holds ${holdings.instances} instance(s) and ${holdings.functions} function(s). Deleting is refused unless you also delete everything it holds: containers, VMs and their disks, functions and their containers, its network, usage and bills.`
          : 'It holds no instances or functions.'}{' '}
        Its members lose access at once. Audit entries are kept.
      </p>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="force" defaultChecked={state.values?.force === 'on'} /> Delete everything it holds
      </label>
      <TextField label={`Type ${slug} to confirm`} name="confirm" autoComplete="off" defaultValue="" error={state.fields?.confirm} />
      <FormMessage state={state} testId="delete-tenant-message" />
      <SubmitButton pending={pending} tone="danger" pendingText="Deleting…">
        Delete organisation
      </SubmitButton>
    </form>
  );
}
