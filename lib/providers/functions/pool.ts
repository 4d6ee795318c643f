// The functions pool: warm containers per function version, prewarmed "stem cells" that take a version's code on
// first request (a plain cold create only when none is ready), scale up under load to the function's maxScale, a
// short bounded queue beyond that, and scale to zero after the function's idle period. Versions that are no longer
// active drain (finish what they serve) and go. All of it in memory: the warm path touches no database and no
// engine API, only the container's keep-alive connection.
import type http from 'node:http';
import type { FnLogLine, RunnableFunction, StartKind } from '@/lib/functions/types';
import type { FunctionEngine, LeftoverContainer, StartedContainer } from './engine';
import { callJson, CallFailed, CallTimeout, newAgent, waitListening } from './runtime-client';
import { FunctionRuntimeError, FunctionRuntimeError as PoolError, type FunctionRuntime, type FunctionRuntimeErrorCode } from '@/lib/providers/function-runtime';

export type PoolOptions = {
  /** Stem cells kept ready per memory size in demand (the default size always). 0 turns them off. */
  stemCells: number;
  defaultMemoryMib: number;
  /** How long a request may wait for a free container before 429. */
  queueMs: number;
  /** How many requests may wait per function version. */
  maxQueue: number;
  /** Creating a container, its bootstrap listening and taking the code must fit in this. */
  startTimeoutMs: number;
  /** Memory sizes other than the default keep stem cells this long after their last cold start. */
  stemDemandMs: number;
  reapEveryMs: number;
  /** Function containers on the host (every tenant's, stem cells and adopted ones included). */
  maxContainers: number;
  /** Cold starts one tenant may have in progress at once. */
  coldStartsPerTenant: number;
  log: (message: string) => void;
};

/** How long after a stem cell was taken its replacement starts being made. */
const STEM_REFILL_DELAY_MS = 50;

export const DEFAULT_POOL_OPTIONS: PoolOptions = {
  stemCells: 2,
  defaultMemoryMib: 128,
  queueMs: 1_000,
  maxQueue: 100,
  startTimeoutMs: 15_000,
  stemDemandMs: 10 * 60_000,
  reapEveryMs: 1_000,
  maxContainers: 64,
  coldStartsPerTenant: 2,
  log: (m) => console.log(`[functions] ${m}`),
};

export type Slot = {
  id: string;
  ip: string;
  port: number;
  agent: http.Agent;
  memoryMib: number;
  versionId: string | null;
  /** The tenant whose code it runs (set once it took code). */
  tenantId: string | null;
  inflight: number;
  lastUsed: number;
  draining: boolean;
  gone: boolean;
};

export type Lease = { slot: Slot; start: StartKind; coldMs: number; initLogs: Omit<FnLogLine, 'invocationId'>[] };

/** The contract's error for a lease that could not be had (function-runtime.ts). */
export { FunctionRuntimeError as PoolError, type FunctionRuntimeErrorCode as PoolErrorCode };

