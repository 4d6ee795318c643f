import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { pageUser } from '@/lib/auth/page';
import { currentSessionId } from '@/lib/auth/session';
import { listMySessions } from '@/lib/auth/sessions';
import { serverDates } from '@/lib/format/request-locale';
import { revokeSessionAction, signOutEverywhereAction } from './actions';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';

export const metadata: Metadata = { title: 'Sessions' };



export default async function SessionsPage() {
  const when = (await serverDates()).dateTime;
  const user = await pageUser();
  const sessions = await listMySessions(user, await currentSessionId());
  return (
    <>
      <Breadcrumbs items={[{ label: 'Your account' }, { label: 'Sessions' }]} />
      <PageHeader
        title="Sessions"
        description="Where you are signed in. Ending a session signs that browser out at once, open terminals included."
        actions={
          <ConfirmAction
            action={signOutEverywhereAction}
            label="Sign out everywhere"
            title="Sign out everywhere?"
            body="Every session ends at once, this one included: you will have to sign in again on every device."
            confirmLabel="Sign out everywhere"
            hidden={{}}
          />
        }
      />
      <Card title={`Active sessions (${sessions.length})`}>
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Active sessions">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="session">
              <div className="min-w-0">
                <p className="truncate text-sm font-medium">
                  {s.userAgent ?? 'Unknown browser'}
                  {s.current ? <span className="ml-2 text-xs text-zinc-600 dark:text-zinc-400">(this browser)</span> : null}
                </p>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  from {s.address ?? 'an unknown address'} · signed in {when(s.createdAt)} · last seen {when(s.lastSeenAt)}
                </p>
              </div>
              <ConfirmAction
                action={revokeSessionAction}
                label="End"
                ariaLabel={s.current ? 'End this session' : `End the session signed in ${when(s.createdAt)}`}
                title={s.current ? 'Sign out here?' : 'End this session?'}
                body={s.current ? 'This browser will be signed out.' : 'That browser will be signed out at once.'}
                confirmLabel="End session"
                hidden={{ id: s.id }}
              />
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
