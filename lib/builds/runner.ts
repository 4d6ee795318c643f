// The build runner: runs this console's queued builds in the background, at most OVERCAST_BUILD_CONCURRENCY at once.
// A build is claimed (queued → running, with this process as its runner) by a conditional update, so two consoles
// never run the same one. Each build: context (the stored upload, or a depth-1 clone checked against the SSRF rules),
// the Dockerfile's image references checked, BuildKit through the engine, push to the target. Its log is appended to
// the row a few times a second. The time limit and a cancel both abort the engine request (the engine then cancels
// the build). At start, builds that were running in a process of this host that no longer exists are failed with the
// reason (a restart cannot resume a BuildKit solve).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { engineBuild } from '@/lib/providers/docker/build';
import { publishChange } from '@/lib/live/changes';
import { recordAudit } from '@/lib/audit/record';
import { packDirectory } from './context';
import { checkDockerfile } from './dockerfile';
import { checkGitSource, cloneSource } from './git';
import { pushImage } from './push';
import { buildSettings } from './settings';
import { isOwnRef, resolveTarget } from './target';
import { logGrew, onCancel, onWake } from './runner-handle';

/** Most log kept per build; what comes after is dropped with a note. */
export const LOG_MAX_CHARS = 1_000_000;
const FLUSH_MS = 250;
const POLL_MS = 2_000;

class Stop extends Error {
  constructor(readonly status: 'cancelled' | 'failed', message: string) {
    super(message);
  }
}

export type RunnerOptions = { owner?: string; contextDir: string; log?: (msg: string) => void };

