/**
 * The asylum system as a per-person discrete-event model (MODEL.md "Processes" 1–12).
 *
 * Every person is an index into a table of fixed-size records (stage, group, flags, accommodation,
 * tickets; see BYTES); an event is five numbers in the kernel's heap. A person's pending timers
 * carry the person's `token` at scheduling time; any change of stage bumps the token, so timers
 * from the old stage are recognised as cancelled when they come up (lazy deletion). Queues
 * (decisions, the tribunal, removals, transfers, relocation) are FIFO rings of (person, ticket)
 * pairs; a person leaving a queue early simply invalidates their ticket. The line of people in
 * hotels waiting for dispersal housing is a flag per place (HotelLine).
 */
import { SIM_STAGES } from '../domain/stages.ts';
import { Kernel } from './kernel.ts';
import type { EventHandler } from './kernel.ts';
import type { DurationLaw, ModelConfig } from './compile.ts';
import { RandomStream } from './random.ts';
import { SERIES_COUNT, SERIES_INDEX } from './series.ts';

// Stages, indexed like SIM_STAGES; EXITED marks a person who has left the system.
const AD = 0; // AWAITING_DECISION
const REF = 1; // REFUSED
const AP = 2; // APPEAL_PENDING
const GMO = 3; // GRANTED_MOVE_ON
const FR = 4; // FINALLY_REFUSED
const AT = 5; // AWAITING_TRANSFER
const HUB = 6; // IN_HUB
const AR = 7; // AWAITING_RELOCATION
const EXITED = 255;
const STAGE_COUNT = SIM_STAGES.length;

// Where each flow is counted (copied to constants: read on every event).
const F_ABSCONDED = SERIES_INDEX.absconded;
const F_APPEALS_ALLOWED = SERIES_INDEX.appealsAllowed;
const F_APPEALS_LODGED = SERIES_INDEX.appealsLodged;
const F_ARRIVALS = SERIES_INDEX.arrivals;
const F_DECISIONS = SERIES_INDEX.decisions;
const F_GRANTED_EXITS = SERIES_INDEX.grantedExits;
const F_GRANTS = SERIES_INDEX.grants;
const F_ONWARD_RETURNS = SERIES_INDEX.onwardReturns;
const F_REFUSALS = SERIES_INDEX.refusals;
const F_RELOCATIONS = SERIES_INDEX.relocations;
const F_REMOVALS = SERIES_INDEX.removals;
const F_RETURNED_TO_UK = SERIES_INDEX.returnedToUk;
const F_SMALL_BOAT_ARRIVALS = SERIES_INDEX.smallBoatArrivals;
const F_TRANSFERS = SERIES_INDEX.transfers;
const F_WITHDRAWALS = SERIES_INDEX.withdrawals;

// Person flags.
const VULNERABLE = 1;
const RETURNABLE = 2;
const SMALL_BOAT = 4;
const NO_HUB = 8; // returned from a hub: never eligible again
const SELF_SUPPORT = 16;

// Accommodation.
const NONE = 0;
const DISPERSAL = 1;
const HOTEL = 2;

// The queues people wait in (0: none), indexing `queued`.
const Q_DECISION = 1;
const Q_REMOVAL = 2;
const Q_TRANSFER = 3;
const Q_RELOCATION = 4;
const Q_APPEAL = 5; // waiting for the capacity-limited tribunal

// Event kinds.
const E_MONTH_END = 2;
const E_DECISION_DONE = 3;
const E_WINDOW_END = 5;
const E_APPEAL_DONE = 6;
const E_MOVE_ON_END = 7;
const E_TRANSFER = 9;
const E_HUB_ONWARD = 10;
const E_HUB_RETURN = 11;
const E_HUB_OPEN = 12;
const E_CHALLENGE = 13;
const E_PAUSE_END = 14;
const E_RELOCATION_PROCESS = 16;
const E_FIXED_PAYMENT = 17;
const E_CASEWORKERS = 18;
const E_RIGHT_TO_WORK = 19;
const E_TRIBUNAL = 22; // the tribunal's capacity changes

// The Poisson processes that share the model's clock (see `syncClock`), each at its own rate.
const P_DECISION = 0; // a claim being decided (exponential decision times) is decided
const P_ARRIVAL = 1; // someone arrives
const P_HEARING = 2; // an appeal the capacity-limited tribunal is hearing (exponential) is determined
const P_APPEAL = 3; // an appeal (unlimited tribunal, exponential times) is determined
const P_WITHDRAWAL = 4; // someone awaiting a decision withdraws
const P_REMOVAL = 5; // a removal opportunity, while anyone is queued for removal
const P_RELOCATION = 6; // a relocation slot, while anyone is queued and the cap is not reached
const P_ABSCOND = 7; // P_ABSCOND + i: someone in the i-th stage people abscond from absconds
const PROCESS_COUNT = P_ABSCOND + STAGE_COUNT;

/**
 * The clock's rates are held in fixed point, as whole numbers of 2^-32 events a day (DESIGN.md
 * decision 5): a sum of whole numbers below 2^53 is exact in any order, so the total can be kept
 * up to date as counts change instead of summed afresh after every event. 2^-32 a day is one event
 * in 11.8 million years; the total may reach 2^21 (about 2.1 million) events a day.
 */
const RATE_UNIT = 2 ** 32;
const MAX_RATE = Number.MAX_SAFE_INTEGER;

/** A rate per day in the clock's fixed point (a rate above 0 is never rounded to 0). */
function fixedRate(perDay: number): number {
  return perDay > 0 ? Math.max(1, Math.round(perDay * RATE_UNIT)) : 0;
}

/** Event kinds whose subject is a person and whose token must match the person's current one. */
const PERSON_EVENT = new Uint8Array(32);
for (const k of [
  E_DECISION_DONE,
  E_WINDOW_END,
  E_APPEAL_DONE,
  E_MOVE_ON_END,
  E_TRANSFER,
  E_HUB_ONWARD,
  E_HUB_RETURN,
  E_RELOCATION_PROCESS,
  E_RIGHT_TO_WORK,
])
  PERSON_EVENT[k] = 1;

/**
 * Each person is a record of BYTES bytes holding what almost every event about them reads or
 * writes: three 32-bit integers and four single bytes, read through a view of each width
 * (`ints[id * INTS + TOKEN]`, `bytes[id * BYTES + STAGE]`). An event about someone chosen at
 * random (an abscond, a decision, a removal) touches most of these; in one record that is one
 * cache miss, where a separate array per field cost one miss per field. Fields that only a few
 * events use have arrays of their own beside the records (`memberPos`, `enteredAt`, `hubSite`),
 * so that the records are half the size and twice as many people's records fit in the
 * processor's caches: the calibrated scenarios keep hundreds of thousands of people, and most
 * events concern someone not touched for weeks. (Measured: 64-byte records made ten years of
 * return-hubs 28% slower than 32-byte ones; going from 32 to 16 bytes cut the reads that miss a
 * simulated 1 MB cache by 11%.)
 */
const BYTES = 16;
const INTS = BYTES / 4;
// 32-bit fields (index in `ints`, from the record's start).
const TOKEN = 0; // bumped at every change of stage: timers carry it (see the file comment)
const Q_TICKET = 1; // ticket in the queue the person waits in, 0 if none (which queue: QUEUE_OF)
// Place in the hotel line (HotelLine), 0 if not in a hotel; once the line's head has passed it,
// the person has moved to dispersal housing.
const HOTEL_TICKET = 2;
// Byte fields (index in `bytes`).
const STAGE = 12;
const GROUP = 13;
const FLAGS = 14;
const ACCOM = 15;

/**
 * The queue a person in each stage waits in, if they wait (their ticket is not 0): a stage has one
 * queue, so the record need not say which.
 */
const QUEUE_OF = new Uint8Array(256);
QUEUE_OF[AD] = Q_DECISION;
QUEUE_OF[AP] = Q_APPEAL;
QUEUE_OF[FR] = Q_REMOVAL;
QUEUE_OF[AT] = Q_TRANSFER;
QUEUE_OF[AR] = Q_RELOCATION;

/** The person records and the arrays beside them, for `cap` people. */
interface PersonTables {
  cap: number;
  records: ArrayBuffer;
  /** Index in the stage's member list (stages that keep one). */
  memberPos: Int32Array;
  /** When the person entered their stage (the stages in the model's `keepsEntry`). */
  enteredAt: Float64Array;
  /**
   * The hub holding the person's place, -1 if none: set to -1 when the table is made or reused
   * and when a place is given back, so a newcomer taking a free index finds -1 there.
   */
  hubSite: Int8Array;
}

