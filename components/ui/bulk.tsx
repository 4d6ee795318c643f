'use client';
// The pieces of a list's bulk actions: the bar that appears with a selection, the one confirmation that names how
// many and which, and the per-item outcome afterwards (what was done, what was refused and why).
import { startTransition, useActionState, useEffect, useRef, useState, type RefObject } from 'react';
import { initialFormState, type FormState } from '@/lib/form-state';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';

/** A request waiting for its confirmation: the action, the ids, and what each is called. */
export type Pending = { action: string; ids: string[]; names: Record<string, string> };
type Result = { id: string; ok: boolean; message?: string };

/**
 * The state of a list's bulk actions around one server action (form fields `action` and `ids`): the selection, the
 * request waiting for its confirmation, and the last outcome. `rows` are the rows shown now (id → name); rows that
 * left the list leave the selection.
 */
export function useBulk(bulk: (prev: FormState, fd: FormData) => Promise<FormState>, rows: Map<string, string>) {
  const [state, dispatch, busy] = useActionState(bulk, initialFormState);
  const [selected, setSelected] = useState<string[]>([]);
  const [pending, setPending] = useState<Pending | null>(null);
  // The last request, for the names in its results after its rows have gone.
  const [last, setLast] = useState<Pending | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (state.at) dialog.current?.close();
  }, [state]);
  const pendingOf = (action: string, ids: string[]): Pending => ({ action, ids, names: Object.fromEntries(ids.map((id) => [id, rows.get(id) ?? id])) });
  const run = (action: string, ids: string[]) => {
    const p = pendingOf(action, ids);
    setLast(p);
    setSelected((sel) => sel.filter((id) => !ids.includes(id)));
    const fd = new FormData();
    fd.set('action', action);
    for (const id of ids) fd.append('ids', id);
    startTransition(() => dispatch(fd));
  };
  const ask = (action: string, ids: string[]) => {
    setPending(pendingOf(action, ids));
    dialog.current?.showModal();
  };
  return {
    state,
    busy,
    selected: selected.filter((id) => rows.has(id)),
    setSelected,
    pending,
    last,
    dialog,
    run,
    ask,
    confirm: () => pending && run(pending.action, pending.ids),
  };
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function BulkBar({
  count,
  noun,
  actions,
  onAction,
  onClear,
  busy,
}: {
  count: number;
  noun: string;
  actions: { key: string; label: string; danger?: boolean }[];
  onAction: (key: string) => void;
  onClear: () => void;
  busy: boolean;
}) {
  if (!count) return null;
  return (
    <div role="toolbar" aria-label={`Bulk actions on ${plural(count, noun)}`} className="mb-3 flex flex-wrap items-center gap-2 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm dark:border-sky-800 dark:bg-sky-950" data-testid="bulk-bar">
      <span className="mr-2 font-medium">{plural(count, noun)} selected</span>
      {actions.map((a) => (
        <Button key={a.key} type="button" tone={a.danger ? 'danger' : 'secondary'} disabled={busy} onClick={() => onAction(a.key)}>
          {a.label}
        </Button>
      ))}
      <Button type="button" tone="secondary" onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}

export function BulkConfirm({
  dialogRef,
  pending,
  noun,
  verb,
  busy,
  onConfirm,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  pending: Pending | null;
  noun: string;
  verb: string;
  busy: boolean;
  onConfirm: () => void;
}) {
  const ids = pending?.ids ?? [];
  const destroy = pending?.action === 'delete';
  return (
    <Modal
      dialogRef={dialogRef}
      title={`${verb} ${plural(ids.length, noun)}?`}
      body={
        <>
          {destroy ? <p>This cannot be undone.</p> : null}
          <ul className="mt-2 max-h-48 list-disc overflow-y-auto pl-5" data-testid="bulk-confirm-names">
            {ids.map((id) => (
              <li key={id}>{pending?.names[id] ?? id}</li>
            ))}
          </ul>
        </>
      }
    >
      <div className="mt-5 flex justify-end gap-2">
        <Button type="button" tone="secondary" onClick={() => dialogRef.current?.close()}>
          Cancel
        </Button>
        <Button type="button" tone={destroy ? 'danger' : 'primary'} disabled={busy} onClick={onConfirm}>
          {`${verb} ${plural(ids.length, noun)}`}
        </Button>
      </div>
    </Modal>
  );
}

/** The outcome of the last bulk request, one line per item. */
export function BulkResults({ state, names }: { state: FormState; names: Record<string, string> }) {
  if (!state.at) return null;
  let results: Result[] = [];
  try {
    results = JSON.parse(state.data?.results ?? '[]') as Result[];
  } catch {}
  const failed = results.filter((r) => !r.ok);
  return (
    <div
      role={state.ok && !failed.length ? 'status' : 'alert'}
      className={`mb-3 rounded-md border px-3 py-2 text-sm ${failed.length || !state.ok ? 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100' : 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100'}`}
      data-testid="bulk-results"
    >
      <p className="font-medium">{state.message}</p>
      {results.length ? (
        <ul className="mt-1 list-disc pl-5">
          {results.map((r) => (
            <li key={r.id}>
              {names[r.id] ?? r.id}: {r.ok ? 'requested' : r.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
