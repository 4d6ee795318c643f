// A build context as a gzipped tar, from a directory: regular files, directories and symbolic links (as links: the
// console refuses those that lead out of the context), in a stable order, with the owner and times zeroed so that the
// same directory packs to the same bytes. `.git` is left out. Only Node's own modules: the CLI has no dependencies.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export type Packed = { archive: Buffer; files: number; bytes: number };

const BLOCK = 512;

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

/** The ustar name/prefix split of a path (at most 100 + 155 bytes, cut at a slash), or null when it cannot fit. */
function splitName(name: string): { name: string; prefix: string } | null {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' };
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest) return { name: rest, prefix };
  }
  return null;
}

function header(name: string, type: '0' | '2' | '5', size: number, mode: number, linkname = ''): Buffer {
  const h = Buffer.alloc(BLOCK);
  const parts = splitName(name);
  if (!parts) throw new Error(`${name}: the path is too long for a build context (at most 255 bytes)`);
  if (Buffer.byteLength(linkname) > 100) throw new Error(`${name}: the link target is too long (at most 100 bytes)`);
  h.write(parts.name, 0, 100);
  h.write(octal(mode & 0o7777, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write(linkname, 157, 100);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write(parts.prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7), 148);
  h.write(' ', 155);
  return h;
}

/** Packs `dir`; stops at `maxBytes` of content with a clear error (the console's upload limit). */
export function packDirectory(dir: string, maxBytes: number): Packed {
  const st = fs.statSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory`);
  const chunks: Buffer[] = [];
  let files = 0;
  let bytes = 0;
  const walk = (rel: string) => {
    const names = fs.readdirSync(path.join(dir, rel)).sort();
    for (const n of names) {
      if (!rel && n === '.git') continue;
      const r = rel ? `${rel}/${n}` : n;
      const full = path.join(dir, r);
      const s = fs.lstatSync(full);
      if (s.isSymbolicLink()) {
        chunks.push(header(r, '2', 0, 0o777, fs.readlinkSync(full)));
      } else if (s.isDirectory()) {
        chunks.push(header(`${r}/`, '5', 0, s.mode));
        walk(r);
      } else if (s.isFile()) {
        bytes += s.size;
        if (bytes > maxBytes) throw new Error(`the build context is larger than ${Math.round(maxBytes / 1048576)} MiB (the console's limit)`);
        const body = fs.readFileSync(full);
        chunks.push(header(r, '0', body.length, s.mode), body);
        if (body.length % BLOCK) chunks.push(Buffer.alloc(BLOCK - (body.length % BLOCK)));
        files++;
      }
      // Sockets, FIFOs and devices have no place in a build context: left out.
    }
  };
  walk('');
  chunks.push(Buffer.alloc(BLOCK * 2));
  return { archive: zlib.gzipSync(Buffer.concat(chunks)), files, bytes };
}
