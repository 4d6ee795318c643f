'use client';
// Sets one price of a catalog from a date on (a new version; earlier usage keeps its price).
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { SelectField, TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';
import { UNITS } from '@/lib/billing/units';

/** `providers`: the ids a price can be for (the console's drivers and any already priced in this list). */
export function RateForm({ action, providers }: { action: (p: FormState, fd: FormData) => Promise<FormState>; providers: string[] }) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState, { resetOnSuccess: true });
  const v = state.ok ? {} : (state.values ?? {});
  const f = state.fields ?? {};
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <SelectField label="Provider" name="provider" defaultValue={v.provider ?? providers[0]} error={f.provider}>
          {providers.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </SelectField>
        <SelectField label="Unit" name="unit" defaultValue={v.unit ?? 'vcpu_hour'} error={f.unit}>
          {Object.entries(UNITS).map(([code, u]) => (
            <option key={code} value={code}>
              {u.label} ({u.price})
            </option>
          ))}
        </SelectField>
        <TextField label="Flavor (only for instance hours)" name="flavor" defaultValue={v.flavor} error={f.flavor} />
        <TextField label="Unit price" name="unitPrice" inputMode="decimal" defaultValue={v.unitPrice} error={f.unitPrice} />
        <TextField label="Free each month" name="freePerMonth" inputMode="decimal" defaultValue={v.freePerMonth ?? '0'} error={f.freePerMonth} />
        <TextField label="Effective from (UTC)" name="effectiveFrom" type="datetime-local" defaultValue={v.effectiveFrom} error={f.effectiveFrom} hint="Empty: now." />
      </div>
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Saving…">Schedule price</SubmitButton>
    </form>
  );
}
