// The one reconciler: picks instances whose desired state differs from what was observed, takes a lease on each
// (so two console processes never act on one instance), asks the driver, and records what happened. It keeps
// state only in the database, so a crash at any point is repaired by the next pass, in this or another process.
// Every write it makes is fenced: it lands only while this process still holds the lease and no user request came
// since the step read the row (its generation); otherwise the pass ends and a later one starts from what is there.
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';
import type { InstanceStatus } from '@/lib/generated/prisma/enums';
import { driverFor, allDrivers } from '@/lib/providers/registry';
import { EngineError, volumesKey, type Driver, type DriverInstance, type Endpoint, type ManagedObject, type Observation } from '@/lib/providers/types';
import { backoffMs, crashReason, crashRetry, plan, waitInWords, type Step } from './plan';
import { INSTANCE_REFS, toDriverInstance, type InstanceWithRefs } from './driver-instance';
import { reconcileSnapshots, SNAPSHOT_WORK } from './snapshots';
import { Superseded, type Pass } from './fence';
import { drifted } from './drift';
import { sleep } from '@/lib/sleep';
import { reapDeletingTenants, untilTenantDeletionWork } from '@/lib/admin/tenant-deletion';
import { enforceSuspensions } from '@/lib/admin/tenant-suspension';
import { observeReady } from '@/lib/performance/observe-ready';
import { publishChange } from '@/lib/live/changes';
import { listVolumeIds, removeVolume } from '@/lib/providers/volumes/store';
import { requestIngressSync } from '@/lib/ingress/sync';

export type ReconcilerOptions = {
  /** Identifies this process in leases. */
  owner: string;
  leaseMs?: number;
  /** How often to look for work when nothing wakes the loop. */
  tickMs?: number;
  /** How often every live instance is observed again (drift the event stream missed). */
  resyncMs?: number;
  /** How often engine objects without an instance are removed. */
  sweepMs?: number;
  /**
   * How often organisations being deleted or suspended are looked at (a deletion or suspension requested in this
   * process wakes it at once).
   */
  tenantDeletionMs?: number;
  concurrency?: number;
  log?: (msg: string) => void;
};

const MAX_STEPS_PER_PASS = 6;
const SETTLED = [
  { desiredState: 'running' as const, status: 'running' as const, pendingAction: null },
  { desiredState: 'stopped' as const, status: 'stopped' as const, pendingAction: null },
  { desiredState: 'deleted' as const, status: 'deleted' as const },
];

