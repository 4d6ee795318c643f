// Starts the background work of the console's server process (Next's instrumentation hook runs once per server):
// the reconciler and the billing loop. OVERCAST_RECONCILER=off leaves both out (e.g. a read-only replica, or
// tests that run their own).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.OVERCAST_RECONCILER === 'off') return;
  const { startReconciler } = await import('./lib/reconciler/start');
  startReconciler();
  const { startBillingLoop } = await import('./lib/billing/loop');
  const stop = startBillingLoop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
