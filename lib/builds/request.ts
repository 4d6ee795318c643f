// How POST /builds reads its body: JSON (a git source), multipart/form-data (an upload with its fields, as the
// console's form sends it) or a bare archive (application/x-tar, application/gzip, application/zip: fields in the
// query string, for curl and the CLI). The size is checked against the limit before the body is read.
import 'server-only';
import { AppError } from '@/lib/errors';
import { assertCleanInput } from '@/lib/server/input-guard';
import { buildSettings } from './settings';
import { parseBuildArgLines } from './schemas';
import type { StartBuild } from './service';

const ARCHIVE_TYPES = ['application/x-tar', 'application/tar', 'application/gzip', 'application/x-gzip', 'application/zip', 'application/octet-stream'];

function tooLarge(max: number): AppError {
  const msg = `The upload is larger than ${Math.round(max / 1048576)} MiB.`;
  return new AppError('code_too_large', msg, { context: msg });
}

async function readLimited(req: Request, max: number): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let n = 0;
  for await (const c of req.body as unknown as AsyncIterable<Uint8Array>) {
    n += c.length;
    if (n > max) throw tooLarge(max);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

const typeOf = (req: Request) => (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();

/** A JSON body (a git source): read by the route with readJson. */
export function isJsonRequest(req: Request): boolean {
  const type = typeOf(req);
  return type === 'application/json' || type === '';
}

/** An upload: multipart/form-data or a bare archive (a multipart form may also name a git source). */
export async function readUploadRequest(req: Request): Promise<StartBuild> {
  const type = typeOf(req);
  const max = buildSettings().contextMaxBytes;
  const declared = Number(req.headers.get('content-length') ?? 0);
  // Multipart adds a little framing around the archive.
  if (declared > max + 64 * 1024) throw tooLarge(max);
  if (type === 'multipart/form-data') {
    // Counted as it arrives (a chunked body declares no length): the form is parsed from what fitted.
    const body = await readLimited(req, max + 64 * 1024);
    let form: FormData;
    try {
      form = await new Request(req.url, { method: 'POST', headers: req.headers, body: new Uint8Array(body) }).formData();
    } catch {
      throw new AppError('validation_failed', 'The form could not be read.');
    }
    const file = form.get('context');
    const fields: Record<string, unknown> = {};
    for (const k of ['source', 'image', 'dockerfile', 'gitUrl', 'gitRef']) {
      const v = form.get(k);
      if (typeof v === 'string' && v !== '') fields[k] = v;
    }
    const argsText = form.get('buildArgs');
    if (typeof argsText === 'string' && argsText.trim()) {
      const parsed = parseBuildArgLines(argsText);
      if (typeof parsed === 'string') throw new AppError('validation_failed', 'Some fields need attention.', { buildArgs: parsed });
      fields.buildArgs = parsed;
    }
    assertCleanInput(fields);
    if (fields.source === 'git') return { source: 'git', body: fields };
    delete fields.source;
    const archive = file instanceof Blob && file.size > 0 ? Buffer.from(await file.arrayBuffer()) : null;
    if (archive && archive.length > max) throw tooLarge(max);
    return { source: 'upload', fields, archive, uploadName: file instanceof File ? file.name : null };
  }
  if (ARCHIVE_TYPES.includes(type)) {
    const url = new URL(req.url);
    const fields: Record<string, unknown> = {};
    for (const k of ['image', 'dockerfile']) {
      const v = url.searchParams.get(k);
      if (v !== null) fields[k] = v;
    }
    const args = url.searchParams.getAll('buildArg');
    if (args.length) {
      const parsed = parseBuildArgLines(args.join('\n'));
      if (typeof parsed === 'string') throw new AppError('validation_failed', 'Some fields need attention.', { buildArgs: parsed });
      fields.buildArgs = parsed;
    }
    return { source: 'upload', fields, archive: await readLimited(req, max), uploadName: url.searchParams.get('name') };
  }
  throw new AppError('unsupported_media_type', 'Send JSON (a git source), multipart/form-data or an archive (application/x-tar, application/gzip, application/zip).');
}
