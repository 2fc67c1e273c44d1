import { describe, expect, it } from 'vitest';
import { loadScenario } from './catalogue.ts';
import { compileScenario } from './compile.ts';
import { erlangCWait } from './kernel.test.ts';
import { AsylumModel, runReplication } from './model.ts';
import type { ReplicationResult } from './model.ts';
import { parseScenario, setParameter, val } from './scenario.ts';
import type { Scenario } from './scenario.ts';
import { SERIES, SERIES_COUNT } from './series.ts';
import type { SeriesName } from './series.ts';

type Row = Record<SeriesName, number>;

const rowsOf = (r: ReplicationResult): Row[] =>
  Array.from(
    { length: r.reports },
    (_, i) => Object.fromEntries(SERIES.map((s, j) => [s, r.series[i * SERIES_COUNT + j]])) as Row,
  );

const run = (s: Scenario, rep = 0, seed = 1) => rowsOf(runReplication(compileScenario(s), seed, rep));
const last = (rows: Row[]) => rows[rows.length - 1];

/** A scenario derived from a reference one, with some sections replaced. */
function derive(base: string, patch: (s: Record<string, unknown>) => void): Scenario {
  const s = structuredClone(loadScenario(base)) as unknown as Record<string, unknown>;
  patch(s);
  return parseScenario(s);
}

/** Every lever at once: hubs, relocation, right to work, deterrence, challenges, initial stocks. */
const everyLever = derive('reference-r2', (s) => {
  s.name = 'every-lever';
  s.horizonDays = 1100;
  s.arrivals = {
    perYear: 30000,
    perCalendarYear: { '2026': 36000 },
    seasonality: [0.5, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.5, 1.3, 1.1, 0.9, 0.7],
    smallBoatShare: 0.6,
  };
  s.accommodation = { dispersalPlaces: 20000, dispersalCostPerNight: 14.41, hotelCostPerNight: 145 };
  s.decisions = {
    caseworkers: 300,
    schedule: [{ from: '2025-07-01', caseworkers: 500 }],
    perCaseworkerPerMonth: 6,
    duration: { kind: 'gamma', shape: 2 },
    withdrawalPerYear: 0.05,
    costPerDecision: 500,
  };
  s.appeals = {
    appealRate: 0.7,
    meanDays: 180,
    duration: { kind: 'lognormal', cv: 0.6 },
    allowedRate: 0.4,
    windowDays: 14,
    costPerAppeal: 2000,
  };
  s.support = { finallyRefusedOnSupportShare: 0.8 };
  s.absconding = {
    perYear: {
      AWAITING_DECISION: 0.02,
      APPEAL_PENDING: 0.05,
      FINALLY_REFUSED: 0.2,
      AWAITING_TRANSFER: 0.6,
      AWAITING_RELOCATION: 0.6,
    },
  };
  s.hubs = {
    sites: {
      north: {
        places: 400,
        opensOn: '2025-04-01',
        ownGroup: 'B',
        feePerPerson: 20000,
        costPerNight: 92,
        fixedCostPerYear: 1e7,
      },
      south: {
        places: 300,
        opensOn: '2025-09-01',
        closesOn: '2027-01-01',
        feePerPerson: 15000,
        costPerNight: 80,
        fixedCostPerYear: 5e6,
        transferCost: 5000,
      },
    },
    eligibleGroups: ['A', 'B'],
    directReturnFirst: false,
    leadTimeDays: 7,
    transferCost: 9000,
    meanStayDays: 90,
    maxStayDays: 365,
    legalChallenges: { perYear: 2, meanPauseDays: 30 },
  };
  s.relocation = {
    startDate: '2025-06-01',
    capacityPerYear: 2000,
    totalCap: 1500,
    payments: {
      fixed: [
        { on: '2025-06-01', amount: 100e6 },
        { on: '2026-06-01', amount: 50e6 },
      ],
      threshold: { afterRelocations: 300, amount: 120e6 },
      perPerson: 20000,
      processingPerPerson: 150874,
      flightPerPerson: 11000,
    },
    processIfNotRelocated: true,
    processAfterDays: 365,
  };
  s.rightToWork = { afterDays: 180, selfSupportShare: 0.5, taxPerDay: 10 };
  s.deterrence = { enabled: true, elasticity: 0.5 };
  s.initialStocks = {
    stages: {
      AWAITING_DECISION: 20000,
      REFUSED: 500,
      APPEAL_PENDING: 5000,
      GRANTED_MOVE_ON: 1500,
      FINALLY_REFUSED: 6000,
      AWAITING_TRANSFER: 200,
      IN_HUB: 100,
      AWAITING_RELOCATION: 300,
    },
    inHotels: 12000,
  };
});
/**
 * Relocation reaching its cap and then its queue emptying: no small boats arrive, so only the
 * initial stocks await relocation, and those not relocated are processed here after a while.
 */
