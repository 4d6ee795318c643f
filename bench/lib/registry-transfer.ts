// Push and pull of a ~50 MB image with Debian's docker 20.10 client through the console's registry (token auth from
// the console: a `docker login` with an API token, a token per push and pull, the quota check before a push) versus a
// raw `docker-registry` the bench starts itself with the same TLS set-up and no auth, interleaved in one loop. Each
// iteration builds a new image (the built-in static web server plus a layer of 50 MB of random bytes, so nothing is
// already there), pushes it to both, removes it from the engine and pulls it from each in turn. The push and pull
// benchmarks (bench/benchmarks/registry-*.ts) share one such loop per run.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureRegistryPki } from '@/lib/registry/pki';
import { installDaemonTrust, probeRegistry, REGISTRY_BINARY, registryConfig } from '@/lib/registry/daemon';
import { registryFiles, type RegistrySettings } from '@/lib/registry/settings';
import { benchDocker } from './cleanup';
import { checkAborted, freePort, sleep } from './console';
import { round, summarize } from './stats';
import type { BenchContext, Benchmark } from './types';

const run = promisify(execFile);
const DOCKER_CLI = '/usr/bin/docker';
export const PAYLOAD_MB = 50;
const BASE_IMAGE = 'overcast/static-web:1';

export type TransferRun = { pushConsole: number[]; pushRaw: number[]; pullConsole: number[]; pullRaw: number[]; payloadBytes: number };

/** A docker CLI with a config directory of its own (credentials stay out of ~/.docker). */
function cliWith(configDir: string) {
  return async (args: string[], input?: string): Promise<string> => {
    const child = run(DOCKER_CLI, ['--config', configDir, ...args], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    if (input !== undefined) child.child.stdin!.end(input);
    try {
      const { stdout, stderr } = await child;
      return stdout + stderr;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`docker ${args[0]} failed: ${`${e.stdout ?? ''}${e.stderr ?? ''}`.trim().slice(-500) || e.message}`);
    }
  };
}

