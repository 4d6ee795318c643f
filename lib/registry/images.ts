// The Images page and API: a tenant's repositories in the registry (`<slug>/<name>`), their tags with digest, size,
// creation time and the instances that use them, each image's layers with the bytes it shares with the tenant's
// other images (what copy-on-write saves), the tenant's registry storage, and deleting a tag (refused while in use).
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { db } from '@/lib/db/client';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { AppError, notFoundError } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { registryClient, type Manifest, type ImageConfig } from './client';
import { parseRepository, REPO_COMPONENT } from './scope';
import { registryFiles, registrySettings } from './settings';
import { billingCatalogAt } from '@/lib/billing/catalogs';
import { noteRegistryBytes, registryStorageCost } from './usage';

export type LayerView = { digest: string; size: number; sharedWith: string[] };
export type ImageTagView = {
  repository: string;
  /** The repository's name inside the tenant (without the slug). */
  name: string;
  tag: string;
  ref: string;
  digest: string;
  size: number;
  created: string | null;
  architecture: string | null;
  layers: LayerView[];
  /** Bytes of this image's layers that other images of the tenant also use (stored once). */
  sharedBytes: number;
  usedBy: { id: string; name: string }[];
};
export type RepositoryView = { name: string; repository: string; tags: ImageTagView[] };
export type ImagesView = {
  registry: string;
  repositories: RepositoryView[];
  /** What the images would take stored separately, what they take with shared layers stored once, and the difference. */
  totals: { images: number; logicalBytes: number; storedBytes: number; savedBytes: number };
  /** What the stored bytes cost a month at today's list price (billed per GiB-month); null when it has none. */
  storageCost: { monthlyMinor: number; currency: string; minorUnits: number; pricePerGibMonth: string } | null;
  /** The organisation's registry quota (Quota.maxRegistryGib) in bytes; null without a quota row. */
  quotaBytes: number | null;
};

// Manifests and configs by digest never change: keep what was read (bounded).
const configs = new Map<string, ImageConfig | null>();
function remember<K, V>(m: Map<K, V>, k: K, v: V): V {
  if (m.size > 5000) m.delete(m.keys().next().value as K);
  m.set(k, v);
  return v;
}

async function configOf(repo: string, m: Manifest): Promise<ImageConfig | null> {
  if (!m.config) return null;
  if (configs.has(m.config.digest)) return configs.get(m.config.digest)!;
  return remember(configs, m.config.digest, await registryClient().config(repo, m.config.digest));
}

function imageRefs(spec: unknown, imageRef: string): string[] {
  const s = (spec ?? {}) as Record<string, unknown>;
  return [imageRef, s.imageRef, s.image].filter((v): v is string => typeof v === 'string');
}

/** The tenant's live instances that run `<registry>/<slug>/…` images, by image reference. */
async function usersByRef(tenantId: string): Promise<Map<string, { id: string; name: string }[]>> {
  const prefix = `${registrySettings().address}/`;
  const rows = await db().instance.findMany({
    where: { tenantId, deletedAt: null },
    select: { id: true, name: true, spec: true, image: { select: { ref: true } } },
  });
  const out = new Map<string, { id: string; name: string }[]>();
  for (const r of rows) {
    for (const ref of new Set(imageRefs(r.spec, r.image.ref))) {
      if (!ref.startsWith(prefix)) continue;
      const key = ref.slice(prefix.length);
      out.set(key, [...(out.get(key) ?? []), { id: r.id, name: r.name }]);
    }
  }
  return out;
}

type Loaded = { repository: string; tag: string; manifest: Manifest; config: ImageConfig | null };

async function loadTenantImages(slug: string): Promise<Loaded[]> {
  return loadRepositories((await registryClient().catalog()).filter((r) => parseRepository(r)?.slug === slug));
}

async function loadRepositories(repos: string[]): Promise<Loaded[]> {
  const client = registryClient();
  const out: Loaded[] = [];
  for (const repository of repos) {
    for (const tag of await client.tags(repository)) {
      const manifest = await client.manifest(repository, tag);
      if (manifest) out.push({ repository, tag, manifest, config: await configOf(repository, manifest) });
    }
  }
  return out;
}

