// The per-tenant gate between putting containers on a network (shared) and removing it (exclusive).
import { describe, expect, it } from 'vitest';
import { TenantGate } from './network';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('TenantGate', () => {
  it('lets creates run side by side', async () => {
    const g = new TenantGate();
    const d = deferred();
    const log: string[] = [];
    const a = g.shared(async () => (log.push('a start'), await d.promise, log.push('a end')));
    const b = g.shared(async () => void log.push('b ran'));
    await b;
    expect(log).toEqual(['a start', 'b ran']);
    d.resolve();
    await a;
  });

  it('holds a removal until running creates are done, and creates that arrive meanwhile until it is done', async () => {
    const g = new TenantGate();
    const create = deferred();
    const removal = deferred();
    const log: string[] = [];
    const first = g.shared(async () => (log.push('create 1'), await create.promise, log.push('create 1 done')));
    const remove = g.exclusive(async () => (log.push('remove'), await removal.promise, log.push('remove done')));
    await tick();
    const second = g.shared(async () => void log.push('create 2'));
    await tick();
    expect(log).toEqual(['create 1']);
    create.resolve();
    await tick();
    expect(log).toEqual(['create 1', 'create 1 done', 'remove']);
    removal.resolve();
    await Promise.all([first, remove, second]);
    expect(log).toEqual(['create 1', 'create 1 done', 'remove', 'remove done', 'create 2']);
  });

  it('runs removals one at a time and survives a failing one', async () => {
    const g = new TenantGate();
    const log: string[] = [];
    const one = g.exclusive(async () => (log.push('1'), await tick(), log.push('1 done'), Promise.reject(new Error('boom'))));
    const two = g.exclusive(async () => void log.push('2'));
    await expect(one).rejects.toThrow('boom');
    await two;
    expect(log).toEqual(['1', '1 done', '2']);
  });
});
