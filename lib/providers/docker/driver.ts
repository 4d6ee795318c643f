// Containers on a real Docker Engine. Every container is hardened the same way: all capabilities dropped,
// no-new-privileges, never privileged, no host paths of the user's choosing (only the console's own volume mounts,
// lib/providers/volumes/store.ts), an init process, memory/CPU/pids limits from the flavor,
// a read-only root with a tmpfs where the image allows, ports published on the apps address only (OVERCAST_APPS_HOST,
// another site than the console's), the tenant's network.
import type Dockerode from 'dockerode';
import type { ContainerInspectInfo } from 'dockerode';
import { EngineError, volumesKey, type Driver, type DriverCapacity, type Endpoint, type EngineStatus, type LogLine, type ManagedObject, type Observation, type StatsSample, type SpecSource, type TerminalSession, type TerminalSize, type VolumeSupport } from '@/lib/providers/types';
import { containerSpecOf, type ContainerInstance, type ContainerSpec } from './spec';
import { callSignal, docker, engineError, statusOf } from './client';
import { consoleId, containerName, LABEL_CONSOLE, LABEL_INSTANCE, LABEL_MANAGED, LABEL_TENANT, LABEL_VOLUMES } from './names';
import { ensureMounted, volumePaths } from '@/lib/providers/volumes/store';
import { ensureTenantNetwork, forgetNetworks, removeIdleTenantNetworks, removeTenantNetwork } from './network';
import { demuxLogs } from './logs';
import { statsSamples } from './stats';
import { openTerminal } from './terminal';
import { dockerCapacity } from './capacity';
import { pullFromRegistryIfMissing } from './registry-pull';
import { env } from '@/lib/env';
import { describeCheck, dockerHealthcheck, ensureProbeVolume, needsProbe, PROBE_DIR, PROBE_VOLUME, unhealthyReason } from './health';

const STOP_TIMEOUT_S = 10;

async function inspect(c: Dockerode.Container, inst: ContainerInstance): Promise<ContainerInspectInfo | null> {
  try {
    const info = await c.inspect({ abortSignal: callSignal() });
    if (info.Config.Labels?.[LABEL_INSTANCE] !== inst.id) {
      throw new EngineError(`A container named ${containerName(inst.id)} exists but does not belong to this instance`, false);
    }
    return info;
  } catch (err) {
    if (err instanceof EngineError) throw err;
    if (statusOf(err) === 404) return null;
    throw engineError('inspect the container', err);
  }
}

/** The engine's 404 for a container whose network does not exist (it says "network NAME not found"). */
function isMissingNetwork(err: unknown): boolean {
  return statusOf(err) === 404 && /network/i.test(String((err as { json?: { message?: string } }).json?.message));
}

/** containerd still holds a task for this container from an engine that died while starting it. */
export function isStaleTask(err: unknown): boolean {
  const message = String((err as { json?: { message?: string } } | undefined)?.json?.message ?? (err as Error | undefined)?.message);
  return /\btask [0-9a-f]{12,}: already exists\b/.test(message);
}

