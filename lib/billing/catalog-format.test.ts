// ZCatalogPatch (PATCH /api/v1/admin/prices/{id}): the catalog's own rules, without their defaults — a field left
// out must stay as it is, not be reset to the default description or hours.
import { describe, expect, it } from 'vitest';
import { ZCatalogMeta, ZCatalogPatch } from './catalog-format';

describe('ZCatalogPatch', () => {
  it('leaves out what is not sent (no defaults applied)', () => {
    expect(ZCatalogPatch.parse({})).toEqual({});
    expect(ZCatalogPatch.parse({ isBilling: true })).toEqual({ isBilling: true });
    expect(ZCatalogPatch.parse({ description: '  Spot prices ' })).toEqual({ description: 'Spot prices' });
  });

  it('refuses what the catalog itself refuses, with the same messages, and unknown fields', () => {
    const meta = ZCatalogMeta.safeParse({ name: 'x', currency: 'EUR', hoursPerMonth: 800 });
    const patch = ZCatalogPatch.safeParse({ hoursPerMonth: 800 });
    expect(patch.success).toBe(false);
    expect(patch.error!.issues[0]!.message).toBe(meta.error!.issues[0]!.message);
    expect(ZCatalogPatch.safeParse({ description: 'x'.repeat(501) }).success).toBe(false);
    expect(ZCatalogPatch.safeParse({ isBilling: false }).success).toBe(false);
    expect(ZCatalogPatch.safeParse({ currency: 'USD' }).success).toBe(false);
  });
});
