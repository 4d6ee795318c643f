// Session user carries our user id; the session and its JWT carry the server-side session's id (lib/auth/sessions.ts).
import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  interface Session {
    user: { id: string } & DefaultSession['user'];
    sessionId?: string;
  }
  interface User {
    sessionId?: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    sid?: string;
  }
}
