// The Docker Engine side of the functions pool: one bridge network with inter-container traffic disabled (functions
// cannot reach one another; only the host — the gateway — reaches them), and hardened runtime containers on it,
// addressed by their IP (never through published ports). An interface, so that the pool's logic can be unit
// tested with a fake engine.
import type Dockerode from 'dockerode';
import { callSignal, docker, engineError, statusOf } from '@/lib/providers/docker/client';
import { consoleId } from '@/lib/providers/console-id';
import { inspectOrCreateNetwork } from '@/lib/providers/docker/network';
import { BOOTSTRAP_PORT } from './bootstrap';
import { FUNCTION_RUNTIME_IMAGE } from './image';
import { functionBridgeName, functionNetworkName, LABEL_CONSOLE, LABEL_FN_FUNCTION, LABEL_FN_MEMORY, LABEL_FN_ROLE, LABEL_FN_TENANT, LABEL_FN_VERSION } from './names';

export type ContainerSpec = {
  memoryMib: number;
  /** Set for a container made for one version (a cold create); absent for a stem cell. */
  owner?: { tenantId: string; functionId: string; versionId: string };
};

export type StartedContainer = { id: string; ip: string; port: number };

export type LeftoverContainer = {
  id: string;
  ip: string | null;
  port: number;
  running: boolean;
  memoryMib: number;
  owner?: { tenantId: string; functionId: string; versionId: string };
};

export type ContainerEnd = { oomKilled: boolean; exitCode: number | null; running: boolean };

export interface FunctionEngine {
  /** Makes sure the function network exists (idempotent). */
  prepare(): Promise<void>;
  /** Creates and starts one runtime container; resolves once it has an address (not yet once it listens). */
  start(spec: ContainerSpec): Promise<StartedContainer>;
  remove(id: string): Promise<void>;
  /** How a container ended (or that it still runs); null when it is gone. */
  inspect(id: string): Promise<ContainerEnd | null>;
  /** This console's function containers, as a previous console process may have left them. */
  leftovers(): Promise<LeftoverContainer[]>;
}

/** CPU share grows with memory, as public clouds' functions do: ½ CPU up to 256 MiB, 2 CPUs from 1 GiB. */
export function cpusFor(memoryMib: number): number {
  return Math.min(2, Math.max(0.5, memoryMib / 512));
}

export function runtimeContainerOptions(spec: ContainerSpec, network: string): Dockerode.ContainerCreateOptions {
  const memory = spec.memoryMib * 1024 * 1024;
  const labels: Record<string, string> = {
    [LABEL_CONSOLE]: consoleId(),
    [LABEL_FN_ROLE]: spec.owner ? 'version' : 'stem',
    [LABEL_FN_MEMORY]: String(spec.memoryMib),
  };
  if (spec.owner) {
    labels[LABEL_FN_TENANT] = spec.owner.tenantId;
    labels[LABEL_FN_FUNCTION] = spec.owner.functionId;
    labels[LABEL_FN_VERSION] = spec.owner.versionId;
  }
  return {
    Image: FUNCTION_RUNTIME_IMAGE.ref,
    Labels: labels,
    User: '10001:10001',
    Env: [`NODE_OPTIONS=--max-old-space-size=${Math.max(16, Math.floor(spec.memoryMib * 0.75))}`],
    ExposedPorts: { [`${BOOTSTRAP_PORT}/tcp`]: {} },
    NetworkDisabled: false,
    HostConfig: {
      Init: true,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      // The code is written here; small, not executable as a program, gone with the container.
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,noexec,size=16m' },
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: Math.round(cpusFor(spec.memoryMib) * 1e9),
      PidsLimit: 64,
      NetworkMode: network,
      RestartPolicy: { Name: 'no' },
      AutoRemove: false,
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
    },
  };
}

/** The function pool's engine on the console's Docker Engine (or another daemon). */
export class DockerFunctionEngine implements FunctionEngine {
  private prepared: Promise<void> | undefined;

  constructor(private readonly engine: () => Dockerode = docker) {}

  prepare(): Promise<void> {
    this.prepared ??= this.ensureNetwork().catch((err) => {
      this.prepared = undefined;
      throw err;
    });
    return this.prepared;
  }

  private ensureNetwork(): Promise<void> {
    // A /24 of the console's own range (as tenant networks get): Docker's default pools run out after ~30 networks.
    return inspectOrCreateNetwork(this.engine(), {
      name: functionNetworkName(),
      subnetKey: `functions:${consoleId()}`,
      what: 'function network',
      options: (subnet) => ({
        Name: functionNetworkName(),
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { [LABEL_CONSOLE]: consoleId(), [LABEL_FN_ROLE]: 'network' },
        Options: {
          'com.docker.network.bridge.name': functionBridgeName(),
          // Containers on this bridge cannot talk to each other: only the host reaches each function.
          'com.docker.network.bridge.enable_icc': 'false',
        },
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
      }),
    });
  }

  async start(spec: ContainerSpec): Promise<StartedContainer> {
    await this.prepare();
    const network = functionNetworkName();
    let container: Dockerode.Container;
    try {
      container = await this.engine().createContainer({ ...runtimeContainerOptions(spec, network), abortSignal: callSignal() });
    } catch (err) {
      if (statusOf(err) === 404 && /network/i.test(String((err as { json?: { message?: string } }).json?.message))) this.prepared = undefined;
      throw engineError('create a function container', err);
    }
    try {
      await container.start({ abortSignal: callSignal() });
      const info = await container.inspect({ abortSignal: callSignal() });
      const ip = info.NetworkSettings.Networks?.[network]?.IPAddress;
      if (!ip) throw new Error('the container has no address on the function network');
      return { id: container.id, ip, port: BOOTSTRAP_PORT };
    } catch (err) {
      await container.remove({ force: true, abortSignal: callSignal() } as object).catch(() => {});
      throw engineError('start a function container', err);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.engine().getContainer(id).remove({ force: true, v: true, abortSignal: callSignal() });
    } catch (err) {
      if (statusOf(err) !== 404) throw engineError('remove a function container', err);
    }
  }

  async inspect(id: string): Promise<ContainerEnd | null> {
    try {
      const info = await this.engine().getContainer(id).inspect({ abortSignal: callSignal() });
      return { oomKilled: Boolean(info.State.OOMKilled), exitCode: info.State.Running ? null : info.State.ExitCode, running: info.State.Running };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw engineError('inspect a function container', err);
    }
  }

  async leftovers(): Promise<LeftoverContainer[]> {
    let list: Dockerode.ContainerInfo[];
    try {
      list = await this.engine().listContainers({ all: true, filters: { label: [`${LABEL_CONSOLE}=${consoleId()}`, LABEL_FN_ROLE] }, abortSignal: callSignal() });
    } catch (err) {
      throw engineError('list function containers', err);
    }
    const network = functionNetworkName();
    return list.map((c) => {
      const l = c.Labels;
      const owner = l[LABEL_FN_VERSION] ? { tenantId: l[LABEL_FN_TENANT]!, functionId: l[LABEL_FN_FUNCTION]!, versionId: l[LABEL_FN_VERSION]! } : undefined;
      return {
        id: c.Id,
        ip: c.NetworkSettings?.Networks?.[network]?.IPAddress || null,
        port: BOOTSTRAP_PORT,
        running: c.State === 'running',
        memoryMib: Number(l[LABEL_FN_MEMORY]) || 128,
        owner,
      };
    });
  }
}
