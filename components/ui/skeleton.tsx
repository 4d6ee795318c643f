// Placeholders shown while a page's data loads (app/**/loading.tsx): the page's shape in grey, announced once as
// loading to screen readers, with the motion stopped for people who ask for reduced motion.
import { PageHeader } from '@/components/ui/card';

function Bar({ className }: { className: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded-md bg-zinc-200 motion-reduce:animate-none dark:bg-zinc-800 ${className}`} />;
}

/** A create page: its title, a column of fields and the summary beside it (as the create forms lay them out). */
export function CreateFormSkeleton({ title, fields = 6 }: { title: string; fields?: number }) {
  return (
    <>
      <PageHeader title={title} />
      <div role="status" aria-live="polite" className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]" data-testid="page-loading">
        <span className="sr-only">Loading the form…</span>
        <div className="space-y-5">
          {Array.from({ length: fields }, (_, i) => (
            <div key={i} className="space-y-2">
              <Bar className="h-4 w-32" />
              <Bar className="h-9 w-full" />
            </div>
          ))}
        </div>
        <div className="h-fit space-y-3 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
          <Bar className="h-5 w-24" />
          <Bar className="h-4 w-full" />
          <Bar className="h-4 w-3/4" />
          <Bar className="h-9 w-full" />
        </div>
      </div>
    </>
  );
}

/** Any other page of an organisation: a title line and a few rows. */
export function PageSkeleton() {
  return (
    <div role="status" aria-live="polite" className="space-y-4" data-testid="page-loading">
      <span className="sr-only">Loading…</span>
      <Bar className="h-8 w-64" />
      <Bar className="h-4 w-96 max-w-full" />
      {Array.from({ length: 5 }, (_, i) => (
        <Bar key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}