function endpointsOf(info: ContainerInspectInfo): Endpoint[] {
  const out: Endpoint[] = [];
  for (const [key, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
    const [port, protocol] = key.split('/');
    if (protocol !== 'tcp' || !bindings) continue;
    for (const b of bindings) {
      // 127.0.0.1: published before the apps address existed (until the container is made again).
      if ((b.HostIp !== env().OVERCAST_APPS_HOST && b.HostIp !== '127.0.0.1') || !b.HostPort) continue;
      out.push({ port: Number(port), protocol: 'tcp', hostIp: b.HostIp, hostPort: Number(b.HostPort) });
    }
  }
  return out.sort((a, b) => a.port - b.port);
}

function observationOf(info: ContainerInspectInfo, inst: ContainerInstance): Observation {
  const s = info.State;
  const volumes = info.Config.Labels?.[LABEL_VOLUMES] ?? '';
  if (s.Running && !s.Paused) {
    const health = (s as { Health?: { Status?: string; FailingStreak?: number; Log?: { ExitCode?: number; Output?: string }[] } }).Health;
    if (inst.spec.healthCheck && health?.Status === 'starting') {
      return { exists: true, engineRef: info.Id, status: 'starting', reason: `Waiting for the health check: ${describeCheck(inst.spec.healthCheck)}`, endpoints: endpointsOf(info), health: 'starting', volumesKey: volumes };
    }
    if (inst.spec.healthCheck && health?.Status === 'unhealthy') {
      return { exists: true, engineRef: info.Id, status: 'error', reason: unhealthyReason(inst.spec.healthCheck, health), endpoints: [], health: 'unhealthy', volumesKey: volumes };
    }
    return { exists: true, engineRef: info.Id, status: 'running', endpoints: endpointsOf(info), volumesKey: volumes, ...(inst.spec.healthCheck && health?.Status === 'healthy' ? { health: 'healthy' as const } : {}) };
  }
  if (s.Status === 'dead') return { exists: true, engineRef: info.Id, status: 'error', reason: 'The container is dead', endpoints: [], volumesKey: volumes };
  let reason: string | undefined;
  if (s.OOMKilled) reason = 'Stopped: out of memory (the flavor’s memory limit was reached)';
  else if (s.Status === 'exited' && s.FinishedAt && !s.FinishedAt.startsWith('0001')) reason = `Exited with code ${s.ExitCode}`;
  return { exists: true, engineRef: info.Id, status: 'stopped', reason, endpoints: [], volumesKey: volumes };
}

/**
 * A listed container's state as observationOf() would say it, from the listing's words ("running", "Up 3 minutes
 * (unhealthy)"); undefined for a state it would have to inspect to tell (the container is then observed).
 */
export function listedState(state: string, status: string): EngineStatus | undefined {
  if (state === 'running') return /\(unhealthy\)/.test(status) ? 'error' : /\(health: starting\)/.test(status) ? 'starting' : 'running';
  if (state === 'dead') return 'error';
  if (state === 'exited' || state === 'created' || state === 'paused') return 'stopped';
  return undefined;
}

/**
 * Mounts the instance's volumes on the host (idempotent). Before create and before every start: after a reboot of the
 * host the loop mounts are gone, and a bind mount of the empty mount point would write to the host's disk unbounded.
 */
async function mountVolumes(inst: ContainerInstance): Promise<void> {
  for (const v of inst.volumes ?? []) await ensureMounted(v.id, v.sizeGib);
}

export function containerCreateOptions(inst: ContainerInstance, network: string): Dockerode.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of inst.ports) {
    exposed[`${p.port}/tcp`] = {};
    // The apps address only, ephemeral host port (re-read after every start).
    bindings[`${p.port}/tcp`] = [{ HostIp: env().OVERCAST_APPS_HOST, HostPort: '' }];
  }
  const memory = inst.flavor.memoryMib * 1024 * 1024;
  return {
    name: containerName(inst.id),
    Image: inst.image.ref,
    Cmd: inst.spec.command.length ? inst.spec.command : undefined,
    // Absent: the image's own. (The user is whoever is asked for, root included: capabilities stay dropped whatever.)
    Entrypoint: inst.spec.entrypoint?.length ? inst.spec.entrypoint : undefined,
    WorkingDir: inst.spec.workingDir || undefined,
    User: inst.spec.user || undefined,
    Healthcheck: inst.spec.healthCheck ? dockerHealthcheck(inst.spec.healthCheck) : undefined,
    Env: inst.spec.env.map((e) => `${e.name}=${e.value}`),
    Hostname: inst.name,
    Labels: {
      [LABEL_INSTANCE]: inst.id,
      [LABEL_TENANT]: inst.tenantId,
      [LABEL_MANAGED]: 'true',
      [LABEL_CONSOLE]: consoleId(),
      [LABEL_VOLUMES]: volumesKey(inst.volumes ?? []),
    },
    ExposedPorts: exposed,
    HostConfig: {
      Init: true,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: inst.image.readOnlyRoot,
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m' },
      // The console's read-only probe for HTTP/TCP health checks (lib/providers/docker/health.ts), and each volume's own
      // mount (paths from its id only; private propagation, so nothing mounted inside leaks out).
      Mounts: [
        ...(needsProbe(inst.spec.healthCheck)
          ? [{ Type: 'volume' as const, Source: PROBE_VOLUME, Target: PROBE_DIR, ReadOnly: true, VolumeOptions: { NoCopy: true } as Dockerode.MountSettings['VolumeOptions'] }]
          : []),
        ...(inst.volumes ?? []).map((v) => ({
          Type: 'bind' as const,
          Source: volumePaths(v.id).mnt,
          Target: v.mountPath,
          ReadOnly: v.readOnly,
          BindOptions: { Propagation: 'rprivate' as const },
        })),
      ],
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: inst.flavor.cpuMillis * 1_000_000,
      PidsLimit: inst.flavor.pidsLimit,
      PortBindings: bindings,
      NetworkMode: network,
      RestartPolicy: { Name: 'no' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } },
    },
  };
}

