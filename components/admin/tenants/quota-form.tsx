'use client';
// Edits a quota (a tenant's, or the platform's default for new organisations): every limit, each beside what is in
// use. Functions' limits left empty follow the console's default.
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';
import { Notice } from '@/components/ui/card';

export type QuotaFormField = { name: string; label: string; value: number | null; used?: string; unit: string; optional?: boolean; defaultHint?: string };

type Props = {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  fields: QuotaFormField[];
  hidden?: Record<string, string>;
  /** A tenant's quota says what lowering it does; the default quota does not need to. */
  showUsage: boolean;
  submitLabel: string;
};

export function QuotaForm({ action, fields, hidden = {}, showUsage, submitLabel }: Props) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate data-testid="quota-form">
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {showUsage ? (
        <Notice tone="info">
          A limit may be set below what is in use: nothing running is stopped or deleted, but new creates are refused (quota exceeded) until use is
          back under the limit.
        </Notice>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {fields.map((f) => (
          <TextField
            key={f.name}
            label={`${f.label} (${f.unit})`}
            name={f.name}
            inputMode="numeric"
            defaultValue={state.values?.[f.name] ?? (f.value === null ? '' : String(f.value))}
            placeholder={f.optional ? (f.defaultHint ?? 'console default') : undefined}
            error={state.fields?.[f.name]}
            hint={[showUsage && f.used !== undefined ? `In use: ${f.used}.` : '', f.optional ? `Empty: the console’s default${f.defaultHint ? ` (${f.defaultHint})` : ''}.` : ''].filter(Boolean).join(' ') || undefined}
          />
        ))}
      </div>
      <FormMessage state={state} testId="quota-message" />
      <SubmitButton pending={pending} pendingText="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