function newTables(cap: number, from?: PersonTables): PersonTables {
  const t: PersonTables = {
    cap,
    records: new ArrayBuffer(cap * BYTES),
    memberPos: new Int32Array(cap),
    enteredAt: new Float64Array(cap),
    hubSite: new Int8Array(cap).fill(-1),
  };
  if (from) {
    new Uint8Array(t.records).set(new Uint8Array(from.records));
    t.memberPos.set(from.memberPos);
    t.enteredAt.set(from.enteredAt);
    t.hubSite.set(from.hubSite);
  }
  return t;
}

/**
 * What the last replication in this thread left for the next: the person tables, the kernel,
 * the queues and the lists, at the sizes they grew to. Replications run one after another in a
 * thread, and reusing their memory means a long Monte Carlo run allocates nothing after the first
 * replication: no garbage for the collector, and no fragmented memory for the thread's allocator
 * to keep (which grew each worker by about 50 MB over 400 replications of reference-r1).
 */
let spareTables: PersonTables | undefined;
let spareKernel: Kernel | undefined;
let spareHotelLine: HotelLine | undefined;
const spareQueues = new Map<string, TicketQueue>();
const spareLists = new Map<string, Int32Array>();

/**
 * Tables for at least n people, every record 0 (tickets restart at 1 each replication: none may
 * survive), and no hub places held. The other arrays beside the records are written before they
 * are read.
 */
function takeTables(n: number): PersonTables {
  const t = spareTables;
  spareTables = undefined;
  if (t && t.cap >= n) {
    new Uint8Array(t.records).fill(0);
    t.hubSite.fill(-1);
    return t;
  }
  return newTables(n);
}

/** A FIFO of (person, ticket) pairs in growable typed arrays. */
class TicketQueue {
  ids = new Int32Array(1024);
  tickets = new Int32Array(1024);
  head = 0;
  tail = 0;

  push(id: number, ticket: number): void {
    if (this.tail === this.ids.length) this.compactOrGrow();
    this.ids[this.tail] = id;
    this.tickets[this.tail++] = ticket;
  }

  private compactOrGrow(): void {
    const live = this.tail - this.head;
    if (this.head > this.ids.length >> 1) {
      this.ids.copyWithin(0, this.head, this.tail);
      this.tickets.copyWithin(0, this.head, this.tail);
    } else {
      const ids = new Int32Array(this.ids.length * 2);
      const tickets = new Int32Array(this.ids.length * 2);
      ids.set(this.ids.subarray(this.head, this.tail));
      tickets.set(this.tickets.subarray(this.head, this.tail));
      this.ids = ids;
      this.tickets = tickets;
    }
    this.head = 0;
    this.tail = live;
  }
}

/**
 * The people in hotels in the order they entered one, waiting for a dispersal place (decision 9
 * in DESIGN.md): a flag per place in the line, 1 while its person is still in a hotel. A person
 * holds their place + 1 (`HOTEL_TICKET`), and once `head` has passed it they have moved to
 * dispersal housing. So handing a freed dispersal place to whoever has waited longest reads these
 * flags, not the records of the people passed over and moved (last touched when they entered the
 * hotel, months before: a cache miss each, 420,000 in ten years of return-hubs).
 */
class HotelLine {
  waiting = new Uint8Array(1024);
  /** The place at `waiting[0]`. */
  base = 0;
  head = 0;
  tail = 0;

  /** Join the line; returns the place + 1. */
  join(): number {
    if (this.tail - this.base === this.waiting.length) this.makeRoom();
    this.waiting[this.tail - this.base] = 1;
    return ++this.tail;
  }

  /** The person holding `ticket` leaves the hotel (the head has not passed them). */
  leave(ticket: number): void {
    this.waiting[ticket - 1 - this.base] = 0;
  }

  /** The longest waiting moves to dispersal housing; false if nobody waits. */
  moveFirst(): boolean {
    while (this.head < this.tail) if (this.waiting[this.head++ - this.base] === 1) return true;
    return false;
  }

  private makeRoom(): void {
    const size = this.waiting.length;
    const gone = this.head - this.base;
    if (gone > size >> 1) this.waiting.copyWithin(0, gone);
    else {
      const bigger = new Uint8Array(size * 2);
      bigger.set(this.waiting.subarray(gone));
      this.waiting = bigger;
    }
    this.base += gone;
  }
}

/** The hotel line left by the last replication (emptied), or a new one. */
function takeHotelLine(): HotelLine {
  const l = spareHotelLine ?? new HotelLine();
  spareHotelLine = undefined;
  l.base = l.head = l.tail = 0;
  return l;
}

/**
 * A pool of servers and its queue: the caseworkers deciding claims, or the capacity-limited
 * tribunal hearing appeals (decision 13 in DESIGN.md). At most `capacity` people are served at
 * once and the rest wait in a FIFO queue. With exponential service times the people being served
 * finish as one Poisson process of the model's clock, at rate busy / mean, the one finishing
 * chosen at random from a list of (person, token) pairs; with other laws each has a timer of
 * their own (`doneKind`).
 *
 * Someone who leaves service otherwise (withdrawing or absconding while their claim is decided)
 * stays in the list until picked: their token has changed, so the pick is drawn again. Nobody's
 * record is touched to keep the list dense, and such entries are few (the hazard of leaving ×
 * the mean service time, under 1% in the calibrated scenarios).
 */
class Pool {
  capacity = 0;
  /** People being served. */
  busy = 0;
  /** Clocked pools: entries in `serving` and `servingToken` (people being served, and a few who left). */
  listed = 0;
  declare serving: Int32Array;
  declare servingToken: Int32Array;
  declare readonly queue: TicketQueue;
  /** Exponential service times: completions are a process of the model's clock. */
  declare readonly clocked: boolean;
  /** Completions per day per person served, in the clock's fixed point (0: not clocked). */
  declare readonly rate: number;

  constructor(
    readonly name: string,
    readonly law: DurationLaw,
    /** The event that ends one person's service (pools that are not clocked). */
    readonly doneKind: number,
  ) {
    this.serving = takeList(name);
    this.servingToken = takeList(`${name} tokens`);
    this.queue = takeQueue(name);
    this.clocked = law.kind === 0;
    this.rate = this.clocked ? fixedRate(1 / law.mean) : 0;
  }

  /** Add someone being served (clocked pools). */
  list(id: number, token: number): void {
    if (this.listed === this.serving.length) {
      const ids = new Int32Array(this.listed * 2);
      const tokens = new Int32Array(this.listed * 2);
      ids.set(this.serving);
      tokens.set(this.servingToken);
      this.serving = ids;
      this.servingToken = tokens;
    }
    this.serving[this.listed] = id;
    this.servingToken[this.listed++] = token;
  }

  release(): void {
    spareLists.set(this.name, this.serving);
    spareLists.set(`${this.name} tokens`, this.servingToken);
    spareQueues.set(this.name, this.queue);
  }
}

/** The named queue left by the last replication (emptied), or a new one. */
function takeQueue(name: string): TicketQueue {
  const q = spareQueues.get(name) ?? new TicketQueue();
  spareQueues.delete(name);
  q.head = q.tail = 0;
  return q;
}

/** The named list left by the last replication, or a new one (read only below its count). */
function takeList(name: string): Int32Array {
  const l = spareLists.get(name) ?? new Int32Array(1024);
  spareLists.delete(name);
  return l;
}

function takeKernel(handler: EventHandler): Kernel {
  const k = spareKernel ?? new Kernel(handler, 4096);
  spareKernel = undefined;
  k.reset(handler);
  return k;
}

export interface ReplicationResult {
  /** Row-major: one row of SERIES_COUNT values per report. */
  series: Float64Array;
  reports: number;
  /** Events that did something (cancelled timers are not counted). */
  events: number;
  /** Every event the kernel ran, including cancelled timers. */
  kernelSteps: number;
  /** People created (initial stocks plus arrivals). */
  people: number;
}

export class AsylumModel implements EventHandler {
  // Fields set in the constructor are `declare`d, and typed arrays set later start as empty ones
  // of their type: V8 types a field by its first value, and a class field without an initialiser
  // would first be `undefined` (DESIGN.md decision 21).
  declare private readonly k: Kernel;
  declare private readonly rng: RandomStream;
  declare private readonly c: ModelConfig;

  // Kernel lanes for events scheduled in time order (see Kernel): the fixed delays.
  declare private readonly laneWindow: number;
  declare private readonly laneMoveOn: number;
  declare private readonly laneLead: number;
  declare private readonly laneRightToWork: number;
  declare private readonly laneProcess: number;

