'use client';
// Suspend or reactivate one organisation: a confirmation dialog that says what the change does and takes the reason
// the admin must type (shown to the organisation's members, kept in the audit log). The same control on the
// tenants list and on a tenant's admin page.
import { useEffect, useId, useRef } from 'react';
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';
import { inputClass } from '@/components/ui/field';

type Props = {
  tenant: { id: string; name: string; status: string };
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
};

const SUSPEND_BODY =
  'Its running instances are stopped and its functions stop answering, so their compute is no longer billed (stopped VMs’ disks still are, at the disk price, until deleted). Its members can still sign in, read everything, and stop or delete what they have; creating, starting, deploying and invoking are refused until it is reactivated.';
const REACTIVATE_BODY = 'Its members may create and start things again. Nothing that suspension stopped is started by this: they start what they want.';

export function TenantStatusControl({ tenant: t, action }: Props) {
  const suspend = t.status === 'active';
  const verb = suspend ? 'Suspend' : 'Reactivate';
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    if (state.ok && state.at) ref.current?.close();
  }, [state]);
  const error = state.ok ? undefined : state.fields?.reason;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <ConfirmDialog dialogRef={ref} label={verb} ariaLabel={`${verb} ${t.name}`} title={`${verb} ${t.name}?`} body={suspend ? SUSPEND_BODY : REACTIVATE_BODY}>
      <form action={formAction} onSubmit={onSubmit} className="mt-5 space-y-3" noValidate>
        <input type="hidden" name="tenantId" value={t.id} />
        <input type="hidden" name="status" value={suspend ? 'suspended' : 'active'} />
        <div className="space-y-1">
          <label htmlFor={`${id}-reason`} className="block text-sm font-medium">
            Reason
          </label>
          <textarea
            id={`${id}-reason`}
            name="reason"
            rows={3}
            maxLength={500}
            aria-required="true"
            aria-invalid={error ? true : undefined}
            aria-describedby={[hintId, error ? errorId : ''].filter(Boolean).join(' ')}
            defaultValue={state.ok ? '' : (state.values?.reason ?? '')}
            key={state.at ?? 0}
            className={inputClass}
          />
          <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
            Required, 3–500 characters. {suspend ? 'Shown to its members in a banner' : 'Kept'} and in the audit log.
          </p>
          {error ? (
            <p id={errorId} className="text-sm text-red-700 dark:text-red-400" data-field-error="reason">
              {error}
            </p>
          ) : null}
        </div>
        {state.ok || error ? null : <FormMessage state={state} testId="confirm-message" />}
        <div className="flex justify-end gap-2">
          <Button type="button" tone="secondary" onClick={() => ref.current?.close()}>
            Cancel
          </Button>
          <SubmitButton pending={pending} tone={suspend ? 'danger' : 'primary'}>{verb}</SubmitButton>
        </div>
      </form>
    </ConfirmDialog>
  );
}