const relocationDrains = derive('reference-r2', (x) => {
  Object.assign(x, structuredClone(everyLever));
  x.arrivals = { ...everyLever.arrivals, smallBoatShare: 0 };
  x.relocation = { ...everyLever.relocation, totalCap: 100, processAfterDays: 120 };
});
/** Every lever with a capacity-limited tribunal (non-exponential appeals) and absconding from hubs. */
const everyLeverTribunal = derive('reference-r2', (x) => {
  Object.assign(x, structuredClone(everyLever));
  x.name = 'every-lever-tribunal';
  x.appeals = {
    ...everyLever.appeals,
    tribunal: { capacityPerYear: 3000, schedule: [{ from: '2026-01-01', capacityPerYear: 6000 }] },
  };
  x.absconding = { perYear: { ...everyLever.absconding.perYear, IN_HUB: 0.3 } };
});

/** A calibrated scenario over a shorter horizon (for speed). */
const calibratedYear = (name: string, days = 365) =>
  derive(name, (x) => {
    x.horizonDays = days;
  });

/** One group, granted always or never, as a test needs. */
const oneGroup = (grantRate: number, returnableFraction = 0) => ({
  A: { share: 1, grantRate, returnableFraction, onwardReturnRate: 0, vulnerableShare: 0 },
});

const initialOf = (s: Scenario) =>
  Object.values(s.initialStocks?.stages ?? {}).reduce<number>(
    (a, p) => a + (p === undefined ? 0 : val(p)),
    0,
  );

const inStages = (r: Row) =>
  r.awaitingDecision +
  r.refused +
  r.appealPending +
  r.grantedMoveOn +
  r.finallyRefused +
  r.awaitingTransfer +
  r.inHub +
  r.awaitingRelocation;
const exits = (r: Row) =>
  r.grantedExits + r.withdrawals + r.removals + r.onwardReturns + r.relocations + r.absconded;
const costSum = (r: Row) =>
  r.costHotel +
  r.costDispersal +
  r.costCasework +
  r.costAppeals +
  r.costRemovals +
  r.costTransfers +
  r.costHubFees +
  r.costHubNights +
  r.costHubFixed +
  r.costRelocation +
  r.costTaxReceipts;

/**
 * The model, checking after every event that the clock's total rate, kept as counts change, is
 * the sum of every process's rate read afresh from the state (`walkRates`), to the last bit.
 */
class ClockAuditedModel extends AsylumModel {
  syncs = 0;
  protected override syncClock(): void {
    this.walkRates(Infinity);
    if (this.rateSum !== this.rate)
      throw new Error(
        `after ${this.syncs} events the clock's rate is ${this.rate}, the state's ${this.rateSum}`,
      );
    this.syncs++;
    super.syncClock();
  }
}

/**
 * The model, checking every `every` events that the counts of people in hotels and in dispersal
 * housing are what the people's records say (a hotel ticket behind the hotel line's head is a
 * move to dispersal), and that no more people are in dispersal housing than it has places. (The
 * calibrated scenarios start with people in hotels and dispersal places free, as published.)
 */
