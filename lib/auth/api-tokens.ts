// API tokens for automation: a user makes named tokens for one organisation with a role no higher than their own
// there (or, a platform admin, a platform-admin token), optionally expiring. The secret (`ovc_` + 32 random bytes,
// base64url) is shown once; only its sha256 is stored. Every request with `Authorization: Bearer …` resolves the
// token afresh (resolveApiToken): revoked, expired or unknown → 401 invalid_token; an owner who is disabled, left the
// organisation or is no longer a platform admin → the token no longer works; a tenant token's role is the lower of
// its own and its owner's current role. Creating and revoking tokens needs a signed-in session (the routes use
// requireSessionUser): a token cannot mint or extend tokens.
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { accessChanged } from '@/lib/auth/revocation';
import { isAtLeast, lowerRole, ROLES } from '@/lib/auth/policy';
import type { SessionUser } from '@/lib/auth/context';
import type { TokenCredential } from '@/lib/auth/request-credential';
import type { Role } from '@/lib/generated/prisma/enums';

export const TOKEN_PREFIX = 'ovc_';
/** `ovc_` + 43 base64url characters (32 bytes). */
const SECRET_FORMAT = /^ovc_[A-Za-z0-9_-]{43}$/;
/** How many characters of the secret lists show, to tell tokens apart (`ovc_` + 8). */
const DISPLAY_PREFIX_LENGTH = 12;
export const MAX_TOKENS_PER_USER = 100;
export const MAX_EXPIRY_DAYS = 3650;
/** lastUsedAt/lastUsedAddress are written at most this often per token: a busy script must not write per request. */
const TOUCH_MS = 60_000;

export type ApiTokenStatus = 'active' | 'expired' | 'revoked';

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  tenant: { slug: string; name: string } | null;
  role: Role | null;
  platformAdmin: boolean;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedAddress: string | null;
  revokedAt: string | null;
  status: ApiTokenStatus;
};

export const ZCreateApiToken = z
  .strictObject({
    name: z.string({ error: 'Name the token.' }).trim().min(1, { error: 'Name the token.' }).max(100, { error: 'A name may be at most 100 characters.' }),
    tenant: z.string({ error: 'Choose an organisation.' }).min(1, { error: 'Choose an organisation.' }).max(100).optional(),
    platformAdmin: z.literal(true, { error: 'Only true (or leave it out).' }).optional(),
    role: z.enum(ROLES, { error: 'Choose owner, admin, member or viewer.' }).optional(),
    expiresInDays: z
      .number({ error: 'A number of days.' })
      .int({ error: 'A whole number of days.' })
      .min(1, { error: 'At least one day.' })
      .max(MAX_EXPIRY_DAYS, { error: `At most ${MAX_EXPIRY_DAYS} days.` })
      .optional(),
    expiresAt: z.iso.datetime({ offset: true, error: 'A date and time such as 2030-01-31T00:00:00Z.' }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.platformAdmin && v.tenant !== undefined) ctx.addIssue({ code: 'custom', path: ['tenant'], message: 'A platform-admin token has no organisation.' });
    if (v.platformAdmin && v.role !== undefined) ctx.addIssue({ code: 'custom', path: ['role'], message: 'A platform-admin token has no role.' });
    if (!v.platformAdmin && v.tenant === undefined) ctx.addIssue({ code: 'custom', path: ['tenant'], message: 'Choose an organisation.' });
    if (!v.platformAdmin && v.role === undefined) ctx.addIssue({ code: 'custom', path: ['role'], message: 'Choose a role.' });
    if (v.expiresInDays !== undefined && v.expiresAt !== undefined) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'Give expiresInDays or expiresAt, not both.' });
  });
export type TCreateApiToken = z.input<typeof ZCreateApiToken>;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function newSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

const viewSelect = {
  id: true,
  name: true,
  prefix: true,
  role: true,
  platformAdmin: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  lastUsedAddress: true,
  revokedAt: true,
  tenant: { select: { slug: true, name: true } },
} as const;

type ViewRow = {
  id: string;
  name: string;
  prefix: string;
  role: Role | null;
  platformAdmin: boolean;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedAddress: string | null;
  revokedAt: Date | null;
  tenant: { slug: string; name: string } | null;
};

