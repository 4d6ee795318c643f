// A reconciler resync of 200 real containers: every live instance observed again through the Docker driver (the
// pass the console runs every 30 s to catch drift its event stream missed), timed in CPU. Goal: ≤ 1 s of CPU for the
// reconciler's process (the database's own CPU is reported beside it; Docker's is not counted).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { randomBytes } from 'node:crypto';
import { benchDocker } from '../lib/cleanup';
import { round, summarize } from '../lib/stats';
import type { BenchContext, Benchmark } from '../lib/types';

const CONTAINERS = 200;
const ROOT = path.resolve(import.meta.dirname, '..', '..');

type HostResult = { cpu: number[]; dbCpu: number[]; wall: number[]; writes: number[]; asked: number[]; createMs: number };

/** Starts a child and resolves with its first stdout line (other output goes to the log). */
function firstLine(ctx: BenchContext, what: string, c: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: c.stdout! }).once('line', resolve);
    readline.createInterface({ input: c.stderr! }).on('line', (l) => ctx.log(l));
    c.once('exit', (code) => reject(new Error(`the ${what} exited (${code}) before its answer`)));
  });
}

export const benchmark: Benchmark = {
  name: 'scale.resync',
  description: `a full reconciler resync of ${CONTAINERS} running containers on the real Docker Engine: CPU of the reconciler's process`,
  goal: { kind: 'time', maxMs: 1000 },
  iterations: 5,
  warmup: 1,
  async run(ctx) {
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
    // The database in a process of its own, as the console's embedded database lives in serve.ts, apart from the
    // web server that runs the reconciler.
    const database = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/database-host.ts'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    ctx.defer('resync database', () => new Promise<void>((r) => (database.exitCode !== null ? r() : (database.once('exit', () => r()), database.stdin?.end()))));
    const url = await firstLine(ctx, 'resync database', database);
    const consoleId = `bench-resync-${randomBytes(4).toString('hex')}`;
    // Should the host die before removing its containers, they are found by its console id.
    ctx.defer('resync containers', async () => {
      const left = await benchDocker().listContainers({ all: true, filters: { label: [`overcast.console=${consoleId}`] } });
      await Promise.all(left.map((c) => benchDocker().getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})));
    });
    const host = spawn(
      process.execPath,
      ['--conditions', 'react-server', '--import', 'tsx', 'bench/hosts/resync-host.ts', String(CONTAINERS), String(ctx.warmup), String(ctx.iterations), String(database.pid)],
      { cwd: ROOT, env: { ...env, DATABASE_URL: url, OVERCAST_CONSOLE_ID: consoleId }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    ctx.defer('resync host', () => new Promise<void>((r) => (host.exitCode !== null ? r() : (host.once('exit', () => r()), host.kill('SIGTERM')))));
    const result = JSON.parse(await firstLine(ctx, 'resync host', host)) as HostResult;
    const db = summarize(result.dbCpu);
    const wall = summarize(result.wall);
    return {
      samples: result.cpu,
      notes: [
        `CPU (user + system) of the process running the console's Reconciler during resync() + the pass it asks for: one Docker listing compared with the ${CONTAINERS} rows, a pass only for those that drifted (median ${summarize(result.asked).median} asked for; nothing had changed, so ${summarize(result.writes).median} status writes). Then a container killed behind the console's back is checked to be caught by a resync`,
        `the database process's CPU over the same pass: median ${round(db.median)} ms (p90 ${round(db.p90)}; /proc, 10 ms ticks); wall time median ${round(wall.median)} ms (p90 ${round(wall.p90)}). dockerd's CPU is not counted`,
        `the ${CONTAINERS} containers (${'c1.nano'}, static web image) were created by the same reconciler in ${Math.round(result.createMs / 1000)} s before measuring`,
      ],
      extra: { containers: CONTAINERS, databaseCpuMs: db, wallMs: wall, createMs: result.createMs },
    };
  },
};
