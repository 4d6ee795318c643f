// Creates the first platform admin when none exists; the generated password is returned once, never stored plain.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { hashPassword } from '@/lib/auth/password';

export type FirstAdmin = { created: false } | { created: true; email: string; password: string; generated: boolean };

export async function ensureFirstAdmin(
  client: PrismaClient,
  opts: { email?: string; password?: string } = {},
): Promise<FirstAdmin> {
  const existing = await client.user.findFirst({ where: { isPlatformAdmin: true }, select: { id: true } });
  if (existing) return { created: false };
  const email = (opts.email ?? 'admin@overcast.local').trim().toLowerCase();
  const password = opts.password ?? randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  await client.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email },
      create: { email, name: 'Platform admin', passwordHash, isPlatformAdmin: true },
      update: { isPlatformAdmin: true, passwordHash },
    });
    await tx.auditEvent.create({
      data: { actorId: null, action: 'platform.first_admin_created', targetType: 'user', targetId: user.id },
    });
  });
  return { created: true, email, password, generated: !opts.password };
}
