import { describe, expect, it } from 'vitest';
import { currentOf, orgSlugOfPath } from './current';

describe('orgSlugOfPath', () => {
  it.each([
    { path: '/t/acme/dashboard', want: 'acme', reason: 'an organisation page' },
    { path: '/t/acme', want: 'acme', reason: 'the organisation root' },
    { path: '/t/Bad_Slug/x', want: null, reason: 'not a slug: not remembered' },
    { path: '/account/ssh-keys', want: null, reason: 'outside any organisation' },
  ])('$path → $want ($reason)', ({ path, want }) => expect(orgSlugOfPath(path)).toBe(want));
});

describe('currentOf', () => {
  const tenants = [{ slug: 'alpha' }, { slug: 'zulu' }];
  it('keeps the organisation the person came from', () => expect(currentOf(tenants, 'zulu')?.slug).toBe('zulu'));
  it('falls back to the first when they left it or never opened one', () => {
    expect(currentOf(tenants, 'gone')?.slug).toBe('alpha');
    expect(currentOf(tenants, undefined)?.slug).toBe('alpha');
    expect(currentOf([], 'zulu')).toBeUndefined();
  });
});
