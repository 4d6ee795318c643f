// What the Docker driver needs to pull a tenant's image from the registry into the engine: whether a reference
// points at this console's registry, and an auth config for it (a pull-only token for that one repository, minted
// by the console and handed to the engine as `registrytoken`). A reference to another tenant's repository is refused
// here, so an instance can never run (or make the engine fetch) an image of a tenant it does not belong to.
import { db } from '@/lib/db/client';
import { parseRepository } from './scope';
import { registrySettings } from './settings';
import { mintRegistryToken } from './token';

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

/**
 * The X-Registry-Auth for `ref` of `tenantId` (pull by default; a build's push asks for pull and push): a token for
 * that one repository. Throws ForeignImageError for another tenant's repository.
 */
export async function engineAuthFor(tenantId: string, ref: string, actions: string[] = ['pull']): Promise<{ registrytoken: string; serveraddress: string }> {
  const parsed = registryRefOf(ref);
  if (!parsed) throw new ForeignImageError(`${ref} is not an image of this console's registry`);
  const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { slug: true } });
  if (!tenant || tenant.slug !== parsed.slug) throw new ForeignImageError(`The image ${ref} belongs to another organisation's registry namespace`);
  const { token } = mintRegistryToken(`tenant:${tenantId}`, [{ type: 'repository', name: parsed.repository, actions }], Date.now(), 120);
  return { registrytoken: token, serveraddress: registrySettings().address };
}