class HousingAuditedModel extends AsylumModel {
  checks = 0;
  every = 50;
  private seen = 0;
  protected override syncClock(): void {
    if (this.seen++ % this.every === 0) {
      const kept = this.housedByCounts();
      const records = this.housedByRecords();
      if (kept.hotel !== records.hotel || kept.dispersal !== records.dispersal)
        throw new Error(
          `after ${this.seen} events the model counts ${kept.hotel} in hotels and ${kept.dispersal} in dispersal, the records ${records.hotel} and ${records.dispersal}`,
        );
      if (kept.dispersal > kept.places)
        throw new Error(
          `after ${this.seen} events ${kept.dispersal} people hold ${kept.places} dispersal places`,
        );
      this.checks++;
    }
    super.syncClock();
  }
}

describe('the model', () => {
  it.each([
    ['every lever', everyLever, 50],
    ['return-hubs, 1 year', calibratedYear('return-hubs'), 1000],
  ])(
    'keeps its counts of people in hotels and dispersal housing equal to their records (%s)',
    (_n, s, every) => {
      const model = new HousingAuditedModel(compileScenario(s), 1, 0);
      model.every = every;
      const out = model.run();
      expect(model.checks).toBeGreaterThan(out.events / every - 1);
    },
  );

  it.each([
    ['every lever (relocation reaching its cap, deterrence, right to work)', everyLever],
    ['every lever, limited tribunal', everyLeverTribunal],
    ['relocation reaching its cap, then its queue emptying', relocationDrains],
    ['rwanda, 1 year', calibratedYear('rwanda')],
    ['combined, 2 years', calibratedYear('combined', 730)],
    ['reference-r1', loadScenario('reference-r1')],
  ])("keeps the clock's total rate equal to the rates the state gives, after every event (%s)", (_n, s) => {
    const model = new ClockAuditedModel(compileScenario(s), 1, 0);
    const out = model.run();
    expect(model.syncs).toBeGreaterThan(out.events);
  });

  it.each([
    ['reference-r1', loadScenario('reference-r1')],
    ['reference-r2', loadScenario('reference-r2')],
    ['every lever', everyLever],
    [
      'every lever, 0.7 supported',
      derive('reference-r2', (x) => {
        Object.assign(x, structuredClone(everyLever));
        x.accommodation = { ...everyLever.accommodation, supportedShare: 0.7 };
      }),
    ],
    ['every lever, limited tribunal (lognormal appeals), absconding from hubs', everyLeverTribunal],
    ['status-quo, 1 year (limited tribunal, exponential appeals)', calibratedYear('status-quo')],
    ['return-hubs, 2 years', calibratedYear('return-hubs', 730)],
  ])('conserves people at every report (%s): initial + arrivals = in a stage + exited', (_n, s) => {
    for (const rep of [0, 1]) {
      const rows = run(s, rep);
      for (const r of rows) expect(inStages(r) + exits(r)).toBe(initialOf(s) + r.arrivals);
      for (const r of rows) expect(r.totalCost).toBeCloseTo(costSum(r), 0);
    }
  });

  it('houses every supported person: dispersal first, hotels only when dispersal is full (R1, every report)', () => {
    const places = 30000;
    for (const r of run(loadScenario('reference-r1'))) {
      expect(r.hotel + r.dispersal).toBe(inStages(r) - r.inHub);
      expect(r.dispersal).toBeLessThanOrEqual(places);
      if (r.hotel > 0) expect(r.dispersal).toBe(places);
    }
  });

  it('with the right to work, self-supporting people leave accommodation and pay tax', () => {
    const rows = run(everyLever);
    const end = last(rows);
    expect(end.selfSupporting).toBeGreaterThan(0);
    expect(end.costTaxReceipts).toBeLessThan(0);
    for (const r of rows) expect(r.dispersal).toBeLessThanOrEqual(20000);
  });

  it('R1: everyone not yet decided is awaiting a decision, and grants equal move-on exits plus those in move-on', () => {
    for (const r of run(loadScenario('reference-r1'))) {
      expect(r.awaitingDecision).toBe(r.arrivals - r.decisions);
      expect(r.grants).toBe(r.grantedExits + r.grantedMoveOn);
    }
  });

  it("Little's law, exactly: person-days in move-on lie between 28 × exits and 28 × (exits + still there)", () => {
    for (const r of run(loadScenario('reference-r1'))) {
      expect(r.daysGrantedMoveOn).toBeGreaterThanOrEqual(28 * r.grantedExits - 1e-6);
      expect(r.daysGrantedMoveOn).toBeLessThanOrEqual(28 * (r.grantedExits + r.grantedMoveOn) + 1e-6);
    }
  });

  it('M/M/c: the caseworker pool reproduces Erlang C (time-average number awaiting a decision)', () => {
    const s = derive('reference-r1', (x) => {
      x.horizonDays = 7300;
      x.arrivals = { perYear: 16 * 365, smallBoatShare: 1 };
      x.decisions = { caseworkers: 20, perCaseworkerPerMonth: 30.4375 }; // mu = 1 a day
      x.groups = {
        A: { share: 1, grantRate: 1, returnableFraction: 0, onwardReturnRate: 0, vulnerableShare: 0 },
      };
    });
    let mean = 0;
    for (const rep of [0, 1, 2]) mean += last(run(s, rep)).daysAwaitingDecision / 7300 / 3;
    const lambda = 16;
    const expected = lambda * (erlangCWait(lambda, 1, 20) + 1); // L = lambda (Wq + 1/mu)
    expect(Math.abs(mean - expected) / expected).toBeLessThan(0.03);
  });

  it('R1 matches hand-computed flows', () => {
    const reps = [0, 1, 2, 3].map((r) => last(run(loadScenario('reference-r1'), r)));
    const avg = (f: (r: Row) => number) => reps.reduce((a, r) => a + f(r), 0) / reps.length;
    // The pool is overloaded (38,000 a year against 32,378 decisions a year), so it is always busy.
    const capacity = ((450 * 6) / 30.4375) * 1825;
    expect(Math.abs(avg((r) => r.decisions) - capacity) / capacity).toBeLessThan(0.01);
    expect(avg((r) => r.arrivals)).toBeGreaterThan(38000 * 5 * 0.99);
    expect(avg((r) => r.arrivals)).toBeLessThan(38000 * 5 * 1.01);
    // Refusal share: 0.5 × 0.2 + 0.3 × 0.6 + 0.2 × 0.9 = 0.46.
    expect(avg((r) => r.refusals / r.decisions)).toBeCloseTo(0.46, 2);
    expect(avg((r) => r.appealsLodged / r.refusals)).toBeCloseTo(0.7, 2);
    expect(avg((r) => r.appealsAllowed / (r.appealsLodged - r.appealPending))).toBeCloseTo(0.4, 2);
    // Returnable (B, C) final refusals: 0.36 of decisions × (0.3 + 0.7 × 0.6) = 0.2592 of decisions,
    // less those whose appeals (180 days) are still pending. Removal capacity (9,900 a year) exceeds
    // that inflow (about 8,400 a year), so nearly all are removed.
    const perDay = avg((r) => r.decisions) / 1825;
    const expectedRemovals = 0.2592 * avg((r) => r.decisions) - 0.36 * 0.7 * 0.6 * perDay * 180;
    expect(Math.abs(avg((r) => r.removals) - expectedRemovals) / expectedRemovals).toBeLessThan(0.03);
    for (const r of reps) {
      expect(r.costRemovals).toBe(11000 * r.removals);
      expect(r.costHotel).toBeCloseTo(145 * (r.costHotel / 145), 6);
      expect(r.transfers + r.relocations + r.inHub).toBe(0);
    }
  });

  it('R2: hubs take transfers only from day 365, never hold more than 1,500, and charge per transfer', () => {
    const s = loadScenario('reference-r2');
    const c = compileScenario(s);
    const rows = run(s);
    rows.forEach((r, i) => {
      const day = i < c.monthEnds.length ? c.monthEnds[i] : c.horizon;
      if (day <= 365) expect(r.transfers).toBe(0);
      if (day <= 365 + 540) expect(r.returnedToUk).toBe(0);
      expect(r.inHub).toBeLessThanOrEqual(1500);
      expect(r.transfers).toBe(r.onwardReturns + r.returnedToUk + r.inHub);
      expect(r.costTransfers).toBe(9000 * r.transfers);
      expect(r.costHubFees).toBe(20000 * r.transfers);
    });
    const end = last(rows);
    expect(end.inHub).toBe(1500);
    expect(end.onwardReturns / (end.onwardReturns + end.returnedToUk)).toBeGreaterThan(0.25);
    expect(end.onwardReturns / (end.onwardReturns + end.returnedToUk)).toBeLessThan(0.4);
  });

  it('gives identical series for the same seed and replication, and different ones otherwise', () => {
    const c = compileScenario(everyLever);
    const a = runReplication(c, 7, 3).series;
    expect(runReplication(c, 7, 3).series).toEqual(a);
    expect(runReplication(c, 7, 4).series).not.toEqual(a);
    expect(runReplication(c, 8, 3).series).not.toEqual(a);
  });

  it('gives the same result after a larger scenario has run in the same thread (reused arrays are clean)', () => {
    const small = compileScenario(setParameter(loadScenario('reference-r1'), 'horizonDays', 400));
    const before = runReplication(small, 5, 0).series.slice();
    runReplication(compileScenario(everyLever), 5, 0);
    expect(runReplication(small, 5, 0).series).toEqual(before);
  });

  it('relocation: respects the cap and charges the NAO structure exactly', () => {
    const end = last(run(everyLever));
    expect(end.relocations).toBeGreaterThan(300);
    expect(end.relocations).toBeLessThanOrEqual(1500);
    expect(end.costRelocation).toBeCloseTo(150e6 + 120e6 + end.relocations * (20000 + 150874 + 11000), 0);
  });

  it('relocation: people never relocated are processed after the wait when the flag says so', () => {
    const noSlots = (process: boolean) =>
      derive('reference-r1', (s) => {
        s.relocation = {
          startDate: '2025-01-01',
          capacityPerYear: 0,
          payments: { fixed: [], perPerson: 0, processingPerPerson: 0, flightPerPerson: 0 },
          processIfNotRelocated: process,
          ...(process ? { processAfterDays: 90 } : {}),
        };
      });
    const processed = last(run(noSlots(true)));
    const limbo = last(run(noSlots(false)));
    // Only vulnerable people (10%) are admitted to the asylum process; nobody else ever is.
    expect(limbo.awaitingRelocation + limbo.awaitingDecision + limbo.decisions).toBe(limbo.arrivals);
    expect(limbo.decisions + limbo.awaitingDecision).toBeLessThan(0.11 * limbo.arrivals);
    expect(processed.decisions).toBeGreaterThan(100000);
    // Only the last 90 days' eligible arrivals can still be waiting.
    expect(processed.awaitingRelocation).toBeLessThan(0.9 * 38000 * (90 / 365) * 1.1);
  });

  it('deterrence lowers small-boat arrivals when people are sent offshore', () => {
    const off = derive('reference-r2', (s) => {
      s.deterrence = { enabled: false, elasticity: 2 };
    });
    const on = derive('reference-r2', (s) => {
      s.deterrence = { enabled: true, elasticity: 2 };
    });
    expect(last(run(on)).arrivals).toBeLessThan(last(run(off)).arrivals * 0.99);
    expect(on.deterrence?.caveat).toMatch(/little to no evidence/);
  });

  it('court orders pausing transfers mean fewer transfers (over four replications: one may see few orders)', () => {
    const paused = derive('reference-r2', (s) => {
      (s.hubs as Record<string, unknown>).legalChallenges = { perYear: 6, meanPauseDays: 60 };
    });
    const transfers = (s: Scenario) =>
      [0, 1, 2, 3].reduce((sum, rep) => sum + last(run(s, rep)).transfers, 0);
    expect(transfers(paused)).toBeLessThan(transfers(loadScenario('reference-r2')));
  });

  it('follows the caseworker schedule', () => {
    const rows = run(everyLever);
    const c = compileScenario(everyLever);
    expect(rows[0].caseworkers).toBe(300);
    const july = c.reportDates.indexOf('2025-07-01');
    expect(rows[july - 1].caseworkers).toBe(300);
    expect(rows[july].caseworkers).toBe(500);
  });

  it('shapes arrivals by the seasonality profile', () => {
    const s = derive('reference-r1', (x) => {
      x.arrivals = {
        perYear: 36500,
        seasonality: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        smallBoatShare: 1,
      };
    });
    const rows = run(s);
    const jan = rows[0].arrivals;
    const feb = rows[1].arrivals - rows[0].arrivals;
    // January: 100 a day × 2/(13/12) × 31 days; February: 100 × 12/13 × 28.
    expect(jan / ((100 * 24) / 13) / 31).toBeCloseTo(1, 1);
    expect(feb / ((100 * 12) / 13) / 28).toBeCloseTo(1, 1);
  });

  /** R1 with nobody decided (no caseworkers), so nobody leaves support except by the share. */
  const undecided = (supportedShare: number, extra: (x: Record<string, unknown>) => void = () => {}) =>
    derive('reference-r1', (x) => {
      x.horizonDays = 365;
      x.accommodation = {
        dispersalPlaces: 5000,
        dispersalCostPerNight: 14.41,
        hotelCostPerNight: 145,
        supportedShare,
      };
      x.decisions = { caseworkers: 0, perCaseworkerPerMonth: 6 };
      extra(x);
    });

  it.each([0.3, 0.714, 0.9])(
    'with supported share %s, that fraction of arrivals takes accommodation (binomial tolerance)',
    (share) => {
      const end = last(run(undecided(share)));
      const n = end.arrivals;
      const sd = Math.sqrt((share * (1 - share)) / n);
      expect(Math.abs((end.hotel + end.dispersal) / n - share)).toBeLessThan(4 * sd);
      // Everyone is still counted in their stage, accommodated or not.
      expect(end.awaitingDecision).toBe(n);
    },
  );

  it('with supported share s, that fraction of the initial stocks is accommodated, exactly `inHotels` of them in hotels', () => {
    const share = 0.7;
    const stocks = { stages: { AWAITING_DECISION: 20000, APPEAL_PENDING: 5000 }, inHotels: 4000 };
    const first = run(
      undecided(share, (x) => {
        x.arrivals = { perYear: 0, smallBoatShare: 1 };
        x.appeals = { appealRate: 0.7, meanDays: 1e9, allowedRate: 0.4, windowDays: 14 };
        x.initialStocks = stocks;
      }),
    )[0];
    const n = 25000;
    const accommodated = first.hotel + first.dispersal;
    expect(Math.abs(accommodated / n - share)).toBeLessThan(4 * Math.sqrt((share * (1 - share)) / n));
    expect(first.hotel).toBe(4000 + (accommodated - 4000 - 5000));
    expect(first.dispersal).toBe(5000);
    expect(first.awaitingDecision + first.appealPending).toBe(n);
  });

  it('people not accommodated incur no accommodation cost (share 0: no hotel or dispersal nights at all)', () => {
    const rows = run(undecided(0));
    for (const r of rows) {
      expect(r.hotel + r.dispersal).toBe(0);
      expect(r.costHotel + r.costDispersal).toBe(0);
    }
    expect(last(rows).awaitingDecision).toBeGreaterThan(30000);
    // With share 1/2 the hotel bill is about half the bill with share 1 (dispersal is full in both).
    const half = last(run(undecided(0.5)));
    const all = last(run(undecided(1)));
    expect(half.costHotel / all.costHotel).toBeGreaterThan(0.35);
    expect(half.costHotel / all.costHotel).toBeLessThan(0.5);
  });
});

