'use client';
// The command palette (Ctrl/⌘-K) and the console's keyboard shortcuts: `/` focuses the page's search field, `?`
// lists the shortcuts. The palette is a modal <dialog> (the page behind is inert, Escape closes it) holding an ARIA
// combobox whose listbox offers pages, actions and the organisation's instances and functions (searched by name
// through the API, scoped to the organisation by the session).
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useRouter } from 'next/navigation';
import { signOutAction } from '@/app/(auth)/actions';
import { toggleTheme } from './theme-toggle';
import type { NavItem } from './nav-links';

type Item = { id: string; label: string; group: 'Page' | 'Action' | 'Instance' | 'Function'; detail?: string; run: () => void };
type Found = { instances: { id: string; name: string; kind: string; status: string }[]; functions: { id: string; name: string }[] };

const ADMIN_PAGES: NavItem[] = [
  { href: '/admin', label: 'Admin overview' },
  { href: '/admin/tenants', label: 'Admin: organisations' },
  { href: '/admin/users', label: 'Admin: users' },
  { href: '/admin/billing', label: 'Admin: billing' },
  { href: '/admin/prices', label: 'Admin: prices' },
  { href: '/admin/capacity', label: 'Admin: capacity' },
  { href: '/admin/audit', label: 'Admin: audit log' },
  { href: '/admin/settings', label: 'Admin: settings' },
];

const SHORTCUTS: [string, string][] = [
  ['Ctrl K / ⌘ K', 'Open the command palette'],
  ['/', 'Search or filter on this page'],
  ['?', 'Show these shortcuts'],
  ['↑ ↓, Enter', 'Choose in the palette'],
  ['Esc', 'Close a dialog'],
];

