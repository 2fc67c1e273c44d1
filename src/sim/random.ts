/**
 * Seeded random streams (MODEL.md "Time, randomness, replications").
 *
 * The generator is xoshiro128** (Blackman and Vigna): 128 bits of state, 32-bit output, fast in
 * JavaScript because every step is a 32-bit integer operation. Each replication gets its own
 * stream, seeded by SplitMix32 from the root seed and the replication index, so results do not
 * depend on which thread or machine runs the replication.
 */

/** SplitMix32 step: a good 32-bit mixer used only to seed streams. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_32 = 4294967296;

/**
 * Tables of the ziggurat method for the exponential (Marsaglia and Tsang, "The ziggurat method for
 * generating random variables", Journal of Statistical Software 5(8), 2000), 256 layers over the
 * 24-bit magnitude of a draw: `ZIG_K[i]` is the bound below which a draw in layer i is accepted at
 * once, `ZIG_W[i]` turns the magnitude into a value, `ZIG_F[i]` is the density e^-x at the layer's
 * edge. Built once, from the paper's constants.
 */
const ZIG_K = new Uint32Array(256);
const ZIG_W = new Float64Array(256);
const ZIG_F = new Float64Array(256);
/** Where the base layer's tail begins. */
const ZIG_R = 7.697117470131487;
{
  const m = 16777216; // 2^24
  const v = 3.949659822581572e-3; // the area of each layer
  let x = ZIG_R;
  let previous = x;
  const q = v / Math.exp(-x);
  ZIG_K[0] = Math.floor((x / q) * m);
  ZIG_W[0] = q / m;
  ZIG_W[255] = x / m;
  ZIG_F[0] = 1;
  ZIG_F[255] = Math.exp(-x);
  for (let i = 254; i >= 1; i--) {
    x = -Math.log(v / x + Math.exp(-x));
    ZIG_K[i + 1] = Math.floor((x / previous) * m);
    previous = x;
    ZIG_F[i] = Math.exp(-x);
    ZIG_W[i] = x / m;
  }
}

/**
 * The generator's 32 bits as a number in the open interval (0, 1). The draws below call this on
 * `next()` themselves rather than calling `uniform()`: a fraction returned by a call that is not
 * inlined is allocated on the heap, an integer is not, and the hot draws (`below`, `bernoulli`,
 * `categorical`) return integers or booleans.
 */
const unit = (bits: number): number => ((bits >>> 0) + 0.5) / TWO_POW_32;

// `unit` and `rotl` are consts, not function declarations: a module's function declaration is a
// binding that could be reassigned, so V8's optimised code loads it and checks which function it
// holds at every call, four times per event; a const's value is built into the code. (3% fewer
// instructions in a replication: src/sim/DESIGN.md, decision 22.)

/** The 32 bits of x rotated left by k. */
const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export class RandomStream {
  declare private a: number;
  declare private b: number;
  declare private c: number;
  declare private d: number;
  /** Spare standard normal from the polar method. */
  private spare = NaN;

  /** A stream for one replication of a run with this root seed. */
  constructor(rootSeed: number, replication = 0) {
    let s = splitmix32((rootSeed >>> 0) ^ 0x5bd1e995);
    s = splitmix32((s ^ Math.imul(replication + 1, 0x27d4eb2d)) >>> 0);
    // Stored as signed 32-bit integers, as `next` stores them: V8 types a field by its first
    // value, and an unsigned one above 2^31 would make the state fractions (DESIGN.md decision 21).
    this.a = splitmix32(s) | 0;
    this.b = splitmix32(this.a ^ 0x68e31da4) | 0;
    this.c = splitmix32(this.b ^ 0xb5297a4d) | 0;
    this.d = splitmix32(this.c ^ 0x1b56c4e9) | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    return this.next() >>> 0;
  }

  /**
   * The generator's step: the next 32 bits as a signed integer. Signed so that the value fits a
   * small integer when this is not inlined: an unsigned one above 2^31 would be allocated on the
   * heap at every other call.
   */
  private next(): number {
    const b = this.b;
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9);
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  /** Uniform on the open interval (0, 1): never 0, so logarithms are safe. */
  uniform(): number {
    return unit(this.next());
  }

  /**
   * An integer drawn uniformly from 0, 1, …, n − 1 (the same draw as `Math.floor(uniform() * n)`;
   * an integer result stays a small integer where a fraction would be allocated, when the call is
   * not inlined).
   */
  below(n: number): number {
    return Math.floor(unit(this.next()) * n);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return p >= 1 ? true : p <= 0 ? false : unit(this.next()) < p;
  }

  /**
   * Exponential with the given mean, by the ziggurat method (tables above): one 32-bit draw, its
   * low 8 bits choosing a layer and the other 24 a point in it, accepted at once about 98.9% of
   * the time; no logarithm except in the base layer's tail. Never exactly 0 (a point is the
   * middle of its 1/2^24 step).
   */
  exponential(mean: number): number {
    const bits = this.next();
    const layer = bits & 255;
    const magnitude = bits >>> 8;
    if (magnitude < ZIG_K[layer]) return (magnitude + 0.5) * ZIG_W[layer] * mean;
    return this.exponentialEdge(layer, magnitude) * mean;
  }

  /** The ziggurat's slow path: a point outside a layer's core, or in the tail (rate 1). */
  private exponentialEdge(layer: number, magnitude: number): number {
    for (;;) {
      if (layer === 0) return ZIG_R - Math.log(this.uniform());
      const x = (magnitude + 0.5) * ZIG_W[layer];
      if (ZIG_F[layer] + this.uniform() * (ZIG_F[layer - 1] - ZIG_F[layer]) < Math.exp(-x)) return x;
      const bits = this.next();
      layer = bits & 255;
      magnitude = bits >>> 8;
      if (magnitude < ZIG_K[layer]) return (magnitude + 0.5) * ZIG_W[layer];
    }
  }

  /** Standard normal (Marsaglia polar method; caches the second value). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** Gamma with this shape and scale (mean shape × scale); Marsaglia and Tsang. */
  gamma(shape: number, scale: number): number {
    if (shape < 1) {
      // Boost: Gamma(k) = Gamma(k + 1) × U^(1/k).
      return this.gamma(shape + 1, scale) * Math.pow(this.uniform(), 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Lognormal with this mean and coefficient of variation (sd / mean). */
  lognormal(mean: number, cv: number): number {
    const s2 = Math.log(1 + cv * cv);
    return Math.exp(Math.log(mean) - s2 / 2 + Math.sqrt(s2) * this.normal());
  }

  /**
   * Index drawn from cumulative weights (`cumulative[i]` = sum of weights 0..i, last entry the
   * total).
   */
  categorical(cumulative: Float64Array | readonly number[]): number {
    const n = cumulative.length;
    const x = unit(this.next()) * cumulative[n - 1];
    for (let i = 0; i < n - 1; i++) if (x < cumulative[i]) return i;
    return n - 1;
  }

  /** Poisson with this mean (inversion below 30, normal-corrected rejection above). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const l = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > l) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    // PTRS (Hörmann 1993): transformed rejection with squeeze.
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
        -mean + k * loglam - logFactorial(k)
      )
        return k;
    }
  }
}

function logFactorial(k: number): number {
  if (k < 2) return 0;
  // Stirling series: exact enough for k >= 2 in a rejection test.
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}
