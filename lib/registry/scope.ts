// Docker's token protocol, the decision part (pure): which of the requested scopes a principal gets. A tenant's
// repositories are `<tenant slug>/<name>`; a token of that tenant gets pull (viewer) or pull+push (member and above)
// there and nothing anywhere else. Suspended tenants and platform-admin tokens (no tenant) get nothing.
import type { Role } from '@/lib/generated/prisma/enums';

export type RegistryAccess = { type: 'repository' | 'registry'; name: string; actions: string[] };

/** One path component of a repository name, as the distribution spec allows it (lower case). */
export const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** Repository names under a tenant: `<slug>/<name>`, one component each, at most 200 characters. */
export function parseRepository(name: string): { slug: string; path: string } | null {
  if (name.length > 200) return null;
  const parts = name.split('/');
  if (parts.length !== 2 || !parts.every((p) => REPO_COMPONENT.test(p))) return null;
  return { slug: parts[0], path: parts[1] };
}

/** `repository:name:pull,push` (several may come, each its own `scope` parameter; names never contain ':'). */
export function parseScope(scope: string): RegistryAccess | null {
  const m = /^(repository|registry)(?:\([a-z0-9]+\))?:([^:]+):([a-z*,]*)$/.exec(scope);
  if (!m) return null;
  return { type: m[1] as RegistryAccess['type'], name: m[2], actions: m[3].split(',').filter(Boolean) };
}

export type RegistryPrincipal = { tenantSlug: string; role: Role; suspended: boolean } | null;

export function grantedAccess(principal: RegistryPrincipal, requested: RegistryAccess[]): RegistryAccess[] {
  if (!principal || principal.suspended) return [];
  const out: RegistryAccess[] = [];
  for (const r of requested) {
    if (r.type !== 'repository') continue;
    const repo = parseRepository(r.name);
    if (!repo || repo.slug !== principal.tenantSlug) continue;
    const may = new Set(principal.role === 'viewer' ? ['pull'] : ['pull', 'push']);
    const actions = [...new Set(r.actions.filter((a) => may.has(a)))];
    if (actions.length) out.push({ type: 'repository', name: r.name, actions });
  }
  return out;
}
