// The secrets-at-rest envelope: round trips, binding to its row and field, tampering, wrong and missing keys, the
// key files (created once, 0600, rotated without a moment without a key) and the size a viewer may see.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { keyId, makeKeyring, newKeyText, open, parseKey, seal, sealedKid, SecretsError, type Keyring } from './envelope';
import { isSealed, plaintextBytes } from './format';
import { ensureKeyFile, loadKeyring, rotateKeyFile } from './keyring';
import { openInstanceEnv, resealInstanceSpec, resealValue, sealInstanceEnv } from './fields';

const ringOf = (text = newKeyText(), ...old: string[]): Keyring =>
  makeKeyring(parseKey(text, 'test key'), old.map((t) => parseKey(t, 'old test key')));

function secretsError(f: () => unknown): SecretsError {
  try {
    f();
  } catch (err) {
    if (err instanceof SecretsError) return err;
    throw err;
  }
  throw new Error('expected a SecretsError');
}

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-secrets-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('seal / open', () => {
  const ring = ringOf();
  it.each([
    { reason: 'ASCII', plain: 'hunter2' },
    { reason: 'empty', plain: '' },
    { reason: 'multi-byte characters', plain: 'pässwörd 🔑 密码' },
    { reason: 'looks like an envelope itself', plain: 'enc:v1:abc:def:ghi' },
    { reason: '16 KiB of user-data', plain: '#!/bin/sh\n' + 'x'.repeat(16 * 1024 - 10) },
  ])('round-trips $reason', ({ plain }) => {
    const env = seal(plain, 'instance:i1:env:K', ring);
    expect(env).toMatch(new RegExp(`^enc:v1:${ring.current.kid}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$`));
    expect(isSealed(env)).toBe(true);
    expect(sealedKid(env)).toBe(ring.current.kid);
    expect(open(env, 'instance:i1:env:K', ring)).toBe(plain);
    expect(plaintextBytes(env)).toBe(Buffer.byteLength(plain));
  });

  it('never gives the same ciphertext twice (a random IV each time) and never contains the plaintext', () => {
    const a = seal('hunter2hunter2', 'x', ring);
    const b = seal('hunter2hunter2', 'x', ring);
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(Buffer.from(a.split(':')[4], 'base64url').toString('latin1')).not.toContain('hunter2');
  });

  it.each([
    { reason: 'another row', aad: 'instance:i2:env:K' },
    { reason: 'another variable of the same row', aad: 'instance:i1:env:OTHER' },
    { reason: 'another field of the same row', aad: 'instance:i1:user-data' },
    { reason: 'another kind of record', aad: 'function:i1:env:K' },
  ])('a ciphertext moved to $reason does not open', ({ aad }) => {
    const env = seal('hunter2', 'instance:i1:env:K', ring);
    const err = secretsError(() => open(env, aad, ring));
    expect(err.kind).toBe('not_authentic');
    expect(err.message).toMatch(/altered or belongs to another record/);
  });

  it.each([
    { reason: 'a flipped ciphertext byte', damage: (e: string) => flip(e, 4, 0) },
    { reason: 'a flipped tag byte', damage: (e: string) => flip(e, 4, -1) },
    { reason: 'a flipped IV byte', damage: (e: string) => flip(e, 3, 0) },
  ])('$reason is detected, never garbage', ({ damage }) => {
    const env = seal('hunter2', 'a', ring);
    expect(secretsError(() => open(damage(env), 'a', ring)).kind).toBe('not_authentic');
  });

  it.each([
    { reason: 'no parts', value: 'enc:v1:' },
    { reason: 'a short IV', value: `enc:v1:${ringOf().current.kid}:AAAA:${'A'.repeat(40)}` },
    { reason: 'no tag', value: `enc:v1:${ringOf().current.kid}:${'A'.repeat(16)}:AAAA` },
    { reason: 'an extra part', value: `enc:v1:k:${'A'.repeat(16)}:${'A'.repeat(40)}:x` },
    { reason: 'not an envelope', value: 'hunter2' },
  ])('a malformed value ($reason) is a clear error', ({ value }) => {
    expect(secretsError(() => open(value, 'a', ring)).kind).toBe('malformed');
  });

  it('a value sealed with another key names the key this console lacks', () => {
    const other = ringOf();
    const env = seal('hunter2', 'a', other);
    const err = secretsError(() => open(env, 'a', ring));
    expect(err.kind).toBe('unknown_key');
    expect(err.message).toContain(other.current.kid);
    expect(err.message).toMatch(/does not have/);
    expect(err.code).toBe('internal');
  });

  it('a wrong key under the right id (a replaced key file) does not decrypt to garbage', () => {
    const env = seal('hunter2', 'a', ring);
    const impostor: Keyring = makeKeyring({ kid: ring.current.kid, key: randomBytes(32), source: 'impostor' });
    expect(secretsError(() => open(env, 'a', impostor)).kind).toBe('not_authentic');
  });

  it('an old key in the ring opens what it sealed; sealing always uses the current key', () => {
    const oldText = newKeyText();
    const before = seal('hunter2', 'a', ringOf(oldText));
    const rotated = ringOf(newKeyText(), oldText);
    expect(open(before, 'a', rotated)).toBe('hunter2');
    const again = resealValue(before, 'a', rotated)!;
    expect(sealedKid(again)).toBe(rotated.current.kid);
    expect(resealValue(again, 'a', rotated)).toBeNull();
    // Once re-sealed, the old key is no longer needed.
    expect(open(again, 'a', makeKeyring(rotated.current))).toBe('hunter2');
  });
});

