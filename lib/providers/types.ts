// The one driver contract every provider implements (containers on Docker, VMs on QEMU; functions have their own
// runtime contract in function-runtime.ts). The reconciler and the UI talk only to this interface; provider
// specifics (their spec fields included) stay inside lib/providers/<driver>/. docs/providers.md describes it.
import type { InstanceKind } from '@/lib/generated/prisma/enums';

/**
 * What a driver can do beyond the lifecycle, as the API and the UI name it. Never declared: it follows from the
 * optional members a driver implements (`capabilitiesOf`), so a caller asks the driver for the member itself.
 */
export type Capability = 'logs' | 'metrics' | 'terminal' | 'restart' | 'snapshots' | 'serialConsole';

/**
 * 'starting': the engine object runs but is not ready for use yet (a VM whose guest is still booting). Planned like
 * 'running' for stopping and deleting, but not recorded as running until it is ready.
 */
export type EngineStatus = 'running' | 'starting' | 'stopped' | 'error';

/** A port a user can reach: where the engine published it on the host. */
export type Endpoint = { port: number; protocol: 'tcp'; hostIp: string; hostPort: number };

/** What the engine says of a health check: still within its start period or not passed yet, passing, failing. */
export type Health = 'starting' | 'healthy' | 'unhealthy';

export type Observation =
  | { exists: false }
  | {
      exists: true;
      engineRef: string;
      status: EngineStatus;
      reason?: string;
      endpoints: Endpoint[];
      /** Only for instances with a health check. 'unhealthy' comes with status 'error' and the reason why. */
      health?: Health;
      /**
       * The volumes the engine object was made with (`volumesKey()` of them); undefined when the driver cannot tell
       * or the object takes them at its next start (a stopped VM). When it differs from the instance's, the
       * reconciler makes the object again to take the change.
       */
      volumesKey?: string;
    };

/** How to tell that an instance is healthy (lib/instances/spec.ts ZHealthCheck is the user-facing schema). */
export type HealthCheckSpec = (
  | { type: 'http'; port: number; path: string }
  | { type: 'tcp'; port: number }
  | { type: 'command'; command: string[] }
) & { intervalS: number; timeoutS: number; retries: number; startPeriodS: number };

/** A tenant's volume attached to an instance (lib/volumes): the driver finds its files from the id alone. */
export type DriverVolume = { id: string; sizeGib: number; mountPath: string; readOnly: boolean };

/** The attachment set as one comparable string (stored on the engine object, compared by the reconciler). */
export function volumesKey(volumes: readonly DriverVolume[]): string {
  return [...volumes]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((v) => `${v.id}:${v.mountPath}:${v.readOnly ? 'ro' : 'rw'}`)
    .join(',');
}

export type EnvVar = { name: string; value: string; secret: boolean };
export type PortSpec = { port: number; protocol: 'tcp' };

/**
 * The instance's stored spec (lib/instances/spec.ts keeps it as JSON on the row), from which a driver reads the fields
 * that are its own. Sealed values open only when asked: a driver asks from a getter read when it makes the engine
 * object, never for observe, logs, stats or terminals, so plaintext stays out of memory where it is not needed.
 */
export interface SpecSource {
  /** The stored JSON (checked against the stored schema once, before it reaches the driver). */
  readonly stored: Readonly<Record<string, unknown>>;
  /** The environment variables with their secret values opened. */
  openEnv(): EnvVar[];
  /** A sealed text field of the stored spec opened (a VM's user-data); undefined when the spec has none. */
  openText(field: SealedTextField): string | undefined;
}

/** The stored spec's sealed text fields (lib/secrets/fields.ts binds each to its row). */
export type SealedTextField = 'userData';

/**
 * What every driver needs to act on one instance, whatever it runs on; built by the reconciler from the stored rows.
 * `spec` is the driver's own (its `specOf` makes it): a container's command and user, a VM's user-data and hostname.
 */
