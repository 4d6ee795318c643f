// Signs route tests in without a browser: Auth.js's auth() answers with the chosen user and a real server-side
// session of theirs (lib/auth/sessions.ts), so requests go through the same session check as a signed-in browser.
// Use as: const session = vi.hoisted(() => ({ userId: null as string | null }));
//         vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
import { createUserSession } from '@/lib/auth/sessions';

const sessions = new Map<string, Promise<string>>();

/** One live session per user for the whole test file. */
function sessionOf(userId: string): Promise<string> {
  let id = sessions.get(userId);
  if (!id) sessions.set(userId, (id = createUserSession(userId, { userAgent: 'vitest', address: '127.0.0.1' })));
  return id;
}

export function authAs(who: { userId: string | null }) {
  return { auth: async () => (who.userId ? { user: { id: who.userId }, sessionId: await sessionOf(who.userId) } : null) };
}
