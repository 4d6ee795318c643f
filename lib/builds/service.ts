// Builds, as the API and the pages see them: start one (the row and its audit event are written before any work;
// the runner picks it up), list, read, cancel. Tenant-scoped: another organisation's build is a 404.
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { FieldErrors } from '@/lib/field-errors';
import { publishChange } from '@/lib/live/changes';
import { normaliseArchive } from './context';
import { checkDockerfile } from './dockerfile';
import { checkGitRef, checkGitSource } from './git';
import { buildSettings } from './settings';
import { ZGitBuild, ZUploadFields, isFinished } from './schemas';
import { imageRef, isOwnRef, resolveTarget } from './target';
import { onBuildLog, requestCancel, wakeRunner } from './runner-handle';

export type BuildView = {
  id: string;
  number: number;
  status: string;
  source: 'upload' | 'git';
  gitUrl: string | null;
  gitRef: string | null;
  uploadName: string | null;
  uploadBytes: number | null;
  dockerfile: string;
  buildArgs: Record<string, string>;
  image: string;
  imageRef: string | null;
  imageDigest: string | null;
  error: string | null;
  createdBy: { id: string; name: string; email: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  cancelRequested: boolean;
};

const SELECT = {
  id: true, number: true, status: true, source: true, gitUrl: true, gitRef: true, uploadName: true, uploadBytes: true, dockerfile: true,
  buildArgs: true, repository: true, tag: true, imageRef: true, imageDigest: true, error: true, createdById: true, createdAt: true,
  startedAt: true, finishedAt: true, cancelRequestedAt: true,
} as const;

type Row = { [K in keyof typeof SELECT]: unknown } & {
  id: string; number: number; status: string; source: 'upload' | 'git'; gitUrl: string | null; gitRef: string | null; uploadName: string | null;
  uploadBytes: number | null; dockerfile: string; buildArgs: unknown; repository: string; tag: string; imageRef: string | null; imageDigest: string | null;
  error: string | null; createdById: string | null; createdAt: Date; startedAt: Date | null; finishedAt: Date | null; cancelRequestedAt: Date | null;
};

async function views(rows: Row[], known: { id: string; name: string; email: string }[] = []): Promise<BuildView[]> {
  const ids = [...new Set(rows.map((r) => r.createdById).filter((x): x is string => !!x && !known.some((k) => k.id === x)))];
  const users = [...known, ...(ids.length ? await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }) : [])];
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    source: r.source,
    gitUrl: r.gitUrl,
    gitRef: r.gitRef,
    uploadName: r.uploadName,
    uploadBytes: r.uploadBytes,
    dockerfile: r.dockerfile,
    buildArgs: (r.buildArgs ?? {}) as Record<string, string>,
    image: `${r.repository}:${r.tag}`,
    imageRef: r.imageRef,
    imageDigest: r.imageDigest,
    error: r.error,
    createdBy: r.createdById ? (byId.get(r.createdById) ?? null) : null,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.startedAt ? (r.finishedAt ?? new Date()).getTime() - r.startedAt.getTime() : null,
    cancelRequested: !!r.cancelRequestedAt,
  }));
}

/** Where uploaded contexts wait for their build. */
export function contextDir(): string {
  return path.resolve(env().OVERCAST_DATA_DIR, 'builds');
}

export function contextFile(id: string): string {
  return path.join(contextDir(), `${id}.tar`);
}

export type StartBuild =
  | { source: 'git'; body: unknown }
  | { source: 'upload'; fields: unknown; archive: Buffer | null; uploadName: string | null };

