// Where people reach tenant content: the host name shown in links to containers' and VMs' published ports (and in
// the ssh line), and the base URL of function invoke URLs. Tenant content must be another *site* than the console,
// or a tenant's page is same-site to it and its requests carry the console's cookies (issue 12, finding 1). The
// defaults follow OVERCAST_APPS_HOST/OVERCAST_APPS_PORT (a second loopback address); a platform admin sets public
// names once a DNS name (ideally its own registrable domain) or a proxy points at that address.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { appsPort, env } from '@/lib/env';
import { AppError, parseInput } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import type { SessionUser } from '@/lib/auth/context';

const KEY = 'apps.address';

const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const ZAppsAddress = z.object({
  host: z.preprocess(
    blankToNull,
    z.string().trim().toLowerCase().regex(HOST, 'A host name or IPv4 address, without scheme or port (e.g. apps.example.net).').nullable(),
  ),
  functionsBaseUrl: z.preprocess(
    blankToNull,
    z
      .url({ protocol: /^https?$/, error: 'An http:// or https:// URL (e.g. https://fn.example.net).' })
      .refine((u) => {
        // Zod runs refinements after a failed format check too: an unparsable URL was already reported above.
        if (!URL.canParse(u)) return true;
        const url = new URL(u);
        return (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash && !url.username && !url.password;
      }, 'Only scheme, host and port: function addresses add /fn/<organisation>/<function>.')
      .transform((u) => new URL(u).origin)
      .nullable(),
  ),
});
export type TAppsAddress = z.infer<typeof ZAppsAddress>;

export type AppsAddress = {
  /** What links show, defaults applied. */
  host: string;
  functionsBaseUrl: string;
  /** What an admin set (null: the default). */
  configured: TAppsAddress;
  defaults: { host: string; functionsBaseUrl: string };
};

function resolve(configured: TAppsAddress): AppsAddress {
  const defaultHost = env().OVERCAST_APPS_HOST;
  const host = configured.host ?? defaultHost;
  const defaults = { host: defaultHost, functionsBaseUrl: `http://${host}:${appsPort()}` };
  return { host, functionsBaseUrl: configured.functionsBaseUrl ?? defaults.functionsBaseUrl, configured, defaults };
}

export async function appsAddress(): Promise<AppsAddress> {
  const row = await db().setting.findUnique({ where: { key: KEY } });
  const parsed = ZAppsAddress.safeParse(row?.value ?? {});
  return resolve(parsed.success ? parsed.data : { host: null, functionsBaseUrl: null });
}

/**
 * Sets the public apps address (null fields go back to the default). `consoleHost` is the host name the console is
 * reached at: tenant content under that very name would be the console's site again, so it is refused.
 */
export async function setAppsAddress(admin: SessionUser, input: unknown, consoleHost: string | null): Promise<AppsAddress> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new AppError('validation_failed', 'Send an object {host, functionsBaseUrl}.');
  const next = parseInput(ZAppsAddress.strict(), { host: null, functionsBaseUrl: null, ...input });
  const consoleName = consoleHost?.toLowerCase();
  if (consoleName) {
    const fields: Record<string, string> = {};
    if (next.host === consoleName) fields.host = 'Must not be the console’s own host name: tenant apps would share its site and cookies.';
    if (next.functionsBaseUrl && new URL(next.functionsBaseUrl).hostname === consoleName) {
      fields.functionsBaseUrl = 'Must not be on the console’s own host name: functions would share its site and cookies.';
    }
    if (Object.keys(fields).length) throw new AppError('validation_failed', 'Tenant content must be served from another site than the console.', fields);
  }
  await db().$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value: next }, update: { value: next } });
    await recordAudit(tx, { tenantId: null, actorId: admin.id, action: 'platform.apps_address_changed', targetType: 'setting', targetId: KEY, metadata: next });
  });
  return resolve(next);
}

/** The host name the console is reached at (OVERCAST_PUBLIC_URL, else the request's forwarded or own Host). */
export function consoleHostName(headers: Headers): string | null {
  const publicUrl = env().OVERCAST_PUBLIC_URL;
  if (publicUrl) return new URL(publicUrl).hostname;
  const host = (headers.get('x-forwarded-host') ?? headers.get('host'))?.split(',')[0]?.trim();
  if (!host) return null;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

/** The public URL of an endpoint published on the apps address (container port, VM forward). */
export function endpointUrl(apps: Pick<AppsAddress, 'host'>, hostPort: number): string {
  return `http://${apps.host}:${hostPort}/`;
}
