// Address ranges of tenant networks, chosen by the console rather than by Docker: the engine's default pools hold
// about 31 networks, far fewer than a console has tenants. Each tenant gets a /24 out of OVERCAST_TENANT_SUBNETS
// (10.128.0.0/12 by default: 4096 tenants), the first one free from a start derived from the tenant's id.
import { createHash } from 'node:crypto';

export type Cidr = { base: number; bits: number };

export function parseCidr(text: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) throw new Error(`not an IPv4 CIDR: ${text}`);
  const bits = Number(m[5]);
  const ip = m.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - bits);
  return { base: ip - (ip % size), bits };
}

export function formatCidr(c: Cidr): string {
  const o = [24, 16, 8, 0].map((s) => Math.floor(c.base / 2 ** s) % 256);
  return `${o.join('.')}/${c.bits}`;
}

const sizeOf = (c: Cidr) => 2 ** (32 - c.bits);
export const overlaps = (a: Cidr, b: Cidr) => a.base < b.base + sizeOf(b) && b.base < a.base + sizeOf(a);

export function tenantRange(): Cidr {
  return parseCidr(process.env.OVERCAST_TENANT_SUBNETS ?? '10.128.0.0/12');
}

/** Candidate /24s for a tenant, in the order to try them: from a point derived from its id, wrapping around. */
export function* candidateSubnets(tenantId: string, range: Cidr = tenantRange()): Generator<string> {
  const count = Math.max(1, sizeOf(range) / 256);
  const start = createHash('sha256').update(tenantId).digest().readUInt32BE(0) % count;
  for (let i = 0; i < count; i++) yield formatCidr({ base: range.base + ((start + i) % count) * 256, bits: 24 });
}

/** The first candidate that overlaps none of the subnets in use, or null when the range is full. */
export function freeSubnet(tenantId: string, inUse: string[], skip: ReadonlySet<string> = new Set()): string | null {
  const used = inUse.flatMap((s) => {
    try {
      return [parseCidr(s)];
    } catch {
      return []; // IPv6 or malformed: cannot overlap an IPv4 /24
    }
  });
  for (const c of candidateSubnets(tenantId)) {
    if (skip.has(c)) continue;
    const cidr = parseCidr(c);
    if (!used.some((u) => overlaps(u, cidr))) return c;
  }
  return null;
}
