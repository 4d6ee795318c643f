// Starts the reconciler with the console's server process (Next's instrumentation hook runs once per server).
// OVERCAST_RECONCILER=off leaves it out (e.g. a read-only replica, or tests that run their own).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.OVERCAST_RECONCILER === 'off') return;
  const { startReconciler } = await import('./lib/reconciler/start');
  startReconciler();
}
