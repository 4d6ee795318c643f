// Secrets at rest: AES-256-GCM envelopes `enc:v1:<kid>:<iv>:<ciphertext+tag>` (base64url), each bound by its
// additional authenticated data to the row and field it belongs to, so a ciphertext copied elsewhere does not open.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { isSealed, IV_BYTES, SEALED_PREFIX as PREFIX, TAG_BYTES } from './format';

export { isSealed };
export const KEY_BYTES = 32;

/** A key, its id, and where it was read from (for messages: an env variable or a file). */
export type SecretKey = { kid: string; key: Buffer; source: string };

/** The keys a console holds: `current` seals, any of them (by kid) opens. */
export type Keyring = { current: SecretKey; byKid: Map<string, SecretKey> };

export type SecretsErrorKind = 'no_key' | 'bad_key' | 'unknown_key' | 'malformed' | 'not_authentic';

/**
 * A secret that cannot be sealed or opened. An AppError ('internal', shown with its message) because it is a
 * configuration problem an admin must fix, and the message must say which — never a garbled value instead.
 */
export class SecretsError extends AppError {
  constructor(
    readonly kind: SecretsErrorKind,
    message: string,
  ) {
    super('internal', message);
  }
}

/** A key's id: a short hash (domain-separated), so envelopes name their key without revealing anything of it. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('overcast-secrets-kid\0').update(key).digest('hex').slice(0, 12);
}

/** A key from its text form (base64 or base64url of 32 bytes), with where it came from for error messages. */
export function parseKey(text: string, source: string): SecretKey {
  const t = text.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(t) ? Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new SecretsError('bad_key', `${source} is not a secrets key: it must be ${KEY_BYTES} random bytes in base64 (\`openssl rand -base64 32\`).`);
  }
  return { kid: keyId(key), key, source };
}

export function newKeyText(): string {
  return randomBytes(KEY_BYTES).toString('base64url');
}

export function makeKeyring(current: SecretKey, old: SecretKey[] = []): Keyring {
  const byKid = new Map<string, SecretKey>();
  for (const k of [current, ...old]) byKid.set(k.kid, k);
  return { current, byKid };
}

/** The id of the key a value is sealed with; null for a value that is not an envelope. */
export function sealedKid(value: unknown): string | null {
  if (!isSealed(value)) return null;
  const kid = value.slice(PREFIX.length).split(':')[0];
  return kid || null;
}

/** Encrypts `plaintext` with the ring's current key; `aad` names the row and field (e.g. `instance:<id>:env:NAME`). */
export function seal(plaintext: string, aad: string, ring: Keyring): string {
  const { kid, key } = ring.current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}${kid}:${iv.toString('base64url')}:${body.toString('base64url')}`;
}

/** Decrypts an envelope sealed for `aad`; throws a SecretsError saying why it cannot (never returns garbage). */
export function open(envelope: string, aad: string, ring: Keyring): string {
  if (!isSealed(envelope)) throw new SecretsError('malformed', `The secret for ${aad} is not an encrypted value.`);
  const parts = envelope.slice(PREFIX.length).split(':');
  const [kid, ivText, bodyText] = parts;
  const iv = ivText ? Buffer.from(ivText, 'base64url') : Buffer.alloc(0);
  const body = bodyText ? Buffer.from(bodyText, 'base64url') : Buffer.alloc(0);
  if (parts.length !== 3 || !kid || iv.length !== IV_BYTES || body.length < TAG_BYTES) {
    throw new SecretsError('malformed', `The secret for ${aad} is damaged (not a whole enc:v1 envelope).`);
  }
  const k = ring.byKid.get(kid);
  if (!k) {
    throw new SecretsError(
      'unknown_key',
      `The secret for ${aad} is encrypted with key ${kid}, which this console does not have (its key is ${ring.current.kid}): ` +
        'restore that key as OVERCAST_SECRETS_KEY / data/secrets-key, or list it in OVERCAST_SECRETS_OLD_KEYS or a data/secrets-key.<kid> file.',
    );
  }
  const decipher = createDecipheriv('aes-256-gcm', k.key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretsError('not_authentic', `The secret for ${aad} does not decrypt with key ${kid}: it was altered or belongs to another record.`);
  }
}
