// Plain HTTP requests on the web server's apps listener (OVERCAST_APPS_HOST:OVERCAST_APPS_PORT, another site than
// the console; never on the console's own listener): the functions gateway under /fn/, which must answer in about a
// millisecond, which Next's routing and its Request/Response objects do not allow. Registered from instrumentation,
// like upgrades (upgrade.ts); see handler-registry.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handlerRegistry, type RoutedHandler } from './handler-registry';

export interface RequestHandler extends RoutedHandler {
  /** Answers the request. Never throws. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

const registry = handlerRegistry<RequestHandler>('overcast.requestHandlers');

export const registerRequestHandler = registry.register;
export const requestHandlerFor = registry.handlerFor;
export const closeRequestHandlers = registry.closeAll;