describe('keys', () => {
  it.each([
    { reason: 'too short', text: randomBytes(16).toString('base64') },
    { reason: 'too long', text: randomBytes(33).toString('base64') },
    { reason: 'not base64', text: 'this is not a key at all, not at all!!' },
    { reason: 'empty', text: '' },
  ])('refuses a key that is $reason, saying where it came from', ({ text }) => {
    const err = secretsError(() => parseKey(text, 'OVERCAST_SECRETS_KEY'));
    expect(err.kind).toBe('bad_key');
    expect(err.message).toMatch(/OVERCAST_SECRETS_KEY is not a secrets key/);
  });

  it('takes base64 and base64url alike, with the same id', () => {
    const raw = Buffer.from(Array.from({ length: 32 }, (_, i) => 250 - i));
    expect(parseKey(raw.toString('base64'), 'a').kid).toBe(parseKey(raw.toString('base64url'), 'b').kid);
    expect(keyId(raw)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('a missing key is a clear error', () => {
    const err = secretsError(() => loadKeyring({ dataDir: tempDir() }));
    expect(err.kind).toBe('no_key');
    expect(err.message).toMatch(/No secrets key: set OVERCAST_SECRETS_KEY or run scripts\/setup.ts/);
  });

  it('the key file is made once, mode 0600, and not when the key comes from the environment', () => {
    const dir = tempDir();
    expect(ensureKeyFile(dir, true)).toBeNull();
    expect(fs.existsSync(path.join(dir, 'secrets-key'))).toBe(false);
    const file = ensureKeyFile(dir, false)!;
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(ensureKeyFile(dir, false)).toBeNull();
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(loadKeyring({ dataDir: dir }).current.kid).toBe(parseKey(text, 'x').kid);
  });

  it('rotating the key file keeps the old key (0600) so that what it sealed still opens', () => {
    const dir = tempDir();
    ensureKeyFile(dir, false);
    const before = loadKeyring({ dataDir: dir });
    const sealed = seal('hunter2', 'a', before);
    const r = rotateKeyFile(dir);
    expect(r.oldKid).toBe(before.current.kid);
    expect(fs.statSync(r.oldFile).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).sort()).toEqual(['secrets-key', `secrets-key.${r.oldKid}`]);
    const after = loadKeyring({ dataDir: dir });
    expect(after.current.kid).toBe(r.newKid);
    expect(after.current.kid).not.toBe(before.current.kid);
    expect(open(sealed, 'a', after)).toBe('hunter2');
  });

  it('the environment key wins; a key file beside it and OVERCAST_SECRETS_OLD_KEYS still open', () => {
    const dir = tempDir();
    ensureKeyFile(dir, false);
    const fileRing = loadKeyring({ dataDir: dir });
    const olderText = newKeyText();
    const envText = newKeyText();
    const ring = loadKeyring({ key: envText, oldKeys: ` ${olderText} ,`, dataDir: dir });
    expect(ring.current.kid).toBe(parseKey(envText, 'x').kid);
    expect(open(seal('a', 'x', fileRing), 'x', ring)).toBe('a');
    expect(open(seal('b', 'x', ringOf(olderText)), 'x', ring)).toBe('b');
  });
});

describe('rows', () => {
  const ring = ringOf();
  it('seals only secret variables, bound to the instance and the name', () => {
    const env = [
      { name: 'API_KEY', value: 'hunter2', secret: true },
      { name: 'MODE', value: 'prod', secret: false },
    ];
    const sealed = sealInstanceEnv('inst1', env, ring);
    expect(sealed[1]).toEqual(env[1]);
    expect(isSealed(sealed[0].value)).toBe(true);
    expect(openInstanceEnv('inst1', sealed, ring)).toEqual(env);
    expect(secretsError(() => openInstanceEnv('inst2', sealed, ring)).kind).toBe('not_authentic');
    // A secret that is not sealed (a row from before encryption that was never migrated) is refused, not used.
    expect(secretsError(() => openInstanceEnv('inst1', env, ring)).message).toMatch(/stored unencrypted/);
  });

  it('re-sealing a spec seals plaintext and leaves other fields and sealed values alone', () => {
    const spec = { ports: [{ port: 80, protocol: 'tcp' }], env: [{ name: 'K', value: 'v', secret: true }], command: ['a'], userData: 'echo hi', hostname: 'h' };
    const once = resealInstanceSpec('i', spec, ring)!;
    expect(once).toMatchObject({ ports: spec.ports, command: ['a'], hostname: 'h' });
    expect(JSON.stringify(once)).not.toMatch(/"v"|echo hi/);
    expect(resealInstanceSpec('i', once, ring)).toBeNull();
    expect(resealInstanceSpec('i', { ports: [], env: [{ name: 'A', value: 'b', secret: false }], command: [] }, ring)).toBeNull();
  });
});

/** Flips one byte of the envelope's part `part` (3 = IV, 4 = body) at `at` (negative: from the end). */
function flip(envelope: string, part: number, at: number): string {
  const parts = envelope.split(':');
  const bytes = Buffer.from(parts[part], 'base64url');
  const i = at < 0 ? bytes.length + at : at;
  bytes[i] ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join(':');
}
