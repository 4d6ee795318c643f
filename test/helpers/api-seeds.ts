// Known-good request bodies for every /api/v1 handler that reads one, by `METHOD pattern`: the fuzz suite
// (test/integration/fuzz-routes.test.ts) changes one thing in them, and the OpenAPI test checks that the document's
// body schemas accept them as they are (test/integration/openapi.test.ts). A new route that reads a body adds one here.

export const SEED_CODE = 'export default async function (req) { return { status: 200, body: "ok" } }';
const CODE = SEED_CODE;

/** What the seeds need from the test's own data: a function version's id, an SSH public key not yet added. */
export type SeedFixture = { v1: string; sshPublicKey: string; slug: string };

/** Routes answered from the image registry's daemon, which the OpenAPI response test does not run (their answers are
 * checked against a real registry in test/integration/docker-registry.test.ts). */
export const REGISTRY_ROUTES: ReadonlySet<string> = new Set([
  'GET tenants/[slug]/images',
  'GET tenants/[slug]/images/[name]/tags/[tag]',
  'DELETE tenants/[slug]/images/[name]/tags/[tag]',
  'GET registry/token',
]);

/** Known-good bodies per `METHOD pattern`: the fuzzer changes one thing in them. `live` seeds would start engine work. */
/** `open`: maps (header or query names) where any key is valid, so an added field is not a mistake there. */
export const SEEDS: Record<string, { bodies: (f: SeedFixture) => unknown[]; live?: boolean; open?: string[] }> = {
  'POST tenants/[slug]/instances': {
    bodies: () => [
      { name: 'fz-web', imageId: 'docker-static-web', flavorId: 'docker-nano', ports: [8080], env: [{ name: 'A', value: 'b', secret: false }], command: ['httpd', '-f'], start: false, labels: { team: 'web', 'example.com/tier': '' } },
      { kind: 'vm', name: 'fz-vm2', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80], hostname: 'box', userData: '#!/bin/sh\necho hi\n', start: false },
      { kind: 'vm', name: 'fz-vm3', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', diskGib: 4, start: false },
    ],
  },
  'POST tenants/[slug]/instances/[id]/actions': { bodies: () => [{ action: 'start' }] },
  // Ids that are no instance of the organisation: each answers not_found, nothing starts.
  'POST tenants/[slug]/instances/actions': { bodies: () => [{ action: 'start', ids: ['c000000000000000000000001', 'c000000000000000000000002'] }] },
  'POST tenants/[slug]/functions/actions': { bodies: () => [{ action: 'delete', ids: ['c000000000000000000000001', 'c000000000000000000000002'] }] },
  'POST tenants/[slug]/instances/[id]/snapshots': { bodies: () => [{ name: 'snap-2' }] },
  'POST tenants/[slug]/instances/[id]/deploy': {
    bodies: () => [
      {
        image: 'overcast/node:20',
        env: [{ name: 'A', value: 'b', secret: false }],
        command: ['hello.js'],
        entrypoint: ['node'],
        workingDir: '/srv',
        user: '10001:10001',
        healthCheck: { type: 'http', port: 8080, path: '/healthz', intervalS: 5, timeoutS: 2, retries: 3, startPeriodS: 0 },
      },
    ],
    // Recreates a container on the engine (and the fixtures' instance is a VM): fuzzed, not sent as it is.
    live: true,
  },
  // Its answer depends on the versions the instance has (the one before the current by default): fuzzed only.
  'POST tenants/[slug]/instances/[id]/rollback': { bodies: () => [{ version: 1 }], live: true },
  'POST tenants/[slug]/volumes': { bodies: () => [{ name: 'fz-vol', sizeGib: 1 }] },
  'PATCH tenants/[slug]/volumes/[volumeId]': { bodies: () => [{ sizeGib: 2 }] },
  'POST tenants/[slug]/volumes/[volumeId]/attach': { bodies: () => [{ instanceId: 'c000000000000000000000001', mountPath: '/data', readOnly: true }] },
  'POST tenants/[slug]/volumes/[volumeId]/snapshots': { bodies: () => [{ name: 'vsnap-1' }] },
  'PUT tenants/[slug]/instances/[id]/labels': { bodies: () => [{ labels: { team: 'web', env: 'prod' } }] },
  'PUT tenants/[slug]/functions/[id]/labels': { bodies: () => [{ labels: { team: 'api' } }] },
  'PUT tenants/[slug]/budget': { bodies: () => [{ amount: 12.5, blockCreates: true }] },
  'POST tenants/[slug]/members': { bodies: () => [{ email: 'someone-new@example.test', role: 'member' }] },
  'PATCH tenants/[slug]/members/[id]': { bodies: () => [{ role: 'member' }] },
  'POST tenants/[slug]/builds': { bodies: () => [{ source: 'git', gitUrl: 'https://203.0.113.7/team/app.git', gitRef: 'main', dockerfile: 'Dockerfile', buildArgs: { GREETING: 'hi' }, image: 'web:v1' }] },
  'POST tenants/[slug]/functions': {
    bodies: () => [
      { name: 'fz-fn2', code: CODE, memoryMib: 128, timeoutMs: 3000, access: 'token', env: [{ name: 'K', value: 'v', secret: true }], concurrency: 10, maxScale: 2, idleSeconds: 60, labels: { team: 'api' } },
    ],
  },
  'PATCH tenants/[slug]/functions/[id]': {
    bodies: () => [{ memoryMib: 256, timeoutMs: 1000, access: 'public', env: [{ name: 'K', value: 'v', secret: false }], concurrency: 5, maxScale: 3, idleSeconds: 120 }],
  },
  'POST tenants/[slug]/functions/[id]/deploy': { bodies: () => [{ code: CODE, memoryMib: 128, timeoutMs: 3000, env: [{ name: 'K', value: 'v', secret: false }] }] },
  'POST tenants/[slug]/functions/[id]/rollback': { bodies: (f) => [{ versionId: f.v1 }] },
  // Runs the function on the Docker Engine: fuzzed (refused before any engine work), not sent as it is.
  'POST tenants/[slug]/functions/[id]/test': { bodies: () => [{ method: 'POST', path: '/x', query: { a: 'b', c: ['d', 'e'] }, headers: { 'x-a': 'b' }, body: 'hi' }], live: true, open: ['query', 'headers'] },
  'POST me/ssh-keys': { bodies: (f) => [{ name: 'laptop', publicKey: f.sshPublicKey }] },
  // The fuzz fixture's owner is the owner of `f.slug`; a viewer token for it, and one that expires.
  'POST me/tokens': {
    bodies: (f) => [
      { name: 'ci', tenant: f.slug, role: 'viewer', expiresInDays: 30 },
      { name: 'deploy', tenant: f.slug, role: 'member', expiresAt: '2031-01-01T00:00:00Z' },
    ],
  },
  'PATCH tenants/[slug]': { bodies: () => [{ name: 'Fuzz Renamed Org' }] },
  'POST signup': { bodies: () => [{ name: 'Fuzz Person', email: 'fuzz-signup@example.test', password: 'a long enough passphrase', organisation: 'Fuzz Signup Org' }] },
  // The fixtures' invitation id is not a link token: the seed reaches the lookup and answers 404.
  'POST invitations/[token]/accept': { bodies: () => [{ name: 'Fuzz Invitee', password: 'a long enough passphrase' }] },
  'POST performance/compare': {
    bodies: () => [{ vcpus: 1, memoryMib: 512, requestsPerMonth: 1_000_000, meanDurationMs: 100 }],
  },
  'POST estimates': {
    bodies: () => [
      {
        workload: {
          items: [
            { type: 'instance', label: 'web', provider: 'docker', flavor: { name: 'docker-nano', vcpus: 0.5, memoryGib: 0.25 }, diskGib: 1, count: 2, hours: 100, diskHours: 100 },
            { type: 'function', label: 'api', provider: 'functions', requests: 1000, durationMs: 100, memoryMb: 128 },
          ],
        },
        compare: true,
      },
    ],
  },
  'PATCH admin/settings': { bodies: () => [{ signupEnabled: false }] },
  'PATCH admin/tenants/[id]': { bodies: () => [{ status: 'suspended', reason: 'Fuzzed suspension reason' }, { name: 'Fuzz Renamed' }] },
  'POST admin/tenants': { bodies: () => [{ name: 'Fuzz Org', slug: 'fuzz-org', ownerEmail: 'fuzz-owner@example.test' }] },
  // Deleting starts engine work; the typed confirmation never matches the fixture tenant's slug, so nothing is deleted.
  'DELETE admin/tenants/[id]': { bodies: () => [{ confirm: 'not-the-slug', force: true }], live: true },
  'PUT admin/settings/audit': { bodies: () => [{ retentionDays: 30 }] },
  'PATCH admin/settings/quota': { bodies: () => [{ maxInstances: 10, maxVcpus: 8 }] },
  // Only limits that may not be null: a nulled functions limit would be a valid change, not a mistake.
  'PATCH admin/tenants/[id]/quota': { bodies: () => [{ maxInstances: 10, maxVcpus: 8 }] },
  'PATCH admin/users/[id]': { bodies: () => [{ disabled: true }, { isPlatformAdmin: true }] },
  // A real, unused reset link (ids['password-resets']): only the seed check at the end spends it.
  'POST password-resets/[token]': { bodies: () => [{ password: 'a fuzzed new passphrase' }] },
  // null is the default for both fields, so every change the fuzzer makes is a wrong value.
  'PUT admin/settings/apps': { bodies: () => [{ host: null, functionsBaseUrl: null }] },
  // Ports as a range only: a port number made a numeric string ('12') would still be a valid port.
  'PUT admin/settings/egress': { bodies: () => [{ exceptions: [{ cidr: '192.168.10.0/24', protocol: 'tcp', ports: ['8000-8100'], note: 'printer' }] }] },
  'POST admin/prices': {
    bodies: () => [
      { name: 'Fuzz list', description: 'x', currency: 'EUR', hoursPerMonth: 730, rates: [{ provider: 'docker', unit: 'vcpu_hour', flavor: null, unitPrice: '0.01' }] },
    ],
  },
  'PATCH admin/prices/[id]': { bodies: () => [{ description: 'd', hoursPerMonth: 720, isBilling: true }] },
  'PUT admin/prices/[id]/rates': { bodies: () => [{ provider: 'docker', unit: 'vcpu_hour', flavor: null, unitPrice: '0.03', effectiveFrom: '2030-01-01T00:00:00Z' }] },
  'DELETE admin/prices/[id]/rates': { bodies: () => [{ provider: 'docker', unit: 'vcpu_hour', flavor: null, effectiveFrom: '2030-02-01T00:00:00Z' }] },
};
