// The resync's comparison of a row with its engine's listing: a pass is asked for exactly when the engine does not
// have what a settled row says, or when the row is not settled; never for an instance that is as recorded.
import { describe, expect, it } from 'vitest';
import type { ManagedObject } from '@/lib/providers/types';
import { drifted, type ResyncRow } from './drift';

const running: ResyncRow = { id: 'i1', desiredState: 'running', status: 'running', pendingAction: null, engineRef: 'c1', generation: 3, observedGeneration: 3 };
const stopped: ResyncRow = { ...running, desiredState: 'stopped', status: 'stopped' };
const listed = (...objects: Partial<ManagedObject>[]) =>
  new Map(objects.map((o) => [o.instanceId ?? 'i1', { engineRef: 'c1', instanceId: 'i1', tenantId: 't1', ...o } as ManagedObject]));

describe('drifted', () => {
  it('leaves settled instances the engine shows as recorded alone', () => {
    expect(drifted(running, listed({ state: 'running' }))).toBe(false);
    expect(drifted(stopped, listed({ state: 'stopped' }))).toBe(false);
  });

  it('finds an engine object that changed state, vanished or was replaced behind the console’s back', () => {
    expect(drifted(running, listed({ state: 'stopped' }))).toBe(true);
    expect(drifted(running, listed({ state: 'error' }))).toBe(true); // dead, or failing its health check
    expect(drifted(running, listed({ state: 'starting' }))).toBe(true); // restarted: endpoints change
    expect(drifted(stopped, listed({ state: 'running' }))).toBe(true);
    expect(drifted(stopped, listed({ state: 'error' }))).toBe(true);
    expect(drifted(running, listed())).toBe(true); // the listing cannot tell its state
    expect(drifted(running, new Map())).toBe(true);
    expect(drifted(stopped, new Map())).toBe(true); // a stopped instance keeps its object: made again
    expect(drifted(running, listed({ state: 'running', engineRef: 'c2' }))).toBe(true);
    expect(drifted(running, listed({ instanceId: 'other', state: 'running' }))).toBe(true);
  });

  it('asks for every instance whose engine could not be listed', () => {
    expect(drifted(running, null)).toBe(true);
    expect(drifted(stopped, undefined)).toBe(true);
  });

  it('asks for rows that are not settled or not caught up, whatever the engine shows', () => {
    const ok = listed({ state: 'running' });
    expect(drifted({ ...running, pendingAction: 'restart' }, ok)).toBe(true);
    expect(drifted({ ...running, generation: 4 }, ok)).toBe(true); // e.g. volumes attached since
    expect(drifted({ ...running, status: 'error' }, ok)).toBe(true);
    expect(drifted({ ...running, desiredState: 'stopped' }, ok)).toBe(true);
    expect(drifted({ ...running, desiredState: 'deleted', status: 'deleting' }, ok)).toBe(true);
    for (const status of ['pending', 'creating', 'stopping'] as const) expect(drifted({ ...running, status, desiredState: 'running' }, ok)).toBe(true);
  });
});
