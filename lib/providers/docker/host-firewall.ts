// Keeps tenant containers away from services on the host. Docker isolates user-defined bridges from each other,
// but a host service listening on 0.0.0.0 is reachable through a bridge's gateway address. Every tenant bridge is
// named oc-…, so two INPUT rules cover them all: replies to connections the host opened are let through,
// anything a container opens towards the host is rejected. Idempotent; needs root.
import { execFileSync } from 'node:child_process';

const RULES = [
  ['-i', 'oc-+', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'],
  ['-i', 'oc-+', '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable'],
];

export function ensureHostFirewall(): string {
  try {
    // Inserted in reverse so that the ACCEPT ends up above the REJECT at the top of INPUT.
    for (const rule of [...RULES].reverse()) {
      try {
        execFileSync('iptables', ['-C', 'INPUT', ...rule], { stdio: 'ignore' });
      } catch {
        execFileSync('iptables', ['-I', 'INPUT', '1', ...rule], { stdio: 'ignore' });
      }
    }
    return 'host firewall: tenant networks cannot reach host services';
  } catch (err) {
    return `host firewall NOT set (${(err as Error).message}); tenant containers may reach host services on 0.0.0.0`;
  }
}
