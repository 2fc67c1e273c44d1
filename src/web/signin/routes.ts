import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fieldErrors, formBody, keepForm, takeForm } from '../forms.ts';
import { paths } from '../paths.ts';
import { homeFor, SESSION_COOKIE, type WebUser } from '../auth.ts';

export type SignInResult =
  { outcome: 'signed_in'; user: WebUser } | { outcome: 'invalid' } | { outcome: 'locked'; until: string };

/** Checks a username and password, counting failures and locking the account after too many. */
export interface PasswordSignIn {
  signIn(username: string, password: string): Promise<SignInResult>;
}

const signInSchema = z.object({
  username: z.string().trim().min(1, 'Enter your username'),
  password: z.string().min(1, 'Enter your password'),
});

/** Sign-in attempts allowed per address per minute, before the per-account lockout. */
export const SIGN_IN_RATE_PER_MINUTE = 10;

export function signInRoutes(app: FastifyInstance, auth: PasswordSignIn): void {
  app.get(paths.signIn.pattern, async (request, reply) => {
    const form = takeForm(request, 'sign-in');
    const query = request.query as { expired?: string; signedOut?: string };
    return reply.view('signin/sign-in.njk', {
      pageTitle: 'Sign in',
      form,
      errorList: form.errorList,
      expired: query.expired === '1',
      signedOut: query.signedOut === '1',
    });
  });

  app.post(
    paths.signIn.pattern,
    {
      config: {
        rateLimit: {
          max: SIGN_IN_RATE_PER_MINUTE,
          timeWindow: '1 minute',
          hook: 'preHandler',
          // Per address and username: throttles guessing at one account without letting one
          // person's typos lock out a whole office behind the same address.
          keyGenerator: (request: FastifyRequest) =>
            `${request.ip}|${String((request.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
        },
      },
    },
    async (request, reply) => {
      const body = formBody(request);
      const parsed = signInSchema.safeParse(body);
      const username = typeof body.username === 'string' ? body.username.trim() : '';
      if (!parsed.success) {
        keepForm(request, 'sign-in', { username }, fieldErrors(parsed.error));
        return reply.redirect(paths.signIn(), 303);
      }
      const result = await auth.signIn(parsed.data.username, parsed.data.password);
      if (result.outcome === 'invalid') {
        keepForm(request, 'sign-in', { username }, { username: 'Enter a correct username and password' });
        return reply.redirect(paths.signIn(), 303);
      }
      if (result.outcome === 'locked') {
        keepForm(
          request,
          'sign-in',
          { username },
          {
            username: `This account is locked after too many failed attempts. Try again after ${result.until.slice(11, 16)} UTC, or ask an administrator to unlock it`,
          },
        );
        return reply.redirect(paths.signIn(), 303);
      }
      // A new session id on sign-in, so a session fixed before sign-in is worthless after it.
      await request.session.regenerate();
      request.session.user = result.user;
      request.session.lastSeen = Date.now();
      return reply.redirect(homeFor(result.user.role), 303);
    },
  );

  app.post(paths.signOut.pattern, async (request, reply) => {
    await request.session.destroy();
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).redirect(`${paths.signIn()}?signedOut=1`, 303);
  });
}
