import { hash, verify } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import type { Role } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { users } from '../store/schema.ts';

/** Consecutive failures that lock an account, and for how long. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export interface SignedInUser {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  partnerId: string | null;
}

export type PasswordSignInResult =
  | { outcome: 'signed_in'; user: SignedInUser }
  | { outcome: 'invalid' }
  | { outcome: 'locked'; until: string };

/** Verifying against this when the username is unknown keeps both answers equally slow. */
let decoyHash: Promise<string> | undefined;

/**
 * Username and password sign-in for the web pages: argon2 verification, a failure counter, and a
 * lockout after MAX_FAILED_SIGN_INS consecutive failures. The answer never says whether the
 * username exists.
 */
export function passwordSignIn(db: Db, now: () => Date = () => new Date()) {
  return {
    async signIn(username: string, password: string): Promise<PasswordSignInResult> {
      const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
      if (!user || !user.passwordHash || user.disabled) {
        decoyHash ??= hash('not a real password');
        await verify(await decoyHash, password);
        return { outcome: 'invalid' };
      }
      const at = now();
      if (user.lockedUntil && user.lockedUntil.getTime() > at.getTime()) {
        return { outcome: 'locked', until: user.lockedUntil.toISOString() };
      }
      if (await verify(user.passwordHash, password)) {
        await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
        return {
          outcome: 'signed_in',
          user: {
            userId: user.id,
            username: user.username,
            displayName: user.displayName,
            role: user.role as Role,
            partnerId: user.partnerId,
          },
        };
      }
      const [after] = await db
        .update(users)
        .set({ failedLogins: sql`${users.failedLogins} + 1` })
        .where(eq(users.id, user.id))
        .returning({ failedLogins: users.failedLogins });
      if (after && after.failedLogins >= MAX_FAILED_SIGN_INS) {
        const until = new Date(at.getTime() + LOCKOUT_MS);
        await db.update(users).set({ failedLogins: 0, lockedUntil: until }).where(eq(users.id, user.id));
        return { outcome: 'locked', until: until.toISOString() };
      }
      return { outcome: 'invalid' };
    },
  };
}