  // Per-person state (grown on demand). A person who leaves gives their index back (a stack of
  // free indices), so the arrays hold the people in the system at once, not everyone who ever
  // came: a tenth of the size in a ten-year calibrated run, small enough to stay in cache.
  declare private cap: number;
  /** Indices in use so far (the high-water mark). */
  private n = 0;
  // Set by `useTables`: the records, seen through views of the same memory by field width, and
  // the arrays beside them.
  declare private tables: PersonTables;
  private ints: Int32Array = new Int32Array(0);
  private bytes: Uint8Array = new Uint8Array(0);
  private memberPos: Int32Array = new Int32Array(0);
  private enteredAt: Float64Array = new Float64Array(0);
  private hubSite: Int8Array = new Int8Array(0);
  /** People created. */
  private created = 0;
  private free = takeList('free');
  private freeCount = 0;

  // Stage populations, members (for absconding at random) and person-day integrals.
  private readonly stageCount = new Int32Array(STAGE_COUNT);
  private readonly members: Int32Array[] = Array.from({ length: STAGE_COUNT }, (_, s) =>
    takeList(`members${s}`),
  );
  /**
   * Whether a stage keeps a list of its members, for the clock's processes that pick someone in
   * it at random (absconding; determination of exponential appeals before an unlimited tribunal;
   * withdrawal, when decision times are not exponential: otherwise see anyAwaitingDecision).
   */
  declare private readonly keepsMembers: Uint8Array;
  declare private readonly appealsAsHazard: boolean;
  /**
   * The stages whose start is read later (`enteredAt`): a stay in a hub ends at its maximum
   * length; and until the first hub opens, the finally refused, who then join the transfer queue
   * in the order they became so. Writing a start nobody reads touches a cold line for nothing.
   */
  private readonly keepsEntry = new Uint8Array(256);
  /** The stages with an absconding hazard, in order: P_ABSCOND + i is absconding from the i-th. */
  declare private readonly abscondStages: Int32Array;
  /**
   * Person-days in each stage, less count × now: every entry takes away its time and every exit
   * adds its time, so the days spent in a stage up to now are this plus count × now (see `record`),
   * and a change of stage costs one addition.
   */
  private readonly stageDaysLessNow = new Float64Array(STAGE_COUNT);

  // The model's clock: every Poisson process of the model at once (see `syncClock`). Rates are
  // in fixed point (RATE_UNIT).
  /**
   * Each process's rate per unit of what drives it (P_*): per person served, in the stage, or
   * while anyone is queued; 0 for a process this scenario lacks. Arrivals have `arrivalRate`.
   */
  private readonly unitRate = new Float64Array(PROCESS_COUNT);
  /** Arrivals per day this month (the segment's rate, with deterrence), and in fixed point. */
  private arrivalPerDay = 0;
  private arrivalRate = 0;
  declare private readonly relocationCap: number;
  /**
   * The sum of every process's rate, kept as the counts that drive them change: a person entering
   * or leaving a stage adds or takes away `stageRate` (the hazards of everyone in it); a pool's
   * `busy` its `rate`; a queue becoming non-empty or empty its `queueRate` (removal and relocation
   * opportunities). `walkRates` finds the same sum from the state, to the last bit.
   */
  protected rate = 0;
  private readonly stageRate = new Float64Array(STAGE_COUNT);
  private readonly queueRate = new Float64Array(6);
  /** The sum `walkRates` last found (when asked for every process). */
  protected rateSum = 0;
  /** The sum as of the last sync: the rate the clock ticks at; 0 when no clock is running. */
  private clockRate = 0;
  /** When the clock next ticks; Infinity when it is not running. */
  private clockAt = Infinity;

  // Queues.
  private nextTicket = 1;
  private readonly removalQ = takeQueue('removal');
  private readonly relocationQ = takeQueue('relocation');
  declare private readonly transferQ: TicketQueue[];
  private readonly hotels = takeHotelLine();
  private readonly queued = new Float64Array(6);

  // Server pools: the caseworkers, and the capacity-limited tribunal (null: appeals never wait).
  declare private readonly decisions: Pool;
  declare private readonly tribunal: Pool | null;

  // Accommodation and continuous costs.
  private hotelCount = 0;
  private dispersalCount = 0;
  private selfCount = 0;
  private hubNightRate = 0;
  private lastAccrue = 0;
  private hotelDays = 0;
  private dispersalDays = 0;
  private selfDays = 0;
  private hubNightCost = 0;

  // Arrivals.
  private segment = 0;
  private smallBoatFactor = 1;
  /** Cumulative shares of the nationality groups (a typed array, like the clock's rates). */
  declare private readonly groupCumShare: Float64Array;
  /** Each group's initial grant rate this month (it may change by calendar year). */
  declare private readonly grantRate: Float64Array;

  // Hubs.
  private hubsStarted = false;
  declare private readonly siteUsed: Float64Array;
  declare private readonly siteOpen: Uint8Array;
  declare private readonly sitePop: Float64Array;
  private pausedUntil = 0;
  private pauseToken = 0;

  // Flows and one-off costs.
  declare private readonly flow: Float64Array;
  private costCasework = 0;
  private costAppeals = 0;
  private costRemovals = 0;
  private costTransfers = 0;
  private costHubFees = 0;
  private costRelocation = 0;
  private thresholdPaid = false;

  // Output.
  declare private readonly series: Float64Array;
  declare private readonly reports: number;
  private events = 0;

  constructor(config: ModelConfig, rootSeed: number, replication: number) {
    this.c = config;
    this.rng = new RandomStream(rootSeed, replication);
    // Room for the initial stocks and a year of arrivals; the arrays double if more are needed.
    const initial = config.initialStages.reduce((a, b) => a + b, 0);
    this.cap = Math.max(1024, Math.ceil(initial * 1.25 + (config.segmentRate[0] ?? 0) * 365));
    this.useTables(takeTables(this.cap));
    this.k = takeKernel(this);
    // Only the lanes this scenario uses: every lane is looked at for every event.
    const k = this.k;
    this.laneWindow = k.addLane();
    this.laneMoveOn = k.addLane();
    this.laneProcess = config.relocation ? k.addLane() : -1;
    this.laneLead = config.hubs && config.hubs.leadTimeDays > 0 ? k.addLane() : -1;
    this.laneRightToWork = config.rightToWork ? k.addLane() : -1;
    this.decisions = new Pool('decisions', config.decision, E_DECISION_DONE);
    this.decisions.capacity = config.caseworkers;
    this.tribunal = config.tribunal ? new Pool('tribunal', config.appeal, E_APPEAL_DONE) : null;
    if (this.tribunal) this.tribunal.capacity = config.tribunal!.hearings;
    // Exponential appeals before an unlimited tribunal are a hazard of the stage (see syncClock).
    this.appealsAsHazard = config.appeal.kind === 0 && !this.tribunal;
    this.abscondStages = Int32Array.from(SIM_STAGES.keys()).filter((s) => config.abscondPerDay[s] > 0);
    const u = this.unitRate;
    u[P_DECISION] = this.decisions.rate;
    u[P_HEARING] = this.tribunal?.rate ?? 0;
    u[P_APPEAL] = this.appealsAsHazard ? fixedRate(1 / config.appeal.mean) : 0;
    u[P_WITHDRAWAL] = fixedRate(config.withdrawalPerDay);
    u[P_REMOVAL] = fixedRate(config.removalsPerDay);
    u[P_RELOCATION] = fixedRate(config.relocation?.perDay ?? 0);
    this.relocationCap = config.relocation?.totalCap ?? 0;
    // What each change of a count adds to the clock's rate (the same terms as walkRates).
    this.abscondStages.forEach((s, i) => {
      u[P_ABSCOND + i] = fixedRate(config.abscondPerDay[s]);
      this.stageRate[s] += u[P_ABSCOND + i];
    });
    this.stageRate[AP] += u[P_APPEAL];
    this.stageRate[AD] += u[P_WITHDRAWAL];
    this.queueRate[Q_REMOVAL] = u[P_REMOVAL];
    this.queueRate[Q_RELOCATION] = this.relocationCap > 0 ? u[P_RELOCATION] : 0;
    this.setArrivalRate();
    this.keepsMembers = Uint8Array.from(config.abscondPerDay, (h) => (h > 0 ? 1 : 0));
    if (this.appealsAsHazard) this.keepsMembers[AP] = 1;
    if (config.withdrawalPerDay > 0) this.keepsMembers[AD] = 1;
    if (this.decisions.clocked) this.keepsMembers[AD] = 0;
    this.keepsEntry[HUB] = 1;
    if (config.hubs) this.keepsEntry[FR] = 1;
    this.transferQ = config.groups.map((_, g) => takeQueue(`transfer${g}`));
    const sites = config.hubs?.sites.length ?? 0;
    this.siteUsed = new Float64Array(sites);
    this.siteOpen = new Uint8Array(sites);
    this.sitePop = new Float64Array(sites);
    this.groupCumShare = Float64Array.from(config.groupCumShare);
    this.grantRate = Float64Array.from(config.groups, (g) => g.grantRateBySegment?.[0] ?? g.grantRate);
    this.flow = new Float64Array(SERIES_COUNT);
    this.reports = config.monthEnds.length + 1;
    this.series = new Float64Array(this.reports * SERIES_COUNT);
  }

