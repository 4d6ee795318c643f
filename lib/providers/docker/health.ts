// Health checks on Docker's own HEALTHCHECK machinery (interval, timeout, retries and start period kept by the
// engine; its verdict read back from inspect). A command check runs the user's program inside the container. HTTP and
// TCP checks need a client inside the container too, and images need not have one (a FROM scratch Go binary has
// none): the console's busybox (a static binary, taken from its built-in static-web image) is put in a shared
// read-only volume mounted at /.overcast in containers with such a check. Probing from inside keeps the tenant's
// network closed to the console, and the container's loopback counts (an app listening on 127.0.0.1 only is fine).
import type Dockerode from 'dockerode';
import type { HealthCheckSpec } from '@/lib/providers/types';
import { callSignal, engineError, statusOf } from './client';

export const PROBE_DIR = '/.overcast';
const PROBE_BIN = `${PROBE_DIR}/busybox`;
/** Versioned: a new probe set gets a new volume (the engine fills a volume from an image only while it is empty). */
export const PROBE_VOLUME = 'overcast-probe-1';
const PROBE_SOURCE_IMAGE = 'overcast/static-web:1';
const NS = 1_000_000_000;

/** Whether a check needs the probe volume (HTTP and TCP checks: the console's client inside the container). */
export function needsProbe(h: HealthCheckSpec | undefined): boolean {
  return h !== undefined && h.type !== 'command';
}

/** The engine's HostConfig-independent Healthcheck for a spec (durations in nanoseconds). */
export function dockerHealthcheck(h: HealthCheckSpec): Dockerode.HealthConfig {
  let test: string[];
  if (h.type === 'http') test = ['CMD', PROBE_BIN, 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${h.port}${h.path}`];
  // busybox nc has no -z: with stdin at EOF (exec checks get no stdin) it connects, sends nothing and exits 0.
  else if (h.type === 'tcp') test = ['CMD', PROBE_BIN, 'nc', '-w', String(h.timeoutS), '127.0.0.1', String(h.port)];
  else test = ['CMD', ...h.command];
  return { Test: test, Interval: h.intervalS * NS, Timeout: h.timeoutS * NS, Retries: h.retries, StartPeriod: h.startPeriodS * NS };
}

/** How a check is named to people: "GET /healthz on port 8080", "TCP port 5432", "the command pg_isready". */
export function describeCheck(h: HealthCheckSpec): string {
  if (h.type === 'http') return `GET ${h.path} on port ${h.port}`;
  if (h.type === 'tcp') return `TCP port ${h.port}`;
  return `the command ${h.command.join(' ')}`.slice(0, 200);
}

type HealthState = { Status?: string; FailingStreak?: number; Log?: { ExitCode?: number; Output?: string }[] };

/** Why a check failed, from the engine's last result: "GET /healthz returned 500 3 times". */
export function unhealthyReason(h: HealthCheckSpec, state: HealthState): string {
  const last = state.Log?.[state.Log.length - 1];
  const out = (last?.Output ?? '').trim();
  const times = state.FailingStreak && state.FailingStreak > 1 ? ` ${state.FailingStreak} times` : '';
  const what = h.type === 'http' ? `GET ${h.path}` : h.type === 'tcp' ? `TCP port ${h.port}` : h.command.join(' ').slice(0, 100);
  let why: string;
  const code = /HTTP\/1\.[01] (\d{3})/.exec(out)?.[1];
  if (/exceeded timeout/i.test(out)) why = `timed out after ${h.timeoutS} s`;
  else if (code) why = `returned ${code}`;
  else if (/refused/i.test(out)) why = h.type === 'http' ? `was refused (nothing listens on port ${h.port})` : 'was refused';
  else if (h.type === 'command') why = `exited with code ${last?.ExitCode ?? '?'}${out ? ` (${out.split('\n').pop()!.slice(0, 120)})` : ''}`;
  else why = `failed${out ? ` (${out.split('\n').pop()!.slice(0, 120)})` : ''}`;
  return `unhealthy: ${what} ${why}${times}`;
}

const filled = new WeakMap<Dockerode, Promise<void>>();

/**
 * Makes sure the probe volume exists and holds busybox: a container of the static-web image is created (never
 * started) with the empty volume on /bin, which the engine fills from the image, then removed. Once per engine and
 * process; idempotent (a filled volume is left as it is).
 */
export function ensureProbeVolume(engine: Dockerode): Promise<void> {
  let p = filled.get(engine);
  if (!p) {
    p = fillProbeVolume(engine).catch((err) => {
      filled.delete(engine);
      throw err;
    });
    filled.set(engine, p);
  }
  return p;
}

async function fillProbeVolume(engine: Dockerode): Promise<void> {
  try {
    await engine.createVolume({ Name: PROBE_VOLUME, Labels: { 'overcast.probe': 'true' }, abortSignal: callSignal() } as object);
    const c = await engine.createContainer({
      Image: PROBE_SOURCE_IMAGE,
      Labels: { 'overcast.probe': 'true' },
      HostConfig: { Mounts: [{ Type: 'volume', Source: PROBE_VOLUME, Target: '/bin' }], NetworkMode: 'none' },
      abortSignal: callSignal(),
    } as Dockerode.ContainerCreateOptions);
    await c.remove({ force: true, abortSignal: callSignal() });
  } catch (err) {
    if (statusOf(err) === 404) throw engineError(`prepare health checks (the image ${PROBE_SOURCE_IMAGE} is missing: run ./overcast setup)`, err);
    throw engineError('prepare health checks', err);
  }
}
