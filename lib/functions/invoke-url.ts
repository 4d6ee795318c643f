// TEMPORARY stand-in with the signature fixed in issue #6 until wt-fncore's lib/functions/invoke-url.ts is merged
// (take theirs at the merge): the gateway serves /fn/<tenant-slug>/<function-name>.
export function invokeUrl(tenantSlug: string, name: string, origin: string): string {
  return `${origin.replace(/\/+$/, '')}/fn/${tenantSlug}/${name}`;
}
