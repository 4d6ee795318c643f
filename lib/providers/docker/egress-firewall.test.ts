import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCKED_RANGES, hostResolvers, hostSubnets, renderEgressChain } from './egress-firewall';

const iface = (cidr: string, internal = false) => ({ address: cidr.split('/')[0]!, netmask: '', family: 'IPv4' as const, mac: '', internal, cidr });

describe('egress policy rules', () => {
  it('blocks the host’s own networks that the fixed ranges miss, but not our bridges, loopback or IPv6', () => {
    expect(
      hostSubnets({
        lo: [iface('127.0.0.1/8', true)],
        eth0: [iface('203.0.113.9/28'), { ...iface('2001:db8::1/64'), family: 'IPv6', scopeid: 0 }],
        eth1: [iface('192.168.1.20/24')], // inside 192.168.0.0/16 already
        wg0: [iface('198.51.100.7/24')],
        'oc-0123456789ab': [iface('10.128.4.1/24')],
        'oc-f0123456789a': [iface('203.0.113.129/25')],
      }),
    ).toEqual([
      { cidr: '203.0.113.0/28', why: 'the host’s network on eth0' },
      { cidr: '198.51.100.0/24', why: 'the host’s network on wg0' },
    ]);
  });

  it('reads the host’s resolvers, leaving out loopback ones (Docker dials those from the host) and IPv6', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resolv-'));
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    fs.writeFileSync(a, '# generated\nnameserver 127.0.0.53\nnameserver 10.255.255.53\nnameserver fd00::53\nsearch lan\n');
    fs.writeFileSync(b, 'nameserver 192.168.1.1\nnameserver 10.255.255.53\n');
    expect(hostResolvers([a, b, path.join(dir, 'missing')])).toEqual(['10.255.255.53', '192.168.1.1']);
    fs.rmSync(dir, { recursive: true });
  });

  it('renders one chain: replies and own bridges first, then exceptions, resolvers, and the blocked ranges last', () => {
    const text = renderEgressChain({
      allow: [
        { cidr: '10.0.5.0/24', protocol: 'tcp', ports: ['443', '8000-8100'] },
        { cidr: '192.168.1.10/32', protocol: 'any', ports: ['5432'] },
        { cidr: '172.20.0.0/16', protocol: 'any', ports: [] },
        { cidr: '100.64.0.0/10', protocol: 'udp', ports: [] },
      ],
      blocked: [...BLOCKED_RANGES, { cidr: '203.0.113.0/28', why: 'LAN' }],
      resolvers: ['10.255.255.53'],
    });
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '*filter',
      ':OVERCAST-EGRESS - [0:0]',
      '-A OVERCAST-EGRESS -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
      '-A OVERCAST-EGRESS -o oc-+ -j RETURN',
    ]);
    expect(lines.slice(4, 13)).toEqual([
      '-A OVERCAST-EGRESS -d 10.0.5.0/24 -p tcp --dport 443 -j RETURN',
      '-A OVERCAST-EGRESS -d 10.0.5.0/24 -p tcp --dport 8000:8100 -j RETURN',
      '-A OVERCAST-EGRESS -d 192.168.1.10/32 -p tcp --dport 5432 -j RETURN',
      '-A OVERCAST-EGRESS -d 192.168.1.10/32 -p udp --dport 5432 -j RETURN',
      '-A OVERCAST-EGRESS -d 172.20.0.0/16 -j RETURN',
      '-A OVERCAST-EGRESS -d 100.64.0.0/10 -p udp -j RETURN',
      '-A OVERCAST-EGRESS -d 10.255.255.53/32 -p udp --dport 53 -j RETURN',
      '-A OVERCAST-EGRESS -d 10.255.255.53/32 -p tcp --dport 53 -j RETURN',
      '-A OVERCAST-EGRESS -d 0.0.0.0/8 -j REJECT --reject-with icmp-admin-prohibited',
    ]);
    for (const cidr of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '224.0.0.0/4', '203.0.113.0/28']) {
      expect(lines).toContain(`-A OVERCAST-EGRESS -d ${cidr} -j REJECT --reject-with icmp-admin-prohibited`);
    }
    expect(lines.slice(-2)).toEqual(['COMMIT', '']);
    // Nothing but this chain: --noflush leaves every other chain as it is.
    expect(lines.filter((l) => l.startsWith('-') || l.startsWith(':')).every((l) => /^(-A |:)OVERCAST-EGRESS /.test(l))).toBe(true);
  });
});
