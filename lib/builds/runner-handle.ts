// The link between request handlers and this process's build runner: wake it, ask it to cancel a build, hear that a
// build's log grew. On globalThis: the runner (started by instrumentation) and the route handlers may be different
// module copies. Requests in another console process reach the runner through the database (it polls).
import { EventEmitter } from 'node:events';

type Hub = { bus: EventEmitter };
const g = globalThis as unknown as { overcastBuilds?: Hub };
function hub(): Hub {
  if (!g.overcastBuilds) {
    const bus = new EventEmitter();
    bus.setMaxListeners(0);
    g.overcastBuilds = { bus };
  }
  return g.overcastBuilds;
}

export function wakeRunner(): void {
  hub().bus.emit('wake');
}

export function onWake(fn: () => void): () => void {
  hub().bus.on('wake', fn);
  return () => void hub().bus.off('wake', fn);
}

export function requestCancel(id: string): void {
  hub().bus.emit('cancel', id);
}

export function onCancel(fn: (id: string) => void): () => void {
  hub().bus.on('cancel', fn);
  return () => void hub().bus.off('cancel', fn);
}

export function logGrew(id: string): void {
  hub().bus.emit(`log:${id}`);
}

export function onBuildLog(id: string, fn: () => void): () => void {
  hub().bus.on(`log:${id}`, fn);
  return () => void hub().bus.off(`log:${id}`, fn);
}