function usedBy(users: Map<string, { id: string; name: string }[]>, repository: string, tag: string, digest: string) {
  const seen = new Map<string, { id: string; name: string }>();
  for (const key of [`${repository}:${tag}`, `${repository}@${digest}`, ...(tag === 'latest' ? [repository] : [])]) {
    for (const u of users.get(key) ?? []) seen.set(u.id, u);
  }
  return [...seen.values()];
}

function views(slug: string, loaded: Loaded[], users: Map<string, { id: string; name: string }[]>): ImagesView {
  const address = registrySettings().address;
  // Which images (by digest) use each blob; an image's label is its first tag.
  const labelOf = new Map<string, string>();
  for (const l of loaded) if (!labelOf.has(l.manifest.digest)) labelOf.set(l.manifest.digest, `${l.repository.slice(slug.length + 1)}:${l.tag}`);
  const blobUsers = new Map<string, Set<string>>();
  for (const l of loaded) {
    for (const b of [...l.manifest.layers, ...(l.manifest.config ? [l.manifest.config] : [])]) {
      blobUsers.set(b.digest, (blobUsers.get(b.digest) ?? new Set()).add(l.manifest.digest));
    }
  }
  const repositories = new Map<string, RepositoryView>();
  for (const l of loaded) {
    const name = l.repository.slice(slug.length + 1);
    const layers = l.manifest.layers.map((layer) => ({
      digest: layer.digest,
      size: layer.size,
      sharedWith: [...(blobUsers.get(layer.digest) ?? [])].filter((d) => d !== l.manifest.digest).map((d) => labelOf.get(d)!),
    }));
    const view: ImageTagView = {
      repository: l.repository,
      name,
      tag: l.tag,
      ref: `${address}/${l.repository}:${l.tag}`,
      digest: l.manifest.digest,
      size: l.manifest.size,
      created: l.config?.created ?? null,
      architecture: l.config?.architecture ?? null,
      layers,
      sharedBytes: layers.filter((x) => x.sharedWith.length).reduce((a, x) => a + x.size, 0),
      usedBy: usedBy(users, l.repository, l.tag, l.manifest.digest),
    };
    const repo = repositories.get(l.repository) ?? { name, repository: l.repository, tags: [] };
    repo.tags.push(view);
    repositories.set(l.repository, repo);
  }
  const distinct = new Map(loaded.map((l) => [l.manifest.digest, l.manifest]));
  const logicalBytes = [...distinct.values()].reduce((a, m) => a + m.layers.reduce((b, x) => b + x.size, 0) + (m.config?.size ?? 0), 0);
  const stored = storedBytes(loaded);
  return {
    registry: address,
    repositories: [...repositories.values()].sort((a, b) => a.name.localeCompare(b.name)),
    totals: { images: distinct.size, logicalBytes, storedBytes: stored, savedBytes: logicalBytes - stored },
    storageCost: null,
    quotaBytes: null,
  };
}

export async function listImages(ctx: TenantContext): Promise<ImagesView> {
  authorize(ctx, 'resource.read');
  const [loaded, users, catalog, quota] = await Promise.all([
    loadTenantImages(ctx.tenant.slug),
    usersByRef(ctx.tenant.id),
    // Without a billing catalog (none chosen yet) the images are listed without a price.
    billingCatalogAt().catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'invalid_state') return null;
      throw err;
    }),
    db().quota.findUnique({ where: { tenantId: ctx.tenant.id }, select: { maxRegistryGib: true } }),
  ]);
  const view = views(ctx.tenant.slug, loaded, users);
  // What was just measured is the level billed from now on.
  await noteRegistryBytes(ctx.tenant.id, view.totals.storedBytes);
  return { ...view, storageCost: catalog ? registryStorageCost(view.totals.storedBytes, catalog) : null, quotaBytes: quota ? quota.maxRegistryGib * 1024 ** 3 : null };
}

