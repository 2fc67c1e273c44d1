import { describe, expect, it } from 'vitest';
import { loadScenario } from './catalogue.ts';
import { compileScenario } from './compile.ts';
import { erlangCWait } from './kernel.test.ts';
import { runReplication } from './model.ts';
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

describe('the model', () => {
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

  it('court orders pausing transfers mean fewer transfers', () => {
    const paused = derive('reference-r2', (s) => {
      (s.hubs as Record<string, unknown>).legalChallenges = { perYear: 6, meanPauseDays: 60 };
    });
    expect(last(run(paused)).transfers).toBeLessThan(last(run(loadScenario('reference-r2'))).transfers);
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
