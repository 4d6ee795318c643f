// Image builds on the Docker Engine: BuildKit through the Engine API (`version: '2'`, no session, no buildx), the
// progress decoded into log lines (lib/builds/trace.ts), then push and tag removal.
//
// What is limited, measured on Engine 20.10: RUN steps get no network at all (`networkmode: 'none'`; BuildKit in the
// engine accepts only default/host/none, not a named network, and the default one is the engine's docker0 bridge,
// from which the host is reachable). The whole build is bounded in time by the caller aborting the request (the
// engine then cancels the solve). The memory and CPU options of the Engine API's build call (`memory`, `memswap`,
// `cpuquota`/`cpuperiod`, `cgroupparent`) are ignored by BuildKit in Engine 20.10 — a RUN step reads an unlimited
// memory.limit_in_bytes — so CPU, memory and processes of RUN steps are limited in the engine host's cgroups instead
// (./build-limits.ts), and a step stopped at its memory limit fails the build with "ran out of memory". The cache is not shared between tenants because builds do not read it
// (`nocache`): every step runs afresh.
import { decodeTrace, TraceLines } from '@/lib/builds/trace';
import { docker, engineError, callSignal, statusOf } from './client';
import { buildCgroupLimits, formatBytes, type BuildCgroupLimits } from './build-limits';

export type EngineBuild = {
  tar: Buffer;
  /** The reference the result is tagged with. */
  ref: string;
  dockerfile: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  memoryBytes: number;
  nanoCpus: number;
  pids: number;
  /** Builds at once on this engine (the bound on all of them together is the per-build limit times this). */
  concurrency: number;
  /** Where the engine host's cgroups are; null: limits are not enforced. */
  cgroupRoot: string | null;
  cgroupParent: string;
  signal: AbortSignal;
  log: (line: string) => void;
};

type Msg = { id?: string; aux?: unknown; stream?: string; error?: string; errorDetail?: { message?: string } };

/** Builds the image; returns its id (sha256:…). Throws with BuildKit's error message when a step fails. */
export async function engineBuild(b: EngineBuild): Promise<string> {
  const limiter = b.cgroupRoot ? buildCgroupLimits(b.cgroupRoot, b.cgroupParent) : null;
  const problem = limiter ? limiter.problem() : 'OVERCAST_BUILD_CGROUP_ROOT is off';
  const cpus = `${Math.round((b.nanoCpus / 1e9) * 100) / 100} CPU`;
  if (problem || !limiter) {
    b.log(`CPU, memory and processes of RUN steps are NOT limited on this console: ${problem}.`);
    return engineBuildUnlimited(b);
  }
  limiter.acquire({ memoryBytes: b.memoryBytes, nanoCpus: b.nanoCpus, pids: b.pids }, b.concurrency);
  b.log(`Each RUN step is limited to ${formatBytes(b.memoryBytes)} of memory, ${cpus} and ${b.pids} processes.`);
  const started = Date.now();
  try {
    return await engineBuildUnlimited(b);
  } catch (err) {
    throw outOfMemory(limiter, started, b.memoryBytes, err) ?? err;
  } finally {
    limiter.release();
  }
}

/** The clear error for a step stopped at its memory limit (exit code 137 and a stop recorded for its command), or null. */
function outOfMemory(limiter: BuildCgroupLimits, since: number, limit: number, err: unknown): Error | null {
  const msg = (err as Error)?.message ?? '';
  if (!/exit code: 137\b/.test(msg)) return null;
  const hit = limiter.oomsSince(since).find((o) => !o.command || msg.includes(o.command.join(' ')));
  if (!hit) return null;
  const step = hit.command ? ` (the step ${JSON.stringify(hit.command.join(' ').slice(0, 200))} was stopped)` : '';
  return new Error(`The build ran out of memory (limit ${formatBytes(limit)}): a RUN step used more than the console allows for a build${step}.`);
}

