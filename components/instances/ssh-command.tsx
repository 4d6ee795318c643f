'use client';
// The `ssh -p PORT user@HOST` line of a VM whose SSH port is forwarded, with a copy button. The port is chosen
// by QEMU at each start, so the line comes from the live instance data, never from the page's first render.
import { useState } from 'react';
import { Button } from '@/components/ui/button';

export function SshCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-3 text-sm">
      <p className="mb-1 font-medium">
        Log in with SSH
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800" data-testid="ssh-command">
          {command}
        </code>
        <Button
          type="button"
          tone="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(command).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? 'Copied' : 'Copy command'}
        </Button>
        <span aria-live="polite" className="sr-only">
          {copied ? 'SSH command copied' : ''}
        </span>
      </div>
    </div>
  );
}
