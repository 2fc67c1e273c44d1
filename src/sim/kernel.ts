/**
 * The discrete-event kernel: a clock and a future-event list. Nothing else: no statistics, no
 * model, no randomness (see DESIGN.md).
 *
 * An event is five numbers — time, sequence, kind, subject, token — stored in parallel typed
 * arrays that form a binary min-heap ordered by (time, sequence). The sequence number comes from a
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
  // Slots: sequence number, kind, subject, token and heap position of each pending event; free
  // slots are stacked for reuse.
  private slotSeq: Float64Array;
  private slotKind: Uint8Array;
  private slotSubject: Int32Array;
  private slotToken: Int32Array;
  private slotPos: Int32Array;
  private freeSlots: Int32Array;
  private freeCount: number;
  private readonly lanes: Lane[] = [];
  // Time and sequence of each lane's first event (Infinity when empty), scanned for the next event.
  private laneHeadTime = new Float64Array(0);
  private laneHeadSeq = new Float64Array(0);

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
    this.slotPos = new Int32Array(n).fill(-1);
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
    const src = this.next();
    return src === NO_EVENT
      ? Infinity
      : src === HEAP
        ? this.heapTime[0]
        : this.lanes[src].time[this.lanes[src].head];
  }

  /** Open a new lane; returns its number for `inLane`. */
  addLane(): number {
    this.lanes.push(new Lane());
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
   * after now satisfy this); cancel lane events by token, not by handle.
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
  }

  /** Drop every event waiting in a lane. */
  clearLane(lane: number): void {
    const l = this.lanes[lane];
    l.head = l.tail = 0;
    l.lastTime = -Infinity;
    this.laneHeadTime[lane] = Infinity;
  }

  /** Where the next event is: HEAP, a lane number, or NO_EVENT. */
  private next(): number {
    let src = this.size > 0 ? HEAP : NO_EVENT;
    let t = src === HEAP ? this.heapTime[0] : Infinity;
    let sq = src === HEAP ? this.slotSeq[this.heapSlot[0]] : Infinity;
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
    return src;
  }

  /**
   * Schedule an event at absolute time `at` (not before now). Returns a handle that `cancel`
   * accepts until the event has run.
   */
  schedule(at: number, kind: number, subject = -1, token = 0): number {
    if (!(at >= this.now)) throw new RangeError(`cannot schedule at ${at}, before now (${this.now})`);
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount];
    this.slotSeq[slot] = this.seq++;
    this.slotKind[slot] = kind;
    this.slotSubject[slot] = subject;
    this.slotToken[slot] = token;
    this.siftUp(this.size++, at, slot);
    return slot;
  }

  /** Schedule an event `delay` after now; returns its handle. */
  after(delay: number, kind: number, subject = -1, token = 0): number {
    return this.schedule(this.now + delay, kind, subject, token);
  }

  /** Remove a pending event by its handle. Returns false if it is not pending. */
  cancel(handle: number): boolean {
    const i = handle >= 0 && handle < this.slotPos.length ? this.slotPos[handle] : -1;
    if (i < 0) return false;
    this.slotPos[handle] = -1;
    this.freeSlots[this.freeCount++] = handle;
    const last = --this.size;
    if (i === last) return true;
    // Put the last event in the hole and restore heap order in whichever direction it needs.
    const t = this.heapTime[last];
    const slot = this.heapSlot[last];
    const p = (i - 1) >> 1;
    if (i > 0 && this.earlier(t, this.slotSeq[slot], this.heapTime[p], this.slotSeq[this.heapSlot[p]]))
      this.siftUp(i, t, slot);
    else this.siftDown(i, t, slot, last);
    return true;
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
    for (;;) {
      const src = this.next();
      if (src === NO_EVENT) break;
      const t = src === HEAP ? this.heapTime[0] : this.laneHeadTime[src];
      if (!(t < until)) break;
      this.fire(src);
    }
    if (until > this.now) this.now = until;
  }

  private fire(src: number): void {
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
      this.handler(l.kind[i], l.subject[i], l.token[i]);
      return;
    }
    const at = this.heapTime[0];
    const slot = this.heapSlot[0];
    const kind = this.slotKind[slot];
    const subject = this.slotSubject[slot];
    const token = this.slotToken[slot];
    this.slotPos[slot] = -1;
    this.freeSlots[this.freeCount++] = slot;
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.heapTime[last], this.heapSlot[last], last);
    this.now = at;
    this.steps++;
    this.handler(kind, subject, token);
  }

  private earlier(ta: number, sa: number, tb: number, sb: number): boolean {
    return ta < tb || (ta === tb && sa < sb);
  }

  /** Place event (t, slot) at hole i or above, moving later parents down. */
  private siftUp(i: number, t: number, slot: number): void {
    const time = this.heapTime;
    const slots = this.heapSlot;
    const pos = this.slotPos;
    const seq = this.slotSeq[slot];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = time[p];
      if (tp < t || (tp === t && this.slotSeq[slots[p]] < seq)) break;
      time[i] = tp;
      const sp = slots[p];
      slots[i] = sp;
      pos[sp] = i;
      i = p;
    }
    time[i] = t;
    slots[i] = slot;
    pos[slot] = i;
  }

  /** Place event (t, slot) at hole i or below, within a heap of `size` entries. */
  private siftDown(i: number, t: number, slot: number, size: number): void {
    const time = this.heapTime;
    const slots = this.heapSlot;
    const pos = this.slotPos;
    const seqs = this.slotSeq;
    const seq = seqs[slot];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      let tc = time[c];
      const r = c + 1;
      if (r < size) {
        const tr = time[r];
        if (tr < tc || (tr === tc && seqs[slots[r]] < seqs[slots[c]])) {
          c = r;
          tc = tr;
        }
      }
      if (tc > t || (tc === t && seqs[slots[c]] > seq)) break;
      time[i] = tc;
      const sc = slots[c];
      slots[i] = sc;
      pos[sc] = i;
      i = c;
    }
    time[i] = t;
    slots[i] = slot;
    pos[slot] = i;
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
    const pos = new Int32Array(n).fill(-1);
    pos.set(this.slotPos);
    this.slotPos = pos;
    this.freeSlots = new Int32Array(n);
    // Every old slot is in use (that is why we grew): the new ones are free.
    for (let i = 0; i < n - old; i++) this.freeSlots[i] = n - 1 - i;
    this.freeCount = n - old;
  }
}
