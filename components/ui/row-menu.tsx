'use client';
// A row's actions behind a "⋯" button, following the WAI-ARIA menu button pattern: Enter, Space or ↓ opens the menu
// on its first item (↑ on its last), ↑/↓/Home/End move, Enter activates, Escape closes and returns to the button,
// Tab closes; a click outside closes.
import Link from 'next/link';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

export type MenuItem = { label: string; href?: string; onSelect?: () => void; danger?: boolean };

const ITEM =
  'block w-full rounded px-3 py-1.5 text-left text-sm outline-none hover:bg-zinc-100 focus:bg-sky-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:bg-zinc-800 dark:focus:bg-sky-900';

export function RowMenu({ label, items }: { label: string; items: MenuItem[] }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const [focusAt, setFocusAt] = useState(0);

  const itemsEls = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  useEffect(() => {
    if (open) itemsEls()[focusAt]?.focus();
  }, [open, focusAt]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const openAt = (i: number) => {
    setFocusAt(i);
    setOpen(true);
  };
  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') openAt(0);
    else if (e.key === 'ArrowUp') openAt(items.length - 1);
    else return;
    e.preventDefault();
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const n = items.length;
    if (e.key === 'ArrowDown') setFocusAt((i) => (i + 1) % n);
    else if (e.key === 'ArrowUp') setFocusAt((i) => (i - 1 + n) % n);
    else if (e.key === 'Home') setFocusAt(0);
    else if (e.key === 'End') setFocusAt(n - 1);
    else if (e.key === 'Escape') close();
    else if (e.key === 'Tab') return setOpen(false);
    else return;
    e.preventDefault();
  };
  const choose = (item: MenuItem) => {
    close(!item.href);
    item.onSelect?.();
  };

  return (
    <div className="relative inline-block">
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => (open ? close() : openAt(0))}
        onKeyDown={onButtonKey}
        className="inline-flex min-h-8 min-w-8 items-center justify-center rounded-md border border-transparent text-lg leading-none text-zinc-700 hover:border-zinc-300 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-zinc-300 dark:hover:border-zinc-700 dark:hover:bg-zinc-800"
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open ? (
        <ul
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
          className="absolute right-0 z-20 mt-1 min-w-40 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {items.map((item, i) => (
            <li key={item.label} role="none">
              {item.href ? (
                <Link role="menuitem" tabIndex={i === focusAt ? 0 : -1} href={item.href} className={ITEM} onClick={() => choose(item)}>
                  {item.label}
                </Link>
              ) : (
                <button
                  role="menuitem"
                  type="button"
                  tabIndex={i === focusAt ? 0 : -1}
                  onClick={() => choose(item)}
                  className={`${ITEM} ${item.danger ? 'text-red-700 dark:text-red-400' : ''}`}
                >
                  {item.label}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
