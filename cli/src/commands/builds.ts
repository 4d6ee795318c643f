// ovc build: a directory uploaded as the build context (or a git repository), the live log followed on stderr, the
// image reference printed on stdout — ready for `ovc instances create --image` or `ovc instances deploy`.
// ovc builds list / logs / cancel.
import path from 'node:path';
import { ApiError, seg } from '../api.ts';
import { UsageError, listOption, stringOption } from '../args.ts';
import { table } from '../format.ts';
import { packDirectory } from '../tar.ts';
import type { Command, Ctx } from '../context.ts';

export type Build = {
  id: string;
  number: number;
  status: string;
  source: 'upload' | 'git';
  gitUrl: string | null;
  image: string;
  imageRef: string | null;
  imageDigest: string | null;
  error: string | null;
  createdBy: { email: string } | null;
  createdAt: string;
  durationMs: number | null;
};

/** The console's upload limit by default (OVERCAST_BUILD_CONTEXT_MAX_MIB); it checks again. */
const CONTEXT_MAX_BYTES = 100 * 1048576;
const FINISHED = ['succeeded', 'failed', 'cancelled'];
/** Reconnects of a live log that broke off before the build ended. */
const RECONNECTS = 10;

/** An image name from a directory or repository name: lowercase, other characters as hyphens. */
export function defaultImage(from: string): string {
  const base = from
    .replace(/\.git$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return base || 'app';
}

/** A build by id or number (#3 or 3). */
async function findBuild(ctx: Ctx, ref: string): Promise<Build> {
  const n = /^#?(\d+)$/.exec(ref)?.[1];
  if (n) {
    const list = await ctx.api().get<{ builds: Build[] }>(await ctx.tenantPath('builds?limit=200'));
    const hit = list.builds.find((b) => b.number === Number(n));
    if (hit) return hit;
  }
  return ctx.api().get<Build>(await ctx.tenantPath(`builds/${seg(ref)}`));
}

/**
 * Prints the build's log from the start to stderr as it grows, until the build has ended (reconnecting, from where it
 * was, when the stream breaks off); returns the build as it ended.
 */
export async function followBuild(ctx: Ctx, id: string): Promise<Build> {
  let offset = 0;
  let status = '';
  for (let attempt = 0; ; attempt++) {
    try {
      for await (const ev of ctx.api().events(await ctx.tenantPath(`builds/${seg(id)}/log?follow=1&offset=${offset}`))) {
        if (ev.event !== 'message' || !ev.data || typeof ev.data !== 'object') continue;
        const d = ev.data as { offset?: number; text?: string; status?: string };
        if (typeof d.text === 'string' && typeof d.offset === 'number') {
          const skip = Math.max(0, offset - d.offset);
          if (skip < d.text.length) ctx.io.stderr(d.text.slice(skip));
          offset = Math.max(offset, d.offset + d.text.length);
        } else if (typeof d.status === 'string') status = d.status;
      }
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 0) && !(err instanceof TypeError)) throw err;
    }
    if (FINISHED.includes(status)) break;
    if (attempt >= RECONNECTS) throw new ApiError(0, 'log_lost', `Lost the build's log ${RECONNECTS} times; the build goes on: \`ovc builds logs ${id}\`.`);
    await ctx.sleep(1000);
  }
  return ctx.api().get<Build>(await ctx.tenantPath(`builds/${seg(id)}`));
}

/** The outcome: the image reference on stdout (or the build as JSON), or the reason it failed (exit code 1). */
function finish(ctx: Ctx, b: Build): number {
  if (ctx.json) ctx.printJson(b);
  if (b.status === 'succeeded') {
    if (!ctx.json) ctx.out(`${b.imageRef}\n`);
    return 0;
  }
  const why = b.status === 'cancelled' ? 'was cancelled' : `failed: ${b.error ?? 'see its log'}`;
  if (ctx.json) {
    ctx.note(`error: build #${b.number} ${why}`);
    return 1;
  }
  throw new ApiError(0, `build_${b.status}`, `Build #${b.number} ${why}`);
}

