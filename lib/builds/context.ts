// Build contexts: an uploaded archive (tar, tar.gz or zip) or a cloned directory becomes one normalised tar that the
// engine receives. Every entry is checked on the way: no absolute path or `..`, no device, FIFO or socket, no
// symlink or hard link leading out of the context, sizes within the limits (an archive that inflates past the limit
// — a zip bomb — stops at the limit). The errors name the entry, for the user to fix their archive.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import yauzl from 'yauzl';
import { AppError } from '@/lib/errors';

export type ContextLimits = { maxBytes: number; maxEntries: number };
export type ContextSummary = { entries: number; bytes: number; hasDockerfile: boolean; dockerfileText: string | null };

export function contextError(message: string): AppError {
  return new AppError('invalid_build_context', message, { context: message });
}

/** `name` inside the context, normalised ("./a//b/" → "a/b"), or an error for a path that leaves it. */
export function safeEntryPath(name: string): string {
  const raw = name.replace(/\\/g, '/');
  if (raw.startsWith('/') || /^[a-zA-Z]:/.test(raw)) throw contextError(`The archive holds an absolute path (${clip(name)}); build contexts must be relative.`);
  const parts = raw.split('/').filter((p) => p && p !== '.');
  if (parts.includes('..')) throw contextError(`The archive holds a path that leaves the context (${clip(name)}).`);
  return parts.join('/');
}

/** Whether a symlink at `entry` pointing at `target` stays inside the context. */
export function linkStaysInside(entry: string, target: string): boolean {
  if (target.startsWith('/') || target.includes('\0')) return false;
  // A root of our own: normalising clamps `..` at "/", which would hide an escape from "/" itself.
  const root = '/__context__';
  const resolved = path.posix.normalize(path.posix.join(root, path.posix.dirname(entry), target));
  return resolved === root || resolved.startsWith(`${root}/`);
}

