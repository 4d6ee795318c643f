// The one place image references are parsed, checked against the tenant's namespace and looked up: creating a
// container from a reference and deploying a new version both go through resolveImageRef. A tenant may run the
// built-in catalogue's images and images in its own namespace — `<registry>/<tenant-slug>/…` when a registry is
// configured (lib/registry), and `<tenant-slug>/…` in the local engine — never another tenant's.
import 'server-only';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { registryAddress } from '@/lib/registry/settings';
import { registryClient } from '@/lib/registry/client';
import { findLocalImage, localTags } from '@/lib/providers/docker/image-lookup';
import { OWN_IMAGE_ID } from '@/lib/providers/docker/images';
import { providerForKind } from '@/lib/providers/registry';

/** Repository path components and tags as Docker's reference grammar has them. */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const HOST = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+|[a-z0-9.-]+:[0-9]{1,5})$/;
/** The console's own images live here; no tenant's namespace, whatever its slug. */
const RESERVED_NAMESPACE = 'overcast';

export type ParsedRef = { host: string | null; path: string[]; tag: string; repository: string; ref: string };

const field = (message: string) => new AppError('validation_failed', message, { image: message });

/** Parses `[host[:port]/]path[:tag]` (the tag is "latest" when absent, as with docker run). Digests are refused. */
export function parseImageRef(input: string): ParsedRef {
  const text = input.trim();
  if (text.includes('@')) throw field('Give the image by tag (repository:tag), not by digest.');
  const parts = text.split('/');
  const host = parts.length > 1 && HOST.test(parts[0]!) ? parts.shift()! : null;
  const last = parts.pop() ?? '';
  const colon = last.lastIndexOf(':');
  const name = colon >= 0 ? last.slice(0, colon) : last;
  const tag = colon >= 0 ? last.slice(colon + 1) : 'latest';
  const path = [...parts, name];
  if (!path.every((c) => COMPONENT.test(c))) {
    throw field('An image reference is [registry/]name[:tag] with lowercase letters, digits and . _ - in each part (e.g. acme/web:1).');
  }
  if (!TAG.test(tag)) throw field('A tag uses letters, digits, _ . and - (at most 128), not starting with . or -.');
  const repository = [...(host ? [host] : []), ...path].join('/');
  return { host, path, tag, repository, ref: `${repository}:${tag}` };
}

export type ResolvedImage = {
  /** The full reference the engine runs (repository:tag). */
  ref: string;
  /** The catalogue row the instance points at: the built-in image itself, or the catalogue's "own image" row. */
  imageId: string;
  /** True for a built-in catalogue image (the instance then needs no reference of its own). */
  catalogue: boolean;
};


/** Whose namespace a parsed reference is in: the slug, or null for none a tenant could own. */
export function namespaceOf(p: ParsedRef): string | null {
  const registry = registryAddress();
  if (p.host !== null && p.host !== registry) return null;
  if (p.path.length < 2) return null;
  const ns = p.path[0]!;
  return ns === RESERVED_NAMESPACE ? null : ns;
}

/**
 * Whether the image exists where the engine will run it from: the local engine, else (a reference to the console's
 * registry) the registry's tags for its repository — the driver pulls it at create.
 */
async function imageAvailable(p: ParsedRef): Promise<{ found: true } | { found: false; otherTags: string[] }> {
  if (await findLocalImage(p.ref)) return { found: true };
  const registry = registryAddress();
  if (registry !== null && p.host === registry) {
    const tags = await registryClient().tags(p.path.join('/'));
    return tags.includes(p.tag) ? { found: true } : { found: false, otherTags: tags };
  }
  return { found: false, otherTags: await localTags(p.repository) };
}

/**
 * Checks `input` for the tenant `slug`: well formed, the catalogue's or in the tenant's namespace (another tenant's is
 * refused with image_not_allowed, saying nothing about whether it exists), and present (image_not_found otherwise,
 * naming the tags that do exist). Nothing is created before this has passed.
 */
export async function resolveImageRef(tenant: { slug: string }, input: string): Promise<ResolvedImage> {
  const p = parseImageRef(input);
  const builtIn = await db().image.findFirst({ where: { provider: providerForKind('container'), active: true, ref: p.ref }, select: { id: true } });
  if (builtIn) return { ref: p.ref, imageId: builtIn.id, catalogue: true };
  if (namespaceOf(p) !== tenant.slug) {
    const registry = registryAddress();
    const mine = registry ? `${registry}/${tenant.slug}/` : `${tenant.slug}/`;
    const message = `This image is outside your organisation’s namespace: use one of the catalogue’s images or one named ${mine}….`;
    throw new AppError('image_not_allowed', message, { image: message });
  }
  const found = await imageAvailable(p);
  if (!found.found) {
    const message = found.otherTags.length
      ? `${p.repository} has no tag “${p.tag}” (it has: ${found.otherTags.slice(0, 10).join(', ')}${found.otherTags.length > 10 ? ', …' : ''}).`
      : `No image ${p.ref}: push or build it first.`;
    throw new AppError('image_not_found', message, { image: message });
  }
  return { ref: p.ref, imageId: OWN_IMAGE_ID, catalogue: false };
}
