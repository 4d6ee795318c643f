// Runs once per console server process (Next's instrumentation hook), before it serves requests: registers the web
// terminal's WebSocket handler (see lib/server/upgrade.ts) and the functions gateway (lib/server/requests.ts),
// starts the reconciler and the billing loop.
// OVERCAST_RECONCILER=off leaves the background work out (e.g. a read-only replica, or tests that run their own).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { registerTerminalServer } = await import('./lib/terminal/register');
  registerTerminalServer();
  const { registerFunctionGateway } = await import('./lib/functions/register');
  registerFunctionGateway();
  if (process.env.OVERCAST_RECONCILER === 'off') return;
  const { startReconciler } = await import('./lib/reconciler/start');
  startReconciler();
  const { startBillingLoop } = await import('./lib/billing/loop');
  const stop = startBillingLoop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
