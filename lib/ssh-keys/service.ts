// A user's own SSH public keys: list, add (validated, fingerprinted, one per fingerprint), delete, and resolving the
// ids a VM create names. Keys belong to a user, not to a tenant: every query carries the signed-in user's id, and
// another user's key is reported exactly like a missing one.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { uniqueViolation } from '@/lib/db/unique';
import { recordAudit } from '@/lib/audit/record';
import type { SessionUser } from '@/lib/auth/context';
import { parseSshPublicKey, type ParsedSshKey } from './parse';

export const MAX_SSH_KEYS_PER_USER = 50;

export type SshKeyView = { id: string; name: string; publicKey: string; fingerprint: string; type: string; createdAt: string };

export const ZAddSshKey = z.strictObject({
  name: z.string({ error: 'Name the key.' }).trim().max(100, { error: 'A name may be at most 100 characters.' }).default(''),
  publicKey: z.string({ error: 'Paste a public key.' }).max(10_000, { error: 'This is too long for an SSH public key.' }),
});

const select = { id: true, name: true, publicKey: true, fingerprint: true, createdAt: true } as const;

function view(k: { id: string; name: string; publicKey: string; fingerprint: string; createdAt: Date }): SshKeyView {
  return { ...k, type: k.publicKey.split(' ')[0] ?? '', createdAt: k.createdAt.toISOString() };
}

/** Parses a key a person pasted, or throws `invalid_ssh_key` with the reason on each of `fields`. */
export function requireValidKey(text: string, fields: string[]): ParsedSshKey {
  const r = parseSshPublicKey(text);
  if (!r.ok) throw new AppError('invalid_ssh_key', `This is not a usable SSH public key: ${r.reason}`, Object.fromEntries(fields.map((f) => [f, r.reason])));
  return r.key;
}

export async function listMySshKeys(user: SessionUser): Promise<SshKeyView[]> {
  const keys = await db().sshKey.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select });
  return keys.map(view);
}

export async function addMySshKey(user: SessionUser, input: unknown): Promise<SshKeyView> {
  const data = parseInput(ZAddSshKey, input);
  const key = requireValidKey(data.publicKey, ['publicKey']);
  // Unnamed: the key's comment (usually user@host), else its type.
  const name = data.name || key.comment.slice(0, 100) || key.type;
  const count = await db().sshKey.count({ where: { userId: user.id } });
  if (count >= MAX_SSH_KEYS_PER_USER) {
    throw new AppError('validation_failed', `You can keep at most ${MAX_SSH_KEYS_PER_USER} SSH keys: delete one first.`, { publicKey: `At most ${MAX_SSH_KEYS_PER_USER} keys.` });
  }
  try {
    const created = await db().$transaction(async (tx) => {
      const row = await tx.sshKey.create({ data: { userId: user.id, name, publicKey: key.publicKey, fingerprint: key.fingerprint }, select });
      await recordAudit(tx, { tenantId: null, actorId: user.id, action: 'ssh_key.added', targetType: 'ssh_key', targetId: row.id, metadata: { name, fingerprint: key.fingerprint } });
      return row;
    });
    return view(created);
  } catch (err) {
    if (uniqueViolation(err)) {
      const existing = await db().sshKey.findFirst({ where: { userId: user.id, fingerprint: key.fingerprint }, select: { name: true } });
      const msg = `You already added this key${existing ? ` as “${existing.name}”` : ''} (${key.fingerprint}).`;
      throw new AppError('duplicate_ssh_key', msg, { publicKey: msg });
    }
    throw err;
  }
}

export async function deleteMySshKey(user: SessionUser, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const key = await tx.sshKey.findFirst({ where: { id, userId: user.id }, select: { name: true, fingerprint: true } });
    const { count } = await tx.sshKey.deleteMany({ where: { id, userId: user.id } });
    if (!key || count === 0) throw notFoundError('SSH key');
    await recordAudit(tx, { tenantId: null, actorId: user.id, action: 'ssh_key.deleted', targetType: 'ssh_key', targetId: id, metadata: key });
  });
}

/**
 * The authorized_keys lines for a VM create: the named keys (the user's own only — another user's id is "not
 * found" on the field) and pasted ones (validated like added keys), without duplicates.
 */
export async function resolveKeysForVm(user: SessionUser, ids: string[], pasted: string[]): Promise<string[]> {
  const owned = ids.length ? await db().sshKey.findMany({ where: { userId: user.id, id: { in: ids } }, select: { id: true, publicKey: true, fingerprint: true } }) : [];
  const missing = ids.filter((id) => !owned.some((k) => k.id === id));
  if (missing.length) {
    const msg = `No such SSH key: ${missing.join(', ')}. Choose among your own keys.`;
    throw new AppError('validation_failed', msg, { sshKeyIds: msg });
  }
  const byFingerprint = new Map<string, string>();
  for (const k of owned) byFingerprint.set(k.fingerprint, k.publicKey);
  pasted.forEach((text, i) => {
    // The form has one input for pasted keys: the message goes on it as well as on the item.
    const key = requireValidKey(text, ['sshPublicKeys', `sshPublicKeys.${i}`]);
    byFingerprint.set(key.fingerprint, key.publicKey);
  });
  return [...byFingerprint.values()];
}
