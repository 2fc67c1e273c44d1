/**
 * The discrete-event kernel: a clock and a future-event list. Nothing else: no statistics, no
 * model, no randomness (see DESIGN.md).
 *
 * An event is five numbers — time, sequence, kind, subject, token — stored in parallel typed
 * arrays that form a binary min-heap ordered by (time, sequence). The sequence number comes from a
 * per-kernel counter, so events at the same time run in the order they were scheduled, every time.
 * `kind`, `subject` and `token` mean whatever the model says: typically what happens, to whom
 * (a person's index, or -1), and a version stamp the model uses to recognise cancelled events.
 */

/** Called for each event, in order; `kernel.now` is the event's time. */
export type EventHandler = (kind: number, subject: number, token: number) => void;

export class Kernel {
  /** Current simulated time. */
  now = 0;
  /** Events run so far. */
  steps = 0;

  private size = 0;
  private seq = 0;
  private time: Float64Array;
  private order: Float64Array;
  private kinds: Uint8Array;
  private subjects: Int32Array;
  private tokens: Int32Array;

  constructor(
    private readonly handler: EventHandler,
    initialCapacity = 1024,
  ) {
    const n = Math.max(16, initialCapacity);
    this.time = new Float64Array(n);
    this.order = new Float64Array(n);
    this.kinds = new Uint8Array(n);
    this.subjects = new Int32Array(n);
    this.tokens = new Int32Array(n);
  }

  /** Number of events waiting. */
  get pending(): number {
    return this.size;
  }

  /** Time of the next event, or Infinity when there is none. */
  peekTime(): number {
    return this.size > 0 ? this.time[0] : Infinity;
  }

  /** Schedule an event at absolute time `at` (not before now). */
  schedule(at: number, kind: number, subject = -1, token = 0): void {
    if (!(at >= this.now)) throw new RangeError(`cannot schedule at ${at}, before now (${this.now})`);
    if (this.size === this.time.length) this.grow();
    const s = this.seq++;
    // Sift up: move parents down until the new event's slot is found.
    let i = this.size++;
    const time = this.time;
    const order = this.order;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = time[p];
      if (pt < at || (pt === at && order[p] < s)) break;
      this.move(p, i);
      i = p;
    }
    time[i] = at;
    order[i] = s;
    this.kinds[i] = kind;
    this.subjects[i] = subject;
    this.tokens[i] = token;
  }

  /** Schedule an event `delay` after now. */
  after(delay: number, kind: number, subject = -1, token = 0): void {
    this.schedule(this.now + delay, kind, subject, token);
  }

  /** Run the next event. Returns false when there is none. */
  step(): boolean {
    if (this.size === 0) return false;
    const at = this.time[0];
    const kind = this.kinds[0];
    const subject = this.subjects[0];
    const token = this.tokens[0];
    this.popRoot();
    this.now = at;
    this.steps++;
    this.handler(kind, subject, token);
    return true;
  }

  /**
   * Run every event strictly before `until`, then set the clock to `until`. Events at exactly
   * `until` stay queued (MODEL.md: events at the horizon are not run).
   */
  run(until: number): void {
    while (this.size > 0 && this.time[0] < until) this.step();
    if (until > this.now) this.now = until;
  }

  private popRoot(): void {
    const last = --this.size;
    if (last === 0) return;
    const time = this.time;
    const order = this.order;
    const t = time[last];
    const s = order[last];
    // Sift down the last event from the root.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      let c = l;
      if (r < last && (time[r] < time[l] || (time[r] === time[l] && order[r] < order[l]))) c = r;
      if (time[c] > t || (time[c] === t && order[c] > s)) break;
      this.move(c, i);
      i = c;
    }
    this.move(last, i);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.order[to] = this.order[from];
    this.kinds[to] = this.kinds[from];
    this.subjects[to] = this.subjects[from];
    this.tokens[to] = this.tokens[from];
  }

  private grow(): void {
    const n = this.time.length * 2;
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.time = grow(this.time, (k) => new Float64Array(k));
    this.order = grow(this.order, (k) => new Float64Array(k));
    this.kinds = grow(this.kinds, (k) => new Uint8Array(k));
    this.subjects = grow(this.subjects, (k) => new Int32Array(k));
    this.tokens = grow(this.tokens, (k) => new Int32Array(k));
  }
}
