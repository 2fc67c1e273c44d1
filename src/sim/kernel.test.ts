import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Kernel } from './kernel.ts';
import type { EventHandler } from './kernel.ts';
import { RandomStream } from './random.ts';

/** Mean wait in queue of an M/M/c queue (Erlang C). */
export function erlangCWait(lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  const rho = a / c;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = (term * a) / c / (1 - rho);
  const pWait = top / (sum + top);
  return pWait / (c * mu - lambda);
}

/** A handler for the kernel from a function. */
const on = (handle: EventHandler['handle']): EventHandler => ({ handle });

describe('kernel', () => {
  it('runs events in time order, and events at the same time in the order they were scheduled', () => {
    const seen: number[] = [];
    const k = new Kernel(on((_kind, subject) => seen.push(subject)));
    k.schedule(5, 1, 50);
    k.schedule(1, 1, 10);
    k.schedule(5, 1, 51);
    k.schedule(3, 1, 30);
    k.schedule(5, 1, 52);
    k.run(10);
    expect(seen).toEqual([10, 30, 50, 51, 52]);
    expect(k.now).toBe(10);
  });

  it('does not run events at exactly the horizon', () => {
    const seen: number[] = [];
    const k = new Kernel(on((_kind, subject) => seen.push(subject)));
    k.schedule(9.5, 1, 1);
    k.schedule(10, 1, 2);
    k.run(10);
    expect(seen).toEqual([1]);
    expect(k.pending).toBe(1);
  });

  it('steps one event at a time before a bound, and advances the clock for events run outside it', () => {
    const seen: number[] = [];
    const k = new Kernel(on((_kind, subject) => seen.push(subject)));
    const lane = k.addLane();
    k.schedule(2, 1, 20);
    k.inLane(lane, 1, 1, 10);
    k.schedule(4, 1, 40);
    expect(k.stepBefore(3)).toBe(true);
    expect([seen, k.now]).toEqual([[10], 1]);
    expect(k.stepBefore(2)).toBe(false); // the next event is at 2: not strictly before
    expect([seen, k.now]).toEqual([[10], 1]);
    k.advance(1.5); // an event of the caller's own, between the kernel's
    expect(k.now).toBe(1.5);
    k.advance(1.2); // never back
    expect(k.now).toBe(1.5);
    expect(k.stepBefore(Infinity)).toBe(true);
    expect(k.stepBefore(Infinity)).toBe(true);
    expect(k.stepBefore(Infinity)).toBe(false);
    expect([seen, k.now]).toEqual([[10, 20, 40], 4]);
  });

  it('after reset runs a new schedule exactly as a fresh kernel does, with nothing left of the old run', () => {
    const play = (k: Kernel, seen: number[][]) => {
      k.reset(
        on((kind, subject, token) => {
          seen.push([k.now, kind, subject, token]);
          if (kind === 1 && subject < 40) k.inLane(lane, k.now + 1.5, 2, subject + 10, token);
        }),
      );
      const lane = k.addLane();
      const other = k.addLane();
      for (let i = 0; i < 30; i++) k.schedule((i * 7) % 11, 1, i, i);
      k.inLane(other, 4, 3, -1, 9);
      k.run(20);
    };
    const fresh: number[][] = [];
    play(
      new Kernel(
        on(() => {}),
        16,
      ),
      fresh,
    );
    const reused = new Kernel(
      on(() => {}),
      16,
    );
    reused.addLane();
    for (let i = 0; i < 50; i++) reused.schedule(i, 9, i);
    reused.run(25);
    const again: number[][] = [];
    play(reused, again);
    expect(again).toEqual(fresh);
    expect(fresh.length).toBeGreaterThan(30);
  });

  it('passes kind, subject and token through, and refuses to schedule in the past', () => {
    const got: number[][] = [];
    const k = new Kernel(
      on((kind, subject, token) => {
        got.push([k.now, kind, subject, token]);
        if (kind === 7) k.after(2, 8, subject + 1, token + 1);
      }),
    );
    k.schedule(1, 7, 100, 5);
    k.run(Infinity);
    expect(got).toEqual([
      [1, 7, 100, 5],
      [3, 8, 101, 6],
    ]);
    expect(() => k.schedule(2, 1)).toThrow(RangeError);
  });

  it('keeps heap order through growth and thousands of random events (checked against a sort)', () => {
    const rng = new RandomStream(3);
    const times: number[] = [];
    const out: number[] = [];
    const k = new Kernel(
      on(() => out.push(k.now)),
      16,
    );
    for (let i = 0; i < 5000; i++) {
      const t = Math.floor(rng.uniform() * 100); // many ties
      times.push(t);
      k.schedule(t, 1, i);
    }
    k.run(Infinity);
    expect(out).toEqual([...times].sort((a, b) => a - b));
  });

  it('runs events in (time, order scheduled) whatever is scheduled between steps, in the heap or lanes (property)', () => {
    // Scheduling between steps is what a model with a clock of its own does: the kernel keeps
    // where its next event is from one step to the next, and must keep it right.
    const op = fc.oneof(
      fc.record({ op: fc.constant('heap' as const), delay: fc.integer({ min: 0, max: 5 }) }),
      fc.record({
        op: fc.constant('lane' as const),
        lane: fc.integer({ min: 0, max: 2 }),
        delay: fc.integer({ min: 0, max: 5 }),
      }),
      fc.record({ op: fc.constant('step' as const), within: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ op: fc.constant('clear' as const), lane: fc.integer({ min: 0, max: 2 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const fired: number[] = [];
        const k = new Kernel(
          on((_kind, subject) => fired.push(subject)),
          16,
        );
        const lanes = [k.addLane(), k.addLane(), k.addLane()];
        const laneLast = [0, 0, 0];
        // The reference: pending events as (time, number scheduled, lane or -1).
        let pending: { at: number; n: number; lane: number }[] = [];
        const expected: number[] = [];
        let n = 0;
        for (const o of ops) {
          if (o.op === 'heap') {
            k.schedule(k.now + o.delay, 0, n);
            pending.push({ at: k.now + o.delay, n: n++, lane: -1 });
          } else if (o.op === 'lane') {
            const at = Math.max(k.now + o.delay, laneLast[o.lane]);
            laneLast[o.lane] = at;
            k.inLane(lanes[o.lane], at, 0, n);
            pending.push({ at, n: n++, lane: o.lane });
          } else if (o.op === 'clear') {
            k.clearLane(lanes[o.lane]);
            laneLast[o.lane] = 0;
            pending = pending.filter((e) => e.lane !== o.lane);
          } else {
            const until = k.now + o.within;
            pending.sort((a, b) => a.at - b.at || a.n - b.n);
            const ran = k.stepBefore(until);
            const next = pending[0];
            expect(ran).toBe(next !== undefined && next.at < until);
            if (ran) {
              expected.push(pending.shift()!.n);
              expect(k.now).toBe(next.at);
            }
            expect(k.peekTime()).toBe(pending.length > 0 ? Math.min(...pending.map((e) => e.at)) : Infinity);
          }
        }
        expect(fired).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('merges lanes with the heap in time order, ties going to the event scheduled first', () => {
    const seen: string[] = [];
    const k = new Kernel(on((kind, subject) => seen.push(`${kind}:${subject}`)));
    const a = k.addLane();
    const b = k.addLane();
    k.inLane(a, 2, 1, 1);
    k.schedule(2, 2, 1);
    k.inLane(b, 1, 3, 1);
    k.inLane(a, 4, 1, 2);
    k.schedule(3, 2, 2);
    k.inLane(b, 4, 3, 2);
    k.run(10);
    expect(seen).toEqual(['3:1', '1:1', '2:1', '2:2', '1:2', '3:2']);
  });

  it('refuses a lane event earlier than the lane’s last, and forgets a cleared lane', () => {
    const seen: number[] = [];
    const k = new Kernel(on((_kind, subject) => seen.push(subject)));
    const lane = k.addLane();
    k.inLane(lane, 5, 1, 1);
    expect(() => k.inLane(lane, 4, 1, 2)).toThrow(RangeError);
    k.clearLane(lane);
    k.inLane(lane, 3, 1, 3);
    expect(k.pending).toBe(1);
    k.run(10);
    expect(seen).toEqual([3]);
  });

  it('M/M/c: the mean wait matches Erlang C', () => {
    const lambda = 2.4;
    const mu = 1;
    const c = 3;
    const rng = new RandomStream(42);
    const ARRIVE = 1;
    const DONE = 2;
    const queue: number[] = [];
    let busy = 0;
    let waited = 0;
    let served = 0;
    const startService = () => {
      busy++;
      k.after(rng.exponential(1 / mu), DONE);
    };
    const k: Kernel = new Kernel(
      on((kind) => {
        if (kind === ARRIVE) {
          if (busy < c) {
            served++;
            startService();
          } else queue.push(k.now);
          k.after(rng.exponential(1 / lambda), ARRIVE);
        } else {
          busy--;
          const since = queue.shift();
          if (since !== undefined) {
            waited += k.now - since;
            served++;
            startService();
          }
        }
      }),
    );
    k.after(rng.exponential(1 / lambda), ARRIVE);
    k.run(200_000);
    const expected = erlangCWait(lambda, mu, c);
    // Textbook value for c = 3, offered load 2.4: P(wait) = 11.52 / 17.8, Wq = P / 0.6.
    expect(expected).toBeCloseTo(1.0787, 4);
    expect(Math.abs(waited / served - expected) / expected).toBeLessThan(0.03);
  });
});