/** A registry of the bench's own: TLS with its own CA (trusted by the engine like the console's), no auth. */
async function startRawRegistry(ctx: BenchContext): Promise<RegistrySettings> {
  const dir = await ctx.tempDir('bench-raw-registry');
  const port = await freePort();
  const s: RegistrySettings = { enabled: true, dir, bind: '127.0.0.1', port, address: `127.0.0.1:${port}`, realm: 'http://127.0.0.1/unused' };
  const f = registryFiles(dir);
  ensureRegistryPki(dir, s.address);
  fs.mkdirSync(f.storage, { recursive: true });
  const config = registryConfig(s, { anonymous: true });
  if (config.includes('auth:')) throw new Error('the raw registry must run without auth');
  fs.writeFileSync(f.config, config);
  const log = fs.openSync(f.log, 'a');
  const child: ChildProcess = spawn(REGISTRY_BINARY, ['serve', f.config], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  ctx.defer('stop the raw registry', async () => {
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, 5000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      child.kill('SIGTERM');
    });
  });
  const trust = installDaemonTrust(s);
  if (trust) ctx.defer('remove the engine’s trust of the raw registry', () => fs.rmSync(path.dirname(trust), { recursive: true, force: true }));
  const deadline = Date.now() + 15_000;
  while (!(await probeRegistry(s, undefined, 1000))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the raw registry did not start: ${fs.readFileSync(f.log, 'utf8').slice(-500)}`);
    await sleep(100);
  }
  return s;
}

/** Builds a new image: the built-in web server plus PAYLOAD_MB of fresh random bytes. */
async function buildPayload(dir: string, tag: string): Promise<void> {
  const ctxDir = path.join(dir, 'context');
  fs.rmSync(ctxDir, { recursive: true, force: true });
  fs.mkdirSync(ctxDir);
  fs.writeFileSync(path.join(ctxDir, 'Dockerfile'), `FROM ${BASE_IMAGE}\nCOPY payload.bin /payload.bin\n`);
  fs.writeFileSync(path.join(ctxDir, 'payload.bin'), randomBytes(PAYLOAD_MB * 1024 * 1024));
  const archive = path.join(dir, 'context.tar');
  execFileSync('tar', ['-cf', archive, '-C', ctxDir, '.']);
  const docker = benchDocker();
  const stream = await docker.buildImage(fs.createReadStream(archive), { t: tag, version: '2', networkmode: 'none', rm: true, forcerm: true } as object);
  let failed: string | undefined;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()), (m: { error?: string }) => {
      if (m.error) failed = m.error;
    });
  });
  if (failed) throw new Error(`building the payload image failed: ${failed}`);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

let shared: Promise<TransferRun> | null = null;

/** The interleaved loop, run once per bench run (the push and the pull benchmark both read it). */
export function registryTransfers(ctx: BenchContext): Promise<TransferRun> {
  shared ??= measure(ctx);
  return shared;
}

async function measure(ctx: BenchContext): Promise<TransferRun> {
  const c = await ctx.console();
  const work = await ctx.tempDir('bench-registry');
  const docker = cliWith(path.join(work, 'docker-config'));
  fs.mkdirSync(path.join(work, 'docker-config'));
  const token = await c.api.expect<{ secret: string }>(201, 'POST', '/api/v1/me/tokens', { name: 'bench-registry', tenant: c.slug, role: 'owner' });
  const login = await docker(['login', c.registry.address, '-u', c.email, '--password-stdin'], token.secret);
  if (!login.includes('Login Succeeded')) throw new Error(`docker login to the console's registry: ${login}`);
  const raw = await startRawRegistry(ctx);

  const local: string[] = [];
  ctx.defer('remove the payload images', async () => {
    for (const ref of local) await benchDocker().getImage(ref).remove({ force: true }).catch(() => {});
  });
  const out: TransferRun = { pushConsole: [], pushRaw: [], pullConsole: [], pullRaw: [], payloadBytes: PAYLOAD_MB * 1024 * 1024 };
  const rmi = (...refs: string[]) => docker(['rmi', ...refs]);
  for (let i = 0; i < ctx.warmup + ctx.iterations; i++) {
    checkAborted(ctx.signal);
    const built = `bench-registry-payload:${c.consoleId}-${i}`;
    const refs = { console: `${c.registry.address}/${c.slug}/payload:${i}`, raw: `${raw.address}/bench/payload:${i}` };
    local.push(built, refs.console, refs.raw);
    await buildPayload(work, built);
    await docker(['tag', built, refs.console]);
    await docker(['tag', built, refs.raw]);
    // Alternating which goes first, so that load drifts hit both sides alike.
    const order = i % 2 === 0 ? (['console', 'raw'] as const) : (['raw', 'console'] as const);
    const push = { console: 0, raw: 0 };
    const pull = { console: 0, raw: 0 };
    for (const side of order) {
      push[side] = await timed(() => docker(['push', refs[side]]));
      await sleep(300);
    }
    // Gone from the engine (every tag of it, so its layer goes too): a pull must fetch the 50 MB again.
    await rmi(built, refs.console, refs.raw);
    for (const side of order) {
      pull[side] = await timed(() => docker(['pull', refs[side]]));
      await rmi(refs[side]);
      await sleep(300);
    }
    ctx.log(`registry ${i + 1}: push console ${round(push.console)} ms, raw ${round(push.raw)} ms; pull console ${round(pull.console)} ms, raw ${round(pull.raw)} ms`);
    if (i >= ctx.warmup) {
      out.pushConsole.push(push.console);
      out.pushRaw.push(push.raw);
      out.pullConsole.push(pull.console);
      out.pullRaw.push(pull.raw);
    }
  }
  return out;
}

export const TRANSFER_NOTES = [
  `Each iteration: a new image (${BASE_IMAGE} + ${PAYLOAD_MB} MB of random bytes, built locally), pushed with Debian's docker 20.10 client to the console's registry (token auth: a token from the console per push, with its quota check) and to a raw docker-registry with the same TLS set-up and no auth, interleaved; then removed from the engine and pulled from each.`,
  'Only the random layer travels: the base layer is in both registries after the first push and stays in the engine.',
];

/** The push or the pull benchmark: both read the one transfer loop above, each its own direction's samples. */
export function transferBenchmark(direction: 'push' | 'pull'): Benchmark {
  const title = direction === 'push' ? 'Push' : 'Pull';
  return {
    name: `registry.${direction}`,
    description: `docker ${direction} of a ${PAYLOAD_MB} MB layer: the console's registry (token auth, TLS) vs a raw docker-registry (no auth, TLS)`,
    goal: { kind: 'ratio', max: 1.25 },
    iterations: 5,
    warmup: 1,
    async run(ctx: BenchContext) {
      const r = await registryTransfers(ctx);
      const samples = direction === 'push' ? r.pushConsole : r.pullConsole;
      const baseline = direction === 'push' ? r.pushRaw : r.pullRaw;
      const s = summarize(samples);
      const b = summarize(baseline);
      const mbps = (ms: number) => round(r.payloadBytes / 1024 / 1024 / (ms / 1000));
      return {
        samples,
        baseline,
        notes: [...TRANSFER_NOTES, `${title} median: console ${round(s.median)} ms (${mbps(s.median)} MiB/s), raw ${round(b.median)} ms (${mbps(b.median)} MiB/s).`],
        figures: { [`${direction}_mib_per_s`]: { value: mbps(s.median), unit: 'MiB/s', better: 'higher' } },
      };
    },
  };
}
