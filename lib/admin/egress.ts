// The platform's egress policy: the admin's exceptions (a Setting row, changes audited) and applying the policy to
// this host's firewall — at console start, after every change, and when a periodic check finds it missing or stale
// (the host's networks or resolvers changed, a firewall reload dropped the jump).
import 'server-only';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { recordAudit } from '@/lib/audit/record';
import type { SessionUser } from '@/lib/auth/context';
import {
  applyEgressPolicy,
  egressJumpPresent,
  egressPolicy,
  renderEgressChain,
  type BlockedRange,
  type EgressApplyResult,
} from '@/lib/providers/docker/egress-firewall';
import { parseEgressSettings, ZEgressSettings, type TEgressException } from './egress-input';

const KEY = 'network.egress_exceptions';
const CHECK_EVERY_MS = 60_000;

export type EgressView = {
  exceptions: TEgressException[];
  /** What containers can never reach unless an exception says so. */
  blocked: BlockedRange[];
  /** The host's resolvers: containers' DNS queries (port 53) reach them whatever the blocked ranges say. */
  resolvers: string[];
  /** The last attempt to apply the policy in this process (null before the first). */
  applied: EgressApplyResult | null;
};

type State = { last: (EgressApplyResult & { text: string }) | null; queue: Promise<unknown>; timer?: NodeJS.Timeout };
const g = globalThis as unknown as { overcastEgress?: State };
const state = (): State => (g.overcastEgress ??= { last: null, queue: Promise.resolve() });

export async function getEgressExceptions(): Promise<TEgressException[]> {
  const row = await db().setting.findUnique({ where: { key: KEY } });
  if (!row) return [];
  // Stored by setEgressExceptions, so valid; parsed again so a hand-edited row cannot reach iptables unchecked.
  const parsed = ZEgressSettings.safeParse({ exceptions: row.value });
  return parsed.success ? parsed.data.exceptions : [];
}

export async function egressView(): Promise<EgressView> {
  const exceptions = await getEgressExceptions();
  const { blocked, resolvers } = egressPolicy([]);
  const last = state().last;
  return { exceptions, blocked, resolvers, applied: last && { ok: last.ok, at: last.at, ms: last.ms, rules: last.rules, message: last.message } };
}

/**
 * Replaces the exceptions (validated first: bad input changes nothing), audits the change in the same transaction,
 * then applies the policy. The setting is saved even if applying fails; the result says so, and the periodic check
 * tries again.
 */
export async function setEgressExceptions(admin: SessionUser, input: unknown): Promise<EgressView> {
  const exceptions = parseEgressSettings(input);
  await db().$transaction(async (tx) => {
    const before = await tx.setting.findUnique({ where: { key: KEY } });
    await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value: exceptions }, update: { value: exceptions } });
    await recordAudit(tx, {
      tenantId: null,
      actorId: admin.id,
      action: 'platform.egress_exceptions_changed',
      targetType: 'setting',
      targetId: KEY,
      metadata: { before: before?.value ?? [], after: exceptions },
    });
  });
  await applyEgressFromSettings({ force: true });
  return egressView();
}

/**
 * Applies the policy the settings describe to this host (one apply at a time in this process; the firewall module
 * serialises consoles on the host). Without `force`, only when it changed or the jump to it is gone.
 */
export function applyEgressFromSettings(opts: { force?: boolean } = {}): Promise<EgressApplyResult | null> {
  const s = state();
  const next = s.queue.then(async () => {
    if (env().OVERCAST_SKIP_FIREWALL === '1') {
      s.last = { ok: false, at: new Date().toISOString(), ms: 0, rules: 0, message: 'egress policy NOT applied: OVERCAST_SKIP_FIREWALL=1', text: '' };
      return s.last;
    }
    const policy = egressPolicy(await getEgressExceptions());
    const text = renderEgressChain(policy);
    if (!opts.force && s.last?.ok && s.last.text === text && (await egressJumpPresent())) return null;
    const result = await applyEgressPolicy(policy);
    s.last = { ...result, text };
    console.log(`[egress] ${result.message} (${result.ms} ms)`);
    return result;
  });
  s.queue = next.catch(() => {});
  return next;
}

/** At console start: applies the policy now and checks it every minute. Returns a stop function. */
export function startEgressPolicy(): () => void {
  const s = state();
  const check = () =>
    void applyEgressFromSettings().catch((err: Error) => console.error(`[egress] could not apply the egress policy: ${err.message}`));
  if (!s.timer) {
    check();
    s.timer = setInterval(check, CHECK_EVERY_MS);
    s.timer.unref();
  }
  return () => {
    clearInterval(s.timer);
    s.timer = undefined;
  };
}
