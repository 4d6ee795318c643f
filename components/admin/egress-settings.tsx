'use client';
// The egress policy of tenant and function networks: what containers can never reach, the admin's exceptions (one per
// line), and whether this host's firewall holds the policy.
import { useKeptForm } from '@/components/ui/use-kept-form';
import type { FormState } from '@/lib/form-state';
import { initialFormState } from '@/lib/form-state';
import { Field, controlProps } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormMessage } from '@/components/ui/form-message';
import { Notice } from '@/components/ui/card';
import { plural } from '@/lib/plural';

type Applied = { ok: boolean; at: string; ms: number; rules: number; message: string } | null;

export function EgressSettings({
  action,
  lines,
  blocked,
  resolvers,
  applied,
}: {
  action: (p: FormState, fd: FormData) => Promise<FormState>;
  lines: string;
  blocked: { cidr: string; why: string }[];
  resolvers: string[];
  applied: Applied;
}) {
  const { state, formAction, onSubmit, pending } = useKeptForm(action, initialFormState);
  const hint = 'One per line: CIDR [tcp|udp|any] [PORTS] [# note], e.g. "10.0.5.0/24 tcp 443,8000-8100 # build cache". Without ports, every port and protocol of that range.';
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Containers and functions reach the internet and their own organisation’s network. They never reach the ranges below
        (the host’s LAN, other networks on this host, cloud metadata at 169.254.169.254) unless an exception lists them.
      </p>
      <details className="text-sm">
        <summary className="cursor-pointer">Blocked ranges ({blocked.length})</summary>
        <ul className="mt-2 space-y-0.5 font-mono text-xs" data-testid="egress-blocked">
          {blocked.map((b) => (
            <li key={b.cidr}>
              {b.cidr} <span className="font-sans text-zinc-500">— {b.why}</span>
            </li>
          ))}
        </ul>
      </details>
      <p className="text-sm">
        DNS: {resolvers.length ? <>queries to port 53 of this host’s resolvers are allowed ({resolvers.join(', ')}).</> : 'this host’s resolvers are not in a blocked range.'}
      </p>
      {applied ? (
        <Notice tone={applied.ok ? 'success' : 'warning'}>
          {applied.ok ? `Applied on this host (${plural(applied.rules, 'rule')}, ${applied.ms} ms)` : applied.message} — {new Date(applied.at).toUTCString()}
        </Notice>
      ) : (
        <Notice tone="warning">Not applied by this console process yet.</Notice>
      )}
      <form action={formAction} onSubmit={onSubmit} className="max-w-2xl space-y-4" noValidate>
        <Field label="Exceptions" name="exceptions" error={state.fields?.exceptions} hint={hint}>
          <textarea
            {...controlProps('exceptions', hint, state.fields?.exceptions)}
            className={`${controlProps('exceptions').className} font-mono`}
            rows={5}
            spellCheck={false}
            placeholder="10.0.5.0/24 tcp 443 # package mirror"
            defaultValue={state.values?.exceptions ?? lines}
          />
        </Field>
        <FormMessage state={state} testId="egress-message" />
        <SubmitButton pending={pending} pendingText="Applying…">Apply exceptions</SubmitButton>
      </form>
    </div>
  );
}
