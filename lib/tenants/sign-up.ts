// Sign-up: a new user and a new organisation in which they are the owner, in one transaction.
import 'server-only';
import { db } from '@/lib/db/client';
import { uniqueViolation } from '@/lib/db/unique';
import { AppError, parseInput } from '@/lib/errors';
import { hashPassword } from '@/lib/auth/password';
import { isSignupEnabled } from '@/lib/admin/settings';
import { defaultQuota } from '@/lib/admin/quota';
import { recordAudit } from '@/lib/audit/record';
import { ZSignUp } from '@/lib/tenants/schemas';
import { RESERVED_SLUGS, slugify, withSuffix } from '@/lib/tenants/slug';

export type SignUpResult = { userId: string; tenantSlug: string };

export async function signUp(input: unknown): Promise<SignUpResult> {
  const data = parseInput(ZSignUp, input);
  if (!(await isSignupEnabled())) {
    throw new AppError('signup_disabled', 'Sign-up is switched off on this console. Ask an administrator for an invitation.');
  }
  const passwordHash = await hashPassword(data.password);
  const base = slugify(data.organisation);
  // A clash with an existing slug is rare; retry with a random suffix instead of failing the user.
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 && !RESERVED_SLUGS.has(base) ? base : withSuffix(base);
    try {
      return await db().$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email: data.email, name: data.name, passwordHash } });
        const tenant = await tx.tenant.create({
          data: {
            name: data.organisation,
            slug,
            // The platform's default quota, as an admin set it (Admin → Tenants → Default quota).
            quota: { create: await defaultQuota(tx) },
            memberships: { create: { userId: user.id, role: 'owner' } },
          },
        });
        await recordAudit(tx, {
          tenantId: tenant.id,
          actorId: user.id,
          action: 'tenant.created',
          targetType: 'tenant',
          targetId: tenant.id,
          metadata: { via: 'signup' },
        });
        return { userId: user.id, tenantSlug: tenant.slug };
      });
    } catch (err) {
      const target = uniqueViolation(err);
      if (target?.includes('email')) {
        throw new AppError('conflict', 'An account with this email already exists.', {
          email: 'An account with this email already exists. Sign in instead.',
        });
      }
      if (!target?.includes('slug')) throw err;
    }
  }
  throw new AppError('conflict', 'Could not find a free address for this organisation; try another name.', {
    organisation: 'Try another name.',
  });
}
