/**
 * The discrete-event kernel: a clock and a future-event list. Nothing else: no statistics, no
 * model, no randomness (see DESIGN.md).
 *
 * An event is five numbers — time, sequence, kind, subject, token. The heap orders (time, slot)
 * pairs by (time, sequence) — a 4-ary min-heap, half as deep as a binary one, with a node's
 * children side by side in memory — and the slot holds the rest of the event. The sequence number comes from a
 * per-kernel counter, so events at the same time run in the order they were scheduled, every time.
 * `kind`, `subject` and `token` mean whatever the model says: typically what happens, to whom
 * (a person's index, or -1), and a version stamp the model uses to recognise cancelled events.
 *
 * Beside the heap sit a few lanes: FIFO queues for events that are scheduled in time order by
 * construction (a fixed delay after now, or a chain with one event pending at a time). A lane
 * costs O(1) per event where the heap costs O(log n); the next event is the earliest of the heap's
 * root and the lanes' heads, ties still broken by the one sequence counter.
 */

/** A FIFO of events whose times never decrease. */
class Lane {
  time = new Float64Array(256);
  seq = new Float64Array(256);
  kind = new Uint8Array(256);
  subject = new Int32Array(256);
  token = new Int32Array(256);
  head = 0;
  tail = 0;
  /** Time of the last event pushed. */
  lastTime = -Infinity;

  push(at: number, seq: number, kind: number, subject: number, token: number): void {
    if (this.tail === this.time.length) this.makeRoom();
    const i = this.tail++;
    this.time[i] = at;
    this.seq[i] = seq;
    this.kind[i] = kind;
    this.subject[i] = subject;
    this.token[i] = token;
    this.lastTime = at;
  }

  /** Slide live events to the front, doubling the arrays if they are more than half full. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    const grow = live * 2 > this.time.length;
    const move = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      if (!grow) {
        a.copyWithin(0, this.head, this.tail);
        return a;
      }
      const b = make(a.length * 2);
      b.set(a.subarray(this.head, this.tail));
      return b;
    };
    this.time = move(this.time, (k) => new Float64Array(k));
    this.seq = move(this.seq, (k) => new Float64Array(k));
    this.kind = move(this.kind, (k) => new Uint8Array(k));
    this.subject = move(this.subject, (k) => new Int32Array(k));
    this.token = move(this.token, (k) => new Int32Array(k));
    this.head = 0;
    this.tail = live;
  }
}

const HEAP = -1;
const NO_EVENT = -2;
/** `nextSrc` when the next event is to be found afresh. */
const UNKNOWN = -3;

/**
 * What runs the events: `handle` is called for each event, in order, with `kernel.now` the event's
 * time. An object with a method rather than a function: a model hands the kernel itself, so the
 * call site sees one class run after run (a new closure per run made V8 throw away the kernel's
 * optimised code at every new replication, and never inline the call).
 */
export interface EventHandler {
  handle(kind: number, subject: number, token: number): void;
}

export class Kernel {
  /** Current simulated time. */
  now = 0;
  /** Events run so far. */
  steps = 0;

  private size = 0;
  private seq = 0;
  // The heap proper: event time and the slot holding the rest of the event.
  private heapTime: Float64Array = new Float64Array(0);
  private heapSlot: Int32Array = new Int32Array(0);
  // Slots: sequence number, kind, subject and token of each pending event; free slots are
  // stacked for reuse.
  private slotSeq: Float64Array = new Float64Array(0);
  private slotKind: Uint8Array = new Uint8Array(0);
  private slotSubject: Int32Array = new Int32Array(0);
  private slotToken: Int32Array = new Int32Array(0);
  private freeSlots: Int32Array = new Int32Array(0);
  private freeCount = 0;
  private lanes: Lane[] = [];
  /** Lanes of an earlier run (see `reset`), handed out again by `addLane`. */
  private spareLanes: Lane[] = [];
  // Time and sequence of each lane's first event (Infinity when empty), scanned for the next event.
  private laneHeadTime = new Float64Array(0);
  private laneHeadSeq = new Float64Array(0);
  /**
   * Where the next event is (as `next` finds it) and its time, kept between events: a model that
   * runs events of its own between the kernel's asks for the next one far more often than the
   * kernel fires one (see `stepBefore`). Scheduling an event keeps it up to date; firing or
   * dropping one sets it to UNKNOWN.
   */
  private nextSrc = NO_EVENT;
  private nextTime = Infinity;

