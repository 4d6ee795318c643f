'use client';
// Light / dark / system theme, remembered in localStorage under the key the boot script in app/layout.tsx reads.
import { useSyncExternalStore } from 'react';

type Theme = 'light' | 'dark' | 'system';
const KEY = 'overcast-theme';
const listeners = new Set<() => void>();

function read(): Theme {
  const t = localStorage.getItem(KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
}

function apply(theme: Theme) {
  if (theme === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, theme);
  const dark = theme === 'dark' || (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
  listeners.forEach((l) => l());
}

/** Light when dark is shown now, dark otherwise (the command palette's "Toggle theme"). */
export function toggleTheme() {
  apply(document.documentElement.classList.contains('dark') ? 'light' : 'dark');
}

export function ThemeToggle() {
  const theme = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    read,
    () => 'system' as Theme,
  );
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="theme-select" className="sr-only">
        Colour theme
      </label>
      <select
        id="theme-select"
        value={theme}
        onChange={(e) => apply(e.target.value as Theme)}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-600 dark:bg-zinc-900"
      >
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </div>
  );
}
