// Auth.js set-up: email + password (Credentials provider), a JWT cookie naming a server-side session
// (lib/auth/sessions.ts) that every request checks and sign-out revokes, rate-limited sign-in.
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { checkCredentials } from '@/lib/auth/credentials';
import { revokeSession, SESSION_MAX_AGE_S } from '@/lib/auth/sessions';

export class InvalidCredentials extends CredentialsSignin {
  override code = 'invalid_credentials';
}
export class TooManyAttempts extends CredentialsSignin {
  override code = 'rate_limited';
}
export class TooManyAttemptsFromAddress extends CredentialsSignin {
  override code = 'address_rate_limited';
}
export class AccountDisabled extends CredentialsSignin {
  override code = 'account_disabled';
}

/** The client address: the console's web server pins X-Forwarded-For to it (see lib/server/client-address.ts). */
export function clientIp(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: '/login' },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const outcome = await checkCredentials(raw, {
          address: clientIp(request.headers),
          userAgent: request.headers.get('user-agent'),
        });
        if (outcome.ok) return { ...outcome.user, sessionId: outcome.sessionId };
        if (outcome.reason === 'rate_limited') throw new TooManyAttempts();
        if (outcome.reason === 'address_rate_limited') throw new TooManyAttemptsFromAddress();
        if (outcome.reason === 'disabled') throw new AccountDisabled();
        throw new InvalidCredentials();
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sid = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionId = token.sid;
      return session;
    },
  },
  events: {
    // Sign-out through Auth.js (its route or signOut()): the cookie is cleared and, here, its session ends for good.
    async signOut(message) {
      const sid = 'token' in message ? message.token?.sid : undefined;
      if (sid) await revokeSession(sid);
    },
  },
});