const build: Command = {
  path: ['build'],
  summary: 'Build an image from a directory (or a git repository); prints its reference',
  optionalArgs: ['DIR'],
  options: {
    image: { type: 'string', value: 'NAME[:TAG]', description: 'The image to make (default: the directory’s or repository’s name, tag latest).' },
    file: { type: 'string', value: 'PATH', description: 'The Dockerfile, relative to the context (default Dockerfile).' },
    'build-arg': { type: 'string', value: 'NAME=VALUE', multiple: true, description: 'A build argument (ARG in the Dockerfile).' },
    git: { type: 'string', value: 'URL', description: 'Build from this git repository (http(s):// or git://) instead of a directory.' },
    ref: { type: 'string', value: 'REF', description: 'The branch, tag or commit of --git (default: its default branch).' },
    detach: { type: 'boolean', short: 'd', description: 'Start the build, print its id and return (no log).' },
  },
  details:
    'DIR (default: the current directory) is packed and uploaded (.git left out; at most 100 MiB). The log is printed\n' +
    'on stderr as it comes; the image reference on stdout once pushed, so that it can be used directly:\n' +
    '  ovc build docs/examples/node-app --image node-app:v1\n' +
    '  ovc instances create --name app --image "$(ovc build . --image app:v2)" --port 8080 --wait\n' +
    '  ovc instances deploy app --image "$(ovc build . --image app:v3)" --wait\n' +
    '  ovc build --git https://git.example.com/team/app.git --ref main --image app:main\n' +
    'Ctrl-C stops following, not the build (`ovc builds cancel`). Exit code 1 when the build fails.',
  async run(ctx) {
    const v = ctx.values;
    const gitUrl = stringOption(v, 'git');
    const dir = ctx.parsed.args[0];
    if (gitUrl && dir !== undefined) throw new UsageError('give a directory or --git URL, not both', ctx.command);
    if (!gitUrl && stringOption(v, 'ref') !== undefined) throw new UsageError('--ref goes with --git', ctx.command);
    const buildArgs: Record<string, string> = {};
    for (const a of listOption(v, 'build-arg')) {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new UsageError(`--build-arg takes NAME=VALUE (got "${a}")`, ctx.command);
      buildArgs[a.slice(0, eq)] = a.slice(eq + 1);
    }
    const dockerfile = stringOption(v, 'file');
    let started: Build;
    if (gitUrl) {
      const image = stringOption(v, 'image') ?? defaultImage(gitUrl.split(/[/:]/).filter(Boolean).pop() ?? '');
      const body = { source: 'git', gitUrl, image, ...(stringOption(v, 'ref') ? { gitRef: stringOption(v, 'ref') } : {}), ...(dockerfile ? { dockerfile } : {}), buildArgs };
      started = await ctx.api().post<Build>(await ctx.tenantPath('builds'), body);
    } else {
      const root = path.resolve(dir ?? '.');
      const image = stringOption(v, 'image') ?? defaultImage(path.basename(root));
      let packed;
      try {
        packed = packDirectory(root, CONTEXT_MAX_BYTES);
      } catch (err) {
        throw new UsageError((err as NodeJS.ErrnoException).code === 'ENOENT' ? `no directory ${root}` : (err as Error).message, ctx.command);
      }
      const q = new URLSearchParams({ image, name: `${path.basename(root)}.tar.gz` });
      if (dockerfile) q.set('dockerfile', dockerfile);
      for (const [k, val] of Object.entries(buildArgs)) q.append('buildArg', `${k}=${val}`);
      ctx.note(`Uploading ${root} (${packed.files} files, ${(packed.archive.length / 1024).toFixed(0)} KiB packed)`);
      started = await ctx.api().upload<Build>(await ctx.tenantPath(`builds?${q}`), packed.archive, 'application/gzip');
    }
    ctx.note(`Build #${started.number} (${started.id}) of ${started.imageRef ?? started.image}`);
    if (v.detach) {
      if (ctx.json) return ctx.printJson(started);
      return ctx.out(`${started.id}\n`);
    }
    return finish(ctx, await followBuild(ctx, started.id));
  },
};

export const buildCommands: Command[] = [
  build,
  {
    path: ['builds', 'list'],
    summary: 'The organisation’s builds, newest first',
    options: { status: { type: 'string', value: 'STATUS', description: 'Only queued, running, succeeded, failed or cancelled ones.' } },
    async run(ctx) {
      const status = stringOption(ctx.values, 'status');
      const list = await ctx.api().get<{ builds: Build[] }>(await ctx.tenantPath(`builds${status ? `?status=${seg(status)}` : ''}`));
      if (ctx.json) return ctx.printJson(list);
      if (!list.builds.length) return ctx.out('No builds.\n');
      ctx.out(
        table(list.builds, [
          { header: '#', value: (b) => String(b.number) },
          { header: 'status', value: (b) => b.status },
          { header: 'image', value: (b) => b.imageRef ?? b.image },
          { header: 'source', value: (b) => (b.source === 'git' ? (b.gitUrl ?? 'git') : 'upload') },
          { header: 'duration', value: (b) => (b.durationMs === null ? '' : `${(b.durationMs / 1000).toFixed(1)} s`) },
          { header: 'created', value: (b) => b.createdAt.slice(0, 19).replace('T', ' ') },
        ]),
      );
    },
  },
  {
    path: ['builds', 'logs'],
    summary: 'A build’s log (with -f, until it ends)',
    args: ['BUILD'],
    options: { follow: { type: 'boolean', short: 'f', description: 'Keep printing until the build has ended.' } },
    details: 'BUILD is a build’s id or number (#3).',
    async run(ctx) {
      const b = await findBuild(ctx, ctx.arg(0));
      if (ctx.values.follow) {
        const done = await followBuild(ctx, b.id);
        return done.status === 'succeeded' ? 0 : 1;
      }
      ctx.out(await ctx.api().text(await ctx.tenantPath(`builds/${seg(b.id)}/log`)));
    },
  },
  {
    path: ['builds', 'cancel'],
    summary: 'Stop a queued or running build',
    args: ['BUILD'],
    async run(ctx) {
      const b = await findBuild(ctx, ctx.arg(0));
      const answer = await ctx.api().post<Build>(await ctx.tenantPath(`builds/${seg(b.id)}/cancel`));
      if (ctx.json) return ctx.printJson(answer);
      ctx.out(`Build #${answer.number}: cancel requested.\n`);
    },
  },
];
