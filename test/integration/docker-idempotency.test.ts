// Issue 13, Idempotency-Key on the real Docker Engine: two POST /api/v1/tenants/{slug}/instances sent at the same
// moment with the same key and body (a client's retry racing its first attempt) make exactly one instance and one
// real running container; the retry after it answered gets the same answer again, replayed, and still one container.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import * as instancesRoute from '@/app/api/v1/tenants/[slug]/instances/route';
import { callerOf, callRoute } from '../helpers/route-call';
import { containerInput, contextFor, seedCatalog, tenantWith } from '../fixtures';
import { expectOneContainerEach, ownConsoleId, provideTenantNetwork, removeOwnObjects, startReconciler, stopReconciler, waitForInstance } from '../docker';

const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

const CONSOLE = ownConsoleId();
const engine = docker();
let reconciler: Reconciler;
let tenant: { id: string; slug: string };
let ownerId: string;

beforeAll(async () => {
  await seedCatalog();
  const t = await tenantWith({ owner: 'owner' });
  tenant = t.tenant;
  ownerId = t.people.owner.userId;
  await provideTenantNetwork(engine, tenant.id);
  reconciler = startReconciler(CONSOLE);
});

afterAll(async () => {
  await stopReconciler(reconciler);
  await removeOwnObjects(engine, CONSOLE, [tenant.id]);
});

describe('two concurrent creates with one Idempotency-Key', () => {
  it('make exactly one real container', async () => {
    const body = containerInput({ name: 'idem-web' });
    const post = () =>
      callRoute(ownerId, instancesRoute.POST, { slug: tenant.slug }, { method: 'POST', path: `/api/v1/tenants/${tenant.slug}/instances`, body, headers: { 'idempotency-key': 'docker-race-1' } });
    const answers = await Promise.all([post(), post()]);
    for (const r of answers) expect([202, 409], JSON.stringify(r.body)).toContain(r.status);
    const made = answers.filter((r) => r.status === 202);
    expect(made.length).toBeGreaterThanOrEqual(1);
    const id = made[0]!.body.id as string;
    expect(made.every((r) => r.body.id === id)).toBe(true);
    const refused = answers.filter((r) => r.status === 409);
    for (const r of refused) expect(r.body.code).toBe('idempotency_in_progress');

    const ctx = await contextFor(ownerId, tenant.id);
    await waitForInstance(ctx, id, 'running', (i) => i.status === 'running', 60_000);
    // The retry after the answer: the same answer, and still one instance and one container.
    const retry = await post();
    expect([retry.status, retry.body.id, retry.headers.get('idempotent-replayed')]).toEqual([202, id, 'true']);
    expect(await db().instance.count({ where: { tenantId: tenant.id } })).toBe(1);
    const containers = await expectOneContainerEach(engine, CONSOLE, [id]);
    expect(containers[0]!.state).toBe('running');
  });
});
