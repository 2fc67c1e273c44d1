/**
 * What every service module is built from: the store, the configuration and a clock. Writes go
 * through `transaction`, and every write (and every read of a person's record) records its audit
 * event through `audit` inside that same transaction.
 */
import type { Config } from '../config.ts';
import type { Actor, IsoDate } from '../domain/types.ts';
import type { Executor, Store, Tx } from '../store/db.ts';
import { actorEventInput, appendAuditEvent, type ActorEvent } from '../store/audit.ts';
import { AppError } from '../errors.ts';
import { createReadBatcher, type BatchLoader } from './auditedReads.ts';

export interface ServiceOptions {
  /** The clock (tests pin it). */
  now?: () => Date;
}

export interface ServiceContext {
  readonly store: Store;
  readonly config: Config;
  now(): Date;
  /** Today's date in UTC, `YYYY-MM-DD`. */
  today(): IsoDate;
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  audit(tx: Executor, actor: Actor, event: AuditFields): Promise<void>;
  /**
   * An audited read of a person's record, run in the next group-commit batch: the read and its
   * audit event share one transaction with the other reads waiting (src/services/auditedReads.ts).
   */
  auditedRead<I, O>(loader: BatchLoader<I, O>, actor: Actor, input: I): Promise<O>;
}

/** What a service records about one thing an actor did (store/audit.ts adds who and when). */
export type AuditFields = ActorEvent;

export function createContext(store: Store, config: Config, options: ServiceOptions = {}): ServiceContext {
  const now = options.now ?? (() => new Date());
  // PGlite is one connection, so a second batch would only wait for the first.
  const reads = createReadBatcher(store, now, { concurrency: store.driver === 'postgres' ? 2 : 1 });
  return {
    store,
    config,
    now,
    today: () => now().toISOString().slice(0, 10),
    transaction: (fn) => store.db.transaction(fn),
    async audit(tx, actor, event) {
      await appendAuditEvent(tx, actorEventInput(actor, event, now()));
    },
    auditedRead: (loader, actor, input) => reads.read(loader, actor, input),
  };
}

/** The system itself acting (migrations, demo seeding, the CLI run by an operator). */
export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'admin', partnerId: null };

/** Refuses a stale write: the caller read `expected`, the record is now at `actual`. */
export function assertVersion(what: string, id: string, expected: number | undefined, actual: number): void {
  if (expected !== undefined && expected !== actual) {
    throw new AppError(
      'VERSION_CONFLICT',
      `The ${what} ${id} has changed since you read it (you sent version ${expected}, it is now ${actual}). Read it again and reapply your change.`,
      { expectedVersion: expected, currentVersion: actual },
    );
  }
}
