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
  // The heap proper: event time and the slot holding the rest of the event.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  // Slots: sequence number, kind, subject and token of each pending event; free slots are stacked.
  private slotSeq: Float64Array;
  private slotKind: Uint8Array;
  private slotSubject: Int32Array;
  private slotToken: Int32Array;
  private freeSlots: Int32Array;
  private freeCount: number;

  constructor(
    private readonly handler: EventHandler,
    initialCapacity = 1024,
  ) {
    const n = Math.max(16, initialCapacity);
    this.heapTime = new Float64Array(n);
    this.heapSlot = new Int32Array(n);
    this.slotSeq = new Float64Array(n);
    this.slotKind = new Uint8Array(n);
    this.slotSubject = new Int32Array(n);
    this.slotToken = new Int32Array(n);
    this.freeSlots = new Int32Array(n);
    for (let i = 0; i < n; i++) this.freeSlots[i] = n - 1 - i;
    this.freeCount = n;
  }

  /** Number of events waiting. */
  get pending(): number {
    return this.size;
  }

  /** Time of the next event, or Infinity when there is none. */
  peekTime(): number {
    return this.size > 0 ? this.heapTime[0] : Infinity;
  }

  /** Schedule an event at absolute time `at` (not before now). */
  schedule(at: number, kind: number, subject = -1, token = 0): void {
    if (!(at >= this.now)) throw new RangeError(`cannot schedule at ${at}, before now (${this.now})`);
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount];
    const s = this.seq++;
    this.slotSeq[slot] = s;
    this.slotKind[slot] = kind;
    this.slotSubject[slot] = subject;
    this.slotToken[slot] = token;
    // Sift up: move parents down until the new event's place is found. A later sequence number
    // loses every tie, so an equal time stops the climb.
    const time = this.heapTime;
    const slots = this.heapSlot;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (time[p] <= at) break;
      time[i] = time[p];
      slots[i] = slots[p];
      i = p;
    }
    time[i] = at;
    slots[i] = slot;
  }

  /** Schedule an event `delay` after now. */
  after(delay: number, kind: number, subject = -1, token = 0): void {
    this.schedule(this.now + delay, kind, subject, token);
  }

  /** Run the next event. Returns false when there is none. */
  step(): boolean {
    if (this.size === 0) return false;
    const at = this.heapTime[0];
    const slot = this.heapSlot[0];
    const kind = this.slotKind[slot];
    const subject = this.slotSubject[slot];
    const token = this.slotToken[slot];
    this.freeSlots[this.freeCount++] = slot;
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
    while (this.size > 0 && this.heapTime[0] < until) this.step();
    if (until > this.now) this.now = until;
  }

  /** True when the event in heap position a runs before the one in position b. */
  private before(a: number, b: number): boolean {
    const ta = this.heapTime[a];
    const tb = this.heapTime[b];
    return ta < tb || (ta === tb && this.slotSeq[this.heapSlot[a]] < this.slotSeq[this.heapSlot[b]]);
  }

  private popRoot(): void {
    const last = --this.size;
    if (last === 0) return;
    const time = this.heapTime;
    const slots = this.heapSlot;
    const t = time[last];
    const slot = slots[last];
    const seq = this.slotSeq[slot];
    // Sift the last event down from the root, promoting the earlier child at each level.
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && this.before(c + 1, c)) c++;
      const tc = time[c];
      if (tc > t || (tc === t && this.slotSeq[slots[c]] > seq)) break;
      time[i] = tc;
      slots[i] = slots[c];
      i = c;
    }
    time[i] = t;
    slots[i] = slot;
  }

  private grow(): void {
    const old = this.heapTime.length;
    const n = old * 2;
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.heapTime = grow(this.heapTime, (k) => new Float64Array(k));
    this.heapSlot = grow(this.heapSlot, (k) => new Int32Array(k));
    this.slotSeq = grow(this.slotSeq, (k) => new Float64Array(k));
    this.slotKind = grow(this.slotKind, (k) => new Uint8Array(k));
    this.slotSubject = grow(this.slotSubject, (k) => new Int32Array(k));
    this.slotToken = grow(this.slotToken, (k) => new Int32Array(k));
    this.freeSlots = new Int32Array(n);
    // Every old slot is in use (that is why we grew): the new ones are free.
    for (let i = 0; i < n - old; i++) this.freeSlots[i] = n - 1 - i;
    this.freeCount = n - old;
  }
}
