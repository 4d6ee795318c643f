'use client';
// Sets where people reach tenant content: the host shown in links to published ports, and the functions base URL.
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { TextField } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';

type Props = {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  configured: { host: string | null; functionsBaseUrl: string | null };
  defaults: { host: string; functionsBaseUrl: string };
};

export function AppsAddressForm({ action, configured, defaults }: Props) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const value = (name: 'host' | 'functionsBaseUrl') => state.values?.[name] ?? configured[name] ?? '';
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4">
      <TextField
        label="Apps host"
        name="host"
        defaultValue={value('host')}
        placeholder={defaults.host}
        error={state.fields?.host}
        hint={`Shown in links to containers’ and VMs’ published ports and in ssh commands. A DNS name for ${defaults.host}, the address they are published on; empty for that address.`}
      />
      <TextField
        label="Functions base URL"
        name="functionsBaseUrl"
        defaultValue={value('functionsBaseUrl')}
        placeholder={defaults.functionsBaseUrl}
        error={state.fields?.functionsBaseUrl}
        hint="Functions are invoked at this URL + /fn/<organisation>/<function>: the functions listener, or a proxy in front of it. Empty for the default."
      />
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Use a domain of its own (e.g. example-apps.net), not a subdomain of the console’s: tenant pages on the console’s site
        would be sent its cookies.
      </p>
      <FormMessage state={state} testId="apps-address-message" />
      <SubmitButton pending={pending} pendingText="Saving…">Update apps address</SubmitButton>
    </form>
  );
}
