// The registry's keys and certificates, made once under <data>/registry with openssl: a CA of the console's own, the
// registry's TLS certificate signed by it (for its address), and the token signer's self-signed certificate (the
// registry trusts tokens whose x5c chain ends in it). Private keys are 0600.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registryFiles } from './settings';

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function hostOf(address: string): string {
  const i = address.lastIndexOf(':');
  return (i > 0 ? address.slice(0, i) : address).replace(/^\[|\]$/g, '');
}

/**
 * The console's own CA (made once; also signs the ingress's certificates, lib/ingress/certs.ts). True when it was
 * made now, so that certificates signed by an earlier one are made again.
 */
export function ensureConsoleCa(dir: string): boolean {
  const f = registryFiles(dir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (fs.existsSync(f.caCert) && fs.existsSync(f.caKey)) return false;
  openssl(['genrsa', '-out', f.caKey, '3072']);
  openssl(['req', '-x509', '-new', '-key', f.caKey, '-sha256', '-days', '3650', '-subj', '/CN=Overcast registry CA', '-out', f.caCert,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  fs.chmodSync(f.caKey, 0o600);
  return true;
}

/** Makes whatever is missing; a server certificate that does not name `address` is made again. */
export function ensureRegistryPki(dir: string, address: string): void {
  const f = registryFiles(dir);
  if (ensureConsoleCa(dir)) fs.rmSync(f.serverCert, { force: true });
  const host = hostOf(address);
  const san = /^[0-9.]+$/.test(host) || host.includes(':') ? `IP:${host}` : `DNS:${host}`;
  const sans = [san, 'DNS:localhost', 'IP:127.0.0.1'].filter((v, i, a) => a.indexOf(v) === i).join(',');
  const current = fs.existsSync(f.serverCert) ? execFileSync('openssl', ['x509', '-in', f.serverCert, '-noout', '-ext', 'subjectAltName'], { encoding: 'utf8' }) : '';
  const wanted = san.replace(/^IP:/, 'IP Address:');
  if (!current.includes(wanted)) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-pki-'));
    try {
      const ext = path.join(tmp, 'ext.cnf');
      fs.writeFileSync(ext, `subjectAltName=${sans}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
      const csr = path.join(tmp, 'server.csr');
      if (!fs.existsSync(f.serverKey)) openssl(['genrsa', '-out', f.serverKey, '2048']);
      openssl(['req', '-new', '-key', f.serverKey, '-subj', `/CN=${host}`, '-out', csr]);
      openssl(['x509', '-req', '-in', csr, '-CA', f.caCert, '-CAkey', f.caKey, '-CAcreateserial', '-days', '825', '-sha256', '-extfile', ext, '-out', f.serverCert]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (!fs.existsSync(f.tokenCert) || !fs.existsSync(f.tokenKey)) {
    openssl(['genrsa', '-out', f.tokenKey, '2048']);
    openssl(['req', '-x509', '-new', '-key', f.tokenKey, '-sha256', '-days', '3650', '-subj', '/CN=Overcast registry token issuer', '-out', f.tokenCert]);
  }
  for (const key of [f.caKey, f.serverKey, f.tokenKey]) fs.chmodSync(key, 0o600);
}
