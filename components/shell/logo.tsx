// The Overcast wordmark: a cloud glyph and the name.
export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <span className="inline-flex items-center gap-2 font-semibold tracking-tight">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 text-sky-600 dark:text-sky-400" fill="currentColor">
        <path d="M7 18a5 5 0 0 1-.6-9.96A6 6 0 0 1 17.9 9.1 4.5 4.5 0 0 1 17.5 18H7Z" />
      </svg>
      {compact ? <span className="sr-only">Overcast</span> : <span className="text-lg">Overcast</span>}
    </span>
  );
}
