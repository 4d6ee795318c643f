// What the Docker driver needs to pull a tenant's image from the registry into the engine: whether a reference
// points at this console's registry, and an auth config for it (a pull-only token for that one repository, minted
// by the console and handed to the engine as `registrytoken`). A reference to another tenant's repository is refused
// here, so an instance can never run (or make the engine fetch) an image of a tenant it does not belong to.
import { db } from '@/lib/db/client';
import { parseRepository } from './scope';
import { registrySettings } from './settings';
import { mintRegistryToken } from './token';
import { mayPush } from './quota';

export type RegistryRef = { repository: string; slug: string; reference: string };

/** `<address>/<slug>/<name>[:tag|@digest]` → its parts; null for any other reference. */
export function registryRefOf(ref: string): RegistryRef | null {
  const s = registrySettings();
  if (!s.enabled || !ref.startsWith(`${s.address}/`)) return null;
  const rest = ref.slice(s.address.length + 1);
  const m = /^([^:@]+)(?:@(sha256:[a-f0-9]{64})|:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?$/.exec(rest);
  if (!m) return null;
  const repo = parseRepository(m[1]);
  if (!repo) return null;
  return { repository: m[1], slug: repo.slug, reference: m[2] ?? m[3] ?? 'latest' };
}

export class ForeignImageError extends Error {
  override name = 'ForeignImageError';
}

/** The X-Registry-Auth for pulling `ref` for `tenantId`; throws ForeignImageError for another tenant's repository. */
export function engineAuthFor(tenantId: string, ref: string): Promise<{ registrytoken: string; serveraddress: string }> {
  return authFor(tenantId, ref, ['pull']);
}

/**
 * The X-Registry-Auth for pushing a build's result `ref` for `tenantId` (pull and push on that one repository);
 * refused with a reason when the organisation's registry storage is at its quota.
 */
export async function enginePushAuthFor(tenantId: string, ref: string): Promise<{ registrytoken: string; serveraddress: string }> {
  if (!(await mayPush(tenantId))) throw new Error('The organisation’s registry storage is at its quota: delete images (and run garbage collection) before pushing more.');
  return authFor(tenantId, ref, ['pull', 'push']);
}

async function authFor(tenantId: string, ref: string, actions: string[]): Promise<{ registrytoken: string; serveraddress: string }> {
  const parsed = registryRefOf(ref);
  if (!parsed) throw new ForeignImageError(`${ref} is not an image of this console's registry`);
  const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { slug: true } });
  if (!tenant || tenant.slug !== parsed.slug) throw new ForeignImageError(`The image ${ref} belongs to another organisation's registry namespace`);
  const { token } = mintRegistryToken(`tenant:${tenantId}`, [{ type: 'repository', name: parsed.repository, actions }], Date.now(), 120);
  return { registrytoken: token, serveraddress: registrySettings().address };
}
