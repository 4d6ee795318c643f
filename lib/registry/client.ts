// A small client of the registry's HTTP API v2, for the console itself: catalog, tags, manifests (with their config
// and layer sizes) and delete by digest. It authenticates with tokens it mints for itself (lib/registry/token.ts)
// and trusts the console's CA (or the system's store when a real certificate is configured).
import fs from 'node:fs';
import https from 'node:https';
import { isIP } from 'node:net';
import { AppError } from '@/lib/errors';
import { registryFiles, registrySettings, type RegistrySettings } from './settings';
import { mintRegistryToken } from './token';
import type { RegistryAccess } from './scope';

export const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
];

export type Descriptor = { mediaType?: string; digest: string; size: number };
export type Manifest = { digest: string; mediaType: string; config: Descriptor | null; layers: Descriptor[]; size: number };
export type ImageConfig = { created: string | null; architecture: string | null; os: string | null; history: { created_by?: string; empty_layer?: boolean }[] };

const REQUEST_TIMEOUT_MS = 15_000;

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

export class RegistryClient {
  private readonly agent: https.Agent;

  constructor(private readonly s: RegistrySettings = registrySettings()) {
    const caFile = registryFiles(s.dir).caCert;
    if (!s.tlsCert && !fs.existsSync(caFile)) throw new AppError('registry_unavailable', 'The image registry has not been set up on this console yet (it starts with the console).');
    const ca = s.tlsCert ? undefined : fs.readFileSync(caFile);
    const name = s.address.replace(/:\d+$/, '');
    // SNI carries host names only (RFC 6066); an IP address is checked against the certificate's IP entries.
    this.agent = new https.Agent({ keepAlive: true, ca, ...(isIP(name) ? {} : { servername: name }) });
  }

  private request(method: string, path: string, access: RegistryAccess[], accept?: string): Promise<Reply> {
    const { token } = mintRegistryToken('overcast-console', access);
    const host = this.s.bind === '0.0.0.0' ? '127.0.0.1' : this.s.bind;
    return new Promise((resolve, reject) => {
      const req = https.request(
        { method, host, port: this.s.port, path, agent: this.agent, timeout: REQUEST_TIMEOUT_MS, headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('the registry did not answer in time')));
      req.on('error', (err) => reject(new AppError('registry_unavailable', `The image registry is not reachable (${err.message}).`)));
      req.end();
    });
  }

  private fail(what: string, r: Reply): never {
    let detail = '';
    try {
      detail = (JSON.parse(r.body.toString('utf8')) as { errors?: { message?: string }[] }).errors?.[0]?.message ?? '';
    } catch {}
    throw new AppError('registry_unavailable', `The image registry refused to ${what} (${r.status}${detail ? `: ${detail}` : ''}).`);
  }

  /** Every repository name in the registry (paged through with `last`). */
  async catalog(): Promise<string[]> {
    const names: string[] = [];
    let last = '';
    for (;;) {
      const r = await this.request('GET', `/v2/_catalog?n=1000${last ? `&last=${encodeURIComponent(last)}` : ''}`, [{ type: 'registry', name: 'catalog', actions: ['*'] }]);
      if (r.status !== 200) this.fail('list its repositories', r);
      const page = (JSON.parse(r.body.toString('utf8')) as { repositories?: string[] }).repositories ?? [];
      names.push(...page);
      if (page.length < 1000) return names;
      last = page[page.length - 1];
    }
  }

  async tags(repo: string): Promise<string[]> {
    const r = await this.request('GET', `/v2/${repo}/tags/list`, [{ type: 'repository', name: repo, actions: ['pull'] }]);
    if (r.status === 404) return [];
    if (r.status !== 200) this.fail('list tags', r);
    return ((JSON.parse(r.body.toString('utf8')) as { tags?: string[] | null }).tags ?? []).sort();
  }

  /** A manifest by tag or digest; null when there is none. */
  async manifest(repo: string, reference: string): Promise<Manifest | null> {
    const r = await this.request('GET', `/v2/${repo}/manifests/${encodeURIComponent(reference)}`, [{ type: 'repository', name: repo, actions: ['pull'] }], MANIFEST_TYPES.join(', '));
    if (r.status === 404) return null;
    if (r.status !== 200) this.fail('read a manifest', r);
    const doc = JSON.parse(r.body.toString('utf8')) as { mediaType?: string; config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[] };
    const digest = String(r.headers['docker-content-digest'] ?? '');
    const layers = (doc.layers ?? []).map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: Number(l.size) }));
    const config = doc.config ? { mediaType: doc.config.mediaType, digest: doc.config.digest, size: Number(doc.config.size) } : null;
    const size = r.body.length + (config?.size ?? 0) + layers.reduce((a, l) => a + l.size, 0);
    return { digest, mediaType: doc.mediaType ?? String(r.headers['content-type'] ?? ''), config, layers, size };
  }

  async config(repo: string, digest: string): Promise<ImageConfig | null> {
    const r = await this.request('GET', `/v2/${repo}/blobs/${digest}`, [{ type: 'repository', name: repo, actions: ['pull'] }]);
    if (r.status === 404) return null;
    if (r.status !== 200) this.fail('read an image configuration', r);
    const c = JSON.parse(r.body.toString('utf8')) as { created?: string; architecture?: string; os?: string; history?: ImageConfig['history'] };
    return { created: c.created ?? null, architecture: c.architecture ?? null, os: c.os ?? null, history: c.history ?? [] };
  }

  /** Deletes a manifest by digest (every tag pointing at it goes with it). False when it was not there. */
  async deleteManifest(repo: string, digest: string): Promise<boolean> {
    const r = await this.request('DELETE', `/v2/${repo}/manifests/${digest}`, [{ type: 'repository', name: repo, actions: ['pull', 'delete', '*'] }]);
    if (r.status === 404) return false;
    if (r.status !== 202) this.fail('delete the image', r);
    return true;
  }
}

let shared: { key: string; client: RegistryClient } | undefined;
export function registryClient(): RegistryClient {
  const s = registrySettings();
  if (!s.enabled) throw new AppError('registry_unavailable', 'This console runs without an image registry (OVERCAST_REGISTRY=off).');
  const key = `${s.dir}|${s.port}`;
  if (shared?.key !== key) shared = { key, client: new RegistryClient(s) };
  return shared.client;
}
