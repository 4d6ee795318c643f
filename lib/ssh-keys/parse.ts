// OpenSSH public keys ("TYPE BASE64 [comment]", one authorized_keys line): parsed by decoding the key blob and
// checking it really is the named type (a pasted private key, a truncated copy or a key of another type is refused),
// and fingerprinted the way `ssh-keygen -lf` prints it (SHA256:, unpadded base64 of the blob's SHA-256). Pure.
import { createHash } from 'node:crypto';

export const SSH_KEY_TYPES = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa'] as const;
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];

export const MIN_RSA_BITS = 2048;
/** An RSA key of 16384 bits is ~2.8 KB of base64; anything longer is not a key. */
export const MAX_SSH_KEY_LENGTH = 8192;
export const MAX_COMMENT_LENGTH = 255;

export type ParsedSshKey = {
  type: SshKeyType;
  /** Key size in bits (RSA modulus, ECDSA curve, 256 for ed25519). */
  bits: number;
  comment: string;
  /** `SHA256:…` as ssh-keygen -l prints it. */
  fingerprint: string;
  /** "TYPE BASE64[ COMMENT]": what goes into authorized_keys. */
  publicKey: string;
};

export type SshKeyParseResult = { ok: true; key: ParsedSshKey } | { ok: false; reason: string };

const CURVES: Record<string, { curve: string; bits: number; pointBytes: number }> = {
  'ecdsa-sha2-nistp256': { curve: 'nistp256', bits: 256, pointBytes: 65 },
  'ecdsa-sha2-nistp384': { curve: 'nistp384', bits: 384, pointBytes: 97 },
  'ecdsa-sha2-nistp521': { curve: 'nistp521', bits: 521, pointBytes: 133 },
};

/** Reads SSH wire-format strings (uint32 length + bytes) from a key blob. */
class BlobReader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  string(): Buffer | null {
    if (this.at + 4 > this.buf.length) return null;
    const len = this.buf.readUInt32BE(this.at);
    if (this.at + 4 + len > this.buf.length) return null;
    const out = this.buf.subarray(this.at + 4, this.at + 4 + len);
    this.at += 4 + len;
    return out;
  }
  done(): boolean {
    return this.at === this.buf.length;
  }
}

/** Bits of an SSH mpint (two's complement, big-endian; a leading 0x00 keeps a positive number positive). */
function mpintBits(b: Buffer): number {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  if (i === b.length) return 0;
  return (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]!));
}

export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

const ACCEPTED = 'ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa (2048 bits or more)';

/** Parses one OpenSSH public key line; the reason of a refusal is written for the person who pasted it. */
export function parseSshPublicKey(input: string): SshKeyParseResult {
  const text = input.trim();
  const fail = (reason: string): SshKeyParseResult => ({ ok: false, reason });
  if (!text) return fail('Paste a public key (the contents of a .pub file, e.g. ~/.ssh/id_ed25519.pub).');
  if (text.length > MAX_SSH_KEY_LENGTH) return fail('This is too long for an SSH public key.');
  if (/PRIVATE KEY/.test(text)) return fail('This is a private key: paste the public key (the .pub file) instead, and keep the private key secret.');
  if (/[\r\n]/.test(text)) return fail('Paste one key on a single line.');
  const m = /^(\S+)\s+(\S+)(?:\s+(.*))?$/.exec(text);
  if (!m) return fail(`An SSH public key looks like “ssh-ed25519 AAAA… comment”.`);
  const [, type, b64, rawComment] = m as unknown as [string, string, string, string | undefined];
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type)) {
    return fail(`Key type “${type.slice(0, 40)}” is not accepted: use ${ACCEPTED}.`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return fail('The key data is not valid base64 (was the key cut or wrapped when copied?).');
  const blob = Buffer.from(b64, 'base64');
  const r = new BlobReader(blob);
  const inner = r.string()?.toString('latin1');
  if (inner === undefined) return fail('The key data is truncated.');
  if (inner !== type) return fail(`The key data is a “${inner.slice(0, 40)}” key, not “${type}”.`);
  let bits: number;
  if (type === 'ssh-ed25519') {
    const pk = r.string();
    if (!pk || pk.length !== 32) return fail('The key data is not a valid ed25519 key (it must hold 32 bytes).');
    bits = 256;
  } else if (type === 'ssh-rsa') {
    const e = r.string();
    const n = r.string();
    if (!e || !n || mpintBits(e) === 0 || mpintBits(n) === 0) return fail('The key data is not a valid RSA key.');
    bits = mpintBits(n);
    if (bits < MIN_RSA_BITS) return fail(`This RSA key has ${bits} bits: use at least ${MIN_RSA_BITS} (or an ed25519 key).`);
  } else {
    const c = CURVES[type]!;
    const curve = r.string()?.toString('latin1');
    const q = r.string();
    if (curve !== c.curve || !q || q.length !== c.pointBytes || q[0] !== 4) return fail(`The key data is not a valid ${type} key.`);
    bits = c.bits;
  }
  if (!r.done()) return fail('The key data has extra bytes after the key.');
  const comment = (rawComment ?? '').trim();
  if (comment.length > MAX_COMMENT_LENGTH) return fail(`The comment may be at most ${MAX_COMMENT_LENGTH} characters.`);
  if (/[\x00-\x1f\x7f]/.test(comment)) return fail('The comment may not contain control characters.');
  const publicKey = comment ? `${type} ${b64} ${comment}` : `${type} ${b64}`;
  return { ok: true, key: { type: type as SshKeyType, bits, comment, fingerprint: sshFingerprint(blob), publicKey } };
}
