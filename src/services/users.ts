/**
 * Users, roles and API tokens. Tokens are random, shown once, and stored only as their SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import { hash as argon2Hash } from '@node-rs/argon2';
import { apiTokens, users } from '../store/schema.ts';
import { AppError, notFound } from '../errors.ts';
import type { Actor, Role } from '../domain/types.ts';
import { authorise } from './authorise.ts';
import type { ServiceContext } from './context.ts';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  partnerId: string | null;
  disabled: boolean;
  createdAt: string;
  version: number;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  partnerId?: string | null;
  /** Optional: only needed to sign in to the web pages. */
  password?: string;
}

/** argon2id with the library's OWASP defaults; the only way a password is stored. */
export const hashPassword = (password: string): Promise<string> => argon2Hash(password);

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** `rh_` and 43 characters of base64url: 256 bits of randomness. */
export const newToken = (): string => `rh_${randomBytes(32).toString('base64url')}`;

type UserRow = typeof users.$inferSelect;
const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  role: row.role as Role,
  partnerId: row.partnerId,
  disabled: row.disabled,
  createdAt: row.createdAt.toISOString(),
  version: row.version,
});

export const actorOf = (user: Pick<User, 'id' | 'role' | 'partnerId'>): Actor => ({
  userId: user.id,
  role: user.role,
  partnerId: user.partnerId,
});

/** How long a verified token is trusted without asking the database again. */
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 10_000;

export function usersService(ctx: ServiceContext) {
  const { db } = ctx.store;
  // Every API request presents a token: remembering recent answers for a few seconds saves a
  // query per request. Revoking a token here forgets them all at once.
  const tokenCache = new Map<string, { actor: Actor | null; until: number }>();
  return {
    async create(actor: Actor, input: NewUser): Promise<User> {
      authorise(actor, 'manage_users');
      if ((input.role === 'partner_officer') !== Boolean(input.partnerId)) {
        throw new AppError(
          'VALIDATION_FAILED',
          'A partner officer needs a partnerId, and no other role may have one. Set partnerId only for partner officers.',
          { issues: [{ path: 'partnerId', message: 'Required for partner officers only' }] },
        );
      }
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      return ctx.transaction(async (tx) => {
        const existing = await tx
          .select({ id: users.id })
          .from(users)
          .where(eq(users.username, input.username));
        if (existing.length > 0) {
          throw new AppError('CONFLICT', `The username ${input.username} is taken. Choose another.`);
        }
        const [row] = await tx
          .insert(users)
          .values({
            username: input.username,
            displayName: input.displayName,
            role: input.role,
            partnerId: input.partnerId ?? null,
            passwordHash,
          })
          .returning();
        const user = toUser(row!);
        await ctx.audit(tx, actor, {
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          after: user,
        });
        return user;
      });
    },

    async list(actor: Actor): Promise<User[]> {
      authorise(actor, 'manage_users');
      const rows = await db.select().from(users).orderBy(asc(users.username));
      return rows.map(toUser);
    },

    async get(actor: Actor, id: string): Promise<User> {
      if (actor.userId !== id) authorise(actor, 'manage_users');
      const [row] = await db.select().from(users).where(eq(users.id, id));
      if (!row) throw notFound('user', id);
      return toUser(row);
    },

    async findByUsername(actor: Actor, username: string): Promise<User | null> {
      authorise(actor, 'manage_users');
      const [row] = await db.select().from(users).where(eq(users.username, username));
      return row ? toUser(row) : null;
    },

    /** Issues a new API token for a user. The token is returned once; only its hash is kept. */
    async issueToken(
      actor: Actor,
      userId: string,
      options: { label?: string; expiresAt?: Date } = {},
    ): Promise<{ id: string; token: string; userId: string }> {
      authorise(actor, 'manage_users');
      const token = newToken();
      return ctx.transaction(async (tx) => {
        const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
        if (!user) throw notFound('user', userId);
        const [row] = await tx
          .insert(apiTokens)
          .values({
            userId,
            tokenHash: hashToken(token),
            label: options.label ?? '',
            expiresAt: options.expiresAt,
          })
          .returning({ id: apiTokens.id });
        await ctx.audit(tx, actor, {
          action: 'token.issue',
          entityType: 'api_token',
          entityId: row!.id,
          after: { userId, label: options.label ?? '' },
        });
        return { id: row!.id, token, userId };
      });
    },

    async revokeToken(actor: Actor, tokenId: string): Promise<void> {
      authorise(actor, 'manage_users');
      await ctx.transaction(async (tx) => {
        const [row] = await tx
          .update(apiTokens)
          .set({ revokedAt: ctx.now() })
          .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
          .returning({ id: apiTokens.id, userId: apiTokens.userId });
        if (!row) throw notFound('API token', tokenId);
        await ctx.audit(tx, actor, { action: 'token.revoke', entityType: 'api_token', entityId: row.id });
      });
      tokenCache.clear();
    },

    /** The actor a bearer token stands for, or null when it is unknown, revoked, expired or disabled. */
    async authenticateToken(token: string): Promise<Actor | null> {
      if (!token.startsWith('rh_') || token.length > 200) return null;
      const key = hashToken(token);
      const cached = tokenCache.get(key);
      if (cached && cached.until > Date.now()) return cached.actor;
      const now = ctx.now();
      const [row] = await db
        .select({ id: users.id, role: users.role, partnerId: users.partnerId })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(
          and(
            eq(apiTokens.tokenHash, key),
            isNull(apiTokens.revokedAt),
            or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
            eq(users.disabled, false),
          ),
        );
      const actor = row ? actorOf({ id: row.id, role: row.role as Role, partnerId: row.partnerId }) : null;
      if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
      tokenCache.set(key, { actor, until: Date.now() + TOKEN_CACHE_MS });
      return actor;
    },
  };
}
