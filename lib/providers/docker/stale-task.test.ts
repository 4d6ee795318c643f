import { describe, expect, it } from 'vitest';
import { isStaleTask } from './driver';

// The engine's answer when containerd kept a task from a daemon killed mid-start (seen in the engine-outage test).
const seen = { statusCode: 500, json: { message: 'task 9b65340c701a815f871e28113adf177958c1c85008a86fa506553c61dc4c60d1: already exists' } };

describe('isStaleTask', () => {
  it('recognises the leftover containerd task', () => {
    expect(isStaleTask(seen)).toBe(true);
    expect(isStaleTask(new Error('(HTTP code 500) server error - task 9b65340c701a: already exists'))).toBe(true);
  });
  it('leaves other failures alone (a name conflict, a missing network, an unknown error)', () => {
    expect(isStaleTask({ statusCode: 409, json: { message: 'Conflict. The container name "/x" is already in use' } })).toBe(false);
    expect(isStaleTask({ statusCode: 404, json: { message: 'network ovc-t-1 not found' } })).toBe(false);
    expect(isStaleTask(undefined)).toBe(false);
  });
});
