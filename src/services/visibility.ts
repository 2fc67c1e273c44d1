/**
 * How much of a person's record the actor may read, and whether a record is theirs to see at all.
 * The rules are the permission table's (src/domain/permissions.ts); this only picks the level.
 */
import { eq } from 'drizzle-orm';
import { can, minimiseFor, type MinimisedRecord } from '../domain/permissions.ts';
import type { Actor, Case, Flag, Person } from '../domain/types.ts';
import type { Config } from '../config.ts';
import { forbidden } from '../errors.ts';
import type { Executor } from '../store/db.ts';
import { hubs } from '../store/schema.ts';

export type ReadLevel = 'full' | 'partner' | 'pseudonymised';

/** The most the actor may read of people's records; 403 when nothing. */
export function readLevel(actor: Actor): ReadLevel {
  if (can(actor, 'read_person_full')) return 'full';
  if (can(actor, 'read_resident_minimised')) return 'partner';
  if (can(actor, 'read_person_pseudonymised')) return 'pseudonymised';
  throw forbidden('read people’s records');
}

/** The partner whose hub the case is allocated to (null when none). */
export async function casePartnerId(ex: Executor, c: Pick<Case, 'allocatedHubId'>): Promise<string | null> {
  if (!c.allocatedHubId) return null;
  const [row] = await ex
    .select({ partnerId: hubs.partnerId })
    .from(hubs)
    .where(eq(hubs.id, c.allocatedHubId));
  return row?.partnerId ?? null;
}

export const pseudonymKey = (config: Config): string =>
  config.SESSION_SECRET ?? 'return-hubs-development-pseudonym-key';

export function minimised(
  actor: Actor,
  config: Config,
  record: { person?: Person; case?: Case; flags?: readonly Flag[] },
): MinimisedRecord {
  return minimiseFor(actor.role, record, { pseudonymKey: pseudonymKey(config) });
}