/** The driver for one Docker Engine: the console's own (`dockerDriver`), or another daemon given by `engine`. */
export class DockerDriver implements Driver<ContainerSpec> {
  readonly id = 'docker';
  readonly kind = 'container' as const;
  readonly label = 'Docker Engine';
  /** Bind mounts of the host's loop-mounted volumes; a change makes the container again, running or not. */
  readonly volumes: VolumeSupport = { attachedAs: 'path', changesWhileRunning: true };

  constructor(private readonly engine: () => Dockerode = docker) {}

  specOf(source: SpecSource): ContainerSpec {
    return containerSpecOf(source);
  }

  private container(inst: ContainerInstance): Dockerode.Container {
    return this.engine().getContainer(containerName(inst.id));
  }

  async observe(inst: ContainerInstance): Promise<Observation> {
    const info = await inspect(this.container(inst), inst);
    return info ? observationOf(info, inst) : { exists: false };
  }

  async create(inst: ContainerInstance): Promise<void> {
    // No inspect first: an existing container (made by an attempt that crashed before recording it) answers 409
    // and is adopted; the next observation checks its labels.
    const network = await ensureTenantNetwork(inst.tenantId, this.engine());
    // A tenant's own image from the console's registry is pulled first (with a token for that repository only).
    await pullFromRegistryIfMissing(this.engine(), inst.tenantId, inst.image.ref);
    if (needsProbe(inst.spec.healthCheck)) await ensureProbeVolume(this.engine());
    await mountVolumes(inst);
    try {
      await this.engine().createContainer({ ...containerCreateOptions(inst, network), abortSignal: callSignal() });
    } catch (err) {
      // The deterministic name exists: made by an earlier attempt that crashed before recording it, or concurrently.
      // Adopt it; the reconciler's next observe() checks that its labels name this instance.
      if (statusOf(err) === 409) return;
      if (isMissingNetwork(err)) forgetNetworks(this.engine()); // removed behind our back; the retry recreates it
      throw engineError('create the container', err);
    }
  }

  async start(inst: ContainerInstance): Promise<void> {
    await mountVolumes(inst);
    try {
      await this.container(inst).start({ abortSignal: callSignal() });
    } catch (err) {
      // Already running: started again only when its health check fails (the reconciler's crash backoff has passed).
      if (statusOf(err) === 304) return this.restartIfUnhealthy(inst);
      if (isStaleTask(err)) return this.replace(inst);
      if (!isMissingNetwork(err)) throw engineError('start the container', err);
      // The tenant's network went between create and start (the idle-network sweep raced a new instance; the
      // engine checks networks only at start). A container finds its network by name, so make it again and retry.
      forgetNetworks(this.engine());
      await ensureTenantNetwork(inst.tenantId, this.engine());
      try {
        await this.container(inst).start({ abortSignal: callSignal() });
      } catch (again) {
        if (statusOf(again) !== 304) throw engineError('start the container', again);
      }
    }
  }

  private async restartIfUnhealthy(inst: ContainerInstance): Promise<void> {
    const info = await inspect(this.container(inst), inst);
    const o = info && observationOf(info, inst);
    if (o && o.exists && o.health === 'unhealthy') await this.restart(inst);
  }

  /**
   * An engine killed while starting a container can leave containerd's task behind; the engine then refuses to
   * start that container again ("task <id>: already exists"; moby/moby#38364 handles only some cases). The container
   * keeps nothing of its own (its root is its image; volumes live apart from it), so it is removed and made again.
   */
  private async replace(inst: ContainerInstance): Promise<void> {
    await this.remove(inst);
    await this.create(inst);
    try {
      await this.container(inst).start({ abortSignal: callSignal() });
    } catch (err) {
      if (statusOf(err) !== 304) throw engineError('start the container', err);
    }
  }

  async stop(inst: ContainerInstance): Promise<void> {
    try {
      await this.container(inst).stop({ t: STOP_TIMEOUT_S, abortSignal: callSignal((STOP_TIMEOUT_S + 20) * 1000) });
    } catch (err) {
      if (statusOf(err) === 304 || statusOf(err) === 404) return;
      throw engineError('stop the container', err);
    }
  }