  /** Run to the horizon and return the recorded series. */
  run(): ReplicationResult {
    const c = this.c;
    const k = this.k;
    c.caseworkerSchedule.forEach((s, i) => {
      if (s.at > 0) k.schedule(s.at, E_CASEWORKERS, i);
      else this.decisions.capacity = s.caseworkers;
    });
    c.tribunal?.schedule.forEach((s, i) => {
      if (s.at > 0) k.schedule(s.at, E_TRIBUNAL, i);
      else this.tribunal!.capacity = s.hearings;
    });
    this.createInitialStocks();
    c.monthEnds.forEach((t, i) => k.schedule(t, E_MONTH_END, i));
    if (c.hubs) {
      c.hubs.sites.forEach((s, i) => k.schedule(s.openAt, E_HUB_OPEN, i));
      if (c.hubs.challengesPerDay > 0)
        k.after(this.rng.exponential(1 / c.hubs.challengesPerDay), E_CHALLENGE);
    }
    if (c.relocation)
      c.relocation.fixed.forEach((p, i) => {
        if (p.at >= 0) k.schedule(p.at, E_FIXED_PAYMENT, i);
      });
    this.pull(this.decisions);
    this.syncClock();
    // The kernel's events, and between them the ticks of the model's clock (see syncClock). Each
    // call to stepBefore is given one number, not `tickAt < horizon ? tickAt : horizon`: V8 kept
    // that choice as a heap number and allocated one per event (55 MB a ten-year replication).
    const horizon = c.horizon;
    for (;;) {
      const tickAt = this.clockAt;
      if (tickAt < horizon) {
        if (k.stepBefore(tickAt)) continue;
        k.advance(tickAt);
        this.events++;
        this.tick();
        this.syncClock();
      } else if (!k.stepBefore(horizon)) break;
    }
    k.advance(horizon);
    this.record(this.reports - 1);
    this.releaseArrays();
    return {
      series: this.series,
      reports: this.reports,
      events: this.events,
      kernelSteps: k.steps,
      people: this.created,
    };
  }

  /** Hand the records, kernel, queues and lists to the next replication in this thread. */
  private releaseArrays(): void {
    spareTables = this.tables;
    spareKernel = this.k;
    this.members.forEach((l, s) => spareLists.set(`members${s}`, l));
    this.decisions.release();
    this.tribunal?.release();
    spareLists.set('free', this.free);
    spareQueues.set('removal', this.removalQ);
    spareQueues.set('relocation', this.relocationQ);
    spareHotelLine = this.hotels;
    this.transferQ.forEach((q, g) => spareQueues.set(`transfer${g}`, q));
  }

  // -------------------------------------------------------------------------------------------
  // Event dispatch
  // -------------------------------------------------------------------------------------------

  /** Run one of the kernel's events (the model is the kernel's EventHandler). */
  handle(kind: number, id: number, tok: number): void {
    if (PERSON_EVENT[kind] === 1 && this.ints[id * INTS + TOKEN] !== tok) return;
    if (kind === E_PAUSE_END && tok !== this.pauseToken) return;
    this.events++;
    switch (kind) {
      case E_MONTH_END:
        this.monthEnd(id);
        break;
      case E_DECISION_DONE:
        this.decide(id);
        break;
      case E_WINDOW_END:
        this.finallyRefuse(id);
        break;
      case E_APPEAL_DONE:
        this.determineAppeal(id);
        break;
      case E_MOVE_ON_END:
        this.exit(id, F_GRANTED_EXITS);
        break;
      case E_TRANSFER:
        this.transfer(id);
        break;
      case E_HUB_ONWARD:
        this.onwardAttempt(id);
        break;
      case E_HUB_RETURN:
        this.returnToUk(id);
        break;
      case E_HUB_OPEN:
        this.openHub(id);
        break;
      case E_CHALLENGE:
        this.challenge();
        break;
      case E_PAUSE_END:
        this.tryTransfers();
        break;
      case E_RELOCATION_PROCESS:
        this.processInadmissible(id);
        break;
      case E_FIXED_PAYMENT:
        this.costRelocation += this.c.relocation!.fixed[id].amount;
        break;
      case E_CASEWORKERS:
        this.decisions.capacity = this.c.caseworkerSchedule[id].caseworkers;
        this.pull(this.decisions);
        break;
      case E_RIGHT_TO_WORK:
        this.rightToWork(id);
        break;
      case E_TRIBUNAL:
        this.tribunal!.capacity = this.c.tribunal!.schedule[id].hearings;
        this.pull(this.tribunal!);
        break;
    }
    this.syncClock();
  }

  // -------------------------------------------------------------------------------------------
  // The model's clock
  // -------------------------------------------------------------------------------------------

  /**
   * Every Poisson process of the model runs on one clock (DESIGN.md decision 5): arrivals,
   * removal and relocation opportunities, completions in the pools with exponential service, and
   * the hazards identical for everyone in a stage (absconding, withdrawal, exponential appeals).
   * Competing exponential clocks superpose into one that ticks at the sum of their rates; a tick
   * is each process with probability proportional to its rate. After every event, if the sum of
   * the rates (`rate`, kept as the counts change) moved from r to r', the time left on the clock is
   * scaled by r / r' — the time left on an exponential clock is again exponential (memoryless), so
   * this is exact and draws nothing.
   */
  protected syncClock(): void {
    const total = this.rate;
    if (total === this.clockRate) return;
    if (total > MAX_RATE)
      throw new RangeError(
        `the model's events came faster than ${MAX_RATE / RATE_UNIT} a day, more than its clock can time exactly`,
      );
    const now = this.k.now;
    let at = Infinity;
    if (total > 0)
      at =
        this.clockRate > 0
          ? now + ((this.clockAt - now) * this.clockRate) / total
          : now + this.rng.exponential(RATE_UNIT / total);
    this.clockRate = total;
    this.clockAt = at;
  }

  /**
   * The clock's processes in order (P_*), each at its rate (a count times its unit rate; 0 for a
   * process the scenario lacks), summed as they come: returns the first process at which the sum
   * exceeds `x`, or -1 if none does, leaving the sum of them all in `rateSum`. This is what the
   * rates are, read from the state: a tick asks which process it was, usually answered in a step
   * or two (decisions and arrivals come first), and the tests check the kept total against it
   * (x = Infinity) after every event.
   */
  protected walkRates(x: number): number {
    const n = this.stageCount;
    const u = this.unitRate;
    let total = this.decisions.busy * u[P_DECISION];
    if (x < total) return P_DECISION;
    total += this.arrivalRate;
    if (x < total) return P_ARRIVAL;
    if (this.tribunal !== null) total += this.tribunal.busy * u[P_HEARING];
    if (x < total) return P_HEARING;
    total += n[AP] * u[P_APPEAL];
    if (x < total) return P_APPEAL;
    total += n[AD] * u[P_WITHDRAWAL];
    if (x < total) return P_WITHDRAWAL;
    if (this.queued[Q_REMOVAL] > 0) total += u[P_REMOVAL];
    if (x < total) return P_REMOVAL;
    if (this.queued[Q_RELOCATION] > 0 && this.flow[F_RELOCATIONS] < this.relocationCap)
      total += u[P_RELOCATION];
    if (x < total) return P_RELOCATION;
    const stages = this.abscondStages;
    for (let i = 0; i < stages.length; i++) {
      total += n[stages[i]] * u[P_ABSCOND + i];
      if (x < total) return P_ABSCOND + i;
    }
    this.rateSum = total;
    return -1;
  }