function repositoryOf(ctx: TenantContext, name: string): string {
  if (typeof name !== 'string' || name.length > 150 || !REPO_COMPONENT.test(name)) throw notFoundError('image');
  return `${ctx.tenant.slug}/${name}`;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export async function getImage(ctx: TenantContext, name: string, tag: string): Promise<ImageTagView> {
  authorize(ctx, 'resource.read');
  const repository = repositoryOf(ctx, name);
  if (typeof tag !== 'string' || !TAG.test(tag)) throw notFoundError('image');
  const all = await listImages(ctx);
  const found = all.repositories.find((r) => r.repository === repository)?.tags.find((t) => t.tag === tag);
  if (!found) throw notFoundError('image');
  return found;
}

/** Bytes the tenant's images take in the registry, shared layers counted once. */
export async function tenantRegistryBytes(slug: string): Promise<number> {
  return storedBytes(await loadTenantImages(slug));
}

/** Distinct blobs (layers and configs) of the images, each counted once: what the Images page calls stored. */
function storedBytes(loaded: Loaded[]): number {
  const sizes = new Map<string, number>();
  for (const l of loaded) for (const b of [...l.manifest.layers, ...(l.manifest.config ? [l.manifest.config] : [])]) sizes.set(b.digest, b.size);
  return [...sizes.values()].reduce((a, b) => a + b, 0);
}

/** Every organisation's stored bytes by slug, from one listing of the registry (a slug without images is absent). */
export async function registryBytesBySlug(): Promise<Map<string, number>> {
  const bySlug = new Map<string, string[]>();
  for (const r of await registryClient().catalog()) {
    const slug = parseRepository(r)?.slug;
    if (slug) bySlug.set(slug, [...(bySlug.get(slug) ?? []), r]);
  }
  const out = new Map<string, number>();
  for (const [slug, repos] of bySlug) {
    const loaded = await loadRepositories(repos);
    // A repository whose tags were all deleted lists no image: its slug stores nothing billable.
    if (loaded.length) out.set(slug, storedBytes(loaded));
  }
  return out;
}

/**
 * Deletes a tag's image (the registry deletes by digest: other tags of the same image go with it, and are named in
 * the answer). Refused while an instance uses any of those tags. Blobs are freed by the next garbage collection.
 */
export async function deleteImageTag(ctx: TenantContext, name: string, tag: string): Promise<{ deleted: string[]; digest: string }> {
  authorize(ctx, 'resource.delete');
  const image = await getImage(ctx, name, tag);
  const all = await listImages(ctx);
  const same = all.repositories.find((r) => r.repository === image.repository)!.tags.filter((t) => t.digest === image.digest);
  const users = same.flatMap((t) => t.usedBy);
  if (users.length) {
    const names = [...new Set(users.map((u) => u.name))].join(', ');
    throw new AppError('image_in_use', `This image is used by ${names}: delete or change ${users.length === 1 ? 'that instance' : 'those instances'} first.`, {}, { usedBy: users });
  }
  await registryClient().deleteManifest(image.repository, image.digest);
  const deleted = same.map((t) => t.tag);
  await recordAudit(db(), {
    tenantId: ctx.tenant.id,
    actorId: ctx.user.id,
    action: 'image.deleted',
    targetType: 'image',
    targetId: `${image.repository}@${image.digest}`,
    metadata: { repository: image.repository, tags: deleted, digest: image.digest, size: image.size },
  });
  return { deleted, digest: image.digest };
}

/**
 * Deletes every repository of an organisation that is being deleted (`<slug>/…`), so that a new organisation given
 * the same slug later finds none of its images: the repositories' directories go from the registry's filesystem
 * storage (a pull of them then answers "manifest unknown"); the blobs go at the next garbage collection. Works with
 * the registry stopped, and does nothing where it never stored anything. Returns how many repositories went.
 */
export function deleteTenantRepositories(slug: string): number {
  if (!REPO_COMPONENT.test(slug)) return 0; // no repository could be named under it
  const dir = path.join(registryFiles(registrySettings().dir).storage, 'docker', 'registry', 'v2', 'repositories', slug);
  if (!fs.existsSync(dir)) return 0;
  const count = fs.readdirSync(dir).length;
  fs.rmSync(dir, { recursive: true, force: true });
  return count;
}
