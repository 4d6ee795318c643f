// What a list shows when it has nothing yet: what would be here, why one would make one, and the button to do it.
import type { ReactNode } from 'react';

export function EmptyState({ title, children, action, testId }: { title: string; children: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col items-center gap-3 px-4 py-10 text-center" data-testid={testId}>
      <p className="text-base font-medium">{title}</p>
      <div className="max-w-prose text-sm text-zinc-700 dark:text-zinc-300">{children}</div>
      {action}
    </div>
  );
}