type Waiter = { resolve: (l: Lease) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

function rejectWaiter(w: Waiter, err: Error): void {
  clearTimeout(w.timer);
  w.reject(err);
}

type Group = {
  versionId: string;
  functionId: string;
  tenantId: string;
  fn: RunnableFunction;
  slots: Slot[];
  starting: number;
  waiters: Waiter[];
};

type InitReply = { ok?: boolean; error?: { message: string; stack?: string }; logs?: Omit<FnLogLine, 'invocationId'>[] };

export type PoolSnapshot = {
  stems: Record<number, number>;
  versions: { functionId: string; versionId: string; containers: number; addresses: string[]; busy: number; starting: number; waiting: number }[];
};

export class FunctionPool implements FunctionRuntime {
  private readonly opts: PoolOptions;
  private readonly groups = new Map<string, Group>();
  private readonly stems = new Map<number, Slot[]>();
  private readonly stemStarting = new Map<number, number>();
  /** Stem cells being made: stop() waits for them, or a console stopped right after starting leaves them running. */
  private readonly stemStarts = new Set<Promise<void>>();
  private readonly stemDemand = new Map<number, number>();
  /** Containers a previous console process left, serving a version nobody asked for yet. */
  private readonly adopted = new Map<string, Slot[]>();
  private stemBackoffUntil = 0;
  private stemBackoffMs = 0;
  private started: Promise<void> | undefined;
  private reaper: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly engine: FunctionEngine,
    opts: Partial<PoolOptions> = {},
  ) {
    this.opts = { ...DEFAULT_POOL_OPTIONS, ...opts };
  }

  /** Prepares the network, adopts or removes what a previous console left, fills the stem cells. Idempotent. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.engine.prepare();
      await this.adoptLeftovers();
      this.reaper = setInterval(() => this.reap(), this.opts.reapEveryMs);
      this.reaper.unref();
      this.refill();
    })().catch((err) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  /** Removes every container of the pool (the console is stopping, or a test ends). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.reaper);
    const all: Slot[] = [...[...this.groups.values()].flatMap((g) => g.slots), ...[...this.stems.values()].flat(), ...[...this.adopted.values()].flat()];
    for (const g of this.groups.values()) for (const w of g.waiters.splice(0)) rejectWaiter(w, new PoolError('unavailable', 'The console is stopping.'));
    this.groups.clear();
    this.stems.clear();
    this.adopted.clear();
    await Promise.allSettled([...all.map((s) => this.kill(s)), ...this.stemStarts]);
  }

  // ------------------------------------------------------------------------------------------------ leasing

  /** A container serving `fn`'s active version with room for one more request. */
  async acquire(fn: RunnableFunction): Promise<Lease> {
    if (this.stopped) throw new PoolError('unavailable', 'The function pool is stopped.');
    if (!this.started) await this.start();
    else await this.started;
    const g = this.group(fn);
    const slot = this.freeSlot(g);
    if (slot) {
      slot.inflight++;
      return { slot, start: 'warm', coldMs: 0, initLogs: [] };
    }
    // Room coming from containers already starting (each start serves its own request first)?
    const coming = g.starting * (fn.concurrency - 1) - g.waiters.length;
    if (coming <= 0 && g.slots.length + g.starting < fn.maxScale) {
      const refusal = this.roomFor(g);
      if (!refusal) return this.spawn(g);
      // At a tenant or host limit: wait for the function's own containers if it has any, else say so at once.
      if (!g.slots.length && !g.starting) throw refusal;
    }
    return this.wait(g);
  }

  /**
   * Whether one more container may start for the group: the tenant's cold starts in progress and its containers
   * (Quota.maxFnContainers), and the host's function containers. At a container limit, an idle container (of the
   * same tenant first, else the host's least recently used) is removed to make room. The error to answer otherwise.
   */
  private roomFor(g: Group): PoolError | null {
    let starting = 0;
    let containers = 0;
    for (const x of this.groups.values()) {
      if (x.tenantId !== g.tenantId) continue;
      starting += x.starting;
      containers += x.starting + x.slots.length;
    }
    if (starting >= this.opts.coldStartsPerTenant) {
      return new PoolError('throttled', `Too many cold starts: this organisation's functions may start ${this.opts.coldStartsPerTenant} containers at a time.`);
    }
    if (containers >= g.fn.limits.tenantContainers && !this.evictIdle((s, x) => x.tenantId === g.tenantId && x !== g)) {
      return new PoolError('throttled', `This organisation's functions run ${containers} containers, its limit; none is idle.`, [], 2);
    }
    // A stem cell of the right size becomes the container: the host's count does not change.
    const fromStem = (this.stems.get(g.fn.version.memoryMib)?.length ?? 0) > 0;
    if (!fromStem && this.total() >= this.opts.maxContainers && !this.evictStem() && !this.evictIdle((s, x) => x !== g)) {
      return new PoolError('capacity', `The host runs its most function containers (${this.opts.maxContainers}); none is idle.`, [], 5);
    }
    return null;
  }

  /** Every function container of the pool, running or starting. */
  private total(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.slots.length + g.starting;
    for (const list of this.stems.values()) n += list.length;
    for (const k of this.stemStarting.values()) n += k;
    for (const list of this.adopted.values()) n += list.length;
    return n;
  }

  /** Removes the least recently used idle container among those `which` accepts; false when there is none. */
  private evictIdle(which: (s: Slot, g: Group) => boolean): boolean {
    let best: Slot | undefined;
    for (const g of this.groups.values()) {
      for (const s of g.slots) if (s.inflight === 0 && !s.gone && which(s, g) && (!best || s.lastUsed < best.lastUsed)) best = s;
    }
    if (!best) return false;
    this.retire(best);
    return true;
  }

  private evictStem(): boolean {
    for (const list of this.stems.values()) {
      const s = list.shift();
      if (s) {
        void this.kill(s);
        return true;
      }
    }
    return false;
  }

  /** Gives the request's place back; `discard` removes the container (it timed out, crashed or is suspect). */
  release(lease: Lease, discard = false): void {
    const s = lease.slot;
    s.inflight = Math.max(0, s.inflight - 1);
    s.lastUsed = Date.now();
    const g = s.versionId ? this.groups.get(s.versionId) : undefined;
    if (discard) {
      this.retire(s);
      if (g) this.spawnForWaiters(g);
      return;
    }
    if (s.draining) {
      if (s.inflight === 0) this.retire(s);
      return;
    }
    if (g) this.dispatch(g);
  }

  /** POSTs one invocation to the leased container. */
  run<T>(lease: Lease, doc: unknown, timeoutMs: number): Promise<{ status: number; body: T }> {
    return callJson<T>({ ip: lease.slot.ip, port: lease.slot.port, agent: lease.slot.agent }, '/run', doc, timeoutMs);
  }

  /** Why a leased container stopped answering: out of memory, exited, or still running. */
  async endOf(lease: Lease): Promise<{ oomKilled: boolean; exitCode: number | null; running: boolean } | null> {
    // The connection breaks a moment before the engine records the exit: look again for up to a second.
    for (let i = 0; ; i++) {
      const end = await this.engine.inspect(lease.slot.id).catch(() => null);
      if (!end?.running || i >= 20) return end;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The tenant's function containers in this pool, running or starting (the quota page shows it). */
  tenantContainers(tenantId: string): number {
    let n = 0;
    for (const g of this.groups.values()) if (g.tenantId === tenantId) n += g.slots.length + g.starting;
    return n;
  }

  /**
   * Removes every container running the tenant's code now, busy or not (its organisation is being deleted: a
   * request still running fails), and forgets its groups. Resolves once the engine removed them; returns how many.
   */
  async removeTenant(tenantId: string): Promise<number> {
    const doomed: Slot[] = [];
    for (const g of [...this.groups.values()]) {
      if (g.tenantId !== tenantId) continue;
      this.groups.delete(g.versionId);
      for (const w of g.waiters.splice(0)) rejectWaiter(w, new PoolError('unavailable', 'This function no longer exists.'));
      doomed.push(...g.slots.splice(0));
    }
    for (const [v, list] of [...this.adopted]) {
      const keep = list.filter((s) => s.tenantId !== tenantId);
      doomed.push(...list.filter((s) => s.tenantId === tenantId));
      if (keep.length) this.adopted.set(v, keep);
      else this.adopted.delete(v);
    }
    await Promise.all(doomed.map((s) => this.kill(s)));
    return doomed.length;
  }

  tenantOfFunction(functionId: string): string | undefined {
    for (const g of this.groups.values()) if (g.functionId === functionId) return g.tenantId;
    return undefined;
  }

  /** Drains every version of `functionId` except `versionId` (all of them when null). */
  retainOnly(functionId: string, versionId: string | null): void {
    for (const g of [...this.groups.values()]) {
      if (g.functionId !== functionId || g.versionId === versionId) continue;
      this.groups.delete(g.versionId);
      for (const w of g.waiters.splice(0)) rejectWaiter(w, new PoolError('unavailable', 'The function changed while this request waited; retry it.'));
      for (const s of g.slots) {
        s.draining = true;
        if (s.inflight === 0) this.retire(s);
      }
    }
  }

  snapshot(): PoolSnapshot {
    const stems: Record<number, number> = {};
    for (const [m, list] of this.stems) stems[m] = list.length;
    return {
      stems,
      versions: [...this.groups.values()].map((g) => ({
        functionId: g.functionId,
        versionId: g.versionId,
        containers: g.slots.length,
        addresses: g.slots.map((x) => x.ip),
        busy: g.slots.reduce((n, s) => n + s.inflight, 0),
        starting: g.starting,
        waiting: g.waiters.length,
      })),
    };
  }

  /** Waits until the stem cells of the default size (and any size in demand) are all ready. For tests/benchmarks. */
  async stemsReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const full = [...this.stemTargets()].every(([m, n]) => (this.stems.get(m)?.length ?? 0) >= n);
      if (full) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('stem cells not ready in time');
  }

  private group(fn: RunnableFunction): Group {
    let g = this.groups.get(fn.version.id);
    if (!g) {
      g = { versionId: fn.version.id, functionId: fn.functionId, tenantId: fn.tenantId, fn, slots: [], starting: 0, waiters: [] };
      const adopted = this.adopted.get(fn.version.id);
      if (adopted) {
        // A version belongs to one tenant; checked anyway, since a container must never serve another tenant.
        g.slots.push(...adopted.filter((s) => s.tenantId === fn.tenantId));
        this.adopted.delete(fn.version.id);
      }
      this.groups.set(fn.version.id, g);
    }
    // Settings (concurrency, scale, idle time) may change without a new version.
    g.fn = fn;
    return g;
  }

  private freeSlot(g: Group): Slot | undefined {
    let best: Slot | undefined;
    for (const s of g.slots) {
      if (s.draining || s.gone || s.inflight >= g.fn.concurrency) continue;
      if (!best || s.inflight < best.inflight) best = s;
    }
    return best;
  }

  private dispatch(g: Group): void {
    while (g.waiters.length) {
      const slot = this.freeSlot(g);
      if (!slot) return;
      slot.inflight++;
      const w = g.waiters.shift()!;
      clearTimeout(w.timer);
      w.resolve({ slot, start: 'warm', coldMs: 0, initLogs: [] });
    }
  }

  private wait(g: Group): Promise<Lease> {
    if (g.waiters.length >= this.opts.maxQueue) {
      return Promise.reject(new PoolError('throttled', `Too many concurrent requests: ${g.fn.maxScale} × ${g.fn.concurrency} are being served and ${g.waiters.length} wait.`));
    }
    // A request waiting for a container that is still starting may wait for the start too.
    const ms = this.opts.queueMs + (g.starting ? this.opts.startTimeoutMs : 0);
    return new Promise<Lease>((resolve, reject) => {
      const w: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          const i = g.waiters.indexOf(w);
          if (i >= 0) g.waiters.splice(i, 1);
          reject(new PoolError('throttled', `Too many concurrent requests: no container was free within ${ms} ms.`));
        }, ms),
      };
      g.waiters.push(w);
    });
  }

  /** Starts one more container for the group and leases it to the caller. */
  private async spawn(g: Group): Promise<Lease> {
    g.starting++;
    const t0 = performance.now();
    let failed: Error | undefined;
    try {
      const { slot, start, logs } = await this.bring(g.fn);
      slot.inflight = 1;
      if (this.groups.get(g.versionId) === g && !this.stopped) g.slots.push(slot);
      else slot.draining = true; // retired while it started: serve this request, then go
      return { slot, start, coldMs: performance.now() - t0, initLogs: logs };
    } catch (err) {
      failed = err as Error;
      throw err;
    } finally {
      g.starting--;
      this.dispatch(g);
      if (failed && !g.slots.length && !g.starting) {
        const reason = failed instanceof PoolError ? failed : new PoolError('unavailable', `No container could be started: ${failed.message}`);
        for (const w of g.waiters.splice(0)) rejectWaiter(w, reason);
      }
    }
  }

  /** After a container was discarded, requests still waiting get a new one if the scale allows. */
  private spawnForWaiters(g: Group): void {
    if (!g.waiters.length || g.slots.length + g.starting >= g.fn.maxScale || this.groups.get(g.versionId) !== g) return;
    if (this.roomFor(g)) return;
    this.spawn(g).then(
      (lease) => this.release(lease),
      () => {},
    );
  }

  /** A container running `fn`'s version: a stem cell given the code, or else a plain cold create. */
  private async bring(fn: RunnableFunction): Promise<{ slot: Slot; start: StartKind; logs: Lease['initLogs'] }> {
    const mem = fn.version.memoryMib;
    this.stemDemand.set(mem, Date.now());
    const stem = this.stems.get(mem)?.pop();
    if (stem) {
      try {
        return { slot: stem, start: 'stem', logs: await this.init(stem, fn) };
      } catch (err) {
        this.retire(stem);
        if (err instanceof PoolError) throw err;
        this.opts.log(`a stem cell failed to take code (${(err as Error).message}); creating a container`);
      } finally {
        // The replacement is made once this cold start is served: a container being created takes the CPUs the
        // request needs (on a small host that added milliseconds to every stem-cell start).
        const t = setTimeout(() => this.refill(), STEM_REFILL_DELAY_MS);
        t.unref?.();
      }
    }
    this.refill();
    const started = await this.withTimeout(this.engine.start({ memoryMib: mem, owner: { tenantId: fn.tenantId, functionId: fn.functionId, versionId: fn.version.id } }));
    const slot = this.slotOf(started, mem);
    try {
      await waitListening(slot, this.opts.startTimeoutMs);
      return { slot, start: 'create', logs: await this.init(slot, fn) };
    } catch (err) {
      this.retire(slot);
      throw err;
    }
  }

  private async init(slot: Slot, fn: RunnableFunction): Promise<Lease['initLogs']> {
    const { status, body } = await callJson<InitReply>(slot, '/init', { versionId: fn.version.id, code: fn.version.code, env: fn.version.env }, this.opts.startTimeoutMs);
    if (status === 422) throw new PoolError('code_error', body.error?.stack ?? body.error?.message ?? 'The code failed to load.', body.logs ?? []);
    if (status !== 200) throw new Error(`the runtime refused the code (${status}: ${body.error?.message ?? ''})`);
    slot.versionId = fn.version.id;
    slot.tenantId = fn.tenantId;
    return body.logs ?? [];
  }

  private withTimeout<T>(p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      p.finally(() => clearTimeout(timer)),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no container within ${this.opts.startTimeoutMs} ms`)), this.opts.startTimeoutMs))),
    ]);
  }

  private slotOf(c: StartedContainer, memoryMib: number): Slot {
    return { id: c.id, ip: c.ip, port: c.port, agent: newAgent(), memoryMib, versionId: null, tenantId: null, inflight: 0, lastUsed: Date.now(), draining: false, gone: false };
  }

  /** Takes the container out of service and removes it. */
  private retire(s: Slot): void {
    if (s.gone) return;
    s.gone = true;
    if (s.versionId) {
      const g = this.groups.get(s.versionId);
      if (g) g.slots = g.slots.filter((x) => x !== s);
    }
    void this.kill(s);
  }

  private async kill(s: Slot): Promise<void> {
    s.gone = true;
    s.agent.destroy();
    await this.engine.remove(s.id).catch((err) => this.opts.log(`could not remove container ${s.id.slice(0, 12)}: ${(err as Error).message}`));
  }

  // ---------------------------------------------------------------------------------------- stem cells, reaping

  private stemTargets(): Map<number, number> {
    const out = new Map<number, number>();
    if (this.opts.stemCells <= 0) return out;
    out.set(this.opts.defaultMemoryMib, this.opts.stemCells);
    const now = Date.now();
    for (const [m, at] of this.stemDemand) if (now - at < this.opts.stemDemandMs) out.set(m, this.opts.stemCells);
    return out;
  }

  private refill(): void {
    if (this.stopped || !this.started || Date.now() < this.stemBackoffUntil) return;
    for (const [mem, target] of this.stemTargets()) {
      const have = (this.stems.get(mem)?.length ?? 0) + (this.stemStarting.get(mem) ?? 0);
      for (let i = have; i < target; i++) {
        // Stem cells never take the host's last places: those are for functions.
        if (this.total() >= this.opts.maxContainers - 1) return;
        const p = this.startStem(mem).finally(() => this.stemStarts.delete(p));
        this.stemStarts.add(p);
      }
    }
  }

  private async startStem(mem: number): Promise<void> {
    this.stemStarting.set(mem, (this.stemStarting.get(mem) ?? 0) + 1);
    let slot: Slot | undefined;
    try {
      slot = this.slotOf(await this.withTimeout(this.engine.start({ memoryMib: mem })), mem);
      await waitListening(slot, this.opts.startTimeoutMs);
      if (this.stopped) throw new Error('stopped');
      let list = this.stems.get(mem);
      if (!list) this.stems.set(mem, (list = []));
      list.push(slot);
      this.stemBackoffMs = 0;
    } catch (err) {
      if (slot) await this.kill(slot);
      if (!this.stopped) {
        // 5 s, then twice as long after each failure up to 5 min: a missing image or a full host is not retried
        // (and logged) every few seconds for the life of the process.
        this.stemBackoffMs = Math.min(Math.max(this.stemBackoffMs * 2, 5_000), 300_000);
        this.stemBackoffUntil = Date.now() + this.stemBackoffMs;
        this.opts.log(`a stem cell failed to start (next try in ${this.stemBackoffMs / 1000} s): ${(err as Error).message}`);
      }
    } finally {
      this.stemStarting.set(mem, (this.stemStarting.get(mem) ?? 1) - 1);
    }
  }

  private reap(): void {
    if (this.stopped) return;
    const now = Date.now();
    for (const g of [...this.groups.values()]) {
      const idleMs = g.fn.idleSeconds * 1000;
      for (const s of [...g.slots]) if (s.inflight === 0 && now - s.lastUsed >= idleMs) this.retire(s);
      if (!g.slots.length && !g.starting && !g.waiters.length) this.groups.delete(g.versionId);
    }
    // Adopted containers nobody asked for within the default idle time go too.
    for (const [v, list] of [...this.adopted]) {
      const keep = list.filter((s) => now - s.lastUsed < 300_000);
      for (const s of list) if (!keep.includes(s)) void this.kill(s);
      if (keep.length) this.adopted.set(v, keep);
      else this.adopted.delete(v);
    }
    // Stem cells of a size no longer in demand.
    const targets = this.stemTargets();
    for (const [m, list] of this.stems) {
      const extra = list.length - (targets.get(m) ?? 0);
      for (const s of list.splice(0, Math.max(0, extra))) void this.kill(s);
    }
    this.refill();
  }

  /**
   * Keeps the containers a previous console process made for one version (their labels, set by the console, say
   * whose they are) when their bootstrap still serves that version; removes the rest. Stem cells are never adopted:
   * one that took code carries no owner label, and what its bootstrap answers cannot be trusted (the code runs there).
   */
  private async adoptLeftovers(): Promise<void> {
    const left = await this.engine.leftovers();
    let adopted = 0;
    await Promise.all(
      left.map(async (c: LeftoverContainer) => {
        const slot: Slot = { id: c.id, ip: c.ip ?? '', port: c.port, agent: newAgent(), memoryMib: c.memoryMib, versionId: null, tenantId: c.owner?.tenantId ?? null, inflight: 0, lastUsed: Date.now(), draining: false, gone: false };
        let loaded: string | null | undefined;
        if (c.owner && c.running && c.ip) loaded = await callJson<{ loaded: string | null }>(slot, '/health', undefined, 1_000).then((r) => r.body.loaded, () => undefined);
        if (c.owner && loaded === c.owner.versionId) {
          slot.versionId = loaded;
          const list = this.adopted.get(loaded) ?? [];
          list.push(slot);
          this.adopted.set(loaded, list);
          adopted++;
        } else {
          await this.kill(slot);
        }
      }),
    );
    if (left.length) this.opts.log(`found ${left.length} function container(s) of a previous run: adopted ${adopted}, removed ${left.length - adopted}`);
  }
}

export { CallFailed, CallTimeout };