export class BuildRunner {
  readonly owner: string;
  private readonly active = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private offs: (() => void)[] = [];
  private ticking = false;
  private again = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: PrismaClient,
    private readonly opts: RunnerOptions,
  ) {
    this.owner = opts.owner ?? `${os.hostname()}:${process.pid}`;
  }

  async start(): Promise<void> {
    await this.recover();
    this.offs.push(onWake(() => void this.tick()));
    this.offs.push(onCancel((id) => this.active.get(id)?.abort(new Stop('cancelled', 'Cancelled by a user.'))));
    this.timer = setInterval(() => void this.tick(), POLL_MS);
    this.timer.unref();
    void this.tick();
  }

  /** Stops taking builds; running ones are cancelled and recorded as failed (the console is stopping). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const off of this.offs) off();
    for (const c of this.active.values()) c.abort(new Stop('failed', 'The console stopped during the build; start it again.'));
    await Promise.allSettled([...this.running]);
  }

  /** Fails builds left running by a process of this host that is gone. */
  async recover(): Promise<number> {
    const host = os.hostname();
    const rows = await this.db.build.findMany({ where: { status: 'running', runner: { startsWith: `${host}:` } }, select: { id: true, tenantId: true, runner: true } });
    let n = 0;
    for (const r of rows) {
      const pid = Number(r.runner!.slice(host.length + 1));
      if (r.runner === this.owner || alive(pid)) continue;
      const done = await this.db.build.updateMany({
        where: { id: r.id, status: 'running', runner: r.runner },
        data: { status: 'failed', finishedAt: new Date(), error: 'The console stopped or restarted during the build; start it again.' },
      });
      if (done.count) {
        n++;
        await fs.promises.rm(path.join(this.opts.contextDir, `${r.id}.tar`), { force: true });
        publishChange({ kind: 'build', id: r.id, tenantId: r.tenantId });
      }
    }
    return n;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.again = false;
        while (!this.stopped && this.active.size < buildSettings().concurrency) {
          const next = await this.db.build.findFirst({ where: { status: 'queued' }, orderBy: { createdAt: 'asc' }, select: { id: true } });
          if (!next) break;
          const claimed = await this.db.build.updateMany({ where: { id: next.id, status: 'queued' }, data: { status: 'running', runner: this.owner, startedAt: new Date() } });
          if (!claimed.count) continue;
          const ctl = new AbortController();
          this.active.set(next.id, ctl);
          const p = this.run(next.id, ctl).finally(() => {
            this.active.delete(next.id);
            this.running.delete(p);
            void this.tick();
          });
          this.running.add(p);
        }
        // Cancels asked for through another process.
        if (this.active.size) {
          const asked = await this.db.build.findMany({ where: { id: { in: [...this.active.keys()] }, cancelRequestedAt: { not: null } }, select: { id: true } });
          for (const a of asked) this.active.get(a.id)?.abort(new Stop('cancelled', 'Cancelled by a user.'));
        }
      } while (this.again && !this.stopped);
    } catch (err) {
      this.opts.log?.(`[builds] ${(err as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  private async run(id: string, ctl: AbortController): Promise<void> {
    const b = await this.db.build.findUniqueOrThrow({ where: { id }, include: { tenant: { select: { slug: true } } } });
    publishChange({ kind: 'build', id, tenantId: b.tenantId });
    const settings = buildSettings();
    let pending: string[] = [];
    let size = 0;
    let truncated = false;
    const log = (line: string) => {
      if (truncated) return;
      const text = `${line.replace(/\r/g, '')}\n`;
      if (size + text.length > LOG_MAX_CHARS) {
        truncated = true;
        pending.push('… (the rest of the log was dropped: it passed the limit)\n');
        return;
      }
      size += text.length;
      pending.push(text);
    };
    const flush = async () => {
      if (!pending.length) return;
      const text = pending.join('');
      pending = [];
      await this.db.$executeRaw`UPDATE "Build" SET "log" = "log" || ${text} WHERE "id" = ${id}`;
      logGrew(id);
    };
    const flusher = setInterval(() => void flush().catch(() => {}), FLUSH_MS);
    const limit = setTimeout(() => ctl.abort(new Stop('failed', `The build took longer than the time limit (${Math.round(settings.timeLimitMs / 1000)} s) and was stopped.`)), settings.timeLimitMs);
    const started = Date.now();
    let tmp: string | undefined;
    let outcome: { status: 'succeeded' | 'failed' | 'cancelled'; error: string | null; digest: string | null };
    try {
      const target = resolveTarget();
      const ref = b.imageRef ?? `${target.registry ?? 'builds.local'}/${b.tenant.slug}/${b.repository}:${b.tag}`;
      let tar: Buffer;
      if (b.source === 'git') {
        tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'overcast-build-'));
        const src = await checkGitSource(b.gitUrl!, settings.gitAllow);
        const cloneSignal = AbortSignal.any([ctl.signal, AbortSignal.timeout(settings.gitTimeoutMs)]);
        try {
          await cloneSource(src, b.gitRef ?? 'HEAD', tmp, cloneSignal, log);
        } catch (err) {
          if (!ctl.signal.aborted && cloneSignal.aborted) throw new Stop('failed', `The clone took longer than ${Math.round(settings.gitTimeoutMs / 1000)} s and was stopped.`);
          throw err;
        }
        const packed = await packDirectory(tmp, { maxBytes: settings.contextMaxBytes, maxEntries: settings.contextMaxEntries, dockerfile: b.dockerfile, skip: ['.git'] });
        if (!packed.summary.hasDockerfile || packed.summary.dockerfileText === null) throw new Stop('failed', `The repository has no ${b.dockerfile}.`);
        checkDockerfile(packed.summary.dockerfileText, b.buildArgs as Record<string, string>, (r) => isOwnRef(r, b.tenant.slug, target));
        tar = packed.tar;
      } else {
        tar = await fs.promises.readFile(path.join(this.opts.contextDir, `${id}.tar`));
      }
      const tEngine = Date.now();
      log(`Building ${ref} with BuildKit (context ${(tar.length / 1024).toFixed(0)} KiB, ${b.dockerfile}; RUN steps have no network)`);
      const imageId = await engineBuild({
        tar,
        ref,
        dockerfile: b.dockerfile,
        buildArgs: b.buildArgs as Record<string, string>,
        labels: { 'io.overcast.build': id, 'io.overcast.tenant': b.tenantId },
        memoryBytes: settings.memoryBytes,
        nanoCpus: settings.nanoCpus,
        pids: settings.pids,
        concurrency: settings.concurrency,
        cgroupRoot: settings.cgroupRoot,
        cgroupParent: settings.cgroupParent,
        signal: ctl.signal,
        log,
      });
      const tPush = Date.now();
      log(`Built ${imageId}`);
      const digest = await pushImage(target, b.tenantId, ref, ctl.signal, log);
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      log(`Finished in ${s(Date.now() - started)} (context ${s(tEngine - started)}, build ${s(tPush - tEngine)}, push ${s(Date.now() - tPush)})`);
      outcome = { status: 'succeeded', error: null, digest: digest ?? imageId };
    } catch (err) {
      const reason = ctl.signal.aborted ? ctl.signal.reason : err;
      const stop = reason instanceof Stop ? reason : null;
      const message = stop?.message ?? ((reason as { fields?: Record<string, string> }).fields ? Object.values((reason as { fields: Record<string, string> }).fields)[0] : null) ?? (reason as Error)?.message ?? String(reason);
      log(stop?.status === 'cancelled' ? 'Cancelled.' : `ERROR: ${message}`);
      outcome = { status: stop?.status ?? 'failed', error: message, digest: null };
    } finally {
      clearTimeout(limit);
      clearInterval(flusher);
      if (tmp) await fs.promises.rm(tmp, { recursive: true, force: true }).catch(() => {});
    }
    await flush().catch(() => {});
    await this.db.$transaction(async (tx) => {
      await tx.build.update({ where: { id }, data: { status: outcome.status, error: outcome.error, imageDigest: outcome.digest, finishedAt: new Date() } });
      await recordAudit(tx, { tenantId: b.tenantId, actorId: null, action: `build.${outcome.status}`, targetType: 'build', targetId: id, metadata: { number: b.number, ...(outcome.error ? { error: outcome.error.slice(0, 500) } : {}), ...(outcome.digest ? { digest: outcome.digest } : {}) } });
    });
    // Followers first: the upload's clean-up is nobody's wait.
    logGrew(id);
    publishChange({ kind: 'build', id, tenantId: b.tenantId });
    await fs.promises.rm(path.join(this.opts.contextDir, `${id}.tar`), { force: true });
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
