// Where the tenant image registry lives and how clients reach it. Read from the environment (not lib/env.ts's
// cached copy) so that scripts/serve.ts, the web server and tests agree without importing Next-only code.
//   OVERCAST_REGISTRY=off            no registry (the Images page says so)
//   OVERCAST_REGISTRY_PORT           its port on loopback (default: the console's port + 5)
//   OVERCAST_REGISTRY_BIND           the address it listens on (default 127.0.0.1)
//   OVERCAST_REGISTRY_ADDRESS        the host:port clients use in image names (default <bind>:<port>)
//   OVERCAST_REGISTRY_TOKEN_URL      the token endpoint the registry sends clients to (default: the console's URL)
//   OVERCAST_REGISTRY_TLS_CERT/_KEY  a real certificate instead of the console's own CA
//   OVERCAST_REGISTRY_DIR            its keys, configuration and storage (default <data dir>/registry)
import path from 'node:path';

export const REGISTRY_SERVICE = 'overcast-registry';
export const TOKEN_ISSUER = 'overcast-console';

export type RegistrySettings = {
  enabled: boolean;
  dir: string;
  bind: string;
  port: number;
  /** host:port, as it appears in image references (`<address>/<tenant slug>/<repository>:<tag>`). */
  address: string;
  realm: string;
  tlsCert?: string;
  tlsKey?: string;
};

export function registrySettings(e: NodeJS.ProcessEnv = process.env): RegistrySettings {
  const dataDir = path.resolve(e.OVERCAST_DATA_DIR ?? 'data');
  const consolePort = Number(e.OVERCAST_PORT ?? 3000);
  const port = Number(e.OVERCAST_REGISTRY_PORT ?? consolePort + 5);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`OVERCAST_REGISTRY_PORT must be a port number, not ${e.OVERCAST_REGISTRY_PORT}`);
  const bind = e.OVERCAST_REGISTRY_BIND ?? '127.0.0.1';
  const consoleHost = e.OVERCAST_HOST && e.OVERCAST_HOST !== '0.0.0.0' ? e.OVERCAST_HOST : '127.0.0.1';
  const publicUrl = (e.OVERCAST_PUBLIC_URL ?? `http://${consoleHost}:${consolePort}`).replace(/\/+$/, '');
  return {
    enabled: e.OVERCAST_REGISTRY !== 'off',
    dir: e.OVERCAST_REGISTRY_DIR ? path.resolve(e.OVERCAST_REGISTRY_DIR) : path.join(dataDir, 'registry'),
    bind,
    port,
    address: e.OVERCAST_REGISTRY_ADDRESS ?? `${bind === '0.0.0.0' ? '127.0.0.1' : bind}:${port}`,
    realm: e.OVERCAST_REGISTRY_TOKEN_URL ?? `${publicUrl}/api/v1/registry/token`,
    tlsCert: e.OVERCAST_REGISTRY_TLS_CERT,
    tlsKey: e.OVERCAST_REGISTRY_TLS_KEY,
  };
}

export function registryFiles(dir: string) {
  return {
    caKey: path.join(dir, 'ca.key'),
    caCert: path.join(dir, 'ca.crt'),
    serverKey: path.join(dir, 'server.key'),
    serverCert: path.join(dir, 'server.crt'),
    tokenKey: path.join(dir, 'token.key'),
    tokenCert: path.join(dir, 'token.crt'),
    config: path.join(dir, 'config.yml'),
    storage: path.join(dir, 'storage'),
    pid: path.join(dir, 'registry.pid'),
    log: path.join(dir, 'registry.log'),
    lock: path.join(dir, 'maintenance.json'),
  };
}

/** The registry's address as it starts tenants' image references (`<address>/<slug>/…`), or null without one. */
export function registryAddress(e: NodeJS.ProcessEnv = process.env): string | null {
  const s = registrySettings(e);
  return s.enabled ? s.address : null;
}
