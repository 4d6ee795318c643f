'use client';
// Changes one member's role; errors (such as the last-owner rule) show beside the select.
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { SubmitButton } from '@/components/ui/submit-button';
import { inputClass } from '@/components/ui/field';

type Props = {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  membershipId: string;
  role: string;
  roles: string[];
  who: string;
};

export function RoleForm({ action, membershipId, role, roles, who }: Props) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const selectId = `role-${membershipId}`;
  const errId = `${selectId}-error`;
  const error = state.ok ? undefined : (state.fields?.role ?? state.message);
  return (
    <form action={formAction} onSubmit={onSubmit} className="flex flex-wrap items-start gap-2">
      <input type="hidden" name="membershipId" value={membershipId} />
      <label htmlFor={selectId} className="sr-only">
        Role of {who}
      </label>
      <select
        id={selectId}
        name="role"
        defaultValue={role}
        className={`${inputClass} w-32`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errId : undefined}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <SubmitButton pending={pending} tone="secondary" aria-label={`Save role of ${who}`} pendingText="Saving…">
        Save
      </SubmitButton>
      {error ? (
        <p id={errId} className="basis-full text-sm text-red-700 dark:text-red-400" data-field-error="role">
          {error}
        </p>
      ) : state.ok && state.message ? (
        <p className="basis-full text-sm text-emerald-700 dark:text-emerald-400" role="status">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