describe('the capacity-limited tribunal', () => {
  /** Only appeals: an initial stock on appeal, no arrivals, a tribunal of 10 determinations a day. */
  const appealsOnly = (stock: number, capacityPerYear: number, meanDays: number) =>
    derive('reference-r1', (x) => {
      x.horizonDays = 365;
      x.arrivals = { perYear: 0, smallBoatShare: 1 };
      x.groups = oneGroup(0);
      x.appeals = { appealRate: 1, meanDays, allowedRate: 0, windowDays: 14, tribunal: { capacityPerYear } };
      x.absconding = { perYear: {} };
      x.initialStocks = { stages: { APPEAL_PENDING: stock } };
    });

  it('determines exactly its capacity when overloaded (throughput = capacity, Poisson noise only)', () => {
    // 20,000 waiting, 3,650 a year, 30 days each: 300 heard at once, 10 determined a day.
    const s = appealsOnly(20000, 3650, 30);
    expect(compileScenario(s).tribunal?.hearings).toBe(300);
    for (const rep of [0, 1, 2]) {
      const end = last(run(s, rep));
      const determined = 20000 - end.appealPending;
      expect(end.finallyRefused + end.removals + end.absconded).toBe(determined);
      // Poisson(3,650): standard deviation about 60.
      expect(Math.abs(determined - 3650)).toBeLessThan(250);
    }
  });

  it('under capacity, every appeal is taken up at once and lasts meanDays on average (no queue)', () => {
    // 2,000 on appeal; room for 36,500 x 60 / 365 = 6,000 at once.
    const s = appealsOnly(2000, 36500, 60);
    const rows = run(s);
    // Exponential with mean 60 days: after 365 days about exp(-365/60) = 0.2% remain.
    expect(last(rows).appealPending).toBeLessThan(20);
    // After the first month (31 days): about exp(-31/60) = 60% remain.
    expect(Math.abs(rows[0].appealPending / 2000 - Math.exp(-31 / 60))).toBeLessThan(0.05);
  });

  it('takes appeals up in the order they were lodged (FIFO): the initial stock is heard before later appeals', () => {
    // Group A is always granted, group B always refused and returnable; everyone refused appeals,
    // every appeal is dismissed, and returnable people are removed at once. The initial stock on
    // appeal is half A, half B; appeals lodged during the run are all B. While the tribunal is still
    // hearing the initial stock, FIFO determines A and B equally (A stays finally refused, B is
    // removed); any order that let later appeals jump the queue would remove far more B.
    const s = derive('reference-r1', (x) => {
      x.horizonDays = 240;
      x.arrivals = { perYear: 3650, smallBoatShare: 1 };
      x.groups = {
        A: { share: 0.5, grantRate: 1, returnableFraction: 0, onwardReturnRate: 0, vulnerableShare: 0 },
        B: { share: 0.5, grantRate: 0, returnableFraction: 1, onwardReturnRate: 0, vulnerableShare: 0 },
      };
      x.decisions = { caseworkers: 1000, perCaseworkerPerMonth: 30.4375 };
      x.appeals = {
        appealRate: 1,
        meanDays: 10,
        allowedRate: 0,
        windowDays: 14,
        tribunal: { capacityPerYear: 3650 },
      };
      x.removals = { perYear: 1e7, costPerRemoval: 0 };
      x.absconding = { perYear: {} };
      x.initialStocks = { stages: { APPEAL_PENDING: 3000 } };
    });
    for (const rep of [0, 1]) {
      const end = last(run(s, rep));
      // About 2,300 determined by day 240, all from the initial stock (2,900 of it queued behind 100).
      expect(end.finallyRefused + end.removals).toBeGreaterThan(2000);
      expect(Math.abs(end.finallyRefused - end.removals) / (end.finallyRefused + end.removals)).toBeLessThan(
        0.1,
      );
    }
  });

  it('follows its capacity schedule', () => {
    const s = derive('reference-r1', (x) => {
      Object.assign(x, structuredClone(appealsOnly(20000, 1825, 30)));
      (x.appeals as { tribunal: unknown }).tribunal = {
        capacityPerYear: 1825,
        schedule: [{ from: '2025-07-02', capacityPerYear: 5475 }], // 5 a day, then 15 a day from day 182
      };
    });
    const end = last(run(s));
    const expected = 5 * 182 + 15 * 183;
    expect(Math.abs(20000 - end.appealPending - expected)).toBeLessThan(250);
  });

  it('leaves R1 and R2 without a tribunal limit (MODEL.md): their compiled config has none', () => {
    expect(compileScenario(loadScenario('reference-r1')).tribunal).toBeNull();
    expect(compileScenario(loadScenario('reference-r2')).tribunal).toBeNull();
  });
});