  constructor(
    private handler: EventHandler,
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

  /** Number of events waiting, in the heap and the lanes. */
  get pending(): number {
    return this.lanes.reduce((n, l) => n + l.tail - l.head, this.size);
  }

  /** Time of the next event, or Infinity when there is none. */
  peekTime(): number {
    this.next();
    return this.nextTime;
  }

  /** Open a new lane; returns its number for `inLane`. */
  addLane(): number {
    const lane = this.spareLanes.pop() ?? new Lane();
    lane.head = lane.tail = 0;
    lane.lastTime = -Infinity;
    this.lanes.push(lane);
    const n = this.lanes.length;
    const t = new Float64Array(n).fill(Infinity);
    t.set(this.laneHeadTime);
    const q = new Float64Array(n).fill(Infinity);
    q.set(this.laneHeadSeq);
    this.laneHeadTime = t;
    this.laneHeadSeq = q;
    return n - 1;
  }

  /**
   * Schedule an event in a lane. Its time must not be before the lane's last event (fixed delays
   * after now satisfy this).
   */
  inLane(lane: number, at: number, kind: number, subject = -1, token = 0): void {
    const l = this.lanes[lane];
    if (!(at >= this.now) || at < l.lastTime)
      throw new RangeError(`lane ${lane}: cannot schedule at ${at} (now ${this.now}, last ${l.lastTime})`);
    const sq = this.seq++;
    if (l.head === l.tail) {
      this.laneHeadTime[lane] = at;
      this.laneHeadSeq[lane] = sq;
    }
    l.push(at, sq, kind, subject, token);
    // The newest event loses every tie: it is next only if strictly earlier than the next.
    if (this.nextSrc !== UNKNOWN && at < this.nextTime) {
      this.nextSrc = lane;
      this.nextTime = at;
    }
  }

  /** Drop every event waiting in a lane. */
  clearLane(lane: number): void {
    const l = this.lanes[lane];
    l.head = l.tail = 0;
    l.lastTime = -Infinity;
    this.laneHeadTime[lane] = Infinity;
    this.nextSrc = UNKNOWN;
  }

  /**
   * Start afresh for another run with this handler: no events, no lanes, the clock and the sequence
   * at 0. The memory stays: the heap keeps its size and the lanes are handed out again by `addLane`,
   * so a thread running replication after replication stops allocating after the first.
   */
  reset(handler: EventHandler): void {
    this.handler = handler;
    this.now = 0;
    this.steps = 0;
    this.size = 0;
    this.seq = 0;
    const n = this.heapTime.length;
    for (let i = 0; i < n; i++) this.freeSlots[i] = n - 1 - i;
    this.freeCount = n;
    this.spareLanes = [...this.spareLanes, ...this.lanes.reverse()];
    this.lanes = [];
    this.laneHeadTime = new Float64Array(0);
    this.laneHeadSeq = new Float64Array(0);
    this.nextSrc = NO_EVENT;
    this.nextTime = Infinity;
  }

  /** Schedule an event at absolute time `at` (not before now). */
  schedule(at: number, kind: number, subject = -1, token = 0): void {
    if (!(at >= this.now)) throw new RangeError(`cannot schedule at ${at}, before now (${this.now})`);
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount];
    const seq = this.seq++;
    this.slotSeq[slot] = seq;
    this.slotKind[slot] = kind;
    this.slotSubject[slot] = subject;
    this.slotToken[slot] = token;
    // Sift up. The new event has the largest sequence number, so it loses every tie.
    const time = this.heapTime;
    const slots = this.heapSlot;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const tp = time[p];
      if (tp <= at) break;
      time[i] = tp;
      slots[i] = slots[p];
      i = p;
    }
    time[i] = at;
    slots[i] = slot;
    if (this.nextSrc !== UNKNOWN && at < this.nextTime) {
      this.nextSrc = HEAP;
      this.nextTime = at;
    }
  }