  /** The clock ticked: which process was it (in proportion to the rates), and to whom? */
  private tick(): void {
    // Which process: the first whose running sum of rates exceeds a uniform share of the total.
    // The counts are those of the last sync (nothing has happened since), so the sums are the
    // same to the last bit, and the share (at most 1 − 2^-33 of the total) is always below the
    // sum of them all: the process found has a rate.
    const p = this.walkRates(this.rng.uniform() * this.clockRate);
    // The clock is spent: the next tick is drawn afresh at the next sync.
    this.clockRate = 0;
    this.clockAt = Infinity;
    switch (p) {
      case P_DECISION:
        return this.decide(this.anyServed(this.decisions));
      case P_ARRIVAL:
        return this.arrive();
      case P_HEARING:
        return this.determineAppeal(this.anyServed(this.tribunal!));
      case P_APPEAL:
        return this.determineAppeal(this.anyMember(AP));
      case P_WITHDRAWAL:
        return this.exit(this.anyAwaitingDecision(), F_WITHDRAWALS);
      case P_REMOVAL:
        return this.removal();
      case P_RELOCATION:
        return this.relocationSlot();
      default: {
        const s = this.abscondStages[p - P_ABSCOND];
        return this.abscond(s === AD ? this.anyAwaitingDecision() : this.anyMember(s));
      }
    }
  }

  /** Someone in stage `s`, chosen at random. */
  private anyMember(s: number): number {
    return this.members[s][this.rng.below(this.stageCount[s])];
  }

  /**
   * Someone awaiting a decision, chosen at random. With exponential decision times everyone
   * awaiting a decision is either waiting in the decision queue or on the pool's list of claims
   * being decided, so the stage needs no member list of its own (keeping one cost a write to
   * another person's record at every decision): the queue or the pool in proportion to the
   * numbers in each, then someone in it.
   */
  private anyAwaitingDecision(): number {
    const d = this.decisions;
    if (!d.clocked) return this.anyMember(AD);
    const waiting = this.queued[Q_DECISION];
    return this.rng.uniform() * (waiting + d.busy) < waiting ? this.anyQueued(d.queue) : this.anyServed(d);
  }

  /** Someone waiting in a queue, chosen at random (entries of people who left it are drawn again). */
  private anyQueued(q: TicketQueue): number {
    for (;;) {
      const i = q.head + this.rng.below(q.tail - q.head);
      const id = q.ids[i];
      if (this.ints[id * INTS + Q_TICKET] === q.tickets[i]) return id;
    }
  }

  /** Someone a pool is serving, chosen at random and taken off its list. */
  private anyServed(pool: Pool): number {
    for (;;) {
      const i = this.rng.below(pool.listed);
      const id = pool.serving[i];
      const current = this.ints[id * INTS + TOKEN] === pool.servingToken[i];
      const last = --pool.listed;
      pool.serving[i] = pool.serving[last];
      pool.servingToken[i] = pool.servingToken[last];
      if (current) return id;
    }
  }

  // -------------------------------------------------------------------------------------------
  // People and stages
  // -------------------------------------------------------------------------------------------

