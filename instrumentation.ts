// Runs once per console server process (Next's instrumentation hook), before it serves requests: registers the web
// terminal's WebSocket handler (see lib/server/upgrade.ts) and the functions gateway (lib/server/requests.ts),
// applies the egress policy of tenant networks to the host's firewall (lib/admin/egress.ts), starts the reconciler,
// the billing loop, the functions' retention job, the audit log's and the build runner (lib/builds/runner.ts).
// OVERCAST_RECONCILER=off leaves the background work out (e.g. a read-only replica, or tests that run their own).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { registerTerminalServer } = await import('./lib/terminal/register');
  registerTerminalServer();
  const { registerFunctionGateway } = await import('./lib/functions/register');
  registerFunctionGateway();
  if (process.env.OVERCAST_RECONCILER === 'off') return;
  const { startEgressPolicy } = await import('./lib/admin/egress');
  startEgressPolicy();
  const { startReconciler } = await import('./lib/reconciler/start');
  startReconciler();
  const { startBillingLoop } = await import('./lib/billing/loop');
  const stopBilling = startBillingLoop();
  const { startFunctionRetention } = await import('./lib/functions/retention');
  const stopRetention = startFunctionRetention();
  const { startAuditRetention } = await import('./lib/audit/retention');
  const stopAuditRetention = startAuditRetention();
  const { startBuildRunner } = await import('./lib/builds/start');
  const stopBuilds = startBuildRunner();
  const stop = () => (stopBilling(), stopRetention(), stopAuditRetention(), void stopBuilds());
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