/** Validates and records a build (queued); the runner does the work. Returns the build. */
export async function startBuild(ctx: TenantContext, input: StartBuild): Promise<BuildView> {
  authorize(ctx, 'resource.create');
  const settings = buildSettings();
  const errs = new FieldErrors();
  const target = resolveTarget();
  const own = (ref: string) => isOwnRef(ref, ctx.tenant.slug, target);
  let data: { dockerfile: string; buildArgs: Record<string, string>; image: { repository: string; tag: string } } | undefined;
  let git: { url: string; ref: string } | undefined;
  let tar: Buffer | undefined;
  if (input.source === 'git') {
    const parsed = await errs.check(() => parseInput(ZGitBuild, input.body));
    if (parsed) {
      data = parsed;
      await errs.check(() => checkGitRef(parsed.gitRef));
      const src = await errs.check(() => checkGitSource(parsed.gitUrl, settings.gitAllow));
      if (src) git = { url: src.url.toString(), ref: parsed.gitRef };
    }
  } else {
    const parsed = await errs.check(() => parseInput(ZUploadFields, input.fields));
    if (!input.archive || input.archive.length === 0) errs.add({ context: 'Choose a build context to upload (tar, tar.gz or zip).' });
    else if (input.archive.length > settings.contextMaxBytes) errs.add({ context: `The upload is larger than ${Math.round(settings.contextMaxBytes / 1048576)} MiB.` });
    else if (parsed) {
      const norm = await errs.check(() => normaliseArchive(input.archive!, { maxBytes: settings.contextMaxBytes, maxEntries: settings.contextMaxEntries, dockerfile: parsed.dockerfile }));
      if (norm) {
        if (!norm.summary.hasDockerfile || norm.summary.dockerfileText === null) errs.add({ dockerfile: `The context has no ${parsed.dockerfile}.` });
        else await errs.check(() => checkDockerfile(norm.summary.dockerfileText!, parsed.buildArgs, own));
        tar = norm.tar;
      }
    }
    data = parsed;
  }
  errs.throwIfAny();
  if (!data) throw new AppError('validation_failed', 'Some fields need attention.');
  const id = `bld${randomBytes(10).toString('hex')}`;
  if (tar) {
    await fs.promises.mkdir(contextDir(), { recursive: true, mode: 0o700 });
    await fs.promises.writeFile(contextFile(id), tar, { mode: 0o600 });
  }
  const d = data;
  try {
    const row = await db().$transaction(async (tx) => {
      // Numbers builds per tenant; the quota row serialises two starts of one tenant.
      await tx.$queryRaw`SELECT 1 FROM "Quota" WHERE "tenantId" = ${ctx.tenant.id} FOR UPDATE`;
      const last = await tx.build.findFirst({ where: { tenantId: ctx.tenant.id }, orderBy: { number: 'desc' }, select: { number: true } });
      const b = await tx.build.create({
        data: {
          id,
          tenantId: ctx.tenant.id,
          number: (last?.number ?? 0) + 1,
          createdById: ctx.user.id,
          source: input.source,
          gitUrl: git?.url ?? null,
          gitRef: git?.ref ?? null,
          uploadName: input.source === 'upload' ? (input.uploadName?.slice(0, 200) ?? 'context') : null,
          uploadBytes: input.source === 'upload' ? (input.archive?.length ?? 0) : null,
          dockerfile: d.dockerfile,
          buildArgs: d.buildArgs,
          repository: d.image.repository,
          tag: d.image.tag,
          imageRef: imageRef(target, ctx.tenant.slug, d.image.repository, d.image.tag),
        },
        select: SELECT,
      });
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorId: ctx.user.id,
        action: 'build.created',
        targetType: 'build',
        targetId: b.id,
        metadata: { number: b.number, source: input.source, image: `${d.image.repository}:${d.image.tag}`, ...(git ? { gitUrl: git.url, gitRef: git.ref } : {}) },
      });
      return b;
    });
    publishChange({ kind: 'build', id, tenantId: ctx.tenant.id });
    wakeRunner();
    return (await views([row as Row], [{ id: ctx.user.id, name: ctx.user.name, email: ctx.user.email }]))[0];
  } catch (err) {
    await fs.promises.rm(contextFile(id), { force: true });
    throw err;
  }
}