export class Reconciler {
  private readonly o: Required<ReconcilerOptions>;
  private stopped = true;
  private abort = new AbortController();
  private wakeUp: (() => void) | null = null;
  /** A wake-up that arrived while a pass was running: the loop runs another pass at once instead of sleeping. */
  private wokenDuringPass = false;
  private readonly forced = new Set<string>();
  private readonly inFlight = new Set<string>();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly db: PrismaClient,
    opts: ReconcilerOptions,
  ) {
    this.o = {
      leaseMs: 30_000,
      tickMs: 1_000,
      resyncMs: 30_000,
      sweepMs: 60_000,
      tenantDeletionMs: 5_000,
      concurrency: 6,
      log: (m) => console.log(`[reconciler] ${m}`),
      ...opts,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.abort = new AbortController();
    this.loops = [this.mainLoop(), this.every(this.o.resyncMs, () => this.resync()), this.every(this.o.sweepMs, () => this.sweep()), this.tenantDeletionLoop()];
    for (const d of allDrivers()) if (d.watch) this.loops.push(this.watchLoop(d));
    // The ingress's routes follow instances' writes below; this pass (and its period) also catches renamed or
    // deleted organisations and an nginx that was restarted.
    this.syncIngress();
    this.loops.push(this.every(this.o.resyncMs, async () => this.syncIngress()));
  }

  /** Regenerates the ingress's routes from the database (lib/ingress/sync.ts: coalesced, never throws). */
  private syncIngress(): void {
    requestIngressSync(this.db, this.o.log);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.wake();
    await Promise.allSettled(this.loops);
  }

  /** Asks for a pass soon (after a user changed desired state). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wokenDuringPass = true;
  }

  /** Asks for this instance to be observed and reconciled even if it looks settled. */
  poke(instanceId: string): void {
    this.forced.add(instanceId);
    this.wake();
  }

  private async mainLoop(): Promise<void> {
    while (!this.stopped) {
      this.wokenDuringPass = false;
      try {
        await this.tick();
      } catch (err) {
        this.o.log(`pass failed: ${(err as Error).message}`);
      }
      if (this.stopped) break;
      // New desired state recorded during the pass (its due-query ran before the commit) must not wait a tick.
      if (this.wokenDuringPass) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.o.tickMs);
        this.wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  private async every(ms: number, fn: () => Promise<unknown>): Promise<void> {
    while (!this.stopped) {
      await sleep(ms, this.abort.signal);
      if (this.stopped) break;
      await fn().catch((err) => this.o.log(`${fn.name || 'periodic task'} failed: ${(err as Error).message}`));
    }
  }

  /**
   * Organisations an admin deleted: their engine objects, then their rows (lib/admin/tenant-deletion.ts); and those
   * an admin suspended: nothing of theirs runs (lib/admin/tenant-suspension.ts).
   */
  private async tenantDeletionLoop(): Promise<void> {
    while (!this.stopped) {
      try {
        await enforceSuspensions(this.db, this.o.log);
        const r = await reapDeletingTenants(this.db, this.o.log);
        // While instances are still being deleted, look again soon rather than at the next period.
        await untilTenantDeletionWork(r.pending ? Math.min(this.o.tenantDeletionMs, 500) : this.o.tenantDeletionMs, this.abort.signal);
      } catch (err) {
        this.o.log(`organisation deletion pass failed: ${(err as Error).message}`);
        await untilTenantDeletionWork(this.o.tenantDeletionMs, this.abort.signal);
      }
    }
  }

  private async watchLoop(driver: Driver): Promise<void> {
    let delay = 1000;
    while (!this.stopped) {
      try {
        await driver.watch!((id) => this.poke(id), this.abort.signal);
        delay = 1000;
      } catch (err) {
        if (this.stopped) break;
        this.o.log(`${driver.id} event stream lost (${(err as Error).message}); reconnecting in ${delay} ms`);
      }
      await sleep(delay, this.abort.signal);
      delay = Math.min(delay * 2, 30_000);
      // Events may have been missed while disconnected.
      if (!this.stopped) await this.resync().catch(() => {});
    }
  }

  /** One pass: every due instance (and every poked one) is reconciled, a few at a time. Returns how many. */
  async tick(): Promise<number> {
    const now = new Date();
    // Instances due, and those with snapshot work to do even when the instance itself is settled (side by side:
    // the second query costs a create no time).
    const [due, snapshotWork] = await Promise.all([
      this.db.instance.findMany({
        where: { nextAttemptAt: { lte: now }, NOT: { OR: SETTLED } },
        select: { id: true },
        orderBy: { nextAttemptAt: 'asc' },
        take: 100,
      }),
      this.db.instanceSnapshot.findMany({
        where: { deletedAt: null, nextAttemptAt: { lte: now }, OR: SNAPSHOT_WORK },
        select: { instanceId: true },
        distinct: ['instanceId'],
        take: 100,
      }),
    ]);
    const ids = new Set([...due.map((d) => d.id), ...snapshotWork.map((s) => s.instanceId), ...this.forced]);
    // A poke for an instance whose pass is under way stays for the pass after it (an engine event during a start
    // must not be lost until the next resync); reconcileOne wakes the loop when it ends.
    for (const id of this.forced) if (!this.inFlight.has(id)) this.forced.delete(id);
    const queue = [...ids].filter((id) => !this.inFlight.has(id));
    await Promise.all(
      Array.from({ length: Math.min(this.o.concurrency, queue.length) }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) await this.reconcileOne(id);
      }),
    );
    return ids.size;
  }

  /**
   * Catches drift that no event reported: one listing of each engine compared with the live rows (lib/reconciler/
   * drift.ts), and a pass asked for only where they disagree or the row is not settled — no query or engine call per
   * instance, so an organisation with 10,000 instances does not hold the database for it. Rows another process holds
   * a lease on are left to it (a claim would fail). Returns how many instances it asked a pass for.
   */
  async resync(): Promise<number> {
    const listings = new Map<string, Map<string, ManagedObject> | null>();
    for (const d of allDrivers()) {
      // Listed before the rows are read: an instance that changes in between is asked for (a pass too many), never missed.
      const objects = await d.listManaged().catch(() => null);
      listings.set(d.id, objects && new Map(objects.map((o) => [o.instanceId, o])));
    }
    const now = new Date();
    const rows = await this.db.instance.findMany({
      where: { status: { not: 'deleted' }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: this.o.owner }] },
      select: { id: true, provider: true, desiredState: true, status: true, pendingAction: true, engineRef: true, generation: true, observedGeneration: true, leaseOwner: true },
    });
    let asked = 0;
    for (const row of rows) {
      // An expired lease of another process (one that died mid-pass) is taken over and released by a pass.
      const leftBehind = row.leaseOwner !== null && row.leaseOwner !== this.o.owner;
      if (!leftBehind && !drifted(row, listings.get(row.provider))) continue;
      this.forced.add(row.id);
      asked++;
    }
    if (asked) this.wake();
    return asked;
  }

  /** Removes engine objects that no live instance owns, then per-tenant resources of tenants with none live. */
  async sweep(): Promise<number> {
    let removed = 0;
    for (const driver of allDrivers()) {
      const objects = await driver.listManaged();
      const rows = objects.length
        ? await this.db.instance.findMany({
            where: { id: { in: objects.map((o) => o.instanceId) } },
            select: { id: true, tenantId: true, status: true },
          })
        : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const obj of objects) {
        const row = byId.get(obj.instanceId);
        if (row && row.tenantId === obj.tenantId && row.status !== 'deleted') continue;
        await driver.removeManaged(obj);
        removed++;
        this.o.log(`removed orphan ${obj.engineRef.slice(0, 12)} (instance ${obj.instanceId})`);
      }
      if (driver.sweepTenantResources) {
        // Read after the objects were listed: a tenant whose first instance is being created now counts as live.
        const live = await this.db.instance.findMany({ where: { provider: driver.id, status: { not: 'deleted' } }, select: { tenantId: true }, distinct: ['tenantId'] });
        const n = await driver.sweepTenantResources(new Set(live.map((l) => l.tenantId)));
        if (n) this.o.log(`removed ${n} idle tenant resource(s) of ${driver.id}`);
      }
    }
    await this.sweepVolumeFiles();
    return removed;
  }

  /**
   * Removes the files of volumes that have no live row (a delete whose file removal failed, or a crash between its
   * commit and the removal). Directories are made only after their row is committed, so a new volume is never taken.
   */
  private async sweepVolumeFiles(): Promise<number> {
    const onDisk = listVolumeIds();
    if (!onDisk.length) return 0;
    const live = new Set((await this.db.volume.findMany({ where: { id: { in: onDisk }, deletedAt: null }, select: { id: true } })).map((v) => v.id));
    let n = 0;
    for (const id of onDisk) {
      if (live.has(id)) continue;
      await removeVolume(id).then(
        () => (n++, this.o.log(`removed the files of deleted volume ${id}`)),
        (err: Error) => this.o.log(`could not remove the files of deleted volume ${id}: ${err.message}`),
      );
    }
    return n;
  }

  /** Reconciles one instance under a lease; safe to call from several processes at once. */
  async reconcileOne(id: string): Promise<void> {
    if (this.inFlight.has(id)) return;
    this.inFlight.add(id);
    try {
      if (!(await this.claim(id))) return;
      const pass: Pass = { ended: false };
      // Held while the pass runs, however long the engine takes (a VM's graceful stop, a snapshot of a big disk).
      // A renewal that fails (taken over after this process stalled past the lease, or the database unreachable)
      // ends the pass: nothing more is done or written on a lease that may be someone else's.
      const lost = (why: string) => {
        if (!pass.ended) this.o.log(`instance ${id}: lease ${why}; this pass stops here`);
        pass.ended = true;
      };
      const heartbeat = setInterval(
        () =>
          void this.renew(id).then(
            (held) => held || lost('taken over'),
            (err: Error) => lost(`not renewed (${err.message})`),
          ),
        Math.max(250, Math.floor(this.o.leaseMs / 3)),
      );
      try {
        const first = await this.db.instance.findUnique({ where: { id }, include: INSTANCE_REFS });
        // Snapshot work first (it leaves the instance's row as it is): a restore asked for while stopped happens
        // before a start that followed it.
        if (first) await reconcileSnapshots(this.db, first, this.o.log, { owner: this.o.owner, pass });
        let justStarted = false;
        for (let i = 0; i < MAX_STEPS_PER_PASS && !pass.ended; i++) {
          const inst = i === 0 ? first : await this.db.instance.findUnique({ where: { id }, include: INSTANCE_REFS });
          if (!inst) return;
          const did = await this.step(inst, pass, justStarted);
          if (!did) return;
          justStarted = did === 'start' || did === 'restart';
        }
      } finally {
        clearInterval(heartbeat);
        await this.release(id);
      }
    } catch (err) {
      if (!(err instanceof Superseded)) this.o.log(`instance ${id}: ${(err as Error).message}`);
    } finally {
      this.inFlight.delete(id);
      if (this.forced.has(id)) this.wake();
    }
  }

  /** Observes, decides, acts once. Returns the engine action taken, or null when nothing more is to be done. */
  private async step(inst: InstanceWithRefs, pass: Pass, justStarted: boolean): Promise<Step['do'] | null> {
    const driver = driverFor(inst.provider);
    const di = toDriverInstance(inst);
    let observed: Observation;
    try {
      // Never made on its engine (still "pending", no engine id): nothing to ask the engine, which saves a create a
      // round trip. A create cut short by a crash left "creating" behind, so that one is observed (and adopted).
      observed = inst.status === 'pending' && !inst.engineRef ? { exists: false } : await driver.observe(di);
    } catch (err) {
      await this.fail(inst, pass, err);
      return null;
    }
    const now = new Date();
    const next = plan({
      desired: inst.desiredState,
      status: inst.status,
      pendingAction: inst.pendingAction,
      observed,
      justStarted,
      volumesChanged: observed.exists && observed.volumesKey !== undefined && di.volumes !== undefined && observed.volumesKey !== volumesKey(di.volumes),
      // Only a crash's backoff holds a start back: after an engine failure a poke (the engine's events coming back)
      // is the quickest way to recover.
      backingOff: inst.crashes > 0 && inst.nextAttemptAt.getTime() > now.getTime(),
    });
    if (next.do === 'wait') return null;
    if (next.do === 'record') {
      await this.record(inst, pass, next, observed);
      return null;
    }
    if (next.do === 'crashed') {
      // Started again after a backoff that doubles with each crash in a row (a user's request resets the count).
      const { crashes, delayMs } = crashRetry(inst.crashes, inst.runningSince, now);
      const unhealthy = observed.exists && observed.health === 'unhealthy';
      const reason = crashReason(next.reason, crashes, unhealthy);
      await this.write(
        inst,
        pass,
        { status: 'error', statusReason: reason, crashes, nextAttemptAt: new Date(now.getTime() + delayMs), endpoints: [], health: unhealthy ? 'unhealthy' : null },
        { type: unhealthy ? 'unhealthy' : 'exited', message: `${reason}; ${unhealthy ? 'restarting' : 'starting again'} in ${waitInWords(delayMs)}` },
      );
      return null;
    }
    // Intent before the side effect: the status says what is being done, so a crash here is visible and resumable.
    // (Fenced like every write: an action is taken only while the lease holds and no newer request came.)
    if (next.do === 'create' && inst.engineRef) {
      await this.write(inst, pass, { status: next.status, statusReason: null }, { type: 'vanished', message: 'The engine object disappeared; creating it again' });
    } else if (next.do === 'redeploy') {
      // The old version's address and health go with it: nothing is shown as reachable until the new one runs.
      await this.write(inst, pass, { status: next.status, statusReason: null, endpoints: [], health: null }, inst.status !== next.status ? next.do : null);
    } else if (next.do === 'recreate') {
      await this.write(inst, pass, { status: next.status, statusReason: null }, { type: 'recreating', message: 'Making it again to apply the volume attachments' });
    } else if (inst.status !== next.status) {
      await this.write(inst, pass, { status: next.status, statusReason: null }, next.do);
    }
    if (pass.ended) throw new Superseded('lease lost');
    try {
      await act(driver, di, next);
    } catch (err) {
      await this.fail(inst, pass, err);
      return null;
    }
    if (next.do === 'redeploy' || (next.do === 'create' && inst.pendingAction === 'redeploy')) {
      // Removed: the next step creates it from the new version's spec (and starts it if it should run).
      await this.write(inst, pass, { pendingAction: null, engineRef: null, endpoints: [], health: null }, { type: 'redeploying', message: 'Replacing the container with the new version' });
    }
    if (next.do === 'restart') {
      // Conditioned on the generation like every write: a restart asked for again meanwhile is kept, and done.
      await this.write(inst, pass, { pendingAction: null }, { type: 'restarted', message: 'Restarted', to: 'running' });
    }
    return next.do;
  }

  private async record(inst: InstanceWithRefs, pass: Pass, step: Extract<Step, { do: 'record' }>, observed: Observation): Promise<void> {
    // `crashes` stays: reaching "running" does not end a crash loop (a long enough run, or a user's request, does).
    const data: Prisma.InstanceUpdateInput = {
      status: step.status,
      statusReason: step.reason ?? null,
      engineRef: observed.exists ? observed.engineRef : inst.engineRef,
      endpoints: observed.exists && observed.status === 'running' ? observed.endpoints : [],
      health: observed.exists ? (observed.health ?? null) : null,
      nextAttemptAt: new Date(),
    };
    if (inst.status !== step.status) data.attempts = 0;
    if (step.finalDelete) {
      data.liveName = null;
      data.deletedAt = new Date();
      data.endpoints = [];
      // Its volumes are free again (kept, with their data) once its engine object is gone.
      data.volumeAttachments = { deleteMany: {} };
    }
    const changed =
      inst.status !== step.status ||
      (inst.statusReason ?? null) !== (step.reason ?? null) ||
      endpointsKey(inst.endpoints) !== endpointsKey(data.endpoints) ||
      (inst.health ?? null) !== data.health ||
      (observed.exists && inst.engineRef !== observed.engineRef) ||
      inst.observedGeneration !== inst.generation;
    // Only a change of status goes to the activity feed; new endpoints or ids are recorded quietly.
    const becameReady = step.status === 'running' && inst.status !== 'running';
    // The moment written as runningSince is the one measured as ready (one clock reading, not two).
    const readyAt = new Date();
    if (changed) await this.write(inst, pass, becameReady ? { ...data, runningSince: readyAt } : data, inst.status !== step.status ? step.status : null);
    if (becameReady) this.measureReady(inst, observed, readyAt);
  }

  /** Create → ready and memory, recorded beside the pass (lib/performance): never delays or fails it. */
  private measureReady(inst: InstanceWithRefs, observed: Observation, readyAt: Date): void {
    void Promise.resolve()
      .then(() => observeReady(this.db, inst, readyAt, driverFor(inst.provider), { ...toDriverInstance(inst), engineRef: observed.exists ? observed.engineRef : inst.engineRef }))
      .catch((err: Error) => this.o.log(`instance ${inst.id}: measuring ready: ${err.message}`));
  }

  private async fail(inst: InstanceWithRefs, pass: Pass, err: unknown): Promise<void> {
    if (err instanceof EngineError && err.retryAfterMs !== undefined) {
      // A wait that ends by itself (a boot slot freeing up) is progress, not an error: "creating", with why it
      // waits (never "running": a VM waiting to boot again after a crash is down, and must not be billed as up);
      // one event when the wait begins, not one each time its figures change ("Waiting for a boot slot: 2 …").
      const what = (m: string | null) => m?.split(':')[0];
      await this.write(
        inst,
        pass,
        { status: 'creating', statusReason: err.message, endpoints: [], nextAttemptAt: new Date(Date.now() + err.retryAfterMs) },
        inst.status === 'creating' && what(inst.statusReason) === what(err.message) ? null : 'waiting',
      );
      return;
    }
    const message = err instanceof EngineError ? err.message : `Unexpected error: ${(err as Error).message}`;
    if (!(err instanceof EngineError)) this.o.log(`instance ${inst.id}: ${(err as Error).stack ?? err}`);
    const attempts = inst.attempts + 1;
    const retryMs = backoffMs(attempts);
    await this.write(
      inst,
      pass,
      { status: 'error', statusReason: message, attempts, nextAttemptAt: new Date(Date.now() + retryMs) },
      inst.statusReason === message && inst.status === 'error' ? null : 'error',
    );
  }

  /**
   * Updates the row and, when `event` is given, adds the transition to the activity feed — only while this process
   * holds the lease and the row is still at the generation the step read (a user's request since then is left as
   * it is). One UPDATE with those conditions (and the event beside it), so fencing costs no extra round trip;
   * otherwise nothing is written and the pass ends (Superseded).
   */
  private async write(
    inst: InstanceWithRefs,
    pass: Pass,
    data: Prisma.InstanceUpdateInput,
    event: string | { type: string; message: string; to?: InstanceStatus } | null,
  ): Promise<void> {
    if (pass.ended) throw new Superseded('lease lost');
    const to = (data.status as InstanceStatus | undefined) ?? inst.status;
    const fenced: Prisma.InstanceUpdateInput = { ...data, observedGeneration: inst.generation };
    if (to !== inst.status) fenced.runningSince = to === 'running' ? (fenced.runningSince ?? new Date()) : null;
    // The owner, not the expiry: only a claim changes the owner, and a claim is the only way another process may act,
    // so "still mine" is exactly "nobody took it over". (Also checking expiry would end passes on a heartbeat late by
    // a busy moment, with nobody else acting.)
    const where: Prisma.InstanceWhereUniqueInput = { id: inst.id, leaseOwner: this.o.owner, generation: inst.generation };
    const e = typeof event === 'string' ? { type: event, message: undefined, to } : event;
    try {
      await this.db.$transaction([
        this.db.instance.update({ where, data: fenced, select: { id: true } }),
        ...(e
          ? [
              this.db.instanceEvent.create({
                data: {
                  instanceId: inst.id,
                  tenantId: inst.tenantId,
                  type: e.type,
                  fromStatus: inst.status,
                  toStatus: e.to ?? to,
                  message: e.message ?? (data.statusReason as string | null | undefined) ?? describe(to),
                },
              }),
            ]
          : []),
      ]);
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') {
        pass.ended = true;
        throw new Superseded(`instance ${inst.id} changed hands or was asked for something new`);
      }
      throw err;
    }
    Object.assign(inst, fenced);
    if ('status' in data || 'endpoints' in data) this.syncIngress();
    // Watchers (the watch API, the UI's live views) hear of it now rather than at their next check.
    publishChange({ kind: 'instance', id: inst.id, tenantId: inst.tenantId });
  }

  private async claim(id: string): Promise<boolean> {
    const now = new Date();
    return this.updateLease(
      { id, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: this.o.owner }] },
      { leaseOwner: this.o.owner, leaseUntil: new Date(now.getTime() + this.o.leaseMs) },
    );
  }

  /** False when the lease is no longer this process's (taken over after it expired). */
  private async renew(id: string): Promise<boolean> {
    return this.updateLease({ id, leaseOwner: this.o.owner }, { leaseUntil: new Date(Date.now() + this.o.leaseMs) });
  }

  private async release(id: string): Promise<void> {
    await this.updateLease({ id, leaseOwner: this.o.owner }, { leaseOwner: null, leaseUntil: null });
  }

  /**
   * Changes the lease columns if the row still matches `where`; false when it does not (or is gone). A single
   * UPDATE: updateMany would wrap the same statement in BEGIN/COMMIT, three round trips on every lease change.
   */
  private async updateLease(where: Prisma.InstanceWhereUniqueInput, data: Prisma.InstanceUpdateInput): Promise<boolean> {
    try {
      await this.db.instance.update({ where, data, select: { id: true } });
      return true;
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') return false;
      throw err;
    }
  }
}

