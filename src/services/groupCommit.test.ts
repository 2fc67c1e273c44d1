import { describe, expect, it } from 'vitest';
import { createGroupCommit, type BatchOutcome } from './groupCommit.ts';

/** A group commit over numbers whose batches and singles are recorded. */
function recorder(decide: (inputs: readonly number[]) => BatchOutcome<string>[] | 'throw') {
  const batches: number[][] = [];
  const singles: number[] = [];
  const gc = createGroupCommit<number, string>({
    concurrency: 1,
    maxBatch: 4,
    batchable: (n) => n >= 0,
    async batch(inputs) {
      batches.push([...inputs]);
      const out = decide(inputs);
      if (out === 'throw') throw new Error('batch failed');
      return out;
    },
    async single(n) {
      singles.push(n);
      if (n === 13) throw new Error('unlucky');
      return `alone ${n}`;
    },
  });
  return { gc, batches, singles };
}

const settle = <T>(ps: Promise<T>[]) => Promise.allSettled(ps);

describe('group commit', () => {
  it('takes requests submitted together as one batch and answers each in order', async () => {
    const { gc, batches, singles } = recorder((inputs) => inputs.map((n) => ({ value: `v${n}` })));
    expect(await Promise.all([1, 2, 3].map((n) => gc.submit(n)))).toEqual(['v1', 'v2', 'v3']);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(singles).toEqual([]);
  });

  it('runs a lone request on its own path, as without batching', async () => {
    const { gc, batches, singles } = recorder(() => []);
    expect(await gc.submit(7)).toBe('alone 7');
    expect(batches).toEqual([]);
    expect(singles).toEqual([7]);
  });

  it('fails only the request the batch refused', async () => {
    const { gc } = recorder((inputs) =>
      inputs.map((n) => (n === 2 ? { error: new Error('refused 2') } : { value: `v${n}` })),
    );
    const results = await settle([1, 2, 3].map((n) => gc.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('runs each request of a batch that threw alone, so only the one that fails again fails', async () => {
    const { gc, singles } = recorder(() => 'throw');
    const results = await settle([12, 13, 14].map((n) => gc.submit(n)));
    expect(singles).toEqual([12, 13, 14]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'error'))).toEqual([
      'alone 12',
      'error',
      'alone 14',
    ]);
  });

  it('puts deferred requests at the front of the next batch, before later arrivals', async () => {
    let late: Promise<string> | undefined;
    const { gc, batches } = recorder((inputs) => {
      late ??= gc.submit(8);
      return inputs.map((n, i) => (i > 0 && n === inputs[0] ? { defer: true } : { value: `v${n}` }));
    });
    expect(await Promise.all([5, 5, 6].map((n) => gc.submit(n)))).toEqual(['v5', 'v5', 'v6']);
    expect(await late).toBe('v8');
    expect(batches).toEqual([
      [5, 5, 6],
      [5, 8],
    ]);
  });

  it('never batches more than maxBatch, and sends an unbatchable request alone', async () => {
    const { gc, batches, singles } = recorder((inputs) => inputs.map((n) => ({ value: `v${n}` })));
    await Promise.all([1, 2, 3, 4, 5, 6, -1, 7, 8].map((n) => gc.submit(n)));
    expect(batches).toEqual([
      [1, 2, 3, 4],
      [5, 6],
      [7, 8],
    ]);
    expect(singles).toEqual([-1]);
  });

  it('refuses a batch that answers the wrong number of requests by running each alone', async () => {
    const { gc, singles } = recorder(() => [{ value: 'only one' }]);
    expect(await Promise.all([1, 2].map((n) => gc.submit(n)))).toEqual(['alone 1', 'alone 2']);
    expect(singles).toEqual([1, 2]);
  });
});