export type DriverInstance<S = unknown> = {
  id: string;
  tenantId: string;
  name: string;
  engineRef: string | null;
  image: { ref: string; readOnlyRoot: boolean };
  flavor: { cpuMillis: number; memoryMib: number; diskGib: number; pidsLimit: number };
  ports: PortSpec[];
  /** Volumes attached to it; undefined when the caller did not load them (nothing about volumes is then decided). */
  volumes?: DriverVolume[];
  spec: S;
};

/**
 * An engine object carrying Overcast's labels, as found by a sweep. `state`: what the listing says of it, as
 * observe() would (the reconciler's resync compares it with the recorded status instead of observing each instance);
 * absent when the listing cannot tell, and each instance is then observed.
 */
export type ManagedObject = { engineRef: string; instanceId: string; tenantId: string; state?: EngineStatus };

export type StatsSample = {
  at: number;
  /** Percent of one CPU (200 = two full CPUs). */
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
};

export type LogLine = { at: string; stream: 'stdout' | 'stderr'; text: string };

export type TerminalSize = { cols: number; rows: number };

/** An interactive shell inside an instance: bytes both ways over a TTY, which has a size. */
export interface TerminalSession {
  /** What the shell writes (stdout and stderr together, as on a TTY); ends when the shell has ended. */
  readonly output: AsyncIterable<Uint8Array>;
  /** Keystrokes (or pasted text) for the shell; returns how many bytes of input the engine has not taken yet. */
  write(data: Uint8Array): number;
  resize(size: TerminalSize): Promise<void>;
  /** Hangs up: ends the shell and what it runs in the foreground. Idempotent; safe after the shell has exited. */
  close(): Promise<void>;
  /** The shell's exit code once `output` has ended; null when the engine does not know it. */
  exitCode(): Promise<number | null>;
}

/** An amount in use against its limit, as the admin's capacity view shows it (the same shape for every driver). */
export type CapacityGauge = { id: string; label: string; used: number; limit: number | null; unit: 'MiB' | 'count' };

/** One engine object holding host resources, and whose it is (from its labels or its recorded config). */
export type CapacityObject = {
  engineRef: string;
  instanceId: string | null;
  tenantId: string | null;
  /** The engine's own word for its state ("running", "booting", "exited" …). */
  state: string;
  /** Host memory it uses now (a VM's QEMU resident set); null when the engine does not tell it cheaply. */
  memoryBytes: number | null;
  /** The most host memory it may take (a container's limit; a VM's guest memory plus QEMU's own). */
  memoryLimitBytes: number | null;
  cpus: number | null;
};

/** A snapshot as the engine has it, named by the tag the console gave it. */
export type EngineSnapshot = { tag: string; at: Date; sizeBytes: number };

/**
 * Point-in-time copies of an instance's disk. The 'snapshots' capability. Every call is idempotent (a
 * retry after a crash is safe): creating a tag that exists and removing one that does not both succeed.
 */
export interface SnapshotOps<S = unknown> {
  list(inst: DriverInstance<S>): Promise<EngineSnapshot[]>;
  /** Taken while running or stopped. */
  create(inst: DriverInstance<S>, tag: string): Promise<void>;
  /** Puts the disk back as it was at `tag`; only while the instance is stopped. */
  restore(inst: DriverInstance<S>, tag: string): Promise<void>;
  remove(inst: DriverInstance<S>, tag: string): Promise<void>;
}

/** What a driver's engine holds on this host now. Read-only and cheap enough to poll every few seconds. */
export type DriverCapacity = {
  /** False when the engine could not be asked; `error` then says why and the lists are empty. */
  reachable: boolean;
  error?: string;
  /** Facts worth knowing about the engine (its version, the accelerator in use and why). */
  facts: { label: string; value: string; detail?: string }[];
  gauges: CapacityGauge[];
  objects: CapacityObject[];
};

/**
 * How a driver takes volumes (lib/volumes): mounted at a path inside the instance, or as a raw disk; and whether the
 * instance takes a change of them while it runs (the reconciler makes the engine object again) or only while stopped.
 */
export type VolumeSupport = { attachedAs: 'path' | 'disk'; changesWhileRunning: boolean };