const clip = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}…` : s);

type Kind = 'file' | 'directory' | 'symlink' | 'link' | string;

/** Collects checked entries into a tar stream. */
class Normaliser {
  readonly pack = tarStream.pack();
  entries = 0;
  bytes = 0;
  hasDockerfile = false;
  dockerfileText: string | null = null;
  constructor(
    private readonly limits: ContextLimits,
    private readonly dockerfile: string,
  ) {}

  /** Paths seen so far: an archive naming one twice could show the checks one Dockerfile and the engine another. */
  private readonly seen = new Set<string>();

  check(name: string, type: Kind, linkname: string | undefined, size: number): string | null {
    const p = safeEntryPath(name);
    if (++this.entries > this.limits.maxEntries) throw contextError(`The context has more than ${this.limits.maxEntries} entries.`);
    if (type !== 'directory' && p !== '') {
      if (this.seen.has(p)) throw contextError(`The archive holds ${clip(p)} twice.`);
      this.seen.add(p);
    }
    if (p === this.dockerfile && type !== 'file' && type !== 'contiguous-file' && type !== 'directory') {
      throw contextError(`${clip(p)} must be a regular file, not a link.`);
    }
    if (type === 'symlink') {
      if (!linkname || !linkStaysInside(p, linkname)) throw contextError(`The symlink ${clip(p)} points outside the context (${clip(linkname ?? '')}).`);
    } else if (type === 'link') {
      safeEntryPath(linkname ?? '');
    } else if (type !== 'file' && type !== 'directory' && type !== 'contiguous-file') {
      throw contextError(`The archive holds a ${type.replace(/-/g, ' ')} (${clip(p)}); only files, directories and links inside the context are allowed.`);
    }
    this.grow(size);
    if (p === this.dockerfile && type !== 'directory') this.hasDockerfile = true;
    return p === '' ? null : p;
  }

  /** Packs a file, keeping the Dockerfile's text for the checks. */
  file(p: string, body: Buffer, mode: number | undefined, mtime?: Date): void {
    if (p === this.dockerfile) this.dockerfileText = body.toString('utf8');
    this.pack.entry({ name: p, mode, mtime }, body);
  }

  grow(n: number): void {
    this.bytes += n;
    if (this.bytes > this.limits.maxBytes) throw contextError(`The context is larger than ${Math.round(this.limits.maxBytes / 1048576)} MiB unpacked.`);
  }
}

async function fromTar(input: Buffer, gz: boolean, n: Normaliser): Promise<void> {
  const extract = tarStream.extract();
  const source = Readable.from([input]);
  const feeding = pipeline(gz ? source.pipe(zlib.createGunzip()) : source, extract).catch((e: Error) => {
    throw e instanceof AppError ? e : contextError(`The archive could not be read (${e.message}).`);
  });
  // Stopping early below (a refused entry) ends the feed too: that failure is the refusal's, not a second one.
  feeding.catch(() => {});
  for await (const entry of extract) {
    const h = entry.header;
    const p = n.check(h.name, h.type ?? 'file', h.linkname ?? undefined, 0);
    const regular = h.type === 'file' || h.type === 'contiguous-file';
    if (p === null || !regular) {
      // Whatever body such an entry carries is inflated too: it counts against the size limit.
      for await (const c of entry) n.grow((c as Buffer).length);
      if (p !== null) n.pack.entry({ name: p, type: h.type as 'directory', linkname: h.linkname ?? undefined, mode: h.mode, mtime: h.mtime });
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const c of entry) {
      n.grow((c as Buffer).length);
      chunks.push(c as Buffer);
    }
    n.file(p, Buffer.concat(chunks), h.mode, h.mtime);
  }
  await feeding;
}

function fromZip(input: Buffer, n: Normaliser): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(input, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) return reject(contextError(`The zip archive could not be read (${err?.message ?? 'unknown error'}).`));
      const fail = (e: unknown) => (zip.close(), reject(e instanceof AppError ? e : contextError(`The zip archive could not be read (${(e as Error).message}).`)));
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (e: yauzl.Entry) => {
        try {
          const unixMode = (e.externalFileAttributes >>> 16) & 0xffff;
          const fmt = unixMode & 0o170000;
          const isDir = e.fileName.endsWith('/');
          const type: Kind = isDir ? 'directory' : fmt === 0o120000 ? 'symlink' : fmt === 0 || fmt === 0o100000 ? 'file' : fmt === 0o020000 ? 'character-device' : fmt === 0o060000 ? 'block-device' : fmt === 0o010000 ? 'fifo' : 'socket';
          if (type === 'directory') {
            const p = n.check(e.fileName, type, undefined, 0);
            if (p) n.pack.entry({ name: p, type: 'directory', mode: (unixMode & 0o7777) || 0o755 });
            return zip.readEntry();
          }
          if (type !== 'file' && type !== 'symlink') n.check(e.fileName, type, undefined, 0);
          zip.openReadStream(e, async (err2, rs) => {
            try {
              if (err2 || !rs) throw err2 ?? new Error('unreadable entry');
              const chunks: Buffer[] = [];
              for await (const c of rs) {
                n.grow((c as Buffer).length);
                chunks.push(c as Buffer);
              }
              const body = Buffer.concat(chunks);
              if (type === 'symlink') {
                const target = body.toString('utf8');
                const p = n.check(e.fileName, 'symlink', target, 0);
                if (p) n.pack.entry({ name: p, type: 'symlink', linkname: target });
              } else {
                const p = n.check(e.fileName, 'file', undefined, 0);
                if (p) n.file(p, body, (unixMode & 0o7777) || 0o644);
              }
              zip.readEntry();
            } catch (x) {
              fail(x);
            }
          });
        } catch (x) {
          fail(x);
        }
      });
      zip.readEntry();
    });
  });
}

export type ArchiveKind = 'tar' | 'tar.gz' | 'zip';

/** What an upload is, by its first bytes (not its name). */
export function sniffArchive(b: Buffer): ArchiveKind | null {
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'tar.gz';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5)) return 'zip';
  if (b.length >= 262 && b.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  return null;
}

/** Checks an uploaded archive and returns it as a normalised tar (with a summary). Throws invalid_build_context. */
export async function normaliseArchive(input: Buffer, opts: ContextLimits & { dockerfile: string }): Promise<{ tar: Buffer; summary: ContextSummary }> {
  const kind = sniffArchive(input);
  if (!kind) throw contextError('The upload is not a tar, tar.gz or zip archive.');
  const n = new Normaliser(opts, opts.dockerfile);
  const out: Buffer[] = [];
  const collected = (async () => {
    for await (const c of n.pack) out.push(c as Buffer);
  })();
  try {
    if (kind === 'zip') await fromZip(input, n);
    else await fromTar(input, kind === 'tar.gz', n);
  } catch (e) {
    n.pack.destroy();
    await collected.catch(() => {});
    throw e;
  }
  n.pack.finalize();
  await collected;
  return { tar: Buffer.concat(out), summary: { entries: n.entries, bytes: n.bytes, hasDockerfile: n.hasDockerfile, dockerfileText: n.dockerfileText } };
}

/** Packs a directory (a clone) into a normalised tar with the same checks; `skip` names top-level entries left out. */
export async function packDirectory(dir: string, opts: ContextLimits & { dockerfile: string; skip?: string[] }): Promise<{ tar: Buffer; summary: ContextSummary }> {
  const n = new Normaliser(opts, opts.dockerfile);
  const out: Buffer[] = [];
  const collected = (async () => {
    for await (const c of n.pack) out.push(c as Buffer);
  })();
  const walk = async (rel: string): Promise<void> => {
    const names = (await fs.promises.readdir(path.join(dir, rel))).sort();
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      if (!rel && opts.skip?.includes(name)) continue;
      const st = await fs.promises.lstat(path.join(dir, r));
      if (st.isDirectory()) {
        n.check(r, 'directory', undefined, 0);
        n.pack.entry({ name: r, type: 'directory', mode: st.mode & 0o7777 });
        await walk(r);
      } else if (st.isSymbolicLink()) {
        const target = await fs.promises.readlink(path.join(dir, r));
        n.check(r, 'symlink', target, 0);
        n.pack.entry({ name: r, type: 'symlink', linkname: target });
      } else if (st.isFile()) {
        n.check(r, 'file', undefined, st.size);
        n.file(r, await fs.promises.readFile(path.join(dir, r)), st.mode & 0o7777);
      } else n.check(r, 'special file', undefined, 0);
    }
  };
  try {
    await walk('');
  } catch (e) {
    n.pack.destroy();
    await collected.catch(() => {});
    throw e;
  }
  n.pack.finalize();
  await collected;
  return { tar: Buffer.concat(out), summary: { entries: n.entries, bytes: n.bytes, hasDockerfile: n.hasDockerfile, dockerfileText: n.dockerfileText } };
}

