// Platform-wide settings stored as rows of the Setting table.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import type { SessionUser } from '@/lib/auth/context';

const SIGNUP_KEY = 'signup.enabled';

/** PATCH /api/v1/admin/settings. */
export const ZSettingsPatch = z.strictObject({ signupEnabled: z.boolean({ error: 'signupEnabled must be true or false.' }) });

export async function isSignupEnabled(): Promise<boolean> {
  const row = await db().setting.findUnique({ where: { key: SIGNUP_KEY } });
  return row ? row.value === true : true;
}

export async function setSignupEnabled(admin: SessionUser, enabled: boolean): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.setting.upsert({
      where: { key: SIGNUP_KEY },
      create: { key: SIGNUP_KEY, value: enabled },
      update: { value: enabled },
    });
    await recordAudit(tx, {
      tenantId: null,
      actorId: admin.id,
      action: enabled ? 'platform.signup_enabled' : 'platform.signup_disabled',
      targetType: 'setting',
      targetId: SIGNUP_KEY,
    });
  });
}
