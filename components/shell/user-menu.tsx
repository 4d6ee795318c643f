// The signed-in user's menu: who they are, their organisation's settings, their own SSH keys, invitations and sessions,
// the API reference, sign out. A <details> disclosure: keyboard-friendly, no JS.
import Link from 'next/link';
import { signOutAction } from '@/app/(auth)/actions';

export function UserMenu({ name, email, settingsHref }: { name: string; email: string; settingsHref?: string }) {
  return (
    <details className="relative">
      <summary
        className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
        aria-label={`Account menu for ${name}`}
      >
        {/* The initial is drawn by CSS, not text, so the summary's visible text stays part of its accessible name. */}
        <span
          aria-hidden="true"
          data-initial={name.slice(0, 1).toUpperCase()}
          className="flex h-7 w-7 items-center justify-center rounded-full bg-sky-700 text-xs font-semibold text-white before:content-[attr(data-initial)] dark:bg-sky-500 dark:text-zinc-950"
        />
        <span className="hidden sm:inline">{name}</span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-64 rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
        <p className="px-2 py-1 text-sm font-medium">{name}</p>
        <p className="truncate px-2 pb-2 text-xs text-zinc-600 dark:text-zinc-400">{email}</p>
        {settingsHref ? (
          <Link href={settingsHref} className="block rounded px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
            Settings
          </Link>
        ) : null}
        <Link href="/account/ssh-keys" className="block rounded px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
          SSH keys
        </Link>
        <Link href="/account/invitations" className="block rounded px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
          Invitations
        </Link>
        <Link href="/account/sessions" className="block rounded px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
          Sessions
        </Link>
        <Link href="/account/tokens" className="block rounded px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
          API tokens
        </Link>
        <Link href="/api-docs" className="block rounded px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
          API reference
        </Link>
        <form action={signOutAction}>
          <button type="submit" className="w-full rounded px-2 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
