// The https URLs the instance views show: for each port of each instance, its app host on the ingress — only while
// this console's ingress runs (else the link would lead nowhere). Server-only: reads the database.
import 'server-only';
import { db } from '@/lib/db/client';
import { runningIngressPid } from './daemon';
import { hostsOf } from './routes';
import { ingressSettings, ingressUrl } from './settings';

export type HttpsUrls = (instanceId: string, port: number) => string | null;

export async function httpsUrls(tenantSlug: string, instances: { id: string; createdAt: Date; name: string; spec: unknown }[]): Promise<HttpsUrls> {
  const s = ingressSettings();
  if (!s.enabled || !instances.length || runningIngressPid(s.dir) === null) return () => null;
  const hosts = await hostsOf(db(), s, tenantSlug, instances);
  return (id, port) => {
    const host = hosts.get(id)?.get(port);
    return host ? ingressUrl(s, host) : null;
  };
}
