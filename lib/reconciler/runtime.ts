// The reconciler of this process, if one runs here; domain code nudges it after recording new desired state.
import type { Reconciler } from './reconciler';

const g = globalThis as unknown as { overcastReconciler?: Reconciler };

export function setRunningReconciler(r: Reconciler | undefined): void {
  g.overcastReconciler = r;
}

/** Starts a pass soon instead of at the next tick. Does nothing where no reconciler runs (it ticks anyway). */
export function nudgeReconciler(): void {
  g.overcastReconciler?.wake();
}