async function engineBuildUnlimited(b: EngineBuild): Promise<string> {
  const period = 100_000;
  const opts = {
    t: b.ref,
    dockerfile: b.dockerfile,
    buildargs: b.buildArgs,
    labels: b.labels,
    version: '2',
    networkmode: 'none',
    nocache: true,
    rm: true,
    forcerm: true,
    memory: b.memoryBytes,
    memswap: b.memoryBytes,
    cpuperiod: period,
    cpuquota: Math.round((b.nanoCpus / 1e9) * period),
    abortSignal: b.signal,
  };
  let stream: NodeJS.ReadableStream;
  try {
    stream = (await docker().buildImage(b.tar as unknown as NodeJS.ReadableStream, opts as object)) as NodeJS.ReadableStream;
  } catch (err) {
    if (b.signal.aborted) throw b.signal.reason;
    throw engineError('start the build', err);
  }
  const trace = new TraceLines();
  let imageId: string | undefined;
  let failure: string | undefined;
  let rest = '';
  const handle = (m: Msg) => {
    if (m.id === 'moby.buildkit.trace' && typeof m.aux === 'string') {
      try {
        for (const l of trace.lines(decodeTrace(m.aux))) b.log(l);
      } catch {
        b.log('(an unreadable progress record was skipped)');
      }
    } else if (m.id === 'moby.image.id' && m.aux && typeof (m.aux as { ID?: unknown }).ID === 'string') {
      imageId = (m.aux as { ID: string }).ID;
    } else if (m.error || m.errorDetail) {
      failure = m.errorDetail?.message ?? m.error;
    } else if (typeof m.stream === 'string' && m.stream.trim()) {
      for (const l of m.stream.replace(/\n$/, '').split('\n')) b.log(l);
    }
  };
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      (stream as unknown as { destroy?: (e?: Error) => void }).destroy?.();
      reject(b.signal.reason);
    };
    if (b.signal.aborted) return onAbort();
    b.signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      const text = rest + chunk.toString('utf8');
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          handle(JSON.parse(line) as Msg);
        } catch {
          b.log(line);
        }
      }
    });
    stream.on('end', () => (b.signal.removeEventListener('abort', onAbort), resolve()));
    stream.on('error', (e: Error) => (b.signal.removeEventListener('abort', onAbort), reject(b.signal.aborted ? b.signal.reason : e)));
  });
  for (const l of trace.flush()) b.log(l);
  if (failure) throw new Error(failure);
  if (!imageId) {
    try {
      const info = (await docker().getImage(b.ref).inspect({ abortSignal: callSignal() } as object)) as { Id: string };
      imageId = info.Id;
    } catch {
      throw new Error('The engine finished without an image.');
    }
  }
  return imageId;
}

export type PushAuth = { username?: string; password?: string; serveraddress: string; identitytoken?: string; registrytoken?: string };

/** Pushes `ref` (host:port/…:tag) and returns the manifest digest the registry answered with. */
export async function enginePush(ref: string, auth: PushAuth | undefined, signal: AbortSignal, log: (l: string) => void): Promise<string | null> {
  const image = docker().getImage(ref);
  let stream: NodeJS.ReadableStream;
  try {
    stream = (await image.push({ authconfig: auth ?? { serveraddress: ref.split('/')[0] }, abortSignal: signal } as object)) as unknown as NodeJS.ReadableStream;
  } catch (err) {
    throw engineError(`push ${ref}`, err);
  }
  let digest: string | null = null;
  let failure: string | undefined;
  const seen = new Set<string>();
  await new Promise<void>((resolve, reject) => {
    docker().modem.followProgress(
      stream,
      (err: Error | null) => (err ? reject(err) : resolve()),
      (m: { status?: string; id?: string; error?: string; aux?: { Digest?: string } }) => {
        if (m.error) failure = m.error;
        if (m.aux?.Digest) digest = m.aux.Digest;
        if (m.status && m.id && ['Pushed', 'Layer already exists', 'Mounted from'].some((s) => m.status!.startsWith(s)) && !seen.has(m.id)) {
          seen.add(m.id);
          log(`push: ${m.id} ${m.status}`);
        }
      },
    );
  });
  if (failure) throw new Error(`The push was refused: ${failure}`);
  return digest;
}

/** The local image's id (sha256:…), or null when there is none. */
export async function localImageId(ref: string): Promise<string | null> {
  try {
    return ((await docker().getImage(ref).inspect({ abortSignal: callSignal() } as object)) as { Id: string }).Id;
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw engineError(`inspect ${ref}`, err);
  }
}

/** Removes a tag from the local engine (the image stays while another tag or a container uses it). */
export async function removeLocalTag(ref: string): Promise<void> {
  try {
    await docker().getImage(ref).remove({ noprune: false, abortSignal: callSignal() } as object);
  } catch (err) {
    if (statusOf(err) !== 404 && statusOf(err) !== 409) throw engineError(`untag ${ref}`, err);
  }
}
