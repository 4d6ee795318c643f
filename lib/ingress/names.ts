// App host names: `<instance name>-<tenant slug>` for an instance's first published port and
// `<instance name>-<port>-<tenant slug>` for the others, under the apps domain. Names and slugs may contain hyphens,
// so two instances (even of two tenants) can ask for one host: it belongs to the instance that was created first,
// whatever its state (a stopped app keeps its host, so another tenant cannot take it over while it is down), and
// the other gets `<instance id>p<port>`, which has no hyphen and so is never anyone's asked-for host. Pure.

export type HostClaim = {
  instanceId: string;
  createdAt: Date;
  name: string;
  tenantSlug: string;
  /** Container ports in the spec's order (the first is the instance's main port). */
  ports: number[];
};

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The host label an instance's port asks for, or null when it would not be a DNS label (over 63 characters). */
export function wantedLabel(name: string, tenantSlug: string, port: number, index: number): string | null {
  const label = index === 0 ? `${name}-${tenantSlug}` : `${name}-${port}-${tenantSlug}`;
  return LABEL.test(label) ? label : null;
}

/** The label an instance's port gets when the one it asks for is someone else's: no hyphen, so nobody asks for it. */
export function fallbackLabel(instanceId: string, port: number): string | null {
  const label = `${instanceId.toLowerCase()}p${port}`;
  return /^[a-z0-9]{1,63}$/.test(label) ? label : null;
}

/** Every (instance name, tenant slug) that asks for this label: whom a claim must be compared with. */
export function askersOf(label: string): { name: string; tenantSlug: string }[] {
  const out: { name: string; tenantSlug: string }[] = [];
  const parts = label.split('-');
  for (let i = 1; i < parts.length; i++) {
    out.push({ name: parts.slice(0, i).join('-'), tenantSlug: parts.slice(i).join('-') });
    // `<name>-<port>-<slug>`: the part after the name is a port number.
    if (i < parts.length - 1 && /^[0-9]{1,5}$/.test(parts[i])) out.push({ name: parts.slice(0, i).join('-'), tenantSlug: parts.slice(i + 1).join('-') });
  }
  return out.filter((p) => p.name && p.tenantSlug);
}

function earlier(a: HostClaim, b: HostClaim): boolean {
  const d = a.createdAt.getTime() - b.createdAt.getTime();
  return d < 0 || (d === 0 && a.instanceId < b.instanceId);
}

/**
 * The label of every port of every claim: the asked-for one when no earlier claim asks for it too, else the
 * fallback. Only the claims given are compared, so give every live claim that could ask for the same labels
 * (`askersOf`). Returns instance id → container port → label (absent: no label can be made).
 */
export function assignLabels(claims: HostClaim[]): Map<string, Map<number, string>> {
  const owner = new Map<string, HostClaim>();
  for (const c of claims) {
    c.ports.forEach((p, i) => {
      const want = wantedLabel(c.name, c.tenantSlug, p, i);
      if (!want) return;
      const current = owner.get(want);
      if (!current || earlier(c, current)) owner.set(want, c);
    });
  }
  const out = new Map<string, Map<number, string>>();
  for (const c of claims) {
    const labels = new Map<number, string>();
    c.ports.forEach((p, i) => {
      const want = wantedLabel(c.name, c.tenantSlug, p, i);
      const label = want && owner.get(want) === c ? want : fallbackLabel(c.instanceId, p);
      if (label) labels.set(p, label);
    });
    out.set(c.instanceId, labels);
  }
  return out;
}
