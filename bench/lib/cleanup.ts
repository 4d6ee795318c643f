// Removing what a bench run made: its console process, the engine objects of its console and tenant, the
// baselines' own containers and networks, its run directory. Also finds the run directories of bench processes
// that were killed outright (SIGKILL leaves no chance to clean up) and removes what they left behind.
import fs from 'node:fs';
import { stopRegistry } from '@/lib/registry/daemon';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { livePid } from '@/lib/providers/qemu/host';
import { BENCH_LABEL, readState, stopConsoleProcess, type RunState } from './console';

export const RUN_DIR_PREFIX = 'overcast-bench-';

/**
 * Kills the QEMU of every VM directory under `root` (a VM's directory holds its qemu.pid; QEMU runs daemonized, so
 * it outlives the console that started it) and returns how many. Only processes whose command line names their own
 * directory count, so a reused pid is never killed.
 */
export async function killVmsUnder(root: string, depth = 4): Promise<number> {
  const pids: { pid: number; pidFile: string; dir: string }[] = [];
  const walk = (dir: string, left: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isFile() && e.name === 'qemu.pid') {
        const pid = livePid(path.join(dir, e.name), dir);
        if (pid) pids.push({ pid, pidFile: path.join(dir, e.name), dir });
      } else if (e.isDirectory() && left > 0) walk(path.join(dir, e.name), left - 1);
    }
  };
  walk(root, depth);
  for (const { pid } of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  for (let i = 0; i < 100 && pids.some((p) => livePid(p.pidFile, p.dir)); i++) await new Promise((r) => setTimeout(r, 50));
  return pids.length;
}

let client: Docker | undefined;
export function benchDocker(): Docker {
  client ??= new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
  return client;
}

const timeout = () => AbortSignal.timeout(30_000);

async function removeContainers(label: string): Promise<number> {
  const list = await benchDocker().listContainers({ all: true, filters: { label: [label] }, abortSignal: timeout() });
  for (const c of list) {
    await benchDocker()
      .getContainer(c.Id)
      .remove({ force: true, v: true, abortSignal: timeout() })
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 404) throw err;
      });
  }
  return list.length;
}

async function removeNetworks(filters: Record<string, string[]>): Promise<number> {
  const list = await benchDocker().listNetworks({ filters, abortSignal: timeout() } as Docker.NetworkListOptions);
  for (const n of list) {
    await (benchDocker().getNetwork(n.Id).remove as unknown as (o: object) => Promise<unknown>)
      .call(benchDocker().getNetwork(n.Id), { abortSignal: timeout() })
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 404) throw err;
      });
  }
  return list.length;
}

/**
 * Everything of one run, in the order that keeps it gone: the console first (its reconciler would otherwise
 * recreate what we remove), then its containers and its tenants' networks, then the baselines', then the files.
 */
export async function cleanUpRun(runDir: string, state: RunState, log: (m: string) => void): Promise<void> {
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message}`);
    }
  };
  if (state.consolePid) await attempt('stop the console', () => stopConsoleProcess(state.consolePid!));
  let containers = 0;
  let networks = 0;
  let vms = 0;
  // The console's VMs (and any raw ones a benchmark left) live in the run directory; their QEMU outlives the console.
  await attempt('kill the run’s VMs', async () => (vms += await killVmsUnder(runDir)));
  await attempt('remove the console’s containers', async () => (containers += await removeContainers(`overcast.console=${state.consoleId}`)));
  for (const t of state.tenantIds) {
    // A tenant's containers first (a network in use cannot be removed), then its network.
    await attempt(`remove tenant ${t}’s containers`, async () => (containers += await removeContainers(`overcast.tenant=${t}`)));
    await attempt(`remove tenant ${t}’s network`, async () => (networks += await removeNetworks({ label: [`overcast.tenant=${t}`] })));
  }
  await attempt('remove the baselines’ containers', async () => (containers += await removeContainers(`${BENCH_LABEL}=${state.consoleId}`)));
  await attempt('remove the baselines’ networks', async () => (networks += await removeNetworks({ label: [`${BENCH_LABEL}=${state.consoleId}`] })));
  // The console's registry is a daemon of its own: ended by its pid file (a console killed outright left it running).
  await attempt('stop the console’s registry', () => stopRegistry(path.join(runDir, 'data', 'registry')));
  if (state.registryAddress) {
    const trust = path.join(process.env.OVERCAST_DOCKER_CERTS_DIR ?? '/etc/docker/certs.d', state.registryAddress);
    await attempt('remove the Docker daemon’s trust of the registry', async () => fs.rmSync(trust, { recursive: true, force: true }));
  }
  await attempt('remove the run directory', async () => fs.rmSync(runDir, { recursive: true, force: true }));
  log(`cleaned up ${state.consoleId}: ${containers} container(s), ${networks} network(s), ${vms} VM(s), console and ${runDir}`);
  if (problems.length) log(`clean-up problems (remove by hand): ${problems.join('; ')}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isConsole(pid: number, consoleId: string): boolean {
  try {
    const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    return environ.includes(`OVERCAST_CONSOLE_ID=${consoleId}`);
  } catch {
    return false;
  }
}

/** Cleans up after bench runs on this machine whose process no longer exists. Only run directories are trusted. */
export async function sweepStaleRuns(log: (m: string) => void): Promise<void> {
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(os.tmpdir()).filter((e) => e.startsWith(RUN_DIR_PREFIX));
  } catch {
    return;
  }
  for (const e of entries) {
    const dir = path.join(os.tmpdir(), e);
    const state = readState(dir);
    if (!state || state.pid === process.pid || alive(state.pid)) continue;
    log(`cleaning up after an earlier bench run (pid ${state.pid}) that did not finish`);
    // The console of a killed run may live on; end it only if it still is a console (pids get reused).
    if (state.consolePid && !isConsole(state.consolePid, state.consoleId)) delete state.consolePid;
    await cleanUpRun(dir, state, log);
  }
}
