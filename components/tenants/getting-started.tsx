// The dashboard's "Get started" checklist for a new organisation: each first step with a link to do it, ticked off
// once done. Hidden once every step is done.
import { ButtonLink } from '@/components/ui/button';
import type { FirstStep } from '@/lib/tenants/getting-started';

export function GettingStarted({ steps }: { steps: FirstStep[] }) {
  const done = steps.filter((s) => s.done).length;
  return (
    <section aria-labelledby="getting-started" className="mb-6 rounded-lg border border-sky-200 bg-sky-50 p-5 dark:border-sky-900 dark:bg-sky-950/40" data-testid="getting-started">
      <h2 id="getting-started" className="text-base font-semibold">
        Get started
      </h2>
      <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
        {done} of {steps.length} done. A few first steps to make this organisation useful:
      </p>
      <ol className="mt-4 space-y-3">
        {steps.map((s) => (
          <li key={s.key} className="flex flex-wrap items-center justify-between gap-3" data-testid={`step-${s.key}`} data-done={s.done ? 'true' : 'false'}>
            <div className="flex min-w-0 items-start gap-3">
              <span
                aria-hidden="true"
                className={`mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full border text-xs ${
                  s.done ? 'border-emerald-700 bg-emerald-700 text-white dark:border-emerald-400 dark:bg-emerald-400 dark:text-zinc-950' : 'border-zinc-400 dark:border-zinc-500'
                }`}
              >
                {s.done ? '✓' : ''}
              </span>
              <div className="min-w-0">
                <p className={`text-sm font-medium ${s.done ? 'text-zinc-600 line-through dark:text-zinc-400' : ''}`}>
                  {s.title}
                  <span className="sr-only">{s.done ? ' (done)' : ' (to do)'}</span>
                </p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">{s.description}</p>
              </div>
            </div>
            {s.done ? null : (
              <ButtonLink href={s.href} tone={s.key === 'instance' ? 'primary' : 'secondary'}>
                {s.action}
              </ButtonLink>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