/** Typing in a field, a select or editable text: single-key shortcuts must not fire there. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function CommandPalette({ slug, nav, isPlatformAdmin }: { slug?: string; nav: NavItem[]; isPlatformAdmin: boolean }) {
  const router = useRouter();
  const id = useId();
  const palette = useRef<HTMLDialogElement>(null);
  const help = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found>({ instances: [], functions: [] });
  const [active, setActive] = useState(0);
  const [searching, setSearching] = useState(false);
  const [isOpen, setIsOpen] = useState(false);

  const open = useCallback(() => {
    if (palette.current?.open) return;
    help.current?.close();
    setQuery('');
    setActive(0);
    palette.current?.showModal();
    setIsOpen(true);
    input.current?.focus();
  }, []);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        open();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || palette.current?.open || help.current?.open) return;
      if (e.key === '/') {
        const field = document.querySelector<HTMLElement>('main [data-page-search], main input[type="search"], main [role="search"] input');
        if (field) {
          e.preventDefault();
          field.focus();
        }
      } else if (e.key === '?') {
        e.preventDefault();
        help.current?.showModal();
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  // Instances and functions matching the text, from the organisation's own search (stale answers are dropped).
  useEffect(() => {
    if (!slug || !isOpen) return;
    const ctl = new AbortController();
    const t = setTimeout(async () => {
      setSearching(true);
      try {
        const res = await fetch(`/api/v1/tenants/${slug}/search?q=${encodeURIComponent(query.trim())}`, { signal: ctl.signal, cache: 'no-store' });
        if (res.ok) setFound((await res.json()) as Found);
      } catch {
        // aborted by the next keystroke, or offline: keep what is shown
      } finally {
        if (!ctl.signal.aborted) setSearching(false);
      }
    }, 120);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [query, slug, isOpen]);

  const go = (href: string) => () => router.push(href);
  const pages: NavItem[] = [...nav.filter((n) => n.href !== '/admin' || !isPlatformAdmin)];
  if (slug) pages.push({ href: `/t/${slug}/settings/members`, label: 'Members' }, { href: `/t/${slug}/settings/audit`, label: 'Audit log' });
  pages.push({ href: '/account/ssh-keys', label: 'SSH keys' }, { href: '/account/tokens', label: 'API tokens' });
  if (isPlatformAdmin) pages.push(...ADMIN_PAGES);
  const actions: Item[] = [
    ...(slug
      ? [
          { id: 'create-instance', label: 'Create instance', group: 'Action' as const, run: go(`/t/${slug}/instances/new`) },
          { id: 'create-function', label: 'Create function', group: 'Action' as const, run: go(`/t/${slug}/functions/new`) },
        ]
      : []),
    { id: 'toggle-theme', label: 'Toggle theme (light / dark)', group: 'Action', run: toggleTheme },
    { id: 'sign-out', label: 'Sign out', group: 'Action', run: () => void signOutAction() },
  ];
  const needle = query.trim().toLowerCase();
  const matches = (label: string) => !needle || label.toLowerCase().includes(needle);
  const items: Item[] = [
    // Filtered here too: the answer for the previous text is still shown until the new one arrives.
    ...found.instances.filter((i) => matches(i.name)).map((i) => ({ id: `i-${i.id}`, label: i.name, group: 'Instance' as const, detail: `${i.kind} · ${i.status}`, run: go(`/t/${slug}/instances/${i.id}`) })),
    ...found.functions.filter((f) => matches(f.name)).map((f) => ({ id: `f-${f.id}`, label: f.name, group: 'Function' as const, run: go(`/t/${slug}/functions/${f.id}`) })),
    ...pages.filter((p) => matches(p.label)).map((p) => ({ id: `p-${p.href}`, label: p.label, group: 'Page' as const, run: go(p.href) })),
    ...actions.filter((a) => matches(a.label)),
  ];
  const current = Math.min(active, Math.max(items.length - 1, 0));
  const optionId = (i: number) => `${id}-opt-${i}`;

  function choose(item: Item | undefined) {
    if (!item) return;
    palette.current?.close();
    item.run();
  }

  function onInputKey(e: ReactKeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!items.length) return;
      const next = (current + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      setActive(next);
      document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Home' || e.key === 'End') {
      if (!items.length || !e.ctrlKey) return;
      e.preventDefault();
      setActive(e.key === 'Home' ? 0 : items.length - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(items[current]);
    }
  }

  const dialogClass =
    'm-auto mt-[12vh] w-full max-w-xl rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100';
  return (
    <>
      <button
        type="button"
        onClick={open}
        aria-keyshortcuts="Control+K Meta+K"
        className="hidden items-center gap-2 rounded-md border border-zinc-300 px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 lg:inline-flex dark:border-zinc-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        Jump to…
        <kbd className="rounded border border-zinc-300 px-1 font-sans text-xs dark:border-zinc-600">Ctrl K</kbd>
      </button>
      <dialog ref={palette} aria-labelledby={`${id}-title`} className={dialogClass} onClose={() => (setIsOpen(false), setActive(0))} data-testid="command-palette">
        <h2 id={`${id}-title`} className="sr-only">
          Command palette
        </h2>
        <div className="border-b border-zinc-200 p-3 dark:border-zinc-700">
          <label htmlFor={`${id}-input`} className="sr-only">
            Jump to a page, an instance, a function or an action
          </label>
          <input
            ref={input}
            id={`${id}-input`}
            role="combobox"
            aria-expanded={items.length > 0}
            aria-controls={`${id}-list`}
            aria-autocomplete="list"
            aria-activedescendant={items.length ? optionId(current) : undefined}
            value={query}
            onChange={(e) => (setQuery(e.target.value), setActive(0))}
            onKeyDown={onInputKey}
            placeholder="Type a name, a page or an action…"
            autoComplete="off"
            spellCheck={false}
            className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-500 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400"
          />
        </div>
        <ul id={`${id}-list`} role="listbox" aria-label="Results" className="max-h-80 overflow-y-auto p-2">
          {items.map((item, i) => (
            <li
              key={item.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(item)}
              onMouseMove={() => i !== current && setActive(i)}
              className="flex cursor-pointer items-center justify-between gap-3 rounded-md px-3 py-2 text-sm aria-selected:bg-sky-100 aria-selected:text-sky-950 dark:aria-selected:bg-sky-900 dark:aria-selected:text-white"
            >
              <span className="truncate">{item.label}</span>
              <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-300">
                {item.group}
                {item.detail ? ` · ${item.detail}` : ''}
              </span>
            </li>
          ))}
        </ul>
        <p role="status" className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
          {items.length ? `${items.length} result${items.length === 1 ? '' : 's'}` : searching ? 'Searching…' : 'Nothing matches.'} · ↑↓ to choose, Enter to open, Esc to close
        </p>
      </dialog>
      <dialog ref={help} aria-labelledby={`${id}-help-title`} className={`${dialogClass} p-6`} data-testid="shortcuts-help">
        <h2 id={`${id}-help-title`} className="text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys} className="contents">
              <dt>
                <kbd className="rounded border border-zinc-300 px-1.5 py-0.5 font-sans text-xs dark:border-zinc-600">{keys}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-300">Single-key shortcuts do nothing while you type in a field.</p>
        <form method="dialog" className="mt-4 text-right">
          <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
