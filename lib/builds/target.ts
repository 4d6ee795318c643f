// Where a build's result goes: `<registry>/<tenant slug>/<repository>:<tag>` in the console's registry (lib/registry),
// else — a console run with OVERCAST_REGISTRY=off — only a tag in the local engine under the pseudo-host
// `builds.local` (a name with a dot is a registry host to Docker, so a tenant's result can never take the name of a
// built-in image such as overcast/node:20). The push's auth is a token for that one repository (lib/builds/push.ts).
import { registryAddress } from '@/lib/registry/settings';

export const LOCAL_HOST = 'builds.local';

export type BuildTarget = {
  /** host:port of the registry, or null: tag only. */
  registry: string | null;
};

export function resolveTarget(): BuildTarget {
  return { registry: registryAddress() };
}

/** The full reference of a tenant's repository:tag at the target. */
export function imageRef(target: BuildTarget, slug: string, repository: string, tag: string): string {
  return `${target.registry ?? LOCAL_HOST}/${slug}/${repository}:${tag}`;
}

/** Whether an image reference in a tenant's Dockerfile names one of that tenant's own repositories. */
export function isOwnRef(ref: string, slug: string, target: BuildTarget = resolveTarget()): boolean {
  const r = ref.toLowerCase();
  const hosts = [LOCAL_HOST, ...(target.registry ? [target.registry.toLowerCase()] : [])];
  return hosts.some((h) => r.startsWith(`${h}/${slug}/`) && !r.slice(h.length + slug.length + 2).includes('..'));
}
