'use client';
// Accept or decline one pending invitation; accepting goes to the organisation's dashboard.
import { useActionState } from 'react';
import { initialFormState, type FormState } from '@/lib/form-state';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

type Props = { action: (prev: FormState, fd: FormData) => Promise<FormState>; id: string; organisation: string };

export function InvitationAnswer({ action, id, organisation }: Props) {
  const [state, formAction] = useActionState(action, initialFormState);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="id" value={id} />
      <div className="flex gap-2">
        <SubmitButton name="answer" value="accept" aria-label={`Accept the invitation to ${organisation}`}>
          Accept
        </SubmitButton>
        <SubmitButton name="answer" value="decline" tone="secondary" aria-label={`Decline the invitation to ${organisation}`}>
          Decline
        </SubmitButton>
      </div>
      <FormMessage state={state} testId={`invitation-message-${id}`} />
    </form>
  );
}