  /** Schedule an event `delay` after now. */
  after(delay: number, kind: number, subject = -1, token = 0): void {
    this.schedule(this.now + delay, kind, subject, token);
  }

  /** Run the next event. Returns false when there is none. */
  step(): boolean {
    const src = this.next();
    if (src === NO_EVENT) return false;
    this.fire(src);
    return true;
  }

  /**
   * Run every event strictly before `until`, then set the clock to `until`. Events at exactly
   * `until` stay queued (MODEL.md: events at the horizon are not run).
   */
  run(until: number): void {
    while (this.stepBefore(until));
    this.advance(until);
  }

  /**
   * Run the next event if it is strictly before `until`; returns whether one ran. With `advance`,
   * for a model that runs some events of its own between the kernel's (its model clock, say).
   */
  stepBefore(until: number): boolean {
    if (this.nextSrc === UNKNOWN) this.find();
    if (!(this.nextTime < until)) return false;
    this.fire(this.nextSrc);
    return true;
  }

  /** Move the clock forward to `at` (never back): the time of an event the caller runs itself. */
  advance(at: number): void {
    if (at > this.now) this.now = at;
  }

  /** Where the next event is: HEAP, a lane number, or NO_EVENT. */
  private next(): number {
    if (this.nextSrc === UNKNOWN) this.find();
    return this.nextSrc;
  }

  /** Find where the next event is and when (`nextSrc`, `nextTime`). */
  private find(): void {
    // Plain assignments rather than `size > 0 ? heapTime[0] : Infinity`: with the conditional
    // expression V8 kept `t` as a heap number and allocated one per event (about 120 MB of garbage
    // in a ten-year calibrated run).
    let src = NO_EVENT;
    let t = Infinity;
    let sq = Infinity;
    if (this.size > 0) {
      src = HEAP;
      t = this.heapTime[0];
      sq = this.slotSeq[this.heapSlot[0]];
    }
    const times = this.laneHeadTime;
    const seqs = this.laneHeadSeq;
    for (let i = 0; i < times.length; i++) {
      const lt = times[i];
      if (lt < t || (lt === t && lt !== Infinity && seqs[i] < sq)) {
        src = i;
        t = lt;
        sq = seqs[i];
      }
    }
    this.nextSrc = src;
    this.nextTime = t;
  }

  private fire(src: number): void {
    this.nextSrc = UNKNOWN;
    if (src !== HEAP) {
      const l = this.lanes[src];
      const i = l.head++;
      if (l.head === l.tail) {
        l.head = l.tail = 0;
        this.laneHeadTime[src] = Infinity;
      } else {
        this.laneHeadTime[src] = l.time[l.head];
        this.laneHeadSeq[src] = l.seq[l.head];
      }
      this.now = l.time[i];
      this.steps++;
      this.handler.handle(l.kind[i], l.subject[i], l.token[i]);
      return;
    }
    const at = this.heapTime[0];
    const slot = this.heapSlot[0];
    const kind = this.slotKind[slot];
    const subject = this.slotSubject[slot];
    const token = this.slotToken[slot];
    this.freeSlots[this.freeCount++] = slot;
    this.popRoot();
    this.now = at;
    this.steps++;
    this.handler.handle(kind, subject, token);
  }

  /** Remove the root: sift the last event down from the top, promoting the earliest child. */
  private popRoot(): void {
    const size = --this.size;
    if (size === 0) return;
    const time = this.heapTime;
    const slots = this.heapSlot;
    const seqs = this.slotSeq;
    const t = time[size];
    const slot = slots[size];
    const seq = seqs[slot];
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      // The earliest of up to four children.
      let c = first;
      let tc = time[first];
      const end = first + 4 < size ? first + 4 : size;
      for (let j = first + 1; j < end; j++) {
        const tj = time[j];
        if (tj < tc || (tj === tc && seqs[slots[j]] < seqs[slots[c]])) {
          c = j;
          tc = tj;
        }
      }
      if (tc > t || (tc === t && seqs[slots[c]] > seq)) break;
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
