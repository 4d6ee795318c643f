// What the instance page's Deploy form offers: the organisation's own recent successful builds (newest first, one
// entry per image reference), never a failed one and never another organisation's; no registry → no tags.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { deployChoices } from '@/lib/instances/deploy-choices';
import { contextFor, tenantWith } from '../fixtures';

async function build(tenantId: string, number: number, status: 'succeeded' | 'failed', imageRef: string, finishedAt: Date) {
  const [repository, tag] = imageRef.split('/').pop()!.split(':');
  await db().build.create({ data: { tenantId, number, source: 'git', gitUrl: 'https://example.com/x.git', repository: repository!, tag: tag!, status, imageRef, finishedAt } });
}

describe('deploy choices', () => {
  it('lists the organisation’s recent successful builds, newest first, once per image, and nobody else’s', async () => {
    const prev = process.env.OVERCAST_REGISTRY;
    process.env.OVERCAST_REGISTRY = 'off';
    try {
      const a = await tenantWith({ owner: 'owner' });
      const b = await tenantWith({ owner: 'owner' });
      const t = (m: number) => new Date(Date.UTC(2026, 11, 6, 10, m));
      await build(a.tenant.id, 1, 'succeeded', `builds.local/${a.tenant.slug}/web:v1`, t(1));
      await build(a.tenant.id, 2, 'failed', `builds.local/${a.tenant.slug}/web:v2`, t(2));
      await build(a.tenant.id, 3, 'succeeded', `builds.local/${a.tenant.slug}/web:v3`, t(3));
      await build(a.tenant.id, 4, 'succeeded', `builds.local/${a.tenant.slug}/web:v1`, t(4));
      await build(b.tenant.id, 1, 'succeeded', `builds.local/${b.tenant.slug}/secret:v1`, t(5));
      const choices = await deployChoices(await contextFor(a.people.owner.userId, a.tenant.id));
      expect(choices.tags).toEqual([]);
      expect(choices.builds.map((c) => c.ref)).toEqual([`builds.local/${a.tenant.slug}/web:v1`, `builds.local/${a.tenant.slug}/web:v3`]);
      expect(choices.builds[0]!.label).toMatch(/^web:v1 — build #4, 2026-12-06 10:04 UTC$/);
    } finally {
      if (prev === undefined) delete process.env.OVERCAST_REGISTRY;
      else process.env.OVERCAST_REGISTRY = prev;
    }
  });
});
