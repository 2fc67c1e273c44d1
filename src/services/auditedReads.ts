/**
 * Group commit for audited reads. DOMAIN.md wants every read of a person's record to append an
 * audit event in the same transaction as the read, and every append takes the one audit chain's
 * head lock until commit. One transaction per read therefore queues concurrent reads one behind
 * another at that lock, and spends a dozen round trips on each.
 *
 * Instead, reads wait in a queue. A batch takes everything waiting (no timer: whatever arrived
 * while the previous batch ran, or in the same turn of the event loop), and runs ONE transaction
 * that loads every read with set-based queries (`where id = any(...)`), appends all their events
 * under one hold of the chain lock, and commits. Only then does each caller get its answer. So each
 * read and its event are literally in the same transaction, nothing is returned without its
 * committed event, and the database work per read falls with the batch size.
 *
 * Failures. A loader answers each read with its value and audit event, or with an error for that
 * read alone (unknown case, another partner's resident): such a read gets its error and writes no
 * event, and the rest of the batch carries on. Anything thrown (a database error, a bug) fails the
 * whole transaction, which rolls back: no event of the batch is kept. Each of its reads is then
 * retried alone, in a transaction of its own, so only the read that fails again gets the error and
 * the others are answered (and audited) as if they had never shared a batch.
 */
import type { Actor } from '../domain/types.ts';
import { actorEventInput, appendAuditEventBatch, type AuditEventInput } from '../store/audit.ts';
import { markReadBatch } from '../store/caseGraph.ts';
import type { Store, Tx } from '../store/db.ts';
import { createGroupCommit } from './groupCommit.ts';

/** What the audit event of one read says (actor and time are added by the batch). */
export interface ReadAudit {
  action: string;
  entityType: string;
  entityId: string;
  after?: unknown;
}

/**
 * One read's answer: a value and its audit event, or an error for this read alone. A read whose
 * loader answers `audit: null` appends nothing: only for a read that another read of the same
 * request records (the safeguards panel beside `cases.get`).
 */
export type ReadOutcome<O> = { value: O; audit: ReadAudit | null } | { error: Error };

export interface ReadRequest<I> {
  actor: Actor;
  input: I;
}

/**
 * Loads many reads of one kind inside the batch's transaction, answering each in order. Pass the
 * same function every time (reads are grouped by it).
 */
export type BatchLoader<I, O> = (tx: Tx, requests: readonly ReadRequest<I>[]) => Promise<ReadOutcome<O>[]>;

export interface ReadBatcher {
  /** Runs one audited read in the next batch; resolves once its event is committed. */
  read<I, O>(loader: BatchLoader<I, O>, actor: Actor, input: I): Promise<O>;
}

export interface ReadBatcherOptions {
  /** Batches running at once: two let one batch load while the other holds the chain lock. */
  concurrency: number;
  /** Most reads in one batch (bounds the transaction's size). */
  maxBatch?: number;
}

interface Pending {
  loader: BatchLoader<unknown, unknown>;
  request: ReadRequest<unknown>;
}

export function createReadBatcher(
  store: Store,
  now: () => Date,
  { concurrency, maxBatch = 200 }: ReadBatcherOptions,
): ReadBatcher {
  /** Every read of the batch and all their audit events, in one transaction. */
  function inOneTransaction(batch: readonly Pending[]): Promise<ReadOutcome<unknown>[]> {
    return store.db.transaction(async (tx) => {
      markReadBatch(tx);
      const answered: ReadOutcome<unknown>[] = new Array<ReadOutcome<unknown>>(batch.length);
      const groups = new Map<BatchLoader<unknown, unknown>, number[]>();
      batch.forEach((p, i) => groups.set(p.loader, [...(groups.get(p.loader) ?? []), i]));
      for (const [loader, indexes] of groups) {
        const out = await loader(
          tx,
          indexes.map((i) => batch[i]!.request),
        );
        if (out.length !== indexes.length) throw new Error('A batch loader must answer every read.');
        indexes.forEach((i, k) => (answered[i] = out[k]!));
      }
      const events: AuditEventInput[] = [];
      answered.forEach((outcome, i) => {
        if ('error' in outcome || outcome.audit === null) return;
        events.push(actorEventInput(batch[i]!.request.actor, outcome.audit, now()));
      });
      // Last statement, so the chain lock is held only from here to commit.
      await appendAuditEventBatch(tx, events);
      return answered;
    });
  }

  // The queue, batching and retry-alone rules are the transitions' (groupCommit.ts).
  const commits = createGroupCommit<Pending, unknown>({
    concurrency,
    maxBatch,
    async batch(batch) {
      const outcomes = await inOneTransaction(batch);
      return outcomes.map((o) => ('error' in o ? { error: o.error } : { value: o.value }));
    },
    async single(p) {
      const [outcome] = await inOneTransaction([p]);
      if ('error' in outcome!) throw outcome.error;
      return outcome!.value;
    },
  });

  return {
    read<I, O>(loader: BatchLoader<I, O>, actor: Actor, input: I): Promise<O> {
      return commits.submit({
        loader: loader as BatchLoader<unknown, unknown>,
        request: { actor, input },
      }) as Promise<O>;
    },
  };
}
