// The raw engine's side of a benchmark observed the way the console observes it: Docker's event stream (one
// connection for the run, filtered to the bench's own containers), so the baseline waits on events, not polls.
import type Dockerode from 'dockerode';

type Waiter = { action: string; resolve: (at: number) => void };

export class EngineEvents {
  private readonly waiters = new Map<string, Waiter[]>();
  private stream: NodeJS.ReadableStream | null = null;
  private buffer = '';

  private constructor(private readonly abort: AbortController) {}

  /** Opens the stream of container events whose label `label` (key=value) matches. */
  static async open(docker: Dockerode, label: string, signal: AbortSignal): Promise<EngineEvents> {
    const abort = new AbortController();
    signal.addEventListener('abort', () => abort.abort(), { once: true });
    const e = new EngineEvents(abort);
    e.stream = (await docker.getEvents({ filters: { type: ['container'], label: [label] }, abortSignal: abort.signal })) as NodeJS.ReadableStream;
    e.stream.on('data', (chunk: Buffer) => e.feed(chunk.toString('utf8')));
    e.stream.on('error', () => {});
    return e;
  }

  private feed(text: string): void {
    const at = performance.now();
    this.buffer += text;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      let ev: { Action?: string; Actor?: { Attributes?: Record<string, string> } };
      try {
        ev = JSON.parse(line);
      } catch {
        continue;
      }
      const name = ev.Actor?.Attributes?.name;
      const list = name ? this.waiters.get(name) : undefined;
      if (!list) continue;
      for (const w of list.filter((w) => w.action === ev.Action)) {
        list.splice(list.indexOf(w), 1);
        w.resolve(at);
      }
      if (!list.length) this.waiters.delete(name!);
    }
  }

  /** Resolves with the time (performance.now()) the engine's `action` event for the container `name` arrived. */
  next(name: string, action: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${action} event for ${name} within ${timeoutMs / 1000} s`)), timeoutMs);
      const list = this.waiters.get(name) ?? [];
      list.push({
        action,
        resolve: (at) => {
          clearTimeout(t);
          resolve(at);
        },
      });
      this.waiters.set(name, list);
    });
  }

  close(): void {
    this.abort.abort();
  }
}