function view(t: ViewRow, now = new Date()): ApiTokenView {
  const status: ApiTokenStatus = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active';
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    ...t,
    createdAt: t.createdAt.toISOString(),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
    status,
  };
}

function expiryOf(data: { expiresInDays?: number; expiresAt?: string }, now: Date): Date | null {
  if (data.expiresInDays !== undefined) return new Date(now.getTime() + data.expiresInDays * 86_400_000);
  if (data.expiresAt === undefined) return null;
  const at = new Date(data.expiresAt);
  if (at <= now) throw new AppError('validation_failed', 'Some fields need attention.', { expiresAt: 'Choose a time in the future.' });
  if (at.getTime() - now.getTime() > MAX_EXPIRY_DAYS * 86_400_000) {
    throw new AppError('validation_failed', 'Some fields need attention.', { expiresAt: `At most ${MAX_EXPIRY_DAYS} days ahead.` });
  }
  return at;
}

/**
 * Makes a token for `user` (who must be signed in with a session: the route checks). A tenant token's role may not
 * exceed the user's current role in that organisation; only a platform admin makes a platform-admin token.
 * Returns the token and its secret, which is never shown again.
 */
export async function createApiToken(user: SessionUser, input: unknown, now = new Date()): Promise<{ token: ApiTokenView; secret: string }> {
  const data = parseInput(ZCreateApiToken, input);
  const expiresAt = expiryOf(data, now);
  let tenantId: string | null = null;
  let role: Role | null = null;
  if (data.platformAdmin) {
    if (!user.isPlatformAdmin) throw new AppError('forbidden', 'Only platform admins can make a platform-admin token.', { platformAdmin: 'Only platform admins can make a platform-admin token.' });
  } else {
    const membership = await db().membership.findFirst({
      where: { userId: user.id, tenant: { slug: data.tenant!, deletingAt: null } },
      select: { tenantId: true, role: true },
    });
    // Not a member and no such organisation read alike: the form only offers the user's own.
    if (!membership) throw new AppError('validation_failed', 'Some fields need attention.', { tenant: 'You are not a member of this organisation.' });
    if (!isAtLeast(membership.role, data.role!)) {
      const msg = `Your role here is ${membership.role}: a token can have at most that.`;
      throw new AppError('forbidden', msg, { role: msg });
    }
    tenantId = membership.tenantId;
    role = data.role!;
  }
  const count = await db().apiToken.count({ where: { userId: user.id, revokedAt: null } });
  if (count >= MAX_TOKENS_PER_USER) {
    throw new AppError('validation_failed', `You can keep at most ${MAX_TOKENS_PER_USER} tokens: revoke one first.`, { name: `At most ${MAX_TOKENS_PER_USER} tokens.` });
  }
  const secret = newSecret();
  const row = await db().$transaction(async (tx) => {
    const t = await tx.apiToken.create({
      data: {
        userId: user.id,
        tenantId,
        name: data.name,
        role,
        platformAdmin: Boolean(data.platformAdmin),
        secretHash: hashSecret(secret),
        prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
        expiresAt,
        createdAt: now,
      },
      select: viewSelect,
    });
    await recordAudit(tx, {
      tenantId,
      actorId: user.id,
      action: 'api_token.created',
      targetType: 'api_token',
      targetId: t.id,
      metadata: { name: t.name, prefix: t.prefix, role, platformAdmin: t.platformAdmin, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return t;
  });
  return { token: view(row, now), secret };
}

/** The user's tokens, newest first (revoked and expired ones too, marked so). */
export async function listMyApiTokens(user: SessionUser): Promise<ApiTokenView[]> {
  return listTokensOf(user.id);
}

async function listTokensOf(userId: string): Promise<ApiTokenView[]> {
  const rows = await db().apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: viewSelect });
  const now = new Date();
  return rows.map((r) => view(r, now));
}

async function revokeTokenOf(actor: SessionUser, ownerId: string, tokenId: string, action: string): Promise<ApiTokenView> {
  const revoked = await db().$transaction(async (tx) => {
    const t = await tx.apiToken.findFirst({ where: { id: tokenId, userId: ownerId }, select: { ...viewSelect, tenantId: true } });
    if (!t) throw notFoundError('token');
    if (t.revokedAt) return view(t);
    const revokedAt = new Date();
    await tx.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt } });
    await recordAudit(tx, {
      tenantId: t.tenantId,
      actorId: actor.id,
      action,
      targetType: 'api_token',
      targetId: tokenId,
      metadata: { name: t.name, prefix: t.prefix, ...(ownerId !== actor.id ? { ownerId } : {}) },
    });
    return view({ ...t, revokedAt });
  });
  // Streams opened with it re-check now (its next request is refused anyway).
  accessChanged({ userId: ownerId });
  return revoked;
}