async function act(driver: Driver, di: DriverInstance, step: Exclude<Step, { do: 'record' | 'crashed' | 'wait' }>): Promise<void> {
  switch (step.do) {
    case 'create':
      return driver.create(di);
    case 'start':
      return driver.start(di);
    case 'stop':
      return driver.stop(di);
    case 'restart':
      return driver.restart(di);
    case 'redeploy':
      return driver.remove(di);
    case 'remove':
    case 'recreate':
      // A recreate removes it; the next step makes it again with the instance's volumes.
      return driver.remove(di);
  }
}

/**
 * Endpoints compared by their fields: the stored ones come back from jsonb with their keys reordered, so comparing
 * JSON texts saw a change (and rewrote the row) on every observation of a running instance with ports.
 */
function endpointsKey(list: unknown): string {
  return JSON.stringify(((list ?? []) as Endpoint[]).map((e) => [e.port, e.protocol, e.hostIp, e.hostPort]));
}

function describe(status: InstanceStatus): string {
  const words: Record<InstanceStatus, string> = {
    pending: 'Waiting to be scheduled',
    creating: 'Creating',
    running: 'Running',
    stopping: 'Stopping',
    stopped: 'Stopped',
    error: 'Error',
    deleting: 'Deleting',
    deleted: 'Deleted',
  };
  return words[status];
}

