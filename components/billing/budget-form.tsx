'use client';
// The owner's monthly budget: an amount, and whether reaching it blocks new resources.
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

type Props = { action: (p: FormState, fd: FormData) => Promise<FormState>; amount: string; blockCreates: boolean; currency: string };

export function BudgetForm({ action, amount, blockCreates, currency }: Props) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  return (
    <form action={formAction} onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
      <TextField
        label={`Monthly budget (${currency})`}
        name="amount"
        inputMode="decimal"
        required
        defaultValue={state.ok ? amount : (state.values?.amount ?? amount)}
        error={state.fields?.amount}
        hint="Alerts appear here at 80 % and 100 % of what is spent, and of the forecast."
      />
      <div className="flex items-center gap-2">
        <input id="f-blockCreates" name="blockCreates" type="checkbox" defaultChecked={blockCreates} className="h-4 w-4" />
        <label htmlFor="f-blockCreates" className="text-sm">
          Block new instances once the budget is spent
        </label>
      </div>
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Saving…">Save budget</SubmitButton>
    </form>
  );
}
