// Buttons and button-looking links in three tones; sizes fit touch targets.
import Link from 'next/link';
import type { ComponentProps } from 'react';

type Tone = 'primary' | 'secondary' | 'danger';

const TONES: Record<Tone, string> = {
  primary: 'bg-sky-700 text-white hover:bg-sky-800 disabled:bg-sky-700/60 dark:bg-sky-500 dark:text-zinc-950 dark:hover:bg-sky-400',
  secondary:
    'border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800',
  danger: 'bg-red-700 text-white hover:bg-red-800 disabled:bg-red-700/60 dark:bg-red-500 dark:text-zinc-950 dark:hover:bg-red-400',
};

export function buttonClass(tone: Tone = 'primary', extra = ''): string {
  return `inline-flex min-h-9 items-center justify-center gap-2 rounded-md px-3.5 py-1.5 text-sm font-medium transition-colors disabled:cursor-not-allowed ${TONES[tone]} ${extra}`;
}

export function Button({ tone = 'primary', className = '', ...props }: ComponentProps<'button'> & { tone?: Tone }) {
  return <button className={buttonClass(tone, className)} {...props} />;
}

export function ButtonLink({ tone = 'primary', className = '', ...props }: ComponentProps<typeof Link> & { tone?: Tone }) {
  return <Link className={buttonClass(tone, className)} {...props} />;
}