describe('hubs: initial stocks and absconding', () => {
  /** R2's hubs with people already in them at the start, no arrivals, stays longer than the run. */
  const hubStock = (inHub: number, abscondPerYear: number) =>
    derive('reference-r2', (x) => {
      x.horizonDays = 365;
      x.arrivals = { perYear: 0, smallBoatShare: 1 };
      const hubs = x.hubs as Record<string, unknown>;
      hubs.meanStayDays = 1e9;
      hubs.maxStayDays = 1e9;
      x.absconding = { perYear: { IN_HUB: abscondPerYear } };
      x.initialStocks = { stages: { IN_HUB: inHub } };
    });

  it('counts initial stocks in hubs: they hold places, cost hub nights and the excess waits for a transfer', () => {
    const rows = run(hubStock(1600, 0));
    const first = rows[0];
    expect(first.inHub).toBe(1500); // R2's 1,000 + 500 places
    expect(first.awaitingTransfer).toBe(100);
    expect(first.hotel + first.dispersal).toBe(100); // only those waiting are on UK support
    const end = last(rows);
    expect(end.inHub).toBe(1500);
    expect(end.costHubNights).toBeCloseTo(92 * end.daysInHub, 0);
    expect(end.daysInHub).toBeCloseTo(1500 * 365, 0);
  });

  it('IN_HUB absconding happens at the configured hazard and frees the place', () => {
    // 1,000 in hubs absconding at 0.5 a year: exp(-0.5) = 60.65% remain after a year.
    const s = hubStock(1000, 0.5);
    for (const rep of [0, 1, 2]) {
      const end = last(run(s, rep));
      expect(end.inHub + end.absconded).toBe(1000);
      // Binomial(1,000, 0.6065): standard deviation about 15.5.
      expect(Math.abs(end.inHub - 1000 * Math.exp(-0.5))).toBeLessThan(62);
      expect(end.costHubNights).toBeCloseTo(92 * end.daysInHub, 0);
    }
  });

  it('a place freed by an absconder goes to the next person waiting for a transfer', () => {
    // 1,700 start: 1,500 in hubs, 200 waiting. Absconding from hubs frees places for them.
    const s = derive('reference-r2', (x) => {
      Object.assign(x, structuredClone(hubStock(1700, 0.5)));
      x.startDate = '2024-01-01'; // hubs open on day 365 of R2: make them open from the start
      for (const site of Object.values((x.hubs as { sites: Record<string, { opensOn: string }> }).sites))
        site.opensOn = '2024-01-01';
    });
    const end = last(run(s));
    // About 1,500 x (1 - exp(-0.5)) = 590 abscond from the hubs, so all 200 waiting get a place.
    expect(end.absconded).toBeGreaterThan(300);
    expect(end.transfers).toBe(200);
    expect(end.inHub).toBe(1700 - end.absconded);
  });
});

describe('grant rates by calendar year', () => {
  it('grants at the rate of the year the decision is made', () => {
    const s = derive('reference-r1', (x) => {
      x.horizonDays = 730;
      x.groups = { A: { ...oneGroup(0.5).A, grantRateByYear: { '2025': 1, '2026': 0 } } };
      x.absconding = { perYear: {} };
    });
    const c = compileScenario(s);
    const rows = run(s);
    const endOf2025 = rows[c.reportDates.indexOf('2026-01-01')];
    expect(endOf2025.grants).toBe(endOf2025.decisions);
    const end = last(rows);
    expect(end.grants - end.appealsAllowed).toBe(endOf2025.grants); // 2026: granted on appeal only
    expect(end.decisions).toBeGreaterThan(endOf2025.decisions);
  });
});
