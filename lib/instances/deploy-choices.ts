// What the instance page's Deploy form offers to pick: the organisation's recent successful builds (newest first)
// and the tags in its registry namespace. Best effort: a registry that does not answer in time leaves the tags out
// (the field still takes any reference by hand).
import 'server-only';
import type { TenantContext } from '@/lib/auth/context';
import { listBuilds } from '@/lib/builds/service';
import { listImages } from '@/lib/registry/images';
import { registryAddress } from '@/lib/registry/settings';

/** Images the deploy form offers: the organisation's recent successful builds and the tags in its registry. */
export type DeployChoices = { builds: { ref: string; label: string }[]; tags: string[] };

const REGISTRY_WAIT_MS = 2_000;
const MAX_BUILDS = 10;
const MAX_TAGS = 100;

export async function deployChoices(ctx: TenantContext): Promise<DeployChoices> {
  const tagsPromise = registryAddress()
    ? Promise.race([
        listImages(ctx).then((v) => v.repositories.flatMap((r) => r.tags.map((t) => t.ref))),
        new Promise<string[]>((resolve) => setTimeout(() => resolve([]), REGISTRY_WAIT_MS).unref()),
      ]).catch(() => [] as string[])
    : Promise.resolve([] as string[]);
  const [{ builds }, tags] = await Promise.all([listBuilds(ctx, { status: 'succeeded', limit: 30 }), tagsPromise]);
  const seen = new Set<string>();
  const recent: DeployChoices['builds'] = [];
  for (const b of builds) {
    if (!b.imageRef || seen.has(b.imageRef)) continue;
    seen.add(b.imageRef);
    recent.push({ ref: b.imageRef, label: `${b.image} — build #${b.number}, ${(b.finishedAt ?? b.createdAt).slice(0, 16).replace('T', ' ')} UTC` });
    if (recent.length >= MAX_BUILDS) break;
  }
  return { builds: recent, tags: tags.filter((t) => !seen.has(t)).sort().slice(0, MAX_TAGS) };
}