export async function listBuilds(ctx: TenantContext, opts: { limit?: number; status?: string } = {}): Promise<{ builds: BuildView[] }> {
  authorize(ctx, 'resource.read');
  const rows = await db().build.findMany({
    where: { tenantId: ctx.tenant.id, ...(opts.status && ['queued', 'running', 'succeeded', 'failed', 'cancelled'].includes(opts.status) ? { status: opts.status as 'queued' } : {}) },
    orderBy: { number: 'desc' },
    take: Math.min(Math.max(opts.limit ?? 50, 1), 200),
    select: SELECT,
  });
  return { builds: await views(rows as Row[]) };
}

async function row(ctx: TenantContext, id: string): Promise<Row> {
  const r = await db().build.findFirst({ where: { id, tenantId: ctx.tenant.id }, select: SELECT });
  if (!r) throw notFoundError('build');
  return r as Row;
}

export async function getBuild(ctx: TenantContext, id: string): Promise<BuildView> {
  authorize(ctx, 'resource.read');
  return (await views([await row(ctx, id)]))[0];
}

/** Asks for the build to stop: a queued one is cancelled at once, a running one by its runner (the engine stops it). */
export async function cancelBuild(ctx: TenantContext, id: string): Promise<BuildView> {
  authorize(ctx, 'resource.stop');
  const b = await row(ctx, id);
  if (isFinished(b.status)) throw new AppError('invalid_state', `Build #${b.number} has already ${b.status === 'succeeded' ? 'succeeded' : b.status === 'failed' ? 'failed' : 'been cancelled'}.`);
  const now = new Date();
  await db().$transaction(async (tx) => {
    const queued = await tx.build.updateMany({
      where: { id, tenantId: ctx.tenant.id, status: 'queued' },
      data: { status: 'cancelled', cancelRequestedAt: now, finishedAt: now, error: 'Cancelled before it started.' },
    });
    if (!queued.count) await tx.build.updateMany({ where: { id, tenantId: ctx.tenant.id, status: 'running' }, data: { cancelRequestedAt: now } });
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'build.cancelled', targetType: 'build', targetId: id, metadata: { number: b.number } });
  });
  requestCancel(id);
  publishChange({ kind: 'build', id, tenantId: ctx.tenant.id });
  return getBuild(ctx, id);
}

export type LogEvent = { offset: number; text: string } | { status: string; error: string | null; imageDigest: string | null };

/** The build's log from `offset` and, with follow, what is appended until the build ends (or `signal` aborts). */
export async function* buildLog(ctx: TenantContext, id: string, opts: { offset: number; follow: boolean; signal: AbortSignal }): AsyncIterable<LogEvent> {
  authorize(ctx, 'resource.read');
  await row(ctx, id);
  let offset = Math.max(0, opts.offset);
  let lastStatus = '';
  // Listening before each read: a write that lands between the read and the wait still wakes the wait.
  let woken = false;
  let wake: (() => void) | null = null;
  const off = onBuildLog(id, () => {
    woken = true;
    wake?.();
  });
  try {
    while (!opts.signal.aborted) {
      woken = false;
      const r = await db().build.findFirst({ where: { id, tenantId: ctx.tenant.id }, select: { status: true, error: true, imageDigest: true, log: true } });
      if (!r) return;
      if (r.log.length > offset) {
        yield { offset, text: r.log.slice(offset) };
        offset = r.log.length;
      }
      if (r.status !== lastStatus) {
        lastStatus = r.status;
        yield { status: r.status, error: r.error, imageDigest: r.imageDigest };
      }
      if (!opts.follow || isFinished(r.status)) return;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const done = () => (clearTimeout(t), opts.signal.removeEventListener('abort', done), (wake = null), resolve());
        const t = setTimeout(done, 1000);
        wake = done;
        opts.signal.addEventListener('abort', done, { once: true });
      });
    }
  } finally {
    off();
  }
}
