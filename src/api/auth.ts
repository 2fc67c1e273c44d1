/**
 * Bearer-token authentication for the JSON API: every /api route except the docs needs
 * `Authorization: Bearer <token>`; the request then carries the `actor` every service call takes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/types.ts';
import { AppError } from '../errors.ts';
import type { Services } from '../services/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API's authentication hook (or by the web's session). */
    actor: Actor | null;
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

export function registerBearerAuth(app: FastifyInstance, services: Services): void {
  if (!app.hasRequestDecorator('actor')) app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (!token) {
      throw new AppError(
        'UNAUTHENTICATED',
        'Send your API token in the Authorization header: "Authorization: Bearer <token>". Ask an administrator for a token (hubs users token).',
      );
    }
    const actor = await services.users.authenticateToken(token);
    if (!actor) {
      throw new AppError(
        'UNAUTHENTICATED',
        'The API token is not valid: it is unknown, revoked or expired. Ask an administrator for a new one.',
      );
    }
    request.actor = actor;
  });
}

/** The actor of an authenticated API request. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in or send a valid API token.');
  return request.actor;
}
