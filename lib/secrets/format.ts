// What can be told about a sealed value without its key (no crypto, safe in browser bundles): whether a value is
// an envelope, and how many bytes its plaintext has — AES-GCM keeps the length, so a viewer can see a size only.
export const SEALED_PREFIX = 'enc:v1:';
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/** The plaintext's length in UTF-8 bytes: of the value itself when it is not sealed. */
export function plaintextBytes(value: string): number {
  if (!isSealed(value)) return new TextEncoder().encode(value).length;
  const body = value.slice(SEALED_PREFIX.length).split(':')[2] ?? '';
  const bytes = Math.floor((body.replace(/=+$/, '').length * 3) / 4);
  return Math.max(0, bytes - TAG_BYTES);
}
