'use client';
// A freshly made invoke token, shown this once with how to use it; the console keeps only its hash.
import { CopyButton } from './copy-button';

export function TokenOnce({ token, invokeUrl }: { token: string; invokeUrl: string }) {
  return (
    <section aria-label="Invoke token" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
      <h2 className="font-semibold">Copy the token now: it is not shown again</h2>
      <div className="flex flex-wrap items-center gap-2">
        <code className="break-all rounded bg-white px-2 py-1 font-mono text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100" data-testid="fn-token">
          {token}
        </code>
        <CopyButton text={token} label="Copy token" />
      </div>
      <p>
        Callers send it as <code className="font-mono">Authorization: Bearer …</code>:
      </p>
      <pre tabIndex={0} aria-label="curl example with the token" className="overflow-x-auto rounded bg-white p-2 font-mono text-xs text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100">{`curl -H 'Authorization: Bearer ${token}' '${invokeUrl}'`}</pre>
    </section>
  );
}