  async restart(inst: ContainerInstance): Promise<void> {
    await mountVolumes(inst);
    try {
      await this.container(inst).restart({ t: STOP_TIMEOUT_S, abortSignal: callSignal((STOP_TIMEOUT_S + 20) * 1000) });
    } catch (err) {
      throw engineError('restart the container', err);
    }
  }

  async remove(inst: ContainerInstance): Promise<void> {
    try {
      await this.container(inst).remove({ force: true, v: true, abortSignal: callSignal() });
    } catch (err) {
      if (statusOf(err) !== 404) throw engineError('remove the container', err);
    }
  }

  capacity(): Promise<DriverCapacity> {
    return dockerCapacity(this.engine());
  }

  async listManaged(): Promise<ManagedObject[]> {
    try {
      const list = await this.engine().listContainers({
        all: true,
        filters: { label: [`${LABEL_MANAGED}=true`, `${LABEL_CONSOLE}=${consoleId()}`] },
        abortSignal: callSignal(),
      });
      return list
        .filter((c) => c.Labels[LABEL_INSTANCE] && c.Labels[LABEL_TENANT])
        .map((c) => ({ engineRef: c.Id, instanceId: c.Labels[LABEL_INSTANCE]!, tenantId: c.Labels[LABEL_TENANT]!, state: listedState(c.State, c.Status) }));
    } catch (err) {
      throw engineError('list containers', err);
    }
  }

  sweepTenantResources(liveTenantIds: ReadonlySet<string>): Promise<number> {
    return removeIdleTenantNetworks(liveTenantIds, this.engine());
  }

  removeTenantResources(tenantId: string): Promise<void> {
    return removeTenantNetwork(tenantId, this.engine());
  }

  async removeManaged(obj: ManagedObject): Promise<void> {
    try {
      await this.engine().getContainer(obj.engineRef).remove({ force: true, v: true, abortSignal: callSignal() });
    } catch (err) {
      if (statusOf(err) !== 404) throw engineError('remove an orphaned container', err);
    }
  }

  async watch(onChange: (instanceId: string) => void, signal: AbortSignal): Promise<void> {
    // Docker's event stream, filtered to our containers; the caller reconnects when this returns.
    const stream = (await this.engine().getEvents({
      filters: { type: ['container'], label: [`${LABEL_MANAGED}=true`, `${LABEL_CONSOLE}=${consoleId()}`] },
      abortSignal: signal,
    })) as NodeJS.ReadableStream;
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          try {
            const ev = JSON.parse(line) as { Actor?: { Attributes?: Record<string, string> } };
            const id = ev.Actor?.Attributes?.[LABEL_INSTANCE];
            if (id) onChange(id);
          } catch {
            // a partial or foreign line: ignore
          }
        }
      });
      stream.on('end', () => resolve());
      stream.on('error', (e) => (signal.aborted ? resolve() : reject(e)));
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  async *logs(inst: ContainerInstance, opts: { follow: boolean; tail: number; signal: AbortSignal }): AsyncIterable<LogLine> {
    let raw: NodeJS.ReadableStream | Buffer;
    try {
      raw = (await this.container(inst).logs({
        follow: opts.follow as true,
        stdout: true,
        stderr: true,
        timestamps: true,
        tail: opts.tail,
        abortSignal: opts.signal,
      })) as unknown as NodeJS.ReadableStream;
    } catch (err) {
      throw engineError('read the logs', err);
    }
    yield* demuxLogs(raw, opts.signal);
  }

  async *stats(inst: ContainerInstance, signal: AbortSignal): AsyncIterable<StatsSample> {
    let raw: NodeJS.ReadableStream;
    try {
      // The types omit abortSignal here, but the modem honours it for every call.
      raw = (await this.container(inst).stats({ stream: true, abortSignal: signal } as { stream: true })) as unknown as NodeJS.ReadableStream;
    } catch (err) {
      throw engineError('read the statistics', err);
    }
    yield* statsSamples(raw, signal);
  }

  terminal(inst: ContainerInstance, opts: { size: TerminalSize }): Promise<TerminalSession> {
    return openTerminal(this.container(inst), opts.size);
  }
}

/** The console's Docker Engine (DOCKER_SOCKET). */
export const dockerDriver = new DockerDriver();
