// API tokens in a list: name, organisation and role, the secret's first characters, when made, when it expires, its
// last use (time and address) and whether it still works; revoke behind a confirmation. Shared by the user's own page
// and the platform admin's user page (`owner` changes the wording).
import type { FormState } from '@/lib/form-state';
import type { ApiTokenView } from '@/lib/auth/api-tokens';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { When } from '@/components/ui/locale';

const when = (iso: string) => <When at={iso} />;

const STATUS_CLASS: Record<ApiTokenView['status'], string> = {
  active: 'bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-100',
  expired: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  revoked: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100',
};

type Props = {
  tokens: ApiTokenView[];
  revokeAction: (p: FormState, fd: FormData) => Promise<FormState>;
  /** Extra hidden fields for the revoke form (the admin page names the user). */
  hidden?: Record<string, string>;
  /** Whose tokens: "your" (default) or the user's name, for the wording. */
  owner?: string;
};

export function ApiTokenList({ tokens, revokeAction, hidden = {}, owner }: Props) {
  if (!tokens.length) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">{owner ? `${owner} has no API tokens.` : 'No tokens yet: make one below.'}</p>;
  }
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="api-token-list" aria-label="API tokens">
      {tokens.map((t) => (
        <li key={t.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="api-token">
          <div className="min-w-0 space-y-0.5">
            <p className="font-medium">
              {t.name}{' '}
              <span className={`ml-1 rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_CLASS[t.status]}`} data-testid="token-status">
                {t.status}
              </span>
            </p>
            <p className="text-sm">
              {t.platformAdmin ? 'Platform admin' : `${t.tenant?.name ?? '—'} · ${t.role}`} · <span className="font-mono text-xs">{t.prefix}…</span>
            </p>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              Made {when(t.createdAt)} · {t.expiresAt ? <>{t.status === 'expired' ? 'expired' : 'expires'} {when(t.expiresAt)}</> : 'never expires'}
              {t.revokedAt ? <> · revoked {when(t.revokedAt)}</> : ''}
            </p>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              {t.lastUsedAt ? <>Last used {when(t.lastUsedAt)} from {t.lastUsedAddress ?? 'an unknown address'}</> : 'Never used'}
            </p>
          </div>
          {t.status === 'active' ? (
            <ConfirmAction
              action={revokeAction}
              label="Revoke"
              ariaLabel={`Revoke token ${t.name}`}
              title={`Revoke the token “${t.name}”?`}
              body={`It stops working at once: whatever uses it (scripts, the CLI, CI) gets 401 from now on.${owner ? ` ${owner} can make a new one.` : ''}`}
              confirmLabel="Revoke token"
              hidden={{ ...hidden, id: t.id }}
            />
          ) : null}
        </li>
      ))}
    </ul>
  );
}
