// Platform admins: GET settings; PATCH {signupEnabled: boolean}.
import { z } from 'zod';
import { json, readJson, route } from '@/lib/http';
import { parseInput } from '@/lib/errors';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { isSignupEnabled, setSignupEnabled } from '@/lib/admin/settings';

export const GET = route(async () => {
  await requirePlatformAdmin();
  return json({ signupEnabled: await isSignupEnabled() });
});

const ZPatch = z.object({ signupEnabled: z.boolean({ error: 'signupEnabled must be true or false.' }) });

export const PATCH = route(async (req) => {
  const admin = await requirePlatformAdmin();
  const { signupEnabled } = parseInput(ZPatch, await readJson(req));
  await setSignupEnabled(admin, signupEnabled);
  return json({ signupEnabled });
});
