'use client';
// Opens or closes public sign-up.
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

export function SignupToggle({ action, enabled }: { action: (p: FormState, fd: FormData) => Promise<FormState>; enabled: boolean }) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4">
      <div className="flex items-center gap-3">
        <input id="signup-enabled" name="enabled" type="checkbox" defaultChecked={enabled} className="h-4 w-4" />
        <label htmlFor="signup-enabled" className="text-sm">
          Anyone can sign up and create an organisation
        </label>
      </div>
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Saving…">Save</SubmitButton>
    </form>
  );
}
