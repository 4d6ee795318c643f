// HTTP upgrades (WebSockets) that the console's own web server routes before Next.js sees them. Route handlers
// cannot take a WebSocket, so features register a handler here from code that Next compiles (instrumentation),
// and scripts/web-server.ts asks this registry on every `upgrade` (see handler-registry.ts).
import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { handlerRegistry, type RoutedHandler } from './handler-registry';

export interface UpgradeHandler extends RoutedHandler {
  /** Takes over the socket: accepts the upgrade or answers it with an HTTP error. Never throws. */
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

const registry = handlerRegistry<UpgradeHandler>('overcast.upgradeHandlers');

export const registerUpgradeHandler = registry.register;
export const upgradeHandlerFor = registry.handlerFor;
export const closeUpgradeHandlers = registry.closeAll;
