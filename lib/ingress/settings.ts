// Where the ingress (a private nginx in front of tenants' published ports) listens and which names it serves. Read
// from the environment (like lib/registry/settings.ts) so that scripts/serve.ts, the web server's reconciler and tests
// agree without importing Next-only code.
//   OVERCAST_INGRESS=off             no ingress (no https URLs; published ports stay on the apps address)
//   OVERCAST_APPS_DOMAIN             the domain apps are named under (default `localhost`: `*.localhost` resolves to
//                                    loopback in browsers without any DNS; curl needs --resolve)
//   OVERCAST_INGRESS_PORT            its HTTPS port (default 8443; 443 needs root or CAP_NET_BIND_SERVICE)
//   OVERCAST_INGRESS_BIND            the address it listens on (default 127.0.0.1; 0.0.0.0 to serve other machines)
//   OVERCAST_INGRESS_PUBLIC_PORT     the port in the URLs shown (default: OVERCAST_INGRESS_PORT; 443 is left out)
//   OVERCAST_INGRESS_TLS_CERT/_KEY   a real wildcard certificate for *.<apps domain> instead of the console's CA
//   OVERCAST_INGRESS_DIR             its configuration, certificates, pid, logs and temp files (<data dir>/ingress)
//   OVERCAST_INGRESS_BINARY          the nginx binary (default /usr/sbin/nginx)
import path from 'node:path';
import { registrySettings } from '@/lib/registry/settings';

export type IngressSettings = {
  enabled: boolean;
  dir: string;
  bind: string;
  port: number;
  publicPort: number;
  domain: string;
  /** The upstream address: where Docker publishes and QEMU forwards tenants' ports (OVERCAST_APPS_HOST). */
  upstreamHost: string;
  /** Ports on the upstream address that are never a tenant's (the functions gateway). */
  reservedPorts: number[];
  /** The console's own CA (shared with the registry): signs a certificate per app host. */
  caCert: string;
  caKey: string;
  tlsCert?: string;
  tlsKey?: string;
  binary: string;
};

const DOMAIN = /^(?=.{1,200}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function port(name: string, value: string | undefined, fallback: number): number {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number, not ${value}`);
  return n;
}

export function ingressSettings(e: NodeJS.ProcessEnv = process.env): IngressSettings {
  const dataDir = path.resolve(e.OVERCAST_DATA_DIR ?? 'data');
  const domain = (e.OVERCAST_APPS_DOMAIN ?? 'localhost').trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  if (!DOMAIN.test(domain)) throw new Error(`OVERCAST_APPS_DOMAIN must be a domain name (e.g. apps.example.net), not ${e.OVERCAST_APPS_DOMAIN}`);
  const listen = port('OVERCAST_INGRESS_PORT', e.OVERCAST_INGRESS_PORT, 8443);
  const consolePort = Number(e.OVERCAST_PORT ?? 3000);
  const registry = registrySettings(e);
  if ((e.OVERCAST_INGRESS_TLS_CERT === undefined) !== (e.OVERCAST_INGRESS_TLS_KEY === undefined)) {
    throw new Error('OVERCAST_INGRESS_TLS_CERT and OVERCAST_INGRESS_TLS_KEY go together');
  }
  return {
    enabled: e.OVERCAST_INGRESS !== 'off',
    dir: e.OVERCAST_INGRESS_DIR ? path.resolve(e.OVERCAST_INGRESS_DIR) : path.join(dataDir, 'ingress'),
    bind: e.OVERCAST_INGRESS_BIND ?? '127.0.0.1',
    port: listen,
    publicPort: port('OVERCAST_INGRESS_PUBLIC_PORT', e.OVERCAST_INGRESS_PUBLIC_PORT, listen),
    domain,
    upstreamHost: e.OVERCAST_APPS_HOST ?? '127.0.0.2',
    reservedPorts: [Number(e.OVERCAST_APPS_PORT ?? consolePort + 1), consolePort],
    caCert: path.join(registry.dir, 'ca.crt'),
    caKey: path.join(registry.dir, 'ca.key'),
    tlsCert: e.OVERCAST_INGRESS_TLS_CERT,
    tlsKey: e.OVERCAST_INGRESS_TLS_KEY,
    binary: e.OVERCAST_INGRESS_BINARY ?? '/usr/sbin/nginx',
  };
}

export function ingressFiles(dir: string) {
  return {
    config: path.join(dir, 'nginx.conf'),
    sites: path.join(dir, 'sites.conf'),
    certs: path.join(dir, 'certs'),
    temp: path.join(dir, 'temp'),
    pid: path.join(dir, 'nginx.pid'),
    owner: path.join(dir, 'console-id'),
    errorLog: path.join(dir, 'error.log'),
    accessLog: path.join(dir, 'access.log'),
  };
}

/** The https URL of an app host (the port is left out when it is 443). */
export function ingressUrl(s: Pick<IngressSettings, 'publicPort'>, host: string): string {
  return `https://${host}${s.publicPort === 443 ? '' : `:${s.publicPort}`}/`;
}
