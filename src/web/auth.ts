import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Role } from '../domain/types.ts';
import { AppError } from '../errors.ts';
import { paths } from './paths.ts';

/** A signed-in user as the pages need them: the actor for services plus what the header shows. */
export interface WebUser extends Actor {
  username: string;
  displayName: string;
}

export const SESSION_COOKIE = 'rh.sid';
/** Signed-in sessions end after this long without a request (rolling). */
export const SESSION_IDLE_MS = 30 * 60 * 1000;

/** Where each role lands after signing in. */
export function homeFor(role: Role): string {
  switch (role) {
    case 'caseworker':
    case 'senior_caseworker':
      return paths.dashboard();
    case 'partner_officer':
      return paths.partner.home();
    case 'monitor':
      return paths.monitor.home();
    case 'finance':
      return paths.finance.home();
    case 'analyst':
    case 'admin':
      return paths.simulator.home();
  }
}

/** A preHandler that lets only these roles through: signed out → sign in; other roles → 403. */
export function allow(...roles: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!request.user) {
      const expired = request.cookies?.[SESSION_COOKIE] !== undefined;
      return reply.redirect(`${paths.signIn()}${expired ? '?expired=1' : ''}`);
    }
    if (!roles.includes(request.user.role)) {
      throw new AppError(
        'FORBIDDEN',
        'Your role may not see this page. Ask an administrator if you need this access.',
      );
    }
  };
}
