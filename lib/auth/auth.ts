import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { authenticate, type LoginFailure } from './authenticate';
import { secureCookies } from '@/lib/config/public-url';
import { clientIpFrom } from './client-ip';
import { revokeAuthSession, SESSION_MAX_AGE_S } from './sessions';

/** Carries why a sign-in failed to the login action, which shows it in the user's language. */
export class LoginRefused extends CredentialsSignin {
  constructor(reason: LoginFailure, retryAfterMs?: number) {
    super();
    this.code = retryAfterMs ? `${reason}:${Math.ceil(retryAfterMs / 60_000)}` : reason;
  }
}

const credentialsSchema = z.object({
  username: z.string().trim().min(1).max(128),
  password: z.string().min(1).max(1024),
});

export const { handlers, auth, signIn, signOut } = NextAuth({
  // The custom server sits behind whatever host name the operator uses.
  trustHost: true,
  // Secure cookies (and their __Secure-/__Host- names) exactly when PUBLIC_URL is https; left to
  // itself Auth.js would follow the request's scheme, i.e. X-Forwarded-Proto, which clients write.
  useSecureCookies: secureCookies(),
  // Credentials sign-in needs JWT sessions in Auth.js; the token only names a database session
  // (AuthSession), which is what makes sign-out and disabling take effect at once.
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: '/login' },
  logger: {
    // A refused sign-in is expected traffic (and audited), not a server error with a stack.
    error(error) {
      if (error instanceof CredentialsSignin || error.name === 'CredentialsSignin') return;
      console.error('[auth]', error);
    },
  },
  providers: [
    Credentials({
      credentials: { username: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new LoginRefused('invalid');
        const result = await authenticate(
          parsed.data.username,
          parsed.data.password,
          clientIpFrom(request.headers),
          request.headers.get('user-agent'),
        );
        if (!result.ok) throw new LoginRefused(result.reason, result.retryAfterMs);
        return { id: result.userId, name: result.username, sessionId: result.sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user && 'sessionId' in user) token.sid = user.sessionId as string;
      return token;
    },
    session({ session, token }) {
      return { ...session, sid: typeof token.sid === 'string' ? token.sid : undefined };
    },
  },
  events: {
    async signOut(message) {
      const sid = 'token' in message ? message.token?.sid : undefined;
      if (typeof sid === 'string') await revokeAuthSession(sid);
    },
  },
});
