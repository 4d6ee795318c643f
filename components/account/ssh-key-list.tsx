// The user's SSH keys: name, type, fingerprint, when added; delete behind a confirmation.
import { When } from '@/components/ui/locale';
import type { FormState } from '@/lib/form-state';
import type { SshKeyView } from '@/lib/ssh-keys/service';
import { ConfirmAction } from '@/components/ui/confirm-action';

export function SshKeyList({ keys, deleteAction }: { keys: SshKeyView[]; deleteAction: (p: FormState, fd: FormData) => Promise<FormState> }) {
  if (!keys.length) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No keys yet: add one below to log in to your Debian VMs.</p>;
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="ssh-key-list">
      {keys.map((k) => (
        <li key={k.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
          <div className="min-w-0">
            <p className="font-medium">{k.name}</p>
            <p className="truncate font-mono text-xs text-zinc-600 dark:text-zinc-400">
              {k.type} · {k.fingerprint}
            </p>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">Added <When at={k.createdAt} day /></p>
          </div>
          <ConfirmAction
            action={deleteAction}
            label="Delete"
            ariaLabel={`Delete key ${k.name}`}
            title={`Delete the key “${k.name}”?`}
            body="It is no longer offered for new VMs. VMs created with it keep it until you remove it inside them."
            confirmLabel="Delete key"
            hidden={{ id: k.id }}
          />
        </li>
      ))}
    </ul>
  );
}
