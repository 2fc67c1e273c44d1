/**
 * Group commit (case transitions, and the audited reads of auditedReads.ts): requests wait in a
 * queue, and a batch takes everything waiting and applies it in ONE transaction, as if each
 * request had run in a transaction of its own one after another, in queue order. The database work
 * per request falls with the batch size (one lock, one load, one write statement per table and one
 * audit append for the batch).
 *
 * Each request is still its own effect with its own answer:
 * - the batch answers each request with its value, or with an error for that request alone (a
 *   refusal, decided before it wrote anything), and the others carry on;
 * - a request the batch cannot apply after the earlier ones without reading what they wrote (the
 *   same case twice, a household member's case) is deferred to the front of the next batch;
 * - anything thrown fails the whole transaction, which rolls back; each of its requests is then run
 *   alone (`single`, its own transaction), so only the one that fails again gets the error.
 * A batch of one runs `single` directly: an idle server does exactly what it did without batching.
 */

/** One request's answer from a batch. */
export type BatchOutcome<O> = { value: O } | { error: unknown } | { defer: true };

export interface GroupCommitOptions<I, O> {
  /** Applies many requests in one transaction, answering each in order. */
  batch(inputs: readonly I[]): Promise<BatchOutcome<O>[]>;
  /** Applies one request in a transaction of its own. */
  single(input: I): Promise<O>;
  /** Whether a request may share a batch at all (others always run alone). */
  batchable?(input: I): boolean;
  /** Batches running at once (PGlite has one connection: 1). */
  concurrency: number;
  /** Most requests in one batch. */
  maxBatch?: number;
}

export interface GroupCommit<I, O> {
  submit(input: I): Promise<O>;
}

interface Pending<I, O> {
  input: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export function createGroupCommit<I, O>(options: GroupCommitOptions<I, O>): GroupCommit<I, O> {
  const { concurrency, maxBatch = 50 } = options;
  const queue: Pending<I, O>[] = [];
  let running = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled || running >= concurrency || queue.length === 0) return;
    scheduled = true;
    // One turn of the event loop lets requests parsed in the same turn join the batch.
    setImmediate(() => {
      scheduled = false;
      while (running < concurrency && queue.length > 0) {
        running += 1;
        void run(take()).finally(() => {
          running -= 1;
          schedule();
        });
      }
    });
  }

  /** The next batch: a request that may not be batched goes alone. */
  function take(): Pending<I, O>[] {
    const batchable = options.batchable ?? (() => true);
    if (!batchable(queue[0]!.input)) return queue.splice(0, 1);
    let n = 1;
    while (n < queue.length && n < maxBatch && batchable(queue[n]!.input)) n += 1;
    return queue.splice(0, n);
  }

  async function alone(p: Pending<I, O>): Promise<void> {
    try {
      p.resolve(await options.single(p.input));
    } catch (error) {
      p.reject(error);
    }
  }

  async function run(batch: Pending<I, O>[]): Promise<void> {
    if (batch.length === 1) return alone(batch[0]!);
    let outcomes: BatchOutcome<O>[];
    try {
      outcomes = await options.batch(batch.map((p) => p.input));
      if (outcomes.length !== batch.length) throw new Error('A batch must answer every request.');
      if ('defer' in outcomes[0]!) throw new Error('A batch must not defer its first request.');
    } catch {
      // The batch rolled back whole; each request gets its own transaction and its own answer.
      for (const p of batch) await alone(p);
      return;
    }
    const deferred: Pending<I, O>[] = [];
    outcomes.forEach((outcome, i) => {
      const p = batch[i]!;
      if ('defer' in outcome) deferred.push(p);
      else if ('error' in outcome) p.reject(outcome.error);
      else p.resolve(outcome.value);
    });
    queue.unshift(...deferred);
  }

  return {
    submit(input: I): Promise<O> {
      return new Promise<O>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        schedule();
      });
    },
  };
}
