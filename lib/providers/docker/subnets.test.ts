import { afterEach, describe, expect, it } from 'vitest';
import { candidateSubnets, formatCidr, freeSubnet, overlaps, parseCidr } from './subnets';

afterEach(() => {
  delete process.env.OVERCAST_TENANT_SUBNETS;
});

describe('tenant subnets', () => {
  it('parses and prints CIDRs, aligning the base', () => {
    expect(formatCidr(parseCidr('10.128.3.7/24'))).toBe('10.128.3.0/24');
    expect(() => parseCidr('10.300.0.0/24')).toThrow();
    expect(() => parseCidr('fd00::/64')).toThrow();
  });

  it('detects overlaps both ways', () => {
    expect(overlaps(parseCidr('172.17.0.0/16'), parseCidr('172.17.5.0/24'))).toBe(true);
    expect(overlaps(parseCidr('10.128.1.0/24'), parseCidr('10.128.2.0/24'))).toBe(false);
  });

  it('offers every /24 of the range once, from a start that depends on the tenant', () => {
    process.env.OVERCAST_TENANT_SUBNETS = '10.50.0.0/22';
    const a = [...candidateSubnets('tenant-a')];
    expect(new Set(a)).toEqual(new Set(['10.50.0.0/24', '10.50.1.0/24', '10.50.2.0/24', '10.50.3.0/24']));
    expect([...candidateSubnets('tenant-a')]).toEqual(a);
  });

  it('skips subnets in use, overlapping ranges and ones refused before; null when full', () => {
    process.env.OVERCAST_TENANT_SUBNETS = '10.50.0.0/23';
    const [first, second] = [...candidateSubnets('t')];
    expect(freeSubnet('t', [])).toBe(first);
    expect(freeSubnet('t', [first, 'fd00::/64'])).toBe(second);
    expect(freeSubnet('t', [], new Set([first]))).toBe(second);
    expect(freeSubnet('t', ['10.50.0.0/16'])).toBeNull();
  });
});
