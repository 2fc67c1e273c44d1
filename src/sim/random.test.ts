import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from './random.ts';

const sample = (n: number, draw: () => number) => {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
};

describe('random streams', () => {
  it('give the same sequence for the same seed and replication', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(1000), (seed, rep) => {
        const a = new RandomStream(seed, rep);
        const b = new RandomStream(seed, rep);
        for (let i = 0; i < 20; i++) expect(a.nextUint32()).toBe(b.nextUint32());
      }),
    );
  });

  it('give different sequences for different replications of one seed', () => {
    const first = (rep: number) => {
      const r = new RandomStream(1, rep);
      return [r.nextUint32(), r.nextUint32(), r.nextUint32()].join();
    };
    const seen = new Set(Array.from({ length: 1000 }, (_, i) => first(i)));
    expect(seen.size).toBe(1000);
  });

  it('draws uniforms strictly inside (0, 1)', () => {
    const r = new RandomStream(9);
    let outside = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const u = r.uniform();
      if (!(u > 0 && u < 1)) outside++;
    }
    expect(outside).toBe(0);
  });

  it.each([
    ['exponential(3)', (r: RandomStream) => r.exponential(3), 3, 9],
    ['gamma(2.5, 2)', (r: RandomStream) => r.gamma(2.5, 2), 5, 10],
    ['gamma(0.5, 4)', (r: RandomStream) => r.gamma(0.5, 4), 2, 8],
    ['lognormal(mean 10, cv 0.5)', (r: RandomStream) => r.lognormal(10, 0.5), 10, 25],
    ['normal', (r: RandomStream) => r.normal(), 0, 1],
    ['poisson(4)', (r: RandomStream) => r.poisson(4), 4, 4],
    ['poisson(250)', (r: RandomStream) => r.poisson(250), 250, 250],
  ])('%s has the right mean and variance', (_name, draw, mean, variance) => {
    const r = new RandomStream(123);
    const s = sample(200_000, () => draw(r));
    expect(Math.abs(s.mean - mean)).toBeLessThan(0.02 * Math.max(1, mean));
    expect(Math.abs(s.variance - variance) / variance).toBeLessThan(0.04);
  });

  it('draws exponentials distributed as 1 − e^(−x), tail included (Kolmogorov–Smirnov)', () => {
    const r = new RandomStream(42);
    const n = 200_000;
    const xs = Float64Array.from({ length: n }, () => r.exponential(1)).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = 1 - Math.exp(-xs[i]);
      d = Math.max(d, f - i / n, (i + 1) / n - f);
    }
    // The 1% critical value of √n·D is 1.63; a wrong ziggurat table shows as a kink far above it.
    expect(Math.sqrt(n) * d).toBeLessThan(1.63);
    expect(xs[0]).toBeGreaterThan(0);
    // Beyond the base layer (x > 7.7) the tail is drawn separately: P(x > 8) = e^-8.
    const beyond = xs.length - xs.findIndex((x) => x > 8);
    expect(beyond / n).toBeGreaterThan(0.5 * Math.exp(-8));
    expect(beyond / n).toBeLessThan(1.5 * Math.exp(-8));
  });

  it('draws categories in proportion to their weights', () => {
    const r = new RandomStream(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[r.categorical([0.5, 0.8, 1])]++;
    expect(counts[0] / 1e5).toBeCloseTo(0.5, 2);
    expect(counts[1] / 1e5).toBeCloseTo(0.3, 2);
    expect(counts[2] / 1e5).toBeCloseTo(0.2, 2);
  });
});
