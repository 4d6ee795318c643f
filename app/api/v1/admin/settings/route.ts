// Platform admins: GET settings; PATCH {signupEnabled: boolean}.
import { json, readJson, route } from '@/lib/http';
import { parseInput } from '@/lib/errors';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { isSignupEnabled, setSignupEnabled, ZSettingsPatch } from '@/lib/admin/settings';

export const GET = route(async () => {
  await requirePlatformAdmin();
  return json({ signupEnabled: await isSignupEnabled() });
});

export const PATCH = route(async (req) => {
  const admin = await requirePlatformAdmin();
  const { signupEnabled } = parseInput(ZSettingsPatch, await readJson(req));
  await setSignupEnabled(admin, signupEnabled);
  return json({ signupEnabled });
});
