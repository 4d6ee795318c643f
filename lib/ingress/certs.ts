// TLS for app hosts. By default a certificate per host signed by the console's own CA (the registry's, see
// lib/registry/pki.ts): browsers and Node refuse a wildcard right under a one-label domain such as `*.localhost`, and
// one certificate naming every host would show any visitor every tenant's apps. Made once per host (an EC key, two
// openssl runs, ~30 ms) and kept; all are made again when the CA changes. With OVERCAST_INGRESS_TLS_CERT/_KEY (a real
// wildcard for *.<apps domain>) that certificate serves every host and nothing is made.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureConsoleCa } from '@/lib/registry/pki';
import { ingressFiles, type IngressSettings } from './settings';

const run = promisify(execFile);

export type CertPair = { cert: string; key: string };

function caStamp(s: IngressSettings): string {
  return createHash('sha256').update(fs.readFileSync(s.caCert)).digest('hex');
}

/** The CA exists, and the certificates kept were signed by it (else they are dropped). */
export function prepareCerts(s: IngressSettings): void {
  if (s.tlsCert) return;
  ensureConsoleCa(path.dirname(s.caCert));
  const dir = ingressFiles(s.dir).certs;
  const stampFile = path.join(dir, 'ca.sha256');
  const stamp = caStamp(s);
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(stampFile, stamp);
}

/** A certificate for `host` (a DNS name, or a label such as `default` for the catch-all), made if missing. */
export async function certFor(s: IngressSettings, host: string, sans?: string): Promise<CertPair> {
  if (s.tlsCert && s.tlsKey) return { cert: s.tlsCert, key: s.tlsKey };
  if (!/^[a-z0-9.-]{1,253}$/.test(host)) throw new Error(`ingress: not a host name: ${JSON.stringify(host)}`);
  const dir = ingressFiles(s.dir).certs;
  const pair = { cert: path.join(dir, `${host}.crt`), key: path.join(dir, `${host}.key`) };
  if (fs.existsSync(pair.cert) && fs.existsSync(pair.key)) return pair;
  // Beside the certificates, so that the renames below stay on one file system.
  const tmp = fs.mkdtempSync(path.join(dir, '.new-'));
  try {
    const ext = path.join(tmp, 'ext.cnf');
    const names = sans ?? (host.includes('.') ? `DNS:${host}` : '');
    const san = names ? `subjectAltName=${names}\n` : '';
    fs.writeFileSync(ext, `${san}basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`);
    const key = path.join(tmp, 'host.key');
    const csr = path.join(tmp, 'host.csr');
    const crt = path.join(tmp, 'host.crt');
    await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-subj', `/CN=${host}`, '-out', csr]);
    await run('openssl', ['x509', '-req', '-in', csr, '-CA', s.caCert, '-CAkey', s.caKey, '-CAcreateserial', '-CAserial', path.join(tmp, 'ca.srl'), '-days', '397', '-sha256', '-extfile', ext, '-out', crt]);
    fs.chmodSync(key, 0o600);
    // Key first, then the certificate: a certificate present means its key is too.
    fs.renameSync(key, pair.key);
    fs.renameSync(crt, pair.cert);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return pair;
}

/** The hosts a certificate was made for (under the apps domain), so that their 404s stay valid TLS. */
export function issuedHosts(s: IngressSettings): string[] {
  if (s.tlsCert) return [];
  const dir = ingressFiles(s.dir).certs;
  if (!fs.existsSync(dir)) return [];
  const suffix = `.${s.domain}`;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.crt'))
    .map((f) => f.slice(0, -4))
    .filter((h) => h.endsWith(suffix) && /^[a-z0-9.-]+$/.test(h) && fs.existsSync(path.join(dir, `${h}.key`)));
}