/** Revokes one of the user's own tokens (at once); another user's id is reported as not found. Idempotent. */
export function revokeMyApiToken(user: SessionUser, tokenId: string): Promise<ApiTokenView> {
  return revokeTokenOf(user, user.id, tokenId, 'api_token.revoked');
}

function assertAdmin(admin: SessionUser): void {
  if (!admin.isPlatformAdmin) throw notFoundError('page');
}

/** A user's tokens, for a platform admin (the route checks with requirePlatformAdmin too). */
export async function listUserApiTokens(admin: SessionUser, userId: string): Promise<ApiTokenView[]> {
  assertAdmin(admin);
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw notFoundError('user');
  return listTokensOf(userId);
}

/** A platform admin revokes a user's token. */
export function adminRevokeApiToken(admin: SessionUser, userId: string, tokenId: string): Promise<ApiTokenView> {
  assertAdmin(admin);
  return revokeTokenOf(admin, userId, tokenId, 'admin.api_token_revoked');
}

function invalidToken(): AppError {
  return new AppError('invalid_token', 'The API token is invalid, expired or revoked.');
}

/**
 * The principal behind a bearer secret, checked afresh: the token, its owner (not disabled; still a platform admin
 * for a platform-admin token) and, for a tenant token, its owner's current membership. A membership made after the
 * token (the owner left and was invited back) does not revive it. Notes the use at most once a minute.
 */
export async function resolveApiToken(secret: string, address: string | null, now = new Date()): Promise<TokenCredential> {
  if (!SECRET_FORMAT.test(secret)) throw invalidToken();
  return checkToken({ secretHash: hashSecret(secret) }, address, now);
}

/** The same checks again for a token already resolved (a connection that outlives its request re-checks it). */
export function recheckApiToken(tokenId: string, now = new Date()): Promise<TokenCredential> {
  return checkToken({ id: tokenId }, null, now);
}

async function checkToken(where: { secretHash: string } | { id: string }, address: string | null, now: Date): Promise<TokenCredential> {
  const t = await db().apiToken.findUnique({
    where,
    select: {
      id: true,
      name: true,
      tenantId: true,
      role: true,
      platformAdmin: true,
      expiresAt: true,
      revokedAt: true,
      createdAt: true,
      lastUsedAt: true,
      user: {
        select: { id: true, email: true, name: true, isPlatformAdmin: true, disabledAt: true, memberships: { select: { tenantId: true, role: true, createdAt: true } } },
      },
      tenant: { select: { deletingAt: true } },
    },
  });
  if (!t || t.revokedAt || (t.expiresAt && t.expiresAt <= now) || t.user.disabledAt) throw invalidToken();
  let tenant: TokenCredential['tenant'] = null;
  if (t.platformAdmin) {
    if (!t.user.isPlatformAdmin) throw invalidToken();
  } else {
    const m = t.user.memberships.find((x) => x.tenantId === t.tenantId);
    if (!t.tenantId || !t.role || !m || m.createdAt > t.createdAt || t.tenant?.deletingAt) throw invalidToken();
    tenant = { id: t.tenantId, role: lowerRole(t.role, m.role) };
  }
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > TOUCH_MS) {
    // Conditional, so that parallel requests with one token write once; a failure here must not fail the request.
    await db()
      .apiToken.updateMany({ where: { id: t.id, lastUsedAt: t.lastUsedAt }, data: { lastUsedAt: now, lastUsedAddress: address?.slice(0, 100) ?? null } })
      .catch(() => {});
  }
  const { id, email, name } = t.user;
  return {
    kind: 'token',
    tokenId: t.id,
    name: t.name,
    // A tenant token never carries its owner's platform-admin rights.
    user: { id, email, name, isPlatformAdmin: t.platformAdmin },
    tenant,
    platformAdmin: t.platformAdmin,
  };
}
