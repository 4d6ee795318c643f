// Reads the remembered organisation (lib/tenants/current.ts) for layouts outside organisations.
import 'server-only';
import { cookies } from 'next/headers';
import { CURRENT_ORG_COOKIE, currentOf } from './current';

export async function rememberedTenant<T extends { slug: string }>(tenants: T[]): Promise<T | undefined> {
  return currentOf(tenants, (await cookies()).get(CURRENT_ORG_COOKIE)?.value);
}
