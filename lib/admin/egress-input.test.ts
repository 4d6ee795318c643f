import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { formatEgressLines, parseEgressLines, parseEgressSettings } from './egress-input';

describe('egress exceptions as input', () => {
  it('reads one exception per line, with comments and blank lines, and prints them back', () => {
    const text = '# our LAN services\n10.0.5.0/24 tcp 443,8000-8100 # build cache\n\n192.168.1.10 any 5432\n172.20.0.0/16\n100.64.0.0/10 UDP\n';
    const parsed = parseEgressLines(text);
    expect(parsed).toEqual([
      { cidr: '10.0.5.0/24', protocol: 'tcp', ports: ['443', '8000-8100'], note: 'build cache' },
      { cidr: '192.168.1.10/32', protocol: 'any', ports: ['5432'], note: '' },
      { cidr: '172.20.0.0/16', protocol: 'any', ports: [], note: '' },
      { cidr: '100.64.0.0/10', protocol: 'udp', ports: [], note: '' },
    ]);
    const printed = formatEgressLines(parsed);
    expect(printed).toBe('10.0.5.0/24 tcp 443,8000-8100 # build cache\n192.168.1.10/32 any 5432\n172.20.0.0/16\n100.64.0.0/10 udp');
    expect(parseEgressLines(printed)).toEqual(parsed);
    expect(parseEgressLines('')).toEqual([]);
  });

  it.each([
    ['10.0.0.5/8', /Line 1: 10\.0\.0\.5\/8 has bits set beyond its prefix: did you mean 10\.0\.0\.0\/8\?/],
    ['10.0.0.0/8 tcp 70000', /Line 1: "70000" is not a port/],
    ['10.0.0.0/8 tcp 90-80', /is not a port/],
    ['10.0.0.0/8 tcp 80 extra', /Line 1: unexpected "extra"/],
    ['ok\n', /Line 1: "ok" is not an IPv4 CIDR/],
    ['10.0.0.0/8\nfd00::/8', /Line 2: "fd00::\/8" is not an IPv4 CIDR/],
    ['10.0.0.0/8 tcp ' + Array.from({ length: 17 }, (_, i) => 1000 + i).join(','), /At most 16 ports/],
    [Array.from({ length: 101 }, (_, i) => `10.0.${i}.0/24`).join('\n'), /At most 100 exceptions/],
  ])('refuses %j with a message that names the line', (text, message) => {
    let err: unknown;
    try {
      parseEgressLines(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    expect((err as AppError).fields.exceptions).toMatch(message);
  });

  it('takes the API’s JSON: numbers or strings as ports, defaults for protocol and note, nothing else', () => {
    expect(parseEgressSettings({ exceptions: [{ cidr: '10.0.5.0/24', ports: [443, '8000-8100'] }] })).toEqual([
      { cidr: '10.0.5.0/24', protocol: 'any', ports: ['443', '8000-8100'], note: '' },
    ]);
    for (const bad of [
      { exceptions: [{ cidr: '10.0.0.0/8', ports: [true] }] },
      { exceptions: [{ cidr: '10.0.0.0/8', ports: [1.5] }] },
      { exceptions: [{ cidr: '10.0.0.0/8\u0000' }] },
      { exceptions: [{ cidr: 10 }] },
      { exceptions: [{ cidr: '10.0.0.0/8', note: 'x'.repeat(101) }] },
      { exceptions: [], more: true },
      null,
    ]) {
      expect(() => parseEgressSettings(bad), JSON.stringify(bad)).toThrow(AppError);
    }
  });
});