  private newPerson(smallBoat: boolean): number {
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount];
    else {
      if (this.n === this.cap) this.grow();
      id = this.n++;
    }
    this.created++;
    const rng = this.rng;
    const g = rng.categorical(this.groupCumShare);
    const grp = this.c.groups[g];
    let f = smallBoat ? SMALL_BOAT : 0;
    if (rng.bernoulli(grp.vulnerableShare)) f |= VULNERABLE;
    if (rng.bernoulli(grp.returnableFraction)) f |= RETURNABLE;
    this.bytes[id * BYTES + GROUP] = g;
    this.bytes[id * BYTES + FLAGS] = f;
    this.bytes[id * BYTES + STAGE] = EXITED; // not yet in a stage
    return id;
  }

  private grow(): void {
    // Half as much again, not double: the tables are most of a worker's memory.
    this.useTables(newTables(Math.ceil(this.cap * 1.5), this.tables));
  }

  /** Work on these tables: their capacity, and views of the records by field width. */
  private useTables(t: PersonTables): void {
    this.tables = t;
    this.cap = t.cap;
    this.ints = new Int32Array(t.records);
    this.bytes = new Uint8Array(t.records);
    this.memberPos = t.memberPos;
    this.enteredAt = t.enteredAt;
    this.hubSite = t.hubSite;
  }

  /** Move a person into stage `s`, cancelling their old timers. */
  private setStage(id: number, s: number): void {
    // Which queue someone waits in follows from their stage (QUEUE_OF): leave it first.
    if (this.ints[id * INTS + Q_TICKET] !== 0) throw new Error(`person ${id} changed stage while queued`);
    const old = this.bytes[id * BYTES + STAGE];
    if (old !== EXITED) this.removeMember(id, old);
    this.addMember(id, s);
    this.bytes[id * BYTES + STAGE] = s;
    this.ints[id * INTS + TOKEN]++;
    if (this.keepsEntry[s] === 1) this.enteredAt[id] = this.k.now;
  }

  private addMember(id: number, s: number): void {
    this.stageDaysLessNow[s] -= this.k.now;
    const n = this.stageCount[s]++;
    this.rate += this.stageRate[s];
    // Member lists exist only to pick who absconds; stages without a hazard skip them.
    if (this.keepsMembers[s] === 0) return;
    let list = this.members[s];
    if (n === list.length) {
      const bigger = new Int32Array(list.length * 2);
      bigger.set(list);
      this.members[s] = list = bigger;
    }
    list[n] = id;
    this.memberPos[id] = n;
  }

  private removeMember(id: number, s: number): void {
    this.stageDaysLessNow[s] += this.k.now;
    const n = --this.stageCount[s];
    this.rate -= this.stageRate[s];
    if (this.keepsMembers[s] === 0) return;
    const list = this.members[s];
    const at = this.memberPos[id];
    const moved = list[n];
    list[at] = moved;
    this.memberPos[moved] = at;
  }

  /** A person leaves the system. */
  private exit(id: number, flowIndex: number): void {
    const s = this.bytes[id * BYTES + STAGE];
    // Someone awaiting a decision, or an appeal before a capacity-limited tribunal, is either in
    // the pool's queue (a ticket) or being served: leaving, they end their service.
    const pool = s === AD ? this.decisions : s === AP ? this.tribunal : null;
    const served = pool !== null && this.ints[id * INTS + Q_TICKET] === 0;
    this.leaveQueue(id);
    if (served) this.endService(pool);
    this.leaveSupport(id);
    this.stopSelfSupport(id);
    this.removeMember(id, s);
    this.bytes[id * BYTES + STAGE] = EXITED;
    this.ints[id * INTS + TOKEN]++;
    this.flow[flowIndex]++;
    if (s === AT && this.hubSite[id] >= 0) this.releaseHubPlace(id);
    // The index is free for the next person created. Their token carries on from this one, so
    // timers still pending for the person who left can never match the newcomer.
    if (this.freeCount === this.free.length) {
      const bigger = new Int32Array(this.free.length * 2);
      bigger.set(this.free);
      this.free = bigger;
    }
    this.free[this.freeCount++] = id;
  }

  private duration(law: DurationLaw): number {
    if (law.kind === 0) return this.rng.exponential(law.mean);
    if (law.kind === 1) return this.rng.gamma(law.a, law.mean / law.a);
    return this.rng.lognormal(law.mean, law.a);
  }

  // -------------------------------------------------------------------------------------------
  // Queues
  // -------------------------------------------------------------------------------------------

  /** Join `q`, the queue of the person's stage (QUEUE_OF): set the stage first. */
  private enqueue(q: TicketQueue, id: number): void {
    const t = this.nextTicket++;
    this.ints[id * INTS + Q_TICKET] = t;
    const which = QUEUE_OF[this.bytes[id * BYTES + STAGE]];
    if (this.queued[which]++ === 0) this.rate += this.queueRate[which];
    q.push(id, t);
  }

  /** Leave the queue of the person's stage, if waiting in it: before the stage changes. */
  private leaveQueue(id: number): void {
    if (this.ints[id * INTS + Q_TICKET] === 0) return;
    const which = QUEUE_OF[this.bytes[id * BYTES + STAGE]];
    if (--this.queued[which] === 0) this.rate -= this.queueRate[which];
    this.ints[id * INTS + Q_TICKET] = 0;
  }

  /** The person at the head of a queue, skipping people who have left it; -1 if empty. */
  private head(q: TicketQueue): number {
    const ints = this.ints;
    while (q.head < q.tail) {
      const id = q.ids[q.head];
      if (ints[id * INTS + Q_TICKET] === q.tickets[q.head]) return id;
      q.head++;
    }
    return -1;
  }

  private dequeue(q: TicketQueue): number {
    const id = this.head(q);
    if (id >= 0) {
      q.head++;
      this.leaveQueue(id);
    }
    return id;
  }

  // -------------------------------------------------------------------------------------------
  // Accommodation (process 2) and continuous costs
  // -------------------------------------------------------------------------------------------

  /** Bring the continuous cost integrals up to now. */
  private accrue(): void {
    const dt = this.k.now - this.lastAccrue;
    if (dt > 0) {
      this.hotelDays += this.hotelCount * dt;
      this.dispersalDays += this.dispersalCount * dt;
      this.selfDays += this.selfCount * dt;
      this.hubNightCost += this.hubNightRate * dt;
      this.lastAccrue = this.k.now;
    }
  }

  private takeSupport(id: number): void {
    this.accrue();
    if (this.dispersalCount < this.c.dispersalPlaces) {
      this.bytes[id * BYTES + ACCOM] = DISPERSAL;
      this.dispersalCount++;
    } else this.toHotel(id);
  }

  private toHotel(id: number): void {
    this.bytes[id * BYTES + ACCOM] = HOTEL;
    this.hotelCount++;
    this.ints[id * INTS + HOTEL_TICKET] = this.hotels.join();
  }

  private leaveSupport(id: number): void {
    const a = this.bytes[id * BYTES + ACCOM];
    if (a === NONE) return;
    this.accrue();
    this.bytes[id * BYTES + ACCOM] = NONE;
    if (a === HOTEL) {
      const t = this.ints[id * INTS + HOTEL_TICKET];
      this.ints[id * INTS + HOTEL_TICKET] = 0;
      if (t > this.hotels.head) {
        this.hotels.leave(t);
        this.hotelCount--;
        return;
      }
      // The line's head has passed them: they are in dispersal housing.
    }
    this.dispersalCount--;
    // The freed place goes to whoever has been in a hotel longest.
    if (this.hotels.moveFirst()) {
      this.hotelCount--;
      this.dispersalCount++;
    }
  }

  /**
   * How many of the people in the system the records put in hotels and in dispersal housing (a
   * hotel ticket the line's head has passed counts as dispersal): what `hotelCount` and
   * `dispersalCount` must be. The tests compare them as the model runs.
   */
  protected housedByRecords(): { hotel: number; dispersal: number } {
    let hotel = 0;
    let dispersal = 0;
    for (let id = 0; id < this.n; id++) {
      if (this.bytes[id * BYTES + STAGE] === EXITED) continue;
      const a = this.bytes[id * BYTES + ACCOM];
      if (a === HOTEL && this.ints[id * INTS + HOTEL_TICKET] > this.hotels.head) hotel++;
      else if (a !== NONE) dispersal++;
    }
    return { hotel, dispersal };
  }

  /** The kept counts of people in hotels and in dispersal housing, and the dispersal places. */
  protected housedByCounts(): { hotel: number; dispersal: number; places: number } {
    return { hotel: this.hotelCount, dispersal: this.dispersalCount, places: this.c.dispersalPlaces };
  }

  private stopSelfSupport(id: number): void {
    if (this.bytes[id * BYTES + FLAGS] & SELF_SUPPORT) {
      this.accrue();
      this.bytes[id * BYTES + FLAGS] &= ~SELF_SUPPORT;
      this.selfCount--;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Arrivals (process 1) and deterrence (process 11)
  // -------------------------------------------------------------------------------------------

  /** The arrival rate follows the month (its segment) and deterrence. */
  private setArrivalRate(): void {
    const base = this.c.segmentRate[this.segment];
    const sb = this.c.smallBoatShare;
    this.arrivalPerDay = base * (1 - sb) + base * sb * this.smallBoatFactor;
    const rate = fixedRate(this.arrivalPerDay);
    this.rate += rate - this.arrivalRate;
    this.arrivalRate = rate;
  }

  private arrive(): void {
    const c = this.c;
    const sbRate = c.segmentRate[this.segment] * c.smallBoatShare * this.smallBoatFactor;
    const smallBoat = this.rng.uniform() * this.arrivalPerDay < sbRate;
    const id = this.newPerson(smallBoat);
    this.flow[F_ARRIVALS]++;
    if (smallBoat) this.flow[F_SMALL_BOAT_ARRIVALS]++;
    // Same mechanism as the finally-refused support share: a per-person draw (none when the share is 1).
    if (this.rng.bernoulli(c.supportedShare)) this.takeSupport(id);
    const r = c.relocation;
    if (r && smallBoat && this.k.now >= r.startAt && !(this.bytes[id * BYTES + FLAGS] & VULNERABLE))
      this.awaitRelocation(id);
    else this.awaitDecision(id);
  }

  private monthEnd(i: number): void {
    this.record(i);
    this.segment = i + 1;
    this.c.groups.forEach((g, j) => {
      if (g.grantRateBySegment) this.grantRate[j] = g.grantRateBySegment[this.segment];
    });
    if (this.c.deterrenceElasticity > 0) {
      // Arrivals and people sent offshore (transferred or relocated) over the last twelve months:
      // the cumulative flows just recorded, less those recorded twelve month ends ago.
      const out = this.series;
      const o = i * SERIES_COUNT;
      const y = (i - 12) * SERIES_COUNT;
      const offshore = (row: number) => out[row + F_TRANSFERS] + out[row + F_RELOCATIONS];
      const arrivals = out[o + F_ARRIVALS] - (i >= 12 ? out[y + F_ARRIVALS] : 0);
      const sent = offshore(o) - (i >= 12 ? offshore(y) : 0);
      const rho = arrivals > 0 ? sent / arrivals : 0;
      this.smallBoatFactor = Math.max(0, 1 - this.c.deterrenceElasticity * rho);
    }
    this.setArrivalRate();
    // The arrival rate changes at the month boundary: the clock follows it (syncClock).
  }

  // -------------------------------------------------------------------------------------------
  // Decisions (process 3), right to work (process 10)
  // -------------------------------------------------------------------------------------------

  private awaitDecision(id: number, rightToWorkAfter = -1): void {
    this.setStage(id, AD);
    const rtw = this.c.rightToWork;
    if (rtw) {
      // A fixed wait goes in its lane; the random remainder of an initial stock goes in the heap.
      if (rightToWorkAfter >= 0)
        this.k.after(rightToWorkAfter, E_RIGHT_TO_WORK, id, this.ints[id * INTS + TOKEN]);
      else
        this.k.inLane(
          this.laneRightToWork,
          this.k.now + rtw.afterDays,
          E_RIGHT_TO_WORK,
          id,
          this.ints[id * INTS + TOKEN],
        );
    }
    this.join(this.decisions, id);
  }

  // -------------------------------------------------------------------------------------------
  // Server pools: caseworkers (process 3) and the capacity-limited tribunal (process 4)
  // -------------------------------------------------------------------------------------------

  /** Served at once if the pool has room, else queued. */
  private join(pool: Pool, id: number): void {
    if (pool.busy < pool.capacity) this.startService(pool, id);
    else this.enqueue(pool.queue, id);
  }

  private startService(pool: Pool, id: number): void {
    pool.busy++;
    if (!pool.clocked) {
      this.k.after(this.duration(pool.law), pool.doneKind, id, this.ints[id * INTS + TOKEN]);
      return;
    }
    this.rate += pool.rate;
    pool.list(id, this.ints[id * INTS + TOKEN]);
  }

  /**
   * Service ends (done, or the person left): the pool takes the next in its queue. A clocked
   * pool's list is left as it is (see Pool).
   */
  private endService(pool: Pool): void {
    pool.busy--;
    this.rate -= pool.rate;
    this.pull(pool);
  }

  /** Give free capacity to the people who have waited longest. */
  private pull(pool: Pool): void {
    while (pool.busy < pool.capacity) {
      const id = this.dequeue(pool.queue);
      if (id < 0) return;
      this.startService(pool, id);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Decisions (process 3), right to work (process 10)
  // -------------------------------------------------------------------------------------------

  private decide(id: number): void {
    const c = this.c;
    this.endService(this.decisions);
    this.flow[F_DECISIONS]++;
    this.costCasework += c.costPerDecision;
    if (this.rng.bernoulli(this.grantRate[this.bytes[id * BYTES + GROUP]])) return this.grant(id);
    this.flow[F_REFUSALS]++;
    if (this.rng.bernoulli(c.appealRate)) {
      this.flow[F_APPEALS_LODGED]++;
      this.costAppeals += c.costPerAppeal;
      this.lodgeAppeal(id);
    } else {
      this.setStage(id, REF);
      this.k.inLane(
        this.laneWindow,
        this.k.now + c.windowDays,
        E_WINDOW_END,
        id,
        this.ints[id * INTS + TOKEN],
      );
    }
  }

  private grant(id: number): void {
    this.flow[F_GRANTS]++;
    this.setStage(id, GMO);
    this.k.inLane(
      this.laneMoveOn,
      this.k.now + this.c.moveOnDays,
      E_MOVE_ON_END,
      id,
      this.ints[id * INTS + TOKEN],
    );
  }

  private rightToWork(id: number): void {
    const rtw = this.c.rightToWork!;
    if (!this.rng.bernoulli(rtw.selfSupportShare)) return;
    this.leaveSupport(id);
    this.accrue();
    this.bytes[id * BYTES + FLAGS] |= SELF_SUPPORT;
    this.selfCount++;
  }

  /** Someone absconds. */
  private abscond(id: number): void {
    if (this.bytes[id * BYTES + STAGE] === HUB) {
      // Absconding from a hub: hub nights stop and the place goes to the next in the queue.
      this.leaveHub(id);
      this.exit(id, F_ABSCONDED);
      this.releaseHubPlace(id);
      return;
    }
    this.exit(id, F_ABSCONDED);
  }

  // -------------------------------------------------------------------------------------------
  // Appeals (4), final refusal, removals (6)
  // -------------------------------------------------------------------------------------------

  /** Into APPEAL_PENDING: heard at once, or queued for the tribunal when it is full. */
  private lodgeAppeal(id: number): void {
    this.setStage(id, AP);
    if (this.tribunal) this.join(this.tribunal, id);
    else if (!this.appealsAsHazard)
      this.k.after(this.duration(this.c.appeal), E_APPEAL_DONE, id, this.ints[id * INTS + TOKEN]);
  }

  private determineAppeal(id: number): void {
    // Before a capacity-limited tribunal every appeal is determined at the end of its hearing.
    if (this.tribunal !== null) this.endService(this.tribunal);
    if (this.rng.bernoulli(this.c.allowedRate)) {
      this.flow[F_APPEALS_ALLOWED]++;
      this.grant(id);
    } else this.finallyRefuse(id);
  }

  private hubEligible(id: number): boolean {
    const h = this.c.hubs;
    if (!h) return false;
    const f = this.bytes[id * BYTES + FLAGS];
    if (f & (VULNERABLE | NO_HUB)) return false;
    if (h.directReturnFirst && f & RETURNABLE) return false;
    return h.groupEligible[this.bytes[id * BYTES + GROUP]];
  }

  /** Appeal rights exhausted: queue for a hub if eligible and hubs are running, else for removal. */
  private finallyRefuse(id: number): void {
    const share = this.c.finallyRefusedOnSupportShare;
    const toHub = this.hubsStarted && this.hubEligible(id);
    this.setStage(id, toHub ? AT : FR);
    if (share < 1 && this.bytes[id * BYTES + ACCOM] !== NONE && !this.rng.bernoulli(share))
      this.leaveSupport(id);
    if (toHub) {
      this.enqueue(this.transferQ[this.bytes[id * BYTES + GROUP]], id);
      this.tryTransfers();
    } else this.queueForRemoval(id);
  }

  private queueForRemoval(id: number): void {
    if (!(this.bytes[id * BYTES + FLAGS] & RETURNABLE)) return;
    this.enqueue(this.removalQ, id);
  }

  /** A removal opportunity (a process of the clock while anyone is queued for removal). */
  private removal(): void {
    const id = this.head(this.removalQ);
    this.costRemovals += this.c.costPerRemoval;
    this.exit(id, F_REMOVALS);
  }

  // -------------------------------------------------------------------------------------------
  // Return hubs (process 8)
  // -------------------------------------------------------------------------------------------

  private openHub(site: number): void {
    this.siteOpen[site] = 1;
    if (!this.hubsStarted) {
      this.hubsStarted = true;
      // People already finally refused join the transfer queue in the order they became so.
      const waiting: number[] = [];
      for (let id = 0; id < this.n; id++)
        if (this.bytes[id * BYTES + STAGE] === FR && this.hubEligible(id)) waiting.push(id);
      waiting.sort((a, b) => this.enteredAt[a] - this.enteredAt[b] || a - b);
      for (const id of waiting) {
        this.leaveQueue(id);
        this.setStage(id, AT);
        this.enqueue(this.transferQ[this.bytes[id * BYTES + GROUP]], id);
      }
      this.keepsEntry[FR] = 0;
    }
    this.tryTransfers();
  }

  private siteAccepting(site: number): boolean {
    const s = this.c.hubs!.sites[site];
    return this.siteOpen[site] === 1 && this.k.now < s.closeAt;
  }

  /** The queued person a hub should take next (earliest ticket among groups it accepts), or -1. */
  private nextForSite(site: number): number {
    const own = this.c.hubs!.sites[site].ownGroup;
    let best = -1;
    let bestTicket = Infinity;
    for (let g = 0; g < this.transferQ.length; g++) {
      if (g === own) continue;
      const id = this.head(this.transferQ[g]);
      if (id >= 0 && this.ints[id * INTS + Q_TICKET] < bestTicket) {
        best = id;
        bestTicket = this.ints[id * INTS + Q_TICKET];
      }
    }
    return best;
  }

  /** Fill free hub places from the transfer queue, unless a court order pauses transfers. */
  private tryTransfers(): void {
    const h = this.c.hubs;
    if (!h || this.k.now < this.pausedUntil || this.queued[Q_TRANSFER] === 0) return;
    for (let site = 0; site < h.sites.length; site++) {
      if (!this.siteAccepting(site)) continue;
      while (this.siteUsed[site] < h.sites[site].places) {
        const id = this.nextForSite(site);
        if (id < 0) break;
        this.transferQ[this.bytes[id * BYTES + GROUP]].head++;
        this.leaveQueue(id);
        this.siteUsed[site]++;
        this.hubSite[id] = site;
        if (h.leadTimeDays > 0)
          this.k.inLane(
            this.laneLead,
            this.k.now + h.leadTimeDays,
            E_TRANSFER,
            id,
            this.ints[id * INTS + TOKEN],
          );
        else this.transfer(id);
      }
    }
  }

  private transfer(id: number): void {
    const h = this.c.hubs!;
    const site = this.hubSite[id];
    const s = h.sites[site];
    this.leaveSupport(id);
    this.stopSelfSupport(id);
    this.accrue();
    this.setStage(id, HUB);
    this.sitePop[site]++;
    this.hubNightRate += s.costPerNight;
    this.flow[F_TRANSFERS]++;
    this.costTransfers += s.transferCost;
    this.costHubFees += s.fee;
    const attempt = Math.min(this.duration(h.stay), h.maxStayDays);
    this.k.after(attempt, E_HUB_ONWARD, id, this.ints[id * INTS + TOKEN]);
  }

  private releaseHubPlace(id: number): void {
    const site = this.hubSite[id];
    this.hubSite[id] = -1;
    this.siteUsed[site]--;
    this.tryTransfers();
  }

  private leaveHub(id: number): void {
    const site = this.hubSite[id];
    this.accrue();
    this.sitePop[site]--;
    this.hubNightRate -= this.c.hubs!.sites[site].costPerNight;
  }

  private onwardAttempt(id: number): void {
    const h = this.c.hubs!;
    if (this.rng.bernoulli(this.c.groups[this.bytes[id * BYTES + GROUP]].onwardReturnRate)) {
      this.leaveHub(id);
      this.exit(id, F_ONWARD_RETURNS);
      this.releaseHubPlace(id);
      return;
    }
    const returnAt = this.enteredAt[id] + h.maxStayDays;
    if (returnAt > this.k.now) this.k.schedule(returnAt, E_HUB_RETURN, id, this.ints[id * INTS + TOKEN]);
    else this.returnToUk(id);
  }

  private returnToUk(id: number): void {
    this.leaveHub(id);
    this.bytes[id * BYTES + FLAGS] |= NO_HUB;
    this.flow[F_RETURNED_TO_UK]++;
    this.takeSupport(id);
    const site = this.hubSite[id];
    this.hubSite[id] = -1;
    this.finallyRefuse(id);
    this.siteUsed[site]--;
    this.tryTransfers();
  }

  private challenge(): void {
    const h = this.c.hubs!;
    const until = this.k.now + this.rng.exponential(h.meanPauseDays);
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      this.k.schedule(until, E_PAUSE_END, -1, ++this.pauseToken);
    }
    this.k.after(this.rng.exponential(1 / h.challengesPerDay), E_CHALLENGE);
  }

  // -------------------------------------------------------------------------------------------
  // Rwanda-style relocation (process 9)
  // -------------------------------------------------------------------------------------------

  private awaitRelocation(id: number, initialWait = -1): void {
    const r = this.c.relocation!;
    this.setStage(id, AR);
    this.enqueue(this.relocationQ, id);
    if (initialWait >= 0) {
      if (Number.isFinite(initialWait))
        this.k.after(initialWait, E_RELOCATION_PROCESS, id, this.ints[id * INTS + TOKEN]);
    } else if (Number.isFinite(r.processAfterDays))
      this.k.inLane(
        this.laneProcess,
        this.k.now + r.processAfterDays,
        E_RELOCATION_PROCESS,
        id,
        this.ints[id * INTS + TOKEN],
      );
  }

  /** A relocation slot (a process of the clock while anyone is queued and the cap allows). */
  private relocationSlot(): void {
    const r = this.c.relocation!;
    const id = this.head(this.relocationQ);
    this.exit(id, F_RELOCATIONS);
    if (this.queueRate[Q_RELOCATION] > 0 && !(this.flow[F_RELOCATIONS] < this.relocationCap)) {
      // The cap is reached: no more relocation opportunities.
      if (this.queued[Q_RELOCATION] > 0) this.rate -= this.queueRate[Q_RELOCATION];
      this.queueRate[Q_RELOCATION] = 0;
    }
    this.costRelocation += r.perPerson;
    if (!this.thresholdPaid && this.flow[F_RELOCATIONS] >= r.thresholdAfter) {
      this.thresholdPaid = true;
      this.costRelocation += r.thresholdAmount;
    }
  }

  private processInadmissible(id: number): void {
    this.leaveQueue(id);
    this.awaitDecision(id);
  }

  // -------------------------------------------------------------------------------------------
  // Initial stocks (process 12)
  // -------------------------------------------------------------------------------------------

  private createInitialStocks(): void {
    const c = this.c;
    const rng = this.rng;
    const st = c.initialStages;
    const share = c.supportedShare;
    // With a supported share below 1, each person's support is drawn as they are created and the
    // hotel places are spread over those supported afterwards; with 1 (no draw) the places are
    // assigned as people are created, exactly as before the share existed.
    const deferred: number[] = [];
    let supported = share < 1 ? 0 : st.reduce((a, b, s) => a + (s === HUB ? 0 : b), 0);
    let hotelsLeft = Math.min(c.initialInHotels, supported);
    let supportedLeft = supported;
    const place = (id: number): void => {
      // Choose exactly `inHotels` of the supported people for hotels, spread at random.
      if (hotelsLeft > 0 && rng.uniform() * supportedLeft < hotelsLeft) {
        hotelsLeft--;
        this.toHotel(id);
      } else if (this.dispersalCount < c.dispersalPlaces) {
        this.bytes[id * BYTES + ACCOM] = DISPERSAL;
        this.dispersalCount++;
      } else this.toHotel(id);
      supportedLeft--;
    };
    const people: number[][] = st.map(() => []);
    for (let s = 0; s < STAGE_COUNT; s++) {
      for (let i = 0; i < st[s]; i++) {
        const id = this.newPerson(rng.bernoulli(c.smallBoatShare));
        people[s].push(id);
        if (s === HUB) continue;
        if (share >= 1) place(id);
        else if (rng.bernoulli(share)) deferred.push(id);
      }
    }
    if (share < 1) {
      supported = supportedLeft = deferred.length;
      hotelsLeft = Math.min(c.initialInHotels, supported);
      for (const id of deferred) place(id);
    }
    const h = c.hubs;
    for (const id of people[AD])
      this.awaitDecision(id, c.rightToWork ? rng.uniform() * c.rightToWork.afterDays : -1);
    for (const id of people[REF]) {
      this.setStage(id, REF);
      this.k.after(rng.uniform() * c.windowDays, E_WINDOW_END, id, this.ints[id * INTS + TOKEN]);
    }
    // With a tribunal, the first arrivals fill its capacity and the rest queue in creation order.
    for (const id of people[AP]) this.lodgeAppeal(id);
    for (const id of people[GMO]) {
      this.setStage(id, GMO);
      this.k.after(rng.uniform() * c.moveOnDays, E_MOVE_ON_END, id, this.ints[id * INTS + TOKEN]);
    }
    for (const id of people[FR]) {
      this.setStage(id, FR);
      this.queueForRemoval(id);
    }
    for (const id of people[AT]) {
      if (h) {
        this.setStage(id, AT);
        this.enqueue(this.transferQ[this.bytes[id * BYTES + GROUP]], id);
      } else {
        this.setStage(id, FR);
        this.queueForRemoval(id);
      }
    }
    let site = 0;
    for (const id of people[HUB]) {
      while (h && site < h.sites.length && this.siteUsed[site] >= h.sites[site].places) site++;
      if (!h || site >= h.sites.length) {
        // No hub place to start in: count the person as awaiting transfer (or finally refused).
        this.takeSupport(id);
        this.setStage(id, h ? AT : FR);
        if (h) this.enqueue(this.transferQ[this.bytes[id * BYTES + GROUP]], id);
        else this.queueForRemoval(id);
        continue;
      }
      this.siteUsed[site]++;
      this.hubSite[id] = site;
      this.setStage(id, HUB);
      this.sitePop[site]++;
      this.hubNightRate += h.sites[site].costPerNight;
      this.k.after(
        Math.min(this.duration(h.stay), h.maxStayDays),
        E_HUB_ONWARD,
        id,
        this.ints[id * INTS + TOKEN],
      );
    }
    for (const id of people[AR]) {
      if (c.relocation) this.awaitRelocation(id, rng.uniform() * c.relocation.processAfterDays);
      else this.awaitDecision(id);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Reports
  // -------------------------------------------------------------------------------------------

  private record(row: number): void {
    const c = this.c;
    const now = this.k.now;
    this.accrue();
    const days = (s: number) => this.stageDaysLessNow[s] + this.stageCount[s] * now;
    const out = this.series;
    const o = row * SERIES_COUNT;
    const I = SERIES_INDEX;
    for (let i = 0; i < SERIES_COUNT; i++) out[o + i] = this.flow[i];
    out[o + I.awaitingDecision] = this.stageCount[AD];
    out[o + I.refused] = this.stageCount[REF];
    out[o + I.appealPending] = this.stageCount[AP];
    out[o + I.grantedMoveOn] = this.stageCount[GMO];
    out[o + I.finallyRefused] = this.stageCount[FR];
    out[o + I.awaitingTransfer] = this.stageCount[AT];
    out[o + I.inHub] = this.stageCount[HUB];
    out[o + I.awaitingRelocation] = this.stageCount[AR];
    out[o + I.hotel] = this.hotelCount;
    out[o + I.dispersal] = this.dispersalCount;
    out[o + I.selfSupporting] = this.selfCount;
    out[o + I.caseworkers] = this.decisions.capacity;
    out[o + I.daysAwaitingDecision] = days(AD);
    out[o + I.daysRefused] = days(REF);
    out[o + I.daysAppealPending] = days(AP);
    out[o + I.daysGrantedMoveOn] = days(GMO);
    out[o + I.daysFinallyRefused] = days(FR);
    out[o + I.daysAwaitingTransfer] = days(AT);
    out[o + I.daysInHub] = days(HUB);
    out[o + I.daysAwaitingRelocation] = days(AR);
    let hubFixed = 0;
    if (c.hubs)
      for (const s of c.hubs.sites)
        hubFixed += s.fixedPerDay * Math.max(0, Math.min(now, s.closeAt) - s.openAt);
    const costs = [
      (out[o + I.costHotel] = this.hotelDays * c.hotelCostPerNight),
      (out[o + I.costDispersal] = this.dispersalDays * c.dispersalCostPerNight),
      (out[o + I.costCasework] = this.costCasework),
      (out[o + I.costAppeals] = this.costAppeals),
      (out[o + I.costRemovals] = this.costRemovals),
      (out[o + I.costTransfers] = this.costTransfers),
      (out[o + I.costHubFees] = this.costHubFees),
      (out[o + I.costHubNights] = this.hubNightCost),
      (out[o + I.costHubFixed] = hubFixed),
      (out[o + I.costRelocation] = this.costRelocation),
      (out[o + I.costTaxReceipts] = -this.selfDays * (c.rightToWork?.taxPerDay ?? 0)),
    ];
    out[o + I.totalCost] = costs.reduce((a, b) => a + b, 0);
  }
}

/** Run one replication of a compiled scenario. */
export function runReplication(
  config: ModelConfig,
  rootSeed: number,
  replication: number,
): ReplicationResult {
  return new AsylumModel(config, rootSeed, replication).run();
}
