/**
 * The one gate between a caller and the permission table in src/domain/permissions.ts. Services
 * call these before they touch anything; nothing here decides a rule, it only applies the table.
 */
import { canActOn, can, type Action } from '../domain/permissions.ts';
import type { Actor } from '../domain/types.ts';
import type { AppError } from '../errors.ts';
import { forbidden } from '../errors.ts';
import { ACTION_DESCRIPTIONS } from '../domain/permissions.ts';

const describe = (action: Action): string => ACTION_DESCRIPTIONS[action].toLowerCase();

/** Refuses with 403 unless the actor's role has the action in some scope. */
export function authorise(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw forbidden(describe(action));
}

/**
 * Refuses unless the actor may do the action to a record held at `partnerId`'s hubs. A partner
 * officer asking about someone else's resident gets 404, as if the record did not exist: even
 * existence must not leak across partners.
 */
export function authoriseOn(
  actor: Actor,
  action: Action,
  target: { partnerId: string | null },
  notFound: () => AppError,
): void {
  if (canActOn(actor, action, target)) return;
  if (actor.role === 'partner_officer') throw notFound();
  throw forbidden(describe(action));
}

/** The first action in the list the actor may do (to choose how much of a record to show). */
export function firstAllowed(actor: Actor, actions: readonly Action[]): Action | undefined {
  return actions.find((a) => can(actor, a));
}
