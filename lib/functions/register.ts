// Called from Next's instrumentation hook: registers the functions gateway with the console's web server (see
// lib/server/requests.ts) so that it runs Next-compiled code with the process's one database client, and starts
// the pool (adopting what a previous console process left, prewarming stem cells) in the background.
import 'server-only';
import { registerRequestHandler } from '@/lib/server/requests';
import { functionsProvider } from '@/lib/providers/registry';
import { handleGatewayRequest, isGatewayRequest } from './gateway';
import { flushRecorder } from './recorder';

export function registerFunctionGateway(): void {
  registerRequestHandler({
    name: 'functions-gateway',
    matches: isGatewayRequest,
    handle: handleGatewayRequest,
    async close() {
      await functionsProvider().runtime({ create: false })?.stop();
      await flushRecorder().catch((err) => console.error(`[functions] last records not written: ${(err as Error).message}`));
    },
  });
  functionsProvider()
    .runtime()
    .start()
    .catch((err) => console.error(`[functions] the pool could not start (will retry on the first invocation): ${(err as Error).message}`));
}
