import { describe, expect, it } from 'vitest';
import { grantedAccess, parseRepository, parseScope } from './scope';

describe('registry scopes', () => {
  it('parses repository scopes and refuses malformed ones', () => {
    expect(parseScope('repository:acme/web:pull,push')).toEqual({ type: 'repository', name: 'acme/web', actions: ['pull', 'push'] });
    expect(parseScope('registry:catalog:*')).toEqual({ type: 'registry', name: 'catalog', actions: ['*'] });
    expect(parseScope('repository:acme/web')).toBeNull();
    expect(parseScope('repository:a:b:pull')).toBeNull();
  });

  it('knows tenant repositories: <slug>/<name>, lower case, one level', () => {
    expect(parseRepository('acme/web')).toEqual({ slug: 'acme', path: 'web' });
    expect(parseRepository('acme/team/web')).toBeNull();
    expect(parseRepository('web')).toBeNull();
    expect(parseRepository('Acme/web')).toBeNull();
    expect(parseRepository('acme/../web')).toBeNull();
  });

  it("grants a tenant's own repositories only, pull for viewers, nothing when suspended or anonymous", () => {
    const asked = [parseScope('repository:acme/web:pull,push')!, parseScope('repository:other/web:pull,push')!, parseScope('registry:catalog:*')!];
    expect(grantedAccess({ tenantSlug: 'acme', role: 'member', suspended: false }, asked)).toEqual([{ type: 'repository', name: 'acme/web', actions: ['pull', 'push'] }]);
    expect(grantedAccess({ tenantSlug: 'acme', role: 'viewer', suspended: false }, asked)).toEqual([{ type: 'repository', name: 'acme/web', actions: ['pull'] }]);
    expect(grantedAccess({ tenantSlug: 'acme', role: 'owner', suspended: true }, asked)).toEqual([]);
    expect(grantedAccess(null, asked)).toEqual([]);
    // A delete (or any other action) is never handed to clients: deletes go through the console.
    expect(grantedAccess({ tenantSlug: 'acme', role: 'owner', suspended: false }, [parseScope('repository:acme/web:delete,*')!])).toEqual([]);
    // A slug that merely starts like the tenant's is another tenant's.
    expect(grantedAccess({ tenantSlug: 'acme', role: 'owner', suspended: false }, [parseScope('repository:acme-evil/web:pull')!])).toEqual([]);
  });
});
