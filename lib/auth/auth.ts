// Auth.js set-up: email + password (Credentials provider), JWT sessions, rate-limited sign-in.
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { decoyHash, verifyPassword } from '@/lib/auth/password';
import { clearLoginFailures, isLoginBlocked, loginKey, recordLoginFailure } from '@/lib/auth/rate-limit';

export class InvalidCredentials extends CredentialsSignin {
  override code = 'invalid_credentials';
}
export class TooManyAttempts extends CredentialsSignin {
  override code = 'rate_limited';
}

const ZCredentials = z.object({ email: z.string().trim().toLowerCase(), password: z.string().max(1024) });

/** The client address: the console's web server pins X-Forwarded-For to it (see lib/server/client-address.ts). */
export function clientIp(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/login' },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const { email, password } = parsed.data;
        const key = loginKey(email, clientIp(request.headers));
        if (await isLoginBlocked(key)) throw new TooManyAttempts();
        const user = await db().user.findUnique({ where: { email } });
        const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
        if (!user || !ok) {
          await recordLoginFailure(key);
          throw new InvalidCredentials();
        }
        await clearLoginFailures(key);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