/**
 * One provider's driver. `S` is the driver's own spec (what it reads from the stored spec besides the shared fields).
 * Required: the lifecycle and the orphan sweep. Everything optional is a capability: callers check for the member
 * (`if (driver.stats)`), never for the provider's id or the instance's kind.
 */
export interface Driver<S = unknown> {
  readonly id: string;
  readonly kind: InstanceKind;
  readonly label: string;
  /** The driver's own fields of an instance, from its stored spec (cheap: called for every reconcile step). */
  specOf(source: SpecSource): S;
  /** What the engine has for this instance now. Never changes anything. */
  observe(inst: DriverInstance<S>): Promise<Observation>;
  /** Creates the engine object (not started); adopts one that already carries this instance's name and labels. */
  create(inst: DriverInstance<S>): Promise<void>;
  start(inst: DriverInstance<S>): Promise<void>;
  stop(inst: DriverInstance<S>): Promise<void>;
  restart(inst: DriverInstance<S>): Promise<void>;
  /** Removes the engine object; succeeds when it is already gone. */
  remove(inst: DriverInstance<S>): Promise<void>;
  /** Every engine object this driver manages, for the orphan sweep. */
  listManaged(): Promise<ManagedObject[]>;
  removeManaged(obj: ManagedObject): Promise<void>;
  /** Removes per-tenant engine resources (e.g. networks) of tenants that have no live instance; returns how many. */
  sweepTenantResources?(liveTenantIds: ReadonlySet<string>): Promise<number>;
  /**
   * Removes one tenant's per-tenant engine resources now (its organisation is being deleted and none of its
   * instances is left); succeeds when there are none. Throws an EngineError while something still uses them.
   */
  removeTenantResources?(tenantId: string): Promise<void>;
  /** Calls back with an instance id whenever the engine reports a change; resolves when `signal` aborts. */
  watch?(onChange: (instanceId: string) => void, signal: AbortSignal): Promise<void>;
  /** The 'logs' capability. */
  logs?(inst: DriverInstance<S>, opts: { follow: boolean; tail: number; signal: AbortSignal }): AsyncIterable<LogLine>;
  /** Samples while the instance runs; ends when it no longer runs. The 'metrics' capability. */
  stats?(inst: DriverInstance<S>, signal: AbortSignal): AsyncIterable<StatsSample>;
  /** Opens a shell in a running instance. The 'terminal' capability. */
  terminal?(inst: DriverInstance<S>, opts: { size: TerminalSize }): Promise<TerminalSession>;
  /**
   * What `terminal()` opens: a shell of its own per session, or the machine's one serial line (shared by every
   * session, with the guest's login prompt: the 'serialConsole' capability). A shell when absent.
   */
  readonly terminalKind?: 'shell' | 'serial';
  /** Disk snapshots. The 'snapshots' capability. */
  readonly snapshots?: SnapshotOps<S>;
  /** Volumes (lib/volumes) and how they attach; a driver without it takes none. */
  readonly volumes?: VolumeSupport;
  /** What the engine holds on this host now (the admin's capacity view). */
  capacity?(): Promise<DriverCapacity>;
}

/** What a driver can do, from the members it implements, in a stable order (the API's `capabilities`). */
export function capabilitiesOf(driver: Driver): Capability[] {
  const out: Capability[] = [];
  if (driver.logs) out.push('logs');
  if (driver.stats) out.push('metrics');
  if (driver.terminal) out.push('terminal');
  out.push('restart'); // every driver restarts (a required member)
  if (driver.terminal && driver.terminalKind === 'serial') out.push('serialConsole');
  if (driver.snapshots) out.push('snapshots');
  return out;
}

/** A failure the user should read (shown as the instance's reason), as opposed to a bug. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    message: string,
    /** Worth retrying (engine unreachable, busy) or not (image missing). Both are retried with backoff. */
    readonly transient: boolean,
    /**
     * When to try again instead of the backoff: a wait that ends soon by itself (a boot slot freeing up). The
     * instance keeps its status and shows the message as why it waits; it is not marked as in error.
     */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
