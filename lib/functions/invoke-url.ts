// The public address of a function: the gateway serves /fn/<tenant-slug>/<function-name> on the apps listener (origin.ts).

export const GATEWAY_PREFIX = '/fn/';

export function invokeUrl(tenantSlug: string, name: string, origin: string): string {
  return `${origin.replace(/\/+$/, '')}${GATEWAY_PREFIX}${encodeURIComponent(tenantSlug)}/${encodeURIComponent(name)}`;
}
