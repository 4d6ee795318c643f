// Where the secrets key lives — never in the database: OVERCAST_SECRETS_KEY, else `<data dir>/secrets-key` (made
// once by setup, mode 0600, like the session key). Earlier keys still open what they sealed until rotation is done:
// OVERCAST_SECRETS_OLD_KEYS and `secrets-key.<kid>` files beside the key (a key file left behind when the key moved
// to the environment counts as an old key too).
import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';
import { makeKeyring, newKeyText, parseKey, SecretsError, type Keyring, type SecretKey } from './envelope';

export const KEY_FILE = 'secrets-key';
const OLD_KEY_FILE = /^secrets-key\.[A-Za-z0-9_-]{1,64}$/;

export type KeySources = { key?: string; oldKeys?: string; dataDir: string };

function readKeyFile(file: string): SecretKey {
  const st = fs.statSync(file);
  if (st.mode & 0o077) console.warn(`[secrets] ${file} is readable by others (mode ${(st.mode & 0o777).toString(8)}): chmod 600 it`);
  return parseKey(fs.readFileSync(file, 'utf8'), file);
}

/** Reads the keys from the given sources (the environment's and the data directory's). */
export function loadKeyring(src: KeySources): Keyring {
  const dir = path.resolve(src.dataDir);
  const keyFile = path.join(dir, KEY_FILE);
  const fileKey = fs.existsSync(keyFile) ? readKeyFile(keyFile) : null;
  const current = src.key ? parseKey(src.key, 'OVERCAST_SECRETS_KEY') : fileKey;
  if (!current) {
    throw new SecretsError(
      'no_key',
      `No secrets key: set OVERCAST_SECRETS_KEY or run scripts/setup.ts (./overcast run does), which creates ${keyFile}.`,
    );
  }
  const old: SecretKey[] = [];
  if (fileKey && fileKey.kid !== current.kid) old.push(fileKey);
  (src.oldKeys ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .forEach((t, i) => old.push(parseKey(t, `OVERCAST_SECRETS_OLD_KEYS entry ${i + 1}`)));
  if (fs.existsSync(dir)) {
    for (const name of fs.readdirSync(dir).sort()) if (OLD_KEY_FILE.test(name)) old.push(readKeyFile(path.join(dir, name)));
  }
  return makeKeyring(current, old);
}

/** Creates `<data dir>/secrets-key` (0600) unless the key comes from the environment or the file exists. */
export function ensureKeyFile(dataDir: string, fromEnv: boolean): string | null {
  const file = path.join(path.resolve(dataDir), KEY_FILE);
  if (fromEnv || fs.existsSync(file)) return null;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, newKeyText(), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw err;
  }
  return file;
}

/**
 * A new key file: the current key is kept as `secrets-key.<kid>` (still opens what it sealed), then a new key
 * replaces `secrets-key` atomically. A crash in between leaves the old key current, never no key.
 */
export function rotateKeyFile(dataDir: string): { oldKid: string; newKid: string; oldFile: string } {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, KEY_FILE);
  if (!fs.existsSync(file)) throw new SecretsError('no_key', `No ${file} to rotate.`);
  const old = readKeyFile(file);
  const oldFile = path.join(dir, `${KEY_FILE}.${old.kid}`);
  if (!fs.existsSync(oldFile)) fs.copyFileSync(file, oldFile, fs.constants.COPYFILE_EXCL);
  fs.chmodSync(oldFile, 0o600);
  const tmp = `${file}.tmp-${process.pid}`;
  const text = newKeyText();
  fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
  fs.renameSync(tmp, file);
  return { oldKid: old.kid, newKid: parseKey(text, file).kid, oldFile };
}

const KEY = Symbol.for('overcast.secrets.keyring');
type Holder = { ring?: Keyring };
const holder = (): Holder => {
  const g = globalThis as unknown as Record<symbol, Holder | undefined>;
  return (g[KEY] ??= {});
};

/** The console's keyring, read once (a missing key is not remembered: it is reported again on the next use). */
export function secretsKeyring(): Keyring {
  const h = holder();
  if (!h.ring) {
    const e = env();
    h.ring = loadKeyring({ key: e.OVERCAST_SECRETS_KEY, oldKeys: e.OVERCAST_SECRETS_OLD_KEYS, dataDir: e.OVERCAST_DATA_DIR });
  }
  return h.ring;
}

/** Replaces the process's keyring (tests, and the rotate script after it made a new key); null reads it again. */
export function setSecretsKeyring(ring: Keyring | null): void {
  holder().ring = ring ?? undefined;
}
