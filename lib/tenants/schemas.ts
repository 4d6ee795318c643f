// Input schemas for accounts, tenants and members (shared by server actions and /api/v1 routes).
import { z } from 'zod';
import { ROLES } from '@/lib/auth/policy';

export const ZEmail = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }));

export const ZPassword = z
  .string({ error: 'Enter a password.' })
  .min(12, { error: 'Use at least 12 characters.' })
  .max(256, { error: 'Use at most 256 characters.' });

export const ZPersonName = z
  .string({ error: 'Enter your name.' })
  .trim()
  .min(1, { error: 'Enter your name.' })
  .max(100, { error: 'Use at most 100 characters.' });

export const ZTenantName = z
  .string({ error: 'Enter an organisation name.' })
  .trim()
  .min(2, { error: 'Use at least 2 characters.' })
  .max(64, { error: 'Use at most 64 characters.' });

export const ZRole = z.enum(ROLES, { error: 'Choose a role: owner, admin, member or viewer.' });

export const ZSignUp = z.object({
  name: ZPersonName,
  email: ZEmail,
  password: ZPassword,
  organisation: ZTenantName,
});
export type TSignUp = z.infer<typeof ZSignUp>;

export const ZInvite = z.strictObject({ email: ZEmail, role: ZRole });
export type TInvite = z.infer<typeof ZInvite>;

export const ZChangeRole = z.strictObject({ role: ZRole });

export const ZAcceptInvite = z.object({ name: ZPersonName, password: ZPassword });

/** The API's sign-up body (POST /api/v1/signup): the form's fields, strictly (an unknown field is refused). */
export const ZSignUpBody = ZSignUp.strict();
/** The API's body to accept an invitation by its link's token: name and password only to create the account. */
export const ZAcceptInviteBody = z.strictObject({ name: ZPersonName.optional(), password: ZPassword.optional() });
