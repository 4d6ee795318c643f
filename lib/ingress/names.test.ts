import { describe, expect, it } from 'vitest';
import { askersOf, assignLabels, fallbackLabel, wantedLabel, type HostClaim } from './names';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const claim = (instanceId: string, name: string, tenantSlug: string, ports: number[], s = 0): HostClaim => ({ instanceId, createdAt: at(s), name, tenantSlug, ports });

describe('app host names', () => {
  it.each([
    { reason: 'first port: name and slug', name: 'web', slug: 'acme', port: 80, index: 0, want: 'web-acme' },
    { reason: 'other ports carry the port', name: 'web', slug: 'acme', port: 9090, index: 1, want: 'web-9090-acme' },
    { reason: 'over 63 characters is no DNS label', name: 'w'.repeat(50), slug: 'acme-corporation', port: 80, index: 0, want: null },
  ])('$reason', ({ name, slug, port, index, want }) => {
    expect(wantedLabel(name, slug, port, index)).toBe(want);
  });

  it('the fallback has no hyphen, so nobody asks for it', () => {
    expect(fallbackLabel('cmabc123', 8080)).toBe('cmabc123p8080');
    expect(fallbackLabel('cmabc123', 8080)).not.toContain('-');
  });

  it('lists every name/slug pair that asks for a label', () => {
    expect(askersOf('a-b-c')).toEqual([
      { name: 'a', tenantSlug: 'b-c' },
      { name: 'a-b', tenantSlug: 'c' },
    ]);
    expect(askersOf('web-8080-acme')).toContainEqual({ name: 'web', tenantSlug: 'acme' });
  });

  it('a contested host goes to the instance created first, in any tenant; the other gets its fallback', () => {
    // Tenant "b-c" has app "a"; tenant "c" names an app "a-b" later to take "a-b-c".
    const victim = claim('cvictim', 'a', 'b-c', [80], 1);
    const squatter = claim('csquat', 'a-b', 'c', [80], 2);
    for (const order of [[victim, squatter], [squatter, victim]]) {
      const labels = assignLabels(order);
      expect(labels.get('cvictim')!.get(80)).toBe('a-b-c');
      expect(labels.get('csquat')!.get(80)).toBe('csquatp80');
    }
  });

  it('two tenants with same-named apps get hosts of their own', () => {
    const labels = assignLabels([claim('c1', 'web', 'acme', [8080]), claim('c2', 'web', 'globex', [8080])]);
    expect(labels.get('c1')!.get(8080)).toBe('web-acme');
    expect(labels.get('c2')!.get(8080)).toBe('web-globex');
  });

  it('equal creation times are ordered by id, so every process agrees', () => {
    const a = claim('ca', 'x', 'y-z', [80], 5);
    const b = claim('cb', 'x-y', 'z', [80], 5);
    expect(assignLabels([b, a]).get('ca')!.get(80)).toBe('x-y-z');
    expect(assignLabels([a, b]).get('cb')!.get(80)).toBe('cbp80');
  });
});
